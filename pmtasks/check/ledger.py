"""The rules ``pmtasks check`` applies to the ledgers: each a small function yielding findings.

Each rule is declared in the check registry (:mod:`pmtasks.check.registry`) with its stable code,
name, severity, description and fix, so the SARIF rule list and the README's rule table know it,
and has one function ``(facts, as_of, policy) -> findings``; the registry's plan runner does not
call it (it needs the ledgers), :func:`check_ledgers` does. Nothing here does I/O: whether a commit
or a path given as evidence exists is found out by the caller (:mod:`pmtasks.git.evidence`) and
handed in with the facts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from pmtasks.check.registry import Rule, Severity, declare
from pmtasks.check.report import Finding
from pmtasks.i18n import _
from pmtasks.plan.model import CheckPolicy, Loc, Plan

if TYPE_CHECKING:  # the ledger model is imported when there are ledgers to check: `check` registers these rules always
    from pmtasks.ledger.model import Book, Item, State

LEDGER_OVERDUE = declare(
    Rule(
        "PMT101",
        "ledger-overdue",
        Severity.ERROR,
        "An open decision or rectification item is past its due date.",
        "Finish it and run `pmtasks ledger done ID --evidence …`, or agree a new due date and record why.",
        deadline=True,
    )
)
DONE_WITHOUT_EVIDENCE = declare(
    Rule(
        "PMT102",
        "done-without-evidence",
        Severity.ERROR,
        "A ledger item is done or verified but lists no evidence (the file was edited by hand).",
        "Add the commit, file or URL that shows it is done under `evidence:`, or set the status back.",
    )
)
VERIFIED_BY_OWNER = declare(
    Rule(
        "PMT103",
        "verified-by-owner",
        Severity.ERROR,
        "A ledger item is verified by its own owner; sign-off (销号) must come from someone else.",
        "Remove `verified_by` and `verified_on`; someone other than the owner runs `pmtasks ledger verify ID`.",
    )
)
EVIDENCE_UNRESOLVED = declare(
    Rule(
        "PMT104",
        "evidence-unresolved",
        Severity.ERROR,
        "A ledger item's evidence names a commit that is not in the repository or a path missing at HEAD.",
        "Correct the commit hash or the path (paths are relative to the repository root), or commit the file.",
    )
)
UNKNOWN_TASK = declare(
    Rule(
        "PMT105",
        "unknown-linked-task",
        Severity.ERROR,
        "A ledger item links a task ID the plan does not have.",
        "Correct the ID under `tasks:` (`pmtasks list` shows every task ID), or remove it.",
    )
)
AWAITING_VERIFICATION = declare(
    Rule(
        "PMT106",
        "awaiting-verification",
        Severity.WARNING,
        "A ledger item has been done for more than the policy's verify_days but nobody has verified it.",
        "Someone other than the owner checks the evidence and runs `pmtasks ledger verify ID`.",
        deadline=True,
    )
)
LEDGER_RULES: tuple[Rule, ...] = (
    LEDGER_OVERDUE,
    DONE_WITHOUT_EVIDENCE,
    VERIFIED_BY_OWNER,
    EVIDENCE_UNRESOLVED,
    UNKNOWN_TASK,
    AWAITING_VERIFICATION,
)


@dataclass(frozen=True)
class LedgerFacts:
    """What the ledger rules look at: the plan, its ledgers, and the evidence that does not resolve."""

    plan: Plan
    book: Book
    unresolved: Mapping[str, str] = field(default_factory=dict)  # evidence → why it does not resolve


def _finding(rule: Rule, item: Item, where: Loc, message: str, key: str = "") -> Finding:
    return Finding(
        where.path, where.line, where.col, rule.code, rule.severity, message, item.id, item.title, key or item.id
    )


def _days(n: int) -> str:
    return (_("{n} day") if n == 1 else _("{n} days")).format(n=n)


def _state(state: State) -> str:
    from pmtasks.ledger.model import state_name  # the ledger model loads only when there are ledgers

    return state_name(state)


def ledger_overdue_rule(facts: LedgerFacts, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for item in facts.book.items:
        if item.overdue(as_of):
            yield _finding(
                LEDGER_OVERDUE,
                item,
                item.at("due"),
                _(
                    "was due {due} ({late} ago) and is {state}; owner {owner}. "
                    "Finish it and run `pmtasks ledger done {id} --evidence …`"
                ).format(
                    due=item.due,
                    late=_days((as_of - item.due).days),
                    state=_state(item.state),
                    owner=item.owner,
                    id=item.id,
                ),
            )


def done_without_evidence_rule(facts: LedgerFacts, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    from pmtasks.ledger.model import State

    for item in facts.book.items:
        if item.state in (State.DONE, State.VERIFIED) and not item.evidence:
            yield _finding(
                DONE_WITHOUT_EVIDENCE,
                item,
                item.at("status"),
                _(
                    "is {state} but lists no evidence; add the commit, file or URL that shows it under `evidence:`"
                ).format(state=_state(item.state)),
            )


def verified_by_owner_rule(facts: LedgerFacts, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    from pmtasks.ledger.edits import same_person

    for item in facts.book.items:
        if item.verified_by is not None and same_person(item.verified_by, item.owner):
            yield _finding(
                VERIFIED_BY_OWNER,
                item,
                item.at("verified_by"),
                _("is verified by its owner {owner}; sign-off must come from someone else").format(
                    owner=item.verified_by
                ),
            )


def evidence_rule(facts: LedgerFacts, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for item in facts.book.items:
        for evidence in item.evidence:
            if evidence in facts.unresolved:
                yield _finding(
                    EVIDENCE_UNRESOLVED,
                    item,
                    item.at("evidence"),
                    _("evidence does not resolve: {reason}").format(reason=facts.unresolved[evidence]),
                    key=f"{item.id}>{evidence}",
                )


def unknown_task_rule(facts: LedgerFacts, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for item in facts.book.items:
        for task_id in item.tasks:
            if facts.plan.find(task_id) is None:
                yield _finding(
                    UNKNOWN_TASK,
                    item,
                    item.at("tasks"),
                    _("links task {id}, which is not in the plan; `pmtasks list` shows every task ID").format(
                        id=task_id
                    ),
                    key=f"{item.id}>{task_id}",
                )


def awaiting_verification_rule(facts: LedgerFacts, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    from pmtasks.ledger.model import State

    for item in facts.book.items:
        done_on = item.done_on()
        if item.state is State.DONE and done_on is not None and (as_of - done_on).days > policy.verify_days:
            yield _finding(
                AWAITING_VERIFICATION,
                item,
                item.at("status"),
                _(
                    "has been done since {done_on} ({days}, more than {limit}) and is not verified; "
                    "someone other than {owner} runs `pmtasks ledger verify {id}`"
                ).format(
                    done_on=done_on,
                    days=_days((as_of - done_on).days),
                    limit=policy.verify_days,
                    owner=item.owner,
                    id=item.id,
                ),
            )


LedgerRuleFunc = Callable[[LedgerFacts, date, CheckPolicy], Iterator[Finding]]
LEDGER_RULE_FUNCS: dict[str, LedgerRuleFunc] = {
    "PMT101": ledger_overdue_rule,
    "PMT102": done_without_evidence_rule,
    "PMT103": verified_by_owner_rule,
    "PMT104": evidence_rule,
    "PMT105": unknown_task_rule,
    "PMT106": awaiting_verification_rule,
}


def check_ledgers(facts: LedgerFacts, as_of: date, policy: CheckPolicy) -> list[Finding]:
    """Every ledger rule the policy turns on, in file order; ``deadlines: warn`` makes PMT101 a warning."""
    by_code = {rule.code: rule for rule in LEDGER_RULES}
    findings: list[Finding] = []
    for code, func in LEDGER_RULE_FUNCS.items():
        if by_code[code].deadline and policy.deadlines == "off":
            continue
        findings += func(facts, as_of, policy)
    if policy.deadlines == "warn":
        findings = [f._replace(severity=Severity.WARNING) if f.code == "PMT101" else f for f in findings]
    return sorted(findings, key=lambda f: (f.path, f.line, f.col, f.code, f.key))
