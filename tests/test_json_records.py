"""Task lists as JSON: the records written a key at a time are what the standard encoder writes.

The expected text is built here independently: each record as a dict, as list, show and diff have
always written it, then ``json.dumps(..., ensure_ascii=False, indent=2)``, then the characters that
act in a terminal or reorder text turned into ``\\u`` escapes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from conftest import PLANS
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.plan.load import load_plan
from pmtasks.plan.model import Loc, Status, Task
from pmtasks.plan.periods import parse_period
from pmtasks.query import dashboard
from pmtasks.render.data import dashboard_json, task_record, tasks_json
from pmtasks.render.jsontext import Encoded, Shape, indented

YEAR = 2026
PERIODS = [parse_period(label, YEAR) for label in ("Q1", "3月", "H2", "2026-05-10..2026-05-20")]
# Characters a terminal acts on or that reorder text; JSON itself escapes only C0, quote and backslash.
UNSAFE = {chr(c) for c in [*range(0x7F, 0xA0), 0x61C, 0x200E, 0x200F, 0x2028, 0x2029]}
UNSAFE |= {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]}
HOSTILE = st.sampled_from(
    ["梧桐苑", '"', "\\", "\n", "\x00", "\x1b[31m", "\x85", "\x9b", "\u202e", "\u2066", "\u2028", "\u2029"]
    + ["\u061c", "\u200f", "\ud800", "\udfff", "\ud83d\ude00", "\U0001f600", "%s", "{}", "\t", " ", "::"]
)
# Any code point, lone surrogates included, and the hostile pieces often.
TEXT = st.lists(st.characters(exclude_categories=()) | HOSTILE, max_size=6).map("".join)
DAYS = st.integers(0, 400).map(lambda n: date(YEAR, 1, 1) + timedelta(days=n))
AMOUNTS = st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**9), max_value=10**9)


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    start = draw(DAYS)
    return Task(
        id=draw(TEXT),
        title=draw(TEXT),
        status=draw(st.sampled_from(list(Status))),
        progress=draw(st.integers(0, 100)),
        start=start,
        due=start + timedelta(days=draw(st.integers(0, 90))),
        line=draw(TEXT),
        period=draw(st.sampled_from(PERIODS)),
        loc=Loc(draw(TEXT), draw(st.integers(1, 10**6)), 1),
        owner=draw(st.none() | TEXT),
        track=draw(st.none() | TEXT),
        goal=draw(TEXT),
        resources=tuple(draw(st.lists(TEXT, max_size=3))),
        depends=tuple(draw(st.lists(TEXT, max_size=2))),
        tags=tuple(draw(st.lists(TEXT, max_size=3))),
        notes=draw(st.none() | TEXT),
        budget=draw(AMOUNTS),
        spent=draw(AMOUNTS),
        effort=draw(st.none() | st.sampled_from([Decimal("2.50"), Decimal("0"), Decimal("1E+3")])),
        effort_actual=draw(AMOUNTS),
    )


def exact(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def record(task: Task, as_of: date | None, soon_days: int) -> dict[str, Any]:
    """A task's record as a dict, key by key."""
    result: dict[str, Any] = {
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
        is_open = task.status not in (Status.DONE, Status.DROPPED)
        result["overdue"] = is_open and task.due < as_of
        result["due_soon"] = is_open and as_of <= task.due <= as_of + timedelta(days=soon_days)
    result |= {
        "depends": list(task.depends),
        "tags": list(task.tags),
        "notes": task.notes,
        "file": task.loc.path,
        "file_line": task.loc.line,
    }
    amounts = {"budget": task.budget, "spent": task.spent, "effort": task.effort, "effort_actual": task.effort_actual}
    if any(v is not None for v in amounts.values()):
        result |= {name: exact(value) for name, value in amounts.items()}
    return result


def escaped(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" if c in UNSAFE else c for c in text)


@settings(max_examples=200, deadline=None)
@given(st.lists(tasks(), max_size=6), DAYS, st.integers(0, 30))
def test_a_task_list_is_the_standard_encoders_text_escaped(found: list[Task], as_of: date, soon_days: int) -> None:
    records = [record(t, as_of, soon_days) for t in found]
    payload = {"schema_version": 1, "as_of": as_of.isoformat(), "count": len(found), "tasks": records}
    expected = escaped(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    assert tasks_json(found, as_of, soon_days) == expected


@settings(max_examples=100, deadline=None)
@given(tasks(), st.none() | DAYS, st.integers(0, 30))
def test_a_tasks_record_has_its_keys_in_order(task: Task, as_of: date | None, soon_days: int) -> None:
    expected = record(task, as_of, soon_days)
    assert list(task_record(task, as_of, soon_days).items()) == list(expected.items())


def test_hostile_text_in_a_record_is_escaped() -> None:
    task = Task(
        "A\u202e-1",
        "\x1b]8;;x\x07\u2028标题\ud800",
        Status.TODO,
        0,
        date(YEAR, 1, 1),
        date(YEAR, 2, 1),
        "线",
        PERIODS[0],
        Loc("f", 1, 1),
    )
    text = tasks_json([task], date(YEAR, 3, 1), 7)
    assert '"id": "A\\u202e-1"' in text
    assert '"title": "\\u001b]8;;x\\u0007\\u2028标题\\ud800"' in text
    assert not set(text) & UNSAFE


VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[Any]]]:
    """Keys, and rows of values: some columns of one kind, some mixed, some not JSON the fast way."""
    keys = draw(st.lists(TEXT, min_size=1, max_size=5, unique=True))
    kinds = [
        draw(st.sampled_from([st.text(), st.none() | TEXT, st.booleans(), st.integers(), st.lists(TEXT), VALUES]))
        for _ in keys
    ]
    count = draw(st.integers(0, 4))
    return keys, [[draw(kind) for kind in kinds] for _ in range(count)]


def no_escape(text: str) -> str:
    return text


@settings(max_examples=300, deadline=None)
@given(tables(), st.sampled_from(["", "  ", "    "]), st.sampled_from([None, escaped]), TEXT)
def test_objects_of_one_shape_are_written_as_the_standard_encoder_writes_them(
    table: tuple[list[str], list[list[Any]]], indent: str, escape: Callable[[str], str] | None, beside: str
) -> None:
    """At their depth, beside other text, with and without the escaping of what acts in a terminal."""
    keys, rows = table
    then = escape or no_escape
    objects = [dict(zip(keys, row, strict=True)) for row in rows]
    texts = Shape(keys, indent, escape).encode([[row[i] for row in rows] for i in range(len(keys))])
    depth = len(indent) // 2
    nested: Any = [Encoded(t) for t in texts]
    expected: Any = objects
    for _ in range(depth - 1):  # put the list of objects where its items open at ``indent``
        nested, expected = {beside: beside, "k": nested}, {beside: beside, "k": expected}
    if depth == 0:
        assert texts == [then(json.dumps(o, ensure_ascii=False, indent=2)) for o in objects]
    else:
        assert indented(nested, escape=escape) == then(json.dumps(expected, ensure_ascii=False, indent=2))


def test_a_value_the_fast_encoder_leaves_alone_beside_encoded_objects() -> None:
    rows = [["梧桐苑", 1], ["\u2028", None]]
    texts = Shape(["a", "b"], "    ", escaped).encode([[r[0] for r in rows], [r[1] for r in rows]])
    objects = [{"a": a, "b": b} for a, b in rows]
    expected = json.dumps({"x": 1.5, "\u202e": "\x85", "k": objects}, ensure_ascii=False, indent=2)
    actual = indented({"x": 1.5, "\u202e": "\x85", "k": [Encoded(t) for t in texts]}, escape=escaped)
    assert actual == escaped(expected)
    assert all(escape in actual for escape in ("\\u2028", "\\u202e", "\\u0085"))


BOARD = dashboard(load_plan(PLANS), date(YEAR, 11, 23))


@settings(max_examples=50, deadline=None)
@given(st.lists(tasks(), max_size=5), DAYS)
def test_the_dashboards_overdue_tasks_are_the_standard_encoders_text(late: list[Task], as_of: date) -> None:
    board = replace(BOARD, as_of=as_of, overdue=tuple(late))
    payload = {
        "schema_version": 1,
        "title": board.title,
        "as_of": as_of.isoformat(),
        "due_soon_days": board.soon_days,
        "lines": [vars(t) for t in board.lines],
        "overall": vars(board.overall) | {"name": "合计 Overall"},
        "overdue": [
            {"id": t.id, "due": t.due.isoformat(), "days_late": (as_of - t.due).days, "title": t.title} for t in late
        ],
    }
    assert dashboard_json(board) == escaped(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
