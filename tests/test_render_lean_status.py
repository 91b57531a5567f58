"""`status` and `show` drawn without Rich are exactly what Rich draws, at any width, in any language.

`timeline`'s are compared in test_timeline_plain.py."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS, rich_printed
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.i18n import use
from pmtasks.plan.load import load_plan
from pmtasks.plan.model import Loc, Plan, Status, Task
from pmtasks.plan.periods import parse_period
from pmtasks.query import Dashboard, Tally, dashboard
from pmtasks.render.glyphs import to_ascii, use_ascii
from pmtasks.render.status_plain import status_lines
from pmtasks.render.task_plain import task_lines as show_lines
from pmtasks.render.tasks import status_view, task_view

AS_OF = date(2026, 11, 23)
PERIOD = parse_period("Q2", 2026)
PIECES = st.sampled_from([*"abcXYZ 09-_.中文标题梧桐苑，。（）—…😀👍🏽é\u0301\u200b\u2028\uff21\t\x1b[", "👨‍👩‍👧"])
TEXT = st.lists(PIECES, max_size=30).map("".join)
MORE = f"pmtasks list --overdue --sort due --as-of {AS_OF}"


def rich_text(board: Dashboard, width: int, limit: int | None) -> str:
    return rich_printed(status_view(board, width, limit, MORE), width)


def lean_text(board: Dashboard, width: int, limit: int | None, ascii_mode: bool = False) -> str | None:
    lines = status_lines(board, width, limit, MORE)
    if lines is None:
        return None
    drawn = "\n".join(lines) + "\n"
    return to_ascii(drawn) if ascii_mode else drawn


@st.composite
def tallies(draw: st.DrawFn, name: str | None) -> Tally:
    counts = [draw(st.integers(0, 12000)) for _ in range(6)]
    red, yellow, green = (draw(st.integers(0, 9000)) for _ in range(3))
    return Tally(name, *counts, draw(st.integers(0, 100)), red=red, yellow=yellow, green=green)


@st.composite
def boards(draw: st.DrawFn) -> Dashboard:
    names = draw(st.lists(TEXT.filter(bool), min_size=1, max_size=5))
    lines = tuple(draw(tallies(name)) for name in names)
    late = [
        Task(
            draw(st.text(st.sampled_from("ABCim-12_.项"), min_size=1, max_size=12)),
            draw(TEXT),
            Status.TODO,
            0,
            date(2026, 1, 1),
            AS_OF - timedelta(days=draw(st.integers(1, 400))),
            "线",
            PERIOD,
            Loc("f.yaml", 1, 1),
        )
        for _ in range(draw(st.integers(0, 8)))
    ]
    return Dashboard(draw(TEXT), AS_OF, draw(st.integers(1, 90)), lines, draw(tallies(None)), tuple(late))


@settings(max_examples=200, deadline=None)
@given(boards(), st.integers(20, 180), st.none() | st.integers(0, 6))
def test_lean_status_matches_rich(board: Dashboard, width: int, limit: int | None) -> None:
    drawn = lean_text(board, width, limit)
    if drawn is not None:
        assert drawn == rich_text(board, width, limit)


@pytest.mark.parametrize(("lang", "ascii_mode"), [("en", False), ("zh-CN", False), ("en", True), ("zh-CN", True)])
def test_the_real_plan_takes_the_lean_path_and_matches_rich(lang: str, ascii_mode: bool) -> None:
    """Wide and narrow forms, translated headers, ``...`` for a cut, ASCII lines: what Rich draws."""
    plan = load_plan(PLANS)
    board = dashboard(plan, AS_OF)
    use(lang)
    use_ascii(ascii_mode)
    try:
        used = set()
        for width in range(40, 161, 3):
            for limit in (None, 5, 17):
                drawn = lean_text(board, width, limit, ascii_mode)
                if drawn is not None:
                    used.add(width)
                    assert drawn == rich_text(board, width, limit), (width, limit)
        assert {100, 118, 160} <= used  # ordinary widths never need Rich; narrow ones may (a wrapped line)
    finally:
        use("en")
        use_ascii(False)


def test_large_counts_take_the_narrow_form_and_match_rich() -> None:
    lines = tuple(
        Tally(name, 2500, 516 + i, 888, 400 + i, 1596 + i, 3, 58, red=1645 + i, yellow=44, green=573 + i)
        for i, name in enumerate(["内部市场深耕", "代建业务深耕", "外部市场拓展", "创新业务孵化"])
    )
    overall = Tally(None, 10000, 2070, 3552, 1606, 6390, 12, 57, red=6586, yellow=176, green=2298)
    board = Dashboard("集团2026年工作任务清单", date(2026, 12, 15), 14, lines, overall, ())
    for width in (60, 80, 100, 105, 120, 160):
        drawn = lean_text(board, width, None)
        assert drawn is not None
        assert drawn == rich_text(board, width, None)


def test_text_that_would_wrap_or_break_a_line_is_left_to_rich() -> None:
    overall = Tally(None, 1, 0, 0, 0, 1, 0, 0, red=1, yellow=0, green=0)
    late = Task("A-1", "x", Status.TODO, 0, date(2026, 1, 1), date(2026, 2, 1), "线", PERIOD, Loc("f.yaml", 1, 1))
    long_title = Dashboard("梧桐苑" * 40, AS_OF, 14, (overall,), overall, (late,))
    assert status_lines(long_title, 100, None, MORE) is None
    assert status_lines(replace(long_title, title="ok"), 100, None, MORE) is not None
    six = replace(long_title, title="ok", overdue=(late,) * 6)
    narrow = status_lines(six, 80, 5, MORE)  # the command goes on a line of its own, by both ways
    assert narrow == rich_text(six, 80, 5).splitlines()
    assert narrow[-2:] == ["… and 1 more overdue; list them all with:", "  " + MORE]
    assert status_lines(six, 100, 5, MORE) == rich_text(six, 100, 5).splitlines()
    assert status_lines(six, 100, 5, MORE)[-1] == f"… and 1 more overdue; list them all with: {MORE}"
    assert status_lines(six, len(MORE) + 1, 5, MORE) is None  # the command itself would wrap: Rich folds it


def rich_task(plan: Plan, task: Task, width: int) -> str:
    return rich_printed(task_view(plan, task, AS_OF), width)


@pytest.mark.parametrize(("lang", "ascii_mode"), [("en", False), ("zh-CN", False), ("en", True), ("zh-CN", True)])
@pytest.mark.parametrize("folder", [PLANS, EXAMPLES / "valid" / "full"])
def test_show_without_rich_matches_rich(folder: Path, lang: str, ascii_mode: bool) -> None:
    """Every task, with and without log entries, overdue or not, at widths from narrow to wide."""
    plan = load_plan(folder)
    use(lang)
    use_ascii(ascii_mode)
    try:
        used, logged = 0, 0
        for task in (t for line in plan.lines for t in line.tasks):
            for width in (40, 70, 100, 140):
                lines = show_lines(plan, task, AS_OF, width)
                if lines is not None:
                    used += 1
                    logged += bool(task.log)
                    drawn = "\n".join(lines) + "\n"
                    assert (to_ascii(drawn) if ascii_mode else drawn) == rich_task(plan, task, width), (task.id, width)
        assert used >= 10
        assert logged or folder == PLANS  # the example's log entries take this path too
    finally:
        use("en")
        use_ascii(False)


def test_show_leaves_money_and_kpis_to_rich() -> None:
    left = 0
    rules = EXAMPLES / "check" / "rules"
    for case in ("PMT011-over-budget", "PMT013-kpi-behind"):
        plan = load_plan(rules / case / "fires")
        for task in (t for line in plan.lines for t in line.tasks):
            block = next(b for line in plan.lines for b in line.periods if task in b.tasks)
            money = (task.budget, task.spent, task.effort, task.effort_actual)
            if block.kpis or any(value is not None for value in money):
                left += 1
                assert show_lines(plan, task, AS_OF, 200) is None
    assert left
