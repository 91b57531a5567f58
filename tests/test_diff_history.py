"""`pmtasks diff` on this repository's own history of plans/2026, checked against an independent reading."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Runner

from pmtasks.plan.load import load_files
from pmtasks.plan.model import Plan


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def _history() -> list[str]:
    try:
        top = _git("rev-parse", "--show-toplevel").strip()
        _git("rev-parse", "--verify", "HEAD^{commit}")
    except (OSError, subprocess.CalledProcessError):
        top = ""
    if not top or Path(top).resolve() != ROOT:
        pytest.skip("this checkout has no git history of its own (not a clone of the repository)")
    return _git("log", "--format=%H", "--", "plans/2026").split()


def _plan_at(rev: str) -> Plan:
    """The plan at ``rev``, read file by file with ``git show``, not through pmtasks.git.repo."""
    names = _git("ls-tree", "--name-only", f"{rev}:plans/2026").split("\n")
    files = {}
    for name in sorted((n for n in names if n.endswith(".yaml")), key=lambda n: (n != "plan.yaml", n)):
        data = subprocess.run(
            ["git", "show", f"{rev}:plans/2026/{name}"], cwd=ROOT, capture_output=True, check=True
        ).stdout
        files[f"plans/2026/{name}"] = data
    return load_files(files, "plans/2026")


def test_diff_between_two_commits_that_touched_the_plan(cli: Runner) -> None:
    commits = _history()
    assert commits, "plans/2026 has no history in this clone"
    base, head = (commits[1], commits[0]) if len(commits) > 1 else (commits[0], "HEAD")
    result = cli("diff", base, head, "--format", "json", cwd=ROOT)
    assert (result.exit_code, result.stderr) == (0, "")
    data = json.loads(result.stdout)
    old, new = _plan_at(base), _plan_at(head)
    old_ids = {t.id.casefold(): t for t in old.tasks}
    new_ids = {t.id.casefold(): t for t in new.tasks}
    assert {t["id"].casefold() for t in data["tasks"]["added"]} == new_ids.keys() - old_ids.keys()
    assert {t["id"].casefold() for t in data["tasks"]["removed"]} == old_ids.keys() - new_ids.keys()
    changed = {c["id"].casefold(): c["changes"] for c in data["tasks"]["changed"]}
    for key in old_ids.keys() & new_ids.keys():
        a, b = old_ids[key], new_ids[key]
        for name in ("due", "start", "owner", "status", "progress", "title"):
            differs = getattr(a, name) != getattr(b, name)
            assert (name in changed.get(key, {})) == differs, (key, name)
    slips = sum((new_ids[k].due - old_ids[k].due).days for k in old_ids.keys() & new_ids.keys())
    assert data["summary"]["slip_days"] == slips
    text = cli("diff", base, head, cwd=ROOT).stdout
    assert text.splitlines()[0] == data["summary"]["text"]
