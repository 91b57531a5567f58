"""Task lists as JSON, CSV and Markdown: plain strings, for scripts, spreadsheets and pull requests."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from pmtasks.plan.model import Task
from pmtasks.query import Dashboard, due_soon, overdue
from pmtasks.render.jsontext import indented
from pmtasks.text import clean, md_escape

SCHEMA_VERSION = 1
OVERALL = "合计 Overall"  # the name of the whole plan's row in the dashboard
# Characters that act in a terminal or reorder text: they only occur inside JSON strings.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
CSV_FIELDS = (
    "id",
    "line",
    "track",
    "period",
    "title",
    "status",
    "progress",
    "owner",
    "start",
    "due",
    "overdue",
    "depends",
    "tags",
)


def task_record(task: Task, as_of: date | None = None, soon_days: int = 0) -> dict[str, Any]:
    """The one JSON record of a task, for list, show and diff.

    With ``as_of`` it also says whether the task is overdue, and due within ``soon_days``, then.
    """
    record: dict[str, Any] = {
        "id": task.id,
        "title": task.title,
        "line": task.line,
        "track": task.track,
        "period": task.period.label,
        "goal": task.goal,
        "resources": list(task.resources),
        "status": task.status.value,
        "progress": task.progress,
        "owner": task.owner,
        "start": task.start.isoformat(),
        "due": task.due.isoformat(),
    }
    if as_of is not None:
        record["overdue"] = overdue(task, as_of)
        record["due_soon"] = due_soon(task, as_of, soon_days)
    return record | {
        "depends": list(task.depends),
        "tags": list(task.tags),
        "notes": task.notes,
        "file": task.loc.path,
        "file_line": task.loc.line,
        **(money_record(task) if has_money(task) else {}),
    }


MONEY_FIELDS = ("budget", "spent", "effort", "effort_actual")


def exact(value: Decimal | None) -> str | None:
    """A Decimal as a string without trailing zeros (``"125000"``, ``"2.5"``), so no reader makes it a float."""
    return None if value is None else f"{value.normalize():f}"


def has_money(task: Task) -> bool:
    return any(getattr(task, name) is not None for name in MONEY_FIELDS)


def money_record(task: Task) -> dict[str, str | None]:
    """A task's budget and spending (in the plan's currency) and its person-days, exact."""
    return {name: exact(getattr(task, name)) for name in MONEY_FIELDS}


def dumps(payload: dict[str, Any]) -> str:
    """UTF-8 JSON with a schema_version first; only control, bidi and surrogate characters are ``\\u`` escapes."""
    text = indented({"schema_version": SCHEMA_VERSION, **payload}) + "\n"
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)  # json escapes C0 itself


def tasks_json(tasks: Sequence[Task], as_of: date, soon_days: int) -> str:
    records = [task_record(t, as_of, soon_days) for t in tasks]
    return dumps({"as_of": as_of.isoformat(), "count": len(tasks), "tasks": records})


def tasks_csv(tasks: Sequence[Task], as_of: date, soon_days: int) -> str:
    """CSV with a byte-order mark, so Excel opens the Chinese text intact."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    fields = CSV_FIELDS + (MONEY_FIELDS if any(has_money(t) for t in tasks) else ())
    writer.writerow(fields)
    for task in tasks:
        record = {**task_record(task, as_of, soon_days), **money_record(task)}
        writer.writerow([_csv_cell(record[f]) for f in fields])
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    if isinstance(value, list):
        value = ";".join(value)
    if isinstance(value, bool):
        return "yes" if value else ""
    text = clean(str(value)) if value is not None else ""
    # A leading = + - @ would make a spreadsheet run the cell as a formula.
    return "'" + text if text.lstrip()[:1] in ("=", "+", "-", "@") else text


def tasks_markdown(tasks: Sequence[Task], as_of: date, soon_days: int) -> str:
    rows = ["| ID | Status | % | Due | Owner | Title |", "|---|---|---:|---|---|---|"]
    for t in tasks:
        due = f"**{t.due} overdue**" if overdue(t, as_of) else str(t.due)
        cells = (md_escape(t.id), t.status.value, str(t.progress), due, md_escape(t.owner or ""), md_escape(t.title))
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows) + "\n"


def task_json(task: Task, as_of: date, soon_days: int) -> str:
    record = task_record(task, as_of, soon_days)
    record["log"] = [{k: _logged(v) for k, v in vars(e).items() if v is not None} for e in task.log]
    return dumps({"as_of": as_of.isoformat(), "task": record})


def _logged(value: object) -> object:
    if isinstance(value, tuple):  # a reschedule's (old, new) dates
        return [_logged(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return exact(value) if isinstance(value, Decimal) else value


def dashboard_json(board: Dashboard, money: dict[str, Any] | None = None, ledgers: dict[str, Any] | None = None) -> str:
    """The dashboard; ``money`` (budgets and KPIs per line) only when the plan records any, ``ledgers``
    (their counts) only when the plan has ledgers."""
    payload: dict[str, Any] = {
        "title": board.title,
        "as_of": board.as_of.isoformat(),
        "due_soon_days": board.soon_days,
        "lines": [vars(t) for t in board.lines],
        "overall": vars(board.overall) | {"name": OVERALL},
        "overdue": [
            {"id": t.id, "due": t.due.isoformat(), "days_late": (board.as_of - t.due).days, "title": t.title}
            for t in board.overdue
        ],
    }
    if money is not None:
        payload["money"] = money
    if ledgers is not None:
        payload["ledgers"] = ledgers
    return dumps(payload)
