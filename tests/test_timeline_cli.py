"""`pmtasks timeline` end to end: golden charts at fixed widths and a fixed as-of date."""

from __future__ import annotations

import io
from datetime import date

import pytest
from conftest import EXAMPLES, Runner, golden

from pmtasks.plan.load import load_plan
from pmtasks.text import cell_width
from pmtasks.timeline import By, Scale, rows

EXAMPLE = str(EXAMPLES / "timeline" / "plans")
AS_OF = "2026-06-30"


def chart(cli: Runner, width: int, *args: str) -> str:
    result = cli("timeline", "--as-of", AS_OF, *args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("by", ["task", "period"])
def test_real_plan(cli: Runner, width: int, by: str) -> None:
    golden(f"timeline/plan-{by}-{width}.txt", chart(cli, width, "--by", by))


def test_real_plan_by_line(cli: Runner) -> None:
    golden("timeline/plan-line-80.txt", chart(cli, 80, "--by", "line"))


def test_period_view_fits_one_screen(cli: Runner) -> None:
    """15 periods, 4 line headings, axis, borders and legend: within a 24-line terminal at 80 columns."""
    assert len(chart(cli, 80, "--by", "period").splitlines()) <= 24


@pytest.mark.parametrize("width", [80, 120])
def test_example(cli: Runner, width: int) -> None:
    """CJK and long titles, a long ID, every state, a bar that runs past the year on both sides."""
    golden(f"timeline/example-{width}.txt", chart(cli, width, "--plans", EXAMPLE))


@pytest.mark.parametrize("width", [80, 120])
def test_ascii(cli: Runner, width: int) -> None:
    out = chart(cli, width, "--plans", EXAMPLE, "--ascii")
    golden(f"timeline/example-ascii-{width}.txt", out)
    grid = [line.split("|", 1)[1] for line in out.splitlines() if "|" in line]
    assert grid
    assert all(line.isascii() for line in grid)


@pytest.mark.parametrize(("ascii_only", "blocked"), [(False, "╳"), (True, "x")])
def test_overdue_and_blocked_shows_both(cli: Runner, ascii_only: bool, blocked: str) -> None:
    """DM-7 is blocked and past its due date: the overdue flag and colour, the blocked flag and glyph."""
    out = chart(cli, 120, "--plans", EXAMPLE, "--search", "DM-7", *(["--ascii"] if ascii_only else []))
    side = "|" if ascii_only else "│"
    row = next(line for line in out.splitlines() if "DM-7" in line)
    assert f" 50%!x{side}" in row
    assert blocked * 5 in row.split(side, 1)[1]
    assert f"{'#' if ascii_only else '█'}{blocked} overdue and blocked (!x)" in out
    compact = chart(cli, 50, "--plans", EXAMPLE, "--search", "DM-7", *(["--ascii"] if ascii_only else []))
    assert " 50%!x 逾期且受阻的任务" in compact


def test_window_cuts_bars_at_both_edges(cli: Runner) -> None:
    golden(
        "timeline/example-window-80.txt",
        chart(cli, 80, "--plans", EXAMPLE, "--from", "2026-02-01", "--to", "2026-06-30"),
    )


def test_weeks(cli: Runner) -> None:
    golden(
        "timeline/example-weeks-120.txt",
        chart(cli, 120, "--plans", EXAMPLE, "--scale", "week", "--from", "2026-05-01", "--to", "2026-08-31"),
    )


def test_weeks_from_mid_week(cli: Runner) -> None:
    """The window starts on a Friday and ends on a Tuesday: every Monday still gets its label."""
    out = chart(cli, 120, "--plans", EXAMPLE, "--scale", "week", "--from", "2026-05-01", "--to", "2026-06-30")
    assert out.splitlines()[0].split()[-8:] == ["5/4", "5/11", "5/18", "5/25", "6/1", "6/8", "6/15", "6/22"]


def test_quarters(cli: Runner) -> None:
    golden("timeline/plan-quarter-80.txt", chart(cli, 80, "--scale", "quarter", "--line", "EC"))


def test_narrow_terminal_gets_a_list(cli: Runner) -> None:
    golden("timeline/example-50.txt", chart(cli, 50, "--plans", EXAMPLE))


def test_filters_are_those_of_list(cli: Runner) -> None:
    golden("timeline/plan-filtered-80.txt", chart(cli, 80, "--line", "IN", "--period", "Q2", "--search", "节能"))


def test_nothing_matches(cli: Runner) -> None:
    assert chart(cli, 80, "--owner", "nobody") == "No tasks match.\n"


@pytest.mark.parametrize("width", [20, 40, 59, 60, 61, 79, 80, 100, 120, 159, 200])
@pytest.mark.parametrize("scale", ["week", "month", "quarter"])
def test_no_line_is_wider_than_the_terminal(cli: Runner, width: int, scale: str) -> None:
    for plans in (EXAMPLE, str(EXAMPLES.parent.parent / "plans")):
        out = chart(cli, width, "--plans", plans, "--scale", scale)
        assert max(cell_width(line) for line in out.splitlines()) <= width


def test_grid_rows_line_up(cli: Runner) -> None:
    """From the top border to the bottom one, every line is exactly as wide as the terminal."""
    for width in (80, 81, 120, 200):
        lines = chart(cli, width, "--plans", EXAMPLE).splitlines()
        bottom = next(i for i, line in enumerate(lines) if line.lstrip().startswith("└"))
        assert {cell_width(line) for line in lines[1 : bottom + 1]} == {width}, width


def test_colour_by_state() -> None:
    """With colour, each state has its own: pinned as ANSI text."""
    from rich.console import Console

    from pmtasks.render.timeline import Chart
    from pmtasks.render.timeline_rich import timeline_view

    plan = load_plan(EXAMPLES / "timeline" / "plans")
    day = date(2026, 6, 30)
    found = rows(plan, list(plan.tasks), By.TASK, day)
    window = (date(2025, 11, 1), date(2027, 2, 28))
    view = timeline_view(Chart(plan.title, found, *window, Scale.MONTH, day, plan.year), 80)
    out = io.StringIO()
    Console(
        file=out,
        width=80,
        force_terminal=True,
        color_system="standard",
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
    ).print(view)
    golden("timeline/example-colour-80.ansi", out.getvalue())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2026-13-01"), "is not a date"),
        (("--from", "2026-07-01", "--to", "2026-06-01"), "ends (2026-06-01) before it starts (2026-07-01)"),
        (("--scale", "day"), "'day' is not one of"),
        (("--status", "late"), "'late' is not a status"),
    ],
)
def test_usage_errors(cli: Runner, args: tuple[str, ...], message: str) -> None:
    result = cli("timeline", "--as-of", AS_OF, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_help_warns_about_ambiguous_width(cli: Runner) -> None:
    result = cli("timeline", "--help", env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Box-drawing and block characters (█ ░ │ ┌) are 'ambiguous width'" in " ".join(result.stdout.split())


def test_readme_example_is_real_output(cli: Runner) -> None:
    readme = (EXAMPLES.parent.parent / "README.md").read_text(encoding="utf-8")
    command = "$ pmtasks timeline --by line --as-of 2026-06-30      # at 80 columns\n"
    shown = readme.split(command, 1)[1].split("```", 1)[0]
    assert shown == chart(cli, 80, "--by", "line")
