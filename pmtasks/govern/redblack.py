"""The red/black list (红黑榜), Mianyang's rule: score and rank units; the best that met their targets are
red-listed, the worst that missed them black-listed, unless they missed only for force majeure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pmtasks.govern.ontime import TENTH, rate
from pmtasks.plan.model import ReportPolicy, Task


def score(on_time_rate: Decimal | None, green_share: Decimal | None, policy: ReportPolicy) -> Decimal:
    """Weighted mean of the on-time rate and the share of tasks on pace (green), 0–100, one decimal.

    A unit with nothing due has missed nothing: its on-time part counts as 100. Likewise a unit with
    no live task is fully on pace.
    """
    parts = (on_time_rate if on_time_rate is not None else Decimal(100)) * policy.on_time_weight
    parts += (green_share if green_share is not None else Decimal(100)) * policy.pace_weight
    return (parts / (policy.on_time_weight + policy.pace_weight)).quantize(TENTH, rounding=ROUND_HALF_UP)


def force_majeure(task: Task, until: date, keywords: Sequence[str]) -> bool:
    """The task's log documents a force-majeure reason (a note naming one of ``keywords``) by ``until``."""
    return any(e.date <= until and e.note and any(k in e.note for k in keywords) for e in task.log)


@dataclass(frozen=True)
class Standing:
    """One unit (an owner or a business line) in the window: its figures, score and rank."""

    unit: str
    tasks: int  # live (not dropped) tasks
    due: int  # of them due in the window
    on_time: int  # of those, done by their due date
    missed: tuple[str, ...]  # IDs due in the window and not done on time
    exempt: tuple[str, ...]  # of those, the ones with a documented force-majeure reason
    green: int
    on_time_rate: Decimal | None
    green_share: Decimal | None
    score: Decimal
    rank: int = 0

    @property
    def met(self) -> bool:
        return not self.missed

    @property
    def excused(self) -> bool:
        """Missed targets, but only for documented force majeure."""
        return bool(self.missed) and set(self.missed) == set(self.exempt)


def standing(
    unit: str, tasks: int, due: int, green: int, missed: Sequence[str], exempt: Sequence[str], policy: ReportPolicy
) -> Standing:
    on_time = due - len(missed)
    ot_rate, share = rate(on_time, due), rate(green, tasks)
    return Standing(
        unit, tasks, due, on_time, tuple(missed), tuple(exempt), green, ot_rate, share, score(ot_rate, share, policy)
    )


def ranked(standings: Sequence[Standing]) -> list[Standing]:
    """Highest score first (ties by name); equal scores share a rank (1, 2, 2, 4)."""
    order = sorted(standings, key=lambda s: (-s.score, s.unit))
    out: list[Standing] = []
    for i, s in enumerate(order):
        rank = out[-1].rank if out and out[-1].score == s.score else i + 1
        out.append(Standing(**{**vars(s), "rank": rank}))
    return out


def red_black(standings: Sequence[Standing], policy: ReportPolicy) -> tuple[list[Standing], list[Standing]]:
    """The red list: units that met their targets and rank in the top ``policy.top`` places. The black list
    (worst first): units that missed them and rank in the bottom ``policy.bottom`` places (fewer than that
    many units score lower), except those excused by force majeure. Units with equal scores share a place."""
    order = ranked(standings)
    red = [s for s in order if s.rank <= policy.top and s.met]
    below = {s.unit: sum(o.score < s.score for o in order) for s in order}
    black = [s for s in order if below[s.unit] < policy.bottom and not s.met and not s.excused]
    return red, black[::-1]
