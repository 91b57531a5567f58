"""The write commands end to end: git diff, history, refusals, bad input, locks and stale files."""

from __future__ import annotations

import fcntl
import json
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import Runner, git, golden
from hostile import TASK, small_plan
from writes_fixtures import AS_OF, author, git_identity, plan_repo, real_plan, snapshot  # noqa: F401  (author: a fixture)

import pmtasks.write.store

pytestmark = pytest.mark.usefixtures("author")
IM = "01-internal-market.yaml"


def test_git_diff_shows_only_status_progress_and_the_new_log_entry(cli, tmp_path):
    plans = plan_repo(tmp_path)
    result = cli("done", "IM-1", "--note", "完成调研", "--as-of", "2026-02-20", cwd=plans)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "IM-1 todo → done (100%)\n", "")
    diff = [line for line in git(tmp_path, "diff", "--no-color").splitlines() if not line.startswith("index ")]
    assert diff == [
        "diff --git a/plans/2026/01-internal-market.yaml b/plans/2026/01-internal-market.yaml",
        "--- a/plans/2026/01-internal-market.yaml",
        "+++ b/plans/2026/01-internal-market.yaml",
        "@@ -11,8 +11,10 @@ periods:",
        "     tasks:",
        "       - id: IM-1",
        "         title: 完成西南公司、华东公司、北方公司需求调研，明确内部市场核心痛点与服务需求",
        "-        status: todo",
        "-        progress: 0",
        "+        status: done",
        "+        progress: 100",
        "+        log:",
        "+          - {date: 2026-02-20, status: done, progress: 100, note: 完成调研, author: 张伟}",
        "       - id: IM-2",
        "         title: 完成涿州项目、上海新中山项目示范区BIM精细化应用价值梳理",
        "         status: todo",
    ]
    assert git(tmp_path, "status", "--porcelain") == " M plans/2026/01-internal-market.yaml\n"


def test_the_log_tells_the_tasks_story(cli, tmp_path):
    folder = real_plan(tmp_path)
    steps = [
        ("start IM-4 --date 2026-04-01", "IM-4 todo → doing (0%)"),
        ("progress IM-4 40 --date 2026-05-10 --note 麓湖项目已进场", "IM-4 doing (0% → 40%)"),
        ("block IM-4 --reason 等待业主确认图纸 --note 已发函 --date 2026-06-01", "IM-4 doing → blocked (40%)"),
        ("reopen IM-4 --date 2026-06-15", "IM-4 blocked → doing (40%)"),
        ("assign IM-4 设计组 --date 2026-06-16", "IM-4 owner — → 设计组"),
        ("note IM-4 图纸已确认 --date 2026-06-20", "IM-4 note added"),
        ("done IM-4 --date 2026-09-30", "IM-4 doing → done (100%)"),
    ]
    for line, said in steps:
        result = cli(*line.split(), "--plans", str(folder), "--as-of", AS_OF)
        assert (result.exit_code, result.stdout, result.stderr) == (0, said + "\n", "")
    shown = json.loads(cli("show", "IM-4", "--format", "json", "--plans", str(folder), "--as-of", AS_OF).stdout)
    assert (shown["task"]["status"], shown["task"]["progress"], shown["task"]["owner"]) == ("done", 100, "设计组")
    assert shown["task"]["log"] == [
        {"date": "2026-04-01", "status": "doing", "author": "张伟"},
        {"date": "2026-05-10", "progress": 40, "note": "麓湖项目已进场", "author": "张伟"},
        {"date": "2026-06-01", "status": "blocked", "note": "等待业主确认图纸; 已发函", "author": "张伟"},
        {"date": "2026-06-15", "status": "doing", "author": "张伟"},
        {"date": "2026-06-16", "owner": "设计组", "author": "张伟"},
        {"date": "2026-06-20", "note": "图纸已确认", "author": "张伟"},
        {"date": "2026-09-30", "status": "done", "progress": 100, "author": "张伟"},
    ]


def test_two_files_in_one_command_and_the_as_of_date_as_default(cli, tmp_path):
    folder = real_plan(tmp_path)
    result = cli("done", "IM-1", "ec-1", "--plans", str(folder), "--as-of", "2026-03-31")
    assert (result.exit_code, result.stdout) == (0, "IM-1 todo → done (100%)\nEC-1 todo → done (100%)\n")
    for name, task_id in ((IM, "IM-1"), ("02-entrusted-construction.yaml", "EC-1")):
        assert (
            "- {date: 2026-03-31, status: done, progress: 100, author: 张伟}\n"
            in (folder / name).read_text(encoding="utf-8").split(f"id: {task_id}\n", 1)[1]
        )


def test_without_a_git_identity_the_entry_has_no_author(cli, tmp_path, monkeypatch):
    home = tmp_path / "nobody"
    home.mkdir()
    for key, value in git_identity(home, None).items():
        monkeypatch.setenv(key, value)
    folder = real_plan(tmp_path)
    assert cli("note", "IM-1", "开会", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    text = (folder / IM).read_text(encoding="utf-8")
    assert "        log:\n          - {date: 2026-03-01, note: 开会}\n      - id: IM-2\n" in text


def test_nothing_to_change_writes_nothing(cli, tmp_path):
    folder = real_plan(tmp_path)
    assert cli("start", "IM-1", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    before = snapshot(folder)
    result = cli("start", "IM-1", "--note", "again", "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "IM-1 is already doing (0%); nothing to change; the note was not recorded "
        "(`pmtasks note IM-1 TEXT` records one on its own)\n",
        "",
    )
    assert snapshot(folder) == before


def test_the_file_keeps_its_mode_and_no_temporary_file_stays(cli, tmp_path):
    folder = real_plan(tmp_path)
    (folder / IM).chmod(0o640)
    (folder / f".{IM}.4242.pmtasks-tmp").write_bytes(b"left by a writer that was killed")
    assert cli("done", "IM-1", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    assert stat.S_IMODE((folder / IM).stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [f".{IM}.pmtasks-lock"]


def _dropped(folder: Path) -> None:
    path = folder / IM
    head, tail = path.read_text(encoding="utf-8").split("id: IM-3\n", 1)
    path.write_text(head + "id: IM-3\n" + tail.replace("status: todo", "status: dropped", 1), encoding="utf-8")


def _invalid(folder: Path) -> None:
    path = folder / IM
    path.write_text(path.read_text(encoding="utf-8").replace("progress: 0", "progress: 150", 1), encoding="utf-8")


def _read_only_file(folder: Path) -> None:
    (folder / IM).chmod(0o444)


def _read_only_folder(folder: Path) -> None:
    folder.chmod(0o555)


BAD = [
    ("unknown-id", None, ["done", "IM-99"]),
    ("pct-text", None, ["progress", "IM-1", "abc"]),
    ("pct-over", None, ["progress", "IM-1", "101"]),
    ("pct-fraction", None, ["progress", "IM-1", "12.5"]),
    ("bad-date", None, ["done", "IM-1", "--date", "2026-02-30"]),
    ("done-dropped", _dropped, ["done", "IM-3"]),
    ("start-done", None, ["start", "IM-10"]),
    ("invalid-file", _invalid, ["done", "IM-2"]),
    ("read-only-file", _read_only_file, ["done", "IM-1"]),
    ("read-only-folder", _read_only_folder, ["done", "IM-1"]),
    ("owner-escape", None, ["assign", "IM-1", "\x1b[31m市场组"]),
    ("note-newline", None, ["done", "IM-1", "--note", "第一行\n第二行"]),
    ("empty-owner", None, ["assign", "IM-1", " "]),
    ("missing-reason", None, ["block", "IM-1"]),
]


@pytest.mark.parametrize(("case", "setup", "args"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_and_changes_nothing(cli, tmp_path, case, setup, args):
    folder = real_plan(tmp_path)
    if case == "start-done":
        assert cli("done", "IM-10", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path).exit_code == 0
    if setup:
        setup(folder)
    before = snapshot(folder)
    result = cli(*args, "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    folder.chmod(0o755)
    assert snapshot(folder) == before
    assert result.stdout == ""
    golden(f"writes/bad-{case}.txt", f"exit {result.exit_code}\n{result.stderr}")


def test_a_file_changed_by_an_editor_meanwhile_is_not_overwritten(cli, tmp_path, monkeypatch):
    folder = real_plan(tmp_path)
    check = pmtasks.write.store._check
    saved = (folder / IM).read_bytes().replace(b"status: todo", b"status: doing", 1)

    def editor_saves_meanwhile(*args: Any) -> None:
        check(*args)
        (folder / IM).write_bytes(saved)

    monkeypatch.setattr(pmtasks.write.store, "_check", editor_saves_meanwhile)
    result = cli("done", "IM-2", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "pmtasks: plan/01-internal-market.yaml changed on disk while pmtasks was working "
        "(an editor saved it?); nothing was written. Run the command again\n"
    )
    assert (folder / IM).read_bytes() == saved
    assert not list(folder.glob("*.pmtasks-tmp"))


def test_two_files_are_written_together_or_not_at_all(cli, tmp_path, monkeypatch):
    folder = real_plan(tmp_path)
    check = pmtasks.write.store._check
    ec = "02-entrusted-construction.yaml"
    before_im = (folder / IM).read_bytes()
    saved = (folder / ec).read_bytes() + b"# edited meanwhile\n"

    def editor_saves_the_second_file(*args: Any) -> None:
        check(*args)
        (folder / ec).write_bytes(saved)

    monkeypatch.setattr(pmtasks.write.store, "_check", editor_saves_the_second_file)
    result = cli("done", "IM-2", "EC-1", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr.startswith(f"pmtasks: plan/{ec} changed on disk while pmtasks was working")
    assert (folder / IM).read_bytes() == before_im
    assert (folder / ec).read_bytes() == saved
    assert not list(folder.glob(".*.pmtasks-tmp"))


def test_a_writer_waits_for_the_lock_and_gives_up_in_the_end(cli, tmp_path, monkeypatch):
    folder = real_plan(tmp_path)
    before = snapshot(folder)
    monkeypatch.setattr(pmtasks.write.store, "LOCK_TIMEOUT", 0.05)
    with open(folder / f".{IM}.pmtasks-lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = cli("done", "IM-1", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "pmtasks: another pmtasks has been writing plan/01-internal-market.yaml for 0 s; "
        "wait for it to finish and run the command again\n"
    )
    assert snapshot(folder) == before


def test_a_plan_file_that_is_a_symbolic_link_stays_one(cli, tmp_path):
    folder = real_plan(tmp_path)
    elsewhere = tmp_path / "shared.yaml"
    (folder / IM).rename(elsewhere)
    (folder / IM).symlink_to(elsewhere)
    assert cli("done", "IM-1", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    assert (folder / IM).is_symlink()
    assert "status: done\n        progress: 100\n" in elsewhere.read_text(encoding="utf-8")


def test_dry_run_on_a_terminal_shows_bidi_escaped(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plans" / "2026"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: 计划\nyear: 2026\n", encoding="utf-8")
    (folder / "01.yaml").write_text(
        "line: 线\ncode: L\nperiods:\n  - period: Q1\n    goal: 目标\n    tasks:\n"
        "      - id: L-1\n        title: 调研\u202e反向\u202c\n        status: todo\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    result = cli("done", "L-1", "--dry-run", "--plans", str(tmp_path / "plans"), "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    assert "\u202e" not in result.stdout
    assert "\u202c" not in result.stdout
    assert "         title: 调研\\u202e反向\\u202c\n" in result.stdout  # shown, not dropped
    assert result.stderr == "L-1 todo → done (100%) (dry run: nothing written)\n"


def test_a_note_may_start_with_a_dash_and_a_negative_percentage_gets_the_range_message(cli, plan_copy) -> None:
    note = cli("--plans", str(plan_copy), "note", "IM-5", "- 复盘材料已提交")
    assert (note.exit_code, note.stdout) == (0, "IM-5 note added\n")
    assert 'note: "- 复盘材料已提交"' in (plan_copy / "2026" / "01-internal-market.yaml").read_text(encoding="utf-8")
    negative = cli("--plans", str(plan_copy), "progress", "IM-4", "-5")
    assert negative.exit_code == 2
    assert "'-5' is not a whole number from 0 to 100" in negative.stderr


def test_dry_run_off_a_terminal_is_the_exact_patch(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path, TASK + "        status: todo   # \u202e待办\n")
    original = (folder / "01-x.yaml").read_bytes()
    result = cli("done", "X-1", "--dry-run", "--plans", str(folder), "--as-of", "2026-03-01")
    assert result.exit_code == 0, result.stderr
    assert (folder / "01-x.yaml").read_bytes() == original
    applied = subprocess.run(
        ["patch", "-s", "-o", "-", str(folder / "01-x.yaml")],
        input=result.stdout.encode(),
        capture_output=True,
        check=True,
    ).stdout
    done = cli("done", "X-1", "--plans", str(folder), "--as-of", "2026-03-01")
    assert done.exit_code == 0
    assert applied == (folder / "01-x.yaml").read_bytes()
