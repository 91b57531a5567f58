"""Moves and additions on files written in different styles: every task's text survives."""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmtasks.plan.load import load_files
from pmtasks.write.edits import WriteRefused
from pmtasks.write.plan_commands import NewTask, Who, add_task, move
from pmtasks.write.plan_steps import expected_outline, outline
from pmtasks.write.transaction import edit_files

WRITES = Path(__file__).parent / "examples" / "writes"
FILES = ("plan.yaml", "comments.yaml", "crlf-bom.yaml", "flow-tasks.yaml", "flow-lists.yaml")
PLACES = [("IM", "1-3月"), ("IM", "Q2"), ("X", "全年"), ("T", "Q3"), ("T", "Q4"), ("F", "H1")]


def _start() -> dict[str, bytes]:
    return {f"p/{name}": (WRITES / name).read_bytes() for name in FILES}


def _blocks(data: dict[str, bytes]) -> dict[str, str]:
    """Each task's lines, without their common indentation and with LF line endings."""
    out = {}
    for raw in data.values():
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        for match in re.finditer(r"^( *)- (?:\{id: |id: )([A-Z]+-\d+)", text, re.MULTILINE):
            column = len(match.group(1))
            lines = [text[match.start() : text.index("\n", match.start()) + 1]]
            rest = text[text.index("\n", match.start()) + 1 :].split("\n")
            for line in rest:
                if line.strip() and (len(line) - len(line.lstrip(" ")) <= column or line.lstrip().startswith("- id")):
                    break
                lines.append(line + "\n")
            while lines and not lines[-1].strip():
                lines.pop()
            out[match.group(2)] = "".join(line[column:] for line in lines)
    return out


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, 100), min_size=1, max_size=3), st.sampled_from(PLACES)),
        min_size=1,
        max_size=6,
    )
)
def test_moves_keep_every_task_and_its_text(moves):
    data = _start()
    original = _blocks(data)
    for picks, (code, label) in moves:
        plan = load_files(data, "p")
        ids = [t.id for t in plan.tasks]
        chosen = list(dict.fromkeys(ids[pick % len(ids)] for pick in picks))
        try:
            steps = move(plan, chosen, label, code, None)  # several tasks at once: one write per file
        except WriteRefused as exc:  # already there, or written dates before the new period starts
            refused = str(exc)
        else:
            refused = ""
        if refused:
            assert "already in" in refused or "before it starts" in refused
            continue
        data = {**data, **edit_files(data, steps)}
        after = load_files(data, "p")
        assert outline(after) == expected_outline(plan, steps)
    assert _blocks(data) == original
    assert all(raw.startswith(b"\xef\xbb\xbf") == (name == "p/crlf-bom.yaml") for name, raw in data.items())
    assert b"\r\n" in data["p/crlf-bom.yaml"]
    assert b"\r\n" not in data["p/comments.yaml"]


TEXT = st.text(alphabet=st.sampled_from(list("ab 中文,:#[]{}'\"-&*!|>%@`?~0123.\\")), min_size=1, max_size=12).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PLACES),
    TEXT,
    st.one_of(st.none(), TEXT),
    st.lists(TEXT, max_size=3),
)
def test_any_text_is_added_as_written_in_any_file_style(place, title, owner, tags):
    data = _start()
    plan = load_files(data, "p")
    code, label = place
    who = Who(date(2026, 3, 1), "张伟")
    step = add_task(plan, NewTask(title, code, label, owner=owner, tags=tuple(tags)), who)
    new = {**data, **edit_files(data, [step])}
    after = load_files(new, "p")
    assert outline(after) == expected_outline(plan, [step])
    task = after.find(step.task_id)
    assert task is not None
    assert (task.title, task.owner) == (title.strip(), owner.strip() if owner else None)
    changed = [name for name in data if new[name] != data[name]]
    assert len(changed) == 1
    assert _only_added(data[changed[0]], new[changed[0]])


def _only_added(old: bytes, new: bytes) -> bool:
    """Whether ``new`` is ``old`` with lines added (a `tasks: []` filled, a missing last newline given)."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("equal", "insert"):
            continue
        was, now = a[i1:i2], b[j1:j2]
        if (
            tag == "replace"
            and len(was) == 1
            and (was[0].replace(b"tasks: []", b"tasks:") == now[0] or (i2 == len(a) and was[0] + b"\n" == now[0]))
        ):
            continue
        return False
    return True
