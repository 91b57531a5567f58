"""Questions asked of a plan at a date: what is overdue, due soon, at risk; filters; summaries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
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
    elapsed = (as_of - start).days + 1
    if span > 0:  # whole numbers: floor(100·elapsed/span + ½), the same rounding without a Decimal
        return min(100, (200 * elapsed + span) // (2 * span))
    share = Decimal(100 * elapsed) / span
    return min(100, int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def expected_progress(task: Task, as_of: date) -> int:
    """The share of the task's span (start to due, both included) elapsed at ``as_of``, in %."""
    return elapsed_percent(task.start, task.due, as_of)


def at_risk(task: Task, as_of: date, threshold: int) -> bool:
    """Open, running, and behind the elapsed share of its span by more than ``threshold`` points."""
    running = task.start <= as_of <= task.due
    return not task.status.closed and running and expected_progress(task, as_of) - task.progress > threshold


def natural_key(task_id: str) -> tuple[int | str, ...]:
    """Sort IDs the way people read them: IM-2 before IM-10.

    Each run of digits counts as a number, each other run as case-folded text: ``IM-10`` is
    ``(0, "im-", 1, 10)``, a tag before each part so that a text and a number never meet. The key
    is flat, not a tuple of pairs, so that sorting thousands of IDs compares one tuple each.
    """
    key: list[int | str] = []
    text = True  # the split alternates: text, digits, text, …
    for part in _DIGITS.split(task_id):
        if part:
            key += (0, part.casefold()) if text else (1, int(part))
        text = not text
    return tuple(key)


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
        tests = self._tests(plan, spans, as_of)
        # A search reads only the tasks it finds from the cache; the other tests then look at those.
        tasks = plan.search(self.search.casefold()) if self.search else plan.tasks
        if not tests:
            return list(tasks)
        first, *rest = tests  # most lists filter by one thing: no generator per task for it
        return [t for t in tasks if first(t) and all(keeps(t) for keeps in rest)]

    def _tests(self, plan: Plan, spans: Sequence[tuple[str, date, date]], as_of: date) -> list[Callable[[Task], bool]]:
        """One test for each filter that is set; a task is kept when it passes them all."""
        tests: list[Callable[[Task], bool]] = []
        if self.lines:
            lines = _folded(self.lines)
            codes = {line.name: line.code.casefold() for line in plan.lines}
            tests.append(lambda t: t.line.casefold() in lines or codes[t.line] in lines)
        if self.tracks:
            tracks = _folded(self.tracks)
            tests.append(lambda t: (t.track or "").casefold() in tracks)
        if spans:
            tests.append(lambda t: _in_periods(t, spans))
        if self.statuses:
            statuses = set(self.statuses)
            tests.append(lambda t: t.status in statuses)
        if self.owners:
            owners = _folded(self.owners)
            tests.append(lambda t: (t.owner or "").casefold() in owners)
        if self.overdue:
            tests.append(lambda t: overdue(t, as_of))
        if self.due_soon:
            window = plan.check.warn_days
            tests.append(lambda t: due_soon(t, as_of, window))
        if self.due_within is not None:
            within = self.due_within
            tests.append(lambda t: due_soon(t, as_of, within))
        return tests  # and the search, which picks the tasks these look at (see select)


def _known(subject: str, wanted: Iterable[str], known: set[str], choices: Sequence[str]) -> None:
    folded = {k.casefold() for k in known}
    for value in wanted:
        if value.strip().casefold() not in folded:
            listed = ", ".join(choices) if choices else "none"
            raise UsageError(f"{value!r} is not in the plan; it has: {listed}", subject)


def _in_periods(task: Task, spans: Sequence[tuple[str, date, date]]) -> bool:
    """In a period named by its label, or overlapping one of the spans."""
    return any(task.period.label == label or (task.start <= end and start <= task.due) for label, start, end in spans)


def _folded(wanted: Iterable[str]) -> set[str]:
    """What a filter's values match: a task's value equal to one of them, trimmed and without regard to case."""
    return {v.strip().casefold() for v in wanted}


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
    if key == "due":
        return by_due(items, reverse)
    keys = {
        "id": lambda t: natural_key(t.id),
        "start": lambda t: (t.start, natural_key(t.id)),
        "progress": lambda t: (t.progress, natural_key(t.id)),
        "status": lambda t: (list(Status).index(t.status), natural_key(t.id)),
        "line": lambda t: (t.line, natural_key(t.id)),
        "owner": lambda t: (t.owner or "", natural_key(t.id)),
    }
    if key not in keys:
        raise UsageError(f"cannot sort by {key!r}; choose one of {', '.join(SORT_KEYS)}")
    return sorted(items, key=keys[key], reverse=reverse)


def by_due(tasks: Iterable[Task], reverse: bool = False) -> list[Task]:
    """Tasks by due date, ties by ID as people read them; the order of ``sorted`` on both, stable.

    A plan has a few dozen distinct due dates and thousands of tasks: the tasks are grouped by
    date and only each group is sorted by ID, which takes half the time of one sort on both keys.
    """
    groups: dict[date, list[Task]] = {}
    for task in tasks:
        groups.setdefault(task.due, []).append(task)
    ordered: list[Task] = []
    for due in sorted(groups, reverse=reverse):
        group = groups[due]
        group.sort(key=lambda t: natural_key(t.id), reverse=reverse)
        ordered += group
    return ordered


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


def tally(name: str | None, tasks: Iterable[Task], as_of: date, days: int) -> Tally:
    """The dashboard's counts for ``tasks``; due soon means within ``days`` days."""
    return _Counter(as_of, days).add(tasks).tally(name)


def percent_complete(tasks: Sequence[Task]) -> int:
    """The mean progress of the tasks that are not dropped (0 when none are left)."""
    live = [t for t in tasks if t.status is not Status.DROPPED]
    return _mean_progress(sum(t.progress for t in live), len(live))


def _mean_progress(progress: int, live: int) -> int:
    return round(progress / live) if live else 0


class _Counter:
    """A tally's counts, gathered in one pass over the tasks; counters add up to the whole plan's."""

    def __init__(self, as_of: date, days: int) -> None:
        self.as_of, self.days = as_of, days
        self.statuses = dict.fromkeys(Status, 0)
        self.due_soon = self.progress = 0
        self.late: list[Task] = []  # the overdue tasks, in plan order

    def add(self, tasks: Iterable[Task]) -> _Counter:
        as_of, statuses = self.as_of, self.statuses
        soon = as_of + timedelta(days=self.days)  # overdue and due_soon, inlined: this runs per task
        due = progress = 0
        late = self.late
        for task in tasks:
            status = task.status
            statuses[status] += 1
            if status is Status.DROPPED:
                continue
            progress += task.progress
            if status is not Status.DONE:
                if as_of > task.due:
                    late.append(task)
                elif task.due <= soon:
                    due += 1
        self.due_soon += due
        self.progress += progress
        return self

    def __iadd__(self, other: _Counter) -> _Counter:
        for status, count in other.statuses.items():
            self.statuses[status] += count
        self.late += other.late
        self.due_soon += other.due_soon
        self.progress += other.progress
        return self

    def tally(self, name: str | None) -> Tally:
        n = self.statuses
        live = sum(n.values()) - n[Status.DROPPED]
        return Tally(
            name,
            sum(n.values()),
            n[Status.DONE],
            n[Status.DOING],
            n[Status.BLOCKED],
            len(self.late),
            self.due_soon,
            _mean_progress(self.progress, live),
        )


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
    counters = [_Counter(as_of, days).add(line.tasks) for line in plan.lines]
    whole = _Counter(as_of, days)
    for counter in counters:
        whole += counter
    lines = tuple(counter.tally(line.name) for counter, line in zip(counters, plan.lines, strict=True))
    late = by_due(whole.late)
    return Dashboard(plan.title, as_of, days, lines, whole.tally(None), tuple(late))


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
