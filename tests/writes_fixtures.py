"""Fixtures and functions shared by the tests of the write commands (start, done, block, …)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS, git

WRITES = EXAMPLES / "writes"
AS_OF = "2026-03-01"
AUTHOR = "张伟"


def git_identity(home: Path, name: str | None = AUTHOR) -> dict[str, str]:
    """Environment under which `git config user.name` says ``name`` (or nothing), whatever the machine has."""
    config = home / "gitconfig"
    config.write_text(f"[user]\n\tname = {name}\n" if name else "", encoding="utf-8")
    return {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(home)}


@pytest.fixture
def author(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """`git config user.name` is 张伟 for every pmtasks run in the test."""
    home = tmp_path / "home"
    home.mkdir()
    for key, value in git_identity(home).items():
        monkeypatch.setenv(key, value)
    return AUTHOR


def crafted_plan(tmp_path: Path, *names: str) -> Path:
    """A plan folder holding the small plan.yaml and the named example files."""
    folder = tmp_path / "plan"
    folder.mkdir()
    for name in ("plan.yaml", *names):
        shutil.copyfile(WRITES / name, folder / name)
    return folder


def plan_repo(repo: Path) -> Path:
    """A git repository holding a copy of plans/2026, committed, with 张伟 as the user."""
    git(repo, "init", "-q")
    shutil.copytree(PLANS / "2026", repo / "plans" / "2026")
    (repo / ".gitignore").write_text(".*.pmtasks-lock\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    git(repo, "config", "user.name", AUTHOR)
    return repo / "plans"


def real_plan(tmp_path: Path) -> Path:
    """A copy of the real 2026 plan."""
    folder = tmp_path / "plan"
    shutil.copytree(PLANS / "2026", folder)
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` (lock files aside) and the hash of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(".pmtasks-lock")
    }
