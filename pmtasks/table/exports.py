"""``pmtasks export``: one entry per format, each turning a plan into the bytes of a file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from pmtasks.plan.model import Plan
from pmtasks.query import overdue
from pmtasks.table.department import department_rows, kpi_rows, task_rows


@dataclass(frozen=True)
class Exporter:
    render: Callable[[Plan, date], bytes]
    binary: bool  # cannot go to a terminal


DEPARTMENT_SHEET = "工作任务清单"
TASK_SHEET = "任务明细"
KPI_SHEET = "指标"
KPI_WIDTHS = (14, 10, 30, 10, 8, 10, 10)
DEPARTMENT_WIDTHS = (18, 70, 10, 40, 40)
TASK_WIDTHS = (9, 14, 14, 10, 50, 10, 8, 8, 11, 11, 10, 12, 30, 40, 6)


def _line_merges(plan: Plan) -> list[str]:
    """The 核心业务板块 cell of each line spans the rows of its periods, as in the department's sheet."""
    merges, row = [], 2
    for line in plan.lines:
        count = len(line.periods)
        if count > 1:
            merges.append(f"A{row}:A{row + count - 1}")
        row += count
    return merges


def workbook(plan: Plan, as_of: date) -> bytes:
    """The department's table (one row per period), every task with every field, and the KPIs if there are any."""
    from pmtasks.table.xlsx import write_xlsx

    tasks = task_rows(plan)
    tasks[0].append("逾期")
    for row, task in zip(tasks[1:], plan.tasks, strict=True):
        row.append("是" if overdue(task, as_of) else "")
    sheets = [(DEPARTMENT_SHEET, department_rows(plan), DEPARTMENT_WIDTHS), (TASK_SHEET, tasks, TASK_WIDTHS)]
    kpis = kpi_rows(plan)
    if len(kpis) > 1:
        sheets.append((KPI_SHEET, kpis, KPI_WIDTHS))
    return write_xlsx(plan.title, sheets, {DEPARTMENT_SHEET: _line_merges(plan)})


def ics(plan: Plan, as_of: date) -> bytes:
    from pmtasks.table.ics import calendar

    return calendar(plan, as_of).encode("utf-8")


EXPORTS: dict[str, Exporter] = {
    "xlsx": Exporter(workbook, binary=True),
    "ics": Exporter(ics, binary=False),
}
