"""Terminals that draw ambiguous characters wide, and consoles that are not UTF-8 (GBK)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import EXAMPLES, GOLDEN, PLANS, ROOT, Runner, git, golden

AS_OF = "2026-11-23"
CHECK = EXAMPLES / "check" / "mixed"
# (golden name, arguments): every human view, drawn with ASCII only
VIEWS = [
    ("status", ("status",)),
    ("list", ("list", "--line", "IM")),
    ("show", ("show", "IM-4")),
    ("timeline", ("timeline", "--line", "EC")),
    ("budget", ("--plans", str(ROOT / "examples" / "budget" / "plans"), "budget")),
    ("kpi", ("--plans", str(ROOT / "examples" / "budget" / "plans"), "kpi")),
]


@pytest.fixture
def diff_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for version in ("v1", "v2"):
        shutil.rmtree(root / "plans", ignore_errors=True)
        shutil.copytree(EXAMPLES / "diff" / version / "plans", root / "plans")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", version)
    return root


@pytest.mark.parametrize(("name", "args"), VIEWS, ids=[v[0] for v in VIEWS])
def test_ascii_views(cli: Runner, name: str, args: tuple[str, ...]) -> None:
    plans = () if "--plans" in args else ("--plans", str(PLANS))
    result = cli("--ascii", *plans, "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.stderr
    golden(f"ascii/{name}.txt", result.stdout)


def test_ascii_check_and_diff(cli: Runner, diff_repo: Path) -> None:
    check = cli("--ascii", "--plans", str(CHECK), "--as-of", "2026-06-15", "check", "--format", "text")
    golden("ascii/check.txt", check.stdout)
    diff = cli("--ascii", "diff", "HEAD~1", "HEAD", cwd=diff_repo)
    assert diff.exit_code == 0, diff.stderr
    golden("ascii/diff.txt", diff.stdout)


def test_the_environment_turns_ascii_on(cli: Runner) -> None:
    plain = cli("--plans", str(PLANS), "--as-of", AS_OF, "status").stdout
    env = cli("--plans", str(PLANS), "--as-of", AS_OF, "status", env={"PMTASKS_ASCII": "1"}).stdout
    assert "█" in plain or "░" in plain
    assert env == (GOLDEN / "ascii" / "status.txt").read_text(encoding="utf-8")


def test_no_ascii_golden_has_an_ambiguous_width_character() -> None:
    files = sorted((GOLDEN / "ascii").glob("*.txt"))
    assert len(files) >= len(VIEWS) + 2
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            wide = [ch for ch in line if unicodedata.east_asian_width(ch) == "A"]
            assert not wide, f"{path.name}:{number}: {wide}"


def test_a_cut_title_ends_in_the_mark_never_in_a_space(cli: Runner) -> None:
    for ascii_option in ((), ("--ascii",)):
        out = cli(*ascii_option, "--plans", str(PLANS), "--as-of", AS_OF, "list", env={"COLUMNS": "72"}).stdout
        cut = [line.rstrip() for line in out.splitlines() if line.rstrip().endswith(("…", "..."))]
        assert cut, out
        assert not [line for line in cut if line.endswith((" …", " ..."))]
        if ascii_option:
            assert all(line.endswith("...") for line in cut)


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("list",),
        ("show", "IM-1"),
        ("timeline",),
        ("check", "--format", "text"),
        ("kpi",),
    ],
    ids=lambda a: a[0],
)
def test_a_gbk_console_gets_no_question_marks(args: tuple[str, ...]) -> None:
    """A real process whose stdout is GBK: the drawing falls back to ASCII by itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMTASKS_", "GITHUB_"))}
    env.update({"PYTHONIOENCODING": "gbk", "COLUMNS": "100", "NO_COLOR": "1"})
    plans = str(ROOT / "examples" / "budget" / "plans") if args[0] == "kpi" else str(PLANS)
    proc = subprocess.run(
        [sys.executable, "-m", "pmtasks", "--plans", plans, "--as-of", AS_OF, *args],
        capture_output=True,
        env=env,
        check=False,
    )
    out = proc.stdout.decode("gbk") + proc.stderr.decode("gbk")
    assert proc.returncode in (0, 1), out
    assert "?" not in out
    assert any("\u4e00" <= ch <= "\u9fff" for ch in out)  # the Chinese text itself still comes through
