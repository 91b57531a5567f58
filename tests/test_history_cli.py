"""`pmtasks history` and `pmtasks trend` on a scripted repository: goldens for every format, errors."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import Runner, golden
from history_repo import build, git, week_series

from pmtasks.text import cell_width

NOTE = re.compile(r"^pmtasks: note: skipped [0-9a-f]{7} \(2026-02-24\): its plan does not load: ")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("history-cli") / "repo")


CASES = [
    (("history", "A-2"), "history/story.txt"),
    (("history", "a-2", "--format", "json"), "history/story.json"),
    (("history", "A-2", "--format", "csv"), "history/story.csv"),
    (("history", "--since", "2026-02-01", "--until", "2026-03-31"), "history/window.txt"),
    (("history", "--since", "2026-02-01", "--until", "2026-03-31", "--format", "json"), "history/window.json"),
    (("history", "--since", "2026-02-01", "--until", "2026-03-31", "--format", "csv"), "history/window.csv"),
    (("history", "--slips"), "history/slips.txt"),
    (("history", "--slips", "--format", "json"), "history/slips.json"),
    (("history", "--slips", "--format", "csv"), "history/slips.csv"),
    (("trend", "--as-of", "2026-03-15"), "history/trend.txt"),
    (("trend", "--as-of", "2026-03-15", "--ascii", "--every", "month", "--by", "owner"), "history/trend-owner.txt"),
    (("trend", "--as-of", "2026-03-15", "--format", "json"), "history/trend.json"),
    (("trend", "--until", "2026-03-15", "--by", "line", "--format", "csv"), "history/trend-line.csv"),
    (("trend", "--until", "2026-03-15", "--by", "line", "--format", "mermaid"), "history/trend-line.md"),
]


@pytest.mark.parametrize(("args", "name"), CASES, ids=[c[1] for c in CASES])
def test_formats_are_pinned(cli: Runner, repo: Path, args: tuple[str, ...], name: str) -> None:
    result = cli(*args, cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert NOTE.match(result.stderr)
    assert result.stderr.count("\n") == 1
    out = result.stdout
    if name.endswith(".csv"):  # rows end in CRLF, as spreadsheets expect; the golden file keeps LF
        assert out.startswith("\ufeff")
        assert out.count("\r\n") == out.count("\n")
        out = out.replace("\r\n", "\n")
    golden(name, out)


def test_json_story_matches_the_text(cli: Runner, repo: Path) -> None:
    data = json.loads(cli("history", "A-2", "--format", "json", cwd=repo).stdout)
    dues = [e["changes"]["due"] for e in data["entries"] if e["type"] == "commit" and "due" in e["changes"]]
    assert [d["days"] for d in dues] == [15, 25, 10]
    assert data["notes"]
    assert data["notes"][0].startswith("skipped ")


def test_trend_every_week_matches_an_independent_computation(cli: Runner, repo: Path) -> None:
    data = json.loads(cli("trend", "--every", "week", "--as-of", "2026-03-15", "--format", "json", cwd=repo).stdout)
    got = [
        (date.fromisoformat(p["date"]), *(p["overall"][k] for k in ("tasks", "actual", "expected", "done", "overdue")))
        for p in data["points"]
    ]
    assert got == week_series(date(2026, 3, 15))


def test_a_window_with_nothing_in_it(cli: Runner, repo: Path) -> None:
    result = cli("history", "--since", "2026-06-01", "--until", "2026-06-30", cwd=repo)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Plan changes 2026-06-01 to 2026-06-30 · 0 commits", "", "No task changed."]


def test_text_fits_a_narrow_terminal(cli: Runner, repo: Path) -> None:
    for args in (("history", "A-2"), ("history",), ("history", "--slips"), ("trend", "--as-of", "2026-03-15")):
        out = cli(*args, cwd=repo, env={"COLUMNS": "60"}).stdout
        assert max(cell_width(line) for line in out.splitlines()) <= 60, args


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("history", "A-22"), 3, "no task with ID 'A-22'. Did you mean A-2"),
        (("history", "A-2", "--slips"), 2, "give a task ID or --slips, not both"),
        (("history", "--since", "2026-03-01", "--until", "2026-02-01"), 2, "the window ends (2026-02-01) before it"),
        (("history", "--since", "March"), 2, "'March' is not a date"),
        (("history", "--range", "--all"), 3, "is not a revision"),
        (("history", "--range", "nope..HEAD"), 3, "unknown revision 'nope'"),
        (("trend", "--every", "day"), 2, "'day' is not one of"),
        (("trend", "--since", "2026-04-01", "--until", "2026-03-01"), 2, "the trend ends (2026-03-01) before"),
    ],
)
def test_errors(cli: Runner, repo: Path, args: tuple[str, ...], code: int, message: str) -> None:
    result = cli(*args, cwd=repo)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_not_a_git_repository(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "plans").mkdir()
    result = cli("history", cwd=tmp_path)
    assert result.exit_code == 3
    assert "is not inside a git repository; history is read from git" in result.stderr


HOSTILE = """line: '"] %%{init: {}}%% ; #x: `y`'
code: H
periods:
  - period: 1-6月
    goal: 目标
    tasks:
      - id: H-1
        title: "=cmd \\e[31mred\\e[0m ::error::x"
        owner: "@everyone"
        start: 2026-01-05
        due: 2026-01-20
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "hostile"
    (root / "plans" / "2026").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "plans" / "2026" / "plan.yaml").write_text("title: 'x\" %% y'\nyear: 2026\n", encoding="utf-8")
    (root / "plans" / "2026" / "h.yaml").write_text(HOSTILE, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hostile", when="2026-01-05T09:00:00+08:00")
    path = root / "plans" / "2026" / "h.yaml"
    path.write_text(HOSTILE.replace("due: 2026-01-20", "due: 2026-02-20"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "\x1b[2Jlater", when="2026-01-10T09:00:00+08:00")
    return root


# Mermaid's xychart-beta statements, as its grammar reads them; a quoted string holds no '"'.
_STRING = r'"[^"\n]*"'
XYCHART = [
    re.compile(r"^xychart-beta$"),
    re.compile(rf"^    title {_STRING}$"),
    re.compile(rf"^    x-axis \[{_STRING}(, {_STRING})*\]$"),
    re.compile(r'^    y-axis "%" 0 --> 100$'),
    re.compile(r"^    line \[-?\d+(, -?\d+)*\]$"),
    re.compile(r"^    line \[-?\d+(, -?\d+)*\]$"),
]


def test_mermaid_matches_the_xychart_grammar_and_escapes_plan_text(cli: Runner, hostile: Path) -> None:
    out = cli("trend", "--by", "line", "--until", "2026-01-31", "--format", "mermaid", cwd=hostile).stdout
    charts = re.findall(r"```mermaid\n(.*?)```\n", out, flags=re.S)
    assert len(charts) == 2
    assert out == "\n".join(f"```mermaid\n{c}```\n" for c in charts)
    for chart in charts:
        lines = chart.splitlines()
        assert len(lines) == len(XYCHART)
        for line, pattern in zip(lines, XYCHART, strict=True):
            assert pattern.match(line), line
        assert "%%" not in chart
        assert ";" not in chart
        assert "#" not in chart
    assert "＂] ％％{init： {}}％％ ； ＃x： ｀y｀" in charts[1]


def test_plan_and_commit_text_stays_text(cli: Runner, hostile: Path) -> None:
    for args in (("history", "H-1"), ("history",), ("history", "--slips"), ("trend", "--until", "2026-01-31")):
        for fmt in ("text", "csv", "json"):
            out = cli(*args, "--format", fmt, cwd=hostile).stdout
            assert "\x1b" not in out or fmt == "json"
            assert not any(line.startswith("::") for line in out.splitlines())
            if fmt == "csv":
                assert args[0] == "trend" or (",=cmd" not in out and "'=cmd" in out)


def test_readme_example_is_real(cli: Runner, repo: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = next(b for b in re.findall(r"```console\n(.*?)```", readme, flags=re.S) if "history --slips" in b)
    command, *shown = example.rstrip("\n").split("\n")
    assert command == "$ pmtasks history --slips"
    assert shown[-1] == "…"
    result = cli("history", "--slips", cwd=repo)
    assert (result.stderr + result.stdout).split("\n")[: len(shown) - 1] == shown[:-1]


def test_plans_option_from_outside_the_repository(cli: Runner, repo: Path, tmp_path: Path) -> None:
    inside = cli("history", "B-1", "--format", "json", cwd=repo).stdout
    for plans in (repo / "plans", repo / "plans" / "2026"):
        assert cli("history", "B-1", "--format", "json", "--plans", str(plans), cwd=tmp_path).stdout == inside
