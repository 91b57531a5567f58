"""Task lists as JSON, CSV and Markdown: plain strings, for scripts, spreadsheets and pull requests."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from typing import Any

from pmtasks.plan.model import Task
from pmtasks.query import Dashboard, due_soon, overdue
from pmtasks.render.jsontext import STEP, Encoded, Shape, indented
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


MONEY_FIELDS = ("budget", "spent", "effort", "effort_actual")
# The keys of a task's record, in order; "overdue" and "due_soon" only with an as-of date, money only with money.
_HEAD = ("id", "title", "line", "track", "period", "goal", "resources", "status", "progress", "owner", "start", "due")
RECORD_KEYS = (*_HEAD, "overdue", "due_soon", "depends", "tags", "notes", "file", "file_line", *MONEY_FIELDS)
_ROW_KEYS = RECORD_KEYS[: -len(MONEY_FIELDS)] + ("amounts",)  # the values of _rows, in order
_amounts = attrgetter(*MONEY_FIELDS)
_NO_MONEY = (None,) * len(MONEY_FIELDS)


def _rows(tasks: Sequence[Task], as_of: date | None, soon_days: int) -> list[tuple[Any, ...]]:
    """Each task's values, in _ROW_KEYS order: the one place that says what a task's record holds,
    for list, show and diff (the as-of judgements are None without ``as_of``)."""
    return [
        (
            t.id,
            t.title,
            t.line,
            t.track,
            t.period.label,
            t.goal,
            list(t.resources),
            t.status.value,
            t.progress,
            t.owner,
            t.start.isoformat(),
            t.due.isoformat(),
            overdue(t, as_of) if as_of is not None else None,
            due_soon(t, as_of, soon_days) if as_of is not None else None,
            list(t.depends),
            list(t.tags),
            t.notes,
            t.loc.path,
            t.loc.line,
            _amounts(t),
        )
        for t in tasks
    ]


def record_columns(tasks: Sequence[Task], as_of: date | None = None, soon_days: int = 0) -> dict[str, Sequence[Any]]:
    """The JSON records of ``tasks`` a key at a time: each key of a record, in order, with its value
    in each task's record.

    With ``as_of`` a record also says whether the task is overdue, and due within ``soon_days``, then.
    The money keys come only when a task has money (in a task without it they are null).
    """
    rows = _rows(tasks, as_of, soon_days)  # a task at a time: the tasks lie far apart in memory
    values = zip(*rows, strict=True) if rows else repeat((), len(_ROW_KEYS))
    columns: dict[str, Sequence[Any]] = dict(zip(_ROW_KEYS, values, strict=True))
    amounts = columns.pop("amounts")
    if as_of is None:
        del columns["overdue"], columns["due_soon"]
    if any(map(_NO_MONEY.__ne__, amounts)):
        columns |= {name: [exact(a[i]) for a in amounts] for i, name in enumerate(MONEY_FIELDS)}
    return columns


def task_record(task: Task, as_of: date | None = None, soon_days: int = 0) -> dict[str, Any]:
    """The one JSON record of a task: :func:`record_columns` of the task alone."""
    return {key: values[0] for key, values in record_columns((task,), as_of, soon_days).items()}


def exact(value: Decimal | None) -> str | None:
    """A Decimal as a string without trailing zeros (``"125000"``, ``"2.5"``), so no reader makes it a float."""
    return None if value is None else f"{value.normalize():f}"


def dumps(payload: dict[str, Any]) -> str:
    """UTF-8 JSON with a schema_version first; only control, bidi and surrogate characters are ``\\u`` escapes."""
    return indented({"schema_version": SCHEMA_VERSION, **payload}, end="\n", escape=_escaped)


def _escaped(text: str) -> str:
    """JSON text with the characters that act in a terminal or reorder text as ``\\u`` escapes
    (they only occur inside its strings; json escapes C0 itself)."""
    return _JSON_UNSAFE.sub(_u_escape, text)


def _u_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


RECORD_INDENT = 2 * STEP  # a record in a list in the top object


def encoded_records(tasks: Sequence[Task], as_of: date | None, soon_days: int) -> list[Encoded]:
    """The tasks' records, as :func:`dumps` writes them in a list in the top object, in order."""
    columns = record_columns(tasks, as_of, soon_days)
    if MONEY_FIELDS[0] not in columns:
        return list(map(Encoded, Shape(list(columns), RECORD_INDENT, _escaped).encode(columns.values())))
    texts = [""] * len(tasks)
    with_money = [t.records_money for t in tasks]
    for money in (False, True):  # a task without money has no money keys
        where = [i for i, has in enumerate(with_money) if has is money]
        keys = [key for key in columns if money or key not in MONEY_FIELDS]
        encoded = Shape(keys, RECORD_INDENT, _escaped).encode([[columns[key][i] for i in where] for key in keys])
        for index, text in zip(where, encoded, strict=True):
            texts[index] = text
    return list(map(Encoded, texts))


def tasks_json(tasks: Sequence[Task], as_of: date, soon_days: int) -> str:
    return dumps({"as_of": as_of.isoformat(), "count": len(tasks), "tasks": encoded_records(tasks, as_of, soon_days)})


def tasks_csv(tasks: Sequence[Task], as_of: date, soon_days: int) -> str:
    """CSV with a byte-order mark, so Excel opens the Chinese text intact."""
    import csv  # only this format needs it, not the commands that import this module for dumps()
    import io

    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = record_columns(tasks, as_of, soon_days)
    fields = CSV_FIELDS + (MONEY_FIELDS if MONEY_FIELDS[0] in columns else ())
    writer.writerow(fields)
    for row in zip(*(columns[field] for field in fields), strict=True):
        writer.writerow([_csv_cell(value) for value in row])
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


def overdue_records(board: Dashboard) -> list[Encoded]:
    """The dashboard's overdue tasks: ID, due date, days late and title, as :func:`dumps` writes them."""
    late = board.overdue
    columns = ([t.id for t in late], [t.due.isoformat() for t in late], [(board.as_of - t.due).days for t in late])
    shape = Shape(("id", "due", "days_late", "title"), RECORD_INDENT, _escaped)
    return list(map(Encoded, shape.encode([*columns, [t.title for t in late]])))


def dashboard_json(board: Dashboard, money: dict[str, Any] | None = None, ledgers: dict[str, Any] | None = None) -> str:
    """The dashboard; ``money`` (budgets and KPIs per line) only when the plan records any, ``ledgers``
    (their counts) only when the plan has ledgers."""
    payload: dict[str, Any] = {
        "title": board.title,
        "as_of": board.as_of.isoformat(),
        "due_soon_days": board.soon_days,
        "lines": [vars(t) for t in board.lines],
        "overall": vars(board.overall) | {"name": OVERALL},
        "overdue": overdue_records(board),
    }
    if money is not None:
        payload["money"] = money
    if ledgers is not None:
        payload["ledgers"] = ledgers
    return dumps(payload)
