"""Check rule PMT008: a task whose dates were moved more often than plan.yaml's policy allows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pmtasks.check.registry import Severity, rule
from pmtasks.check.report import Finding
from pmtasks.check.rules import _finding
from pmtasks.i18n import _
from pmtasks.plan.model import CheckPolicy, Plan


@rule(
    "PMT008",
    "rescheduled-too-often",
    Severity.WARNING,
    "A task's dates were moved more times than plan.yaml's `reschedule: max` allows.",
    "Look at why the task keeps slipping: split it, re-plan it with its owner, or drop it.",
)
def reschedule_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    """Counted from the task's log: one per entry that moved its start or due date."""
    limit = plan.reschedule.max
    if limit is None:
        return
    for task in plan.tasks:
        moves = [e for e in task.log if e.rescheduled]
        if len(moves) > limit:
            dates = _(", ").join(e.date.isoformat() for e in moves)
            yield _finding(
                "PMT008",
                task,
                task.at("log"),
                _(
                    "was rescheduled {count} times ({dates}), more than the {limit} plan.yaml allows; "
                    "find out why it keeps slipping, and split, re-plan or drop it"
                ).format(count=len(moves), dates=dates, limit=limit),
            )
