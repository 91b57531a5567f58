"""KPIs against their targets, and against the pace their period demands (序时进度)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pmtasks.plan.model import Kpi, Plan
from pmtasks.query import elapsed_percent

_HUNDRED = Decimal(100)


def met_percent(kpi: Kpi) -> Decimal | None:
    """How much of the target is met, in % (None before any actual is recorded).

    Up (more is better): actual / target. Down (less is better): 100 while actual ≤ target, else
    target / actual. A target of 0 is met by any actual that does not exceed it.
    """
    if kpi.actual is None:
        return None
    if kpi.direction == "down":
        if kpi.actual <= kpi.target:
            return _HUNDRED
        return _HUNDRED * kpi.target / kpi.actual
    if kpi.target == 0:
        return _HUNDRED
    return _HUNDRED * kpi.actual / kpi.target


def met(kpi: Kpi) -> bool:
    """The target is reached: at least it (up), or at most it (down)."""
    if kpi.actual is None:
        return False
    return kpi.actual <= kpi.target if kpi.direction == "down" else kpi.actual >= kpi.target


@dataclass(frozen=True)
class KpiState:
    """One KPI as of a date: where it stands, whose goal it is, and whether it keeps pace."""

    kpi: Kpi
    line: str | None  # None: a KPI of the whole plan
    period: str | None
    code: str | None
    start: date
    end: date
    met_percent: Decimal | None
    pace: int  # 序时进度 of its period, %
    met: bool
    behind: bool


def behind(kpi: Kpi, pace: int, threshold: int) -> bool:
    """An up KPI whose met share trails its period's elapsed share by more than ``threshold`` points.

    A down KPI (a ceiling, such as 成本超支率) is behind when its actual is over the target. A KPI
    with no actual yet counts as 0% met.
    """
    if kpi.direction == "down":
        return kpi.actual is not None and kpi.actual > kpi.target
    share = met_percent(kpi) or Decimal(0)
    return Decimal(pace) - share > threshold


def kpi_state(
    kpi: Kpi, goal: tuple[str, str, str] | None, span: tuple[date, date], as_of: date, threshold: int
) -> KpiState:
    """One KPI at ``as_of``: ``goal`` is (line, period label, line code), None for the plan's own KPIs."""
    pace = elapsed_percent(span[0], span[1], as_of)
    line, period, code = goal if goal else (None, None, None)
    return KpiState(
        kpi, line, period, code, span[0], span[1], met_percent(kpi), pace, met(kpi), behind(kpi, pace, threshold)
    )


def kpi_states(plan: Plan, as_of: date) -> list[KpiState]:
    """Every KPI of the plan, the whole year's first, then each line's periods in file order."""
    threshold = plan.check.kpi_threshold
    year = (date(plan.year, 1, 1), date(plan.year, 12, 31))
    states = [kpi_state(k, None, year, as_of, threshold) for k in plan.kpis]
    for line in plan.lines:
        for block in line.periods:
            span = (block.period.start, block.period.end)
            goal = (line.name, block.period.label, line.code)
            states += [kpi_state(k, goal, span, as_of, threshold) for k in block.kpis]
    return states
