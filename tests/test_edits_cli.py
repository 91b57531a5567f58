"""add, drop, reschedule, edit and move end to end: git diffs, policy, refusals, JSON and the log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import git, golden
from writes_fixtures import AS_OF, author, plan_repo, real_plan, snapshot  # noqa: F401  (author: a fixture)

pytestmark = pytest.mark.usefixtures("author")
IM = "01-internal-market.yaml"


def _diff(repo: Path) -> list[str]:
    return [
        line
        for line in git(repo, "diff", "--no-color", "-U0").splitlines()
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]


def test_the_git_diff_of_add_is_only_the_new_task(cli, tmp_path):
    plans = plan_repo(tmp_path)
    result = cli(
        "add",
        "--line",
        "IM",
        "--period",
        "4-9月",
        "梳理麓湖项目复盘材料",
        "--owner",
        "市场组",
        "--due",
        "2026-08-31",
        "--depends",
        "im-4",
        "--tag",
        "复盘",
        "--as-of",
        AS_OF,
        cwd=plans,
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, "IM-11\n", "IM-11 added to IM 4-9月\n")
    assert _diff(tmp_path) == [
        "+      - id: IM-11",
        "+        title: 梳理麓湖项目复盘材料",
        "+        owner: 市场组",
        "+        status: todo",
        "+        progress: 0",
        "+        due: 2026-08-31",
        "+        depends: [IM-4]",
        "+        tags: [复盘]",
        "+        log:",
        "+          - {date: 2026-03-01, status: todo, author: 张伟}",
    ]
    assert "@@ -43,0 +44,10 @@" in git(tmp_path, "diff", "-U0")  # right after IM-6, the last task of 4-9月


def test_the_git_diff_of_move_is_one_block_out_and_the_same_block_in(cli, tmp_path):
    plans = plan_repo(tmp_path)
    assert cli("note", "IM-2", "已开会", "--as-of", AS_OF, cwd=plans).exit_code == 0
    git(tmp_path, "commit", "-qam", "note")
    result = cli("move", "IM-2", "--line", "EM", "--period", "7-9月", "--as-of", AS_OF, cwd=plans)
    assert (result.exit_code, result.stdout) == (0, "IM-2 moved: 内部市场巩固 1-3月 → 外部市场拓展 7-9月\n")
    removed = [line[1:] for line in _diff(tmp_path) if line.startswith("-")]
    added = [line[1:] for line in _diff(tmp_path) if line.startswith("+")]
    assert removed == added  # the real plan's periods indent their tasks alike
    assert removed[0] == "      - id: IM-2"
    assert removed[-1].endswith("note: 已开会, author: 张伟}")
    shown = json.loads(cli("show", "IM-2", "--format", "json", "--as-of", AS_OF, cwd=plans).stdout)["task"]
    assert (shown["line"], shown["period"], len(shown["log"])) == ("外部市场拓展", "7-9月", 1)


def test_a_move_follows_the_indentation_of_its_new_place(cli, tmp_path):
    folder = real_plan(tmp_path)
    crafted = (Path(__file__).parent / "examples" / "writes" / "comments.yaml").read_text(encoding="utf-8")
    crafted = crafted.replace("code: IM", "code: CM").replace("IM-", "CM-").replace("内部市场巩固", "评论")
    (folder / "09-comments.yaml").write_text(crafted, encoding="utf-8")
    before = (folder / "09-comments.yaml").read_text(encoding="utf-8")
    assert (
        cli("move", "CM-1", "--line", "IM", "--period", "10-12月", "--plans", str(folder), "--as-of", AS_OF).exit_code
        == 0
    )
    block = before[before.index("      - id: CM-1") : before.index("      - id: CM-2")]
    assert block.count("\n") == 13
    after = (folder / IM).read_text(encoding="utf-8")
    assert after.endswith(block)  # both put the task's `-` at column 6: not a byte changed
    assert block not in (folder / "09-comments.yaml").read_text(encoding="utf-8")


def test_the_reschedule_entry_is_shown_and_diffed(cli, tmp_path):
    plans = plan_repo(tmp_path)
    result = cli("reschedule", "IM-4", "--due", "2026-09-15", "--reason", "业主图纸延迟", "--as-of", AS_OF, cwd=plans)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "IM-4 due 2026-09-30 → 2026-09-15\n", "")
    assert _diff(tmp_path) == [
        "+        due: 2026-09-15",
        "+        log:",
        "+          - {date: 2026-03-01, due: [2026-09-30, 2026-09-15], note: 业主图纸延迟, author: 张伟}",
    ]
    show = cli("show", "IM-4", "--as-of", AS_OF, cwd=plans).stdout
    assert "2026-03-01  due 2026-09-30 → 2026-09-15  业主图纸延迟  — 张伟" in show
    shown = json.loads(cli("show", "IM-4", "--format", "json", "--as-of", AS_OF, cwd=plans).stdout)["task"]
    assert shown["log"] == [
        {"date": "2026-03-01", "note": "业主图纸延迟", "author": "张伟", "due": ["2026-09-30", "2026-09-15"]}
    ]
    diff = cli("diff", "--as-of", AS_OF, cwd=plans)
    assert "    due            2026-09-30 → 2026-09-15  −15d\n" in diff.stdout
    assert "    rescheduled    业主图纸延迟 — 张伟" in diff.stdout


def test_reschedule_needs_a_reason_when_the_policy_says_so(cli, tmp_path):
    folder = real_plan(tmp_path)
    before = snapshot(folder)
    result = cli("reschedule", "IM-4", "--due", "2026-09-15", "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "pmtasks: plan.yaml's reschedule policy requires a reason for moving a date; "
        "say why: `pmtasks reschedule IM-4 … --reason TEXT`\n"
    )
    assert snapshot(folder) == before
    with (folder / "plan.yaml").open("a", encoding="utf-8") as plan:
        plan.write("reschedule: {reason: optional}\n")
    result = cli("reschedule", "IM-4", "--due", "2026-09-15", "--plans", str(folder), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "- {date: 2026-03-01, due: [2026-09-30, 2026-09-15], author: 张伟}\n" in (folder / IM).read_text("utf-8")


def test_the_rule_fires_after_the_third_reschedule_and_not_at_the_second(cli, tmp_path):
    folder = real_plan(tmp_path)
    with (folder / "plan.yaml").open("a", encoding="utf-8") as plan:
        plan.write("reschedule: {reason: required, max: 2}\n")
    fired = []
    for n, (day, due) in enumerate(
        (("2026-03-01", "2026-09-10"), ("2026-04-01", "2026-09-20"), ("2026-05-01", "2026-09-25")), start=1
    ):
        moved = cli(
            "reschedule",
            "IM-4",
            "--due",
            due,
            "-r",
            f"第{n}次",
            "--date",
            day,
            "--plans",
            str(folder),
            "--as-of",
            AS_OF,
        )
        assert moved.exit_code == 0, moved.stderr
        check = cli("check", "--plans", str(folder), "--as-of", AS_OF, "--format", "json")
        fired.append([f["message"] for f in json.loads(check.stdout)["findings"] if f["code"] == "PMT008"])
    assert fired[:2] == [[], []]
    assert fired[2] == [
        "was rescheduled 3 times (2026-03-01, 2026-04-01, 2026-05-01), more than the 2 plan.yaml "
        "allows; find out why it keeps slipping, and split, re-plan or drop it"
    ]


def test_drop_is_refused_while_open_tasks_depend_on_it(cli, tmp_path):
    folder = real_plan(tmp_path)
    assert cli("edit", "IM-5", "--depends", "IM-4", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    before = snapshot(folder)
    result = cli("drop", "IM-4", "--reason", "取消", "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "pmtasks: IM-4 is needed by IM-5 (they depend on it); nothing was changed. Change "
        "their dependencies first (`pmtasks edit IM-5 --undepend IM-4`), drop them too, or "
        "drop it anyway (`pmtasks drop IM-4 --force`)\n"
    )
    assert snapshot(folder) == before
    both = cli("drop", "IM-4", "IM-5", "-r", "取消", "--plans", str(folder), "--as-of", AS_OF)
    assert (both.exit_code, both.stdout) == (0, "IM-4 todo → dropped\nIM-5 todo → dropped\n")


def test_drop_force_drops_it_and_names_who_still_needs_it(cli, tmp_path):
    folder = real_plan(tmp_path)
    assert cli("edit", "IM-5", "--depends", "IM-4", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    result = cli("drop", "IM-4", "-r", "取消", "--force", "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (0, "IM-4 todo → dropped (still needed by IM-5)\n")
    text = (folder / IM).read_text(encoding="utf-8")
    assert (
        "status: dropped\n        progress: 0\n        log:\n          - {date: 2026-03-01, status: dropped, "
        "note: 取消, author: 张伟}\n" in text
    )


def test_json_reports_what_changed(cli, tmp_path):
    folder = real_plan(tmp_path)
    result = cli(
        "edit",
        "IM-6",
        "--title",
        "汇报落地效果",
        "--tag",
        "汇报",
        "--format",
        "json",
        "--plans",
        str(folder),
        "--as-of",
        AS_OF,
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["changes"] == [
        {
            "id": "IM-6",
            "action": "changed",
            "file": report["changes"][0]["file"],
            "changes": {
                "title": ["向集团运营中心、区域公司高层汇报落地应用效果", "汇报落地效果"],
                "tags": [[], ["汇报"]],
            },
        }
    ]
    assert report["changes"][0]["file"].endswith(f"plan/{IM}")
    assert report["written"] == [report["changes"][0]["file"]]
    assert report["dry_run"] is False
    added = json.loads(
        cli(
            "add",
            "-l",
            "EC",
            "-p",
            "Q4",
            "新任务",
            "--format",
            "json",
            "--dry-run",
            "--plans",
            str(folder),
            "--as-of",
            AS_OF,
        ).stdout
    )
    assert (added["changes"][0]["id"], added["changes"][0]["period"], added["written"]) == ("EC-7", "10-12月", [])
    assert [line for line in added["diff"].splitlines() if line.startswith("+")][1:] == [
        "+      - id: EC-7",
        "+        title: 新任务",
        "+        status: todo",
        "+        progress: 0",
        "+        log:",
        "+          - {date: 2026-03-01, status: todo, author: 张伟}",
    ]


def test_edit_refuses_a_cycle_and_an_unknown_dependency(cli, tmp_path):
    folder = real_plan(tmp_path)
    assert cli("edit", "IM-2", "--depends", "IM-1", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    before = snapshot(folder)
    cycle = cli("edit", "IM-1", "--depends", "im-2", "--plans", str(folder), "--as-of", AS_OF)
    assert (cycle.exit_code, cycle.stderr) == (
        3,
        "pmtasks: IM-1 cannot depend on IM-2: that would make a cycle "
        "(IM-1 → IM-2 → IM-1); remove a dependency so the chain has a start\n",
    )
    unknown = cli("edit", "IM-1", "--depends", "IM-99", "--plans", str(folder), "--as-of", AS_OF)
    assert (unknown.exit_code, unknown.stderr) == (
        3,
        "pmtasks: IM-1 cannot depend on 'IM-99': there is no such task; `pmtasks list` shows every ID\n",
    )
    assert snapshot(folder) == before


def test_edit_dates_follow_the_policy(cli, tmp_path):
    folder = real_plan(tmp_path)
    refused = cli("edit", "IM-1", "--due", "2026-03-15", "--plans", str(folder), "--as-of", AS_OF)
    assert refused.exit_code == 2
    done = cli("edit", "IM-1", "--due", "2026-03-15", "-r", "提前", "--plans", str(folder), "--as-of", AS_OF)
    assert (done.exit_code, done.stdout) == (0, "IM-1 edited due\n")
    cleared = cli("edit", "IM-1", "--clear", "due", "-r", "恢复", "--plans", str(folder), "--as-of", AS_OF)
    assert (cleared.exit_code, cleared.stdout) == (0, "IM-1 edited due\n")
    text = (folder / IM).read_text(encoding="utf-8")
    assert (
        "          - {date: 2026-03-01, due: [2026-03-31, 2026-03-15], note: edited due; 提前, author: 张伟}\n"
        "          - {date: 2026-03-01, due: [2026-03-15, 2026-03-31], note: edited due; 恢复, author: 张伟}\n"
    ) in text
    assert "        due:" not in text.split("id: IM-1\n")[1].split("id: IM-2")[0]


BAD = [
    ("add-unknown-line", ["add", "-l", "XX", "-p", "Q1", "任务"]),
    ("add-unknown-period", ["add", "-l", "IM", "-p", "4-10月", "任务"]),
    ("add-not-a-period", ["add", "-l", "IM", "-p", "春天", "任务"]),
    ("add-duplicate-id", ["add", "-l", "IM", "-p", "Q1", "--id", "ec-1", "任务"]),
    ("add-bad-id", ["add", "-l", "IM", "-p", "Q1", "--id", "-x", "任务"]),
    ("add-far-date", ["add", "-l", "IM", "-p", "Q1", "--due", "2046-03-01", "任务"]),
    ("add-bad-date", ["add", "-l", "IM", "-p", "Q1", "--due", "2026-02-30", "任务"]),
    ("add-empty-title", ["add", "-l", "IM", "-p", "Q1", " "]),
    ("add-no-goal", ["add", "-l", "IM", "--new-period", "2027年1-3月", "任务"]),
    ("add-due-before-start", ["add", "-l", "IM", "-p", "Q1", "--start", "2026-03-01", "--due", "2026-02-01", "任务"]),
    ("drop-empty-reason", ["drop", "IM-1", "--reason", "  "]),
    ("drop-no-reason", ["drop", "IM-1"]),
    ("drop-unknown", ["drop", "IM-1", "IM-99", "-r", "取消"]),
    ("reschedule-no-date", ["reschedule", "IM-1", "-r", "x"]),
    ("reschedule-far-date", ["reschedule", "IM-1", "--due", "1999-03-01", "-r", "x"]),
    ("reschedule-out-of-range", ["reschedule", "IM-1", "--due", "3026-03-01", "-r", "x"]),
    ("reschedule-empty-reason", ["reschedule", "IM-1", "--due", "2026-03-20", "-r", ""]),
    ("reschedule-same", ["reschedule", "IM-1", "--due", "2026-03-31", "-r", "x"]),
    (
        "edit-nothing",
        ["edit", "IM-1", "--title", "完成西南公司、华东公司、北方公司需求调研，明确内部市场核心痛点与服务需求"],
    ),
    ("edit-untag-missing", ["edit", "IM-1", "--untag", "无"]),
    ("edit-bad-clear", ["edit", "IM-1", "--clear", "title"]),
    ("edit-title-escape", ["edit", "IM-1", "--title", "\x1b[31m红"]),
    ("move-same-period", ["move", "IM-1", "--period", "1-3月"]),
    ("move-unknown-line", ["move", "IM-1", "--line", "XX", "--period", "Q1"]),
]


@pytest.mark.parametrize(("case", "args"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_and_changes_nothing(cli, tmp_path, case, args):
    folder = real_plan(tmp_path)
    before = snapshot(folder)
    result = cli(*args, "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert snapshot(folder) == before
    assert result.stdout == ""
    assert result.exit_code in (2, 3)
    golden(f"writes/bad-{case}.txt", f"exit {result.exit_code}\n{result.stderr}")


def test_a_move_between_files_writes_both_or_neither(cli, tmp_path, monkeypatch):
    import pmtasks.write.transaction

    folder = real_plan(tmp_path)
    check = pmtasks.write.transaction._check
    em = "03-external-market.yaml"
    before_im = (folder / IM).read_bytes()
    saved = (folder / em).read_bytes() + b"# edited meanwhile\n"

    def editor_saves_the_second_file(*args: object) -> None:
        check(*args)  # type: ignore[arg-type]
        (folder / em).write_bytes(saved)

    monkeypatch.setattr(pmtasks.write.transaction, "_check", editor_saves_the_second_file)
    result = cli(
        "move", "IM-1", "IM-2", "--line", "EM", "--period", "7-9月", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path
    )
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith(f"pmtasks: plan/{em} changed on disk while pmtasks was working")
    assert (folder / IM).read_bytes() == before_im
    assert (folder / em).read_bytes() == saved
    assert not list(folder.glob(".*.pmtasks-tmp"))


def test_a_due_date_outside_the_period_is_written_with_a_warning(cli, tmp_path):
    folder = real_plan(tmp_path)
    result = cli("reschedule", "IM-4", "--due", "2026-10-31", "-r", "延迟", "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (0, "IM-4 due 2026-09-30 → 2026-10-31\n")
    assert result.stderr == (
        "warning: IM-4 is due 2026-10-31, outside its period 4-9月 (2026-04-01 to 2026-09-30); "
        "`pmtasks reschedule IM-4 --due 2026-10-31 --move-period` would also move the task to "
        "the period that holds it\n"
    )


def test_every_new_command_has_examples_in_its_help(cli):
    for command in ("add", "drop", "reschedule", "edit", "move"):
        result = cli(command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout
        assert f"pmtasks {command} " in result.stdout
