"""report: the ledger section (决议清单、整改台账), over the 2026 plan with the example ledgers.

Goldens pin every format; the counts and the items of each list are computed again here from the
ledger YAML alone and compared with the JSON; a plan without ledgers keeps its report exactly as
before (the other report goldens).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PLANS, Runner, golden
from ledger_fixtures import LEDGER_EXAMPLES, plan_with_ledgers

SUFFIX = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}
CLOSING = {"done", "verified", "dropped"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plan_with_ledgers(tmp_path_factory.mktemp("ledgers"))


def _report(cli: Runner, folder: Path, *args: str) -> str:
    result = cli("report", *args, "--plans", str(folder))
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_quarterly_golden(cli: Runner, folder: Path, fmt: str) -> None:
    """2026Q2: two items closed in the quarter, one of them awaiting verification, none overdue at its end."""
    out = _report(cli, folder, "quarterly", "--quarter", "2026Q2", "--as-of", "2026-07-01", "-f", fmt)
    golden(f"report/ledger-quarterly.{SUFFIX[fmt]}", out)


@pytest.mark.parametrize(("fmt", "lang"), [("text", "en"), ("markdown", "zh-CN"), ("text", "zh-CN")])
def test_monthly_golden(cli: Runner, folder: Path, fmt: str, lang: str) -> None:
    """July 2026: three items overdue at the month's end, with owner and due date."""
    out = _report(cli, folder, "monthly", "--month", "2026-07", "--as-of", "2026-08-01", "-f", fmt, "--lang", lang)
    golden(f"report/ledger-monthly.{lang}.{SUFFIX[fmt]}", out)
    assert ("决议与整改落实情况" if lang == "zh-CN" else "Decisions and rectifications") in out


def _items() -> list[dict[str, Any]]:
    """Every item of the example ledgers, read with plain YAML."""
    items = []
    for path in sorted(LEDGER_EXAMPLES.glob("*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
    return items


def _line_tasks(code: str) -> set[str]:
    for path in sorted((PLANS / "2026").glob("0*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["code"] == code:
            return {t["id"] for p in data["periods"] for t in p["tasks"]}
    raise AssertionError(code)


def _expected(items: list[dict[str, Any]], start: date, end: date) -> dict[str, list[str]]:
    def state(i: dict[str, Any]) -> str:
        return (
            "verified" if i["status"] == "verified" or (i["status"] == "done" and i.get("verified_by")) else i["status"]
        )

    def closed_on(i: dict[str, Any]) -> date | None:
        dates = [e["date"] for e in i.get("log", []) if e.get("status") in CLOSING]
        return dates[-1] if state(i) in CLOSING and dates else None

    return {
        "open": sorted(i["id"] for i in items if state(i) in ("open", "doing")),
        "overdue": sorted(i["id"] for i in items if state(i) in ("open", "doing") and i["due"] < end),
        "closed": sorted(i["id"] for i in items if (d := closed_on(i)) is not None and start <= d <= end),
        "awaiting_verification": sorted(i["id"] for i in items if state(i) == "done"),
    }


WINDOWS = [
    ("quarterly", "--quarter", "2026Q2", "2026-07-01", date(2026, 4, 1), date(2026, 6, 30)),
    ("monthly", "--month", "2026-04", "2026-05-01", date(2026, 4, 1), date(2026, 4, 30)),
    ("monthly", "--month", "2026-05", "2026-06-01", date(2026, 5, 1), date(2026, 5, 31)),
    ("monthly", "--month", "2026-07", "2026-08-01", date(2026, 7, 1), date(2026, 7, 31)),
    ("weekly", "--week", "2026-W28", "2026-07-13", date(2026, 7, 6), date(2026, 7, 12)),
]


@pytest.mark.parametrize(("kind", "option", "window", "as_of", "start", "end"), WINDOWS)
@pytest.mark.parametrize("line", [None, "IM"])
def test_counts_match_the_yaml(
    cli: Runner, folder: Path, kind: str, option: str, window: str, as_of: str, start: date, end: date, line: str | None
) -> None:
    narrow = ("--line", line) if line else ()
    out = json.loads(_report(cli, folder, kind, option, window, "--as-of", as_of, "-f", "json", *narrow))
    items = _items()
    if line:
        tasks = _line_tasks(line)
        items = [i for i in items if tasks & set(i.get("tasks", []))]
    expected = _expected(items, start, end)
    section = out["ledgers"]
    assert section["counts"] == {"items": len(items)} | {k: len(v) for k, v in expected.items()}
    for key, ids in expected.items():
        assert sorted(i["id"] for i in section[key]) == ids, key
    for late in section["overdue"]:
        assert late["days_late"] == (end - date.fromisoformat(late["due"])).days > 0


def test_overdue_items_are_judged_at_the_windows_end(cli: Runner, folder: Path) -> None:
    """June's bulletin: JY-3 and ZG-2 fall due on June 30, the window's last day, so they are not late yet."""
    out = json.loads(_report(cli, folder, "monthly", "--month", "2026-06", "--as-of", "2026-07-01", "-f", "json"))
    assert out["ledgers"]["counts"]["overdue"] == 0
    july = json.loads(_report(cli, folder, "monthly", "--month", "2026-07", "--as-of", "2026-08-01", "-f", "json"))
    assert [(i["id"], i["owner"], i["days_late"]) for i in july["ledgers"]["overdue"]] == [
        ("JY-3", "市场组", 31),
        ("ZG-2", "质量组", 31),
        ("ZG-1", "设计组", 21),
    ]


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_no_section_without_ledgers(cli: Runner, tmp_path: Path, fmt: str) -> None:
    """An empty ledgers folder holds no ledger: the report is the one of the plan alone."""
    bare = plan_with_ledgers(tmp_path, examples=False)
    args = ("monthly", "--month", "2026-07", "--as-of", "2026-08-01", "-f", fmt)
    with_folder = _report(cli, bare, *args)
    assert "Decisions and rectifications" not in with_folder
    assert "ledgers" not in (json.loads(with_folder) if fmt == "json" else {})


def test_a_broken_ledger_stops_the_report_with_its_place(cli: Runner, tmp_path: Path) -> None:
    broken = plan_with_ledgers(tmp_path)
    (broken / "ledgers" / "bad.yaml").write_text("meeting: 例会\ndate: 2026-13-01\nitems: []\n", encoding="utf-8")
    result = cli("report", "monthly", "--as-of", "2026-08-01", "--plans", str(broken))
    assert result.exit_code == 3
    assert "bad.yaml:2:7:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_ledger_tables_fit_80_columns_with_every_figure_whole(cli: Runner, folder: Path, lang: str) -> None:
    from rich.cells import cell_len

    result = cli(
        "report",
        "monthly",
        "--month",
        "2026-07",
        "--as-of",
        "2026-08-01",
        "--lang",
        lang,
        "--plans",
        str(folder),
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.stderr
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())
    rows = [line for line in result.stdout.splitlines() if line.startswith(("JY-", "ZG-"))]
    for item, due, late in (("JY-3", "2026-06-30", 31), ("ZG-2", "2026-06-30", 31), ("ZG-1", "2026-07-10", 21)):
        row = next(r for r in rows if r.startswith(item))
        assert due in row
        assert (f"逾期 {late} 天" if lang == "zh-CN" else f"{late} days overdue") in row
