"""Reading the plan: the dashboard, a filtered and sorted task list, one task, the timeline's rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from pmtasks import query
from pmtasks.govern.colour import Colour, task_colours, with_colours
from pmtasks.plan.model import Plan, Task
from pmtasks.query import Dashboard, TaskFilter
from pmtasks.usecases.context import Request

if TYPE_CHECKING:  # the timeline's layout is imported by the timeline command only
    from pmtasks.timeline import By, Row


def status(request: Request) -> Dashboard:
    """The dashboard of the plan at the as-of date."""
    return status_and_plan(request)[0]


def status_and_plan(request: Request) -> tuple[Dashboard, Plan]:
    """The dashboard, and the plan it was drawn from (for the budget and KPI section)."""
    plan = request.load()
    return dashboard_of(request, plan), plan


def dashboard_of(request: Request, plan: Plan) -> Dashboard:
    """The dashboard of ``plan`` (already loaded) at the as-of date."""
    return with_colours(query.dashboard(plan, request.day(plan)), plan)


@dataclass(frozen=True)
class TaskList:
    tasks: list[Task]
    as_of: date
    soon_days: int  # the plan's due-soon window


def list_tasks(
    request: Request, chosen: TaskFilter, sort: str = "plan", reverse: bool = False, colours: Sequence[Colour] = ()
) -> TaskList:
    """The tasks ``chosen`` keeps (and, when ``colours`` are given, whose colour is one of them), in ``sort`` order."""
    plan = request.load()
    day = request.day(plan)
    tasks = chosen.select(plan, day)
    if colours:
        tasks = [t for t, c in zip(tasks, task_colours(tasks, day, plan.report), strict=True) if c in colours]
    return TaskList(query.sort_tasks(tasks, sort, reverse), day, plan.check.warn_days)


@dataclass(frozen=True)
class OneTask:
    plan: Plan
    task: Task
    as_of: date


def show(request: Request, task_id: str) -> OneTask:
    """The task with ``task_id`` (in any case) and the plan it belongs to."""
    plan = request.load()
    return OneTask(plan, query.task_by_id(plan, task_id), request.day(plan))


@dataclass(frozen=True)
class Timeline:
    """The rows to draw and the window to draw them in (the plan's year, widened to hold every bar)."""

    plan: Plan
    rows: list[Row]
    window: tuple[date, date]
    as_of: date


def timeline(
    request: Request,
    chosen: TaskFilter,
    by: By,
    window: tuple[date | None, date | None] | None = None,
) -> Timeline:
    """The rows for ``chosen`` grouped ``by``, in ``window`` (first and last day; None: the default)."""
    from pmtasks.timeline import default_window, rows

    plan = request.load()
    day = request.day(plan)
    found = rows(plan, chosen.select(plan, day), by, day)
    framed = default_window([r.item for r in found if r.item], plan.year, *(window or (None, None)))
    return Timeline(plan, found, framed, day)
