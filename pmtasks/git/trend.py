"""Progress over time: the plan sampled every week or month, actual progress against 序时进度.

At each point the plan is the one of the last commit at or before that day
(:meth:`pmtasks.git.history.History.plan_as_of`), judged as of that day:

- actual progress: the mean progress of the tasks that are not dropped, rounded, exactly as
  ``status`` computes it (:func:`pmtasks.query.percent_complete`);
- expected progress (序时进度): the elapsed share of each of the same tasks' span (start to due,
  both days included) at that day (:func:`pmtasks.query.expected_progress`), averaged the same way;
- done: tasks whose status is done; overdue: open tasks past their due date at that day.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from pmtasks.errors import UsageError
from pmtasks.git.history import Commit, History
from pmtasks.plan.model import Status, Task
from pmtasks.query import expected_progress, overdue, percent_complete

NO_OWNER = "(no owner)"


class Every(StrEnum):
    week = "week"
    month = "month"


class By(StrEnum):
    none = "none"
    line = "line"
    owner = "owner"
    period = "period"


@dataclass(frozen=True)
class Sample:
    """One group of tasks at one point."""

    name: str
    total: int
    actual: int  # mean progress, %
    expected: int  # mean 序时进度, %
    done: int
    overdue: int


@dataclass(frozen=True)
class Point:
    day: date
    commit: Commit  # the last commit at or before ``day``
    overall: Sample
    groups: tuple[Sample, ...] = ()  # one per group, when the trend is grouped


@dataclass(frozen=True)
class Trend:
    every: Every
    by: By
    start: date
    end: date
    points: tuple[Point, ...]
    groups: tuple[str, ...]  # the group names, in a stable order

    def series(self, group: str | None = None) -> list[tuple[date, Sample]]:
        """The samples of one group (None: overall), point by point; a point without it is left out."""
        out = []
        for point in self.points:
            sample = point.overall if group is None else next((g for g in point.groups if g.name == group), None)
            if sample is not None:
                out.append((point.day, sample))
        return out


def sample_days(start: date, end: date, every: Every) -> list[date]:
    """The ends of the weeks (Sundays) or months between ``start`` and ``end``, and ``end`` itself."""
    if end < start:
        raise UsageError(f"the trend ends ({end}) before it starts ({start}); give an end date on or after it")
    days = []
    day = _period_end(start, every)
    while day < end:
        days.append(day)
        day = _period_end(day + timedelta(days=1), every)
    return [*days, end]


def _period_end(day: date, every: Every) -> date:
    if every is Every.week:
        return day + timedelta(days=6 - day.weekday())
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def sample(name: str, tasks: Sequence[Task], day: date) -> Sample:
    """The tasks at ``day``: actual as ``status`` computes it, 序时进度 averaged over the same tasks."""
    return _Tally.of(tasks).at(name, day)


@dataclass(frozen=True)
class _Tally:
    """A group of tasks reduced to what a sample needs: a day then costs its distinct dates, not its tasks."""

    total: int
    actual: int
    done: int
    live: int  # tasks not dropped
    spans: tuple[tuple[Task, int], ...]  # a live task of each (start, due), and how many share it
    dues: tuple[tuple[Task, int], ...]  # a task of each (due, closed or not), and how many share it

    @classmethod
    def of(cls, tasks: Sequence[Task]) -> _Tally:
        live = [t for t in tasks if t.status is not Status.DROPPED]
        done = sum(t.status is Status.DONE for t in tasks)
        spans = _alike(live, lambda t: (t.start, t.due))
        dues = _alike(tasks, lambda t: (t.due, t.status.closed))
        return cls(len(tasks), percent_complete(tasks), done, len(live), spans, dues)

    def at(self, name: str, day: date) -> Sample:
        expected = round(sum(expected_progress(t, day) * n for t, n in self.spans) / self.live) if self.live else 0
        late = sum(n for t, n in self.dues if overdue(t, day))
        return Sample(name, self.total, self.actual, expected, self.done, late)


def _alike(tasks: Sequence[Task], key: Callable[[Task], object]) -> tuple[tuple[Task, int], ...]:
    """One task of each kind ``key`` tells apart, with how many tasks are of that kind."""
    found: dict[object, list[Any]] = {}
    for task in tasks:
        entry = found.get(key(task))
        if entry is None:
            found[key(task)] = [task, 1]
        else:
            entry[1] += 1
    return tuple((task, count) for task, count in found.values())


def _grouper(by: By) -> Callable[[Task], str] | None:
    return {
        By.none: None,
        By.line: lambda t: t.line,
        By.owner: lambda t: t.owner or NO_OWNER,
        By.period: lambda t: t.period.label,
    }[by]


def _tallies(tasks: Sequence[Task], key: Callable[[Task], str] | None) -> tuple[_Tally, tuple[tuple[str, _Tally], ...]]:
    """The tally of all the tasks, and of each group in the order its first task comes."""
    grouped: dict[str, list[Task]] = {}
    if key is not None:
        for task in tasks:
            grouped.setdefault(key(task), []).append(task)
    return _Tally.of(tasks), tuple((name, _Tally.of(group)) for name, group in grouped.items())


def first_day(commits: Sequence[Commit], base: Commit | None = None) -> date:
    """Where a trend starts by default: the base commit's day, else the first commit's."""
    if base is not None:
        return base.day
    return commits[0].day if commits else date.min


def days_needed(every: Every, end: date, start: date | None = None) -> Callable[[Sequence[Commit]], list[date]]:
    """For :func:`pmtasks.git.history.read_history`'s ``at``: the days a trend samples, so only the
    plans at those days are read."""

    def days(commits: Sequence[Commit]) -> list[date]:
        if not commits:
            return []
        return sample_days(start or first_day(commits), end, every)

    return days


def trend(history: History, every: Every, end: date, by: By = By.none, start: date | None = None) -> Trend:
    """The trend of ``history`` from ``start`` (default: its first commit) to ``end``.

    Points before the first commit, where there is no plan yet, are left out.
    """
    if not history.revisions and history.base is None:
        raise UsageError("no commit in this range holds a plan that loads, so there is no trend to draw")
    begin = start or first_day(history.listed, history.base.commit if history.base else None)
    key = _grouper(by)
    points = []
    tallies: dict[str, tuple[_Tally, tuple[tuple[str, _Tally], ...]]] = {}  # by commit: a plan is tallied once
    for day in sample_days(begin, end, every):
        rev = history.plan_as_of(day)
        if rev is None:
            continue
        if rev.commit.sha not in tallies:
            tallies[rev.commit.sha] = _tallies(list(rev.tasks), key)
        overall, groups = tallies[rev.commit.sha]
        samples = tuple(tally.at(name, day) for name, tally in groups)
        points.append(Point(day, rev.commit, overall.at("overall", day), samples))
    names = tuple(dict.fromkeys(g.name for p in reversed(points) for g in p.groups))
    return Trend(every, by, begin, end, tuple(points), names)
