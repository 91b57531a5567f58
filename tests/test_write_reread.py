"""A write verifies its edit by reading again only the task items it changed; the result is the full loader's.

For every task of files in odd layouts (comments, blank lines, quotes, block text, flow style,
anchors and aliases, the line's name after its periods) and several edits, what
:func:`pmtasks.write.reread.prime` stores for the edited file must equal what the full loader
makes of the new text, or nothing is stored and the full loader reads it. An edit that would
leave the plan invalid is refused exactly as the full loader has it refused, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import PLANS, Runner

import pmtasks.write.store
from pmtasks.errors import PlanInvalid
from pmtasks.plan.build import file_result
from pmtasks.plan.cache import FileCache, blob_id
from pmtasks.plan.load import load_files
from pmtasks.plan.model import Plan
from pmtasks.write.itemedit import edit_items
from pmtasks.write.reread import prime
from pmtasks.write.yamledit import EditRefused, TaskEdit, apply_edits

AS_OF = "2026-03-01"
PLAN = "title: 测试计划\nyear: 2026\n"

COMMENTS = """\
# 甲业务: comments, blank lines, quotes and block text.
line: 甲业务
code: A
periods:
  - period: 1-6月  # 上半年
    goal: 完成上半年目标
    resources:
      - 集团协同支持
    kpis:
      - {name: 服务方案, target: 2, unit: 份, actual: 0}
    tasks:
      - id: A-1  # 第一项
        title: "完成需求调研: 含冒号"
        owner: 张三
        status: doing
        progress: 10
        start: 2026-01-05
        due: 2026-02-27
        log:
          - date: 2026-01-12
            progress: 10
            note: 已启动

      # 第二项
      - id: A-2
        title: '编制服务方案'
        due: 2026-03-31   # 截止
        tags: [方案, 重点]
        depends: [A-1]
      - id: A-3
        title: 组建专项团队
        notes: |
          - 这不是任务
          tasks:
          说明文字
        budget: 50万
    # 期末说明
  - period: 7-12月
    goal: 完成下半年目标
    tasks:
      - id: A-4
        title: 梳理示范项目
        status: todo
        log: [{date: 2026-07-01, note: 计划}]
"""

FLOW = """\
periods:
  - period: Q1
    goal: 一季度目标
    tasks:
    - id: B-1
      title: 无缩进的列表
      status: todo
    - {id: B-2, title: 流式任务, status: todo}
    - id: B-3
      title: 第三项
      progress: 20
      status: doing
  - period: Q2
    goal: 二季度目标
    tasks: [{id: B-4, title: 全流式, status: todo}]
line: 乙业务
code: B
"""

TIED = """\
line: 丙业务
code: C
periods:
  - period: 1-12月
    goal: 全年目标
    tasks:
      - id: C-1
        title: 研发&设计
        status: todo
      - id: C-2
        title: "跨行的
      - 引号文字"
        status: todo
      - id: C-3
        title: 普通任务
        status: todo
"""

MARKS = """\
line: 丁业务
code: D
periods:
  - period: 1-12月
    goal: 全年目标
    tasks:
      - id: D-1
        title: 研发 & 设计 *重点*
        status: todo
      - id: D-2
        title: 普通任务
        status: todo
"""

FILES = {"p/plan.yaml": PLAN, "p/a.yaml": COMMENTS, "p/b.yaml": FLOW, "p/c.yaml": TIED, "p/d.yaml": MARKS}
DAY = date(2026, 3, 1)
EDITS: dict[str, Callable[[str], TaskEdit]] = {
    "done": lambda i: TaskEdit(i, (("status", "done"), ("progress", 100)), (("date", DAY), ("status", "done"))),
    "assign": lambda i: TaskEdit(i, (("owner", "赵六"),), (("date", DAY), ("owner", "赵六"))),
    "note": lambda i: TaskEdit(i, entry=(("date", DAY), ("note", "备注: 含冒号 #号"))),
    "progress": lambda i: TaskEdit(i, (("progress", 55),)),
}


def _full(files: dict[str, bytes]) -> Plan | list[str]:
    try:
        return load_files(files, "p")
    except PlanInvalid as exc:
        return [str(p) for p in exc.problems]


@pytest.mark.parametrize("edit", list(EDITS))
def test_reading_only_the_changed_item_gives_what_the_full_loader_gives(edit: str) -> None:
    data = {name: text.encode() for name, text in FILES.items()}
    before = load_files(data, "p")
    primed: set[str] = set()
    for task in before.tasks:
        name = task.loc.path
        try:
            new = apply_edits(data[name].decode(), [EDITS[edit](task.id)]).encode()
        except EditRefused:
            assert task.id in ("B-2", "B-4")  # flow-style tasks are refused by the editor
            continue
        cache = FileCache(None, "", memory=True)
        if prime(cache, before, {name: data[name]}, {name: new}):
            primed.add(task.id)
            stored = cache.get(cache.key("line", f"{before.year}|{before.currency}", name, blob_id(new)))
            assert stored == file_result(new, name, "line", before.year, before.currency), task.id
        after = {**data, name: new}
        assert _full(after) == (load_files(after, "p", cache) if primed else _full(after))
    # The plain items are read alone. Read whole: a file where an alias or an anchor could start,
    # one whose text cuts into more items than it has tasks, and periods whose items do not sit
    # where the first period's do.
    assert primed == {"A-1", "A-2", "A-3", "A-4"}


def test_the_real_plan_is_read_item_by_item_and_loads_the_same() -> None:
    data = {str(p.relative_to(PLANS.parent)): p.read_bytes() for p in sorted((PLANS / "2026").glob("*.yaml"))}
    before = load_files(data, "plans/2026")
    for task in list(before.tasks)[::5]:
        name = task.loc.path
        new = apply_edits(data[name].decode(), [EDITS["done"](task.id)]).encode()
        cache = FileCache(None, "", memory=True)
        assert prime(cache, before, {name: data[name]}, {name: new}) == [name]
        after = {**data, name: new}
        assert load_files(after, "plans/2026", cache) == load_files(after, "plans/2026")


BREAKS = {
    "a bad status": (b"status: done", b"status: finished"),
    "an ID used twice in the file": (b"id: IM-1\n", b"id: IM-2\n"),
    "an ID of another file": (b"id: IM-1\n", b"id: EC-1\n"),
    "an unknown dependency": (b"id: IM-1\n", b"id: IM-1\n        depends: [XX-99]\n"),
    "an anchor": (b"status: done", b"status: &s done"),
}


@pytest.mark.parametrize("case", list(BREAKS))
def test_an_edit_that_breaks_the_plan_is_refused_as_the_full_loader_has_it(
    case: str, cli: Runner, plan_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit is spoiled on its way to the check; nothing is written, and the words are the full loader's."""
    old, new = BREAKS[case]
    edit = pmtasks.write.store._edit
    primed: list[list[str]] = []

    def spoiled(*args: Any) -> dict[str, bytes]:
        return {name: text.replace(old, new, 1) for name, text in edit(*args).items()}

    def counted(*args: Any) -> list[str]:
        primed.append(prime(*args))
        return primed[-1]

    monkeypatch.setattr(pmtasks.write.store, "_edit", spoiled)
    files = {p: p.read_bytes() for p in plan_copy.rglob("*.yaml")}
    outcomes = []
    for fast in (counted, lambda *args: []):
        monkeypatch.setattr(pmtasks.write.store, "prime", fast)
        result = cli("done", "IM-1", "--plans", str(plan_copy), "--as-of", AS_OF)
        outcomes.append((result.exit_code, result.stdout, result.stderr))
        assert {p: p.read_bytes() for p in plan_copy.rglob("*.yaml")} == files
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 3, outcomes[0]
    assert "would not load" in outcomes[0][2], outcomes[0]
    assert "nothing was written" in outcomes[0][2], outcomes[0]
    # Problems within the item leave the file to the full loader; those across files are found
    # by the checks across the plan, which run on an item-by-item result too.
    across = case in ("an ID of another file", "an unknown dependency")
    assert [[Path(name).name for name in names] for names in primed] == [["01-internal-market.yaml"] if across else []]


@pytest.mark.parametrize("edit", list(EDITS))
def test_editing_an_item_alone_gives_what_editing_the_whole_file_gives(edit: str) -> None:
    """Every task of the odd layouts and of the real plan, one at a time and two at once."""
    data = {name: text.encode() for name, text in FILES.items()}
    data |= {str(p.relative_to(PLANS.parent)): p.read_bytes() for p in sorted((PLANS / "2026").glob("*.yaml"))}
    plan = load_files({n: b for n, b in data.items() if n.startswith("p/")}, "p")
    real = load_files({n: b for n, b in data.items() if not n.startswith("p/")}, "plans/2026")
    alone: set[str] = set()
    tasks = [*plan.tasks, *real.tasks]
    for task, other in zip(tasks, [*tasks[1:], tasks[0]], strict=True):
        text = data[task.loc.path].decode()
        single = [(EDITS[edit](task.id), task.loc.line)]
        both = [*single, (EDITS[edit](other.id), other.loc.line)] if other.loc.path == task.loc.path else []
        for pairs in (single, both) if both else (single,):
            try:
                whole: str | None = apply_edits(text, [e for e, _ in pairs])
            except EditRefused:
                whole = None
            new = edit_items(text, pairs)
            if new is not None:
                assert new == whole, task.id
                if pairs is single:
                    alone.add(task.id)
    assert {"A-1", "A-2", "A-3", "A-4", "B-1", "B-3", "C-1", "C-3", "D-1", "D-2"} <= alone
    assert not alone & {"B-2", "B-4", "C-2"}  # flow style, and an item that does not compose alone
    assert {t.id for t in real.tasks} <= alone
