"""The report's sections, one small function each: plain data in, plain data out.

Every judgement is made at the end of the window (:attr:`Scope.day`), from the tasks' dates and
logs: a task is done in the window when its log says it was finished then, and its progress at a
day is the last progress its log records by then.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from pmtasks.govern.colour import ORDER, Colour, colour, task_colour
from pmtasks.govern.ontime import on_time, rate
from pmtasks.govern.pace import done_by, done_on, mean, pace, progress_at
from pmtasks.govern.redblack import Standing, force_majeure, ranked, red_black, standing
from pmtasks.govern.window import Window, following
from pmtasks.plan.model import PeriodBlock, Plan, ReportPolicy, Status, Task

GANTT_LIMIT = 60


@dataclass(frozen=True)
class Scope:
    """What a report looks at: the plan, the tasks its filters keep, the window and the as-of date."""

    plan: Plan
    tasks: tuple[Task, ...]
    window: Window
    as_of: date

    @property
    def day(self) -> date:
        return self.window.end

    @property
    def policy(self) -> ReportPolicy:
        return self.plan.report

    @property
    def live(self) -> list[Task]:
        return [t for t in self.tasks if t.status is not Status.DROPPED]

    def colour(self, task: Task) -> Colour | None:
        return task_colour(task, self.day, self.policy)


def due_in(scope: Scope, tasks: Sequence[Task]) -> list[Task]:
    return [t for t in tasks if t.status is not Status.DROPPED and t.due in scope.window]


def late_at(task: Task, day: date) -> bool:
    return task.status is not Status.DROPPED and day > task.due and not done_by(task, day)


@dataclass(frozen=True)
class Headline:
    due: int
    done: int
    on_time: int
    on_time_rate: Decimal | None
    overdue: int
    newly_overdue: int
    colours: dict[Colour, int]


def headline(scope: Scope) -> Headline:
    due = due_in(scope, scope.tasks)
    late = [t for t in scope.live if late_at(t, scope.day)]
    on = sum(on_time(t) for t in due)
    return Headline(
        due=len(due),
        done=sum((d := done_on(t)) is not None and d in scope.window for t in scope.live),
        on_time=on,
        on_time_rate=rate(on, len(due)),
        overdue=len(late),
        newly_overdue=sum(t.due >= scope.window.start for t in late),
        colours=colour_counts(scope, scope.live),
    )


def colour_counts(scope: Scope, tasks: Sequence[Task]) -> dict[Colour, int]:
    found = [scope.colour(t) for t in tasks]
    return {c: found.count(c) for c in ORDER}


@dataclass(frozen=True)
class Row:
    """One business line or owner in the window."""

    standing: Standing
    code: str | None
    done: int
    progress: Decimal | None
    pace: Decimal | None
    colour: Colour | None
    colours: dict[Colour, int]


def _standing(scope: Scope, unit: str, tasks: Sequence[Task]) -> Standing:
    live = [t for t in tasks if t.status is not Status.DROPPED]
    due = due_in(scope, live)
    missed = [t for t in due if not on_time(t)]
    exempt = [t.id for t in missed if force_majeure(t, scope.day, scope.policy.force_majeure)]
    green = sum(scope.colour(t) is Colour.GREEN for t in live)
    return standing(unit, len(live), len(due), green, [t.id for t in missed], exempt, scope.policy)


def _row(scope: Scope, standing: Standing, code: str | None, tasks: Sequence[Task]) -> Row:
    live = [t for t in tasks if t.status is not Status.DROPPED]
    progress = mean([progress_at(t, scope.day) for t in live])
    expected = mean([pace(t.start, t.due, scope.day) for t in live])
    shade = None
    if progress is not None and expected is not None:
        shade = colour(int((expected - progress).to_integral_value()), False, False, scope.policy)
    done = sum(done_by(t, scope.day) for t in live)
    return Row(standing, code, done, progress, expected, shade, colour_counts(scope, live))


def _groups(scope: Scope, key: Callable[[Task], str | None]) -> dict[str, list[Task]]:
    groups: dict[str, list[Task]] = {}
    for task in scope.tasks:
        name = key(task)
        if name is not None:
            groups.setdefault(name, []).append(task)
    return groups


def unit_rows(scope: Scope, by: str) -> list[Row]:
    """The line table (``by="line"``, in plan order) or the owner table (``by="owner"``, by rank)."""
    groups = _groups(scope, (lambda t: t.line) if by == "line" else (lambda t: t.owner))
    ranks = {s.unit: s for s in ranked([_standing(scope, name, tasks) for name, tasks in groups.items()])}
    codes = {line.name: line.code for line in scope.plan.lines}
    rows = [
        _row(scope, ranks[name], codes.get(name) if by == "line" else None, tasks) for name, tasks in groups.items()
    ]
    return rows if by == "line" else sorted(rows, key=lambda r: (r.standing.rank, r.standing.unit))


@dataclass(frozen=True)
class RedItem:
    task: Task
    progress: int
    pace: int
    days_late: int | None
    reason: str | None
    who: str | None
    action: str  # overdue | behind


def red_items(scope: Scope) -> list[RedItem]:
    """The tasks red at the window's end, most overdue and then furthest behind first."""
    items = []
    for task in scope.live:
        if scope.colour(task) is not Colour.RED:
            continue
        progress, expected = progress_at(task, scope.day), pace(task.start, task.due, scope.day)
        late = (scope.day - task.due).days if scope.day > task.due else None
        notes = [e for e in task.log if e.note and e.date <= scope.day]
        last = max(notes, key=lambda e: e.date) if notes else None
        action = "overdue" if late is not None else "behind"
        items.append(
            RedItem(task, progress, expected, late, last.note if last else None, last.author if last else None, action)
        )
    return sorted(items, key=lambda i: (-(i.days_late or 0), i.progress - i.pace))


@dataclass(frozen=True)
class DueItem:
    task: Task
    progress: int
    colour: Colour | None


def coming_due(scope: Scope) -> tuple[Window, list[DueItem]]:
    """Open tasks due in the next window (next week, month or quarter), soonest first."""
    ahead = following(scope.window)
    due = [t for t in scope.live if t.due in ahead and not done_by(t, scope.as_of)]
    items = [DueItem(t, progress_at(t, scope.as_of), task_colour(t, scope.as_of, scope.policy)) for t in due]
    return ahead, sorted(items, key=lambda i: (i.task.due, i.task.id))


@dataclass(frozen=True)
class GoalItem:
    line: str
    block: PeriodBlock
    tasks: int
    done: int
    verdict: str  # done | partly | not done


def goals(scope: Scope) -> list[GoalItem]:
    """Each period (完成时限) that ended in the window, against its goal (任务目标)."""
    kept = {t.id for t in scope.live}
    items = []
    for line in scope.plan.lines:
        for block in line.periods:
            tasks = [t for t in block.tasks if t.id in kept]
            if not tasks or block.period.end not in scope.window:
                continue
            done = sum(done_by(t, scope.day) for t in tasks)
            started = done or any(progress_at(t, scope.day) > 0 for t in tasks)
            verdict = "done" if done == len(tasks) else "partly" if started else "not done"
            items.append(GoalItem(line.name, block, len(tasks), done, verdict))
    return items


@dataclass(frozen=True)
class RedBlack:
    unit: str  # owner | line
    standings: tuple[Standing, ...]
    red: tuple[Standing, ...]
    black: tuple[Standing, ...]


def red_black_list(scope: Scope) -> RedBlack:
    """Owners are ranked when any task has one; otherwise business lines."""
    by = "owner" if any(t.owner for t in scope.tasks) else "line"
    groups = _groups(scope, (lambda t: t.owner) if by == "owner" else (lambda t: t.line))
    standings = ranked([_standing(scope, name, tasks) for name, tasks in groups.items()])
    red, black = red_black(standings, scope.policy)
    return RedBlack(by, tuple(standings), tuple(red), tuple(black))


@dataclass(frozen=True)
class TrendPoint:
    day: date
    progress: Decimal | None
    pace: Decimal | None


def trend_days(window: Window) -> list[date]:
    """Eight week-ends up to a weekly window's end; month-ends from January for the others."""
    if window.kind == "weekly":
        return [window.end - timedelta(weeks=n) for n in range(7, -1, -1)]
    days, first = [], date(window.end.year, 1, 1)
    while first <= window.end:
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        days.append(min(nxt - timedelta(days=1), window.end))
        first = nxt
    return days


def trend(scope: Scope) -> list[TrendPoint]:
    """Mean progress against mean 序时进度 of the live tasks at each point."""
    live = scope.live
    return [
        TrendPoint(d, mean([progress_at(t, d) for t in live]), mean([pace(t.start, t.due, d) for t in live]))
        for d in trend_days(scope.window)
    ]


@dataclass(frozen=True)
class GanttItem:
    task: Task
    progress: int
    colour: Colour | None


def gantt(scope: Scope) -> tuple[list[GanttItem], int]:
    """The tasks whose span touches the window, in plan order; at most GANTT_LIMIT, and how many more."""
    w = scope.window
    shown = [t for t in scope.tasks if t.start <= w.end and t.due >= w.start]
    items = [GanttItem(t, progress_at(t, scope.day), scope.colour(t)) for t in shown[:GANTT_LIMIT]]
    return items, max(0, len(shown) - GANTT_LIMIT)


@dataclass(frozen=True)
class TaskState:
    task: Task
    progress: int
    pace: int
    colour: Colour | None


def task_states(scope: Scope) -> list[TaskState]:
    """Every task in scope at the window's end, in plan order: the figures behind the counts."""
    return [
        TaskState(t, progress_at(t, scope.day), pace(t.start, t.due, scope.day), scope.colour(t)) for t in scope.tasks
    ]
