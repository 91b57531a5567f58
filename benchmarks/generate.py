"""Realistic large plans for the benchmarks: Chinese titles, owners, logs, and about 65% overdue.

Run:  python benchmarks/generate.py OUT_DIR [--tasks 10000] [--files 4] [--seed 1]

Writes ``OUT_DIR/plans/2026/plan.yaml`` and one business-line file per ``--files``, each with
twelve monthly periods. Judged as of AS_OF (mid-December), about 65% of the tasks are open
and past their due date. ``taskwarrior_rows`` gives the same tasks as Taskwarrior import rows.
The output depends only on the arguments, so two runs give the same bytes.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 12, 15)
YEAR = 2026
PLAN = (
    "# 集团2026年工作任务清单（基准测试用的生成计划）\n"
    "title: 集团2026年工作任务清单\norg: 集团运营管理部\nyear: 2026\ntimezone: Asia/Shanghai\n"
)
VERBS = ("完成", "推进", "梳理", "落实", "组织", "编制", "开展", "优化", "对接", "复盘")
OBJECTS = (
    "服务方案",
    "项目需求清单",
    "合作机制",
    "年度预算",
    "运营台账",
    "风险排查",
    "招采计划",
    "品质巡检",
    "客户回访",
    "交付标准",
    "成本测算",
    "竣工验收",
)
PLACES = ("梧桐苑", "太原项目", "长沙片区", "合肥园区", "贵阳新城", "滨江花园", "锦绣里", "云栖府")
OWNERS = ("市场组", "运营组", "工程组", "成本组", "客服中心", "设计组", "财务组", "综合办")
NOTES = ("已与业主方沟通", "等待集团审批", "资料已提交", "需协调外部资源", "按计划推进")
LINES = (
    "内部市场深耕",
    "代建业务深耕",
    "外部市场拓展",
    "创新业务孵化",
    "品质运营提升",
    "数字化建设",
    "成本管控",
    "客户服务",
)


def _title(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)}{rng.choice(PLACES)}{rng.choice(OBJECTS)}，明确分工与时间节点"


def _task(rng: random.Random, code: str, number: int, month: int) -> Iterator[str]:
    end = date(YEAR, month + 1, 1) - timedelta(days=1) if month < 12 else date(YEAR, 12, 31)
    late = rng.random() < 0.71 and month < 12  # open and due before AS_OF: overdue
    if late:
        status = rng.choice(("todo", "doing", "doing", "blocked"))
    else:  # closed, or due after AS_OF (December's tasks)
        status = rng.choice(("done", "done", "dropped")) if month < 12 else rng.choice(("done", "doing", "todo"))
    progress = 100 if status == "done" else rng.randrange(0, 95, 5)
    yield f"      - id: {code}-{number}"
    yield f"        title: {_title(rng)}"
    yield f"        owner: {rng.choice(OWNERS)}"
    yield f"        status: {status}"
    yield f"        progress: {progress}"
    if rng.random() < 0.3 and month < 12:
        yield f"        due: {end - timedelta(days=rng.randrange(0, 20))}"
    if rng.random() < 0.2:
        yield f"        tags: [{rng.choice(PLACES)}, 重点]"
    if rng.random() < 0.5:
        yield "        log:"
        for day in sorted(rng.sample(range(1, 28), 2)):
            yield f"          - date: {date(YEAR, month, day)}"
            yield f"            progress: {min(progress, day * 3)}"
            yield f"            note: {rng.choice(NOTES)}"


def line_file(index: int, tasks: int, rng: random.Random) -> str:
    code = f"L{index + 1}"
    out = [
        f"# {LINES[index % len(LINES)]}",
        f"line: {LINES[index % len(LINES)]}{index // len(LINES) or ''}",
        f"code: {code}",
        "periods:",
    ]
    for month in range(1, 13):
        share = range(tasks * (month - 1) // 12, tasks * month // 12)
        out += [
            f"  - period: {month}月",
            f"    goal: 第{month}月目标：稳步推进重点工作",
            "    resources:",
            "      - 集团协同支持",
            "      - 区域项目资源",
            "    tasks:",
        ]
        for number in share:
            out += _task(rng, code, number + 1, month)
    return "\n".join(out) + "\n"


def make_plan(tasks: int, files: int = 4, seed: int = 1) -> dict[str, bytes]:
    """Repository-relative names and bytes of a plan of ``tasks`` tasks in ``files`` line files."""
    rng = random.Random(seed)
    plan = {f"plans/{YEAR}/plan.yaml": PLAN.encode()}
    for index in range(files):
        share = tasks * (index + 1) // files - tasks * index // files
        plan[f"plans/{YEAR}/{index + 1:02d}-line.yaml"] = line_file(index, share, rng).encode()
    return plan


def write_plan(root: Path, tasks: int, files: int = 4, seed: int = 1) -> Path:
    """Write the plan under ``root``; returns ``root / "plans"``."""
    for name, data in make_plan(tasks, files, seed).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root / "plans"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(write_plan(args.out, args.tasks, args.files, args.seed))


if __name__ == "__main__":
    main()
