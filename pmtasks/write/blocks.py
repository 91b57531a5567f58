"""Edit whole task blocks in a plan file's text: add a task, take one out, put one elsewhere.

Built on :mod:`pmtasks.write.yamledit`: the file is composed into nodes that remember where
they stand, and only the lines that change are touched. A new task is written in the style of
its neighbours (block or flow, indentation, key order, whether they spell out ``status`` and
``progress``); a moved block keeps every byte of its text and only its indentation follows the
new place. Lists (``tags``, ``depends``) and keys that are cleared get the same surgical care.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pmtasks.plan.schema import FIELDS
from pmtasks.write.yamledit import (
    _FAST,
    EditRefused,
    TaskEdit,
    Value,
    _compose,
    _empty,
    _get,
    _items,
    _join,
    _marks_agree,
    _Splice,
    _task_node,
    _TaskSplicer,
    scalar,
)

Items = tuple[str, ...]


@dataclass(frozen=True)
class Revision:
    """Changes to one task that stays where it is: values, whole lists, keys to clear, a log entry."""

    task_id: str
    values: tuple[tuple[str, Value], ...] = ()
    lists: tuple[tuple[str, Items], ...] = ()
    unset: tuple[str, ...] = ()
    entry: tuple[tuple[str, Value], ...] = ()


@dataclass(frozen=True)
class Block:
    """A task's lines as written (comments, log and all), and the column of its ``-``."""

    text: str
    column: int


@dataclass(frozen=True)
class Arrival:
    """A task that comes into period number ``period`` of a file: new ``fields``, or a moved ``block``."""

    period: int
    fields: tuple[tuple[str, Value], ...] = ()
    entry: tuple[tuple[str, Value], ...] = ()
    block: Block | None = None
    new_period: tuple[tuple[str, Value], ...] = ()  # the keys of a period to add first (period, track, goal)


@dataclass(frozen=True)
class FileChanges:
    """Everything one command does to one file."""

    revisions: tuple[Revision, ...] = ()
    removals: tuple[str, ...] = ()
    arrivals: tuple[Arrival, ...] = field(default_factory=tuple)


def _root(text: str) -> Node | None:
    root = _compose(text, _FAST)
    if not _marks_agree(text, root):
        from yaml import SafeLoader

        root = _compose(text, SafeLoader)
    return root


def newline_of(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def apply_changes(text: str, changes: FileChanges) -> str:
    """``text`` (one business-line file, without its BOM) with ``changes`` spliced in."""
    root = _root(text)
    nl = newline_of(text)
    splices: list[_Splice] = []
    for revision in changes.revisions:
        node = _task_node(root, revision.task_id)
        splices += _Reviser(text, nl, node, revision.task_id).revise(revision)
    if changes.removals:
        splices += _removals(text, root, changes.removals)
    by_period: dict[int, list[Arrival]] = {}
    for order, arrival in enumerate(changes.arrivals):
        if arrival.new_period:
            splices.append(_new_period(text, nl, root, arrival, order))
        else:
            by_period.setdefault(arrival.period, []).append(arrival)
    for index, arrivals in by_period.items():  # several tasks into one period arrive together, in order
        splices += _PeriodSplicer(text, nl, root, index).arrive(arrivals, index)
    return _join(text, splices)


def extract(text: str, task_id: str) -> Block:
    """The lines of task ``task_id``, from its ``-`` to its last line (and comments inside it)."""
    root = _root(text)
    start, end, column = _block_range(text, _task_node(root, task_id), newline_of(text))
    return Block(text[start:end], column)


class _Reviser(_TaskSplicer):
    """A task splicer that also rewrites lists and removes keys."""

    def revise(self, revision: Revision) -> list[_Splice]:
        out = self.splices(TaskEdit(revision.task_id, revision.values, revision.entry))
        for key, items in revision.lists:
            out += self.set_list(key, items)
        out += [self.unset(key) for key in revision.unset]
        return out

    def set_list(self, key: str, items: Items) -> list[_Splice]:
        pair = _get(self.task, key)
        if pair is None:
            if not items:
                return []
            return [self.insert_key(key, f"{' ' * self.key_column()}{key}: {scalar(items)}{self.nl}")]
        key_node, node = pair
        if _empty(node):
            colon = self.text.index(":", key_node.end_mark.index)
            return [_Splice(colon + 1, 0, colon + 1, " " + scalar(items))]
        if not isinstance(node, SequenceNode):
            self.refuse(f"has `{key}` that is not a list", f"make `{key}` a list")
        if node.flow_style:
            return [_Splice(node.start_mark.index, 0, node.end_mark.index, scalar(items))]
        return self.block_list(key_node, node, items)

    def block_list(self, key_node: ScalarNode, node: SequenceNode, items: Items) -> list[_Splice]:
        """Remove the lines of items that go, add lines for new items after the last one."""
        old = [n.value if isinstance(n, ScalarNode) else None for n in node.value]
        if None in old:
            self.refuse("has a list item that is not plain text", "write each item on one line")
        keep = {i.casefold() for i in items}
        out = [
            self.item_line(n)
            for n, value in zip(node.value, old, strict=True)
            if value is not None and value.casefold() not in keep
        ]
        have = {v.casefold() for v in old if v is not None}
        added = [i for i in items if i.casefold() not in have]
        if not items:
            colon = self.text.index(":", key_node.end_mark.index)
            return [*out, _Splice(colon + 1, 0, colon + 1, " []")]
        if added:
            dash = " " * int(node.start_mark.column)
            text = "".join(f"{dash}- {scalar(i)}{self.nl}" for i in added)
            out.append(self.after_line(self.end(node.value[-1]), text, 0))
        return out

    def item_line(self, item: Node) -> _Splice:
        start, end = _whole_lines(self.text, int(item.start_mark.index), self.end(item))
        if self.text[start : int(item.start_mark.index)].strip() != "-":
            self.refuse("has a list item that shares its line", "write each item on its own line")
        return _Splice(start, 0, end, "")

    def unset(self, key: str) -> _Splice:
        pair = _get(self.task, key)
        if pair is None:
            raise EditRefused(f"task {self.id} has no `{key}` to clear")
        key_node, value = pair
        last = len(self.text[: self.end(key_node if _empty(value) else value)].rstrip())
        start, end = _whole_lines(self.text, int(key_node.start_mark.index), last)
        if self.text[start : int(key_node.start_mark.index)].strip():
            self.refuse(f"has `{key}` on the line of its `-`", f"put `{key}` on a line of its own")
        return _Splice(start, 0, end, "")


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the line holding ``start`` to just after the line holding ``end``."""
    first = text.rfind("\n", 0, start) + 1
    newline = text.find("\n", end)
    return first, len(text) if newline < 0 else newline + 1


def _block_range(text: str, node: MappingNode, nl: str) -> tuple[int, int, int]:
    """(start, end, column of the ``-``) of a task's lines; comment lines inside it belong to it."""
    index = int(node.start_mark.index)
    first = text.rfind("\n", 0, index) + 1
    if text[first:index].strip() != "-":
        line = node.start_mark.line + 1
        raise EditRefused(
            f"the task at line {line} does not start its own line with `- `; "
            "pmtasks will not move it. To fix: start the task on its own line"
        )
    column = text.index("-", first) - first
    splicer = _TaskSplicer(text, nl, node, "") if not node.flow_style else None
    last = splicer.end(node) if splicer else int(node.end_mark.index)
    _, end = _whole_lines(text, index, len(text[:last].rstrip()))  # a block scalar's blank lines stay
    while end < len(text):  # comment lines indented under the task go with it
        line_end = text.find("\n", end)
        line = text[end : len(text) if line_end < 0 else line_end + 1]
        stripped = line.lstrip(" ")
        if not stripped.startswith("#") or len(line) - len(stripped) <= column:
            break
        end += len(line)
    return first, end, column


def _removals(text: str, root: Node | None, task_ids: Sequence[str]) -> list[_Splice]:
    """The tasks' lines go; a period whose every task leaves keeps ``tasks: []``."""
    nodes = [_task_node(root, task_id) for task_id in task_ids]
    out = []
    for node in nodes:
        start, end, _ = _block_range(text, node, newline_of(text))
        out.append(_Splice(start, 0, end, ""))
    for period in _items(root, "periods"):
        tasks = _get(period, "tasks")
        every = tasks and isinstance(tasks[1], SequenceNode) and tasks[1].value
        if tasks and every and all(any(t is n for n in nodes) for t in tasks[1].value):
            colon = text.index(":", tasks[0].end_mark.index)
            out.append(_Splice(colon + 1, 0, colon + 1, " []"))
    return out


def reindent(block: Block, column: int, nl: str) -> str:
    """The block's lines moved from its column to ``column``, with ``nl`` line endings."""
    lines = block.text.replace("\r\n", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    shift = column - block.column
    out = []
    for line in lines:
        if not line.strip():
            out.append(line)
        elif shift >= 0:
            out.append(" " * shift + line)
        elif line[:-shift].strip():
            raise EditRefused(
                "a line of the task is indented less than its `-`; pmtasks will not "
                "move it. To fix: indent the task's lines under its `-`"
            )
        else:
            out.append(line[-shift:])
    return "".join(line + nl for line in out)


class _PeriodSplicer:
    """Splices that put a task at the end of one period's tasks, in the style of its neighbours."""

    def __init__(self, text: str, nl: str, root: Node | None, index: int) -> None:
        periods = _items(root, "periods")
        if not 0 <= index < len(periods) or not isinstance(periods[index], MappingNode):
            raise EditRefused("the period is not in this file any more; run the command again")
        self.text, self.nl, self.root = text, nl, root
        self.period: MappingNode = periods[index]  # type: ignore[assignment]
        self.tasks = _get(self.period, "tasks")

    def neighbour(self) -> MappingNode | None:
        """The last task of the period, else the last task of the file."""
        own = list(self.tasks[1].value) if self.tasks and isinstance(self.tasks[1], SequenceNode) else []
        every = [t for p in _items(self.root, "periods") for t in _items(p, "tasks")]
        found = (own or every or [None])[-1]
        return found if isinstance(found, MappingNode) else None

    def arrive(self, arrivals: Sequence[Arrival], order: int) -> list[_Splice]:
        near = self.neighbour()
        if self.tasks and isinstance(self.tasks[1], SequenceNode) and self.tasks[1].value:
            seq = self.tasks[1]
            if seq.flow_style:
                raise EditRefused(
                    "the period's tasks are written as a flow list ([…]); pmtasks will "
                    "not rewrite it. To fix: write one `- ` task per line"
                )
            last = seq.value[-1]
            assert isinstance(last, MappingNode)
            _, end, column = _block_range(self.text, last, self.nl)
            lead = self.nl if end == len(self.text) and not self.text.endswith("\n") else ""
            return [_Splice(end, order, end, lead + self.lines(arrivals, column, near))]
        return self.first_task(arrivals, order, near)

    def first_task(self, arrivals: Sequence[Arrival], order: int, near: MappingNode | None) -> list[_Splice]:
        """A period without tasks: ``tasks:`` is added, or filled (``tasks: []`` loses its ``[]``)."""
        key_column = int(self.period.value[0][0].start_mark.column)
        offset = 2
        if near is not None:
            _, _, dash = _block_range(self.text, near, self.nl)
            offset = dash - _tasks_column(self.root, near, key_column)
        column = key_column + offset
        body = self.lines(arrivals, column, near)
        splicer = _TaskSplicer(self.text, self.nl, self.period, "")
        if self.tasks is None:
            k, v = self.period.value[-1]
            head = f"{' ' * key_column}tasks:{self.nl}"
            return [splicer.after_line(splicer.end(k if _empty(v) else v), head + body, order)]
        key_node, node = self.tasks
        out = []
        if isinstance(node, SequenceNode) and node.flow_style:  # `tasks: []`
            start = self.text.rfind(":", 0, int(node.start_mark.index)) + 1
            out.append(_Splice(start, order, int(node.end_mark.index), ""))
        elif not _empty(node):
            raise EditRefused("the period's `tasks` is not a list; make it a list of tasks")
        out.append(splicer.after_line(int(key_node.end_mark.index), body, order))
        return out

    def lines(self, arrivals: Sequence[Arrival], column: int, near: MappingNode | None) -> str:
        return "".join(self.task_lines(arrival, column, near) for arrival in arrivals)

    def task_lines(self, arrival: Arrival, column: int, near: MappingNode | None) -> str:
        if arrival.block is not None:
            return reindent(arrival.block, column, self.nl)
        style = Style()
        if near is not None:
            _, _, dash = _block_range(self.text, near, self.nl)
            keys = [k.value for k, _ in near.value if isinstance(k, ScalarNode)]
            style = Style(bool(near.flow_style), int(near.value[0][0].start_mark.column) - dash, keys)
        return new_task_text(arrival.fields, arrival.entry, column, style, self.nl)


def _new_period(text: str, nl: str, root: Node | None, arrival: Arrival, order: int) -> _Splice:
    """A period after the last one, written like it, holding the arriving task."""
    periods = [p for p in _items(root, "periods") if isinstance(p, MappingNode)]
    if not periods:
        raise EditRefused("the file has no period to follow; add the period by hand")
    last = periods[-1]
    _, end, dash = _block_range(text, last, nl)
    key_column = int(last.value[0][0].start_mark.column)
    gap = ""
    if len(periods) > 1:
        _, between, _ = _block_range(text, periods[-2], nl)
        gap = nl if not text[between : text.find("\n", between) + 1].strip() else ""
    lines = [f"{k}: {scalar(v)}" for k, v in arrival.new_period] + ["tasks:"]
    head = f"{' ' * dash}-{' ' * (key_column - dash - 1)}" + f"{nl}{' ' * key_column}".join(lines) + nl
    tail = f"{nl}" if end == len(text) and not text.endswith("\n") else ""
    splicer = _PeriodSplicer(text, nl, root, len(periods) - 1)
    near = splicer.neighbour()
    offset = 2
    if near is not None:
        _, _, near_dash = _block_range(text, near, nl)
        offset = near_dash - _tasks_column(root, near, key_column)
    body = splicer.task_lines(arrival, key_column + offset, near)
    return _Splice(end, order, end, tail + gap + head + body)


def _tasks_column(root: Node | None, task: MappingNode, default: int) -> int:
    """The column of the ``tasks:`` key of the period that holds ``task``."""
    for period in _items(root, "periods"):
        pair = _get(period, "tasks")
        if pair and isinstance(pair[1], SequenceNode) and any(t is task for t in pair[1].value):
            return int(pair[0].start_mark.column)
    return default


@dataclass(frozen=True)
class Style:
    """How the neighbouring task is written: flow or block, key column after the ``-``, its keys."""

    flow: bool = False
    key_offset: int = 2
    keys: list[str] = field(default_factory=list)


def new_task_text(
    fields: Sequence[tuple[str, Value]], entry: Sequence[tuple[str, Value]], column: int, style: Style, nl: str
) -> str:
    """A new task's lines, its ``-`` at ``column``, written as its neighbour is."""
    values = dict(fields)
    for key, default in (("status", "todo"), ("progress", 0)):
        if key in style.keys and key not in values:
            values[key] = default
    keys = _key_order(list(values), style.keys)
    log = "{" + ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in entry) + "}"
    if style.flow:
        inner = [f"{k}: {scalar(values[k], flow=True)}" for k in keys] + ([f"log: [{log}]"] if entry else [])
        return f"{' ' * column}- {{{', '.join(inner)}}}{nl}"
    key_column = column + max(style.key_offset, 2)
    lines = [f"{k}: {scalar(values[k])}" for k in keys]
    if entry:
        lines.append(f"log:{nl}{' ' * (key_column + 2)}- {log}")
    gap = " " * (key_column - column - 1)
    return f"{' ' * column}-{gap}" + f"{nl}{' ' * key_column}".join(lines) + nl


def _key_order(keys: list[str], near_keys: list[str]) -> list[str]:
    """The neighbour's key order; a key it lacks goes after the last one before it in the README's order."""
    order = FIELDS["task"]
    seq = [k for k in near_keys if k in order]
    for key in sorted((k for k in keys if k not in seq), key=order.index):
        before = [i for i, k in enumerate(seq) if order.index(k) < order.index(key)]
        seq.insert(before[-1] + 1 if before else 0, key)
    return [k for k in seq if k in keys]
