"""The fast task table draws exactly what Rich draws, for any tasks at any width."""

from __future__ import annotations

import io
import random
import sys
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from conftest import PLANS, Runner, rich_printed
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.i18n import use
from pmtasks.plan.model import Loc, Status, Task
from pmtasks.plan.periods import parse_period
from pmtasks.render.console import make_console
from pmtasks.render.glyphs import to_ascii, use_ascii
from pmtasks.render.lean import _TERMINAL_SETTINGS, plain_width, task_lines
from pmtasks.render.tasks import task_table

AS_OF = date(2026, 6, 30)
PERIOD = parse_period("Q2", 2026)
PIECES = st.sampled_from([*"abcXYZ 09-_.中文标题梧桐苑，。（）—…😀👍🏽é\u0301\u200b\u2028\uff21\t\x1b[", "👨‍👩‍👧"])
TEXT = st.lists(PIECES, max_size=40).map("".join)


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    return Task(
        id=draw(st.text(st.sampled_from("ABCim-12_.项"), min_size=1, max_size=20)),
        title=draw(TEXT),
        status=draw(st.sampled_from(list(Status))),
        progress=draw(st.integers(0, 100)),
        start=date(2026, 4, 1),
        due=AS_OF + timedelta(days=draw(st.integers(-200, 200))),
        line="线",
        period=PERIOD,
        loc=Loc("f.yaml", 1, 1),
        owner=draw(st.none() | TEXT),
    )


def rich_text(rows: list[Task], width: int) -> str:
    return rich_printed(task_table(rows, AS_OF, 14), width)


@settings(max_examples=150, deadline=None)
@given(st.lists(tasks(), min_size=1, max_size=8), st.integers(20, 160))
def test_lean_table_matches_rich(rows: list[Task], width: int) -> None:
    lines = task_lines(rows, AS_OF, width)
    if lines is not None:
        assert "\n".join(lines) + "\n" == rich_text(rows, width)


def random_tables(seed: int, count: int) -> Iterator[tuple[list[Task], int]]:
    """``count`` random tables of one to five tasks, each with a width to draw it at."""
    rng = random.Random(seed)
    pieces = [*"abc 09中文标题梧桐苑，—…😀é\u0301\u200b", "👨‍👩‍👧"]
    for n in range(count):
        rows = [
            Task(
                f"T-{n}-{i}",
                "".join(rng.choices(pieces, k=rng.randrange(60))),
                rng.choice(list(Status)),
                rng.randrange(101),
                date(2026, 4, 1),
                AS_OF + timedelta(days=rng.randrange(-90, 90)),
                "线",
                PERIOD,
                Loc("f.yaml", 1, 1),
                owner=rng.choice([None, "".join(rng.choices(pieces, k=rng.randrange(30)))]),
            )
            for i in range(rng.randrange(1, 6))
        ]
        yield rows, rng.randrange(50, 140)


def test_random_tables_mostly_take_the_lean_path_and_match() -> None:
    used = 0
    for rows, width in random_tables(7, 120):
        lines = task_lines(rows, AS_OF, width)
        if lines is not None:
            used += 1
            assert "\n".join(lines) + "\n" == rich_text(rows, width)
    assert used > 100


def test_lean_table_is_used_at_ordinary_widths() -> None:
    row = Task(
        "IM-1",
        "完成西南公司需求调研",
        Status.TODO,
        0,
        date(2026, 1, 1),
        date(2026, 3, 31),
        "线",
        PERIOD,
        Loc("f.yaml", 1, 1),
        owner="市场组",
    )
    for width in (60, 80, 100, 200):
        lines = task_lines([row] * 3, AS_OF, width)
        assert lines is not None
        assert "\n".join(lines) + "\n" == rich_text([row] * 3, width)
    assert task_lines([row], AS_OF, 25) is None  # too narrow for the fixed columns: Rich lays it out


@pytest.mark.parametrize(("lang", "ascii_mode"), [("zh-CN", False), ("en", True), ("zh-CN", True)])
def test_lean_table_matches_rich_in_chinese_and_ascii(lang: str, ascii_mode: bool) -> None:
    """Translated headers and statuses, ``...`` for a cut and ASCII lines: still what Rich draws."""
    use(lang)
    use_ascii(ascii_mode)
    try:
        used = 0
        for rows, width in random_tables(11, 60):
            lines = task_lines(rows, AS_OF, width)
            if lines is not None:
                used += 1
                drawn = "\n".join(lines) + "\n"
                assert (to_ascii(drawn) if ascii_mode else drawn) == rich_text(rows, width)
        assert used > 40
    finally:
        use("en")
        use_ascii(False)


def test_a_long_table_of_repeated_and_unique_cells_matches_rich() -> None:
    """Owners, statuses and titles repeat in a long table (each is measured once), titles are cut."""
    owners = [None, "市场组", "客服中心", "a" * 20, "运营组👨‍👩‍👧"]
    titles = ["推进梧桐苑交付标准，明确分工与时间节点", "x" * 120, "梧桐苑" * 30, "é\u0301 ok"]
    rows = [
        Task(
            f"L{i % 4}-{i}",
            titles[i % len(titles)] + ("" if i % 3 else f"第{i}项"),
            list(Status)[i % 5],
            i % 101,
            date(2026, 4, 1),
            AS_OF + timedelta(days=i % 40 - 20),
            "线",
            PERIOD,
            Loc("f.yaml", 1, 1),
            owner=owners[i % len(owners)],
        )
        for i in range(300)
    ]
    for width in (80, 100, 133):
        lines = task_lines(rows, AS_OF, width)
        assert lines is not None
        assert "\n".join(lines) + "\n" == rich_text(rows, width)


class _Out(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"COLUMNS": "77"},
        {"COLUMNS": "0"},
        {"COLUMNS": "wide"},
        {"FORCE_COLOR": "1"},
        {"FORCE_COLOR": ""},
        {"TTY_COMPATIBLE": "1"},
        {"TTY_COMPATIBLE": "0"},
        {"TERM": "dumb"},
        {"NO_COLOR": "1", "COLUMNS": "120"},
    ],
)
@pytest.mark.parametrize("tty", [False, True])
def test_the_width_without_rich_is_rich_s_width_when_rich_would_use_no_colour(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool
) -> None:
    for name in (*_TERMINAL_SETTINGS, "COLUMNS", "LINES", "TERM", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "stdout", _Out(tty))
    width = plain_width()
    console = make_console()
    if width is not None:
        assert console.color_system is None
        assert width == console.width
    assert (width is None) == (tty or bool(set(env) & set(_TERMINAL_SETTINGS)) or env.get("COLUMNS") in ("0", "wide"))


def test_the_list_table_off_a_terminal_never_makes_a_console(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Piped output of the list: the lines are written as they are, the same as through the console."""
    import pmtasks.render.console

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the plain list made a console")

    args = ("list", "--plans", str(PLANS), "--as-of", "2026-11-23")
    through_rich = cli(*args, env={"FORCE_COLOR": "", "COLUMNS": "90"}).stdout  # FORCE_COLOR: ask Rich
    monkeypatch.delenv("FORCE_COLOR")
    monkeypatch.setattr(pmtasks.render.console, "make_console", refused)
    assert cli(*args, env={"COLUMNS": "90"}).stdout == through_rich
