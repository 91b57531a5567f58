"""The rules ``pmtasks check`` applies: each a small function that yields findings about a plan.

A finding is plain data with a stable rule code, a severity and a place in a plan file.
Loader problems become findings of rule PMT001, so an invalid plan is reported in the same
formats as a late task. Nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from pmtasks.errors import Problem
from pmtasks.plan.model import CheckPolicy, Loc, Plan, Status, Task
from pmtasks.query import at_risk, due_soon, expected_progress, natural_key, overdue


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """A rule's stable code and name, its default severity, and what it is about."""

    code: str
    name: str
    severity: Severity
    summary: str
    help: str
    deadline: bool = False  # judged at the as-of date; `--deadlines off` skips it


RULES: tuple[Rule, ...] = (
    Rule(
        "PMT001",
        "invalid-plan",
        Severity.ERROR,
        "A plan file does not load.",
        "Fix the file at the place shown; the message says what is wrong and how to fix it.",
    ),
    Rule(
        "PMT002",
        "overdue",
        Severity.ERROR,
        "An open task is past its due date.",
        "Finish the task and mark it done, drop it, or move its due date.",
        deadline=True,
    ),
    Rule(
        "PMT003",
        "due-soon",
        Severity.WARNING,
        "An open task is due within the warning window.",
        "Make sure the task will be done by its due date, or move the date now.",
        deadline=True,
    ),
    Rule(
        "PMT004",
        "at-risk",
        Severity.WARNING,
        "A running task's progress is behind the elapsed share of its span by more than the threshold.",
        "Record the real progress, or plan how to catch up.",
        deadline=True,
    ),
    Rule(
        "PMT005",
        "blocked",
        Severity.WARNING,
        "A task is blocked while its period is running.",
        "Remove the blocker or escalate it, then set the status back to doing.",
        deadline=True,
    ),
    Rule(
        "PMT006",
        "starts-before-dependency",
        Severity.ERROR,
        "A task starts on or before the due date of a task it depends on.",
        "Start the task after its dependency is due, or bring the dependency's due date forward.",
    ),
    Rule(
        "PMT007",
        "due-outside-period",
        Severity.WARNING,
        "A task's due date falls outside its period.",
        "Move the due date into the period, or move the task to the period it belongs to.",
    ),
)
RULE_BY_CODE = {rule.code: rule for rule in RULES}


@dataclass(frozen=True, order=True)
class Finding:
    """One thing ``check`` reports. ``key`` identifies it across edits (the task ID, at least)."""

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
        return RULE_BY_CODE[self.code]

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
        return replace(self, findings=tuple(replace(f, path=where(f.path)) for f in self.findings))


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
            f"{p.message}; {p.hint}" if p.hint else p.message,
            key=f"{p.path}\n{p.message}",
        )
        for p in problems
    ]


def _finding(code: str, task: Task, where: Loc, message: str, key: str = "") -> Finding:
    rule = RULE_BY_CODE[code]
    return Finding(
        where.path,
        where.line,
        where.col,
        code,
        rule.severity,
        message,
        task.id,
        task.title,
        key or task.id,
    )


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def overdue_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if overdue(task, as_of):
            late = (as_of - task.due).days
            yield _finding(
                "PMT002",
                task,
                task.at("due"),
                f"was due {task.due} ({_days(late)} ago) and is {task.progress}% done; "
                f"finish it and run `pmtasks done {task.id}`, drop it, or move its due date",
            )


def due_soon_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if due_soon(task, as_of, policy.warn_days):
            left = (task.due - as_of).days
            when = "today" if left == 0 else f"in {_days(left)}"
            yield _finding(
                "PMT003",
                task,
                task.at("due"),
                f"is due {task.due} ({when}) and is {task.progress}% done; "
                "make sure it will be finished, or move its due date now",
            )


def at_risk_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if at_risk(task, as_of, policy.at_risk_threshold):
            expected = expected_progress(task, as_of)
            yield _finding(
                "PMT004",
                task,
                task.at("progress"),
                f"is {task.progress}% done but {expected}% of its time "
                f"({task.start} to {task.due}) has passed, more than {policy.at_risk_threshold} "
                f"points behind; record its real progress or plan how to catch up",
            )


def blocked_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if task.status is Status.BLOCKED and as_of in task.period:
            yield _finding(
                "PMT005",
                task,
                task.at("status"),
                f"is blocked while its period {task.period.label} runs (until {task.period.end}); "
                "remove the blocker or escalate it",
            )


def dependency_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    ids = {t.id.casefold(): t for t in plan.tasks}
    for task in plan.tasks:
        if task.status is Status.DROPPED:
            continue
        for dep_id in task.depends:
            dep = ids.get(dep_id.casefold())
            if dep is None or dep.status.closed or task.start > dep.due:
                continue
            yield _finding(
                "PMT006",
                task,
                task.at("start" if task.explicit_start else "depends"),
                f"starts {task.start} but depends on {dep.id}, which is due {dep.due}; "
                f"start it after {dep.due}, or bring {dep.id}'s due date forward",
                key=f"{task.id}>{dep.id}",
            )


def period_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if task.due not in task.period:
            period = task.period
            yield _finding(
                "PMT007",
                task,
                task.at("due"),
                f"is due {task.due}, outside its period {period.label} "
                f"({period.start} to {period.end}); move the due date into the period, "
                "or move the task to the period it belongs to",
            )


RuleFunc = Callable[[Plan, date, CheckPolicy], Iterator[Finding]]
RULE_FUNCS: dict[str, RuleFunc] = {
    "PMT002": overdue_rule,
    "PMT003": due_soon_rule,
    "PMT004": at_risk_rule,
    "PMT005": blocked_rule,
    "PMT006": dependency_rule,
    "PMT007": period_rule,
}


def check_plan(plan: Plan, as_of: date, policy: CheckPolicy) -> Report:
    """Every rule the policy turns on, applied to ``plan`` at ``as_of``."""
    findings: list[Finding] = []
    for code, func in RULE_FUNCS.items():
        if RULE_BY_CODE[code].deadline and policy.deadlines == "off":
            continue
        findings += func(plan, as_of, policy)
    if policy.deadlines == "warn":
        findings = [replace(f, severity=Severity.WARNING) if f.code == "PMT002" else f for f in findings]
    return Report(as_of, policy, tuple(sort_findings(findings, plan)))


def check_problems(problems: Sequence[Problem], as_of: date, policy: CheckPolicy) -> Report:
    """The report for a plan that does not load: its problems, in file order."""
    return Report(as_of, policy, tuple(sorted(problem_findings(problems))))


def sort_findings(findings: Iterable[Finding], plan: Plan | None = None) -> list[Finding]:
    """In plan-file order (plan.yaml first), then line, column, rule and task ID."""
    order = {line.path: i for i, line in enumerate(plan.lines)} if plan else {}
    return sorted(
        findings,
        key=lambda f: (
            order.get(f.path, -1),
            f.path,
            f.line,
            f.col,
            f.code,
            natural_key(f.task_id or ""),
            f.key,
        ),
    )


def policy_with(
    base: CheckPolicy,
    deadlines: str | None = None,
    fail_on: str | None = None,
    warn_days: int | None = None,
) -> CheckPolicy:
    """``base`` (from plan.yaml) with the command-line options that were given."""
    return CheckPolicy(
        deadlines=base.deadlines if deadlines is None else deadlines,
        fail_on=base.fail_on if fail_on is None else fail_on,
        warn_days=base.warn_days if warn_days is None else warn_days,
        at_risk_threshold=base.at_risk_threshold,
    )
