"""The history engine reads files item by item; what it reports is exactly what the full loader gives.

A real repository in tmp_path holds a series of commits written as text (so every layout is as
written, comments and odd shapes included). The history is read twice: as pmtasks reads it (task
items parsed once each, plans made on demand) and with every plan loaded whole by the full loader
and compared with the existing diff. Plans, skipped commits, notes, diffs and task events must be
equal, commit by commit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PLANS
from history_repo import git
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.git import views
from pmtasks.git.diff import compare
from pmtasks.git.events import task_events
from pmtasks.git.history import History, read_history
from pmtasks.git.repo import Repo
from pmtasks.git.trend import Every, days_needed, trend
from pmtasks.plan.build import file_result
from pmtasks.plan.items import ItemReader
from pmtasks.plan.load import load_plan

PLAN = "title: 测试计划\nyear: 2026\n"

A = """\
# 甲业务: comments stay where they are.
line: 甲业务
code: A
periods:
  - period: 1-6月
    goal: 完成上半年目标
    resources:
      - 集团协同支持
      - 合作城市资源
    kpis:
      - {name: 服务方案, target: 2, unit: 份, actual: 0}
    tasks:
      - id: A-1
        title: 完成需求调研
        owner: 张三
        status: doing
        progress: 10
        start: 2026-01-05
        due: 2026-02-27
        log:
          - {date: 2026-01-12, progress: 10, note: 已启动}
      - id: A-2
        title: 编制服务方案
        owner: 李四
        due: 2026-03-31
        tags: [方案, 重点]
      - id: A-3
        title: 组建专项团队
        notes: |
          - 这不是任务
          tasks:
          说明文字
        budget: 50万
  - period: 7-12月
    goal: 完成下半年目标
    tasks:
      - id: A-4
        title: 梳理示范项目
        status: todo
"""

B = """\
line: 乙业务
code: B
periods:
  - period: Q1
    goal: 一季度目标
    tasks:
      - id: B-1
        title: 建立对接机制
        progress: 0
      - id: B-2
        title: 梳理合作城市需求
        depends: [A-2]
  - period: Q2
    goal: 二季度目标
    tasks: []
  - period: Q3
    goal: 三季度目标
"""

# Indentless lists, flow style and a tab in a value: read whole, by the full loader.
C = """\
line: 丙业务
code: C
periods:
- period: 全年
  goal: 全年目标
  tasks:
  - id: C-1
    title: 编制规划
  - {id: C-2, title: 推进试点, progress: 20}
"""

Edit = Callable[[dict[str, str]], None]


def _sub(name: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(files: dict[str, str]) -> None:
        assert old in files[name], (name, old)
        files[name] = files[name].replace(old, new, count)

    return edit


def _all(*edits: Edit) -> Edit:
    def edit(files: dict[str, str]) -> None:
        for one in edits:
            one(files)

    return edit


def _rename(old: str, new: str) -> Edit:
    def edit(files: dict[str, str]) -> None:
        files[new] = files.pop(old)

    return edit


def _move_a2_to_b(files: dict[str, str]) -> None:
    start = files["a.yaml"].index("      - id: A-2")
    end = files["a.yaml"].index("      - id: A-3")
    item = files["a.yaml"][start:end]
    files["a.yaml"] = files["a.yaml"][:start] + files["a.yaml"][end:]
    files["b.yaml"] = files["b.yaml"].replace("        depends: [A-2]\n", "        depends: [A-2]\n" + item)


LOG = "          - {date: 2026-01-12, progress: 10, note: 已启动}\n"
STEPS: list[tuple[str, Edit | None]] = [
    ("plan", None),
    ("one task's progress", _sub("a.yaml", "progress: 10\n", "progress: 30\n")),
    (
        "a log entry",
        _sub("a.yaml", LOG, LOG + "          - {date: 2026-01-20, progress: 30, note: 调研过半}\n"),
    ),
    ("a comment between tasks", _sub("a.yaml", "      - id: A-3\n", "      # 下一项\n      - id: A-3\n")),
    ("a due date moves", _sub("a.yaml", "due: 2026-03-31", "due: 2026-04-30")),
    ("A-2 moves to another file", _move_a2_to_b),
    ("b.yaml renamed", _rename("b.yaml", "b2.yaml")),
    ("an invalid progress", _sub("a.yaml", "progress: 30\n", "progress: 150\n")),
    (
        "fixed, and A-1 done",
        _sub("a.yaml", "status: doing\n        progress: 150\n", "status: done\n        progress: 100\n"),
    ),
    ("a goal edited", _sub("a.yaml", "goal: 完成下半年目标", "goal: 全面完成下半年目标")),
    ("the odd file edited", _sub("c.yaml", "progress: 20", "progress: 40")),
    (
        "a dependency cycle",
        _all(
            _sub("b2.yaml", "        title: 建立对接机制\n", "        title: 建立对接机制\n        depends: [B-2]\n"),
            _sub("b2.yaml", "depends: [A-2]", "depends: [A-2, B-1]"),
        ),
    ),
    ("the cycle broken", _sub("b2.yaml", "        depends: [B-2]\n", "")),
    ("a duplicate ID", _sub("a.yaml", "id: A-4", "id: B-1")),
    (
        "the ID fixed, a task added",
        _sub(
            "a.yaml",
            "id: B-1\n        title: 梳理示范项目\n        status: todo\n",
            "id: A-4\n        title: 梳理示范项目\n        status: todo\n      - id: A-5\n        title: 新增任务\n",
        ),
    ),
    ("a blank line inside the list", _sub("a.yaml", "      - id: A-5\n", "\n      - id: A-5\n")),
    ("a tab in a title", _sub("a.yaml", "title: 新增任务", "title: 新增\t任务")),
    ("the tab gone, a title edited", _sub("a.yaml", "title: 新增\t任务", "title: 新增重点任务")),
    ("the plan renamed", _sub("plan.yaml", "测试计划", "测试计划（修订）")),
    (
        "a period added",
        _sub(
            "b2.yaml",
            "  - period: Q3\n    goal: 三季度目标\n",
            "  - period: Q3\n    goal: 三季度目标\n    tasks:\n      - id: B-3\n        title: 三季度任务\n",
        ),
    ),
    (
        "an item at the wrong indentation",
        _sub(
            "b2.yaml",
            "      - id: B-3\n        title: 三季度任务\n",
            "      - id: B-3\n        title: 三季度任务\n     oops: 1\n",
        ),
    ),
    ("line endings of Windows", _all(_sub("b2.yaml", "     oops: 1\n", ""), _sub("c.yaml", "\n", "\r\n", -1))),
    ("the task list emptied in the odd file", _sub("c.yaml", "progress: 40", "progress: 50")),
    ("an anchor", _sub("a.yaml", "owner: 张三", "owner: &who 张三")),
    (
        "the anchor gone, a period dropped",
        _all(_sub("a.yaml", "&who ", ""), _sub("b2.yaml", "  - period: Q2\n    goal: 二季度目标\n    tasks: []\n", "")),
    ),
]


def _build(root: Path) -> Path:
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    files = {"plan.yaml": PLAN, "a.yaml": A, "b.yaml": B, "c.yaml": C}
    folder = root / "plans" / "2026"
    folder.mkdir(parents=True)
    for number, (subject, edit) in enumerate(STEPS):
        if edit is not None:
            edit(files)
        for old in folder.iterdir():
            old.unlink()
        for name, text in files.items():
            (folder / name).write_bytes(text.encode())
        git(root, "add", "-A")
        day = f"2026-{1 + number // 10:02d}-{1 + 2 * (number % 10):02d}T09:00:00+08:00"
        git(root, "commit", "-q", "-m", subject, when=day, who=("张三", "李四", "王五")[number % 3])
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("items") / "repo")


def _whole(repo: Path, monkeypatch: pytest.MonkeyPatch, **kwargs: object) -> History:
    """The history with every plan loaded whole by the full loader."""
    with monkeypatch.context() as patched:
        patched.setattr(views.ViewReader, "view", lambda *args: None)
        return read_history(Repo(repo), "plans", **kwargs)  # type: ignore[arg-type]


def test_item_by_item_equals_the_full_loader(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = read_history(Repo(repo), "plans")
    slow = _whole(repo, monkeypatch)
    # Both paths were taken: some plans read item by item, some whole.
    kinds = [isinstance(r.loaded, views.PlanView) for r in fast.revisions]
    assert any(kinds)
    assert not all(kinds)
    assert [s.commit.subject for s in fast.skipped] == [
        "an invalid progress",
        "a dependency cycle",
        "a duplicate ID",
        "an item at the wrong indentation",
        "an anchor",
    ]
    assert fast.skipped == slow.skipped
    assert fast.notes == slow.notes
    assert [r.commit for r in fast.revisions] == [r.commit for r in slow.revisions]
    for a, b in zip(fast.revisions, slow.revisions, strict=True):
        assert a.plan == b.plan, a.commit.subject
        assert [list(line.tasks) for line in a.plan.lines] == [list(line.tasks) for line in b.plan.lines]
    assert [s.diff for s in fast.steps()] == [s.diff for s in slow.steps()]
    assert task_events(fast) == task_events(slow)


def test_each_plan_equals_the_plan_on_disk(repo: Path, tmp_path: Path) -> None:
    """Against the loader on a checkout of each commit, places (line and column) included."""
    found = read_history(Repo(repo), "plans")
    work = tmp_path / "work"
    git(repo, "clone", "-q", str(repo), str(work))
    for rev in found.revisions:
        git(work, "checkout", "-q", "--detach", rev.commit.sha)
        on_disk = load_plan(work / "plans")
        assert [line.path.rsplit("/", 1)[-1] for line in rev.plan.lines] == [
            line.path.rsplit("/", 1)[-1] for line in on_disk.lines
        ]
        for mine, theirs in zip(rev.plan.lines, on_disk.lines, strict=True):
            places = [(t.id, t.loc.line, t.loc.col, t.field_locs) for t in mine.tasks]
            assert places == [(t.id, t.loc.line, t.loc.col, t.field_locs) for t in theirs.tasks]
            assert [(b.loc.line, [k.loc.line for k in b.kpis]) for b in mine.periods] == [
                (b.loc.line, [k.loc.line for k in b.kpis]) for b in theirs.periods
            ]


def test_a_trend_is_the_same_either_way(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    end = read_history(Repo(repo), "plans").commits[-1].day
    at = days_needed(Every.week, end)
    fast = trend(read_history(Repo(repo), "plans", at=at), Every.week, end)
    slow = trend(_whole(repo, monkeypatch, at=at), Every.week, end)
    assert fast == slow
    assert len(fast.points) > 3


def test_a_moved_task_is_one_change_not_a_removal_and_an_addition(repo: Path) -> None:
    found = read_history(Repo(repo), "plans")
    step = next(s for s in found.steps() if s.after.commit.subject == "A-2 moves to another file")
    assert not step.diff.added
    assert not step.diff.removed
    assert [(c.id, [x.name for x in c.changes]) for c in step.diff.changed] == [("A-2", ["file", "line", "period"])]
    assert step.before is not None
    assert step.diff.changed == compare(step.before.plan, step.after.plan).changed


SEEDS = [A.encode(), B.encode(), *(p.read_bytes() for p in sorted((PLANS / "2026").glob("0*.yaml")))]
EDITS = [
    b"x", b"\xe4\xb8\xad", b"1", b"x", b"\xe4\xb8\xad", b"1", b"\n", b" ", b"  ", b"- ", b"\n      - id: X-9\n        title: t\n", b"tasks:", b"\n    tasks:\n", b"#", b": ",
    b"'", b'"', b"[", b"]", b"{", b",", b"&a ", b"*a", b"|", b"\t", b"\r", b"yes", b"010", b"2026-02-30",
    b"\n  - period: 7-12\xe6\x9c\x88\n    goal: g\n", b"\xff", b"done", b"progress: 150", b"\n---\n",
    b"tasks: []", b"depends: [X-1]", b"\n        log:\n          - {date: 2026-01-01, note: x}\n", b"\n      # c\n",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.floats(0, 1), st.sampled_from(EDITS), st.integers(0, 12)), min_size=1, max_size=2),
)
def test_a_file_read_by_items_is_the_file_read_whole(seed: bytes, edits: list[tuple[float, bytes, int]]) -> None:
    """Whatever a file holds, reading it by items either declines or gives the full loader's line."""
    data = bytearray(seed)
    for where, text, cut in edits:
        at = int(where * len(data))
        data[at : at + cut] = text if cut % 2 else data[at : at + cut] + text
    whole = file_result(bytes(data), "plans/2026/x.yaml", "line", 2026, "元")
    view = ItemReader().read(bytes(data), "plans/2026/x.yaml", 2026, "元")
    if view is not None:
        assert whole.problems == ()
        assert view.line() == whole.line
