"""Every figure of pmtasks's performance goals, each side by side with its baseline in one run.

Run:  python benchmarks/run.py [--repeat 5] [--big-repeat 3] [--no-big]

Generates the 10k plan (4 files of 2,500 tasks, Chinese titles, logs, about 65% overdue) and the
100k plan (40 files), copies the real plan, and times whole processes: each pmtasks command and
its baseline run alternately, ``--repeat`` times, and the medians are compared. Taskwarrior
(``task``) is the baseline for the 10k list and status figures when it is installed. Prints one
row per goal with both medians, the ratio, the goal and whether it is met. Every process runs with
its bytecode cached, as an installed package has it: a private ``PYTHONPYCACHEPREFIX`` filled by
the untimed first runs, whatever ``PYTHONDONTWRITEBYTECODE`` says. Nothing is asserted;
a busy machine moves both sides of each ratio together, but not perfectly: read the ratios as
rough on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from generate import AS_OF, write_plan

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FLOOR = "import typer, rich, yaml, pydantic, dateutil"
PARSE = FLOOR + "\nimport sys\nfor f in sys.argv[1:]:\n    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)"


@dataclass
class Run:
    seconds: float
    peak_mib: float


def run(cmd: list[str], env: dict[str, str], cwd: Path) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return Run(elapsed, usage.ru_maxrss / 1024)


@dataclass
class Figure:
    name: str
    ours: list[Run]
    base: list[Run]
    base_name: str
    goal: float | None

    @property
    def ratio(self) -> float:
        return median(self.ours) / median(self.base)


def median(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


class Bench:
    def __init__(self, work: Path, repeat: int) -> None:
        self.work = work
        self.repeat = repeat
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith("PMTASKS_") and k != "PYTHONDONTWRITEBYTECODE"
        }
        self.env.update(
            {
                "PYTHONPYCACHEPREFIX": str(work / "pycache"),  # compiled once, as pip does on install
                "COLUMNS": "100",
                "NO_COLOR": "1",
                "PMTASKS_CACHE_DIR": str(work / "cache"),
                "TASKDATA": str(work / "tw"),
                "TASKRC": str(work / "taskrc"),
            }
        )
        self.figures: list[Figure] = []

    def pm(self, plans: Path, *args: str, cold: bool = False) -> tuple[list[str], dict[str, str]]:
        env = {**self.env, **({"PMTASKS_NO_CACHE": "1"} if cold else {})}
        return [PY, "-m", "pmtasks", *args, "--plans", str(plans), "--as-of", AS_OF.isoformat()], env

    def pair(
        self,
        name: str,
        ours: tuple[list[str], dict[str, str]],
        base: list[str] | tuple[list[str], dict[str, str]],
        base_name: str,
        goal: float | None,
        repeat: int | None = None,
    ) -> Figure:
        """Time ``ours`` and ``base`` alternately, after one untimed run of each."""
        runs_ours: list[Run] = []
        runs_base: list[Run] = []
        base_cmd, base_env = base if isinstance(base, tuple) else (base, self.env)
        run(ours[0], ours[1], self.work)  # warm the page cache (and pmtasks's, unless it is off)
        run(base_cmd, base_env, self.work)
        for _ in range(repeat or self.repeat):
            runs_ours.append(run(ours[0], ours[1], self.work))
            runs_base.append(run(base_cmd, base_env, self.work))
        figure = Figure(name, runs_ours, runs_base, base_name, goal)
        self.figures.append(figure)
        print(row(figure), flush=True)
        return figure

    def check(self, size: str, plans: Path, *, cold: bool, repeat: int | None = None) -> Figure:
        """``check --deadlines off`` against the parse floor of the same files."""
        files = [str(p) for p in sorted((plans / "2026").glob("*.yaml"))]
        return self.pair(
            f"`check --deadlines off`, {size}, {'cold' if cold else 'warm'}",
            self.pm(plans, "check", "--deadlines", "off", cold=cold),
            [PY, "-c", PARSE, *files],
            "parse floor",
            1.0 if cold else 0.3,
            repeat,
        )


def row(f: Figure) -> str:
    goal = f"≤ {f.goal:g}×" if f.goal is not None else "—"
    met = "" if f.goal is None else ("met" if f.ratio <= f.goal else "NOT met")
    return (
        f"| {f.name} | {median(f.ours):.3f} s | {f.base_name} {median(f.base):.3f} s "
        f"| {f.ratio:.2f}× | {goal} | {met} |"
    )


def machine() -> str:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else ""
    )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}; load average before the run: {load}; bytecode cached"
    )


def taskwarrior(bench: Bench, plans: Path) -> bool:
    """Load the same tasks into a private Taskwarrior database; False when ``task`` is missing."""
    if shutil.which("task") is None:
        return False
    (bench.work / "tw").mkdir()
    (bench.work / "taskrc").write_text("confirmation=no\nverbose=nothing\nhooks=off\n", encoding="utf-8")
    out = subprocess.run(
        [PY, "-m", "pmtasks", "list", "--format", "json", "--plans", str(plans), "--as-of", AS_OF.isoformat()],
        env=bench.env,
        capture_output=True,
        check=True,
    )
    # the same tasks are overdue today in Taskwarrior as at AS_OF in pmtasks
    shift = datetime.now(UTC).astimezone().date() - AS_OF
    states = {"done": "completed", "dropped": "deleted"}
    rows = [
        {
            "description": t["title"],
            "project": t["line"],
            "status": states.get(t["status"], "pending"),
            "due": f"{date.fromisoformat(t['due']) + shift:%Y%m%d}T000000Z",
            "tags": t["tags"],
            "entry": "20260101T000000Z",
            **({"end": "20260102T000000Z"} if t["status"] in states else {}),
        }
        for t in json.loads(out.stdout)["tasks"]
    ]
    subprocess.run(
        ["task", "import", "-"],
        input=json.dumps(rows).encode(),
        env=bench.env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return True


def git_repo(folder: Path) -> None:
    for args in (
        ["init", "-q", "-b", "main"],
        ["config", "user.name", "基准"],
        ["config", "user.email", "b@example.com"],
        ["add", "-A"],
        ["commit", "-q", "-m", "plan"],
    ):
        subprocess.run(["git", *args], cwd=folder, check=True, stdout=subprocess.DEVNULL)


def change_tasks(plans: Path, every: int) -> int:
    """Retitle every ``every``-th task and push its due date; returns how many changed."""
    changed = 0
    for path in sorted((plans / "2026").glob("*-line.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("        title: ") and int(lines[i - 1].rsplit("-", 1)[1]) % every == 0:
                lines[i] = line.replace("明确分工", "重新明确分工")
                changed += 1
        path.write_text("".join(lines), encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--big-repeat", type=int, default=3)
    parser.add_argument("--no-big", action="store_true", help="skip the 100,000-task plan")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench = Bench(work, args.repeat)
        real = work / "real"
        shutil.copytree(ROOT / "plans", real / "plans")
        git_repo(real)
        small = write_plan(work / "10k", 10_000)
        git_repo(work / "10k")
        has_tw = taskwarrior(bench, small)
        print("| what | pmtasks | baseline | ratio | goal | |\n|---|---|---|---|---|---|")
        bench.pair(
            "`--version`", ([PY, "-m", "pmtasks", "--version"], bench.env), [PY, "-c", "pass"], "`python -c pass`", None
        )
        floor = [PY, "-c", FLOOR]
        for command in (["status"], ["list"], ["show", "IM-1"], ["timeline"], ["check"]):
            bench.pair(
                f"`{' '.join(command)}`, real plan", bench.pm(real / "plans", *command), floor, "import floor", 1.0
            )
        if has_tw:
            bench.pair(
                "`list --overdue`, 10k, warm",
                bench.pm(small, "list", "--overdue"),
                ["task", "+OVERDUE", "list"],
                "`task +OVERDUE list`",
                1.0,
            )
            bench.pair(
                "`list --search 梧桐苑 --format json`, 10k, warm",
                bench.pm(small, "list", "--search", "梧桐苑", "--format", "json"),
                ["task", "/梧桐苑/", "export"],
                "`task /梧桐苑/ export`",
                1.0,
            )
            bench.pair("`status`, 10k, warm", bench.pm(small, "status"), ["task", "summary"], "`task summary`", 2.0)
        else:
            print("(Taskwarrior is not installed: apt-get install taskwarrior for the 10k list and status figures)")
        cold10 = bench.check("10k", small, cold=True)
        bench.check("10k", small, cold=False)
        print(f"(changed {change_tasks(small, 50)} tasks for the diff)", flush=True)
        subprocess.run(["git", "commit", "-qam", "change"], cwd=work / "10k", check=True)
        diff = [PY, "-m", "pmtasks", "diff", "HEAD~1", "HEAD", "--plans", str(small)]
        bench.pair(
            "`diff A B`, 10k, about 200 tasks changed",
            (diff, bench.env),
            bench.pm(small, "check", "--deadlines", "off", cold=True),
            "cold `check`, 10k",
            1.0,
        )
        write_real = bench.pm(real / "plans", "done", "IM-1")
        write_big = bench.pm(small, "done", "L2-1200")
        times_real, times_big = [], []
        for _ in range(args.repeat):
            run(*bench.pm(small, "reopen", "L2-1200"), work)
            times_big.append(run(*write_big, work))
            run(*bench.pm(real / "plans", "reopen", "IM-1"), work)
            times_real.append(run(*write_real, work))
        figure = Figure(
            "`done ID` in a 2,500-task file of the 10k plan", times_big, times_real, "the same on the real plan", 3.0
        )
        bench.figures.append(figure)
        print(row(figure), flush=True)
        if not args.no_big:
            big = write_plan(work / "100k", 100_000, files=40)
            cold100 = bench.check("100k", big, cold=True, repeat=args.big_repeat)
            bench.check("100k", big, cold=False, repeat=args.big_repeat)
            growth = median(cold100.ours) / median(cold10.ours)
            peak = max(r.peak_mib for r in cold100.ours)
            base_peak = max(r.peak_mib for r in cold100.base)
            floor_growth = median(cold100.base) / median(cold10.base)
            print(
                f"| growth 10k → 100k, cold | {growth:.1f}× | parse floor {floor_growth:.1f}× "
                f"| | ≤ 10.5× | {'met' if growth <= 10.5 else 'NOT met'} |"
            )
            print(
                f"| peak memory, 100k, cold | {peak:.0f} MiB | parse floor {base_peak:.0f} MiB | | ≤ 400 MiB "
                f"| {'met' if peak <= 400 else 'NOT met'} |"
            )
        print(f"medians of {args.repeat} runs ({args.big_repeat} at 100k), each run alternating with its baseline")


if __name__ == "__main__":
    main()
