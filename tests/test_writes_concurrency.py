"""Writers at the same moment, and writers killed mid-write: no edit is lost, no file is ever broken."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from writes_fixtures import AS_OF, git_identity, real_plan

from pmtasks.plan.load import load_plan
from pmtasks.write.store import locked, replace_file

# Real processes racing and being killed: the slowest tests of the suite.
pytestmark = pytest.mark.slow

WRITERS = 20
ROUNDS = 5
INNOVATION = "04-innovation.yaml"
IM = "01-internal-market.yaml"

_WORKER = """
import sys, time
from pathlib import Path
import pmtasks.write.store
from pmtasks.cli import run
pmtasks.write.store.LOCK_TIMEOUT = 300  # a loaded test machine may be slow; the test waits as long
folder, task_id, rounds, signals = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
(signals / f"ready-{task_id}").touch()
for r in range(rounds):
    while not (signals / f"go-{r}").exists():
        time.sleep(0.001)
    code = run(["progress", task_id, str(r + 1), "--note", f"round {r}", "--plans", folder, "--as-of", "2026-03-01"])
    (signals / f"{task_id}.tmp").write_text(str(code))
    (signals / f"{task_id}.tmp").rename(signals / f"done-{r}-{task_id}")  # seen only when complete
"""


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMTASKS_", "GITHUB_"))}
    return {**env, **git_identity(home), "PYTHONPATH": str(ROOT)}


def _wait_for(paths: list[Path], seconds: float = 300.0) -> None:
    deadline = time.monotonic() + seconds
    while not all(p.exists() for p in paths):
        assert time.monotonic() < deadline, "writers did not finish in time"
        time.sleep(0.005)


def test_twenty_writers_at_once_lose_no_update(tmp_path):
    folder = real_plan(tmp_path)
    signals = tmp_path / "signals"
    signals.mkdir()
    ids = [f"IN-{n}" for n in range(1, WRITERS + 1)]
    logs = [open(tmp_path / f"{i}.err", "w") for i in ids]  # noqa: SIM115
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(folder), i, str(ROUNDS), str(signals)],
            env=_env(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        for i, log in zip(ids, logs, strict=True)
    ]
    try:
        _wait_for([signals / f"ready-{i}" for i in ids])
        for r in range(ROUNDS):
            (signals / f"go-{r}").touch()  # every writer starts at once
            _wait_for([signals / f"done-{r}-{i}" for i in ids])
            codes = {i: (signals / f"done-{r}-{i}").read_text() for i in ids}
            assert codes == dict.fromkeys(ids, "0"), [(tmp_path / f"{i}.err").read_text() for i in ids]
            plan = load_plan(folder)  # the file is valid ...
            for task in plan.tasks:  # ... and every writer's update of this round is in it
                if task.id in ids:
                    assert (task.status.value, task.progress, len(task.log)) == ("doing", r + 1, r + 1)
                    assert [e.note for e in task.log] == [f"round {n}" for n in range(r + 1)]
                else:
                    assert (task.status.value, task.progress, task.log) == ("todo", 0, ())
    except BaseException:
        for proc in procs:
            proc.kill()
        raise
    finally:
        for proc in procs:
            proc.wait(timeout=60)
        for log in logs:
            log.close()


def test_a_killed_command_leaves_the_old_file_or_the_new_one(tmp_path):
    """Real `pmtasks done` processes, killed with SIGKILL at random moments of their run."""
    folder = real_plan(tmp_path)
    path = folder / IM
    old = path.read_bytes()
    command = [
        sys.executable,
        "-m",
        "pmtasks",
        "done",
        "IM-1",
        "--note",
        "完成调研",
        "--plans",
        str(folder),
        "--as-of",
        AS_OF,
    ]
    env = _env(tmp_path)
    began = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    took = time.monotonic() - began
    new = path.read_bytes()
    assert new != old
    rng = random.Random(20260301)
    for _ in range(20):
        path.write_bytes(old)
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3 * took, 1.1 * took))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert path.read_bytes() in (old, new)
        load_plan(folder)


def _write_forever(path: Path, versions: tuple[bytes, bytes]) -> None:
    """Child process: swap the file between two versions, under the lock, as fast as it can."""
    try:
        while True:
            with locked([path]):
                current = path.read_bytes()
                replace_file(path, current, versions[current == versions[0]])
    finally:
        os._exit(1)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_writer_killed_mid_write_never_leaves_a_broken_file(tmp_path):
    """A writer busy replacing the file, killed at random moments 150 times: always one whole version."""
    folder = real_plan(tmp_path)
    path = folder / IM
    first = path.read_bytes()
    second = first.replace(b"status: todo\n        progress: 0\n", b"status: done\n        progress: 100\n", 1)
    versions = (first, second)
    began = time.monotonic()
    for version in (second, first) * 3:
        with locked([path]):
            replace_file(path, path.read_bytes(), version)
    per_write = (time.monotonic() - began) / 6
    rng = random.Random(42)
    writes_seen = mid_write = 0
    for _ in range(150):
        pid = os.fork()
        if pid == 0:
            _write_forever(path, versions)
        time.sleep(rng.uniform(0.001, 0.002 + 4 * per_write))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        current = path.read_bytes()
        assert current in versions
        writes_seen += current == second
        mid_write += any(folder.glob("*.pmtasks-tmp"))  # killed between the temp file and the rename
    assert 0 < writes_seen < 150
    assert mid_write > 0
    load_plan(folder)
    with locked([path]):  # the next writer clears what a killed one left behind
        replace_file(path, path.read_bytes(), first)
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [f".{IM}.pmtasks-lock"]
