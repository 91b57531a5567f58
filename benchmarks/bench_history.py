"""How long reading a plan's history takes, against ``git log -p`` of the same folder.

Run:  python benchmarks/bench_history.py [--commits 500] [--tasks 2000] [--repeat 5]

Builds a repository (with ``git fast-import``, in a temporary folder) whose plan has ``--tasks``
tasks in 8 business-line files and ``--commits`` commits; each commit updates the progress of a few
tasks of one file with a log entry, and every tenth also moves a due date. Then it times:

- ``git log -p --first-parent`` of the plans folder (the floor: git alone, printing every change);
- the history engine: every commit's plan and the task events between them
  (``read_history`` then ``task_events``, what ``pmtasks history ID`` and ``--slips`` need);
- ``pmtasks trend --every week`` end to end in the same process, as a user runs it.

Prints the median wall time and CPU time (this process and the git processes it ran) of each, and
their ratios to the floor measured in the same run; on a busy machine the CPU figures are the
steadier. Nothing here is asserted; tests never time.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pmtasks.git.events import task_events
from pmtasks.git.history import read_history
from pmtasks.git.repo import Repo

LINES = 8
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=8)))


def _task(n: int, i: int) -> dict[str, object]:
    return {"id": f"L{n}-{i + 1}", "progress": 0, "due": date(2026, 1 + i % 12, 28), "log": []}


def _render(n: int, tasks: list[dict[str, object]]) -> bytes:
    out = [f"line: 业务线{n}", f"code: L{n}", "periods:", "  - period: 1-12月", "    goal: 全年目标", "    tasks:"]
    for t in tasks:
        out += [
            f"      - id: {t['id']}",
            f"        title: 完成{t['id']}项工作，明确需求与服务方案",
            "        owner: 市场组",
            f"        status: {'doing' if t['progress'] else 'todo'}",
            f"        progress: {t['progress']}",
            "        start: 2026-01-01",
            f"        due: {t['due']}",
        ]
        log = t["log"]
        assert isinstance(log, list)
        if log:
            out.append("        log:")
            out += [f"          - {{date: {d}, progress: {p}, note: 更新进度}}" for d, p in log]
    return ("\n".join(out) + "\n").encode()


def _blob(data: bytes) -> bytes:
    return b"data %d\n" % len(data) + data + b"\n"


def build(root: Path, commits: int, tasks: int, seed: int = 7) -> None:
    """A repository with the scripted history, written by one ``git fast-import``."""
    rng = random.Random(seed)
    lines = [[_task(n, i) for i in range(tasks // LINES)] for n in range(LINES)]
    stream = io.BytesIO()
    for k in range(commits):
        when = START + timedelta(hours=8 * k)
        stamp = f"{int(when.timestamp())} +0800"
        changed = range(LINES) if k == 0 else [rng.randrange(LINES)]
        for n in changed if k else ():
            for t in rng.sample(lines[n], 3):
                t["progress"] = min(100, int(str(t["progress"])) + 10)
                t["log"].append((when.date(), t["progress"]))  # type: ignore[attr-defined]
            if k % 10 == 0:
                t = rng.choice(lines[n])
                t["due"] = min(date(2026, 12, 31), t["due"] + timedelta(days=7))  # type: ignore[operator]
        author = ("张三", "李四", "王五")[k % 3]
        message = f"update {k}".encode()
        stream.write(b"commit refs/heads/main\n")
        stream.write(f"author {author} <p@example.com> {stamp}\ncommitter {author} <p@example.com> {stamp}\n".encode())
        stream.write(b"data %d\n" % len(message) + message + b"\n")
        if k == 0:
            stream.write(b"M 100644 inline plans/2026/plan.yaml\n" + _blob("title: 大型计划\nyear: 2026\n".encode()))
        for n in changed:
            stream.write(f"M 100644 inline plans/2026/{n:02d}-line.yaml\n".encode() + _blob(_render(n, lines[n])))
        stream.write(b"\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream.getvalue(), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def measure(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (this process and the git processes it waited for)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, clock = os.times(), time.perf_counter()
        func()
        wall.append(time.perf_counter() - clock)
        end = os.times()
        cpu.append(sum(after - before for before, after in zip(start[:4], end[:4], strict=True)))
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--commits", type=int, default=500)
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        build(root, args.commits, args.tasks)

        def floor() -> None:
            subprocess.run(
                ["git", "log", "-p", "--first-parent", "--", "plans"], cwd=root, stdout=subprocess.PIPE, check=True
            )

        def engine() -> None:
            task_events(read_history(Repo(root), "plans"))

        def trend_command() -> None:
            from pmtasks.cli import run

            cwd = os.getcwd()
            os.chdir(root)
            try:
                with redirect_stdout(io.StringIO()):
                    run(["trend", "--as-of", "2026-12-31", "--format", "json"])
            finally:
                os.chdir(cwd)

        runs = [("git log -p (floor)", floor), ("history engine (all events)", engine)]
        runs.append(("pmtasks trend --every week", trend_command))
        wall, cpu = zip(*(measure(func, args.repeat) for _, func in runs), strict=True)
    print(f"history: {args.commits} commits, {args.tasks} tasks in {LINES} files, median of {args.repeat} runs")
    print(f"{'':<30}{'wall ms':>10} {'ratio':>7}  {'CPU ms':>10} {'ratio':>7}")
    for (name, _), w, c in zip(runs, wall, cpu, strict=True):
        print(f"{name:<30}{w * 1000:10.1f} {w / wall[0]:6.2f}x  {c * 1000:10.1f} {c / cpu[0]:6.2f}x")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
