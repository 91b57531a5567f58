"""KPIs and budgets: the KPI list at a date, the budget roll-up, and setting a KPI's actual."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pmtasks.errors import UsageError
from pmtasks.govern.kpi import KpiState, kpi_states
from pmtasks.i18n import _
from pmtasks.plan.model import Kpi, Plan
from pmtasks.query import TaskFilter
from pmtasks.usecases.context import Request
from pmtasks.write.kpis import parse_address, set_actual
from pmtasks.write.store import Outcome


@dataclass(frozen=True)
class KpiList:
    plan: Plan
    states: list[KpiState]
    as_of: date


def list_kpis(request: Request, lines: tuple[str, ...] = ()) -> KpiList:
    """Every KPI with its met share and pace at the as-of date; ``lines`` (names or codes) narrow it."""
    plan = request.load()
    day = request.day(plan)
    states = kpi_states(plan, day)
    if lines:
        TaskFilter(lines=lines).select(plan, day)  # a line the plan does not have is a usage error, as in list
        wanted = {w.casefold() for w in lines}
        names = {x.name for x in plan.lines if {x.name.casefold(), x.code.casefold()} & wanted}
        states = [s for s in states if s.line in names]
    return KpiList(plan, states, day)


def budget(request: Request) -> Plan:
    """The plan whose budgets the roll-up sums (the grouping is the renderer's choice)."""
    return request.load()


def set_kpi(request: Request, goal: str, name: str, value: str, *, dry_run: bool = False) -> tuple[Kpi, Outcome]:
    """Set the actual of the KPI ``name`` of ``goal`` (LINE/PERIOD, or ``plan``) to ``value``."""
    if not re.fullmatch(r"\d{1,15}(\.\d{1,6})?", value.strip()):
        raise UsageError(
            _("{value} is not a number; a KPI's actual is a plain number such as 3 or 12.5").format(value=repr(value))
        )
    address = parse_address(goal, name)
    folder = request.year_folder()
    request.speak_plan_language()
    return set_actual(folder, address, Decimal(value.strip()), dry_run=dry_run, year_hint=request.year_hint)
