"""Golden example plans: each invalid one gives exactly the messages in its expected.txt."""

from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES, Runner

from pmtasks.plan.load import load_plan
from pmtasks.plan.model import LogEntry, Status

INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_plan_gives_located_messages(case: Path, cli: Runner) -> None:
    result = cli("--plans", ".", "status", cwd=case)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.stderr


def test_every_problem_line_is_located() -> None:
    for case in INVALID:
        lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        problems = [line for line in lines if not line.startswith(("  hint: ", "pmtasks: "))]
        for line in problems:
            _path, row, col, message = line.split(":", 3)
            assert row.isdigit(), line
            assert col.isdigit(), line
            assert message.startswith(" "), line
        if problems:
            assert len(lines) == 2 * len(problems) + 1, f"{case.name}: each problem has a hint"


def test_full_example_loads_every_field() -> None:
    plan = load_plan(EXAMPLES / "valid" / "full")
    assert plan.title == "示例计划"
    assert (plan.check.deadlines, plan.check.fail_on, plan.check.warn_days, plan.check.at_risk_threshold) == (
        "warn",
        "warning",
        7,
        30,
    )
    assert [t.id for t in plan.tasks][-3:] == ["IM-1", "x.custom_id-7", "IM-3"]
    task = plan.find("im-1")
    assert task is not None
    assert (task.owner, task.status, task.progress, task.start, task.due) == (
        "市场组",
        Status.DOING,
        30,
        date(2026, 1, 5),
        date(2026, 2, 28),
    )
    assert (task.depends, task.tags, task.notes, task.track) == (
        ("PF-1",),
        ("调研", "西南"),
        "状态: 进行中",
        "城市更新、适老化改造",
    )
    assert task.log == (
        LogEntry(date(2026, 2, 1), progress=30, note="完成西南公司调研", author="市场组"),
        LogEntry(date(2026, 2, 10), status=Status.DOING, owner="市场组"),
    )
    assert (task.explicit_start, task.explicit_due) == (True, True)
    assert str(task.at("due")) == f"{task.loc.path}:18:9"
    inherited = plan.find("PF-14")
    assert inherited is not None
    assert (inherited.start, inherited.due, inherited.explicit_due) == (date(2026, 1, 15), date(2026, 2, 28), False)


def test_crlf_and_bom_plan_loads() -> None:
    plan = load_plan(EXAMPLES / "valid" / "crlf-bom")
    task = plan.find("IM-1")
    assert task is not None
    assert (task.title, task.due, task.loc.line, task.loc.col) == ("调研", date(2026, 9, 30), 8, 9)


def test_real_plan_loads() -> None:
    plan = load_plan(Path(__file__).resolve().parent.parent / "plans")
    assert (plan.title, plan.year, plan.timezone) == ("项目管理部2026年工作任务清单", 2026, "Asia/Shanghai")
    assert [(line.code, len(list(line.tasks))) for line in plan.lines] == [("IM", 10), ("EC", 6), ("EM", 7), ("IN", 21)]
