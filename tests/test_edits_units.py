"""The text machinery of add, drop, reschedule, edit and move, and the reschedule entry's shape."""

from __future__ import annotations

import pytest

from pmtasks.errors import PlanInvalid
from pmtasks.plan.load import load_files
from pmtasks.write.blocks import Arrival, Block, FileChanges, Revision, apply_changes, extract, reindent
from pmtasks.write.yamledit import EditRefused

PLAN = b"title: t\nyear: 2026\n"
HEAD = "line: l\ncode: A\nperiods:\n"


def _load(text: str) -> None:
    load_files({"p/plan.yaml": PLAN, "p/a.yaml": text.encode("utf-8")}, "p")


def test_the_last_task_leaving_a_period_leaves_an_empty_list():
    text = (
        HEAD + "  - period: Q1\n    goal: g\n    tasks:\n      - id: A-1\n        title: t\n  - period: Q2\n"
        "    goal: h\n"
    )
    block = extract(text, "A-1")
    assert block == Block("      - id: A-1\n        title: t\n", 6)
    moved = apply_changes(text, FileChanges(removals=("A-1",), arrivals=(Arrival(1, block=block),)))
    assert (
        moved == HEAD + "  - period: Q1\n    goal: g\n    tasks: []\n  - period: Q2\n    goal: h\n"
        "    tasks:\n      - id: A-1\n        title: t\n"
    )
    _load(moved)


def test_a_task_arrives_in_an_empty_flow_list_at_the_files_indentation():
    text = HEAD + "- period: Q1\n  goal: g\n  tasks:\n  - id: A-1\n    title: t\n- period: Q2\n  goal: h\n  tasks: []\n"
    added = apply_changes(
        text,
        FileChanges(
            arrivals=(
                Arrival(
                    1,
                    (("id", "A-2"), ("title", "新")),
                ),
            )
        ),
    )
    assert added.endswith("- period: Q2\n  goal: h\n  tasks:\n  - id: A-2\n    title: 新\n")
    _load(added)


def test_a_new_task_follows_its_neighbours_key_order_and_spacing():
    text = (
        HEAD + "  - period: Q1\n    goal: g\n    tasks:\n      -   title: t\n          id: A-1\n          progress: 0\n"
    )
    added = apply_changes(text, FileChanges(arrivals=(Arrival(0, (("id", "A-2"), ("title", "no"), ("owner", "x"))),)))
    assert added.endswith('      -   title: "no"\n          id: A-2\n          owner: x\n          progress: 0\n')
    _load(added)


def test_comment_lines_inside_a_task_go_with_it_and_those_after_it_stay():
    text = (
        HEAD + "  - period: Q1\n    goal: g\n    tasks:\n      - id: A-1\n        title: t\n        # inside\n"
        "      # about A-2\n      - id: A-2\n        title: u\n"
    )
    assert extract(text, "A-1").text == "      - id: A-1\n        title: t\n        # inside\n"


def test_reindent_shifts_every_line_and_refuses_to_cut_text():
    block = Block("    - id: A-1\n      notes: |\n        两行\n\n        文本\n", 4)
    assert reindent(block, 6, "\r\n") == (
        "      - id: A-1\r\n        notes: |\r\n          两行\r\n\r\n          文本\r\n"
    )
    assert reindent(block, 2, "\n") == "  - id: A-1\n    notes: |\n      两行\n\n      文本\n"
    with pytest.raises(EditRefused):
        reindent(Block("    - id: A-1\n  x\n", 4), 0, "\n")


def test_block_lists_lose_and_gain_item_lines_and_keep_their_comments():
    text = (
        HEAD + "  - period: Q1\n    goal: g\n    tasks:\n      - id: A-1\n        title: t\n        tags:\n"
        "          - 甲   # first\n          # between\n          - 乙\n        notes: n\n"
    )
    edited = apply_changes(text, FileChanges((Revision("A-1", lists=(("tags", ("乙", "丙")),)),)))
    assert edited.endswith("        tags:\n          # between\n          - 乙\n          - 丙\n        notes: n\n")
    emptied = apply_changes(text, FileChanges((Revision("A-1", lists=(("tags", ()),), unset=("notes",)),)))
    assert emptied.endswith("        tags: []\n          # between\n")
    _load(edited)
    _load(emptied)


def test_a_key_on_the_line_of_its_dash_is_not_removed():
    text = HEAD + "  - period: Q1\n    goal: g\n    tasks:\n      - notes: n\n        id: A-1\n        title: t\n"
    with pytest.raises(EditRefused, match="has `notes` on the line of its `-`"):
        apply_changes(text, FileChanges((Revision("A-1", unset=("notes",)),)))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{date: 2026-01-05, due: [2026-03-31]}", "`due` must hold exactly two dates, the old and the new"),
        ("{date: 2026-01-05, due: 2026-03-31}", "`due` must be a list, not a date"),
        ("{date: 2026-01-05, start: [2026-03-31, soon]}", "`start` must be a date, not text 'soon'"),
    ],
)
def test_the_loader_checks_the_reschedule_entry(entry, message):
    text = (
        HEAD + f"  - period: Q1\n    goal: g\n    tasks:\n      - id: A-1\n        title: t\n        log: [{entry}]\n"
    )
    with pytest.raises(PlanInvalid) as caught:
        _load(text)
    assert [p.message for p in caught.value.problems] == [message]
    assert caught.value.problems[0].line == 9


def test_the_reschedule_policy_is_checked():
    with pytest.raises(PlanInvalid) as caught:
        load_files(
            {
                "p/plan.yaml": PLAN + b"reschedule: {reason: maybe, max: -1}\n",
                "p/a.yaml": (HEAD + "  - period: Q1\n    goal: g\n").encode(),
            },
            "p",
        )
    assert [p.message for p in caught.value.problems] == ["`reason` cannot be 'maybe'", "`max` is -1, out of range"]


def test_the_use_cases_run_without_typer_on_the_clock_they_are_given(tmp_path, monkeypatch):
    import shutil
    from datetime import date
    from pathlib import Path

    from conftest import PLANS
    from writes_fixtures import git_identity

    from pmtasks.usecases import edit
    from pmtasks.usecases.context import Request
    from pmtasks.write.plan_commands import NewTask

    home = tmp_path / "home"
    home.mkdir()
    for key, value in git_identity(home, "李娜").items():
        monkeypatch.setenv(key, value)
    shutil.copytree(PLANS / "2026", tmp_path / "plan")
    asked: list[str] = []

    def today(timezone: str) -> date:
        asked.append(timezone)
        return date(2026, 4, 2)

    request = Request(tmp_path / "plan", None, Path.cwd(), today)
    result = edit.add(request, NewTask("复盘", "EM", "Q3"), None, None)
    assert [s.task_id for s in result.steps] == ["EM-8"]
    assert len(result.written) == 1
    assert "- {date: 2026-04-02, status: todo, author: 李娜}\n" in Path(result.written[0]).read_text("utf-8")
    assert set(asked) == {"Asia/Shanghai"}
    moved = edit.move(request, ["em-8"], "1-6月", None, None, dry_run=True)
    assert moved.written == []
    assert moved.diff.count("-      - id: EM-8") == 1


def test_a_period_whose_every_task_leaves_keeps_an_empty_list():
    text = (
        HEAD + "  - period: Q1\n    goal: g\n    tasks:\n      - id: A-1\n        title: t\n      - id: A-2\n"
        "        title: u\n  - period: Q2\n    goal: h\n    tasks:\n      - id: A-3\n        title: v\n"
    )
    blocks = [extract(text, i) for i in ("A-1", "A-2")]
    moved = apply_changes(
        text, FileChanges(removals=("A-1", "A-2"), arrivals=tuple(Arrival(1, block=b) for b in blocks))
    )
    assert (
        moved == HEAD + "  - period: Q1\n    goal: g\n    tasks: []\n  - period: Q2\n    goal: h\n    tasks:\n"
        "      - id: A-3\n        title: v\n      - id: A-1\n        title: t\n      - id: A-2\n"
        "        title: u\n"
    )
    _load(moved)
