"""The pure parts of writing: how values are written as YAML, and what each command changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from pmtasks.errors import UsageError
from pmtasks.plan.load import load_files
from pmtasks.plan.model import LogEntry, Status, Task
from pmtasks.render.writes import confirmation
from pmtasks.write.edits import (
    Ask,
    Change,
    WriteRefused,
    checked_text,
    decide,
    percent,
    verify,
)
from pmtasks.write.yamledit import EditRefused, TaskEdit, apply_edits, scalar

DAY = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("value", "flow", "written"),
    [
        ("市场组", False, "市场组"),
        ("张伟", True, "张伟"),
        ("no", False, '"no"'),
        ("Yes", True, '"Yes"'),
        ("null", False, '"null"'),
        ("~", False, '"~"'),
        ("123", False, '"123"'),
        ("010", False, '"010"'),
        ("1.5", False, '"1.5"'),
        ("2026-03-01", False, '"2026-03-01"'),
        ("a: b", False, '"a: b"'),
        ("a:b", False, "a:b"),
        ("a:b", True, '"a:b"'),
        ("ends:", False, '"ends:"'),
        ("a #b", False, '"a #b"'),
        ("a#b", False, "a#b"),
        ("#市场组", False, '"#市场组"'),
        ("-x", False, '"-x"'),
        ("- x", False, '"- x"'),
        ("*ref", False, '"*ref"'),
        ("&a", False, '"&a"'),
        ("!tag", False, '"!tag"'),
        ("@me", False, '"@me"'),
        ("`cmd`", False, '"`cmd`"'),
        ("%x", False, '"%x"'),
        ("[x]", False, '"[x]"'),
        ("{x}", False, '"{x}"'),
        ("a, b", False, "a, b"),
        ("a, b", True, '"a, b"'),
        ("完成 [一期]", True, '"完成 [一期]"'),
        (" padded", False, '" padded"'),
        ("", False, '""'),
        ("it's", False, "it's"),
        ('say "hi": now', False, '"say \\"hi\\": now"'),
        ("back\\slash: x", False, '"back\\\\slash: x"'),
        ("<<", False, '"<<"'),
        ("预算：待批", False, "预算：待批"),
    ],
)
def test_strings_are_quoted_only_when_yaml_needs_it(value, flow, written):
    assert scalar(value, flow=flow) == written


def test_existing_quoting_is_kept_and_numbers_and_dates_are_plain():
    assert scalar("设计组", style="'") == "'设计组'"
    assert scalar("it's", style="'") == "'it''s'"
    assert scalar("设计组", style='"') == '"设计组"'
    assert (scalar(100), scalar(DAY)) == ("100", "2026-03-01")


def _task(status: Status = Status.TODO, progress: int = 0, owner: str | None = None) -> Task:
    plan = load_files(
        {
            "p/plan.yaml": b"title: t\nyear: 2026\n",
            "p/a.yaml": b"line: l\ncode: A\nperiods:\n  - period: Q1\n    goal: g\n    tasks:\n"
            b"      - id: A-1\n        title: t\n",
        },
        "p",
    )
    task = next(plan.tasks)
    return Task(**{**vars(task), "status": status, "progress": progress, "owner": owner})


# (command, status before, progress before, PCT, expected status, expected progress); None: refused
RULES = [
    ("start", "todo", 0, None, "doing", 0),
    ("start", "blocked", 30, None, "doing", 30),
    ("start", "done", 100, None, None, None),
    ("start", "dropped", 0, None, None, None),
    ("done", "doing", 40, None, "done", 100),
    ("done", "dropped", 0, None, None, None),
    ("block", "doing", 40, None, "blocked", 40),
    ("block", "done", 100, None, None, None),
    ("reopen", "done", 100, None, "todo", 0),
    ("reopen", "dropped", 0, None, "todo", 0),
    ("reopen", "blocked", 20, None, "doing", 20),
    ("reopen", "doing", 20, None, "doing", 20),
    ("progress", "todo", 0, 40, "doing", 40),
    ("progress", "blocked", 40, 60, "doing", 60),
    ("progress", "doing", 60, 100, "done", 100),
    ("progress", "done", 100, 0, "todo", 0),
    ("progress", "doing", 60, 0, "doing", 0),
    ("progress", "dropped", 0, 50, None, None),
]


@pytest.mark.parametrize(("command", "before", "pct_before", "pct", "status", "pct_after"), RULES)
def test_what_each_command_does_to_status_and_progress(command, before, pct_before, pct, status, pct_after):
    task = _task(Status(before), pct_before)
    ask = Ask(command, DAY, note="n", percent=pct)
    if status is None:
        with pytest.raises(WriteRefused):
            decide(task, ask)
        return
    change = decide(task, ask)
    assert (change.status or task.status, change.progress if change.progress is not None else task.progress) == (
        Status(status),
        pct_after,
    )


def test_reopen_goes_back_to_the_progress_logged_before_done():
    task = _task(Status.DONE, 100)
    logged = replace(task, log=(LogEntry(DAY, Status.DOING, 70), LogEntry(DAY, Status.DONE, 100)))
    change = decide(logged, Ask("reopen", DAY))
    assert (change.status, change.progress) == (Status.DOING, 70)
    assert confirmation(logged, change) == "A-1 done → doing (70%)"


def test_the_log_entry_records_only_what_changed():
    change = decide(_task(Status.DOING, 40), Ask("done", DAY, note="验收", author="张伟"))
    assert change.entry == LogEntry(DAY, Status.DONE, 100, None, "验收", "张伟")
    assert change.edit() == TaskEdit(
        "A-1",
        (("status", "done"), ("progress", 100)),
        (("date", DAY), ("status", "done"), ("progress", 100), ("note", "验收"), ("author", "张伟")),
    )
    unchanged = decide(_task(Status.DOING), Ask("start", DAY, note="again"))
    assert unchanged.empty
    assert confirmation(_task(Status.DOING), unchanged) == (
        "A-1 is already doing (0%); nothing to change; the note was not recorded "
        "(`pmtasks note A-1 TEXT` records one on its own)"
    )
    same_owner = decide(_task(owner="市场组"), Ask("assign", DAY, owner="市场组"))
    assert (
        confirmation(_task(owner="市场组"), same_owner) == "A-1 is already todo (0%, owner 市场组); nothing to change"
    )
    assigned = decide(_task(owner="市场组"), Ask("assign", DAY, owner="设计组"))
    assert confirmation(_task(owner="市场组"), assigned) == "A-1 owner 市场组 → 设计组"


def test_command_line_values_are_checked():
    assert [percent(v) for v in ("0", "7", " 100 ")] == [0, 7, 100]
    assert [percent(v) for v in ("０", "８０", "0050")] == [0, 80, 50]  # fullwidth digits, leading zeros
    for bad in ("-1", "101", "5%", "1e2", "", "五十", "²", "٣", "9" * 5000, "1000"):
        with pytest.raises(ValueError, match="is not a whole number from 0 to 100"):
            percent(bad)
    assert checked_text("  市场组 ", "owner") == "市场组"
    for bad in ("a\tb", "a\u202eb", "\x07", "  "):
        with pytest.raises(UsageError):  # a bad argument: exit 2
            checked_text(bad, "owner")


def test_verify_names_a_task_that_does_not_read_back_as_asked():
    files = {
        "p/plan.yaml": b"title: t\nyear: 2026\n",
        "p/a.yaml": b"line: l\ncode: A\nperiods:\n  - period: Q1\n    goal: g\n    tasks:\n"
        b"      - id: A-1\n        title: t\n      - id: A-2\n        title: u\n",
    }
    before = load_files(files, "p")
    change = Change("A-1", LogEntry(DAY, Status.DOING), status=Status.DOING)
    right = apply_edits(files["p/a.yaml"].decode(), [change.edit()])
    wrong = right.replace("title: u", "title: v")
    assert verify(before, load_files({**files, "p/a.yaml": right.encode()}, "p"), [change]) == []
    assert verify(before, load_files({**files, "p/a.yaml": wrong.encode()}, "p"), [change]) == ["plan"]
    assert verify(before, before, [change]) == ["A-1"]


def test_a_task_missing_from_the_text_is_refused():
    with pytest.raises(EditRefused):
        apply_edits("line: l\ncode: A\nperiods: []\n", [TaskEdit("A-1", (("status", "done"),))])
