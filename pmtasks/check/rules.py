"""The rules ``pmtasks check`` applies: each a decorated function that yields findings about a plan.

Loader problems become findings of rule PMT001, so an invalid plan is reported in the same
formats as a late task. Nothing here does I/O.

To add a rule: write one function decorated with :func:`pmtasks.check.registry.rule`, add its
``fires/`` and ``quiet/`` examples under ``tests/examples/check/rules/CODE-NAME/``, and a row to
the README's rule table (a test says when the table lags).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from pmtasks.check.registry import Rule, Severity, all_rules, declare, rule, rule_by_code
from pmtasks.check.report import Finding, Report, problem_findings
from pmtasks.errors import Problem
from pmtasks.i18n import _
from pmtasks.plan.model import CheckPolicy, Loc, Plan, Status, Task
from pmtasks.query import at_risk, due_soon, expected_progress, natural_key, overdue

declare(
    Rule(
        "PMT001",
        "invalid-plan",
        Severity.ERROR,
        "A plan file does not load.",
        "Fix the file at the place shown; the message says what is wrong and how to fix it.",
    )
)


def _finding(code: str, task: Task, where: Loc, message: str, key: str = "") -> Finding:
    return Finding(
        where.path,
        where.line,
        where.col,
        code,
        rule_by_code(code).severity,
        message,
        task.id,
        task.title,
        key or task.id,
    )


def _days(n: int) -> str:
    return (_("{n} day") if n == 1 else _("{n} days")).format(n=n)


@rule(
    "PMT002",
    "overdue",
    Severity.ERROR,
    "An open task is past its due date.",
    "Finish the task and mark it done, drop it, or move its due date.",
    deadline=True,
)
def overdue_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if overdue(task, as_of):
            late = (as_of - task.due).days
            yield _finding(
                "PMT002",
                task,
                task.at("due"),
                _(
                    "was due {due} ({late} ago) and is {progress}% done; "
                    "finish it and run `pmtasks done {id}`, drop it, or move its due date"
                ).format(due=task.due, late=_days(late), progress=task.progress, id=task.id),
            )


@rule(
    "PMT003",
    "due-soon",
    Severity.WARNING,
    "An open task is due within the warning window.",
    "Make sure the task will be done by its due date, or move the date now.",
    deadline=True,
)
def due_soon_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if due_soon(task, as_of, policy.warn_days):
            left = (task.due - as_of).days
            when = _("today") if left == 0 else _("in {days}").format(days=_days(left))
            yield _finding(
                "PMT003",
                task,
                task.at("due"),
                _(
                    "is due {due} ({when}) and is {progress}% done; "
                    "make sure it will be finished, or move its due date now"
                ).format(due=task.due, when=when, progress=task.progress),
            )


@rule(
    "PMT004",
    "at-risk",
    Severity.WARNING,
    "A running task's progress is behind the elapsed share of its span by more than the threshold.",
    "Record the real progress, or plan how to catch up.",
    deadline=True,
)
def at_risk_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if at_risk(task, as_of, policy.at_risk_threshold):
            expected = expected_progress(task, as_of)
            yield _finding(
                "PMT004",
                task,
                task.at("progress"),
                _(
                    "is {progress}% done but {expected}% of its time ({start} to {due}) has passed, "
                    "more than {threshold} points behind; record its real progress or plan how to catch up"
                ).format(
                    progress=task.progress,
                    expected=expected,
                    start=task.start,
                    due=task.due,
                    threshold=policy.at_risk_threshold,
                ),
            )


@rule(
    "PMT005",
    "blocked",
    Severity.WARNING,
    "A task is blocked while its period is running.",
    "Remove the blocker or escalate it, then set the status back to doing.",
    deadline=True,
)
def blocked_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if task.status is Status.BLOCKED and as_of in task.period:
            yield _finding(
                "PMT005",
                task,
                task.at("status"),
                _("is blocked while its period {period} runs (until {end}); remove the blocker or escalate it").format(
                    period=task.period.label, end=task.period.end
                ),
            )


@rule(
    "PMT006",
    "starts-before-dependency",
    Severity.ERROR,
    "A task starts on or before the due date of a task it depends on.",
    "Start the task after its dependency is due, or bring the dependency's due date forward.",
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
                _(
                    "starts {start} but depends on {dep}, which is due {due}; "
                    "start it after {due}, or bring {dep}'s due date forward"
                ).format(start=task.start, dep=dep.id, due=dep.due),
                key=f"{task.id}>{dep.id}",
            )


@rule(
    "PMT007",
    "due-outside-period",
    Severity.WARNING,
    "A task's due date falls outside its period.",
    "Move the due date into the period, or move the task to the period it belongs to.",
)
def period_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if task.due not in task.period:
            period = task.period
            yield _finding(
                "PMT007",
                task,
                task.at("due"),
                _(
                    "is due {due}, outside its period {period} ({start} to {end}); move the due date into "
                    "the period, or move the task to the period it belongs to"
                ).format(due=task.due, period=period.label, start=period.start, end=period.end),
            )


def check_plan(plan: Plan, as_of: date, policy: CheckPolicy) -> Report:
    """Every registered rule the policy turns on, applied to ``plan`` at ``as_of``."""
    findings: list[Finding] = []
    for each in all_rules():
        if each.func is None or (each.deadline and policy.deadlines == "off"):
            continue
        findings += each.func(plan, as_of, policy)
    if policy.deadlines == "warn":
        findings = [f._replace(severity=Severity.WARNING) if f.code == "PMT002" else f for f in findings]
    return Report(as_of, policy, tuple(sort_findings(findings, plan)))


def check_problems(problems: Sequence[Problem], as_of: date, policy: CheckPolicy) -> Report:
    """The report for a plan that does not load: its problems, in file order."""
    return Report(as_of, policy, tuple(sorted(problem_findings(problems))))


def sort_findings(findings: Iterable[Finding], plan: Plan | None = None) -> list[Finding]:
    """In plan-file order (plan.yaml first), then line, column, rule and task ID."""
    order = {line.path: i for i, line in enumerate(plan.lines)} if plan else {}
    return sorted(
        findings,
        key=lambda f: (order.get(f.path, -1), f.path, f.line, f.col, f.code, natural_key(f.task_id or ""), f.key),
    )
