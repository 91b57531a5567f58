"""按期完成率 (the on-time completion rate) of the tasks due in a window."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from pmtasks.govern.pace import done_by
from pmtasks.plan.model import Status, Task

TENTH = Decimal("0.1")


def on_time(task: Task) -> bool:
    """Done no later than its due date (by its log; a done task whose log does not say when counts as on time)."""
    return task.status is Status.DONE and done_by(task, task.due)


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in %, to one decimal (halves up); None when ``whole`` is 0."""
    if whole == 0:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def on_time_rate(due: Iterable[Task]) -> Decimal | None:
    """Tasks done on time ÷ tasks due (dropped tasks are not due), in %."""
    live = [t for t in due if t.status is not Status.DROPPED]
    return rate(sum(on_time(t) for t in live), len(live))
