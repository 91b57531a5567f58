"""Property: write commands on randomly styled files change exactly the fields asked, nothing else.

Files are generated in every style the README allows: block or flow logs (three log styles),
comments, quoted scalars, block-scalar notes, keys in any order, indented or flush lists, LF,
CRLF or CR line ends, a BOM, with or without a final newline. After each command a fresh load
must show the asked change (computed here, independently of pmtasks.write.edits), every other
task as it was, and every line outside the edited task's lines byte for byte as it was.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fuzz import fuzz
from hypothesis import given
from hypothesis import strategies as st

from pmtasks.errors import PmtasksError
from pmtasks.plan.load import load_files, plan_files
from pmtasks.plan.model import Loc, Plan, Status, Task
from pmtasks.write.edits import Ask, WriteRefused, decide
from pmtasks.write.store import WriteFailed, write
from pmtasks.write.yamledit import EditRefused

DAY = date(2026, 3, 1)
PLAN = b"title: t\nyear: 2026\n"
WORDS = st.sampled_from(["调研", "t", "a b", "x: y", "#1", "'q'", '"d"', "- x", "1e3", "yes", "010", "@who", "a # b"])


def quoted(text: str, style: str) -> str:
    if style == "'":
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def task_text(draw: st.DrawFn, n: int, ind: int, flush: bool) -> list[str]:
    """The lines of one task at indentation ``ind`` (its ``- `` dash)."""
    pad = " " * (ind + 2)
    status = draw(st.sampled_from(["todo", "doing", "done", "blocked", "dropped", None]))
    progress = 100 if status == "done" else draw(st.sampled_from([None, 0, 30, 99]))
    keys: list[tuple[str, list[str]]] = []
    title = draw(WORDS)
    style = draw(st.sampled_from(["'", '"']))
    keys.append(("title", [f"title: {quoted(title, style)}"]))
    owner = draw(st.sampled_from([None, "", "市场组", "'张伟'", '"王 芳"']))
    if owner is not None:
        keys.append(("owner", [f"owner:{' ' + owner if owner else ''}"]))
    if status is not None:
        keys.append(("status", [f"status: {status}" + draw(st.sampled_from(["", "   # 状态", "  # \u202e注"]))]))
    if progress is not None:
        keys.append(("progress", [f"progress: {progress}"]))
    notes = draw(st.sampled_from([None, "plain", "quoted", "block", "folded"]))
    if notes == "plain":
        keys.append(("notes", ["notes: 备注"]))
    elif notes == "quoted":
        keys.append(("notes", ['notes: "备注: 一"']))
    elif notes in ("block", "folded"):
        keys.append(("notes", [f"notes: {'|' if notes == 'block' else '>-'}", "  第一行", "  第二行"]))
    log = draw(st.sampled_from([None, "block", "flow-items", "flow"]))
    entry = "date: 2026-01-05, note: 开始"
    dash = "" if flush else "  "
    if log == "block":
        keys.append(("log", ["log:", f"{dash}- date: 2026-01-05", f"{dash}  note: 开始"]))
    elif log == "flow-items":
        keys.append(("log", ["log:", f"{dash}- {{{entry}}}"]))
    elif log == "flow":
        keys.append(("log", [f"log: [{{{entry}}}]"]))
    keys = draw(st.permutations(keys))
    lines = [f"{' ' * ind}- id: X-{n}"]
    for _, body in keys:
        lines += [pad + line for line in body]
    if draw(st.booleans()):
        lines.append(f"{pad}# 注释")
    return lines


@st.composite
def styled_file(draw: st.DrawFn) -> bytes:
    flush = draw(st.booleans())
    lines = ["# 业务线"] if draw(st.booleans()) else []
    lines += ["line: L", "code: X", "periods:"]
    counter = itertools.count(1)
    for label in draw(st.sampled_from([["1-3月"], ["1-3月", "Q2"]])):
        p = 0 if flush else 2
        lines += [f"{' ' * p}- period: {label}", f"{' ' * (p + 2)}goal: g", f"{' ' * (p + 2)}tasks:"]
        for _ in range(draw(st.integers(1, 3))):
            lines += draw(task_text(next(counter), p + 2 if flush else p + 4, flush))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    return ("\ufeff" if draw(st.booleans()) else "").encode() + text.encode()


COMMANDS = st.one_of(
    st.tuples(st.sampled_from(["start", "done", "block", "reopen", "note"]), st.just(None)),
    st.tuples(st.just("progress"), st.sampled_from([0, 40, 100])),
    st.tuples(st.just("assign"), st.sampled_from(["李四", "1e3", "a: b", "x # y", "'q'"])),
)


def wanted(task: Task, command: str, arg: object) -> tuple[Status, int, str | None] | None:
    """What the task must say after the command, worked out here; None when it must be refused."""
    status, progress, owner = task.status, task.progress, task.owner
    if command in ("start", "done", "block", "progress") and status is Status.DROPPED:
        return None
    if command in ("start", "block") and status is Status.DONE:
        return None
    if command == "start":
        status = Status.DOING
    elif command == "done":
        status, progress = Status.DONE, 100
    elif command == "block":
        status = Status.BLOCKED
    elif command == "progress":
        assert isinstance(arg, int)
        progress = arg
        status = (
            Status.DONE if arg == 100 else Status.DOING if arg else (Status.TODO if status is Status.DONE else status)
        )
    elif command == "assign":
        owner = str(arg)
    return status, progress, owner


def region(plan: Plan, task: Task) -> tuple[int, int]:
    """The 0-based line range of ``task`` in its file: up to the next task or period."""
    starts = sorted(
        {t.loc.line for t in plan.tasks if t.loc.path == task.loc.path}
        | {b.loc.line for line in plan.lines for b in line.periods if b.loc.path == task.loc.path}
    )
    after = [s for s in starts if s > task.loc.line]
    return task.loc.line - 1, (after[0] - 1 if after else 10**9)


def split(data: bytes) -> list[bytes]:
    return [line for line in re.split(rb"(?<=\n)|(?<=\r)(?!\n)", data) if line]


def bare(task: Task) -> Task:
    return replace(task, loc=Loc("", 0, 0), field_locs=())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz-writes")
    (path / "plan.yaml").write_bytes(PLAN)
    return path


def load(folder: Path) -> Plan:
    return load_files({str(p): p.read_bytes() for p in plan_files(folder)}, str(folder))


@fuzz(60)
@given(styled_file(), st.lists(st.tuples(st.integers(0, 8), COMMANDS), min_size=1, max_size=4))
def test_writes_change_exactly_what_was_asked(folder: Path, data: bytes, commands: list) -> None:  # type: ignore[type-arg]
    target = folder / "01-x.yaml"
    target.write_bytes(data)
    try:
        plan = load(folder)
    except PmtasksError as exc:  # the generator only makes valid files
        raise AssertionError(f"generated file does not load: {exc}\n{data.decode('utf-8-sig')}") from None
    bom = data.startswith("\ufeff".encode())
    newline = b"\r\n" if b"\r\n" in data else b"\r" if b"\r" in data else b"\n"
    for index, (command, arg) in commands:
        tasks = list(plan.tasks)
        task = tasks[index % len(tasks)]
        before = target.read_bytes()
        ask = Ask(
            command,
            DAY,
            note="记录" if command in ("note", "block") else None,
            author="张伟",
            percent=arg if command == "progress" else None,
            owner=arg if command == "assign" else None,
        )
        expect = wanted(task, command, arg)
        try:
            write(folder, [task.id], lambda _plan, t, ask=ask: decide(t, ask))  # type: ignore[misc]
        except (WriteRefused, EditRefused):
            assert target.read_bytes() == before
            assert expect is None or command == "reopen" or "{" in before.decode("utf-8-sig"), command
            continue
        except WriteFailed as exc:
            raise AssertionError(f"{command} {task.id}: {exc}\n{before.decode('utf-8-sig')}") from None
        after_bytes = target.read_bytes()
        after = load(folder)
        new = after.find(task.id)
        assert new is not None
        if command == "reopen":
            assert new.status in (Status.TODO, Status.DOING) or new.status is task.status
        else:
            assert expect is not None, command
            assert (new.status, new.progress, new.owner) == expect, (command, arg)
        changed = (new.status, new.progress, new.owner) != (task.status, task.progress, task.owner)
        if changed or command == "note":
            assert len(new.log) == len(task.log) + 1
            assert new.log[-1].date == DAY
            assert new.log[:-1] == task.log
        else:
            assert after_bytes == before
        assert (new.title, new.notes, new.depends, new.tags) == (task.title, task.notes, task.depends, task.tags)
        assert [bare(t) for t in after.tasks if t.id != task.id] == [bare(t) for t in plan.tasks if t.id != task.id]
        old_lines, new_lines = split(before), split(after_bytes)
        start, end = region(plan, task)
        tail = len(old_lines) - min(end, len(old_lines))
        assert new_lines[:start] == old_lines[:start]
        assert new_lines[len(new_lines) - tail :] == old_lines[len(old_lines) - tail :]
        assert after_bytes.startswith("\ufeff".encode()) is bom
        assert all(line.endswith(newline) for line in new_lines[:-1]), command
        plan = after
