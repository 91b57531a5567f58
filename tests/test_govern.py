"""The governance formulas, one pure function each, at their edges; and the colours in status, list and check."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import report_repo
from conftest import Runner

from pmtasks.errors import UsageError
from pmtasks.govern.colour import Colour, colour, month_ends
from pmtasks.govern.ontime import rate
from pmtasks.govern.pace import pace
from pmtasks.govern.redblack import red_black, score, standing
from pmtasks.govern.window import following, last_full, parse_window
from pmtasks.plan.model import ReportPolicy

POLICY = ReportPolicy()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 31), 0),  # before the start
        (date(2026, 4, 1), 1),  # day 1 of 91: 1.098… → 1
        (date(2026, 5, 15), 49),  # 45/91 = 49.45 → 49
        (date(2026, 5, 16), 51),  # 46/91 = 50.55 → 51
        (date(2026, 6, 30), 100),
        (date(2026, 12, 1), 100),  # past the due date
    ],
)
def test_pace(day: date, expected: int) -> None:
    assert pace(date(2026, 4, 1), date(2026, 6, 30), day) == expected


def test_pace_rounds_halves_up() -> None:
    # day 1 of 8 is 12.5%: 四舍五入 gives 13 (Python's round() would give 12)
    assert pace(date(2026, 1, 1), date(2026, 1, 8), date(2026, 1, 1)) == 13


@pytest.mark.parametrize(
    ("lag", "overdue", "lagged", "expected"),
    [
        (9, False, False, Colour.GREEN),
        (10, False, False, Colour.YELLOW),
        (30, False, False, Colour.YELLOW),
        (31, False, False, Colour.RED),
        (-50, True, False, Colour.RED),  # overdue is red however far ahead it was
        (0, False, True, Colour.YELLOW),  # Ouhai: caught up after a red month-end
        (31, False, True, Colour.RED),  # still behind: red until it catches up
    ],
)
def test_colour_thresholds(lag: int, overdue: bool, lagged: bool, expected: Colour) -> None:
    assert colour(lag, overdue, lagged, POLICY) is expected


def test_thresholds_come_from_the_policy() -> None:
    strict = ReportPolicy(yellow=5, red=15)
    assert colour(5, False, False, strict) is Colour.YELLOW
    assert colour(16, False, False, strict) is Colour.RED


def test_month_ends() -> None:
    assert month_ends(date(2026, 3, 15), 2) == [date(2026, 2, 28), date(2026, 1, 31)]
    assert month_ends(date(2026, 1, 1), 1) == [date(2025, 12, 31)]
    assert month_ends(date(2026, 1, 1), 0) == []


def test_rate() -> None:
    assert rate(2, 3) == Decimal("66.7")
    assert rate(1, 8) == Decimal("12.5")
    assert rate(0, 0) is None


def test_score_weights_and_nothing_due() -> None:
    assert score(Decimal(50), Decimal(100), POLICY) == Decimal("70.0")
    assert score(None, Decimal(0), POLICY) == Decimal("60.0")  # nothing due: full marks on that part
    assert score(Decimal(50), Decimal(100), ReportPolicy(on_time_weight=1, pace_weight=0)) == Decimal("50.0")


def test_red_black_ties_share_a_place_and_force_majeure_exempts() -> None:
    policy = ReportPolicy(top=1, bottom=1)
    units = [
        standing("甲", 2, 1, 2, [], [], policy),  # 100
        standing("乙", 2, 1, 2, [], [], policy),  # 100, tied with 甲
        standing("丙", 2, 1, 0, ["X-1"], [], policy),  # 0, missed
        standing("丁", 2, 1, 0, ["X-2"], ["X-2"], policy),  # 0, missed for force majeure only
    ]
    red, black = red_black(units, policy)
    assert [s.unit for s in red] == ["乙", "甲"] or [s.unit for s in red] == ["甲", "乙"]
    assert [s.unit for s in black] == ["丙"]


def test_windows() -> None:
    assert last_full("weekly", date(2026, 11, 23)).label == "2026-W47"
    assert last_full("weekly", date(2026, 11, 22)).label == "2026-W46"
    assert last_full("monthly", date(2026, 12, 1)).label == "2026-11"
    assert last_full("monthly", date(2026, 1, 15)).label == "2025-12"
    assert last_full("quarterly", date(2026, 10, 1)).label == "2026Q3"
    assert following(parse_window("quarterly", "2026q4")).label == "2027Q1"
    assert parse_window("weekly", "2026W1").start == date(2025, 12, 29)
    with pytest.raises(UsageError):
        parse_window("monthly", "2026/11")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("colours") / "repo"
    report_repo.build(root)
    return root


def test_status_list_and_report_agree_on_the_colours(cli: Runner, repo: Path) -> None:
    status = json.loads(cli("status", "--as-of", "2026-11-30", "-f", "json", cwd=repo).stdout)
    report = json.loads(
        cli("report", "monthly", "--month", "2026-11", "--as-of", "2026-12-01", "-f", "json", cwd=repo).stdout
    )
    by_colour = {c: [t["id"] for t in report["tasks"] if t["colour"] == c] for c in ("red", "yellow", "green")}
    overall = status["overall"]
    assert {c: overall[c] for c in by_colour} == {c: len(ids) for c, ids in by_colour.items()}
    for name, ids in by_colour.items():
        listed = json.loads(cli("list", "--colour", name, "--as-of", "2026-11-30", "-f", "json", cwd=repo).stdout)
        assert [t["id"] for t in listed["tasks"]] == ids
    assert by_colour["red"] == ["MK-5", "BD-1", "BD-3", "BD-4"]


def test_status_shows_the_colour_counts(cli: Runner, repo: Path) -> None:
    out = cli("status", "--as-of", "2026-11-30", cwd=repo).stdout
    assert "红·黄·绿" in out
    assert "红 1 · 黄 0 · 绿 4" in out  # 市场拓展


def test_check_fails_on_red(cli: Runner, repo: Path) -> None:
    calm = cli("check", "--as-of", "2026-11-30", "--deadlines", "warn", cwd=repo)
    assert calm.exit_code == 0
    red = cli("check", "--as-of", "2026-11-30", "--deadlines", "warn", "--fail-on", "red", cwd=repo)
    assert red.exit_code == 1
    assert "pmtasks: 4 red as of 2026-11-30: MK-5, BD-1, BD-3, BD-4" in red.stderr
    off = cli("check", "--as-of", "2026-11-30", "--deadlines", "off", "--fail-on", "red", cwd=repo)
    assert off.exit_code == 0  # no date-dependent rule runs, the colours included
    early = cli("check", "--as-of", "2026-07-02", "--fail-on", "red", cwd=repo)
    assert early.exit_code == 0
    assert early.stderr == ""


def test_check_fail_on_red_from_plan_yaml(cli: Runner, repo: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(repo / "plans", tmp_path / "plans")
    plan = tmp_path / "plans" / "2026" / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "check:\n  deadlines: warn\n  fail_on: red\n", encoding="utf-8")
    result = cli("check", "--as-of", "2026-11-30", cwd=tmp_path)
    assert result.exit_code == 1
    assert "4 red" in result.stderr


def test_list_rejects_an_unknown_colour(cli: Runner, repo: Path) -> None:
    result = cli("list", "--colour", "blue", cwd=repo)
    assert result.exit_code == 2
    assert "--colour 'blue' is not a colour; use red, yellow or green" in result.stderr


def test_report_settings_are_validated_where_they_are_written(cli: Runner, tmp_path: Path) -> None:
    import shutil

    from conftest import PLANS

    shutil.copytree(PLANS, tmp_path / "plans")
    plan = tmp_path / "plans" / "2026" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + "report:\n  yellow: 40\n  red: 20\n  top: -1\n  weights: {on_time: 0, pace: 0}\n  colr: 1\n",
        encoding="utf-8",
    )
    result = cli("status", cwd=tmp_path)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines == [
        "plans/2026/plan.yaml:9:8: `red` (20) is below `yellow` (40); red must be the larger lag",
        "  hint: set `red` to at least `yellow`, e.g. yellow: 10 and red: 30",
        "plans/2026/plan.yaml:10:8: `top` is -1, out of range",
        "  hint: check the value of `top`",
        "plans/2026/plan.yaml:11:31: the weights `on_time` and `pace` are both 0, so no unit could score",
        "  hint: give `on_time` or `pace` a weight above 0",
        "plans/2026/plan.yaml:12:3: unknown key `colr` in a report",
        "  hint: a report may have: yellow, red, memory_months, top, bottom, weights, force_majeure",
        "pmtasks: 4 problems in plans/2026; fix them and run again",
    ]


def test_report_settings_change_the_report(cli: Runner, repo: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(repo / "plans", tmp_path / "plans")
    plan = tmp_path / "plans" / "2026" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("  bottom: 2\n", "  bottom: 2\n  red: 60\n  yellow: 50\n"),
        encoding="utf-8",
    )
    out = json.loads(cli("report", "monthly", "--as-of", "2026-12-01", "-f", "json", cwd=tmp_path).stdout)
    assert out["policy"]["red"] == 60
    # BD-3 is 56 points behind: red at the default 30, yellow once red starts above 60.
    assert next(t for t in out["tasks"] if t["id"] == "BD-3")["colour"] == "yellow"


def test_the_readme_worked_examples_hold_for_the_real_plan(cli: Runner) -> None:
    from conftest import PLANS

    def colour_of(task_id: str, day: str) -> list[str]:
        found = []
        for name in ("red", "yellow", "green"):
            out = json.loads(cli("--plans", str(PLANS), "list", "--colour", name, "--as-of", day, "-f", "json").stdout)
            found += [name for t in out["tasks"] if t["id"] == task_id]
        return found

    monthly = json.loads(cli("--plans", str(PLANS), "report", "monthly", "--as-of", "2026-12-01", "-f", "json").stdout)
    assert next(t for t in monthly["tasks"] if t["id"] == "IM-7")["pace"] == 66
    assert colour_of("IM-7", "2026-10-05") == ["green"]
    assert colour_of("IM-7", "2026-10-10") == ["yellow"]
    assert colour_of("IM-7", "2026-11-30") == ["red"]
    assert colour_of("IM-1", "2026-04-01") == ["red"]
    q3 = json.loads(cli("--plans", str(PLANS), "report", "quarterly", "--as-of", "2026-10-01", "-f", "json").stdout)
    assert q3["headline"]["due"] == 10
    assert q3["headline"]["on_time_rate"] == 0.0
    assert {r["unit"]: r["score"] for r in q3["lines"]} == {
        "外部市场拓展": 17.2,
        "内部市场巩固": 16.0,
        "代建业务深耕": 13.3,
        "创新赛道开拓": 5.7,
    }
    assert q3["red_black"]["red"] == []
    assert q3["red_black"]["black"] == ["创新赛道开拓", "代建业务深耕", "内部市场巩固"]
