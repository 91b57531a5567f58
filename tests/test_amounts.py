"""Money and person-days as people write them, parsed exactly; KPI shares and budget roll-ups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.govern.budget import budget_table, burning_ahead, effort_overrun, over_budget, rollup
from pmtasks.govern.kpi import behind, met, met_percent
from pmtasks.plan.amounts import AmountError, parse_amount, parse_days, wan, written
from pmtasks.plan.model import Kpi, Loc, Status, Task
from pmtasks.plan.periods import parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50万", "500000"),
        ("12.5万元", "125000"),
        ("80000元", "80000"),
        ("80,000", "80000"),
        ("1,234,567.89元", "1234567.89"),
        ("0", "0"),
        (0, "0"),
        (80000, "80000"),
        (12.5, "12.5"),
        (0.1, "0.1"),
        (" 3 千 ", "3000"),
        ("1.5亿", "150000000"),
        ("0.001万", "10"),  # places are counted in 元, after 万
        ("999999999999999.99", "999999999999999.99"),
    ],
)
def test_amounts_as_people_write_them(text: object, expected: str) -> None:
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-3万", "cannot be negative"),
        (-3, "cannot be negative"),
        ("abc", "'abc' is not an amount"),
        ("1e9", "uses an exponent"),
        ("5万美元", "'5万美元' is in 美元, but the plan counts money in 元"),
        ("1,2345", "is not an amount"),
        (True, "true is not an amount"),
        ("9" * 16, "more than 15 digits"),
        ("999999999999999亿", "more than 15 digits"),  # 15 digits, then 亿: more than a file holds
        (1e20, "more than 15 digits"),
        ("0.001", "more than 2 decimal places"),
        (12.345, "more than 2 decimal places"),
        ([1], "is a number with an optional unit"),
    ],
)
def test_amount_refusals_say_what_to_write(text: object, message: str) -> None:
    with pytest.raises(AmountError, match=message.replace("(", r"\(")):
        parse_amount(text)


def test_a_declared_currency_is_accepted_and_yuan_is_not() -> None:
    assert parse_amount("5万美元", "美元") == Decimal(50000)
    with pytest.raises(AmountError, match="counts money in 美元"):
        parse_amount("5万元", "美元")


@pytest.mark.parametrize(("text", "expected"), [("20", 20), (20, 20), ("2.5", "2.5"), ("20人天", 20), ("3天", 3)])
def test_person_days(text: object, expected: object) -> None:
    assert parse_days(text) == Decimal(str(expected))


@pytest.mark.parametrize(("text", "message"), [("0.125", "more than 2 decimal places"), ("9" * 16, "more than 15")])
def test_person_days_a_file_cannot_hold_are_refused(text: str, message: str) -> None:
    with pytest.raises(AmountError, match=message):
        parse_days(text)


def test_display_and_file_forms() -> None:
    assert wan(Decimal(500000)) == "50.00万元"
    assert wan(Decimal("1234567.89")) == "123.46万元"
    assert wan(Decimal(125), "美元") == "0.01万美元"
    assert written(Decimal(150000)) == "15万"
    assert written(Decimal(125000)) == "12.5万"
    assert written(Decimal("325.5")) == "325.5"
    assert written(Decimal(2500)) == "2500"


_YUAN = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(_YUAN, max_size=30))
def test_many_random_amounts_sum_exactly(amounts: list[Decimal]) -> None:
    """Each amount, written as a person would (in 元 with separators, or in 万), sums exactly."""
    forms = []
    for i, amount in enumerate(amounts):
        forms.append(f"{amount:,}元" if i % 2 else f"{amount / 10000}万")
    parsed = [parse_amount(text) for text in forms]
    assert sum(parsed, Decimal(0)) == sum(amounts, Decimal(0))
    assert all(parse_amount(written(a)) == a for a in amounts)


def _task(**fields: object) -> Task:
    period = parse_period("1-3月", 2026)
    values: dict[str, object] = dict(
        id="T-1",
        title="t",
        status=Status.DOING,
        progress=0,
        start=period.start,
        due=period.end,
        line="L",
        period=period,
        loc=Loc("f", 1, 1),
    )
    values.update(fields)
    return Task(**values)  # type: ignore[arg-type]


def test_budget_rules_and_weighted_progress() -> None:
    big = _task(id="T-1", budget=Decimal(900000), spent=Decimal(900000), progress=100, owner="甲")
    small = _task(id="T-2", budget=Decimal(100000), spent=Decimal(0), progress=0, owner="乙")
    loose = _task(id="T-3", spent=Decimal(5000))
    assert not over_budget(big)
    assert over_budget(_task(budget=Decimal(1), spent=Decimal(2)))
    assert burning_ahead(_task(budget=Decimal(100), spent=Decimal(51), progress=30), 20)
    assert not burning_ahead(_task(budget=Decimal(100), spent=Decimal(50), progress=30), 20)
    total = rollup("all", [big, small, loose])
    # budget-weighted progress: (900000 × 100 + 100000 × 0) / 1000000 = 90
    assert (total.budget, total.spent, total.progress) == (Decimal(1000000), Decimal(905000), Decimal(90))
    assert total.spent_percent == Decimal("90.5")
    assert effort_overrun(_task(effort=Decimal(10), effort_actual=Decimal("10.5")), 0)
    assert not effort_overrun(_task(effort=Decimal(10), effort_actual=Decimal("10.5")), 10)


def _kpi(target: int, actual: int | None, direction: str = "up") -> Kpi:
    return Kpi("k", Decimal(target), "家", Loc("f", 1, 1), None if actual is None else Decimal(actual), direction)


def test_kpi_shares_and_pace() -> None:
    assert met_percent(_kpi(3, 1)) == Decimal(100) / 3
    assert met_percent(_kpi(3, None)) is None
    assert met_percent(_kpi(5, 10, "down")) == Decimal(50)
    assert met(_kpi(3, 3))
    assert not met(_kpi(3, 2))
    assert met(_kpi(5, 4, "down"))
    assert not met(_kpi(5, 6, "down"))
    # 33.3% met at 60% of the period is 26.7 points behind: behind at a 20-point threshold, not at 30
    assert behind(_kpi(3, 1), 60, 20)
    assert not behind(_kpi(3, 1), 60, 30)
    assert behind(_kpi(3, None), 21, 20)
    assert not behind(_kpi(3, None), 20, 20)


def test_budget_table_groups_in_plan_order() -> None:
    from pmtasks.plan.model import Line, PeriodBlock, Plan

    tasks = (
        _task(id="A-1", budget=Decimal(10), owner="乙"),
        _task(id="A-2", budget=Decimal(5)),
        _task(id="A-3", budget=Decimal(1), owner="甲"),
    )
    block = PeriodBlock(tasks[0].period, "g", Loc("f", 1, 1), tasks=tasks)
    plan = Plan("P", 2026, "Asia/Shanghai", (Line("L", "A", "f", (block,), Loc("f", 1, 1)),), "root")
    rows, total = budget_table(plan, "owner")
    assert [(r.name, r.budget) for r in rows] == [("乙", Decimal(10)), ("甲", Decimal(1)), ("", Decimal(5))]
    assert total.budget == Decimal(16)
    assert date(2026, 1, 1) in tasks[0].period
