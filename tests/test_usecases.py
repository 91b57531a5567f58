"""The use cases run without typer or rich, on a clock they are given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import PLANS

from pmtasks.errors import PlansNotFound
from pmtasks.query import TaskFilter
from pmtasks.usecases.check import run_check
from pmtasks.usecases.context import Request
from pmtasks.usecases.read import list_tasks, status


def _clock(day: date, asked: list[str]) -> Request:
    def today(timezone: str) -> date:
        asked.append(timezone)
        return day

    return Request(PLANS, None, Path.cwd(), today)


def test_the_as_of_date_comes_from_the_clock_in_the_plans_timezone() -> None:
    asked: list[str] = []
    board = status(_clock(date(2026, 3, 2), asked))
    assert board.as_of == date(2026, 3, 2)
    assert asked
    assert set(asked) == {"Asia/Shanghai"}


def test_a_given_as_of_date_never_asks_the_clock() -> None:
    def no_clock(timezone: str) -> date:
        raise AssertionError("the clock was read")

    found = list_tasks(Request(PLANS, date(2026, 6, 30), Path.cwd(), no_clock), TaskFilter(overdue=True), "due")
    assert found.as_of == date(2026, 6, 30)
    assert found.tasks
    assert all(t.due < date(2026, 6, 30) and not t.status.closed for t in found.tasks)
    assert [t.due for t in found.tasks] == sorted(t.due for t in found.tasks)


def test_the_plans_folder_is_found_from_the_working_folder_once(tmp_path: Path) -> None:
    request = Request(None, date(2026, 6, 30), tmp_path, lambda _: date(2026, 6, 30))
    (tmp_path / ".git").mkdir()  # the search stops at the repository root
    with pytest.raises(PlansNotFound):
        request.plans_folder()
    (tmp_path / "plans").mkdir()
    assert request.plans_folder() == tmp_path / "plans"


def test_run_check_on_a_plan_that_does_not_load_uses_the_clock(tmp_path: Path) -> None:
    (tmp_path / "plan.yaml").write_text("title: x\n", encoding="utf-8")
    report = run_check(Request(tmp_path, None, tmp_path, lambda _: date(2026, 5, 4)))
    assert report.as_of == date(2026, 5, 4)
    assert {f.code for f in report.findings} == {"PMT001"}
    assert report.failed
