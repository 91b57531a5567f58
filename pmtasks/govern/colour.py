"""The three colours (红黄绿): Yinchuan's thresholds on the lag behind 序时进度, with Ouhai's memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum

from pmtasks.errors import UsageError
from pmtasks.govern.pace import done_by, pace, progress_at
from pmtasks.plan.model import Plan, ReportPolicy, Status, Task
from pmtasks.query import Dashboard, Tally


class Colour(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


ORDER = (Colour.RED, Colour.YELLOW, Colour.GREEN)


def colour(lag: int, overdue: bool, lagged_before: bool, policy: ReportPolicy) -> Colour:
    """Red: overdue, or more than ``policy.red`` points behind. Yellow: ``policy.yellow`` to ``policy.red``
    points behind, or on pace again after being red at a recent month-end (Ouhai). Green: otherwise."""
    if overdue or lag > policy.red:
        return Colour.RED
    if lag >= policy.yellow or lagged_before:
        return Colour.YELLOW
    return Colour.GREEN


def month_ends(day: date, months: int) -> list[date]:
    """The last ``months`` month-ends before ``day``'s month, newest first."""
    ends, first = [], day.replace(day=1)
    for _ in range(months):
        end = first - timedelta(days=1)
        ends.append(end)
        first = end.replace(day=1)
    return ends


def _judge(task: Task, day: date, policy: ReportPolicy, lagged: bool = False) -> Colour:
    if done_by(task, day):
        return Colour.GREEN
    return colour(pace(task.start, task.due, day) - progress_at(task, day), day > task.due, lagged, policy)


def task_colour(task: Task, day: date, policy: ReportPolicy) -> Colour | None:
    """The task's colour at the end of ``day``; None for a dropped task, green once it is done."""
    if task.status is Status.DROPPED:
        return None
    ends = [end for end in month_ends(day, policy.memory_months) if end >= task.start]
    lagged = any(_judge(task, end, policy) is Colour.RED for end in ends)
    return _judge(task, day, policy, lagged)


def parse_colours(names: Sequence[str]) -> tuple[Colour, ...]:
    """``red``, ``yellow``, ``green`` (or 红, 黄, 绿) as colours; UsageError for anything else."""
    aliases = {"红": Colour.RED, "黄": Colour.YELLOW, "绿": Colour.GREEN}
    found: list[Colour] = []
    for name in names:
        value = name.strip().lower()
        if value not in (*Colour, *aliases):
            raise UsageError(f"{name!r} is not a colour; use red, yellow or green", "colour")
        found.append(aliases.get(value) or Colour(value))
    return tuple(found)


def _counted(tally: Tally, tasks: Iterable[Task], day: date, policy: ReportPolicy) -> Tally:
    found = [task_colour(t, day, policy) for t in tasks]
    red, yellow, green = (found.count(c) for c in ORDER)
    return replace(tally, red=red, yellow=yellow, green=green)


def with_colours(board: Dashboard, plan: Plan) -> Dashboard:
    """The dashboard with each business line's and the plan's colour counts at its date."""
    day, policy = board.as_of, plan.report
    lines = tuple(_counted(t, line.tasks, day, policy) for t, line in zip(board.lines, plan.lines, strict=True))
    return replace(board, lines=lines, overall=_counted(board.overall, plan.tasks, day, policy))
