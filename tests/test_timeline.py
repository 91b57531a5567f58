"""The timeline layout as pure functions: columns, edges, labels, bars, states and rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import EXAMPLES, PLANS
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from pmtasks.errors import UsageError
from pmtasks.plan.load import load_plan
from pmtasks.plan.model import Plan
from pmtasks.timeline import (
    EMPTY,
    FILL,
    MARK,
    OPEN,
    Axis,
    Bar,
    By,
    Item,
    Scale,
    State,
    Unit,
    add_months,
    axis_labels,
    cells,
    default_window,
    fill_until,
    group_item,
    make_axis,
    month_days,
    place,
    rollup_state,
    rows,
    shown_states,
    split_width,
    state_of,
    units,
)

AS_OF = date(2026, 6, 30)
YEAR = make_axis(date(2026, 1, 1), date(2026, 12, 31), Scale.MONTH, 48)


def item(start: date, due: date, progress: int = 0, state: State = State.TODO) -> Item:
    return Item("T-1", "title", start, due, progress, state, "line")


@pytest.fixture(scope="module")
def example() -> Plan:
    return load_plan(EXAMPLES / "timeline" / "plans")


@pytest.fixture(scope="module")
def real() -> Plan:
    return load_plan(PLANS)


def test_months_of_a_year() -> None:
    found = units(date(2026, 1, 1), date(2026, 12, 31), Scale.MONTH)
    assert [(u.start, u.end, u.label, u.short) for u in found[:2]] == [
        (date(2026, 1, 1), date(2026, 1, 31), "1月", "1"),
        (date(2026, 2, 1), date(2026, 2, 28), "2月", "2"),
    ]
    assert len(found) == 12
    assert found[-1].end == date(2026, 12, 31)


def test_units_are_cut_to_the_window() -> None:
    found = units(date(2026, 3, 15), date(2026, 5, 10), Scale.MONTH)
    assert [(u.start, u.end) for u in found] == [
        (date(2026, 3, 15), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 4, 30)),
        (date(2026, 5, 1), date(2026, 5, 10)),
    ]


def test_weeks_start_on_monday_and_mark_the_first_week_of_a_month() -> None:
    found = units(date(2026, 1, 1), date(2026, 2, 10), Scale.WEEK)
    assert [(u.start, u.end, u.label, u.major) for u in found] == [
        (date(2026, 1, 1), date(2026, 1, 4), "12/29", False),
        (date(2026, 1, 5), date(2026, 1, 11), "1/5", True),
        (date(2026, 1, 12), date(2026, 1, 18), "1/12", False),
        (date(2026, 1, 19), date(2026, 1, 25), "1/19", False),
        (date(2026, 1, 26), date(2026, 2, 1), "1/26", False),
        (date(2026, 2, 2), date(2026, 2, 8), "2/2", True),
        (date(2026, 2, 9), date(2026, 2, 10), "2/9", False),
    ]


def test_quarters_cross_the_year() -> None:
    found = units(date(2026, 11, 1), date(2027, 4, 1), Scale.QUARTER)
    assert [(u.start, u.end, u.label) for u in found] == [
        (date(2026, 11, 1), date(2026, 12, 31), "Q4"),
        (date(2027, 1, 1), date(2027, 3, 31), "2027 Q1"),
        (date(2027, 4, 1), date(2027, 4, 1), "Q2"),
    ]


def test_edges_spread_units_evenly() -> None:
    assert YEAR.edges == tuple(range(0, 49, 4))
    assert make_axis(date(2026, 1, 1), date(2026, 3, 31), Scale.MONTH, 10).edges == (0, 3, 7, 10)


def test_column_of_a_date() -> None:
    assert [
        YEAR.column(d)
        for d in (
            date(2026, 1, 1),
            date(2026, 1, 9),
            date(2026, 1, 31),
            date(2026, 2, 1),
            date(2026, 6, 30),
            date(2026, 12, 31),
        )
    ] == [0, 1, 3, 4, 23, 47]
    assert YEAR.column(date(2025, 12, 31)) is None
    assert YEAR.column(date(2027, 1, 1)) is None


def test_column_when_units_outnumber_columns() -> None:
    axis = make_axis(date(2026, 1, 1), date(2026, 12, 31), Scale.WEEK, 20)
    cols = [axis.column(date.fromordinal(d)) for d in range(date(2026, 1, 1).toordinal(), date(2027, 1, 1).toordinal())]
    assert cols[0] == 0
    assert cols[-1] == 19
    assert cols == sorted(cols)
    assert set(cols) == set(range(20))


@pytest.mark.parametrize(
    ("total", "n_units", "expected"),
    [
        (80, 12, (30, 48)),  # months at 80 columns: 4 each
        (120, 12, (46, 72)),  # 6 each
        (200, 12, (66, 132)),  # 11 each
        (80, 53, (25, 53)),  # weeks: one column each, the labels give way
        (80, 26, (28, 50)),  # less than 4 a unit: all the room, uneven by one
        (60, 53, (20, 38)),  # fewer columns than weeks: the label keeps its minimum
    ],
)
def test_split_width(total: int, n_units: int, expected: tuple[int, int]) -> None:
    assert split_width(total, n_units) == expected
    assert sum(expected) + 2 == total


def test_axis_labels_fall_back_to_short_then_sparse() -> None:
    wide = make_axis(date(2026, 1, 1), date(2026, 12, 31), Scale.MONTH, 72)
    assert axis_labels(wide)[:2] == [(0, "1月"), (6, "2月")]
    assert len(axis_labels(wide)) == 12
    assert axis_labels(YEAR)[9:] == [(36, "10"), (40, "11"), (44, "12")]
    weeks = make_axis(date(2026, 1, 1), date(2026, 3, 31), Scale.WEEK, 14)
    assert axis_labels(weeks) == [(1, "1/5"), (5, "2/2"), (9, "3/2")]


@pytest.mark.parametrize("weekday", range(7))
@pytest.mark.parametrize("end", [date(2026, 7, 5), date(2026, 7, 8)])
def test_every_monday_is_labelled_whatever_day_the_window_starts(weekday: int, end: date) -> None:
    """Nine weeks at 80 columns have room for every label; a window edge cut mid-week costs only
    the cut week its label, not all of them."""
    start = date(2026, 5, 4) + timedelta(days=weekday)
    axis = make_axis(start, end, Scale.WEEK, 80)
    days = (start + timedelta(days=k) for k in range((end - start).days + 1))
    mondays = [(axis.column(d), f"{d.month}/{d.day}") for d in days if d.weekday() == 0]
    labels = axis_labels(axis)
    assert [x for x in labels if x[0]] == [x for x in mondays if x[0]]
    assert len(labels) >= 8


def test_years_are_labelled_first_when_the_window_crosses_them() -> None:
    axis = make_axis(date(2025, 11, 1), date(2027, 2, 28), Scale.MONTH, 48)
    assert [u.short for u in axis.units] == ["11", "12", "2026", *map(str, range(2, 13)), "2027", "2"]
    assert axis_labels(axis) == [
        (0, "11"),
        (3, "12"),
        (6, "2026"),
        *((3 * m + 3, str(m)) for m in range(3, 13)),
        (42, "2027"),
    ], "February gives way to the years on both sides"


def test_fill_until() -> None:
    assert fill_until(item(date(2026, 1, 1), date(2026, 1, 10), 0)) is None
    assert fill_until(item(date(2026, 1, 1), date(2026, 1, 10), 50)) == date(2026, 1, 5)
    assert fill_until(item(date(2026, 1, 1), date(2026, 1, 10), 1)) == date(2026, 1, 1)
    assert fill_until(item(date(2026, 1, 1), date(2026, 1, 10), 0, State.DONE)) == date(2026, 1, 10)


def test_a_bar_inside_the_window() -> None:
    assert place(item(date(2026, 1, 1), date(2026, 3, 31), 50), YEAR) == Bar(0, 11, 6, False, False)
    assert place(item(date(2026, 1, 1), date(2026, 3, 31), 0), YEAR) == Bar(0, 11, 0, False, False)
    assert place(item(date(2026, 1, 1), date(2026, 3, 31), 100, State.DONE), YEAR) == Bar(0, 11, 12, False, False)


def test_an_unfinished_bar_never_looks_finished() -> None:
    assert place(item(date(2026, 1, 1), date(2026, 1, 31), 99), YEAR) == Bar(0, 3, 3, False, False)
    assert place(item(date(2026, 1, 1), date(2026, 1, 5), 99), YEAR) == Bar(
        0, 0, 0, False, False
    )  # one column: shown open, never as done


def test_bars_that_cross_the_window_edges() -> None:
    axis = make_axis(date(2026, 4, 1), date(2026, 9, 30), Scale.MONTH, 24)
    across = item(date(2026, 1, 1), date(2026, 12, 31), 50)  # progress reaches 2026-07-02
    assert place(across, axis) == Bar(0, 23, 13, True, True)
    assert place(item(date(2026, 1, 1), date(2026, 12, 31), 10), axis) == Bar(0, 23, 0, True, True)
    assert place(item(date(2026, 1, 1), date(2026, 12, 31), 90), axis) == Bar(0, 23, 24, True, True)


def test_bars_outside_the_window() -> None:
    axis = make_axis(date(2026, 4, 1), date(2026, 9, 30), Scale.MONTH, 24)
    assert place(item(date(2026, 1, 1), date(2026, 3, 31)), axis) == Bar(None, None, 0, True, False)
    assert place(item(date(2026, 10, 1), date(2026, 12, 31)), axis) == Bar(None, None, 0, False, True)


def test_cells() -> None:
    assert cells(Bar(2, 5, 1, False, False), 8, 7) == EMPTY * 2 + FILL + OPEN * 3 + EMPTY + MARK
    assert cells(Bar(2, 5, 1, False, False), 8, 3) == "  #---  ", "the bar hides the marker"
    assert cells(Bar(None, None, 0, True, False), 4, None) == EMPTY * 4


def test_state_of(example: Plan) -> None:
    states = {t.id: state_of(t, AS_OF) for t in example.tasks}
    assert states == {
        "DM-1": State.DONE,
        "DM-2": State.DOING,
        "DM-3": State.BLOCKED,
        "DM-4": State.OVERDUE,
        "DM-5": State.DROPPED,
        "DM-6": State.DOING,
        "DM-7": State.OVERDUE,
        "section": State.DOING,
        "EG-2": State.TODO,
        "2026-07-01": State.TODO,
    }


def test_rollup_state(example: Plan) -> None:
    by_id = {t.id: t for t in example.tasks}
    pick = lambda *ids: [by_id[i] for i in ids]  # noqa: E731
    assert rollup_state(pick("DM-1", "DM-5"), AS_OF) is State.DONE
    assert rollup_state(pick("DM-5"), AS_OF) is State.DROPPED
    assert rollup_state(pick("DM-1", "DM-3", "DM-4"), AS_OF) is State.OVERDUE
    assert rollup_state(pick("DM-1", "DM-3"), AS_OF) is State.BLOCKED
    assert rollup_state(pick("DM-1", "EG-2"), AS_OF) is State.DOING
    assert rollup_state(pick("EG-2", "2026-07-01"), AS_OF) is State.TODO


def test_a_blocked_task_that_is_overdue_shows_both(example: Plan) -> None:
    items = {r.item.ident: r.item for r in rows(example, list(example.tasks), By.TASK, AS_OF) if r.item}
    assert shown_states(items["DM-7"]) == (State.OVERDUE, State.BLOCKED)
    assert shown_states(items["DM-3"]) == (State.BLOCKED,)
    assert shown_states(items["DM-4"]) == (State.OVERDUE,)
    by_id = {t.id: t for t in example.tasks}
    group = group_item("Q1", "g", "line", [by_id["DM-3"], by_id["DM-4"]], AS_OF)
    assert shown_states(group) == (State.OVERDUE, State.BLOCKED), "overdue work and blocked work inside"


def test_task_rows_group_by_line_then_period(example: Plan) -> None:
    found = rows(example, list(example.tasks), By.TASK, AS_OF)
    assert [(r.level, r.item.ident if r.item else r.text) for r in found] == [
        (0, "示范业务 (DM)"),
        (1, "Q1"),
        (2, "DM-1"),
        (2, "DM-2"),
        (2, "DM-3"),
        (2, "DM-4"),
        (2, "DM-5"),
        (1, "全年 长期工作"),
        (2, "DM-6"),
        (2, "DM-7"),
        (0, "Edge cases: text from pull requests (EG)"),
        (1, "H2"),
        (2, "section"),
        (2, "EG-2"),
        (2, "2026-07-01"),
    ]


def test_period_rows_roll_up(example: Plan) -> None:
    found = rows(example, list(example.tasks), By.PERIOD, AS_OF)
    periods = [r.item for r in found if r.item]
    assert [(i.ident, i.start, i.due, i.progress, i.state) for i in periods] == [
        ("Q1", date(2026, 1, 1), date(2026, 9, 15), 40, State.OVERDUE),
        ("全年", date(2025, 11, 1), date(2027, 2, 28), 55, State.OVERDUE),
        ("H2", date(2026, 7, 1), date(2026, 12, 31), 3, State.DOING),
    ]


def test_filtered_rows_drop_empty_groups(example: Plan) -> None:
    chosen = [t for t in example.tasks if t.id == "DM-6"]
    assert [(r.level, r.text) for r in rows(example, chosen, By.TASK, AS_OF)] == [
        (0, "示范业务 (DM)"),
        (1, "全年 长期工作"),
        (2, "跨年度平台建设 spanning both edges of the year"),
    ]
    assert [r.item.ident for r in rows(example, chosen, By.LINE, AS_OF) if r.item] == ["DM"]


def test_real_plan_has_fifteen_periods_and_four_lines(real: Plan) -> None:
    tasks = list(real.tasks)
    assert sum(1 for r in rows(real, tasks, By.PERIOD, AS_OF) if r.item) == 15
    assert [r.item.ident for r in rows(real, tasks, By.LINE, AS_OF) if r.item] == ["IM", "EC", "EM", "IN"]


def test_default_window() -> None:
    inside = [item(date(2026, 2, 1), date(2026, 3, 1))]
    assert default_window(inside, 2026) == (date(2026, 1, 1), date(2026, 12, 31))
    across = [item(date(2025, 11, 1), date(2027, 2, 28))]
    assert default_window(across, 2026) == (date(2025, 11, 1), date(2027, 2, 28))
    assert default_window(across, 2026, date(2026, 3, 1)) == (date(2026, 3, 1), date(2027, 2, 28))
    with pytest.raises(UsageError, match="ends"):
        default_window(inside, 2026, date(2026, 5, 1), date(2026, 4, 1))


def test_unit_days_and_axis_bounds() -> None:
    assert Unit(date(2026, 2, 1), date(2026, 2, 28), "2月", "2").days == 28
    axis = Axis((Unit(date(2026, 1, 1), date(2026, 1, 31), "1月", "1"),), (0, 5))
    assert (axis.start, axis.end, axis.width) == (date(2026, 1, 1), date(2026, 1, 31), 5)


def test_a_bar_reaching_past_the_window_fills_to_its_edge() -> None:
    one_day = make_axis(date(2026, 5, 1), date(2026, 5, 1), Scale.MONTH, 40)
    assert place(item(date(2026, 4, 1), date(2026, 9, 30), 0), one_day) == Bar(0, 39, 0, True, True)
    twenty_days = make_axis(date(2026, 1, 1), date(2026, 1, 20), Scale.MONTH, 40)
    assert place(item(date(2026, 1, 1), date(2026, 3, 31), 0), twenty_days) == Bar(0, 39, 0, False, True)


def test_a_day_covers_all_of_its_columns() -> None:
    axis = make_axis(date(2026, 1, 1), date(2026, 1, 10), Scale.MONTH, 40)  # four columns a day
    assert (axis.column(date(2026, 1, 2)), axis.last_column(date(2026, 1, 2))) == (4, 7)
    assert axis.last_column(date(2026, 1, 10)) == 39
    assert place(item(date(2026, 1, 1), date(2026, 1, 2), 100), axis) == Bar(0, 7, 8, False, False)


def _relativedelta_months(day: date, months: int) -> date | None:
    """dateutil's answer, or None where it finds no date (before year 1 or after 9999)."""
    try:
        return day + relativedelta(months=months)
    except (ValueError, OverflowError):
        return None


def _add_months(day: date, months: int) -> date | None:
    try:
        return add_months(day, months)
    except ValueError:
        return None


def test_add_months_agrees_with_dateutil_on_every_day_of_five_years() -> None:
    day, checked = date(2024, 1, 1), 0
    while day < date(2029, 1, 1):
        for months in (-13, -12, -3, -1, 0, 1, 2, 3, 11, 12, 25):
            assert add_months(day, months) == day + relativedelta(months=months), (day, months)
            checked += 1
        day += timedelta(days=1)
    assert checked == 1827 * 11


@given(st.dates(), st.integers(-200_000, 200_000))
def test_add_months_agrees_with_dateutil_anywhere(day: date, months: int) -> None:
    """Month ends (January 31st plus a month), leap years, and the calendar's limits: no date on either side."""
    assert _add_months(day, months) == _relativedelta_months(day, months)


def test_month_days_are_the_calendar_s() -> None:
    import calendar

    assert all(month_days(y, m) == calendar.monthrange(y, m)[1] for y in range(1, 10000) for m in range(1, 13))
