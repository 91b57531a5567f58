"""A scripted plan history in a real git repository: dated commits by several authors.

``STEPS`` is the script: each step is the plan's state after a commit, as plain data. ``build``
turns it into a repository; tests compute what pmtasks should report from ``STEPS`` directly.

The history holds progress updates, a due date moved three times by two people (A-2), a task moved
to another file (B-2 into a.yaml), a renamed file (b.yaml → b2.yaml), a merge commit, and a
commit whose plan does not load.
"""

from __future__ import annotations

import copy
import os
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from report_repo import _task, render_line

PLAN_YAML = "title: 测试计划\nyear: 2026\n"


@dataclass
class Step:
    date: str  # committer and author date, ISO with offset
    author: str
    subject: str
    files: dict[str, dict[str, Any]]  # file name → {"line", "code", "tasks": [task dicts]}
    invalid: bool = False  # the commit's plan does not load
    branch: bool = False  # committed on a side branch, then merged (see MERGE)


INITIAL: dict[str, dict[str, Any]] = {
    "a.yaml": {
        "line": "甲业务",
        "code": "A",
        "tasks": [
            _task("A-1", "完成需求调研", "张三", "2026-01-05", "2026-02-27"),
            _task("A-2", "编制服务方案", "李四", "2026-01-12", "2026-03-31"),
            _task("A-3", "组建专项团队", "张三", "2026-02-02", "2026-04-30"),
            _task("A-4", "梳理示范项目", "王五", "2026-01-05", "2026-01-30"),
        ],
    },
    "b.yaml": {
        "line": "乙业务",
        "code": "B",
        "tasks": [
            _task("B-1", "建立对接机制", "李四", "2026-01-05", "2026-02-13"),
            _task("B-2", "梳理合作城市需求", "王五", "2026-01-19", "2026-03-20"),
            _task("B-3", "制定深耕方案", "李四", "2026-02-02", "2026-05-29"),
        ],
    },
}


def _find(files: dict[str, dict[str, Any]], tid: str) -> dict[str, Any]:
    return next(t for f in files.values() for t in f["tasks"] if t["id"] == tid)


def _script() -> list[Step]:
    steps: list[Step] = []

    def step(date: str, author: str, subject: str, change: Any = None, **kw: Any) -> None:
        files = copy.deepcopy(steps[-1].files if steps else INITIAL)
        if change:
            change(files)
        steps.append(Step(date, author, subject, files, **kw))

    def progress(tid: str, value: int, day: str, note: str, status: str = "doing") -> Any:
        def apply(files: dict[str, dict[str, Any]]) -> None:
            task = _find(files, tid)
            task.update(status=status, progress=value)
            task["log"].append({"date": day, "progress": value, "note": note})

        return apply

    def due(tid: str, value: str, day: str, note: str) -> Any:
        def apply(files: dict[str, dict[str, Any]]) -> None:
            task = _find(files, tid)
            task["due"] = value
            task["log"].append({"date": day, "note": note})

        return apply

    def both(*changes: Any) -> Any:
        def apply(files: dict[str, dict[str, Any]]) -> None:
            for change in changes:
                change(files)

        return apply

    def move_b2(files: dict[str, dict[str, Any]]) -> None:
        task = _find(files, "B-2")
        files["b.yaml"]["tasks"].remove(task)
        files["a.yaml"]["tasks"].append(task)

    def rename(files: dict[str, dict[str, Any]]) -> None:
        files["b2.yaml"] = files.pop("b.yaml")

    def wrap_up(files: dict[str, dict[str, Any]]) -> None:
        _find(files, "A-4")["owner"] = "赵六"
        _find(files, "A-3")["status"] = "dropped"
        files["b2.yaml"]["tasks"].append(_task("B-4", "拓展区域市场", "李四", "2026-03-02", "2026-06-30"))

    step("2026-01-05T09:00:00+08:00", "张三", "Plan for 2026")
    step("2026-01-12T10:00:00+08:00", "李四", "A-1 under way", progress("A-1", 30, "2026-01-12", "西南公司已调研"))
    step(
        "2026-01-20T11:00:00+08:00",
        "张三",
        "A-2 later: client review",
        due("A-2", "2026-04-15", "2026-01-20", "甲方评审推迟"),
    )
    step("2026-02-03T09:30:00+08:00", "李四", "A-2 later again", due("A-2", "2026-05-10", "2026-02-03", "等待设计输入"))
    step("2026-02-10T16:00:00+08:00", "张三", "Move B-2 to 甲业务", move_b2)
    step(
        "2026-02-17T15:00:00+08:00",
        "王五",
        "Progress from the field",
        both(
            progress("A-1", 60, "2026-02-17", "华东公司已调研"),
            progress("B-1", 100, "2026-02-17", "机制已建立", "done"),
        ),
        branch=True,
    )
    step("2026-02-24T09:00:00+08:00", "李四", "Broken edit", invalid=True)
    step(
        "2026-03-02T10:00:00+08:00",
        "张三",
        "Fix the plan; rename b.yaml; A-2 later a third time",
        both(rename, due("A-2", "2026-05-20", "2026-03-02", "方案范围扩大")),
    )
    step(
        "2026-03-10T17:00:00+08:00",
        "王五",
        "March review",
        both(wrap_up, progress("A-1", 100, "2026-03-10", "调研完成", "done")),
    )
    return steps


STEPS = _script()
MERGE = ("2026-02-20T18:00:00+08:00", "张三")  # when and by whom the side branch is merged
MERGE_SUBJECT = "Merge field updates"


def render(spec: dict[str, Any]) -> str:
    """One business-line file: a single period holding the tasks."""
    return render_line(spec["code"], spec["line"], [("1-6月", "完成上半年目标", spec["tasks"])])


def git(repo: Path, *args: str, when: str = "2026-01-01T00:00:00+08:00", who: str = "张三") -> str:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": who,
        "GIT_AUTHOR_EMAIL": "plan@example.com",
        "GIT_COMMITTER_NAME": who,
        "GIT_COMMITTER_EMAIL": "plan@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def _write(repo: Path, step: Step) -> None:
    folder = repo / "plans" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.yaml"):
        old.unlink()
    (folder / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    for name, spec in step.files.items():
        (folder / name).write_text(render(spec), encoding="utf-8")
    if step.invalid:
        path = folder / "a.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("progress: 0", "progress: 150", 1), encoding="utf-8")


def build(repo: Path) -> Path:
    """Write the scripted history into a new repository at ``repo``; return it."""
    repo.mkdir(parents=True, exist_ok=True)
    git(repo, "init", "-q", "-b", "main")
    for step in STEPS:
        if step.branch:
            git(repo, "checkout", "-q", "-b", "field")
        _write(repo, step)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", step.subject, when=step.date, who=step.author)
        if step.branch:
            git(repo, "checkout", "-q", "main")
            (repo / "NOTES.txt").write_text("not part of the plan\n", encoding="utf-8")
            git(repo, "add", "NOTES.txt")
            git(repo, "commit", "-q", "-m", "Notes", when="2026-02-18T09:00:00+08:00", who="李四")
            git(repo, "merge", "-q", "--no-ff", "-m", MERGE_SUBJECT, "field", when=MERGE[0], who=MERGE[1])
    return repo


def line_commits() -> list[tuple[str, str, Step]]:
    """The steps as the first-parent line sees them: (date, author, step), the merge replacing the branch."""
    out = []
    for step in STEPS:
        when, who = MERGE if step.branch else (step.date, step.author)
        out.append((when, who, step))
    return out


def on_line() -> list[tuple[date, str, Any]]:
    """The scripted commits the first-parent line holds, with a plan that loads."""
    return [(datetime.fromisoformat(w).date(), who, s) for w, who, s in line_commits() if not s.invalid]


def week_series(end: date) -> list[tuple[date, int, int, int, int, int]]:
    """(day, tasks, actual, expected, done, overdue) per week end, straight from the script."""
    commits = on_line()
    start = commits[0][0]
    days, day = [], start + timedelta(days=6 - start.weekday())
    while day < end:
        days.append(day)
        day += timedelta(days=7)
    days.append(end)
    rows = []
    for day in days:
        step = [s for d, _, s in commits if d <= day][-1]
        tasks = [t for f in step.files.values() for t in f["tasks"]]
        live = [t for t in tasks if t["status"] != "dropped"]
        actual = round(sum(t["progress"] for t in live) / len(live))
        shares = []
        for t in live:
            start_day, due = date.fromisoformat(t["start"]), date.fromisoformat(t["due"])
            elapsed = 0 if day < start_day else (day - start_day).days + 1
            shares.append(min(100, round(100 * elapsed / ((due - start_day).days + 1))))
        expected = round(sum(shares) / len(shares))
        done = sum(t["status"] == "done" for t in tasks)
        late = sum(t["status"] not in ("done", "dropped") and day > date.fromisoformat(t["due"]) for t in tasks)
        rows.append((day, len(tasks), actual, expected, done, late))
    return rows
