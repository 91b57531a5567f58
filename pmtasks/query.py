"""Questions asked of a plan at a date: what is overdue, due soon, at risk; filters; summaries."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from pmtasks.errors import UnknownTask, UsageError
from pmtasks.plan.model import Plan, Status, Task
from pmtasks.plan.periods import PeriodError, parse_period

SORT_KEYS = ("plan", "id", "due", "start", "progress", "status", "line", "owner")


def overdue(task: Task, as_of: date) -> bool:
    """Not done or dropped, and the due date has passed."""
    return not task.status.closed and as_of > task.due


def due_soon(task: Task, as_of: date, days: int) -> bool:
    """Open and due within ``days`` days from ``as_of`` (today included).

    The plan's due-soon window is ``plan.check.warn_days``: status, list, timeline and check all use it.
    """
    return not task.status.closed and as_of <= task.due <= as_of + timedelta(days=days)


def elapsed_percent(start: date, end: date, as_of: date) -> int:
    """The share of the span from ``start`` to ``end`` (both included) elapsed at ``as_of``, in %: 序时进度.

    0 before the start, 100 from the end on; rounded to a whole point, halves up (四舍五入).
    """
    if as_of < start:
        return 0
    span = (end - start).days + 1
    share = Decimal(100 * ((as_of - start).days + 1)) / span
    return min(100, int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def expected_progress(task: Task, as_of: date) -> int:
    """The share of the task's span (start to due, both included) elapsed at ``as_of``, in %."""
    return elapsed_percent(task.start, task.due, as_of)


def at_risk(task: Task, as_of: date, threshold: int) -> bool:
    """Open, running, and behind the elapsed share of its span by more than ``threshold`` points."""
    running = task.start <= as_of <= task.due
    return not task.status.closed and running and expected_progress(task, as_of) - task.progress > threshold


def natural_key(task_id: str) -> tuple[tuple[int, str | int], ...]:
    """Sort IDs the way people read them: IM-2 before IM-10."""
    return tuple((1, int(part)) if part.isdigit() else (0, part.casefold()) for part in _DIGITS.split(task_id) if part)


_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class TaskFilter:
    """The filters ``list`` and ``timeline`` share. Empty fields match everything."""

    lines: tuple[str, ...] = ()
    tracks: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    owners: tuple[str, ...] = ()
    overdue: bool = False
    due_soon: bool = False  # due within the plan's window, check.warn_days
    due_within: int | None = None
    search: str | None = None

    def select(self, plan: Plan, as_of: date) -> list[Task]:
        """The tasks matching at ``as_of``; UsageError for a line or track the plan does not have."""
        _known(
            "line",
            self.lines,
            {v for line in plan.lines for v in (line.name, line.code)},
            [f"{line.code} {line.name}" for line in plan.lines],
        )
        tracks = sorted({b.track for line in plan.lines for b in line.periods if b.track})
        _known("track", self.tracks, set(tracks), tracks)
        spans = [_period_span(p, plan) for p in self.periods]
        return [t for t in plan.tasks if self._keeps(t, plan, spans, as_of)]

    def _keeps(self, task: Task, plan: Plan, spans: Sequence[tuple[str, date, date]], as_of: date) -> bool:
        line_code = next(line.code for line in plan.lines if line.name == task.line)
        checks = (
            not self.lines or any(_same(v, task.line) or _same(v, line_code) for v in self.lines),
            not self.tracks or any(_same(v, task.track or "") for v in self.tracks),
            not spans
            or any(
                task.period.label == label or (task.start <= end and start <= task.due) for label, start, end in spans
            ),
            not self.statuses or task.status in self.statuses,
            not self.owners or any(_same(v, task.owner or "") for v in self.owners),
            not self.overdue or overdue(task, as_of),
            not self.due_soon or due_soon(task, as_of, plan.check.warn_days),
            self.due_within is None or due_soon(task, as_of, self.due_within),
            not self.search or _matches(self.search, task),
        )
        return all(checks)


def _known(subject: str, wanted: Iterable[str], known: set[str], choices: Sequence[str]) -> None:
    folded = {k.casefold() for k in known}
    for value in wanted:
        if value.strip().casefold() not in folded:
            listed = ", ".join(choices) if choices else "none"
            raise UsageError(f"{value!r} is not in the plan; it has: {listed}", subject)


def _same(wanted: str, value: str) -> bool:
    return wanted.strip().casefold() == value.casefold()


def _matches(text: str, task: Task) -> bool:
    needle = text.casefold()
    haystack = (task.id, task.title, task.owner or "", task.notes or "", task.track or "", task.line, *task.tags)
    return any(needle in h.casefold() for h in haystack)


def _period_span(value: str, plan: Plan) -> tuple[str, date, date]:
    labels = {b.period.label for line in plan.lines for b in line.periods}
    if value in labels:
        return value, date.max, date.min  # matches by label only
    try:
        period = parse_period(value, plan.year)
    except PeriodError as exc:
        message = f"{value!r}: {exc}; use a label from the plan or a form like Q2 or 3月"
        raise UsageError(message, "period") from None
    return value, period.start, period.end


def sort_tasks(tasks: Iterable[Task], key: str, reverse: bool = False) -> list[Task]:
    """Tasks ordered by ``key`` (one of SORT_KEYS), ties broken by ID; ``plan`` keeps file order."""
    items = list(tasks)
    if key == "plan":
        return items[::-1] if reverse else items
    keys = {
        "id": lambda t: natural_key(t.id),
        "due": lambda t: (t.due, natural_key(t.id)),
        "start": lambda t: (t.start, natural_key(t.id)),
        "progress": lambda t: (t.progress, natural_key(t.id)),
        "status": lambda t: (list(Status).index(t.status), natural_key(t.id)),
        "line": lambda t: (t.line, natural_key(t.id)),
        "owner": lambda t: (t.owner or "", natural_key(t.id)),
    }
    if key not in keys:
        raise UsageError(f"cannot sort by {key!r}; choose one of {', '.join(SORT_KEYS)}")
    return sorted(items, key=keys[key], reverse=reverse)


@dataclass(frozen=True)
class Tally:
    """Counts for a group of tasks at a date, as the status dashboard shows them."""

    name: str | None  # None for the whole plan
    total: int
    done: int
    doing: int
    blocked: int
    overdue: int
    due_soon: int
    percent: int
    red: int = 0  # the three colours (红黄绿) as of the date, filled in by pmtasks.govern.colour
    yellow: int = 0
    green: int = 0


def tally(name: str | None, tasks: Sequence[Task], as_of: date, days: int) -> Tally:
    """The dashboard's counts for ``tasks``; due soon means within ``days`` days."""
    return Tally(
        name,
        len(tasks),
        sum(t.status is Status.DONE for t in tasks),
        sum(t.status is Status.DOING for t in tasks),
        sum(t.status is Status.BLOCKED for t in tasks),
        sum(overdue(t, as_of) for t in tasks),
        sum(due_soon(t, as_of, days) for t in tasks),
        percent_complete(tasks),
    )


def percent_complete(tasks: Sequence[Task]) -> int:
    """The mean progress of the tasks that are not dropped (0 when none are left)."""
    live = [t for t in tasks if t.status is not Status.DROPPED]
    return round(sum(t.progress for t in live) / len(live)) if live else 0


@dataclass(frozen=True)
class Dashboard:
    title: str
    as_of: date
    soon_days: int  # the due-soon window the tallies count with
    lines: tuple[Tally, ...]
    overall: Tally
    overdue: tuple[Task, ...]


def dashboard(plan: Plan, as_of: date) -> Dashboard:
    days = plan.check.warn_days
    lines = tuple(tally(line.name, list(line.tasks), as_of, days) for line in plan.lines)
    tasks = list(plan.tasks)
    late = tuple(sorted((t for t in tasks if overdue(t, as_of)), key=lambda t: (t.due, natural_key(t.id))))
    return Dashboard(plan.title, as_of, days, lines, tally(None, tasks, as_of, days), late)


def task_by_id(plan: Plan, task_id: str) -> Task:
    """The task with this ID (in any case), or UnknownTask naming the closest IDs."""
    task = plan.find(task_id)
    if task is None:
        raise UnknownTask(task_id, suggest_ids(plan, task_id))
    return task


def suggest_ids(plan: Plan, wanted: str, n: int = 3) -> list[str]:
    """The IDs closest to ``wanted``, for "did you mean" hints."""
    import difflib

    ids = [t.id for t in plan.tasks]
    by_fold = {i.casefold(): i for i in ids}
    close = difflib.get_close_matches(wanted.casefold(), list(by_fold), n=n, cutoff=0.5)
    return [by_fold[c] for c in close]
