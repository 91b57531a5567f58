"""The one-pass counts, filters, colours and JSON that large plans need give what the plain definitions give.

Every figure here is computed a second time in the test, straight from its definition in the
README (a task at a time, the log read afresh for each day), and compared on random plans.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.govern.colour import task_colour, task_colours, with_colours
from pmtasks.plan.model import Line, Loc, LogEntry, PeriodBlock, Plan, ReportPolicy, Status, Task
from pmtasks.plan.periods import parse_period
from pmtasks.query import TaskFilter, by_due, dashboard, elapsed_percent, natural_key, sort_tasks, tally
from pmtasks.render.jsontext import indented

YEAR = 2026
PERIODS = [parse_period(label, YEAR) for label in ("Q1", "Q2", "Q3", "Q4")]
WORDS = st.sampled_from(["梧桐苑", "Ab", "ab", "ß", "SS", "太原", " ", "\0", "\x1b", "1"])
TEXT = st.lists(WORDS, max_size=4).map("".join)
# Month-ends and a few days around them, so that log dates, due dates and as-of dates often meet.
MONTH_ENDS = [date(YEAR, m + 1, 1) - timedelta(days=1) for m in range(1, 12)]
DAYS = st.sampled_from([d + timedelta(days=k) for d in MONTH_ENDS for k in (-1, 0, 1)]) | st.integers(0, 364).map(
    lambda n: date(YEAR, 1, 1) + timedelta(days=n)
)


@st.composite
def logs(draw: st.DrawFn, status: Status) -> tuple[LogEntry, ...]:
    entries = draw(
        st.lists(
            st.builds(
                LogEntry,
                date=DAYS,
                status=st.none() | st.sampled_from(list(Status)),
                progress=st.none() | st.integers(0, 100),
            ),
            max_size=4,
        )
    )
    return tuple(entries) if status is Status.DONE or draw(st.booleans()) else ()


@st.composite
def tasks(draw: st.DrawFn, line: str, number: int) -> Task:
    period = draw(st.sampled_from(PERIODS))
    start = draw(DAYS)
    status = draw(st.sampled_from(list(Status)))
    return Task(
        id=f"{line}-{number}",
        title=draw(TEXT),
        status=status,
        progress=100 if status is Status.DONE else draw(st.integers(0, 100)),
        start=start,
        due=start + timedelta(days=draw(st.integers(0, 200))),
        line=line,
        period=period,
        loc=Loc("f.yaml", 1, 1),
        owner=draw(st.none() | TEXT),
        track=draw(st.none() | st.sampled_from(["甲", "乙"])),
        notes=draw(st.none() | TEXT),
        tags=tuple(draw(st.lists(TEXT, max_size=2))),
        log=draw(logs(status)),
    )


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    lines = []
    for index, name in enumerate(draw(st.lists(st.sampled_from(["市场", "运营", "工程"]), min_size=1, unique=True))):
        count = draw(st.integers(0, 12))
        rows = tuple(draw(tasks(name, n)) for n in range(count))
        block = PeriodBlock(PERIODS[0], "目标", Loc("f.yaml", 1, 1), tasks=rows)
        lines.append(Line(name, f"L{index}", f"{index}.yaml", (block,), Loc(f"{index}.yaml", 1, 1)))
    return Plan("计划", YEAR, "Asia/Shanghai", tuple(lines), "plans/2026")


def half_up(value: Fraction) -> int:
    return int((Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@given(st.integers(1, 3000), st.integers(-5, 3100))
def test_elapsed_percent_rounds_halves_up(span: int, elapsed: int) -> None:
    start = date(2020, 1, 1)
    day = start + timedelta(days=elapsed - 1)
    expected = 0 if elapsed < 1 else min(100, half_up(Fraction(100 * elapsed, span)))
    assert elapsed_percent(start, start + timedelta(days=span - 1), day) == expected


def is_overdue(t: Task, day: date) -> bool:
    return t.status not in (Status.DONE, Status.DROPPED) and day > t.due


def is_due_soon(t: Task, day: date, days: int) -> bool:
    return t.status not in (Status.DONE, Status.DROPPED) and day <= t.due <= day + timedelta(days=days)


def expected_tally(name: str | None, rows: list[Task], day: date, days: int) -> dict[str, Any]:
    live = [t for t in rows if t.status is not Status.DROPPED]
    return {
        "name": name,
        "total": len(rows),
        "done": len([t for t in rows if t.status is Status.DONE]),
        "doing": len([t for t in rows if t.status is Status.DOING]),
        "blocked": len([t for t in rows if t.status is Status.BLOCKED]),
        "overdue": len([t for t in rows if is_overdue(t, day)]),
        "due_soon": len([t for t in rows if is_due_soon(t, day, days)]),
        "percent": round(Fraction(sum(t.progress for t in live), len(live))) if live else 0,
    }


def counts(tally_: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(tally_).items() if k not in ("red", "yellow", "green")}


@settings(max_examples=60, deadline=None)
@given(plans(), DAYS)
def test_dashboard_counts_every_line_and_the_whole_plan(plan: Plan, day: date) -> None:
    board = dashboard(plan, day)
    days = plan.check.warn_days
    assert [counts(t) for t in board.lines] == [expected_tally(ln.name, list(ln.tasks), day, days) for ln in plan.lines]
    everything = list(plan.tasks)
    assert counts(board.overall) == expected_tally(None, everything, day, days)
    assert counts(tally("x", everything, day, days)) == expected_tally("x", everything, day, days)
    late = [t for t in everything if is_overdue(t, day)]
    assert list(board.overdue) == sorted(late, key=lambda t: (t.due, read_as_people_do(t.id)))


def read_as_people_do(task_id: str) -> list[tuple[int, str | int]]:
    """The README's order of IDs, spelled out: runs of digits as numbers, other runs as case-folded text."""
    import re

    return [(1, int(run)) if run.isdigit() else (0, run.casefold()) for run in re.findall(r"\d+|\D+", task_id)]


ID_PARTS = st.sampled_from(["IM", "im", "-", "_", "L", "1", "2", "10", "02", "0", "ß", "SS", "甲", "٣", "x"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(ID_PARTS, max_size=6).map("".join), max_size=30))
def test_natural_key_orders_ids_as_people_read_them(ids: list[str]) -> None:
    assert sorted(ids, key=natural_key) == sorted(ids, key=read_as_people_do)
    assert [natural_key(a) < natural_key(b) for a in ids for b in ids] == [
        read_as_people_do(a) < read_as_people_do(b) for a in ids for b in ids
    ]


def progress_on(t: Task, day: date) -> int:
    """The log read afresh: 100 once done, else the last logged progress by ``day`` (ties: the later entry)."""
    finished = [e.date for e in t.log if e.status is Status.DONE or (e.status is None and e.progress == 100)]
    if t.status is Status.DONE and (not finished or max(finished) <= day):
        return 100
    logged = [(e.date, i, e.progress) for i, e in enumerate(t.log) if e.progress is not None]
    if not logged:
        return t.progress
    before = [p for d, _, p in sorted(logged) if d <= day]
    return before[-1] if before else 0


def done_on_or_before(t: Task, day: date) -> bool:
    finished = [e.date for e in t.log if e.status is Status.DONE or (e.status is None and e.progress == 100)]
    return t.status is Status.DONE and (not finished or max(finished) <= day)


def colour_on(t: Task, day: date, policy: ReportPolicy, lagged: bool = False) -> str:
    if done_on_or_before(t, day):
        return "green"
    pace = (
        0
        if day < t.start
        else min(100, half_up(Fraction(100 * ((day - t.start).days + 1), (t.due - t.start).days + 1)))
    )
    lag = pace - progress_on(t, day)
    if day > t.due or lag > policy.red:
        return "red"
    return "yellow" if lag >= policy.yellow or lagged else "green"


def expected_colour(t: Task, day: date, policy: ReportPolicy) -> str | None:
    if t.status is Status.DROPPED:
        return None
    ends, first = [], day.replace(day=1)
    for _ in range(policy.memory_months):
        ends.append(first - timedelta(days=1))
        first = ends[-1].replace(day=1)
    lagged = any(colour_on(t, end, policy) == "red" for end in ends if end >= t.start)
    return colour_on(t, day, policy, lagged)


@settings(max_examples=60, deadline=None)
@given(plans(), DAYS, st.integers(0, 3))
def test_colours_read_each_log_once_and_agree_with_the_definition(plan: Plan, day: date, memory: int) -> None:
    policy = ReportPolicy(memory_months=memory)
    plan = Plan(plan.title, plan.year, plan.timezone, plan.lines, plan.root, report=policy)
    everything = list(plan.tasks)
    expected = [expected_colour(t, day, policy) for t in everything]
    assert task_colours(everything, day, policy) == expected
    assert [task_colour(t, day, policy) for t in everything] == expected
    board = with_colours(dashboard(plan, day), plan)
    for got, line in zip((*board.lines, board.overall), (*plan.lines, None), strict=True):
        found = [expected_colour(t, day, policy) for t in (line.tasks if line else everything)]
        assert (got.red, got.yellow, got.green) == tuple(found.count(c) for c in ("red", "yellow", "green"))


def in_period(value: str, plan: Plan, t: Task) -> bool:
    """A label of the plan's periods names those tasks; any other period form, also the tasks overlapping it."""
    if t.period.label == value:
        return True
    if value in {b.period.label for ln in plan.lines for b in ln.periods}:
        return False
    period = parse_period(value, YEAR)
    return t.start <= period.end and period.start <= t.due


def keeps(f: TaskFilter, plan: Plan, t: Task, day: date) -> bool:
    """The filter's definition, one field at a time."""
    code = next(ln.code for ln in plan.lines if ln.name == t.line)
    fields = (t.id, t.title, t.owner or "", t.notes or "", t.track or "", t.line, *t.tags)
    return (
        (not f.lines or any(v.strip().casefold() in (t.line.casefold(), code.casefold()) for v in f.lines))
        and (not f.tracks or any(v.strip().casefold() == (t.track or "").casefold() for v in f.tracks))
        and (not f.periods or any(in_period(p, plan, t) for p in f.periods))
        and (not f.statuses or t.status in f.statuses)
        and (not f.owners or any(v.strip().casefold() == (t.owner or "").casefold() for v in f.owners))
        and (not f.overdue or is_overdue(t, day))
        and (not f.due_soon or is_due_soon(t, day, plan.check.warn_days))
        and (f.due_within is None or is_due_soon(t, day, f.due_within))
        and (not f.search or any(f.search.casefold() in v.casefold() for v in fields))
    )


@st.composite
def filters(draw: st.DrawFn, plan: Plan) -> TaskFilter:
    names = [v for ln in plan.lines for v in (ln.name, ln.code, f" {ln.code.lower()} ")]
    return TaskFilter(
        lines=tuple(draw(st.lists(st.sampled_from(names), max_size=2))),
        tracks=tuple(draw(st.lists(st.sampled_from(["甲", "乙"]), max_size=1))) if draw(st.booleans()) else (),
        periods=tuple(draw(st.lists(st.sampled_from(["Q1", "Q3", "3月", "H2", "2026-05-10..2026-05-20"]), max_size=2))),
        statuses=tuple(draw(st.lists(st.sampled_from(list(Status)), max_size=2))),
        owners=tuple(draw(st.lists(TEXT, max_size=1))),
        overdue=draw(st.booleans()),
        due_soon=draw(st.booleans()),
        due_within=draw(st.none() | st.integers(0, 60)),
        search=draw(st.none() | TEXT | st.sampled_from(["b\0", "\0", "ab\0ss", "a"])),
    )


@settings(max_examples=120, deadline=None)
@given(st.data(), plans(), DAYS)
def test_filters_keep_what_their_definition_keeps(data: st.DataObject, plan: Plan, day: date) -> None:
    tracks = {b.track for ln in plan.lines for b in ln.periods if b.track}
    chosen = data.draw(filters(plan))
    if set(chosen.tracks) - tracks:
        return  # an unknown track is a usage error, tested with the command
    assert chosen.select(plan, day) == [t for t in plan.tasks if keeps(chosen, plan, t, day)]


def test_a_search_matches_within_one_field_never_across_two() -> None:
    plan = Plan("计划", YEAR, "Asia/Shanghai", (), "plans/2026")
    t = Task("A-1", "梧桐", Status.TODO, 0, date(YEAR, 1, 1), date(YEAR, 2, 1), "线", PERIODS[0], Loc("f", 1, 1), "苑")
    line = Line("线", "X", "x.yaml", (PeriodBlock(PERIODS[0], "", Loc("f", 1, 1), tasks=(t,)),), Loc("f", 1, 1))
    plan = Plan(plan.title, plan.year, plan.timezone, (line,), plan.root)
    day = date(YEAR, 1, 1)
    assert TaskFilter(search="梧桐").select(plan, day) == [t]
    assert TaskFilter(search="梧桐苑").select(plan, day) == []  # title 梧桐, owner 苑
    assert TaskFilter(search="梧桐\0苑").select(plan, day) == []


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=2)
    ),
    max_leaves=30,
)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_json_text_is_what_the_standard_encoder_writes(value: Any) -> None:
    assert indented(value) == json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=150, deadline=None)
@given(plans(), DAYS, st.lists(st.sampled_from(["Q1", "Q3", "3月", "H2", "2026-05-10..2026-05-20"]), min_size=1))
def test_the_period_filter_keeps_what_its_definition_keeps(plan: Plan, day: date, periods: list[str]) -> None:
    chosen = TaskFilter(periods=tuple(periods))
    assert chosen.select(plan, day) == [t for t in plan.tasks if any(in_period(p, plan, t) for p in periods)]


@settings(max_examples=100, deadline=None)
@given(plans(), st.booleans(), st.data())
def test_by_due_is_one_sort_on_due_then_id(plan: Plan, reverse: bool, data: st.DataObject) -> None:
    from dataclasses import replace

    alike = st.sampled_from(["IM-2", "IM-02", "im-2", "IM-10", "A", "a1"])  # IDs that sort alike: ties
    tasks = [replace(t, id=data.draw(alike)) for t in plan.tasks]
    assert by_due(tasks, reverse) == sorted(tasks, key=lambda t: (t.due, natural_key(t.id)), reverse=reverse)
    assert [id(t) for t in by_due(tasks, reverse)] == [
        id(t) for t in sorted(tasks, key=lambda t: (t.due, natural_key(t.id)), reverse=reverse)
    ]  # the same objects in the same places: equal tasks keep their order
    assert sort_tasks(tasks, "due", reverse) == by_due(tasks, reverse)
