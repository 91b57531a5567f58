"""The history engine against a scripted repository: plans at commits, events, slips, trend."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from history_repo import MERGE, MERGE_SUBJECT, STEPS, build, git, on_line, week_series

from pmtasks.errors import UnknownTask, UsageError
from pmtasks.git import history as engine
from pmtasks.git.events import change_log, slips, task_events, task_story
from pmtasks.git.history import read_history
from pmtasks.git.repo import ObjectReader, Repo
from pmtasks.git.trend import By, Every, days_needed, sample_days, trend
from pmtasks.plan import build as plan_build
from pmtasks.plan import items as plan_items


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    return build(root)


def test_the_first_parent_line_minus_the_commit_that_does_not_load(repo: Path) -> None:
    found = read_history(Repo(repo), "plans")
    expected = [(d, who, s.subject) for d, who, s in on_line()]
    expected[5] = (expected[5][0], expected[5][1], MERGE_SUBJECT)  # the merge carries the branch's change
    assert [(c.day, c.author, c.subject) for c in found.commits] == expected
    bad = next(s for s in STEPS if s.invalid)
    assert [(s.commit.subject, s.commit.day.isoformat()) for s in found.skipped] == [(bad.subject, bad.date[:10])]
    assert found.notes == [
        f"skipped {found.skipped[0].commit.short} (2026-02-24): its plan does not load: "
        "plans/2026/a.yaml:21:19: `progress` is 150, out of range"
    ]
    assert found.shallow is None


def test_one_cat_file_process_and_each_distinct_item_parsed_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[ObjectReader] = []
    parsed: list[tuple[str, bytes]] = []
    items: list[tuple[bytes, object]] = []

    class Counting(ObjectReader):
        def __init__(self, r: Repo) -> None:
            started.append(self)
            super().__init__(r)

    real_file, real_item = plan_build.file_result, plan_items._item

    def counting_file(data: bytes, path: str, kind: str, year: int | None, currency: str) -> Any:
        if kind == "line":
            parsed.append((path, data))
        return real_file(data, path, kind, year, currency)

    def counting_item(chunk: Any, indent: int, block: Any, *args: Any) -> Any:
        items.append((chunk.item, block.context))
        return real_item(chunk, indent, block, *args)

    monkeypatch.setattr(engine, "ObjectReader", Counting)
    monkeypatch.setattr(plan_build, "file_result", counting_file)
    monkeypatch.setattr(plan_items, "_item", counting_item)
    found = read_history(Repo(repo), "plans")
    assert len(started) == 1
    assert len(items) == len(set(items))  # no task item read twice for the same period
    tasks = {(t.id, t.title) for rev in found.revisions for t in rev.plan.tasks}
    assert len(items) >= len(tasks)
    # Only the files of the commit whose plan does not load are read whole, to say what is wrong.
    assert len(parsed) == len(set(parsed))
    assert sorted(path for path, _ in parsed) == ["plans/2026/a.yaml", "plans/2026/b.yaml"]
    assert any(b"progress: 150" in data for _, data in parsed)


def test_a_due_date_moved_three_times_by_two_people(repo: Path) -> None:
    story = task_story(read_history(Repo(repo), "plans"), "a-2")
    moves = [(e.commit.author, e.get("due")) for e in story.events if e.get("due")]
    assert [(who, c.old, c.new, c.days) for who, c in moves if c] == [
        ("张三", "2026-03-31", "2026-04-15", 15),
        ("李四", "2026-04-15", "2026-05-10", 25),
        ("张三", "2026-05-10", "2026-05-20", 10),
    ]
    assert [e.reason for e in story.events[1:]] == ["甲方评审推迟", "等待设计输入", "方案范围扩大"]
    # The task's own log entries are merged in, each after the commit of its day.
    kinds = [("log" if s.log else "commit", s.day.isoformat()) for s in story.entries]
    assert kinds == [("commit", "2026-01-05")] + [
        (k, d) for d in ("2026-01-20", "2026-02-03", "2026-03-02") for k in ("commit", "log")
    ]


def test_a_task_moved_to_another_file_and_a_renamed_file_are_the_same_tasks(repo: Path) -> None:
    events = task_events(read_history(Repo(repo), "plans"))
    b2 = [e for e in events if e.id == "B-2"]
    assert [e.kind for e in b2] == ["added", "changed"]
    assert {c.name: (c.old, c.new) for c in b2[1].changes} == {
        "file": ("plans/2026/b.yaml", "plans/2026/a.yaml"),
        "line": ("乙业务", "甲业务"),
    }
    renamed = [e for e in events if e.commit.subject.startswith("Fix the plan") and e.get("file")]
    assert sorted(e.id for e in renamed) == ["B-1", "B-3"]
    assert all(e.kind == "changed" and [c.name for c in e.changes] == ["file"] for e in renamed)
    assert not [e for e in events if e.kind == "removed"]


def test_the_merge_commit_brings_the_branch_changes(repo: Path) -> None:
    events = [e for e in task_events(read_history(Repo(repo), "plans")) if e.commit.subject == MERGE_SUBJECT]
    assert {e.id: e.commit.author for e in events} == {"A-1": MERGE[1], "B-1": MERGE[1]}
    b1 = next(e for e in events if e.id == "B-1")
    assert (b1.get("status").new, b1.reason) == ("done", "机制已建立")  # type: ignore[union-attr]


def test_a_window_and_its_base(repo: Path) -> None:
    found = read_history(Repo(repo), "plans", since=date(2026, 2, 1), until=date(2026, 2, 28))
    assert [c.day.isoformat() for c in found.commits] == ["2026-02-03", "2026-02-10", "2026-02-20"]
    assert found.base is not None
    assert found.base.commit.day == date(2026, 1, 20)
    log = change_log(found)
    assert [e.id for e in log.rescheduled] == ["A-2"]
    assert [e.id for e in log.completed] == ["B-1"]
    assert not log.added  # the tasks of the base are not new in the window
    assert [(x.line, x.rescheduled, x.slip_days, x.completed) for x in log.lines] == [
        ("甲业务", 1, 25, 0),
        ("乙业务", 0, 0, 1),
    ]


def test_a_range_of_commits(repo: Path) -> None:
    shas = [c.sha for c in read_history(Repo(repo), "plans").commits]
    found = read_history(Repo(repo), "plans", f"{shas[2]}..{shas[4]}")
    assert [c.sha for c in found.commits] == shas[3:5]
    assert found.base is not None
    assert found.base.commit.sha == shas[2]
    with pytest.raises(UsageError):
        read_history(Repo(repo), "plans", f"{shas[2]}...{shas[4]}")


def test_slips(repo: Path) -> None:
    report = slips(read_history(Repo(repo), "plans"))
    [slip] = report.tasks
    assert (slip.task.id, slip.moves, slip.later, slip.days) == ("A-2", 3, 3, 50)
    assert (slip.first, slip.current, slip.by) == (date(2026, 3, 31), date(2026, 5, 20), ("张三", "李四"))
    assert [(t.name, t.tasks, t.moves, t.days) for t in report.by_owner] == [("李四", 1, 3, 50)]
    assert [(t.name, t.tasks, t.moves, t.days) for t in report.by_line] == [("甲业务", 1, 3, 50)]
    assert report.moves_of("a-2") == 3
    assert report.moves_of("A-1") == 0


def test_plan_as_of_takes_the_last_commit_at_or_before_the_day(repo: Path) -> None:
    found = read_history(Repo(repo), "plans")
    assert found.plan_as_of(date(2026, 1, 4)) is None
    for day, expected in ((date(2026, 1, 5), "2026-01-05"), (date(2026, 2, 25), "2026-02-20")):
        rev = found.plan_as_of(day)
        assert rev is not None
        assert rev.commit.day.isoformat() == expected


def test_unknown_task_suggests_ids(repo: Path) -> None:
    with pytest.raises(UnknownTask) as caught:
        task_story(read_history(Repo(repo), "plans"), "A-22")
    assert "A-2" in caught.value.suggestions


def test_weekly_trend_matches_an_independent_computation(repo: Path) -> None:
    end = date(2026, 3, 15)
    result = trend(read_history(Repo(repo), "plans"), Every.week, end)
    got = [(d, s.total, s.actual, s.expected, s.done, s.overdue) for d, s in result.series()]
    assert got == week_series(end)
    assert len(got) == 10
    assert all(d.weekday() == 6 for d, *_ in got)


def test_grouped_trend_adds_up(repo: Path) -> None:
    result = trend(read_history(Repo(repo), "plans"), Every.month, date(2026, 3, 31), By.line)
    assert [p.day.isoformat() for p in result.points] == ["2026-01-31", "2026-02-28", "2026-03-31"]
    assert result.groups == ("甲业务", "乙业务")
    for point in result.points:
        assert sum(g.total for g in point.groups) == point.overall.total
        assert sum(g.done for g in point.groups) == point.overall.done


def test_sample_days() -> None:
    assert sample_days(date(2026, 1, 31), date(2026, 3, 1), Every.month) == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 1),
    ]
    assert sample_days(date(2026, 1, 11), date(2026, 1, 11), Every.week) == [date(2026, 1, 11)]
    with pytest.raises(UsageError):
        sample_days(date(2026, 2, 1), date(2026, 1, 1), Every.week)


def test_a_shallow_clone_says_how_far_back_it_could_see(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo}", str(clone)], check=True, capture_output=True
    )
    found = read_history(Repo(clone), "plans")
    assert found.shallow is not None
    assert [c.subject for c in found.commits] == [STEPS[-2].subject, STEPS[-1].subject]
    assert found.notes[-1].startswith(f"shallow clone: history is visible back to {found.shallow.short} (2026-03-02)")
    assert "git fetch --unshallow" in found.notes[-1]


def test_a_repository_whose_history_never_loads(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "plans" / "2026").mkdir(parents=True)
    (root / "plans" / "2026" / "plan.yaml").write_text("title: [\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "broken")
    found = read_history(Repo(root), "plans")
    assert found.revisions == ()
    assert len(found.skipped) == 1
    with pytest.raises(UsageError):
        trend(found, Every.week, date(2026, 3, 1))


def test_a_sampled_history_gives_the_same_trend_reading_fewer_plans(repo: Path) -> None:
    end = date(2026, 3, 31)
    full = read_history(Repo(repo), "plans")
    sampled = read_history(Repo(repo), "plans", at=days_needed(Every.month, end))
    assert [c.day.isoformat() for c in sampled.commits] == ["2026-01-20", "2026-02-20", "2026-03-10"]
    assert sampled.listed == tuple(full.listed)
    assert len(full.listed) == 9
    for by in By:
        assert trend(sampled, Every.month, end, by) == trend(full, Every.month, end, by)


def test_a_new_year_in_plan_yaml_moves_the_dates_of_files_that_did_not_change(tmp_path: Path) -> None:
    """Every business-line file is read in plan.yaml's year: a new year changes its tasks' dates."""
    root = tmp_path / "year"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    folder = root / "plans" / "2026"
    folder.mkdir(parents=True)
    line = "line: 市场\ncode: M\nperiods:\n  - period: Q1\n    goal: 目标\n    tasks:\n"
    line += "      - id: M-1\n        title: 调研\n      - id: M-2\n        title: 回访\n        due: 2027-03-01\n"
    (folder / "m.yaml").write_text(line, encoding="utf-8")
    for year, when in (("2026", "2026-01-05T09:00:00+08:00"), ("2027", "2026-01-06T09:00:00+08:00")):
        (folder / "plan.yaml").write_text(f"title: 计划\nyear: {year}\n", encoding="utf-8")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", f"year {year}", when=when)
    found = read_history(Repo(root), "plans")
    assert found.notes == []
    assert [r.settings for r in found.revisions] == [(2026, "元"), (2027, "元")]
    assert [r.title for r in found.revisions] == [r.plan.title for r in found.revisions] == ["计划", "计划"]
    last = list(found.steps())[-1].diff
    changed = {c.id: {x.name for x in c.changes} for c in last.changed}
    assert changed == {"M-1": {"start", "due"}, "M-2": {"start"}}  # M-2 is due when it says
