"""Output that scales: status lists a screenful of overdue tasks; list's fast table is Rich's table."""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import subprocess
import sys

import pytest
from conftest import PLANS, Runner

AS_OF = "2026-11-23"  # 29 of the real plan's 44 tasks are overdue


@pytest.mark.parametrize("lines", [20, 25, 40, 60])
def test_status_lists_a_screenful_of_overdue_tasks_then_the_command_for_all(lines: int, cli: Runner) -> None:
    result = cli("status", "--plans", str(PLANS), "--as-of", AS_OF, env={"LINES": str(lines)})
    out = result.stdout.splitlines()
    rows = [line.split()[0] for line in out[out.index("Overdue (29)") + 1 :] if " late " in line]
    assert len(out) <= max(lines, 4 + 8 + 5)
    assert len(rows) == min(29, max(5, lines - 12))  # 4 business lines: 12 lines around the list
    more = [line for line in out if line.startswith("… and")]
    if len(rows) == 29:
        assert more == []
        return
    assert more == [
        f"… and {29 - len(rows)} more overdue; list them all with: pmtasks list --overdue --sort due --as-of {AS_OF}"
    ]
    command = shlex.split(more[0].split(": ", 1)[1])[1:]
    listed = json.loads(cli(*command, "--plans", str(PLANS), "--format", "json").stdout)["tasks"]
    assert len(listed) == 29
    assert [t["id"] for t in listed[: len(rows)]] == rows


def test_status_json_keeps_every_overdue_task(cli: Runner) -> None:
    board = json.loads(cli("status", "--plans", str(PLANS), "--as-of", AS_OF, "--format", "json").stdout)
    assert len(board["overdue"]) == 29 == board["overall"]["overdue"]


def test_list_table_lines_are_as_wide_as_the_terminal(cli: Runner) -> None:
    out = cli("list", "--plans", str(PLANS), "--as-of", AS_OF).stdout.splitlines()
    from rich.cells import cell_len

    assert all(cell_len(line) == 100 for line in out[:-1])
    assert re.fullmatch(r"44 tasks, 29 overdue \(!\)", out[-1])


@pytest.mark.parametrize("width", [60, 80, 100, 105, 120, 160])
def test_status_keeps_every_digit_of_large_counts(width: int) -> None:
    """At 10,000 tasks the counts are wider than the headers: the table goes narrow before a count is cut."""
    import io
    from datetime import date

    from pmtasks.query import Dashboard, Tally
    from pmtasks.render.console import make_console
    from pmtasks.render.tasks import status_view

    lines = tuple(
        Tally(name, 2500, 516 + i, 888, 400 + i, 1596 + i, 3, 58, red=1645 + i, yellow=44, green=573 + i)
        for i, name in enumerate(["内部市场深耕", "代建业务深耕", "外部市场拓展", "创新业务孵化"])
    )
    overall = Tally(None, 10000, 2070, 3552, 1606, 6390, 12, 57, red=6586, yellow=176, green=2298)
    board = Dashboard("集团2026年工作任务清单", date(2026, 12, 15), 14, lines, overall, ())
    out = io.StringIO()
    console = make_console(file=out)
    console.width = width
    console.print(status_view(board, width))
    rows = out.getvalue().splitlines()
    for tally in (*lines, overall):
        row = next(r for r in rows if r.startswith((tally.name or "Overall")[:4]))
        numbers = [tally.total, tally.done, tally.doing, tally.blocked, tally.overdue, tally.due_soon]
        assert row.split()[1:7] == [str(n) for n in numbers], row  # the name is one word, maybe cut
        if width >= 70:
            assert f"{tally.red}/{tally.yellow}/{tally.green}" in row or f"红 {tally.red} · 黄 {tally.yellow}" in row
    from pmtasks.text import cell_width

    assert all(cell_width(r) <= width for r in rows)


def _rich_modules_after(*args: str) -> list[str]:
    """The Rich modules a real process has imported once it ran ``pmtasks ARGS`` (output not a terminal)."""
    return _modules_after(("rich",), *args)


def _modules_after(packages: tuple[str, ...], *args: str) -> list[str]:
    """The modules of ``packages`` a real process has imported once it ran ``pmtasks ARGS`` (output not a terminal)."""
    code = (
        "import sys; from pmtasks.cli import run; run(sys.argv[1:]); "
        f"sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] in {packages!r})))"
    )
    command = [sys.executable, "-c", code, *args, "--plans", str(PLANS), "--as-of", AS_OF]
    settings = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "PMTASKS_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(settings)} | {"COLUMNS": "100"}
    proc = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    return list(ast.literal_eval(proc.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("args", [("list",), ("status",), ("show", "IM-1"), ("ledger", "list")])
def test_json_never_goes_through_rich(args: tuple[str, ...]) -> None:
    assert _rich_modules_after(*args, "--format", "json") == []


def test_the_lean_table_off_a_terminal_imports_only_rich_s_measure() -> None:
    loaded = set(_rich_modules_after("list"))
    assert "rich.cells" in loaded
    assert not {"rich.console", "rich.text", "rich.table"} & loaded


def test_status_off_a_terminal_imports_only_rich_s_measure() -> None:
    loaded = set(_rich_modules_after("status"))
    assert not {"rich.console", "rich.text", "rich.table"} & loaded


def test_check_off_a_terminal_imports_no_rich_console() -> None:
    assert not {"rich.console", "rich.text", "rich.table"} & set(_rich_modules_after("check"))


def test_show_off_a_terminal_imports_no_rich_console() -> None:
    assert not {"rich.console", "rich.text", "rich.table"} & set(_rich_modules_after("show", "IM-1"))


@pytest.mark.parametrize(
    "args",
    [
        ("timeline",),
        ("timeline", "--by", "period"),
        ("timeline", "--by", "line", "--ascii"),
        ("timeline", "--scale", "week", "--from", "2026-03-04", "--to", "2026-06-30", "--line", "IM"),
        ("--lang", "zh-CN", "timeline", "--overdue"),
        ("timeline", "--format", "mermaid"),
    ],
    ids=" ".join,
)
def test_timeline_off_a_terminal_imports_neither_rich_nor_dateutil(args: tuple[str, ...]) -> None:
    assert _modules_after(("rich", "dateutil"), *args) == []
