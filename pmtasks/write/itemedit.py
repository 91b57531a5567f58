"""Edit a task in a large file by composing only its item, not the whole file.

:func:`pmtasks.write.yamledit.apply_edits` composes the whole file to find a task's node; in a
file of thousands of tasks that is most of a write's time. A task item in block style is the
``- `` line its task starts on and the lines below it indented deeper than the dash (blank and
comment lines aside), so :func:`edit_items` composes that item alone, placed on its own lines
(the lines above it left empty, so that every mark and message names the same line), and splices
the edit into it. Where that is not plainly so (the item does not start on that line, does not
compose alone, holds another task, a carriage return or a tab) it returns None, and the caller
edits the whole file; the edited file is loaded and checked before anything is written either way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pmtasks.errors import PmtasksError
from pmtasks.write.yamledit import Find, TaskEdit, apply_edits

_DASH = re.compile(r"( *)- ")


class _Whole(Exception):
    """The item cannot be edited alone: edit the whole file."""


def edit_items(text: str, edits: Sequence[tuple[TaskEdit, int]]) -> str | None:
    """``text`` with each edit applied to the item starting on its line (1-based); None: edit the whole file."""
    if "\r" in text or "\t" in text:
        return None
    by_line: dict[int, list[TaskEdit]] = {}
    for edit, line in edits:
        by_line.setdefault(line, []).append(edit)
    try:
        for line in sorted(by_line, reverse=True):  # from the bottom up: the lines above stay where they are
            text = _edit_item(text, line - 1, by_line[line])
    except (_Whole, PmtasksError):
        return None  # the whole file's edit refuses, or succeeds, in its own words
    return text


def _edit_item(text: str, start: int, edits: Sequence[TaskEdit]) -> str:
    lines = text.split("\n")
    if not 0 <= start < len(lines) or not (dash := _DASH.match(lines[start])):
        raise _Whole
    indent = len(dash.group(1))
    end = start + 1
    while end < len(lines):
        body = lines[end].lstrip(" ")
        if body and not body.startswith("#") and len(lines[end]) - len(body) <= indent:
            break
        end += 1
    first = sum(len(line) + 1 for line in lines[:start])  # where the item starts in ``text``
    last = first + sum(len(line) + 1 for line in lines[start:end])  # where the next line starts
    item = text[first:last]
    padded = "\n" * start + item
    ids = {edit.task_id.casefold() for edit in edits}
    edited = apply_edits(padded, edits, find=_finder(padded, ids))
    if not edited.startswith("\n" * start):
        raise _Whole
    return text[:first] + edited[start:] + text[last:]


def _finder(text: str, ids: set[str]) -> Find:
    def find(root: Node | None, task_id: str) -> MappingNode:
        """The item's task: the one mapping of the composed list, with that ID and marks that agree with the text."""
        if not isinstance(root, SequenceNode) or root.flow_style or len(root.value) != 1 or len(ids) != 1:
            raise _Whole
        task = root.value[0]
        if not isinstance(task, MappingNode) or task.flow_style:
            raise _Whole
        found = False
        for key, value in task.value:
            if not isinstance(key, ScalarNode) or text[key.start_mark.index : key.end_mark.index] != key.value:
                raise _Whole  # libyaml's marks must count characters as Python does
            if key.value == "id":
                found = isinstance(value, ScalarNode) and value.value.casefold() == task_id.casefold()
        if not found:
            raise _Whole
        return task

    return find
