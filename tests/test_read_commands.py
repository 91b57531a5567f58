"""status, list and show: exact output at 100 columns and a fixed --as-of date."""

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS, Runner, git, golden

AS_OF = "2026-11-23"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("status-2026-11-23.txt", ["status"]),
        ("status-2026-03-20.txt", ["status", "--as-of", "2026-03-20"]),
        ("list-2026-11-23.txt", ["list"]),
        ("list-overdue-by-due.txt", ["list", "--overdue", "--sort", "due", "--reverse"]),
        ("list-line-em.md", ["list", "--line", "EM", "--format", "markdown"]),
        (
            "list-innovation.json",
            ["list", "--line", "创新赛道开拓", "--track", "物业存量项目节能改造", "--format", "json"],
        ),
        ("show-in-21.txt", ["show", "in-21"]),
        ("show-full-im-1.txt", ["show", "IM-1", "--plans", str(EXAMPLES / "valid" / "full")]),
        ("status-2026-11-23.json", ["status", "--format", "json"]),
    ],
)
def test_golden_output(cli: Runner, name: str, args: list[str]) -> None:
    result = (
        cli("--plans", str(PLANS), "--as-of", AS_OF, *args)
        if "--as-of" not in args
        else cli("--plans", str(PLANS), *args)
    )
    assert result.exit_code == 0, result.stderr
    golden(f"read/{name}", result.stdout.replace(str(EXAMPLES), "EXAMPLES"))


def test_status_counts(cli: Runner) -> None:
    data = json.loads(cli("--plans", str(PLANS), "status", "--as-of", AS_OF, "--format", "json").stdout)
    assert data["schema_version"] == 1
    counts = {line["name"]: (line["total"], line["overdue"], line["due_soon"]) for line in data["lines"]}
    assert counts == {
        "内部市场巩固": (10, 6, 0),
        "代建业务深耕": (6, 4, 0),
        "外部市场拓展": (7, 4, 0),
        "创新赛道开拓": (21, 15, 0),
    }
    assert (data["overall"]["total"], data["overall"]["overdue"]) == (44, 29)


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--line", "IM", "--period", "1-3月"], ["IM-1", "IM-2", "IM-3"]),
        (["--line", "ec", "--line", "代建业务深耕", "--period", "Q4"], ["EC-5", "EC-6"]),
        (["--track", "城市更新、适老化改造", "--period", "7-9月"], ["IN-8", "IN-9", "IN-10", "IN-11"]),
        (["--search", "梧桐苑"], ["IN-4", "IN-10"]),
        (["--search", "bim", "--line", "EM"], ["EM-7"]),
        (["--due-within", "45", "--line", "EC"], ["EC-5", "EC-6"]),
        (["--due-within", "7"], []),
        (["--status", "done"], []),
        (
            ["--status", "todo", "--line", "EM", "--sort", "id", "--reverse"],
            ["EM-7", "EM-6", "EM-5", "EM-4", "EM-3", "EM-2", "EM-1"],
        ),
        (["--overdue", "--line", "EM"], ["EM-1", "EM-2", "EM-3", "EM-4"]),
        (["--owner", "市场组"], []),
    ],
)
def test_list_filters(cli: Runner, args: list[str], ids: list[str]) -> None:
    result = cli("list", "--plans", str(PLANS), "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    assert [t["id"] for t in json.loads(result.stdout)["tasks"]] == ids


def test_list_filters_on_owner_and_status(cli: Runner) -> None:
    full = str(EXAMPLES / "valid" / "full")
    result = cli(
        "list",
        "--plans",
        full,
        "--as-of",
        "2026-03-01",
        "--format",
        "json",
        "--owner",
        "市场组",
        "--status",
        "doing",
        "--status",
        "done",
    )
    assert [t["id"] for t in json.loads(result.stdout)["tasks"]] == ["IM-1"]


def test_json_is_utf8_not_escaped(cli: Runner) -> None:
    out = cli("list", "--plans", str(PLANS), "--as-of", AS_OF, "--format", "json", "--line", "IM").stdout
    assert "内部市场巩固" in out
    assert "\\u" not in out


def test_csv_opens_in_excel(cli: Runner) -> None:
    out = cli("list", "--plans", str(PLANS), "--as-of", AS_OF, "--format", "csv", "--line", "EC").stdout
    assert out.startswith("\ufeffid,line,track,period,title,")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert [(r["id"], r["period"], r["overdue"]) for r in rows] == [
        ("EC-1", "1-4月", "yes"),
        ("EC-2", "1-4月", "yes"),
        ("EC-3", "5-9月", "yes"),
        ("EC-4", "5-9月", "yes"),
        ("EC-5", "10-12月", ""),
        ("EC-6", "10-12月", ""),
    ]
    assert rows[4]["title"] == "总结“代建+全流程更新服务+节能配套”综合服务模式"


HOSTILE = "[bold]粗体[/bold] \x1b[31m红\x1b[0m :smile: \u202eevil\u202c =SUM(A1) @team | <b>x</b>"


@pytest.fixture
def hostile_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plans" / "2026"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: '[red]计划[/red]'\nyear: 2026\n", encoding="utf-8")
    title = (
        HOSTILE.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\x1b", "\\e")
        .replace("\u202e", "\\u202e")
        .replace("\u202c", "\\u202c")
    )
    (folder / "01.yaml").write_text(
        f'line: 线\ncode: L\nperiods:\n  - period: Q1\n    goal: 目标\n    tasks:\n      - id: L-1\n        title: "{title}"\n        owner: "-2+3"\n',
        encoding="utf-8",
    )
    return tmp_path / "plans"


def test_untrusted_text_stays_text(cli: Runner, hostile_plan: Path) -> None:
    expected = "[bold]粗体[/bold] 红 :smile: evil =SUM(A1) @team | <b>x</b>"
    listing = cli("list", "--plans", str(hostile_plan), "--as-of", "2026-06-01", env={"COLUMNS": "160"}).stdout
    shown = cli("show", "L-1", "--plans", str(hostile_plan), "--as-of", "2026-06-01").stdout
    status = cli("status", "--plans", str(hostile_plan), "--as-of", "2026-06-01").stdout
    for out in (listing, shown, status):
        assert "\x1b" not in out
        assert "\u202e" not in out
        assert "\u202c" not in out
    assert expected in listing.splitlines()[3]
    assert shown.splitlines()[1].rstrip() == f"title      {expected}"
    assert status.startswith("[red]计划[/red] · as of 2026-06-01")
    assert expected in status
    md = cli("list", "--plans", str(hostile_plan), "--as-of", "2026-06-01", "--format", "markdown").stdout
    row = md.splitlines()[2]
    assert row.count(" | ") == 5
    assert "<b>" not in row
    assert "@team" not in row
    rows = list(
        csv.reader(io.StringIO(cli("list", "--plans", str(hostile_plan), "--format", "csv").stdout.lstrip("\ufeff")))
    )
    header = rows[0]
    # The owner "-2+3" would run as a formula in a spreadsheet: it gets a leading '.
    assert rows[1][header.index("owner")] == "'-2+3"
    # The title starts with "[" and is kept as written (its "=SUM(A1)" is inside, not at the start).
    assert rows[1][header.index("title")] == expected
    assert rows[1][7] == "'-2+3"


def test_show_unknown_id_suggests(cli: Runner) -> None:
    result = cli("show", "IM-11", "--plans", str(PLANS))
    assert result.exit_code == 3
    assert (
        result.stderr
        == "pmtasks: no task with ID 'IM-11'. Did you mean IM-1, IN-11, IM-10? `pmtasks list` shows every ID.\n"
    )


def test_options_before_or_after_the_command(cli: Runner) -> None:
    before = cli("--plans", str(PLANS), "--as-of", "2026-06-30", "status")
    after = cli("status", "--plans", str(PLANS), "--as-of", "2026-06-30")
    env = cli("status", env={"PMTASKS_PLANS": str(PLANS), "PMTASKS_AS_OF": "2026-06-30"})
    assert before.exit_code == after.exit_code == env.exit_code == 0
    assert before.stdout == after.stdout == env.stdout
    assert "as of 2026-06-30" in before.stdout
    overridden = cli("--as-of", "2026-01-01", "status", "--plans", str(PLANS), "--as-of", "2026-06-30")
    assert overridden.stdout == before.stdout


def test_finds_nearest_plans_from_a_subdirectory(cli: Runner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(PLANS, repo / "plans")
    (repo / "docs" / "deep").mkdir(parents=True)
    git(repo, "init", "-q")
    result = cli("status", "--as-of", AS_OF, cwd=repo / "docs" / "deep")
    assert result.exit_code == 0
    assert result.stdout.startswith("项目管理部2026年工作任务清单 · as of 2026-11-23")


def test_search_stops_at_the_git_root(cli: Runner, tmp_path: Path) -> None:
    shutil.copytree(PLANS, tmp_path / "plans")
    inner = tmp_path / "project"
    inner.mkdir()
    git(inner, "init", "-q")
    result = cli("status", cwd=inner)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"pmtasks: no plans/ directory in {inner} or above it (up to the repository root)")


def test_empty_plans_directory(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    result = cli("status", "--plans", str(tmp_path / "plans"))
    assert result.exit_code == 3
    assert result.stderr == (
        f"pmtasks: {tmp_path}/plans holds no plan: expected {tmp_path}/plans/<year>/plan.yaml; "
        "see the README's file format section to start one\n"
    )


def test_missing_plans_directory(cli: Runner, tmp_path: Path) -> None:
    result = cli("status", "--plans", str(tmp_path / "nowhere"))
    assert result.exit_code == 3
    assert (
        result.stderr
        == f"pmtasks: plans directory {tmp_path}/nowhere does not exist; pass --plans DIR or set PMTASKS_PLANS\n"
    )


def test_today_is_taken_in_the_plans_timezone(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    expected = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    monkeypatch.setenv("TZ", "UTC")
    assert f"as of {expected}" in cli("status", "--plans", str(PLANS)).stdout


def test_colour_only_on_a_terminal_and_never_with_no_color(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    colour = re.compile(r"\x1b\[[0-9;]*3[0-7]m")
    monkeypatch.delenv("NO_COLOR")
    args = ("status", "--plans", str(PLANS), "--as-of", AS_OF)
    assert "\x1b" not in cli(*args).stdout  # captured output is not a terminal
    assert colour.search(cli(*args, env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout)
    assert not colour.search(cli(*args, env={"FORCE_COLOR": "1", "TERM": "xterm-256color", "NO_COLOR": "1"}).stdout)


@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_status_fits_common_terminal_widths_without_cutting(cli: Runner, width: str) -> None:
    out = cli("status", "--plans", str(PLANS), "--as-of", AS_OF, env={"COLUMNS": width}).stdout
    table = out.split("Overdue (")[0]
    assert "…" not in table
    golden(f"read/status-{width}-columns.txt", table)
    from pmtasks.text import cell_width

    assert all(cell_width(line) <= int(width) for line in out.splitlines())


def test_plans_folder_reads_the_newest_year_not_a_template(cli: Runner, tmp_path: Path) -> None:
    shutil.copytree(PLANS / "2026", tmp_path / "plans" / "2026")
    (tmp_path / "plans" / "template").mkdir()
    (tmp_path / "plans" / "template" / "plan.yaml").write_text("title: 模板\nyear: 2027\n", encoding="utf-8")
    result = cli("status", "--plans", str(tmp_path / "plans"), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("项目管理部2026年工作任务清单")


def test_show_list_and_diff_json_carry_the_same_task_record(cli: Runner, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(PLANS, repo / "plans")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "plan")
    path = repo / "plans" / "2026" / "01-internal-market.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: todo", "status: doing", 1), encoding="utf-8")
    diffed = json.loads(cli("diff", "--format", "json", cwd=repo).stdout)["tasks"]["changed"][0]["new"]
    shown = json.loads(cli("show", diffed["id"], "--format", "json", "--as-of", "2026-06-30", cwd=repo).stdout)["task"]
    listed = json.loads(cli("list", "--format", "json", "--as-of", "2026-06-30", cwd=repo).stdout)["tasks"]
    judged = {"overdue", "due_soon"}  # what list and show add: the task judged at the as-of date
    assert set(shown) - judged - {"log"} == set(diffed)
    assert {k: v for k, v in shown.items() if k not in judged | {"log"}} == diffed
    assert next(t for t in listed if t["id"] == diffed["id"]) == {k: v for k, v in shown.items() if k != "log"}
    text = cli("show", diffed["id"], "--as-of", "2026-06-30", cwd=repo).stdout
    assert shown["goal"]
    assert shown["goal"] in text
    assert all(r in text for r in shown["resources"])


def test_search_matches_tags(cli: Runner, plan_copy: Path) -> None:
    path = plan_copy / "2026" / "01-internal-market.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("      - id: IM-2\n", "      - id: IM-2\n        tags: [标杆客户]\n", 1), encoding="utf-8"
    )
    found = json.loads(cli("list", "--plans", str(plan_copy), "--search", "标杆", "--format", "json").stdout)
    assert [t["id"] for t in found["tasks"]] == ["IM-2"]


def test_a_path_outside_the_current_folder_is_shown_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmtasks.plan.discover import display

    inside = tmp_path / "work"
    inside.mkdir()
    monkeypatch.chdir(inside)
    assert display(inside / "plans" / "2026") == "plans/2026"
    assert display(tmp_path / "other" / "x.xlsx") == str(tmp_path / "other" / "x.xlsx")
    assert display(Path("../x.md")) == "../x.md"
