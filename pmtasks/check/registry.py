"""The rule registry: each rule of ``pmtasks check`` is one decorated function.

The decorator records the rule's stable code and name, its default severity, what it is about
and how to fix what it finds. The runner, the SARIF rule list and the README's rule table (by a
test) all read this registry, so a rule is added in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from pmtasks.plan.model import CheckPolicy, Plan

if TYPE_CHECKING:
    from pmtasks.check.report import Finding


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


RuleFunc = Callable[[Plan, date, CheckPolicy], Iterator["Finding"]]


@dataclass(frozen=True)
class Rule:
    """A rule's stable code and name, its default severity, what it is about, how to fix it."""

    code: str
    name: str
    severity: Severity
    description: str
    fix: str
    deadline: bool = False  # judged at the as-of date; `--deadlines off` skips it
    func: RuleFunc | None = None  # None: its findings come from elsewhere (PMT001: the loader)


_RULES: dict[str, Rule] = {}


def declare(new: Rule) -> Rule:
    """Add ``new`` to the registry; a code or a name may be used once."""
    if new.code in _RULES or any(r.name == new.name for r in _RULES.values()):
        raise ValueError(f"rule {new.code} {new.name} is declared twice")
    _RULES[new.code] = new
    return new


def rule(
    code: str, name: str, severity: Severity, description: str, fix: str, *, deadline: bool = False
) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as the rule ``code``."""

    def register(func: RuleFunc) -> RuleFunc:
        declare(Rule(code, name, severity, description, fix, deadline, func))
        return func

    return register


def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order."""
    import pmtasks.check.ledger
    import pmtasks.check.money
    import pmtasks.check.reschedules
    import pmtasks.check.rules  # noqa: F401

    return tuple(sorted(_RULES.values(), key=lambda r: r.code))


def rule_by_code(code: str) -> Rule:
    return next(r for r in all_rules() if r.code == code)
