"""Ledger writers at the same moment, in real processes: each takes the file's lock, none is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from ledger_fixtures import AS_OF, plan_with_ledgers
from writes_fixtures import git_identity

from pmtasks.ledger.load import load_all

WRITERS = 6

_WORKER = """
import sys, time
from pathlib import Path
import pmtasks.write.store
from pmtasks.cli import run
pmtasks.write.store.LOCK_TIMEOUT = 300  # a loaded test machine may be slow; the test waits as long
folder, n, signals, as_of = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
(signals / f"ready-{n}").touch()
while not (signals / "go").exists():
    time.sleep(0.001)
if n == "0":
    args = ["ledger", "add", "--source", "2026-q1-review.yaml", "--kind", "decision", "--title", "新增决议",
            "--owner", "经营组", "--due", "2026-09-30", "--acceptance", "按期完成"]
else:
    args = ["ledger", "progress", "JY-3", "--note", f"note {n}"]
code = run([*args, "--plans", folder, "--as-of", as_of])
(signals / f"{n}.tmp").write_text(str(code))
(signals / f"{n}.tmp").rename(signals / f"done-{n}")
"""


def test_concurrent_ledger_writes_lose_nothing(tmp_path: Path) -> None:
    folder = plan_with_ledgers(tmp_path)
    signals = tmp_path / "signals"
    signals.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMTASKS_", "GITHUB_"))}
    env.update(git_identity(home), PYTHONPATH=str(ROOT))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, str(folder), str(n), str(signals), AS_OF],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(WRITERS)
    ]
    _wait([signals / f"ready-{n}" for n in range(WRITERS)])
    (signals / "go").touch()
    _wait([signals / f"done-{n}" for n in range(WRITERS)])
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert [(signals / f"done-{n}").read_text() for n in range(WRITERS)] == ["0"] * WRITERS
    _, book = load_all(folder)
    item = book.find("JY-3")
    assert item is not None
    assert sorted(e.note for e in item.log if e.note and e.note.startswith("note ")) == [
        f"note {n}" for n in range(1, WRITERS)
    ]
    assert book.find("JY-4") is not None
    assert not list((folder / "ledgers").glob(".*.pmtasks-tmp"))


def _wait(paths: list[Path], seconds: float = 300.0) -> None:
    deadline = time.monotonic() + seconds
    while not all(p.exists() for p in paths):
        assert time.monotonic() < deadline, "writers did not finish in time"
        time.sleep(0.005)
