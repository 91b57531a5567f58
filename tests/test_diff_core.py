"""The pure side of `pmtasks diff`: matching, text edits, the summary, Markdown safety and size."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PLANS

from pmtasks.git.diff import Sides, compare, summarize, text_edit
from pmtasks.plan.load import load_files, load_plan
from pmtasks.plan.model import Plan
from pmtasks.render.diff_data import diff_markdown
from pmtasks.render.words import summary_text

HEAD = b"title: T\nyear: 2026\n"
SIDES = Sides("main (1234567)", "HEAD (89abcde)", "1234567", "89abcde", "plans/2026")


def plan(body: str, name: str = "plans/2026/01-a.yaml") -> Plan:
    return load_files({"plans/2026/plan.yaml": HEAD, name: body.encode()}, "plans/2026")


def line_file(*tasks: str, period: str = "1-3月") -> str:
    return f"line: 甲\ncode: A\nperiods:\n  - period: {period}\n    goal: 目标\n    tasks:\n" + "".join(tasks)


def task(task_id: str, title: str = "调研", extra: str = "") -> str:
    return f"      - id: {task_id}\n        title: {title}\n{extra}"


@pytest.mark.parametrize(
    ("old", "new", "ops"),
    [
        (
            "完成西南公司、华东公司、北方公司需求调研",
            "完成西南公司、北方公司需求调研",
            [
                ("equal", "完成西南公司、", "完成西南公司、"),
                ("delete", "华东公司、", ""),
                ("equal", "北方公司需求调研", "北方公司需求调研"),
            ],
        ),
        (
            "项目A、项目B",
            "项目A、项目C、项目B",
            [
                ("equal", "项目A、", "项目A、"),
                ("insert", "", "项目C、"),
                ("equal", "项目B", "项目B"),
            ],
        ),
        ("完成调研", "完成评估", [("equal", "完成", "完成"), ("replace", "调研", "评估")]),
        ("", "新", [("insert", "", "新")]),
    ],
)
def test_text_edits_are_character_runs_that_end_at_punctuation(
    old: str, new: str, ops: list[tuple[str, str, str]]
) -> None:
    assert list(text_edit(old, new).ops) == ops


def test_tasks_are_matched_by_id_in_any_case_across_files() -> None:
    before = plan(line_file(task("A-1"), task("A-2")))
    after = load_files(
        {
            "plans/2026/plan.yaml": HEAD,
            "plans/2026/01-a.yaml": line_file(task("a-1")).encode(),
            "plans/2026/02-b.yaml": line_file(task("A-2"), period="4-6月")
            .replace("code: A", "code: B")
            .replace("line: 甲", "line: 乙")
            .encode(),
        },
        "plans/2026",
    )
    diff = compare(before, after)
    assert (diff.added, diff.removed) == ((), ())
    assert [(c.id, [x.name for x in c.changes]) for c in diff.changed] == [
        ("a-1", ["id"]),
        ("A-2", ["file", "line", "period", "start", "due"]),
    ]
    assert summary_text(summarize(diff)) == ("Plan: +0 tasks, −0, 1 rescheduled (+91 d total), 1 moved, 1 line added")


def test_no_changes() -> None:
    same = plan(line_file(task("A-1")))
    diff = compare(same, same)
    assert diff.empty
    assert summary_text(summarize(diff)) == "Plan: no changes"


def test_due_outside_period_and_the_slip_total() -> None:
    before = plan(line_file(task("A-1", extra="        due: 2026-03-01\n"), task("A-2")))
    after = plan(
        line_file(
            task("A-1", extra="        due: 2026-04-10\n"),
            task("A-2", extra="        due: 2026-03-11\n"),
        )
    )
    diff = compare(before, after)
    due = [c.get("due") for c in diff.changed]
    assert [(d.days, d.outside) for d in due if d] == [(40, True), (-20, False)]
    assert [c.id for c in diff.slipped] == ["A-1"]
    assert summary_text(summarize(diff)) == "Plan: +0 tasks, −0, 2 rescheduled (+20 d total, 1 now beyond their period)"


HOSTILE = "a | b <script>alert(1)</script> @someone `rm -rf` [x](http://e.vil) <img src=x>\\n second line"


def _unescaped_pipes(row: str) -> int:
    return len(re.findall(r"(?<!\\)\|", row))


def test_markdown_cannot_be_broken_by_task_text() -> None:
    title = HOSTILE.replace("\\n", "\n")
    quoted = '"' + HOSTILE.replace('"', '\\"') + '"'
    before = plan(line_file(task("A-1", extra="        due: 2026-03-01\n"), task("A-2", title=quoted)))
    after = plan(
        line_file(
            task("A-1", title=quoted, extra='        due: 2026-03-20\n        owner: "@someone"\n'),
            task("A-3", title=quoted),
        )
    )
    found = after.find("A-1")
    assert found is not None
    assert found.title == title
    text = diff_markdown(compare(before, after), SIDES)
    for row in (r for r in text.splitlines() if r.startswith("|")):
        assert _unescaped_pipes(row) == 6, row
    assert not re.search(r"(?<!\\)<(?!/?(details|summary|br|del|ins)>)", text)
    assert "\\<script\\>" in text
    assert "](http" not in text
    assert not re.search(r"@(?!\u200d)", text)
    assert not re.search(r"(?<!\\)`", text.replace("`plans/2026`", ""))
    assert "second line" in text
    assert "\nsecond line" not in text
    assert " second line" in text
    tags = set(re.findall(r"(?<!\\)</?([a-z]+)", text))
    assert tags <= {"details", "summary", "br", "del", "ins"}


def test_markdown_stays_under_the_limit_with_a_note(tmp_path: Path) -> None:
    many = "".join(task(f"A-{i}", title="很长的任务标题" * 20) for i in range(1, 400))
    after = plan(line_file(many))
    before = plan(line_file(task("A-1")))
    full = diff_markdown(compare(before, after), SIDES, limit=10**9)
    assert len(full) > 65536
    cut = diff_markdown(compare(before, after), SIDES, limit=65536)
    assert len(cut) <= 65536
    assert cut.endswith(
        "_Truncated: 39 more rows do not fit in a comment; run `pmtasks diff` locally or use "
        "`--format json` for the full account._\n"
    )
    assert cut.count("<details>") == cut.count("</details>")
    assert full.startswith(cut.split("_Truncated")[0].rstrip("\n").rsplit("\n", 3)[0])


def test_the_real_plan_against_itself_is_unchanged() -> None:
    real = load_plan(PLANS)
    assert compare(real, real).empty
    everything = compare(None, real)
    assert (len(everything.added), len(everything.lines_added)) == (44, 4)


def test_removed_tags_and_dependencies_are_reported() -> None:
    before = plan(line_file(task("A-1"), task("A-2", extra="        tags: [重点, 试点]\n        depends: [A-1]\n")))
    after = plan(line_file(task("A-1"), task("A-2", extra="        tags: [重点]\n")))
    (changed,) = compare(before, after).changed
    tags, depends = changed.get("tags"), changed.get("depends")
    assert tags is not None
    assert (tags.added, tags.removed) == ((), ("试点",))
    assert depends is not None
    assert (depends.added, depends.removed) == ((), ("A-1",))
    markdown = diff_markdown(compare(before, after), SIDES)
    assert "试点" in markdown
    assert "A-1" in markdown
