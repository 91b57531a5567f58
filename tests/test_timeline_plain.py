"""`timeline` off a terminal writes what Rich draws, character for character, without Rich.

The chart's lines are made once, as pieces of text with their styles; off a terminal their text
is written as it is, on one Rich draws the same pieces. These tests draw both ways and compare:
the real plan at every width, each --by, scale, language and ASCII mode; whole commands with
filters and windows; and random charts with hostile text.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import PLANS, Runner, rich_printed
from hostile import PLAN, small_plan, workflow_commands
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.i18n import use
from pmtasks.plan.load import load_plan
from pmtasks.render.glyphs import to_ascii, use_ascii
from pmtasks.render.lean import KNOWN_WIDTHS, known_width
from pmtasks.render.timeline import Chart, timeline_plain
from pmtasks.render.timeline_rich import timeline_view
from pmtasks.text import cell_width
from pmtasks.timeline import By, Item, Row, Scale, State, default_window, rows

AS_OF = date(2026, 11, 23)
HOSTILE = [
    "[bold]",
    "[/]",
    "[link=http://x]",
    "\x1b[31m",
    "\x1b]8;;http://x\x07",
    "\u202e",
    "\u2066",
    "::error title=x::",
    "::warning",
    "梧桐苑",
    "（一）",
    "，。",
    "😀",
    "👨‍👩‍👧",
    "é\u0301",
    "\u200b",
    "\t",
    "\n",
    "\r",
    "\u2028",
    "\uff21",
    "…",
    "—",
    "ab",
    " ",
]
TEXT = st.lists(st.sampled_from(HOSTILE), max_size=12).map("".join)


def rich_drawn(chart: Chart, width: int, ascii_mode: bool) -> str:
    return rich_printed(timeline_view(chart, width, ascii_mode), width)


def plain_drawn(chart: Chart, width: int, ascii_mode: bool) -> str | None:
    lines = timeline_plain(chart, width, ascii_mode)
    if lines is None:
        return None
    drawn = "\n".join(lines) + "\n"
    return to_ascii(drawn) if ascii_mode else drawn  # as the plain writer writes it in ASCII mode


def real_chart(by: By, scale: Scale) -> Chart:
    plan = load_plan(PLANS)
    found = rows(plan, [t for line in plan.lines for t in line.tasks], by, AS_OF)
    window = default_window([r.item for r in found if r.item], plan.year)
    return Chart(plan.title, found, *window, scale, AS_OF, plan.year)


@pytest.mark.parametrize(("lang", "ascii_mode"), [("en", False), ("zh-CN", False), ("en", True), ("zh-CN", True)])
@pytest.mark.parametrize("by", list(By))
def test_the_real_plan_is_drawn_without_rich_at_every_width(by: By, lang: str, ascii_mode: bool) -> None:
    """Every width from 40 to 200 (the compact list below 60 too), each scale: never Rich's turn."""
    use(lang)
    use_ascii(ascii_mode)
    try:
        every = lang == "en" and not ascii_mode
        for scale in Scale:
            chart = real_chart(by, scale)
            step = 1 if every and scale is Scale.MONTH else 7
            for width in range(40, 201, step):
                drawn = plain_drawn(chart, width, ascii_mode)
                assert drawn is not None, (scale, width)
                assert drawn == rich_drawn(chart, width, ascii_mode), (scale, width)
    finally:
        use("en")
        use_ascii(False)


@st.composite
def items(draw: st.DrawFn) -> Item:
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(-120, 400)))
    due = start + timedelta(days=draw(st.integers(0, 300)))
    ident = draw(st.sampled_from(["IM-1", "X-12", "项目-3", "A" * 12, "::x", "\x1b[1mB-2"]))
    state = draw(st.sampled_from(list(State)))
    return Item(ident, draw(TEXT), start, due, draw(st.integers(0, 100)), state, "L", draw(st.booleans()))


@st.composite
def charts(draw: st.DrawFn) -> Chart:
    found = [
        draw(st.builds(Row, st.just(0), TEXT) | st.builds(Row, st.just(1), TEXT) | st.builds(Row, st.just(2), TEXT))
        if draw(st.booleans())
        else Row(draw(st.sampled_from([0, 2])), "", draw(items()))
        for _ in range(draw(st.integers(0, 8)))
    ]
    scale = draw(st.sampled_from(list(Scale)))
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(-60, 60)))
    end = start + timedelta(days=draw(st.integers(0, 500)))
    as_of = start + timedelta(days=draw(st.integers(-30, 530)))
    return Chart(draw(TEXT), found, start, end, scale, as_of, 2026)


@settings(max_examples=200, deadline=None)
@given(charts(), st.integers(1, 200), st.booleans(), st.sampled_from(["en", "zh-CN"]))
def test_hostile_charts_are_drawn_alike(chart: Chart, width: int, ascii_mode: bool, lang: str) -> None:
    """Markup, escapes, bidi overrides, workflow commands, wide and zero-width text, line breaks."""
    use(lang)
    use_ascii(ascii_mode)
    try:
        drawn = plain_drawn(chart, width, ascii_mode)
        if drawn is not None:
            assert drawn == rich_drawn(chart, width, ascii_mode)
    finally:
        use("en")
        use_ascii(False)


def test_hostile_text_that_only_needs_cleaning_takes_the_plain_path() -> None:
    """Titles with markup, escapes, bidi overrides and wide CJK still go without Rich, and alike."""
    title = "[bold]梧桐苑\x1b[31m红\u202e改造::error title=x::"
    found = [
        Row(0, "::error 线 (L)"),
        Row(1, "1-3月 [red]"),
        Row(2, title, Item("IM-1", title, date(2026, 2, 1), date(2026, 9, 30), 40, State.OVERDUE, "L", True)),
        Row(2, "x", Item("\u2066X-2", "（一）" * 30, date(2025, 12, 1), date(2027, 2, 1), 0, State.TODO, "L")),
    ]
    chart = Chart("[b]计划\x1b]8;;x\x07", found, date(2026, 1, 1), date(2026, 12, 31), Scale.MONTH, AS_OF, 2026)
    for ascii_mode in (False, True):
        use_ascii(ascii_mode)
        try:
            for width in range(1, 201):
                drawn = plain_drawn(chart, width, ascii_mode)
                if width >= 36:  # the compact list's last line is 34 cells: narrower, Rich crops it
                    assert drawn is not None, width
                if drawn is not None:
                    assert drawn == rich_drawn(chart, width, ascii_mode), width
                    assert "\x1b" not in drawn
                    assert "\u202e" not in drawn
                    assert "[bold]" in drawn or width < 60  # markup stays text
        finally:
            use_ascii(False)


def test_a_line_wider_than_the_terminal_is_left_to_rich() -> None:
    chart = real_chart(By.TASK, Scale.MONTH)
    assert timeline_plain(chart, 30) is None  # "! overdue  x blocked  (start..due)" is 34 cells: Rich crops it
    assert plain_drawn(chart, 34, False) == rich_drawn(chart, 34, False)


def test_emoji_are_measured_by_rich() -> None:
    """A character outside the known widths is measured as Rich measures it, so lines still match."""
    item = Item("E-1", "😀 家庭 🎉", date(2026, 3, 1), date(2026, 5, 1), 10, State.DOING, "L")
    chart = Chart(
        "t", [Row(0, "😀"), Row(2, "x", item)], date(2026, 1, 1), date(2026, 12, 31), Scale.MONTH, AS_OF, 2026
    )
    for width in (40, 60, 100):
        drawn = plain_drawn(chart, width, False)
        assert drawn is not None
        assert drawn == rich_drawn(chart, width, False)


def test_known_widths_are_rich_s_in_every_unicode_version() -> None:
    """Each character of KNOWN_WIDTHS: Rich's width in every Unicode version Rich knows, and the
    layout's own measure (so a line the layout fits is a line Rich does not crop)."""
    from rich._unicode_data._versions import VERSIONS
    from rich.cells import get_character_cell_size

    checked = 0
    for first, last, cells in KNOWN_WIDTHS:
        for ch in map(chr, range(first, last + 1)):
            assert ch.isprintable()
            assert cell_width(ch) == cells, hex(ord(ch))
            for version in VERSIONS:
                assert get_character_cell_size(ch, version) == cells, (hex(ord(ch)), version)
            checked += 1
    assert checked > 28000


@given(st.text(st.sampled_from("a 1[中，（—…█░│┆▼é\u0301\u200b😀\u200d\ufe0f\x1b\t\u2028\u3000\u9fff"), max_size=30))
def test_known_width_is_rich_s_or_none(text: str) -> None:
    from rich.cells import cell_len

    found = known_width(text)
    assert found is None or found == cell_len(text)
    if found is None:
        assert any(not any(a <= ord(ch) <= b for a, b, _ in KNOWN_WIDTHS) for ch in text)


# --- whole commands ----------------------------------------------------------------------------

FILTERS = [
    (),
    ("--by", "period"),
    ("--by", "line"),
    ("--ascii",),
    ("--scale", "week", "--from", "2026-03-04", "--to", "2026-06-30"),
    ("--scale", "quarter", "--overdue"),
    ("--line", "IM", "--status", "doing"),
    ("--search", "梧桐苑"),
    ("--owner", "nobody"),
    ("--due-soon",),
]


def both_ways(cli: Runner, monkeypatch: pytest.MonkeyPatch, args: list[str], width: int) -> tuple[str, str]:
    """The command's output off a terminal, then with Rich made to draw it (a setting that Rich reads
    as a terminal's says the output is no longer plainly plain; NO_COLOR keeps the colour off)."""
    monkeypatch.delenv("TTY_INTERACTIVE", raising=False)
    plain = cli(*args, env={"COLUMNS": str(width)})
    drawn = cli(*args, env={"COLUMNS": str(width), "TTY_INTERACTIVE": "0"})
    monkeypatch.delenv("TTY_INTERACTIVE")
    assert (plain.exit_code, plain.stderr) == (drawn.exit_code, drawn.stderr) == (0, "")
    return plain.stdout, drawn.stdout


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("args", FILTERS, ids=" ".join)
def test_commands_print_the_same_both_ways(
    cli: Runner, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], lang: str
) -> None:
    for width in (40, 61, 100, 157):
        command = ["--lang", lang, "timeline", *args, "--plans", str(PLANS), "--as-of", str(AS_OF)]
        plain, drawn = both_ways(cli, monkeypatch, command, width)
        assert plain == drawn, width
        assert plain.strip()


def test_a_hostile_plan_prints_the_same_both_ways(cli: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Names and titles with markup, escapes, bidi overrides, workflow commands and wide text."""
    line_file = (
        'line: "::error file=x::线"\ncode: X\nperiods:\n  - period: 1-3月\n    goal: "[bold]目标"\n    tasks:\n'
        '      - id: X-1\n        title: "[bold]梧桐苑\\e[31m红\\u202e改造::warning ::x"\n        due: 2026-02-01\n'
        '      - id: X-2\n        title: "::error title=Injected::from a title"\n'
        '      - id: X-3\n        title: "（一）中文标题很长很长很长很长很长很长很长很长很长很长很长很长"\n        progress: 30\n'
    )
    folder = small_plan(tmp_path, line_file, plan=PLAN.replace("title: t", 'title: "[b]计划\\e]8;;x\\a"'))
    assert len(list(load_plan(folder).lines[0].tasks)) == 3
    for by in By:
        for width in (40, 80, 120):
            plain, drawn = both_ways(cli, monkeypatch, ["timeline", "--by", by, "--plans", str(folder)], width)
            assert plain == drawn, (by, width)
            assert workflow_commands(plain) == []
            assert "\x1b" not in plain
            assert "\u202e" not in plain


def test_mermaid_is_unchanged_by_the_setting(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["timeline", "--format", "mermaid", "--plans", str(PLANS), "--as-of", str(AS_OF)]
    plain, drawn = both_ways(cli, monkeypatch, args, 100)
    assert plain == drawn
    assert plain.startswith("```mermaid")


def test_the_plain_path_is_taken_off_a_terminal(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Off a terminal the command does not reach Rich's drawing at all; with a terminal setting it does."""
    import pmtasks.render.timeline_rich as rich_side

    calls: list[int] = []
    original = rich_side.timeline_view

    def counted(chart: Chart, width: int, ascii_only: bool = False) -> object:
        calls.append(width)
        return original(chart, width, ascii_only)

    monkeypatch.setattr(rich_side, "timeline_view", counted)
    plain, drawn = both_ways(cli, monkeypatch, ["timeline", "--plans", str(PLANS), "--as-of", str(AS_OF)], 100)
    assert calls == [100]  # only the second run, which a terminal setting sent to Rich
    assert plain == drawn
