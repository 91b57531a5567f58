"""The three colours (红黄绿): Yinchuan's thresholds on the lag behind 序时进度, with Ouhai's memory."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum

from pmtasks.errors import UsageError
from pmtasks.govern.pace import Progress, done_by, pace
from pmtasks.plan.model import Plan, ReportPolicy, Status, Task
from pmtasks.query import Dashboard, Tally, overdue


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


def task_colour(task: Task, day: date, policy: ReportPolicy) -> Colour | None:
    """The task's colour at the end of ``day``; None for a dropped task, green once it is done."""
    return _colour_of(task, day, policy, month_ends(day, policy.memory_months))


def task_colours(tasks: Iterable[Task], day: date, policy: ReportPolicy) -> list[Colour | None]:
    """:func:`task_colour` of each task, reading each task's log once (for thousands of tasks)."""
    ends = month_ends(day, policy.memory_months)
    return [_colour_of(task, day, policy, ends) for task in tasks]


def _colour_of(task: Task, day: date, policy: ReportPolicy, ends: Sequence[date]) -> Colour | None:
    """Green once done; else by the lag behind 序时进度, yellow at best when it was red at one of the
    month-ends ``ends`` (from its start on). The task's log is read once for all those days."""
    if task.status is Status.DROPPED:
        return None
    if done_by(task, day):
        return Colour.GREEN  # done by then: green whatever came before
    if overdue(task, day):
        return Colour.RED  # red whatever its log says
    log = Progress(task)

    def judge(at: date, lagged: bool) -> Colour:
        if log.done_by(at):
            return Colour.GREEN
        return colour(pace(task.start, task.due, at) - log.at(at), at > task.due, lagged, policy)

    now = judge(day, False)
    if now is not Colour.GREEN or log.done_by(day):
        return now  # the month-ends can only turn an open task's green to yellow
    lagged = any(judge(end, False) is Colour.RED for end in ends if end >= task.start)
    return judge(day, True) if lagged else now


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


def _counted(tally: Tally, found: Sequence[Colour | None]) -> Tally:
    red, yellow, green = (found.count(c) for c in ORDER)
    return replace(tally, red=red, yellow=yellow, green=green)


def with_colours(board: Dashboard, plan: Plan) -> Dashboard:
    """The dashboard with each business line's and the plan's colour counts at its date."""
    day, policy = board.as_of, plan.report
    found = [task_colours(line.tasks, day, policy) for line in plan.lines]
    lines = tuple(_counted(t, f) for t, f in zip(board.lines, found, strict=True))
    return replace(board, lines=lines, overall=_counted(board.overall, [c for f in found for c in f]))
