"""Ledger files load strictly: every problem in every file, located, with a hint, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import golden
from ledger_fixtures import AS_OF, CRAFTED, LEDGER_EXAMPLES, plan_files_bytes, plan_with_ledgers

from pmtasks.errors import PlanInvalid
from pmtasks.ledger.load import load_all, load_ledger_files, task_places
from pmtasks.ledger.model import Kind, State
from pmtasks.plan.load import load_files


def _problems(*names: str) -> str:
    plan = load_files(plan_files_bytes(), "plans/2026")
    files = {f"plans/2026/ledgers/{n}": (CRAFTED / "invalid" / n).read_bytes() for n in names}
    with pytest.raises(PlanInvalid) as caught:
        load_ledger_files(files, task_places(plan), "plans/2026")
    return "".join(f"{p}\n" for p in caught.value.problems)


def test_every_kind_of_mistake_gives_one_located_message_each_all_at_once() -> None:
    text = _problems("every-mistake.yaml")
    golden("ledger/every-mistake.txt", text)
    messages = [line for line in text.splitlines() if not line.startswith("  hint: ")]
    hints = [line for line in text.splitlines() if line.startswith("  hint: ")]
    assert len(messages) == len(hints) == 6
    assert [m.split(": ", 1)[0] for m in messages] == [
        "plans/2026/ledgers/every-mistake.yaml:4:5",  # IM-3 is a task's ID
        "plans/2026/ledgers/every-mistake.yaml:10:5",  # JY-9 has no owner
        "plans/2026/ledgers/every-mistake.yaml:19:10",  # 2026-09-31
        "plans/2026/ledgers/every-mistake.yaml:24:5",  # ownr
        "plans/2026/ledgers/every-mistake.yaml:29:11",  # decison
        "plans/2026/ledgers/every-mistake.yaml:34:13",  # status: closed
    ]


def test_what_the_schema_cannot_see_is_located_too() -> None:
    golden("ledger/semantic.txt", _problems("semantic.yaml"))


def test_problems_of_two_files_come_together() -> None:
    text = _problems("every-mistake.yaml", "semantic.yaml")
    starts = [line.split(":")[0] for line in text.splitlines() if not line.startswith("  hint: ")]
    assert (
        starts.count("plans/2026/ledgers/every-mistake.yaml"),
        starts.count("plans/2026/ledgers/semantic.yaml"),
    ) == (
        6,
        5,
    )


def test_the_examples_load_with_their_sources_and_states(tmp_path: Path) -> None:
    plan, book = load_all(plan_with_ledgers(tmp_path))
    assert [(led.source.kind, led.source.name, str(led.source.date)) for led in book.ledgers] == [
        ("inspection", "上海新中山项目BIM应用专项检查", "2026-06-12"),
        ("meeting", "2026年第一季度工作评估会", "2026-04-10"),
    ]
    assert [(i.id, i.kind, i.state) for i in book.items] == [
        ("ZG-1", Kind.RECTIFICATION, State.DOING),
        ("ZG-2", Kind.RECTIFICATION, State.OPEN),
        ("JY-1", Kind.DECISION, State.DONE),
        ("JY-2", Kind.DECISION, State.VERIFIED),
        ("JY-3", Kind.DECISION, State.DOING),
    ]
    linked = {t for i in book.items for t in i.tasks}
    assert all(plan.find(t) is not None for t in linked), "the examples link real tasks of plans/2026"
    assert AS_OF  # the as-of date the other ledger tests use


def test_an_invalid_plan_and_an_invalid_ledger_are_reported_together(tmp_path: Path) -> None:
    folder = plan_with_ledgers(tmp_path, "invalid/every-mistake.yaml", examples=False)
    line_file = folder / "01-internal-market.yaml"
    line_file.write_text(line_file.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    with pytest.raises(PlanInvalid) as caught:
        load_all(folder)
    paths = {Path(p.path).name for p in caught.value.problems}
    assert paths == {"01-internal-market.yaml", "every-mistake.yaml"}


def test_the_ledgers_folder_is_not_read_as_plan_files(tmp_path: Path) -> None:
    from pmtasks.plan.load import load_plan

    plan = load_plan(plan_with_ledgers(tmp_path))
    assert sum(1 for _ in plan.tasks) == 44
    assert {line.path.split("/")[-1] for line in plan.lines} == {p.name for p in (tmp_path / "plan").glob("0*.yaml")}
    assert LEDGER_EXAMPLES.is_dir()
