"""File names and command-line arguments that are not UTF-8: escaped in output, refused as input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import git, run_subprocess
from hostile import TASK, small_plan

BAD = os.fsdecode(b"02-\xff\xfe.yaml")
SHOWN = "02-\\xff\\xfe.yaml"
SECOND = TASK.replace("code: X", "code: E").replace("X-1", "EC-1").replace("line: L", "line: E")


def run_utf8(*args: str, cwd: Path) -> tuple[int, str, str]:
    result = run_subprocess(*args, cwd=cwd, env={"PYTHONIOENCODING": "utf-8"})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def bad_name(tmp_path: Path) -> Path:
    folder = small_plan(tmp_path)
    (folder / BAD).write_text(SECOND, encoding="utf-8")
    return folder


def test_list_json_names_the_file_with_its_bytes_escaped(bad_name: Path) -> None:
    code, out, err = run_utf8("list", "--format", "json", "--plans", ".", "--as-of", "2026-02-01", cwd=bad_name)
    assert code == 0, err
    files = {t["id"]: t["file"] for t in json.loads(out)["tasks"]}
    assert files["EC-1"] == SHOWN


@pytest.mark.parametrize("args", [("show", "EC-1"), ("show", "EC-1", "--format", "json"), ("list",), ("status",)])
def test_reading_commands_print_valid_utf8(bad_name: Path, args: tuple[str, ...]) -> None:
    code, out, err = run_utf8(*args, "--plans", ".", "--as-of", "2026-02-01", cwd=bad_name)
    assert code == 0, err
    assert "\ufffd" not in out + err


def test_a_problem_in_a_badly_named_file_is_reported_in_utf8(bad_name: Path) -> None:
    (bad_name / BAD).write_text(SECOND + "        colour: red\n", encoding="utf-8")
    code, out, err = run_utf8("list", "--plans", ".", cwd=bad_name)
    assert (code, out) == (3, "")
    assert err.startswith(f"{SHOWN}:9:9: unknown key `colour`")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diff_through_git_names_a_renamed_file_in_utf8(tmp_path: Path, fmt: str) -> None:
    folder = small_plan(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v1")
    os.rename(folder / "01-x.yaml", folder / os.fsdecode(b"01-\xff.yaml"))
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v2")
    code, out, err = run_utf8("diff", "HEAD~1", "HEAD", "--format", fmt, cwd=tmp_path)
    assert code == 0, err
    if fmt == "json":
        json.loads(out)
    assert "\ufffd" not in out + err


@pytest.mark.parametrize(
    "args",
    [
        ("note", "X-1", "\udcd6\udcd0\udcce\udcc4"),
        ("start", "X-1", "--note", "\udcd6\udcd0"),
        ("assign", "X-1", "\udcd6\udcd0"),
        ("block", "X-1", "--reason", "\udcd6\udcd0"),
    ],
)
def test_an_argument_that_is_not_utf8_is_a_usage_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    folder = small_plan(tmp_path)
    before = (folder / "01-x.yaml").read_bytes()
    argv = [os.fsencode(a) for a in args]
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("PMTASKS_")}
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"pmtasks", *argv, b"--plans", b"."],
        cwd=folder,
        env={**env, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        check=False,
    )
    err = proc.stderr.decode("utf-8")
    assert proc.returncode == 2, err
    assert "is not UTF-8" in err
    assert "GBK" in err
    assert (folder / "01-x.yaml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir() if not p.name.endswith("-lock")) == ["01-x.yaml", "plan.yaml"]
