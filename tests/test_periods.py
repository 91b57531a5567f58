from datetime import date

import pytest

from pmtasks.plan.periods import PeriodError, parse_period


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("1-3月", date(2026, 1, 1), date(2026, 3, 31)),
        ("1–3月", date(2026, 1, 1), date(2026, 3, 31)),
        ("1~3月", date(2026, 1, 1), date(2026, 3, 31)),
        ("1～3月", date(2026, 1, 1), date(2026, 3, 31)),
        ("1至3月", date(2026, 1, 1), date(2026, 3, 31)),
        ("1月-3月", date(2026, 1, 1), date(2026, 3, 31)),
        ("4-9月", date(2026, 4, 1), date(2026, 9, 30)),
        ("3月", date(2026, 3, 1), date(2026, 3, 31)),
        ("2月", date(2026, 2, 1), date(2026, 2, 28)),
        ("2028年2月", date(2028, 2, 1), date(2028, 2, 29)),
        ("2026年1-3月", date(2026, 1, 1), date(2026, 3, 31)),
        ("2027年10-12月", date(2027, 10, 1), date(2027, 12, 31)),
        ("Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("Q3", date(2026, 7, 1), date(2026, 9, 30)),
        ("Q4", date(2026, 10, 1), date(2026, 12, 31)),
        ("H1", date(2026, 1, 1), date(2026, 6, 30)),
        ("H2", date(2026, 7, 1), date(2026, 12, 31)),
        ("上半年", date(2026, 1, 1), date(2026, 6, 30)),
        ("下半年", date(2026, 7, 1), date(2026, 12, 31)),
        ("全年", date(2026, 1, 1), date(2026, 12, 31)),
        ("2026-01..2026-03", date(2026, 1, 1), date(2026, 3, 31)),
        ("2025-11..2026-02", date(2025, 11, 1), date(2026, 2, 28)),
        ("2026-01-15..2026-02-28", date(2026, 1, 15), date(2026, 2, 28)),
        ("2026-03", date(2026, 3, 1), date(2026, 3, 31)),
    ],
)
def test_valid_period(label: str, start: date, end: date) -> None:
    period = parse_period(label, 2026)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("13月", "month 13 does not exist; months run from 1 to 12"),
        ("0月", "month 0 does not exist; months run from 1 to 12"),
        ("3-1月", "period '3-1月' ends before it starts; write the earlier month first"),
        ("1-13月", "month 13 does not exist; months run from 1 to 12"),
        ("Q5", "quarter Q5 does not exist; quarters are Q1 to Q4"),
        ("Q0", "quarter Q0 does not exist; quarters are Q1 to Q4"),
        ("H3", "half H3 does not exist; halves are H1 and H2"),
        ("2026-13", "month 13 does not exist; months run from 1 to 12"),
        ("2026-03..2026-01", "period '2026-03..2026-01' ends before it starts; write the earlier date first"),
        ("2026-02-30..2026-03-01", "2026-02-30 is not a real date"),
        (
            "2026-01-15..2026-01-10",
            "period '2026-01-15..2026-01-10' ends before it starts; write the earlier date first",
        ),
        ("春季", "'春季' is not a period pmtasks understands"),
        ("", "'' is not a period pmtasks understands"),
    ],
)
def test_invalid_period(label: str, message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(label, 2026)
    assert str(caught.value) == message


def test_period_contains_and_days() -> None:
    period = parse_period("Q1", 2026)
    assert date(2026, 3, 31) in period
    assert date(2026, 4, 1) not in period
    assert period.days == 90


def test_a_period_holds_its_first_and_last_day_and_nothing_outside() -> None:
    period = parse_period("4-6月", 2026)
    assert date(2026, 4, 1) in period
    assert date(2026, 6, 30) in period
    assert date(2026, 3, 31) not in period
    assert date(2026, 7, 1) not in period


def test_a_one_day_iso_range_is_that_day() -> None:
    period = parse_period("2026-01-15..2026-01-15", 2026)
    assert (period.start, period.end) == (date(2026, 1, 15), date(2026, 1, 15))
    assert date(2026, 1, 15) in period


@pytest.mark.parametrize(("year", "ok"), [(2036, True), (2016, True), (2037, False), (2015, False)])
def test_a_period_may_be_ten_years_from_the_plan_and_no_more(year: int, ok: bool) -> None:
    label = f"{year}年3月"
    if ok:
        assert parse_period(label, 2026).start == date(year, 3, 1)
        return
    with pytest.raises(PeriodError) as caught:
        parse_period(label, 2026)
    assert str(caught.value) == f"period {label!r} is more than 10 years from the plan's year 2026"
