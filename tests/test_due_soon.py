"""One due-soon window, plan.yaml's check.warn_days, for status, list, timeline and check."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import PLANS, Runner

from pmtasks.plan.load import load_plan


@pytest.fixture
def week_window(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    head = target / "2026" / "plan.yaml"
    head.write_text(head.read_text(encoding="utf-8") + "check:\n  warn_days: 7\n", encoding="utf-8")
    return target


def _expected(plans: Path, days: int, as_of: str) -> set[str]:
    """Open tasks due from the as-of date to ``days`` days later, counted here without pmtasks's query."""
    day = date.fromisoformat(as_of)
    return {
        t.id
        for t in load_plan(plans).tasks
        if t.status.value not in ("done", "dropped") and day <= t.due <= day + timedelta(days=days)
    }


# 03-25: tasks due 03-31 are due soon in both windows; 04-20: those due 04-30 only in 14 days.
@pytest.mark.parametrize(("as_of", "some"), [("2026-03-25", True), ("2026-04-20", False)])
def test_status_list_timeline_and_check_agree_on_due_soon(
    cli: Runner, week_window: Path, as_of: str, some: bool
) -> None:
    wanted = _expected(week_window, 7, as_of)
    assert bool(wanted) is some
    assert some or _expected(week_window, 14, as_of)
    common = ("--plans", str(week_window), "--as-of", as_of)

    board = json.loads(cli("status", "--format", "json", *common).stdout)
    assert board["due_soon_days"] == 7
    assert board["overall"]["due_soon"] == len(wanted)
    assert "Due≤7d" in cli("status", *common).stdout

    listed = json.loads(cli("list", "--format", "json", *common).stdout)["tasks"]
    assert {t["id"] for t in listed if t["due_soon"]} == wanted
    chosen = json.loads(cli("list", "--due-soon", "--format", "json", *common).stdout)["tasks"]
    assert {t["id"] for t in chosen} == wanted

    drawn = cli("timeline", "--due-soon", "--format", "mermaid", *common).stdout
    all_ids = {t["id"] for t in listed}
    assert {i for i in all_ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", drawn)} == wanted

    report = json.loads(cli("check", "--format", "json", *common).stdout)
    assert {f["task"] for f in report["findings"] if f["code"] == "PMT003"} == wanted


def test_the_default_window_is_fourteen_days(cli: Runner) -> None:
    common = ("--plans", str(PLANS), "--as-of", "2026-04-20")
    board = json.loads(cli("status", "--format", "json", *common).stdout)
    expected = len(_expected(PLANS, 14, "2026-04-20"))
    assert expected
    assert (board["due_soon_days"], board["overall"]["due_soon"]) == (14, expected)
    assert "Due≤14d" in cli("status", *common).stdout
