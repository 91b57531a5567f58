"""Smaller hostile cases: an unmerged index, raw control characters in JSON, CSV formulas after blanks."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest
from conftest import Runner, git
from hostile import TASK, small_plan

HOSTILE_TITLE = "a\\u202eb\\x85c\\x1bd\\u2066e"  # YAML escapes: a bidi override, C1, ESC, an isolate
RAW = ("\u202e", "\x85", "\x1b", "\u2066")


def test_diff_cached_with_an_unmerged_index_names_the_file(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = small_plan(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v1")
    git(tmp_path, "checkout", "-q", "-b", "other")
    small_plan(tmp_path, TASK.replace("title: t", "title: other"))
    git(tmp_path, "commit", "-q", "-am", "other")
    git(tmp_path, "checkout", "-q", "main")
    small_plan(tmp_path, TASK.replace("title: t", "title: mine"))
    git(tmp_path, "commit", "-q", "-am", "mine")
    with pytest.raises(subprocess.CalledProcessError):
        git(tmp_path, "merge", "-q", "other")
    assert (folder / "01-x.yaml").read_text(encoding="utf-8").count("<<<<<<<") == 1
    result = cli("diff", "--cached", cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert "the index has conflicts in plans/2026/01-x.yaml" in result.stderr
    assert "removed" not in result.stderr


def _escaped_json(text: str) -> dict[str, object]:
    assert not any(ch in text for ch in RAW), [ch for ch in RAW if ch in text]
    parsed: dict[str, object] = json.loads(text)
    return parsed


def test_list_json_escapes_controls_and_bidi(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path, TASK.replace("title: t", f'title: "{HOSTILE_TITLE}"'))
    result = cli("list", "--format", "json", "--plans", str(folder), "--as-of", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    data = _escaped_json(result.stdout)
    assert data["tasks"][0]["title"] == "a\u202eb\x85c\x1bd\u2066e"  # type: ignore[index]
    assert "\\u202e" in result.stdout


def test_show_json_escapes_controls_and_bidi(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path, TASK.replace("title: t", f'title: "{HOSTILE_TITLE}"'))
    result = cli("show", "X-1", "--format", "json", "--plans", str(folder), "--as-of", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    _escaped_json(result.stdout)


def test_diff_json_escapes_controls_and_bidi(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    small_plan(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v1")
    small_plan(tmp_path, TASK.replace("title: t", f'title: "{HOSTILE_TITLE}"'))
    result = cli("diff", "--format", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    _escaped_json(result.stdout)


@pytest.mark.parametrize("title", ["  =1+1", '\u3000=HYPERLINK("x")', " +1", "  -1", " @SUM(A1)"])
def test_a_csv_cell_with_blanks_before_a_formula_is_defused(cli: Runner, tmp_path: Path, title: str) -> None:
    folder = small_plan(tmp_path, TASK.replace("title: t", f"title: '{title}'"))
    result = cli("list", "--format", "csv", "--plans", str(folder), "--as-of", "2026-02-01")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0]["title"] == "'" + title
