"""序时进度 (schedule pace): how far a task should be by a date, and how far its log says it was."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pmtasks.plan.model import Status, Task
from pmtasks.query import elapsed_percent


def pace(start: date, due: date, day: date) -> int:
    """序时进度: the share of the span ``start``–``due`` (both days included) elapsed at the end of ``day``,
    in %; 0 before the start, 100 from the due date on, rounded halves up. One formula for the whole
    code: :func:`pmtasks.query.elapsed_percent`, which ``check``'s at-risk rule and the KPIs use too."""
    return elapsed_percent(start, due, day)


def lag(progress: int, expected: int) -> int:
    """Points behind 序时进度 (negative: ahead)."""
    return expected - progress


def done_on(task: Task) -> date | None:
    """The day a done task was finished: its log's last entry that made it done; None if not done or not logged."""
    if task.status is not Status.DONE:
        return None
    finished = [e.date for e in task.log if e.status is Status.DONE or (e.status is None and e.progress == 100)]
    return max(finished) if finished else None


def done_by(task: Task, day: date) -> bool:
    """Done on or before ``day``. A done task whose log does not say when counts as done all along."""
    if task.status is not Status.DONE:
        return False
    finished = done_on(task)
    return finished is None or finished <= day


def progress_at(task: Task, day: date) -> int:
    """The progress the task had at the end of ``day``, read from its log.

    The last logged progress on or before ``day``; 0 when the log has progress only after ``day``;
    the current progress when the log records none at all (nothing says otherwise).
    """
    return Progress(task).at(day)


class Progress:
    """A task's log read once, to ask :func:`done_by` and :func:`progress_at` at many days."""

    __slots__ = ("_dates", "_values", "finished", "task")

    def __init__(self, task: Task) -> None:
        self.task = task
        self.finished = done_on(task)
        logged = sorted(((e.date, e.progress) for e in task.log if e.progress is not None), key=lambda x: x[0])
        self._dates = [d for d, _ in logged]
        self._values = [p for _, p in logged]

    def done_by(self, day: date) -> bool:
        return self.task.status is Status.DONE and (self.finished is None or self.finished <= day)

    def at(self, day: date) -> int:
        if self.done_by(day):
            return 100
        if not self._dates:
            return self.task.progress
        before = bisect_right(self._dates, day)  # the last logged on or before ``day`` (log order breaks ties)
        return self._values[before - 1] if before else 0


def mean(values: Sequence[int]) -> Decimal | None:
    """The mean to one decimal (halves up); None for no values."""
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
