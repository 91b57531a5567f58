"""Twenty `pmtasks add` processes at the same moment: twenty distinct IDs, and a file that loads."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from writes_fixtures import git_identity, real_plan

from pmtasks.plan.load import load_plan

ADDERS = 20

_ADDER = """
import sys, time
from pathlib import Path
import pmtasks.write.store
from pmtasks.cli import run
pmtasks.write.store.LOCK_TIMEOUT = 300  # a loaded test machine may be slow; the test waits as long
folder, name, signals = sys.argv[1], sys.argv[2], Path(sys.argv[3])
(signals / f"ready-{name}").touch()
while not (signals / "go").exists():
    time.sleep(0.001)
sys.exit(run(["add", "--line", "IN", "--period", "7-12月", "--track", "物业存量项目节能改造", f"并发任务{name}",
              "--plans", folder, "--as-of", "2026-03-01"]))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMTASKS_", "GITHUB_"))}
    return {**env, **git_identity(home), "PYTHONPATH": str(ROOT)}


def test_twenty_adds_at_once_get_twenty_distinct_ids(tmp_path):
    folder = real_plan(tmp_path)
    before = load_plan(folder)
    line = next(x for x in before.lines if x.code == "IN")
    block = next(b for b in line.periods if b.period.label == "7-12月" and b.track == "物业存量项目节能改造")
    first_free = max(int(t.id.split("-")[1]) for t in before.tasks if t.id.startswith("IN-")) + 1
    signals = tmp_path / "signals"
    signals.mkdir()
    names = [str(n) for n in range(ADDERS)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _ADDER, str(folder), n, str(signals)],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        for n in names
    ]
    try:
        deadline = time.monotonic() + 300
        while not all((signals / f"ready-{n}").exists() for n in names):
            assert time.monotonic() < deadline, "adders did not start in time"
            time.sleep(0.005)
        (signals / "go").touch()  # every adder starts at once
        outputs = [proc.communicate(timeout=600) for proc in procs]
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
    assert [p.returncode for p in procs] == [0] * ADDERS, [err for _, err in outputs]
    printed = [out.strip() for out, _ in outputs]
    assert sorted(printed, key=lambda i: int(i.split("-")[1])) == [
        f"IN-{n}" for n in range(first_free, first_free + ADDERS)
    ]
    after = load_plan(folder)  # the file loads ...
    tasks = {t.id: t for t in after.tasks}
    assert len(tasks) == len(list(before.tasks)) + ADDERS
    for task_id, name in zip(printed, names, strict=True):
        task = tasks[task_id]  # ... and each adder's task is the one it was told about, in its period
        assert (task.title, task.period.label, task.track) == (f"并发任务{name}", "7-12月", "物业存量项目节能改造")
    new_block = next(
        b
        for x in after.lines
        if x.code == "IN"
        for b in x.periods
        if b.track == "物业存量项目节能改造" and b.period.label == "7-12月"
    )
    assert [t.id for t in new_block.tasks[: len(block.tasks)]] == [t.id for t in block.tasks]
