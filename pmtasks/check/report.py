"""What ``check`` reports: findings (plain data at a place in a plan file) and the report of a run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

from pmtasks.check.registry import Rule, Severity, rule_by_code
from pmtasks.errors import Problem
from pmtasks.i18n import _
from pmtasks.plan.model import CheckPolicy


class Finding(NamedTuple):
    """One thing ``check`` reports. ``key`` identifies it across edits (the task ID, at least).

    A named tuple, ordered by its fields in turn: a dataclass would compile ten generated methods
    each time ``check`` starts.
    """

    path: str
    line: int
    col: int
    code: str
    severity: Severity
    message: str
    task_id: str | None = None
    title: str | None = None
    key: str = ""

    @property
    def rule(self) -> Rule:
        return rule_by_code(self.code)

    def text(self, title: str | None = None) -> str:
        """The task's ID and title (``title`` when given, e.g. shortened), then the message."""
        if self.task_id is None:
            return self.message
        shown = self.title if title is None else title
        return f"{self.task_id} {shown}: {self.message}" if shown else f"{self.task_id} {self.message}"


@dataclass(frozen=True)
class Report:
    """The findings of one run of ``check``, in file order, with the policy they were judged by."""

    as_of: date
    policy: CheckPolicy
    findings: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    @property
    def failed(self) -> bool:
        return any(fails(f, self.policy) for f in self.findings)

    def rebased(self, where: Callable[[str], str]) -> Report:
        """The same report with each finding's path passed through ``where``."""
        return replace(self, findings=tuple(f._replace(path=where(f.path)) for f in self.findings))


def fails(finding: Finding, policy: CheckPolicy) -> bool:
    """True when ``finding`` is at or above the policy's failure level."""
    return policy.fail_on == "warning" or finding.severity is Severity.ERROR


def problem_findings(problems: Iterable[Problem]) -> list[Finding]:
    """Loader problems as PMT001 errors, the hint appended to the message."""
    return [
        Finding(
            p.path,
            p.line,
            p.col,
            "PMT001",
            Severity.ERROR,
            _("{message}; {hint}").format(message=p.message, hint=p.hint) if p.hint else p.message,
            key=f"{p.path}\n{p.message}",
        )
        for p in problems
    ]
