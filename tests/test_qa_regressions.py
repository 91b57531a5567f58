"""Regressions found by trying the commands as a new user and as an attacker would."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import Runner
from rich.cells import cell_len


@pytest.mark.parametrize("columns", [80, 60])
def test_report_unit_table_never_cuts_a_figure(cli: Runner, plan_copy: Path, columns: int) -> None:
    """At 80 columns the by-line table showed ``Pace 60…`` and ``Score 16…``: the figures were cut."""
    args = ("report", "quarterly", "--quarter", "2026Q3", "--as-of", "2026-11-28", "--plans", str(plan_copy))
    data = json.loads(cli(*args, "-f", "json").stdout)
    out = cli(*args, env={"COLUMNS": str(columns)}).stdout
    assert all(cell_len(line) <= columns for line in out.splitlines())
    section = out.split("By business line\n", 1)[1].split("\n\n", 1)[0].splitlines()
    rows = {line.split()[0]: line for line in section[2:]}
    assert set(rows) == {u["code"] for u in data["lines"]}
    for unit in data["lines"]:
        figures = rows[unit["code"]].split()[-9:]
        c = unit["colours"]
        expected = [
            str(unit["tasks"]),
            str(unit["done"]),
            str(unit["due"]),
            f"{unit['on_time_rate']}%",
            f"{unit['progress']}%",
            f"{unit['pace']}%",
            f"{c['red']}/{c['yellow']}/{c['green']}",
            str(unit["score"]),
            str(unit["rank"]),
        ]
        assert figures == expected


@pytest.mark.parametrize(
    ("kind", "option", "window", "starts"),
    [
        ("weekly", "--week", "2026-W49", "2026-11-30"),
        ("monthly", "--month", "2027-01", "2027-01-01"),
        ("quarterly", "--quarter", "2027Q1", "2027-01-01"),
    ],
)
def test_report_refuses_a_window_that_has_not_begun(
    cli: Runner, plan_copy: Path, kind: str, option: str, window: str, starts: str
) -> None:
    """A window after the as-of date printed guesses as facts (``Overdue at window end 43``) with exit 0."""
    result = cli("report", kind, option, window, "--as-of", "2026-11-28", "--plans", str(plan_copy))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{window} starts {starts}, after the as-of date 2026-11-28" in result.stderr


def test_report_takes_the_window_that_holds_the_as_of_date(cli: Runner, plan_copy: Path) -> None:
    """A window that has begun but not ended (the week so far) is still a report."""
    result = cli("report", "weekly", "--week", "2026-W48", "--as-of", "2026-11-28", "--plans", str(plan_copy))
    assert result.exit_code == 0
    assert "2026-W48 (2026-11-23 – 2026-11-29)" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_kpi_refuses_an_unknown_line(cli: Runner, fmt: str) -> None:
    """``kpi --line XX`` said "The plan has no KPIs" with exit 0 on a plan that has nine."""
    example = Path(__file__).resolve().parent.parent / "examples" / "budget" / "plans"
    result = cli("kpi", "--line", "XX", "--format", fmt, "--plans", str(example), "--as-of", "2026-08-15")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--line 'XX' is not in the plan; it has: IM 内部市场巩固, EM 外部市场拓展" in result.stderr
    known = cli("kpi", "--line", "em", "--format", "json", "--plans", str(example), "--as-of", "2026-08-15")
    assert known.exit_code == 0
    assert json.loads(known.stdout)["count"] == 2


def _wan(yuan: str) -> str:
    return "—" if yuan == "0" else f"{Decimal(yuan) / 10000:.2f}万元"


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("by", ["line", "period", "owner"])
def test_budget_never_cuts_an_amount(cli: Runner, columns: int, by: str) -> None:
    """At 80 columns ``budget`` showed ``145.00万…`` and ``123.00 …``: the amounts were cut."""
    example = Path(__file__).resolve().parent.parent / "examples" / "budget" / "plans"
    args = ("budget", "--by", by, "--plans", str(example), "--as-of", "2026-08-15")
    rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").stdout.lstrip("\ufeff"))))
    out = cli(*args, env={"COLUMNS": str(columns)}).stdout
    assert all(cell_len(line) <= columns for line in out.splitlines())
    table = [line.split() for line in out.splitlines()[3:] if line.strip()][: len(rows) - 1]
    total = next(line.split() for line in out.splitlines() if line.strip().startswith("Total"))
    for row, cells in zip(rows, [*table, total], strict=True):
        expected = [_wan(row["budget"]), _wan(row["spent"]), f"{row['spent_percent']}%", f"{row['progress']}%"]
        assert cells[-6:-2] == expected
        assert cells[-2:] == [d if d != "0" else "—" for d in (row["effort"], row["effort_actual"])]


def _tags(plan_copy: Path, task_id: str) -> list[str]:
    text = (plan_copy / "2026" / "01-internal-market.yaml").read_text(encoding="utf-8")
    block = text.split(f"- id: {task_id}\n", 1)[1].split("\n      - id:", 1)[0]
    return [line for line in block.splitlines() if line.strip().startswith("tags:")]


def test_add_and_edit_write_a_tag_once(cli: Runner, plan_copy: Path) -> None:
    """``add --tag b --tag B`` and ``edit --tag b --tag B`` wrote ``tags: [b, B]``: one tag twice, as --untag sees it."""
    common = ("--plans", str(plan_copy), "--as-of", "2026-03-05")
    added = cli("add", "-l", "IM", "-p", "4-9月", "复盘", "--tag", "b", "--tag", "B", "--tag", "c", *common)
    assert added.exit_code == 0, added.stderr
    assert _tags(plan_copy, added.stdout.strip()) == ["        tags: [b, c]"]
    edited = cli("edit", "IM-5", "--tag", "x", "--tag", "X", "--tag", "y", *common)
    assert edited.exit_code == 0, edited.stderr
    assert _tags(plan_copy, "IM-5") == ["        tags: [x, y]"]
    again = cli("edit", "IM-5", "--tag", "Y", *common)
    assert again.exit_code == 3
    assert "nothing to change" in again.stderr
