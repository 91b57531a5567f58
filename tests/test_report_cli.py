"""report: goldens for the weekly, monthly and quarterly reports of a scripted history, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import report_repo
from conftest import Runner, golden

# (kind, as-of): each report's window is the last full one before the as-of date.
REPORTS = {"weekly": "2026-11-23", "monthly": "2026-12-01", "quarterly": "2026-10-01"}
SUFFIX = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history") / "repo"
    report_repo.build(root)
    return root


@pytest.mark.parametrize("fmt", list(SUFFIX))
@pytest.mark.parametrize("kind", list(REPORTS))
def test_report_golden(cli: Runner, repo: Path, kind: str, fmt: str) -> None:
    result = cli("report", kind, "--as-of", REPORTS[kind], "--format", fmt, cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    golden(f"report/{kind}.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_report_in_chinese(cli: Runner, repo: Path, fmt: str) -> None:
    result = cli("report", "quarterly", "--as-of", "2026-10-01", "--lang", "zh-CN", "-f", fmt, cwd=repo)
    assert result.exit_code == 0, result.stderr
    golden(f"report/quarterly.zh-CN.{SUFFIX[fmt]}", result.stdout)


def test_named_window_equals_the_default(cli: Runner, repo: Path) -> None:
    default = cli("report", "monthly", "--as-of", "2026-12-01", "-f", "json", cwd=repo).stdout
    named = cli("report", "monthly", "--month", "2026-11", "--as-of", "2026-12-01", "-f", "json", cwd=repo).stdout
    assert named == default
    week = json.loads(
        cli("report", "weekly", "--week", "2026-W47", "--as-of", "2026-11-23", "-f", "json", cwd=repo).stdout
    )
    assert week["window"] == {"label": "2026-W47", "start": "2026-11-16", "end": "2026-11-22"}
    quarter = json.loads(
        cli("report", "quarterly", "--quarter", "2026Q4", "--as-of", "2026-12-01", "-f", "json", cwd=repo).stdout
    )
    assert quarter["window"] == {"label": "2026Q4", "start": "2026-10-01", "end": "2026-12-31"}


def test_line_and_owner_narrow_the_report(cli: Runner, repo: Path) -> None:
    out = json.loads(
        cli("report", "monthly", "--as-of", "2026-12-01", "--owner", "王强", "-f", "json", cwd=repo).stdout
    )
    assert [o["unit"] for o in out["owners"]] == ["王强"]
    assert {e["task"]["owner"] for e in out["changes"]["events"]} == {"王强"}
    assert out["filters"] == ["owner 王强"]
    out = json.loads(cli("report", "monthly", "--as-of", "2026-12-01", "--line", "MK", "-f", "json", cwd=repo).stdout)
    assert [row["code"] for row in out["lines"]] == ["MK"]


def test_output_writes_the_file_atomically(cli: Runner, repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "november.html"
    target.write_text("old", encoding="utf-8")
    result = cli("report", "monthly", "--as-of", "2026-12-01", "-f", "html", "--output", str(target), cwd=repo)
    assert result.exit_code == 0
    assert result.stdout == ""
    printed = cli("report", "monthly", "--as-of", "2026-12-01", "-f", "html", cwd=repo).stdout
    assert target.read_text(encoding="utf-8") == printed
    assert [p.name for p in tmp_path.iterdir()] == ["november.html"]  # no temporary file left behind


def test_output_into_a_missing_folder_fails_and_writes_nothing(cli: Runner, repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "r.md"
    result = cli("report", "monthly", "--as-of", "2026-12-01", "-f", "markdown", "-o", str(target), cwd=repo)
    assert result.exit_code == 3
    assert "cannot write" in result.stderr
    assert "nothing was written" in result.stderr
    assert not target.parent.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["weekly", "--month", "2026-11"], "--month does not go with `report weekly`; use --week"),
        (["monthly", "--month", "2026-13"], "month 13 does not exist"),
        (["weekly", "--week", "2026-W60"], "2026 has no ISO week 60"),
        (["quarterly", "--quarter", "Q4"], "'Q4' is not a quarter; write it like 2026Q4"),
        (["monthly", "--line", "XX"], "--line 'XX' is not in the plan"),
    ],
)
def test_bad_windows_are_usage_errors(cli: Runner, repo: Path, args: list[str], message: str) -> None:
    result = cli("report", *args, "--as-of", "2026-12-01", cwd=repo)
    assert result.exit_code == 2
    assert message in result.stderr


def test_outside_git_the_report_says_changes_are_unknown(cli: Runner, repo: Path, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(repo / "plans", tmp_path / "plans")
    out = json.loads(cli("report", "monthly", "--as-of", "2026-12-01", "-f", "json", cwd=tmp_path).stdout)
    assert out["changes"] is None
    assert out["revision"] is None
    text = cli("report", "monthly", "--as-of", "2026-12-01", cwd=tmp_path).stdout
    assert "No git history reaches into this window" in text


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "report-2026-11.md"), ("html", "report-2026-11.html")])
def test_checked_in_example_bulletin_is_current(cli: Runner, fmt: str, name: str) -> None:
    """examples/ holds November 2026's bulletin of this repository's own plan; the README says how to
    regenerate it: pmtasks report monthly --as-of 2026-12-01 --format FMT --output examples/NAME."""
    from conftest import ROOT

    result = cli("report", "monthly", "--as-of", "2026-12-01", "--format", fmt, cwd=ROOT)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (EXAMPLES / name).read_text(encoding="utf-8"), (
        f"examples/{name} is out of date; regenerate it with the command in the README"
    )
