"""`pmtasks ledger`: the list and one item pinned as text; each write pinned byte for byte."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shlex
from pathlib import Path

import pytest
from conftest import GOLDEN, golden
from ledger_fixtures import AS_OF, plan_with_ledgers
from writes_fixtures import author, git_identity  # noqa: F401  (author: a fixture)

pytestmark = pytest.mark.usefixtures("author")

Q1 = "2026-q1-review.yaml"
BIM = "2026-06-bim-inspection.yaml"
STYLES = "styles.yaml"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (lock files aside) and the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".pmtasks-lock")
    }


def expect_bytes(name: str, actual: bytes) -> None:
    path = GOLDEN / "ledger" / name
    if os.environ.get("PMTASKS_UPDATE_GOLDEN") or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        if not os.environ.get("PMTASKS_UPDATE_GOLDEN"):
            pytest.fail(f"golden file ledger/{name} was missing and has been written; check it and run again")
    assert actual == path.read_bytes(), f"file differs from tests/golden/ledger/{name}"


READS = [
    ("list", "ledger list"),
    ("list-overdue", "ledger list --overdue"),
    ("list-rectification-open", "ledger list --kind rectification --status open --status doing"),
    ("list-owner", "ledger list --owner 设计组"),
    ("show-zg-1", "ledger show zg-1"),
    ("show-jy-2", "ledger show JY-2"),
    ("list-json", "ledger list --format json"),
]


@pytest.mark.parametrize(("case", "line"), READS, ids=[r[0] for r in READS])
def test_reads_are_pinned(cli, tmp_path, case, line):
    plan_with_ledgers(tmp_path)
    result = cli(*shlex.split(line), "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(f"ledger/{case}.{'json' if case.endswith('json') else 'txt'}", result.stdout)


def test_show_says_when_all_linked_tasks_are_done_and_the_item_stays_open(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    assert cli("done", "EC-1", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    assert cli("done", "IM-4", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    shown = cli("ledger", "show", "ZG-1", "--plans", str(folder), "--as-of", AS_OF).stdout
    assert "all linked tasks are done" not in shown  # IM-2 is not done
    assert cli("done", "IM-2", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    shown = cli("ledger", "show", "ZG-1", "--plans", str(folder), "--as-of", AS_OF).stdout
    assert "all linked tasks are done" in shown
    assert "status      doing" in shown
    listed = cli("ledger", "list", "--status", "doing", "--plans", str(folder), "--as-of", AS_OF).stdout
    assert "ZG-1" in listed


# (case, file changed, command line, stdout)
WRITES = [
    ("progress-block-log", BIM, "ledger progress ZG-2 --note 已起草签认表单", "ZG-2 open → doing, note added\n"),
    ("progress-flow-log", Q1, "ledger progress JY-3 --note '南光集团: 已回访' --date 2026-06-20", "JY-3 note added\n"),
    (
        "done-new-evidence",
        BIM,
        "ledger done ZG-1 -e https://git.example.com/pm/plans/pull/57 -m 复核完成",
        "ZG-1 doing → done (evidence: url)\n",
    ),
    (
        "done-flow-evidence",
        STYLES,
        "ledger done AQ-1 --evidence https://wiki.example.com/safety/aq-1-check",
        "AQ-1 doing → done (evidence: url)\n",
    ),
    ("verify", Q1, "ledger verify JY-1 --as 王芳", "JY-1 verified by 王芳 on 2026-07-01\n"),
    ("verify-crlf-bom", STYLES, "ledger verify AQ-2", "AQ-2 verified by 张伟 on 2026-07-01\n"),
    ("progress-flow-empty-log", STYLES, "ledger progress AQ-2 --note 复查", None),
    (
        "add-existing",
        Q1,
        "ledger add --source 2026-q1-review.yaml --kind decision --title 编制代建服务标准 "
        "--owner 经营组 --due 2026-09-30 --acceptance '标准经部门会审定发布' --tasks ec-3,EC-5",
        "JY-4\n",
    ),
    (
        "add-rectification",
        BIM,
        "ledger add --source 2026-06-bim-inspection.yaml --kind rectification "
        "--title 'BIM模型版本未归档' --owner 设计组 --due 2026-07-31 --acceptance 模型版本按周归档 "
        "--measures 建立模型版本归档制度",
        "ZG-3\n",
    ),
]


@pytest.mark.parametrize(
    ("case", "name", "line", "stdout"), [w for w in WRITES if w[3]], ids=[w[0] for w in WRITES if w[3]]
)
def test_each_write_equals_the_expected_file(cli, tmp_path, case, name, line, stdout):
    folder = plan_with_ledgers(tmp_path, STYLES)
    before = snapshot(folder)
    result = cli(*shlex.split(line), "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, stdout, "")
    expect_bytes(f"{case}.yaml", (folder / "ledgers" / name).read_bytes())
    after = snapshot(folder)
    assert {k for k in before if before[k] != after[k]} == {f"ledgers/{name}"}


@pytest.mark.parametrize(
    ("case", "name", "line", "stdout"), [w for w in WRITES if w[3]], ids=[w[0] for w in WRITES if w[3]]
)
def test_dry_run_prints_the_exact_patch_and_writes_nothing(cli, tmp_path, case, name, line, stdout):
    folder = plan_with_ledgers(tmp_path, STYLES)
    before = snapshot(folder)
    result = cli(*shlex.split(line), "--dry-run", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert snapshot(folder) == before
    expect_bytes(f"{case}.diff", result.stdout.encode("utf-8"))


def test_a_flow_log_that_is_empty_gets_its_first_entry(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path, STYLES)
    result = cli("ledger", "progress", "AQ-2", "--note", "复查", "--plans", str(folder), "--as-of", AS_OF)
    assert result.exit_code == 3  # done items take no progress
    assert "AQ-2 is done" in result.stderr


def test_verify_writes_verified_by_and_verified_on_and_nothing_else(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    path = folder / "ledgers" / Q1
    old = path.read_text(encoding="utf-8").splitlines()
    assert cli("ledger", "verify", "JY-1", "--as", "王芳", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    new = path.read_text(encoding="utf-8").splitlines()
    changes = [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]
    assert changes == ["+     verified_by: 王芳", "+     verified_on: 2026-07-01"]


@pytest.mark.parametrize("who", ["--as 设计组", "--as ' 设计组 '", "git"])
def test_verify_by_the_owner_is_refused_with_exit_3_and_nothing_written(cli, tmp_path, monkeypatch, who):
    folder = plan_with_ledgers(tmp_path)
    if who == "git":
        home = tmp_path / "owner-home"
        home.mkdir()
        for key, value in git_identity(home, "设计组").items():
            monkeypatch.setenv(key, value)
    before = snapshot(folder)
    args = shlex.split(who) if who != "git" else []
    result = cli("ledger", "verify", "JY-1", *args, "--plans", str(folder), "--as-of", AS_OF)
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "pmtasks: JY-1 is owned by 设计组; the owner cannot verify (销号) their own item. "
        "Someone else runs `pmtasks ledger verify`; nothing was written\n"
    )
    assert snapshot(folder) == before


def test_verify_by_the_owner_from_git_config_in_a_crafted_file(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path, STYLES)
    (folder / "ledgers" / STYLES).write_bytes(
        (folder / "ledgers" / STYLES)
        .read_bytes()
        .replace("owner: 李强\r\n    due: 2026-05-15".encode(), "owner: 张伟\r\n    due: 2026-05-15".encode())
    )
    before = snapshot(folder)
    result = cli("ledger", "verify", "AQ-2", "--plans", str(folder), "--as-of", AS_OF)  # git says 张伟
    assert result.exit_code == 3
    assert "owned by 张伟" in result.stderr
    assert snapshot(folder) == before


REFUSALS = [
    (
        "verify-open",
        "ledger verify ZG-2 --as 王芳",
        "pmtasks: ZG-2 is open; only a done item can be verified (`pmtasks ledger done ZG-2 --evidence …` first)\n",
    ),
    ("verify-twice", "ledger verify JY-2 --as 李强", "pmtasks: JY-2 is already verified by 王芳 on 2026-05-20\n"),
    (
        "done-verified",
        "ledger done JY-2 --evidence https://x.example.com/1",
        "pmtasks: JY-2 is verified; `done` is for open and doing items\n",
    ),
    (
        "unknown-item",
        "ledger show ZG-9",
        "pmtasks: no ledger item with ID 'ZG-9'. Did you mean ZG-2, ZG-1? `pmtasks ledger list` shows every ID.\n",
    ),
    (
        "done-no-git",
        "ledger done ZG-1 --evidence 3f2a1c9",
        "pmtasks: 3f2a1c9 is a commit or a path, but the plan is not in a git repository, so it cannot be checked; "
        "give a URL instead, or run in the plan's repository\n",
    ),
    (
        "add-unknown-task",
        "ledger add --source 2026-q1-review.yaml --kind decision --title T --owner O "
        "--due 2026-09-30 --acceptance A --tasks IM-40",
        "pmtasks: --tasks: no task with ID 'IM-40'. Did you mean IM-4, IM-10, IN-4? `pmtasks list` shows every task ID\n",
    ),
    (
        "flow-item",
        "ledger progress AQ-3 --note x",
        "pmtasks: item AQ-3 (line 24) is written as a flow mapping ({…}); pmtasks will not rewrite it. "
        "To fix: write it in block style, one key per line, then run the command again\n",
    ),
]


@pytest.mark.parametrize(("case", "line", "stderr"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_say_why_and_change_nothing(cli, tmp_path, case, line, stderr):
    folder = plan_with_ledgers(tmp_path, STYLES)
    before = snapshot(folder)
    result = cli(*shlex.split(line), "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", stderr)
    assert snapshot(folder) == before


USAGE = [
    ("done ZG-1", "Missing option '--evidence'"),
    (
        "add --source new.yaml --kind decision --title T --owner O --due 2026-09-30 --acceptance A",
        "does not exist; to start it give --meeting NAME --date DATE",
    ),
    (
        "add --source 2026-q1-review.yaml --meeting M --date 2026-07-01 --kind decision --title T --owner O "
        "--due 2026-09-30 --acceptance A",
        "exists already",
    ),
    (
        "add --source ../x.yaml --kind decision --title T --owner O --due 2026-09-30 --acceptance A",
        "ledger files live in",
    ),
    (
        "add --source 2026-q1-review.yaml --kind plan --title T --owner O --due 2026-09-30 --acceptance A",
        "use decision or rectification",
    ),
    (
        "add --source 2026-q1-review.yaml --kind decision --title T --owner O --due 2026-09-31 --acceptance A",
        "'2026-09-31' is not a date",
    ),
    ("list --status closed", "use one of open, doing, done, verified, dropped"),
]


@pytest.mark.parametrize(("line", "message"), USAGE, ids=[u[0].split(" --")[0] + str(i) for i, u in enumerate(USAGE)])
def test_usage_errors_exit_2_and_change_nothing(cli, tmp_path, line, message):
    folder = plan_with_ledgers(tmp_path)
    before = snapshot(folder)
    result = cli("ledger", *shlex.split(line), "--plans", str(folder), "--as-of", AS_OF)
    assert result.exit_code == 2, result.stderr
    assert message in " ".join(result.stderr.replace("│", " ").split())
    assert snapshot(folder) == before


def test_add_starts_a_new_file_from_its_source(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    line = (
        "ledger add --source 2026-q2-review.yaml --meeting 2026年第二季度工作评估会 --date 2026-07-10 "
        "--kind decision --title '节能改造试点: 选定项目' --owner 设计组 --due 2026-08-31 "
        "--acceptance 试点项目清单经部门会审定 --tasks IN-18"
    )
    result = cli(*shlex.split(line), "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "JY-4\n", "")
    expect_bytes("add-new-file.yaml", (folder / "ledgers" / "2026-q2-review.yaml").read_bytes())
    shown = cli("ledger", "show", "JY-4", "--plans", str(folder), "--as-of", AS_OF)
    assert "meeting 2026年第二季度工作评估会 (2026-07-10)" in shown.stdout


def test_add_creates_the_ledgers_folder_and_dry_run_shows_a_new_file_patch(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path, examples=False)
    (folder / "ledgers").rmdir()
    line = (
        "ledger add --source first.yaml --inspection 质量检查 --date 2026-06-01 --kind rectification "
        "--title 缺签字 --owner 设计组 --due 2026-06-30 --acceptance 补签"
    )
    dry = cli(*shlex.split(line), "--dry-run", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert dry.exit_code == 0
    assert not (folder / "ledgers").exists()
    assert dry.stdout.startswith("--- /dev/null\n+++ plan/ledgers/first.yaml\n@@ -0,0 +1,12 @@\n")
    assert cli(*shlex.split(line), "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path).stdout == "ZG-1\n"
    lines = (folder / "ledgers" / "first.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert dry.stdout.splitlines(keepends=True)[3:] == ["+" + line for line in lines]


def test_check_reports_the_ledgers_after_the_plan(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    result = cli("check", "--format", "text", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert result.exit_code == 1
    golden("ledger/check-examples.txt", result.stdout)
    sarif = json.loads(cli("check", "--format", "sarif", "--plans", str(folder), "--as-of", AS_OF).stdout)
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ledger_results = [r for r in run["results"] if r["ruleId"].startswith("PMT10")]
    assert {r["ruleId"] for r in ledger_results} == {"PMT101", "PMT106"}
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in ledger_results)


def test_check_shows_plan_and_ledger_problems_together(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path, "invalid/every-mistake.yaml", examples=False)
    plan_yaml = folder / "plan.yaml"
    plan_yaml.write_text(plan_yaml.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    result = cli("check", "--format", "text", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert result.exit_code == 1
    # plan.yaml's unknown key and five of the ledger's problems: with no plan, its IDs cannot clash with tasks
    assert result.stdout.count("PMT001") == 6


def test_help_of_every_ledger_command_has_an_example(cli):
    from pmtasks.cli.ledger import ledger_app

    names = [c.name or c.callback.__name__ for c in ledger_app.registered_commands]  # type: ignore[union-attr]
    assert names == ["list", "show", "add", "progress", "done", "verify"]
    assert "Examples:" in cli("ledger", "--help").stdout
    for name in names:
        result = cli("ledger", name, "--help")
        assert result.exit_code == 0, name
        assert "Examples:" in result.stdout, name
        assert "--plans" in result.stdout, name
        assert "--as-of" in result.stdout, name


def test_a_file_changed_on_disk_during_a_write_is_not_overwritten(tmp_path):
    from pmtasks.ledger.edits import progress
    from pmtasks.write.ledger import write_item
    from pmtasks.write.store import WriteFailed

    folder = plan_with_ledgers(tmp_path)
    path = folder / "ledgers" / Q1
    edited = path.read_text(encoding="utf-8") + "# 编辑器保存的内容\n"

    def decide(plan, book, item):  # type: ignore[no-untyped-def]
        path.write_text(edited, encoding="utf-8")  # an editor saves while pmtasks works
        return progress(item, __import__("datetime").date(2026, 7, 1), "x", None)

    with pytest.raises(WriteFailed, match="changed on disk"):
        write_item(folder, "JY-3", decide)
    assert path.read_text(encoding="utf-8") == edited
    assert not list(path.parent.glob(".*.pmtasks-tmp"))


def test_plans_and_as_of_work_before_and_after_the_group_and_command_names(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    expected = cli("ledger", "list", "--plans", str(folder), "--as-of", AS_OF).stdout
    assert cli("ledger", "--plans", str(folder), "--as-of", AS_OF, "list").stdout == expected
    assert cli("--plans", str(folder), "--as-of", AS_OF, "ledger", "list").stdout == expected


def test_ledger_writes_speak_chinese(cli, tmp_path):
    """What the ledger writes say they did, and what they refuse, under --lang zh-CN; the files keep English states."""
    folder = plan_with_ledgers(tmp_path)
    base = ("--lang", "zh-CN", "--plans", str(folder), "--as-of", AS_OF)
    said = cli(*base, "ledger", "progress", "ZG-2", "--note", "已起草签认表单")
    assert (said.exit_code, said.stdout) == (0, "ZG-2 待办理 → 进行中，已添加进展说明\n")
    said = cli(*base, "ledger", "verify", "JY-1", "--as", "王芳")
    assert (said.exit_code, said.stdout) == (0, "JY-1 已由 王芳 于 2026-07-01 销号\n")
    before = snapshot(folder)
    refused = cli(*base, "ledger", "verify", "JY-1", "--as", "李明")
    assert refused.exit_code == 3
    assert refused.stderr == "pmtasks: JY-1 已由 王芳 于 2026-07-01 销号\n"
    refused = cli(*base, "ledger", "progress", "JY-1", "--note", "复查")
    assert refused.exit_code == 3
    assert refused.stderr == "pmtasks: JY-1 状态为已销号；`progress` 只用于待办理和进行中的事项\n"
    refused = cli(*base, "ledger", "show", "ZG-99")
    assert refused.exit_code == 3
    assert "没有编号为 'ZG-99' 的事项。" in refused.stderr
    assert snapshot(folder) == before
    assert "status: doing" in (folder / "ledgers" / BIM).read_text(encoding="utf-8")
