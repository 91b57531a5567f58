"""plans/2026 carries the department's 2026 task table faithfully, task by task."""

import re
from pathlib import Path

from conftest import PLANS

from pmtasks.plan.load import load_plan
from pmtasks.plan.model import Status

SEED = Path(__file__).resolve().parent / "data" / "seed-2026.md"
ORDINAL = re.compile(r"^[一二三四五六七八九十]+、")


def seed_rows() -> list[tuple[str, str, str, list[str], str]]:
    """(line, tasks cell, period, resources, goal) for each row, the line carried down."""
    rows = []
    line = ""
    for raw in SEED.read_text(encoding="utf-8").splitlines():
        if not raw.startswith("|") or raw.startswith("|---") or "核心业务板块" in raw:
            continue
        cells = raw.strip()[1:-1].split("|")
        assert len(cells) == 5, raw
        line = ORDINAL.sub("", cells[0]) or line
        rows.append((line, cells[1], cells[2], cells[3].split("；"), cells[4]))
    return rows


def test_plan_matches_seed_table() -> None:
    plan = load_plan(PLANS)
    blocks = [(line, block) for line in plan.lines for block in line.periods]
    rows = seed_rows()
    assert len(rows) == len(blocks) == 15
    for (line_name, tasks_cell, period, resources, goal), (line, block) in zip(rows, blocks, strict=True):
        assert line.name == line_name
        assert block.period.label == period
        assert list(block.resources) == resources
        assert block.goal == goal
        # The track prefix ("城市更新、适老化改造：") moved into the period's track.
        prefix = f"{block.track}：" if block.track else ""
        assert tasks_cell.startswith(prefix)
        assert [t.title for t in block.tasks] == tasks_cell[len(prefix) :].split("；")


def test_plan_shape_and_invented_nothing() -> None:
    plan = load_plan(PLANS)
    tasks = list(plan.tasks)
    assert [line.name for line in plan.lines] == ["内部市场巩固", "代建业务深耕", "外部市场拓展", "创新赛道开拓"]
    assert len(tasks) == 44
    assert {b.track for b in plan.lines[3].periods} == {"城市更新、适老化改造", "物业存量项目节能改造"}
    assert all(t.status is Status.TODO and t.progress == 0 and t.owner is None and not t.log for t in tasks)
    assert len({t.id for t in tasks}) == 44
    for line in plan.lines:
        assert [t.id for t in line.tasks] == [f"{line.code}-{n}" for n in range(1, len(list(line.tasks)) + 1)]
