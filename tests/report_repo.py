"""A plan repository with a scripted history from June to November 2026, for the report tests.

Four owners; tasks finished early (MK-1), on time (MK-2, MK-4), late (MK-3); a due date moved
with a reason (MK-4); a reassignment (MK-5); a task added in November (BD-4); two dropped (BD-2,
BD-6); a miss with a documented force-majeure reason (BD-1).
"""

from __future__ import annotations

import copy
import os
import subprocess
from pathlib import Path
from typing import Any

PLAN_YAML = """title: 测试部2026年工作计划
org: 测试部
year: 2026
report:
  top: 1
  bottom: 2
"""

Task = dict[str, Any]


def _task(tid: str, title: str, owner: str, start: str, due: str) -> Task:
    return {
        "id": tid,
        "title": title,
        "owner": owner,
        "status": "todo",
        "progress": 0,
        "start": start,
        "due": due,
        "log": [],
    }


def initial() -> dict[str, Any]:
    return {
        "MK": (
            "市场拓展",
            [
                (
                    "7-9月",
                    "完成三季度市场目标",
                    [
                        _task("MK-1", "完成重点客户需求调研", "张伟", "2026-07-01", "2026-08-31"),
                        _task("MK-2", "签订两个试点合作协议", "李娜", "2026-07-01", "2026-09-30"),
                        _task("MK-3", "发布服务手册", "王强", "2026-07-15", "2026-09-15"),
                    ],
                ),
                (
                    "10-12月",
                    "四季度推广",
                    [
                        _task("MK-4", "举办推介会", "张伟", "2026-10-01", "2026-11-15"),
                        _task("MK-5", "建立客户档案", "李娜", "2026-10-01", "2026-12-31"),
                    ],
                ),
            ],
        ),
        "BD": (
            "工程建设",
            [
                (
                    "7-9月",
                    "完成试点建设",
                    [
                        _task("BD-1", "完成试点项目主体施工", "赵敏", "2026-07-01", "2026-09-30"),
                        _task("BD-2", "完成样板间装修", "李娜", "2026-08-01", "2026-09-30"),
                    ],
                ),
                (
                    "10-12月",
                    "推广建设成果",
                    [
                        _task("BD-3", "编制建设标准", "张伟", "2026-10-01", "2026-12-31"),
                        _task("BD-5", "组织现场观摩", "李娜", "2026-11-16", "2026-12-15"),
                        _task("BD-6", "扩建二期工程", "王强", "2026-10-01", "2026-12-31"),
                    ],
                ),
            ],
        ),
    }


def _find(state: dict[str, Any], tid: str) -> Task:
    for _, periods in state.values():
        for _, _, tasks in periods:
            for task in tasks:
                if task["id"] == tid:
                    return task  # type: ignore[no-any-return]
    raise KeyError(tid)


def _log(task: Task, day: str, author: str, **fields: Any) -> None:
    task["log"].append({"date": day, **fields, "author": author})


def _done(task: Task, day: str, author: str, note: str | None = None) -> None:
    task.update(status="done", progress=100)
    _log(task, day, author, status="done", progress=100, **({"note": note} if note else {}))


def _progress(task: Task, day: str, author: str, pct: int) -> None:
    task.update(status="doing", progress=pct)
    _log(task, day, author, status="doing", progress=pct)


def _step_add_bd4(s: dict[str, Any]) -> None:
    s["BD"][1][1][2].insert(1, _task("BD-4", "完成设备进场验收", "王强", "2026-11-01", "2026-11-20"))
    _progress(_find(s, "BD-3"), "2026-11-03", "张伟", 10)


def _step_reassign(s: dict[str, Any]) -> None:
    mk5 = _find(s, "MK-5")
    mk5["owner"] = "王强"
    _log(mk5, "2026-11-12", "李娜", owner="王强", note="人员调整")
    bd6 = _find(s, "BD-6")
    bd6["status"] = "dropped"
    _log(bd6, "2026-11-12", "王强", status="dropped", note="项目取消")


def _step_reschedule(s: dict[str, Any]) -> None:
    mk4 = _find(s, "MK-4")
    mk4["due"] = "2026-11-30"
    _progress(mk4, "2026-11-18", "张伟", 60)
    _log(mk4, "2026-11-18", "张伟", note="客户延期，推介会改至月底")


def _step_week47(s: dict[str, Any]) -> None:
    _progress(_find(s, "BD-4"), "2026-11-19", "王强", 30)
    _progress(_find(s, "BD-5"), "2026-11-21", "李娜", 40)


def _step_bd1_note(s: dict[str, Any]) -> None:
    _log(_find(s, "BD-1"), "2026-09-20", "赵敏", note="不可抗力：台风停工两周")
    bd2 = _find(s, "BD-2")
    bd2["status"] = "dropped"
    _log(bd2, "2026-09-20", "李娜", status="dropped", note="需求取消")


# (commit date, message, change): applied in order, one commit each.
STEPS = [
    ("2026-06-25T10:00:00+08:00", "Plan for the second half", lambda s: None),
    ("2026-08-20T10:00:00+08:00", "MK-1 done", lambda s: _done(_find(s, "MK-1"), "2026-08-20", "张伟")),
    ("2026-09-10T10:00:00+08:00", "BD-1 50%", lambda s: _progress(_find(s, "BD-1"), "2026-09-10", "赵敏", 50)),
    ("2026-09-20T10:00:00+08:00", "BD-1 typhoon, BD-2 dropped", _step_bd1_note),
    ("2026-09-30T18:00:00+08:00", "MK-2 done", lambda s: _done(_find(s, "MK-2"), "2026-09-30", "李娜")),
    (
        "2026-10-10T10:00:00+08:00",
        "MK-3 done late",
        lambda s: _done(_find(s, "MK-3"), "2026-10-10", "王强", "验收延后"),
    ),
    ("2026-11-03T10:00:00+08:00", "BD-4 added", _step_add_bd4),
    ("2026-11-10T10:00:00+08:00", "MK-5 20%", lambda s: _progress(_find(s, "MK-5"), "2026-11-10", "李娜", 20)),
    ("2026-11-12T10:00:00+08:00", "MK-5 to 王强, BD-6 dropped", _step_reassign),
    ("2026-11-18T10:00:00+08:00", "MK-4 moved to the end of November", _step_reschedule),
    ("2026-11-21T10:00:00+08:00", "Week 47 progress", _step_week47),
    ("2026-11-28T10:00:00+08:00", "MK-4 done", lambda s: _done(_find(s, "MK-4"), "2026-11-28", "张伟")),
]


def _yaml_value(value: Any) -> str:
    return str(value)


def render_line(code: str, name: str, periods: list[Any]) -> str:
    out = [f"line: {name}", f"code: {code}", "periods:"]
    for label, goal, tasks in periods:
        out += [f"  - period: {label}", f"    goal: {goal}", "    tasks:"]
        for t in tasks:
            out += [
                f"      - id: {t['id']}",
                f"        title: {t['title']}",
                f"        owner: {t['owner']}",
                f"        status: {t['status']}",
                f"        progress: {t['progress']}",
                f"        start: {t['start']}",
                f"        due: {t['due']}",
            ]
            if t["log"]:
                out.append("        log:")
                for entry in t["log"]:
                    out.append("          - {" + ", ".join(f"{k}: {_yaml_value(v)}" for k, v in entry.items()) + "}")
    return "\n".join(out) + "\n"


def write_state(folder: Path, state: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text(PLAN_YAML, encoding="utf-8")
    for n, (code, (name, periods)) in enumerate(state.items(), 1):
        (folder / f"0{n}-{code.lower()}.yaml").write_text(render_line(code, name, periods), encoding="utf-8")


def _git(repo: Path, when: str, *args: str) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "Plan Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.com",
        "GIT_COMMITTER_NAME": "Plan Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.com",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)


def build(repo: Path) -> Path:
    """Create the repository at ``repo`` with every step committed; return its plans/ folder."""
    repo.mkdir(parents=True, exist_ok=True)
    _git(repo, STEPS[0][0], "init", "-q", "-b", "main")
    state = initial()
    for when, message, change in STEPS:
        change(state)
        write_state(repo / "plans" / "2026", copy.deepcopy(state))
        _git(repo, when, "add", "-A")
        _git(repo, when, "commit", "-q", "-m", message)
    return repo / "plans"
