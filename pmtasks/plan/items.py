"""A business-line file read task by task, so that a new version of a file costs only its new tasks.

In a plan's history most new versions of a file differ from the one before in a few tasks.
:class:`ItemReader` cuts a file's bytes textually into its task items (each ``- `` entry of a
period's block-style ``tasks:`` list: the layout of the seed plan and of pmtasks's writer) and the
rest, the skeleton: the line's name and code, each period's goal, resources and KPIs, with
``tasks: []`` where the items were. Each distinct item is parsed and validated once for the period
it belongs to, each distinct skeleton once, by the same YAML reader, schema and builder as a whole
file. A file the reader cannot cut safely (another layout, tabs, a ``tasks:`` it cannot place), or
one with any problem in an item or in the skeleton, gets None: the caller loads that file whole,
so a plan is always exactly what the full loader makes of it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from pmtasks.errors import MAX_FILE_BYTES
from pmtasks.plan.build import build_line, build_task, task_locs
from pmtasks.plan.integrity import own_checks
from pmtasks.plan.kpis import duplicate_kpis
from pmtasks.plan.model import Line, Loc, Task
from pmtasks.plan.periods import Period, parse_period

if TYPE_CHECKING:
    from pmtasks.plan.schema import PeriodSpec

_TASKS_LINE = re.compile(rb"( *)tasks: *")  # a period's `tasks:` key, its list on the lines below
_ODD = (b"\t", b"\r")  # tabs and carriage returns: left to the full loader and its messages
# Where an alias or an anchor may start (a superset), and directives: what can tie items together.
_TIED = re.compile(rb"(?:^|[\s\[{,])[&*]|^%", re.MULTILINE)


@dataclass(frozen=True, eq=False)
class Item:
    """One task item read for one period: the task as if the item started on line ``line`` of its file."""

    task: Task
    key: str  # the ID, casefolded
    depends: tuple[str, ...]  # casefolded
    line: int = 1  # items read alone stand on line 1; those taken from a whole file's reading, where they were

    def at(self, start: int) -> Task:
        """The task with its places moved to an item that starts on line ``start``."""
        return moved(self.task, start - self.line)


def moved(task: Task, by: int) -> Task:
    """``task`` with the lines of its places moved down ``by`` lines (its keys' places go with its own)."""
    if not by:
        return task
    loc = task.loc
    copy = object.__new__(Task)  # a frozen dataclass copied field by field: a plan makes thousands
    copy.__dict__.update(task.__dict__, loc=Loc(loc.path, loc.line + by, loc.col))
    return copy


@dataclass(eq=False)
class _Chunk:
    """The text between two ``- `` at the items' indentation: an item and any skeleton after it."""

    item: bytes  # up to the first line indented no deeper than the dash (blank and comment lines aside)
    tail: bytes  # from that line on, starting with its newline; b"" when the item runs to the next dash
    tail_indent: int  # the indentation of the tail's first line
    item_lines: int  # newlines in ``item``
    lines: int  # newlines in the whole chunk
    ends_tasks: int  # the indentation of a `tasks:` line that ends the chunk; -1 when it ends otherwise
    items: dict[int, Item | None] = field(default_factory=dict)  # by the context of its period


def _chunk(data: bytes, indent: int) -> _Chunk:
    lines = data.split(b"\n")
    cut, tail_indent = len(lines), -1
    for number in range(1, len(lines)):
        text = lines[number]
        body = text.lstrip(b" ")
        if body and not body.startswith(b"#") and len(text) - len(body) <= indent:
            cut, tail_indent = number, len(text) - len(body)
            break
    item = b"\n".join(lines[:cut])
    tail = b"\n" + b"\n".join(lines[cut:]) if cut < len(lines) else b""
    last = _TASKS_LINE.fullmatch(lines[-1])
    ends = len(last.group(1)) if last else -1
    return _Chunk(item, tail, tail_indent, cut - 1, len(lines) - 1, ends)


@dataclass(frozen=True, eq=False)
class _Block:
    """A period of the skeleton and what its tasks inherit from it."""

    spec: PeriodSpec
    period: Period
    line: str  # the business line's name
    context: int  # names everything an item's task depends on besides its own text


@dataclass(frozen=True, eq=False)
class _Skeleton:
    line: Line  # with no tasks, placed in the skeleton's own lines
    blocks: tuple[_Block, ...]
    places: dict[tuple[int, int], int]  # (line, column) of each period's `tasks` key → its index
    names: tuple[str, str, Loc, Loc]  # the line's name and code, and where they stand in the skeleton


@dataclass(frozen=True, eq=False)
class FileView:
    """A business-line file as items and a skeleton: cheap to compare, and made a :class:`Line` on demand."""

    path: str
    skeleton: _Skeleton
    shifts: tuple[tuple[int, int], ...]  # (skeleton line, lines to add) from that line on
    items: tuple[Item, ...]  # in file order
    starts: tuple[int, ...]  # the line each item starts on
    blocks: tuple[tuple[int, int, int], ...]  # (period index, first item, end) of each run of items
    keys: frozenset[str]  # the items' IDs, casefolded
    dependents: tuple[Item, ...]  # the items that depend on others

    @property
    def outline(self) -> Line:
        """The business line without its tasks (its places are the skeleton's own)."""
        return self.skeleton.line

    @cached_property
    def members(self) -> frozenset[Item]:
        """The items, to compare with another version's (an item is the same object wherever it is)."""
        return frozenset(self.items)

    def line(self) -> Line:
        """The business line exactly as the full loader builds it."""
        runs = {index: (first, end) for index, first, end in self.blocks}
        periods = []
        for index, block in enumerate(self.skeleton.line.periods):
            first, end = runs.get(index, (0, 0))
            tasks = tuple(self.items[i].at(self.starts[i]) for i in range(first, end))
            kpis = tuple(replace(k, loc=self._place(k.loc)) for k in block.kpis)
            periods.append(replace(block, loc=self._place(block.loc), tasks=tasks, kpis=kpis))
        outline = self.skeleton.line
        return Line(outline.name, outline.code, outline.path, tuple(periods), outline.loc)

    def names(self) -> tuple[str, str, Loc, Loc]:
        """The line's name and code and where they stand, as the full loader reports them."""
        name, code, name_loc, code_loc = self.skeleton.names
        return name, code, self._place(name_loc), self._place(code_loc)

    def _place(self, loc: Loc) -> Loc:
        add = 0
        for line, by in self.shifts:
            if loc.line < line:
                break
            add = by
        return replace(loc, line=loc.line + add) if add else loc


class ItemReader:
    """Reads business-line files item by item, remembering every item and skeleton it has read."""

    def __init__(self) -> None:
        self.chunks: dict[int, dict[bytes, _Chunk]] = {}  # by the items' indentation, then text
        self.skeletons: dict[tuple[bytes, str, int, str], _Skeleton | None] = {}
        self.contexts: dict[tuple[object, ...], int] = {}  # what items inherit from a period, numbered

    def read(self, data: bytes, path: str, year: int, currency: str) -> FileView | None:
        """The file as items and a skeleton; None when it must be read whole (see the module's notes)."""
        indent = _indent(data)
        if indent is None or len(data) > MAX_FILE_BYTES or any(c in data for c in _ODD):
            return None
        cut = _Cutter(self.chunks.setdefault(indent, {}), indent)
        if not cut.run(data.split(b"\n" + b" " * indent + b"- ")):
            return None
        skeleton = self._skeleton(b"".join(cut.skeleton), path, year, currency)
        if skeleton is None:
            return None
        blocks = []
        items: list[Item] = []
        for line, col, first, end in cut.runs:
            index = skeleton.places.get((line, col))
            if index is None:
                return None
            block = skeleton.blocks[index]
            start, context = len(items), block.context
            for chunk in cut.chunks[first:end]:
                if context in chunk.items:
                    found = chunk.items[context]
                else:
                    found = chunk.items[context] = _item(chunk, indent, block, path, year, currency)
                if found is None:
                    return None
                items.append(found)
            blocks.append((index, start, len(items)))
        keys = frozenset([item.key for item in items])
        if len(keys) != len(items):
            return None  # a task ID used twice: the full loader says where
        dependents = tuple([item for item in items if item.depends])
        return FileView(
            path, skeleton, tuple(cut.shifts), tuple(items), tuple(cut.starts), tuple(blocks), keys, dependents
        )

    def seed(self, data: bytes, path: str, year: int, currency: str, line: Line) -> bool:
        """Take the items of ``data`` from ``line`` (the full loader's valid reading of it) instead of parsing them.

        Done only when the file cuts into exactly the tasks the loader found (as many in each
        period, each starting on the line its task does) and holds nothing that could tie one
        item's meaning to another's text (an alias, an anchor, a directive); returns whether it was.
        A later :meth:`read` of a version that differs in a few items then parses only those.
        """
        indent = _indent(data)
        if indent is None or len(data) > MAX_FILE_BYTES or any(c in data for c in _ODD) or _TIED.search(data):
            return False
        cut = _Cutter(self.chunks.setdefault(indent, {}), indent)
        if not cut.run(data.split(b"\n" + b" " * indent + b"- ")):
            return False
        skeleton = self._skeleton(b"".join(cut.skeleton), path, year, currency)
        if skeleton is None or len(skeleton.blocks) != len(line.periods):
            return False
        found: list[tuple[_Chunk, int, Item]] = []
        for at, col, first, end in cut.runs:
            index = skeleton.places.get((at, col))
            if index is None:
                return False
            tasks = line.periods[index].tasks
            if len(tasks) != end - first:
                return False
            context = skeleton.blocks[index].context
            for chunk, start, task in zip(cut.chunks[first:end], cut.starts[first:end], tasks, strict=True):
                if task.loc.line != start:
                    return False
                item = Item(task, task.id.casefold(), tuple(d.casefold() for d in task.depends), start)
                found.append((chunk, context, item))
        if sum(len(p.tasks) for p in line.periods) != len(found):
            return False
        for chunk, context, item in found:
            chunk.items.setdefault(context, item)
        return True

    def _skeleton(self, data: bytes, path: str, year: int, currency: str) -> _Skeleton | None:
        key = (data, path, year, currency)
        if key not in self.skeletons:
            self.skeletons[key] = _read_skeleton(data, path, year, currency, self.contexts)
        return self.skeletons[key]


class _Cutter:
    """One pass over a file's chunks: which are items of which ``tasks:`` list, and the skeleton."""

    def __init__(self, known: dict[bytes, _Chunk], indent: int) -> None:
        self.known = known
        self.indent = indent
        self.sep = b"\n" + b" " * indent + b"- "
        self.skeleton: list[bytes] = []
        self.shifts: list[tuple[int, int]] = []
        self.runs: list[tuple[int, int, int, int]] = []  # each `tasks:` (line, column), its first and end item
        self.chunks: list[_Chunk] = []  # the items' chunks, in order
        self.starts: list[int] = []
        self.key = -1  # the indentation of the `tasks:` whose items are being read; -1 outside a list
        self.opened = (0, 0, 0)

    def open(self, indent: int, line: int) -> bool:
        """After a chunk of skeleton (its last line ``line``): a `tasks:` line there opens a list."""
        if self.key >= 0:
            self.runs.append((*self.opened, len(self.chunks)))
        self.key = indent
        if indent < 0:
            return True
        if indent > self.indent:
            return False
        self.skeleton.append(b" []")
        self.opened = (line, indent + 1, len(self.chunks))
        return True

    def run(self, parts: Sequence[bytes]) -> bool:
        head = _chunk(parts[0], -1)
        self.skeleton.append(parts[0])
        line = skel = head.lines + 1  # the last line so far of the file, and of the skeleton
        if not self.open(head.ends_tasks, skel):
            return False
        known, chunks, starts = self.known, self.chunks, self.starts
        for part in parts[1:]:
            chunk = known.get(part)
            if chunk is None:
                chunk = known[part] = _chunk(part, self.indent)
            start, line = line + 1, line + 1 + chunk.lines
            if self.key < 0:
                self.skeleton += (self.sep, part)
                skel += 1 + chunk.lines
                if not self.open(chunk.ends_tasks, skel):
                    return False
                continue
            chunks.append(chunk)
            starts.append(start)
            if chunk.tail:
                if chunk.tail_indent > self.key:
                    return False  # a line between a `tasks:` key and its items' indentation
                self.skeleton.append(chunk.tail)
                self.shifts.append((skel + 1, start + chunk.item_lines - skel))
                skel += chunk.lines - chunk.item_lines
                if not self.open(chunk.ends_tasks, skel):
                    return False
        self.open(-1, skel)
        return all(first < end for _, _, first, end in self.runs)  # a `tasks:` with no item is left whole


def _indent(data: bytes) -> int | None:
    """The indentation of the first task item, when a `tasks:` line is followed by one."""
    found = data.find(b"tasks:\n")
    if found < 0:
        return None
    start = found + len(b"tasks:\n")
    end = data.find(b"\n", start)
    line = data[start : end if end >= 0 else len(data)]
    body = line.lstrip(b" ")
    return len(line) - len(body) if body.startswith(b"- ") else None


def _read_skeleton(
    data: bytes, path: str, year: int, currency: str, contexts: dict[tuple[object, ...], int]
) -> _Skeleton | None:
    from pmtasks.plan.schema import LineFile
    from pmtasks.plan.validate import validate
    from pmtasks.plan.yamlread import decode, read_yaml

    text, problem = decode(data, path)
    if text is None or problem is not None:
        return None
    located = read_yaml(text, path)
    if located.problems or located.data is None:
        return None
    spec, problems = validate(LineFile, located, path, "line", {"year": year, "currency": currency})
    if problems or not isinstance(spec, LineFile) or any(p.tasks for p in spec.periods):
        return None
    line = build_line(spec, located, path, year)
    if duplicate_kpis([line], ()):
        return None
    places = {located.keys[at]: i for i in range(len(spec.periods)) if (at := ("periods", i, "tasks")) in located.keys}
    blocks = tuple(
        _Block(
            p,
            parse_period(p.period, year),
            spec.line,
            contexts.setdefault(
                (path, year, currency, p.period, p.track, spec.line, p.goal, tuple(p.resources)), len(contexts)
            ),
        )
        for p in spec.periods
    )
    names = (spec.line, spec.code, Loc(path, *located.where(("line",))), Loc(path, *located.where(("code",))))
    return _Skeleton(line, blocks, places, names)


def _item(chunk: _Chunk, indent: int, block: _Block, path: str, year: int, currency: str) -> Item | None:
    """The task of one item, read alone for its period; None when anything about it is wrong."""
    from pydantic import ValidationError

    from pmtasks.plan.quickread import quick_read
    from pmtasks.plan.schema import TaskSpec
    from pmtasks.plan.yamlread import read_yaml

    try:
        body = chunk.item.decode("utf-8")
    except UnicodeDecodeError:
        return None
    located = quick_read(body, indent) or read_yaml(" " * indent + "- " + body + "\n", path)
    data = located.data
    if located.problems or not isinstance(data, list) or len(data) != 1 or not isinstance(data[0], dict):
        return None
    try:
        spec = TaskSpec.model_validate(data[0], context={"year": year, "currency": currency})
    except ValidationError:
        return None
    locs = task_locs(located, path, (0,), data[0])
    task = build_task(spec, block.period, block.spec.track, block.line, locs, block.spec)
    if own_checks(task):
        return None
    return Item(task, task.id.casefold(), tuple(d.casefold() for d in task.depends))
