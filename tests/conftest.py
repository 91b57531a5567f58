"""Shared fixtures: run pmtasks like a shell line, copy the real plan, drive real git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
EXAMPLES = Path(__file__).resolve().parent / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Plans outside a git repository cache under the user's cache folder: keep the tests' own."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if old is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = old


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


Runner = Callable[..., Result]


@pytest.fixture(autouse=True)
def english_by_default() -> None:
    """Each test starts in English: a command run in-process in Chinese must not carry over to the next test."""
    from pmtasks import i18n

    i18n.use(i18n.DEFAULT)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Runner:
    """Run pmtasks in-process, at 100 columns, with no colour and no inherited PMTASKS_* settings."""
    from pmtasks.cli import run

    for name in ("PMTASKS_PLANS", "PMTASKS_AS_OF", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "25")  # status lists a screenful of overdue tasks: pin the screen
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.chdir(ROOT)  # paths print relative to the repository, wherever pytest was started

    def invoke(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = run(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return invoke


def run_subprocess(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> Result:
    """Run ``python -m pmtasks`` as a real process."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("PMTASKS_", "GITHUB_"))}
    full_env.update({"COLUMNS": "100", "LINES": "25", "NO_COLOR": "1", **(env or {})})
    proc = subprocess.run(
        [sys.executable, "-m", "pmtasks", *args],
        cwd=cwd or ROOT,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A private copy of plans/ (the real 2026 plan) to change freely."""
    target = tmp_path / "plans"
    shutil.copytree(PLANS, target)
    return target


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity and dates, so commits are reproducible."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_AUTHOR_NAME": "Plan Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.com",
        "GIT_COMMITTER_NAME": "Plan Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.com",
        "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+08:00",
        "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+08:00",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    proc = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return proc.stdout


def golden(name: str, actual: str | bytes) -> None:
    """Compare ``actual`` with tests/golden/NAME byte for byte (text as UTF-8, line endings and BOM
    included); PMTASKS_UPDATE_GOLDEN=1 rewrites the file, and a missing file is written and fails."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    path = GOLDEN / name
    if os.environ.get("PMTASKS_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if not os.environ.get("PMTASKS_UPDATE_GOLDEN"):
            pytest.fail(f"golden file {name} was missing and has been written; check it and run again")
    assert data == path.read_bytes(), f"output differs from tests/golden/{name}"


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private cache folder for the loads of one test (PMTASKS_CACHE_DIR), with caching on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("PMTASKS_CACHE_DIR", str(folder))
    monkeypatch.delenv("PMTASKS_NO_CACHE", raising=False)
    return folder


def parses(monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> list[str]:
    """The file name of every call of ``owner.name`` (a loader taking ``data, path, ...``), in order."""
    called: list[str] = []
    original = getattr(owner, name)

    def counting(data: bytes, path: str, *rest: Any) -> Any:
        called.append(Path(path).name)
        return original(data, path, *rest)

    monkeypatch.setattr(owner, name, counting)
    return called


def cache_entries(folder: Path) -> list[Path]:
    """The entries of the cache in ``folder``."""
    from pmtasks.plan.cache import ENTRY_SUFFIX

    return sorted(folder.rglob(f"*{ENTRY_SUFFIX}"))


def rich_printed(renderable: object, width: int) -> str:
    """What pmtasks's Rich console prints of ``renderable`` at ``width`` columns (no terminal, no colour)."""
    import io

    from pmtasks.render.console import make_console

    out = io.StringIO()
    console = make_console(file=out)
    console.width = width
    console.print(renderable)
    return out.getvalue()


def says_poisoned(load: Callable[[], object]) -> bool:
    """Whether ``load()`` reports what a poisoned cache entry says (``poisoned`` in a problem's message)."""
    from pmtasks.errors import PlanInvalid

    try:
        load()
    except PlanInvalid as exc:
        return any("poisoned" in p.message for p in exc.problems)
    return False
