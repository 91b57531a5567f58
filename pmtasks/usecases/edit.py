"""Changing the plan: add, drop, reschedule, edit and move, each decided under the lock and logged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from pmtasks.git.repo import git_author
from pmtasks.plan.model import Plan
from pmtasks.usecases.context import Request
from pmtasks.write import field_edits, plan_commands
from pmtasks.write.field_edits import Changes
from pmtasks.write.plan_commands import NewDates, NewTask, Who
from pmtasks.write.plan_steps import Step
from pmtasks.write.transaction import Result, commit

Decide = Callable[[Plan, Who], Sequence[Step]]


def apply_edit(request: Request, decide: Decide, day: date | None = None, *, dry_run: bool = False) -> Result:
    """Decide the steps (the log dated ``day``, else the as-of date), then write them or show the diff."""
    folder = request.year_folder()
    author = git_author(folder)
    request.speak_plan_language()  # also for a refusal before the plan is read (a read-only file)

    def steps(plan: Plan) -> Sequence[Step]:
        return decide(plan, Who(day or request.day(plan), author))

    return commit(folder, steps, dry_run=dry_run, year_hint=request.year_hint)


def add(request: Request, ask: NewTask, goal: str | None, day: date | None, *, dry_run: bool = False) -> Result:
    """A new task in an existing period, or (with ``goal``) in a new period after the line's last."""
    if goal is not None:
        return apply_edit(
            request, lambda p, w: [plan_commands.add_to_new_period(p, ask, goal, w)], day, dry_run=dry_run
        )
    return apply_edit(request, lambda p, w: [plan_commands.add_task(p, ask, w)], day, dry_run=dry_run)


def drop(
    request: Request, ids: Sequence[str], reason: str | None, force: bool, day: date | None, *, dry_run: bool = False
) -> Result:
    return apply_edit(request, lambda p, w: plan_commands.drop(p, ids, reason, force, w), day, dry_run=dry_run)


def reschedule(request: Request, task_id: str, ask: NewDates, day: date | None, *, dry_run: bool = False) -> Result:
    return apply_edit(request, lambda p, w: [plan_commands.reschedule(p, task_id, ask, w)], day, dry_run=dry_run)


def edit(request: Request, task_id: str, ask: Changes, day: date | None, *, dry_run: bool = False) -> Result:
    return apply_edit(request, lambda p, w: [field_edits.edit(p, task_id, ask, w)], day, dry_run=dry_run)


def move(
    request: Request, ids: Sequence[str], period: str, line: str | None, track: str | None, *, dry_run: bool = False
) -> Result:
    return apply_edit(request, lambda p, w: plan_commands.move(p, ids, period, line, track), dry_run=dry_run)
