"""Edit a plan file's text in place: splice new text at PyYAML node marks, never re-serialise.

The file is composed into nodes (which remember where they start and end), and only the text
of the values that change is replaced; a missing key is inserted among its siblings at their
indentation, and a log entry is appended in the style of the entries before it. Everything
else (comments, key order, quoting, blank lines, indentation, line endings) stays as it was.
Whatever cannot be edited that way safely is refused with :class:`EditRefused`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from pmtasks.errors import PmtasksError
from pmtasks.plan.schema import FIELDS

Value = str | int | date | Decimal | tuple[str | int | date, ...]
_FAST: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
# The tag plain YAML gives a scalar (str, int, bool …): Resolver.resolve, typed here.
_resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = _RESOLVER.resolve
_STR_TAG = "tag:yaml.org,2002:str"
_BAD_START = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_CHARS = set(",[]{}:")
_BLOCK_STYLES = ("|", ">")
_NUMBER_LIKE = re.compile(  # numbers in YAML 1.2 or to some 1.1 readers, which PyYAML reads as text
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-f]+|[-+]?\.(?:inf|nan)",
    re.IGNORECASE,
)


class EditRefused(PmtasksError):
    """The file is written in a way pmtasks cannot edit without touching more than asked."""


@dataclass(frozen=True)
class TaskEdit:
    """What to change in one task: keys to set, and a log entry to append (keys in order).

    ``lists`` appends text values to list keys (a ledger item's ``evidence``).
    """

    task_id: str
    values: tuple[tuple[str, Value], ...] = ()
    entry: tuple[tuple[str, Value], ...] = ()
    lists: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True, order=True)
class _Splice:
    start: int
    order: int
    end: int
    text: str


def scalar(value: Value, *, flow: bool = False, style: str | None = None) -> str:
    """``value`` as YAML: plain when YAML reads it back as the same string, else quoted.

    ``style`` keeps the quoting an existing value had (``'`` or ``"``).
    """
    if isinstance(value, bool):
        raise TypeError("booleans are not plan values")
    if isinstance(value, tuple):  # a list (tags, a reschedule's dates): always in flow style
        return "[" + ", ".join(scalar(item, flow=True) for item in value) + "]"
    if isinstance(value, int | date | Decimal):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return str(value) if isinstance(value, int) else value.isoformat()
    if style == "'":
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _plain_ok(value, flow):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain_ok(value: str, flow: bool) -> bool:
    if not value or value != value.strip() or value[0] in _BAD_START:
        return False
    if ": " in value or " #" in value or value.endswith(":") or any(c in value for c in "\r\n\t"):
        return False
    if flow and any(c in _FLOW_CHARS for c in value):
        return False
    if _resolve(ScalarNode, value, (True, False)) != _STR_TAG:
        return False
    if _NUMBER_LIKE.fullmatch(value):  # 1e3, 0o17, .5: numbers to YAML 1.2 and some 1.1 readers
        return False
    wrapped = "{k: " + value + "}" if flow else "k: " + value
    try:
        return bool(yaml.safe_load(wrapped) == {"k": value})
    except yaml.YAMLError:
        return False


Find = Callable[[Node | None, str], MappingNode]


def apply_edits(
    text: str,
    edits: Sequence[TaskEdit],
    find: Find | None = None,
    order: tuple[str, ...] = FIELDS["task"],
    noun: str = "task",
) -> str:
    """``text`` (one business-line file, without its BOM) with ``edits`` spliced in.

    ``find`` locates the mapping an edit applies to (default: a task by ID), ``order`` is the
    key order new keys follow, and ``noun`` names the mapping in messages; other files that hold
    ID'd mappings (ledgers) pass their own.
    """
    root = _root(text)
    newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"
    splices: list[_Splice] = []
    for edit in edits:
        node = (find or _task_node)(root, edit.task_id)
        splices += _TaskSplicer(text, newline, node, edit.task_id, order, noun).splices(edit)
    return _join(text, splices)


def _root(text: str) -> Node | None:
    root = _compose(text, _FAST)
    return root if _marks_agree(text, root) else _compose(text, yaml.SafeLoader)


def append_mapping(text: str, key: str, pairs: Sequence[tuple[str, Value]]) -> str:
    """``text`` with a new block mapping appended to the block list under the top-level ``key``.

    The new entry takes the indentation of the entries before it; list values are written as
    flow lists (``[IM-1, IM-2]``).
    """
    root = _root(text)
    newline = "\r\n" if "\r\n" in text else "\n"
    pair = _get(root, key) if root is not None else None
    seq = pair[1] if pair else None
    if not isinstance(seq, SequenceNode) or seq.flow_style or not seq.value:
        raise EditRefused(
            f"`{key}` is not a block list with entries (`- id: …` lines); pmtasks will not "
            f"rewrite it. To fix: write `{key}:` as a block list, then run the command again"
        )
    last = seq.value[-1]
    if not isinstance(last, MappingNode) or last.flow_style:
        raise EditRefused(
            f"the last entry of `{key}` is not a block mapping; pmtasks will not rewrite it. "
            "To fix: write it in block style, one key per line, then run the command again"
        )
    dash, column = int(seq.start_mark.column), int(last.start_mark.column)
    lines = [f"{k}: {scalar(v)}" for k, v in pairs]
    body = (newline + " " * column).join(lines)
    splicer = _TaskSplicer(text, newline, last, "", FIELDS["task"], "entry")
    blank = newline if _blank_between(text, seq) else ""
    return _join(
        text,
        [splicer.after_line(splicer.end(last), f"{blank}{' ' * dash}-{' ' * (column - dash - 1)}{body}{newline}", 0)],
    )


def _blank_between(text: str, seq: SequenceNode) -> bool:
    """True when the list's entries are separated by blank lines (the new one follows suit)."""
    if len(seq.value) < 2:
        return False
    lines = text.splitlines()
    above = int(seq.value[-1].start_mark.line) - 1
    return above >= 0 and not lines[above].strip()


def _compose(text: str, loader: Any) -> Node | None:
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise EditRefused(f"the file does not parse as YAML ({exc})") from None


def _marks_agree(text: str, root: Node | None) -> bool:
    """libyaml's marks count characters as Python does; check on the keys before relying on it."""
    if not isinstance(root, MappingNode):
        return True
    return all(
        text[k.start_mark.index : k.end_mark.index] == k.value
        for k, _ in root.value
        if isinstance(k, ScalarNode) and not k.style
    )


def _join(text: str, splices: list[_Splice]) -> str:
    out: list[str] = []
    cursor = 0
    for splice in sorted(splices):
        if splice.start < cursor:
            raise EditRefused("two changes would overlap in the file; make them one at a time")
        out += [text[cursor : splice.start], splice.text]
        cursor = splice.end
    return "".join(out) + text[cursor:]


def _get(node: Node, key: str) -> tuple[ScalarNode, Node] | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key:
                return k, v
    return None


def _items(node: Node | None, key: str) -> list[Node]:
    pair = _get(node, key) if node is not None else None
    return list(pair[1].value) if pair and isinstance(pair[1], SequenceNode) else []


def _task_node(root: Node | None, task_id: str) -> MappingNode:
    wanted = task_id.casefold()
    for period in _items(root, "periods"):
        for task in _items(period, "tasks"):
            found = _get(task, "id")
            if found and isinstance(found[1], ScalarNode) and found[1].value.casefold() == wanted:
                assert isinstance(task, MappingNode)
                return task
    raise EditRefused(f"task {task_id} is not in this file any more; run the command again")


def entry_finder(key: str, noun: str) -> Find:
    """A ``find`` for apply_edits: the entry of the top-level list ``key`` whose ``id`` is the one asked."""

    def find(root: Node | None, entry_id: str) -> MappingNode:
        for node in _items(root, key):
            found = _get(node, "id")
            if found and isinstance(found[1], ScalarNode) and found[1].value.casefold() == entry_id.casefold():
                assert isinstance(node, MappingNode)
                return node
        raise EditRefused(f"{noun} {entry_id} is not in this file any more; run the command again")

    return find


def _empty(node: Node) -> bool:
    """A key with nothing after it (``owner:``): its marks point past the key, not at it."""
    return isinstance(node, ScalarNode) and node.value == "" and not node.style


class _TaskSplicer:
    """The splices that apply one TaskEdit to one task's block mapping."""

    def __init__(
        self,
        text: str,
        newline: str,
        task: MappingNode,
        task_id: str,
        order: tuple[str, ...] = FIELDS["task"],
        noun: str = "task",
    ) -> None:
        self.text = text
        self.nl = newline
        self.task = task
        self.id = task_id
        self.order = order
        self.noun = noun
        if task.flow_style:
            self.refuse("is written as a flow mapping ({…})", "write it in block style, one key per line")

    def refuse(self, what: str, hint: str) -> NoReturn:
        line = self.task.start_mark.line + 1
        raise EditRefused(
            f"{self.noun} {self.id} (line {line}) {what}; pmtasks will not rewrite it. "
            f"To fix: {hint}, then run the command again"
        )

    def splices(self, edit: TaskEdit) -> list[_Splice]:
        out = [self.set_value(key, value) for key, value in edit.values]
        out += [self.append_list(key, values) for key, values in edit.lists]
        if edit.entry:
            out.append(self.append_log(edit.entry))
        return out

    def set_value(self, key: str, value: Value) -> _Splice:
        pair = _get(self.task, key)
        if pair is None:
            line = f"{' ' * self.key_column()}{key}: {scalar(value)}{self.nl}"
            return self.insert_key(key, line)
        key_node, node = pair
        if not isinstance(node, ScalarNode) or node.style in _BLOCK_STYLES:
            self.refuse(f"has `{key}` as a block scalar or a collection", f"write `{key}` on one line")
        if _empty(node):
            colon = self.text.index(":", key_node.end_mark.index)
            return _Splice(colon + 1, 0, colon + 1, " " + scalar(value))
        style = node.style if node.style in ("'", '"') and isinstance(value, str) else None
        return _Splice(node.start_mark.index, 0, node.end_mark.index, scalar(value, style=style))

    def key_column(self) -> int:
        return int(self.task.value[0][0].start_mark.column)

    def insert_key(self, key: str, text: str) -> _Splice:
        """A new key goes after the last sibling that comes before it in the README's key order."""
        order = self.order
        rank = order.index(key)
        before = [
            (order.index(k.value), i)
            for i, (k, _) in enumerate(self.task.value)
            if k.value in order and order.index(k.value) < rank
        ]
        index = max(before)[1] if before else 0
        k, v = self.task.value[index]
        return self.after_line(self.end(v if not _empty(v) else k), text, rank)

    def after_line(self, index: int, text: str, order: int) -> _Splice:
        """Insert whole lines after the line on which ``index`` stands."""
        newline = self.text.find(self.nl[-1], index)
        if newline < 0:
            at = len(self.text)
            return _Splice(at, order, at, self.nl + text[: -len(self.nl)])
        return _Splice(newline + 1, order, newline + 1, text)

    def end(self, node: Node) -> int:
        """Where the text of ``node`` really ends (a block collection's end mark runs on)."""
        if isinstance(node, ScalarNode):
            end = int(node.end_mark.index)
            if node.style in _BLOCK_STYLES and self.text[end - 1 : end] == "\n":
                return end - 1  # a block scalar ends at the start of the next line: stay before it
            return end
        assert isinstance(node, MappingNode | SequenceNode)
        if node.flow_style or not node.value:
            return int(node.end_mark.index)
        if isinstance(node, MappingNode):
            k, v = node.value[-1]
            return self.end(k if _empty(v) else v)
        last = node.value[-1]
        if _empty(last):
            self.refuse("has a list item with nothing in it", "remove the empty `-` item")
        return self.end(last)

    def append_log(self, entry: tuple[tuple[str, Value], ...]) -> _Splice:
        pair = _get(self.task, "log")
        if pair is None:
            column = self.key_column()
            text = f"{' ' * column}log:{self.nl}{' ' * (column + 2)}- {_flow_map(entry)}{self.nl}"
            return self.insert_key("log", text)
        log = pair[1]
        if not isinstance(log, SequenceNode):
            self.refuse("has a `log` that is not a list", "make `log` a list of entries")
        if log.flow_style:
            return self.append_flow(log, entry)
        last = log.value[-1]
        dash = int(log.start_mark.column)
        column = int(last.start_mark.column)
        if isinstance(last, MappingNode) and not last.flow_style:
            lines = [f"{key}: {scalar(value)}" for key, value in entry]
            body = (self.nl + " " * column).join(lines)
        else:
            body = _flow_map(entry)
        text = f"{' ' * dash}-{' ' * (column - dash - 1)}{body}{self.nl}"
        return self.after_line(self.end(last), text, len(self.order))

    def append_list(self, key: str, values: tuple[str, ...]) -> _Splice:
        """Text values appended to the list ``key``, in its style; a missing key becomes a block list."""
        pair = _get(self.task, key)
        if pair is None or _empty(pair[1]):
            column = self.key_column()
            items = "".join(f"{' ' * (column + 2)}- {scalar(v)}{self.nl}" for v in values)
            if pair is not None:
                self.refuse(f"has `{key}:` with nothing after it", f"remove the empty `{key}:` line")
            return self.insert_key(key, f"{' ' * column}{key}:{self.nl}{items}")
        seq = pair[1]
        if not isinstance(seq, SequenceNode):
            self.refuse(f"has a `{key}` that is not a list", f"make `{key}` a list")
        if seq.flow_style:
            text = ", ".join(scalar(v, flow=True) for v in values)
            if not seq.value:
                at = int(seq.end_mark.index) - 1
                return _Splice(at, 0, at, text)
            at = self.end(seq.value[-1])
            return _Splice(at, 0, at, ", " + text)
        dash = int(seq.start_mark.column)
        items = "".join(f"{' ' * dash}- {scalar(v)}{self.nl}" for v in values)
        return self.after_line(self.end(seq.value[-1]), items, self.order.index(key))

    def append_flow(self, log: SequenceNode, entry: tuple[tuple[str, Value], ...]) -> _Splice:
        """``log: [{…}]`` gets ``, {…}`` before its closing bracket."""
        if not log.value:
            at = int(log.end_mark.index) - 1
            return _Splice(at, 0, at, _flow_map(entry))
        at = self.end(log.value[-1])
        rest = len(self.text[at:]) - len(self.text[at:].lstrip())
        if self.text[at + rest] == ",":
            at += rest + 1
            return _Splice(at, 0, at, " " + _flow_map(entry))
        return _Splice(at, 0, at, ", " + _flow_map(entry))


def _flow_map(entry: tuple[tuple[str, Any], ...]) -> str:
    return "{" + ", ".join(f"{key}: {scalar(value, flow=True)}" for key, value in entry) + "}"
