"""How long loading a large plan takes, against plain libyaml parsing of the same bytes.

Run:  python benchmarks/bench_load.py [--tasks 5000] [--repeat 7]

Prints the median of each measurement and the ratio to the baseline measured in the same run,
so a busy machine shifts both numbers together. Nothing here is asserted; tests never time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import yaml

from pmtasks.plan.load import load_files
from pmtasks.query import TaskFilter, dashboard

PLAN = "title: 大型计划\nyear: 2026\n".encode()


def make_plan(tasks: int, lines: int = 8) -> dict[str, bytes]:
    """``tasks`` tasks spread over ``lines`` files, twelve monthly periods each."""
    files = {"plans/2026/plan.yaml": PLAN}
    per_line = tasks // lines
    for n in range(lines):
        out = [f"line: 业务线{n}", f"code: L{n}", "periods:"]
        for i in range(per_line):
            if i % (per_line // 12 or 1) == 0 and i // (per_line // 12 or 1) < 12:
                month = i // (per_line // 12 or 1) + 1
                out += [
                    f"  - period: {month}月",
                    f"    goal: 第{month}月目标",
                    "    resources: [人力, 预算]",
                    "    tasks:",
                ]
            out += [
                f"      - id: L{n}-{i + 1}",
                f"        title: 完成第{i + 1}项工作，明确需求与服务方案",
                "        owner: 市场组",
                "        status: doing",
                f"        progress: {i % 100}",
            ]
        files[f"plans/2026/{n:02d}-line.yaml"] = ("\n".join(out) + "\n").encode()
    return files


def median_seconds(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    files = make_plan(args.tasks)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def baseline() -> None:
        for data in files.values():
            yaml.load(data, Loader=loader)

    def pmtasks_load() -> None:
        load_files(files, "plans/2026")

    plan = load_files(files, "plans/2026")
    from datetime import date

    day = date(2026, 6, 30)
    base = median_seconds(baseline, args.repeat)
    load = median_seconds(pmtasks_load, args.repeat)
    board = median_seconds(lambda: dashboard(plan, day), args.repeat)
    query = median_seconds(lambda: TaskFilter(search="第42", as_of=day).select(plan), args.repeat)
    print(f"plan: {args.tasks} tasks in {len(files) - 1} files, median of {args.repeat} runs")
    print(f"{'libyaml parse (baseline)':<28}{base * 1000:9.1f} ms   1.00x")
    for name, value in (("pmtasks load + validate", load), ("status dashboard", board), ("list --search", query)):
        print(f"{name:<28}{value * 1000:9.1f} ms {value / base:6.2f}x")


if __name__ == "__main__":
    main()
