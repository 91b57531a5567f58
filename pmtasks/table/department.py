"""The plan as the department's own table: one row per period, the columns it came in with.

The inverse of :mod:`pmtasks.table.draft`: tasks and resources joined with ``；``, the track as a
``名称：`` prefix, the business line on its first row with its ordinal (一、二、…).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pmtasks.plan.amounts import wan
from pmtasks.plan.model import Line, Plan, Status, Task
from pmtasks.table.grid import COLUMNS

ORDINALS = "一二三四五六七八九十"
STATUS_NAMES = {
    Status.TODO: "未开始",
    Status.DOING: "进行中",
    Status.DONE: "已完成",
    Status.BLOCKED: "受阻",
    Status.DROPPED: "已取消",
}
TASK_COLUMNS = (
    "编号",
    "核心业务板块",
    "赛道",
    "完成时限",
    "具体任务",
    "负责人",
    "状态",
    "进度(%)",
    "开始",
    "截止",
    "依赖",
    "标签",
    "备注",
    "记录",
    "预算({currency})",
    "已支出({currency})",
    "计划人天",
    "实际人天",
)


def ordinal(n: int) -> str:
    """一 … 十, 十一 … 九十九: the numbering of the department's table."""
    if n <= 10:
        return ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return (ORDINALS[tens - 1] if tens > 1 else "") + "十" + (ORDINALS[ones - 1] if ones else "")


def line_label(index: int, line: Line) -> str:
    return f"{ordinal(index)}、{line.name}"


def department_rows(plan: Plan) -> list[list[str]]:
    """The header, then one row per period; the line's name only on its first row."""
    rows = [list(COLUMNS.values())]
    for index, line in enumerate(plan.lines, start=1):
        for number, block in enumerate(line.periods):
            prefix = f"{block.track}：" if block.track else ""
            rows.append(
                [
                    line_label(index, line) if number == 0 else "",
                    prefix + "；".join(t.title for t in block.tasks),
                    block.period.label,
                    "；".join(block.resources),
                    block.goal,
                ]
            )
    return rows


def _log(task: Task, currency: str) -> str:
    entries = []
    for e in task.log:
        parts = [e.date.isoformat()]
        parts += [STATUS_NAMES[e.status]] if e.status else []
        parts += [f"{e.progress}%"] if e.progress is not None else []
        parts += [f"负责人 {e.owner}"] if e.owner else []
        parts += [f"支出 {wan(e.spent, currency)}"] if e.spent is not None else []
        parts += [f"{e.effort}人天"] if e.effort is not None else []
        parts += [e.note] if e.note else []
        parts += [f"（{e.author}）"] if e.author else []
        entries.append(" ".join(parts))
    return "\n".join(entries)


def task_rows(plan: Plan) -> list[list[Any]]:
    """The header, then every task with every field; dates as dates, progress and amounts as exact numbers."""
    rows: list[list[Any]] = [[name.format(currency=plan.currency) for name in TASK_COLUMNS]]
    for task in plan.tasks:
        start: date = task.start
        rows.append(
            [
                task.id,
                task.line,
                task.track or "",
                task.period.label,
                task.title,
                task.owner or "",
                STATUS_NAMES[task.status],
                task.progress,
                start,
                task.due,
                "、".join(task.depends),
                "、".join(task.tags),
                task.notes or "",
                _log(task, plan.currency),
                task.budget,
                task.spent,
                task.effort,
                task.effort_actual,
            ]
        )
    return rows


KPI_COLUMNS = ("核心业务板块", "完成时限", "指标", "目标", "单位", "实际", "方向")
DIRECTIONS = {"up": "越大越好", "down": "越小越好"}


def kpi_rows(plan: Plan) -> list[list[Any]]:
    """The header, then the plan's own KPIs (全计划) and each period's, targets and actuals as exact numbers."""
    rows: list[list[Any]] = [list(KPI_COLUMNS)]
    found = [("全计划", "", k) for k in plan.kpis]
    found += [(line.name, block.period.label, k) for line in plan.lines for block in line.periods for k in block.kpis]
    for line, period, k in found:
        rows.append([line, period, k.name, k.target, k.unit, k.actual, DIRECTIONS.get(k.direction, k.direction)])
    return rows
