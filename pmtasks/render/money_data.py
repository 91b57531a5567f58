"""KPIs, budgets and effort as JSON and CSV for scripts and spreadsheets; exact numbers as strings."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pmtasks.govern.budget import Rollup, budget_table
from pmtasks.govern.kpi import KpiState, kpi_states
from pmtasks.plan.model import Plan
from pmtasks.render.data import dumps, exact
from pmtasks.text import clean


def percent(value: Decimal | None) -> int | None:
    """A share as a whole percentage, half up (33.33… → 33, 12.5 → 13)."""
    return None if value is None else int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def kpi_record(s: KpiState) -> dict[str, Any]:
    """A KPI's figures; exact numbers as strings (``"12.5"``), so no reader turns them into floats."""
    return {
        "name": s.kpi.name,
        "line": s.line,
        "period": s.period,
        "target": exact(s.kpi.target),
        "actual": exact(s.kpi.actual),
        "unit": s.kpi.unit,
        "direction": s.kpi.direction,
        "met_percent": percent(s.met_percent),
        "pace": s.pace,
        "met": s.met,
        "behind": s.behind,
        "file": s.kpi.loc.path,
        "file_line": s.kpi.loc.line,
    }


def rollup_record(row: Rollup) -> dict[str, Any]:
    """A roll-up's sums, exact; the shares as whole percentages."""
    return {
        "name": row.name,
        "tasks": row.tasks,
        "budget": exact(row.budget),
        "spent": exact(row.spent),
        "spent_percent": percent(row.spent_percent),
        "progress": percent(row.progress),
        "effort": exact(row.effort),
        "effort_actual": exact(row.effort_actual),
    }


def kpis_json(states: Sequence[KpiState], as_of: date, currency: str) -> str:
    """Exact numbers as strings (``"12.5"``), so no reader turns them into floats."""
    records = [kpi_record(s) for s in states]
    return dumps({"as_of": as_of.isoformat(), "count": len(records), "kpis": records})


def budget_json(plan: Plan, by: str) -> str:
    rows, total = budget_table(plan, by)
    groups = [rollup_record(r) for r in rows]
    return dumps({"by": by, "currency": plan.currency, "groups": groups, "total": rollup_record(total)})


def budget_csv(plan: Plan, by: str) -> str:
    """CSV with a byte-order mark for Excel; amounts in the plan's currency, exact."""
    rows, total = budget_table(plan, by)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([by, "tasks", "budget", "spent", "spent_percent", "progress", "effort", "effort_actual"])
    for row in [*rows, total]:
        values = [row.budget, row.spent, row.spent_percent, row.progress, row.effort, row.effort_actual]
        cells = [exact(v) if i not in (2, 3) else percent(v) for i, v in enumerate(values)]
        name = clean(row.name)
        writer.writerow(
            ["'" + name if name[:1] in "=+-@" and name else name, row.tasks, *("" if c is None else c for c in cells)]
        )
    return out.getvalue()


def status_money(plan: Plan, as_of: date) -> dict[str, Any] | None:
    """Budgets, spending and KPIs met per business line, for `status --format json`; None without any."""
    states = kpi_states(plan, as_of)
    if not plan.records_money and not states:
        return None
    rows, total = budget_table(plan, "line")

    def record(row: Rollup, line: str | None) -> dict[str, Any]:
        mine = [s for s in states if line is None or s.line == line]
        return {
            "name": row.name,
            "budget": exact(row.budget),
            "spent": exact(row.spent),
            "spent_percent": percent(row.spent_percent),
            "kpis": len(mine),
            "kpis_met": sum(s.met for s in mine),
        }

    return {"currency": plan.currency, "lines": [record(r, r.name) for r in rows], "overall": record(total, None)}
