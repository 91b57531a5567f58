"""The report's KPI and budget sections: present only when the plan has KPIs, or money and effort.

Both follow the report's filters: the budget rolls up the tasks in scope by business line, and the
KPIs are those of the periods that hold a task in scope (the plan's own KPIs only when nothing is
narrowed). A KPI's pace is judged at the window's end, like every other figure of the report; its
actual, and the budgets and spending, are the figures the plan records.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmtasks.govern.budget import Rollup, rollup
from pmtasks.govern.kpi import KpiState, kpi_states
from pmtasks.govern.sections import Scope


@dataclass(frozen=True)
class KpiSection:
    states: tuple[KpiState, ...]
    threshold: int  # points a KPI's met share may trail its pace before it is behind


def kpi_section(scope: Scope, narrowed: bool) -> KpiSection | None:
    """The KPIs in scope, the plan's own first; None when none is."""
    kept = {(t.line, t.period.label) for t in scope.tasks}
    states = tuple(
        s
        for s in kpi_states(scope.plan, scope.day)
        if (s.line is None and not narrowed) or (s.line is not None and (s.line, s.period) in kept)
    )
    return KpiSection(states, scope.plan.check.kpi_threshold) if states else None


@dataclass(frozen=True)
class BudgetSection:
    currency: str
    lines: tuple[tuple[str, Rollup], ...]  # (line code, its roll-up)
    total: Rollup


def budget_section(scope: Scope, title: str) -> BudgetSection | None:
    """Budget, spending and budget-weighted progress per business line in scope; None without money."""
    if not scope.plan.records_money:
        return None
    lines = [(line, [t for t in scope.tasks if t.line == line.name]) for line in scope.plan.lines]
    rows = tuple((line.code, rollup(line.name, tasks)) for line, tasks in lines if tasks)
    return BudgetSection(scope.plan.currency, rows, rollup(title, scope.tasks))
