"""What changed between two plans: tasks matched by ID, periods and business lines by name.

Pure: two :class:`Plan` values (or ``None`` for a side that has no plan) in, a :class:`PlanDiff`
out. A task keeps its ID for life, so a task that moves to another file, period or business line,
or whose file is renamed, is one task that moved, never one removed and one added.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pmtasks.plan.model import Line, PeriodBlock, Plan, Task
from pmtasks.query import natural_key

TEXT_FIELDS = ("title", "notes")
PLACE_FIELDS = ("file", "line", "period", "track")


@dataclass(frozen=True)
class TextEdit:
    """An edited text and how its characters changed (``difflib`` opcodes, one per run)."""

    old: str
    new: str
    ops: tuple[tuple[str, str, str], ...]  # (equal|delete|insert|replace, old part, new part)


def text_edit(old: str, new: str) -> TextEdit:
    """Character-level runs, which suit Chinese text where there are no words to split on."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    ops: list[tuple[str, str, str]] = [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes()]
    for i in range(1, len(ops) - 1):
        _slide(ops, i)
    return TextEdit(old, new, tuple(op for op in ops if op[1] or op[2]))


def _slide(ops: list[tuple[str, str, str]], i: int) -> None:
    """Move a lone insertion or deletion along repeated text so it ends at punctuation if it can.

    ``西南公司、[-华东公司、-]北方`` reads better than the equally minimal ``西南[-公司、华东-]公司、北方``.
    """
    (before_tag, before, _), (tag, a, b), (after_tag, after, _) = ops[i - 1], ops[i], ops[i + 1]
    run = a or b
    if before_tag != "equal" or after_tag != "equal" or tag not in ("delete", "insert"):
        return
    text, start = before + run + after, len(before)
    lo = start
    while lo > 0 and text[lo - 1] == text[lo - 1 + len(run)]:
        lo -= 1
    hi = start
    while hi + len(run) < len(text) and text[hi] == text[hi + len(run)]:
        hi += 1
    best = next((p for p in range(hi, lo - 1, -1) if _breaks(text[p + len(run) - 1])), start)
    run = text[best : best + len(run)]
    ops[i - 1] = ("equal", text[:best], text[:best])
    ops[i] = (tag, run if tag == "delete" else "", run if tag == "insert" else "")
    rest = text[best + len(run) :]
    ops[i + 1] = ("equal", rest, rest)


def _breaks(ch: str) -> bool:
    return unicodedata.category(ch).startswith(("P", "Z"))


@dataclass(frozen=True)
class Change:
    """One field of a task that differs. ``old`` and ``new`` are display values (strings)."""

    name: str
    old: str | None
    new: str | None
    days: int | None = None  # start/due: how many days later (negative: earlier)
    outside: bool = False  # due: the new date falls outside the task's period
    edit: TextEdit | None = None  # title/notes: the character-level edit
    added: tuple[str, ...] = ()  # depends/tags: items added
    removed: tuple[str, ...] = ()  # depends/tags: items removed


@dataclass(frozen=True)
class TaskChange:
    old: Task
    new: Task
    changes: tuple[Change, ...]
    carried: bool = False  # only moved because its whole file was renamed

    @property
    def id(self) -> str:
        return self.new.id

    def get(self, name: str) -> Change | None:
        return next((c for c in self.changes if c.name == name), None)

    @property
    def moved(self) -> bool:
        return any(c.name in PLACE_FIELDS for c in self.changes)


@dataclass(frozen=True)
class BlockChange:
    """A period of a business line that is in both plans with a different goal or resources."""

    line: str
    label: str
    goal: TextEdit | None
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[Task, ...] = ()
    removed: tuple[Task, ...] = ()
    changed: tuple[TaskChange, ...] = ()
    lines_added: tuple[Line, ...] = ()
    lines_removed: tuple[Line, ...] = ()
    lines_renamed: tuple[tuple[Line, Line], ...] = ()
    files_renamed: tuple[tuple[Line, Line], ...] = ()  # a business line's file, old and new
    periods_added: tuple[tuple[str, PeriodBlock], ...] = ()  # (business line, period)
    periods_removed: tuple[tuple[str, PeriodBlock], ...] = ()
    periods_changed: tuple[BlockChange, ...] = ()
    title: TextEdit | None = None

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def with_change(self, name: str) -> list[TaskChange]:
        return [c for c in self.changed if c.get(name)]

    @property
    def listed(self) -> list[TaskChange]:
        """The changed tasks worth a line of their own: not those that only followed their file."""
        return [c for c in self.changed if not c.carried]

    def carried(self, line: Line) -> int:
        """How many tasks moved only because ``line``'s file was renamed."""
        return sum(c.carried and c.new.loc.path == line.path for c in self.changed)

    @property
    def slipped(self) -> list[TaskChange]:
        """Tasks whose due date moved later."""
        return [c for c in self.changed if (d := c.get("due")) is not None and (d.days or 0) > 0]


@dataclass(frozen=True)
class Sides:
    """How the two sides are named, and which plans folder was read."""

    base: str
    head: str
    base_sha: str | None
    head_sha: str | None
    folder: str


@dataclass(frozen=True)
class Summary:
    added: int
    removed: int
    rescheduled: int
    slip_days: int
    beyond: int
    moved: int
    reassigned: int
    progress: int
    edited: int
    structure: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        counts = (self.added, self.removed, self.rescheduled, self.moved, self.reassigned, self.progress, self.edited)
        return not (any(counts) or any(self.structure.values()))


def summarize(diff: PlanDiff) -> Summary:
    dated = [c for c in diff.changed if c.get("start") or c.get("due")]
    dues = [d for c in dated if (d := c.get("due")) is not None]
    structure = {
        "periods_added": len(diff.periods_added),
        "periods_removed": len(diff.periods_removed),
        "periods_edited": len(diff.periods_changed),
        "lines_added": len(diff.lines_added),
        "lines_removed": len(diff.lines_removed),
        "lines_renamed": len(diff.lines_renamed),
        "files_renamed": len(diff.files_renamed),
    }
    edited = [c for c in diff.changed if any(x.name in (*TEXT_FIELDS, "depends", "tags") for x in c.changes)]
    return Summary(
        added=len(diff.added),
        removed=len(diff.removed),
        rescheduled=len(dated),
        slip_days=sum(d.days or 0 for d in dues),
        beyond=sum(d.outside for d in dues),
        moved=sum(c.moved for c in diff.changed),
        reassigned=len(diff.with_change("owner")),
        progress=len([c for c in diff.changed if c.get("progress") or c.get("status")]),
        edited=len(edited),
        structure=structure,
    )


def compare(old: Plan | None, new: Plan | None) -> PlanDiff:
    """Everything that differs between ``old`` and ``new``; a missing side counts as empty."""
    structure = structure_changes(old.lines if old else (), new.lines if new else ())
    title = None
    if old and new and old.title != new.title:
        title = text_edit(old.title, new.title)
    return task_diff(old.tasks if old else (), new.tasks if new else (), structure, title)


def task_diff(
    old: Iterable[Task], new: Iterable[Task], structure: dict[str, Any], title: TextEdit | None = None
) -> PlanDiff:
    """The diff of two sets of tasks, given what changed in the lines and periods around them.

    A task that is the same on both sides but for the line numbers of its places can be left out
    of both: it is neither added, removed nor changed.
    """
    old_tasks = _by_id(old)
    new_tasks = _by_id(new)
    added = tuple(new_tasks[k] for k in _ordered(new_tasks.keys() - old_tasks.keys(), new_tasks))
    removed = tuple(old_tasks[k] for k in _ordered(old_tasks.keys() - new_tasks.keys(), old_tasks))
    renames = {(a.path, b.path) for a, b in structure["files_renamed"]}
    changed = []
    for key in _ordered(old_tasks.keys() & new_tasks.keys(), new_tasks):
        a, b = old_tasks[key], new_tasks[key]
        changes = task_changes(a, b)
        if changes:
            carried = [c.name for c in changes] == ["file"] and (a.loc.path, b.loc.path) in renames
            changed.append(TaskChange(a, b, changes, carried))
    return PlanDiff(added, removed, tuple(changed), title=title, **structure)


def _by_id(tasks: Iterable[Task]) -> dict[str, Task]:
    return {t.id.casefold(): t for t in tasks}


def _ordered(keys: Iterable[str], tasks: dict[str, Task]) -> list[str]:
    return sorted(keys, key=lambda k: (natural_key(tasks[k].id), k))  # IM-02 and IM-2: always in one order


def task_changes(old: Task, new: Task) -> tuple[Change, ...]:
    """The fields of one task (matched by ID) that differ, in a fixed order."""
    changes: list[Change] = []
    places = (
        ("file", old.loc.path, new.loc.path),
        ("line", old.line, new.line),
        ("period", old.period.label, new.period.label),
        ("track", old.track, new.track),
    )
    changes += [Change(name, a, b) for name, a, b in places if a != b]
    if old.id != new.id:
        changes.append(Change("id", old.id, new.id))
    if old.start != new.start:
        changes.append(Change("start", old.start.isoformat(), new.start.isoformat(), (new.start - old.start).days))
    if old.due != new.due:
        changes.append(
            Change(
                "due",
                old.due.isoformat(),
                new.due.isoformat(),
                (new.due - old.due).days,
                outside=new.due not in new.period,
            )
        )
    changes += _rescheduled(old, new)
    for name, a, b in (
        ("status", old.status.value, new.status.value),
        ("progress", str(old.progress), str(new.progress)),
        ("owner", old.owner, new.owner),
    ):
        if a != b:
            changes.append(Change(name, a, b))
    for name in TEXT_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            changes.append(Change(name, a, b, edit=text_edit(a or "", b or "")))
    changes += _set_change("depends", old.depends, new.depends)
    changes += _set_change("tags", old.tags, new.tags)
    return tuple(changes)


def _rescheduled(old: Task, new: Task) -> list[Change]:
    """The reasons (and authors) of the reschedule entries the new side's log gained."""
    if new.log[: len(old.log)] != old.log:
        return []
    said = [
        " — ".join(x for x in (e.note or "(no reason given)", e.author) if x)
        for e in new.log[len(old.log) :]
        if e.rescheduled
    ]
    return [Change("rescheduled", None, "; ".join(said))] if said else []


def _set_change(name: str, old: Sequence[str], new: Sequence[str]) -> list[Change]:
    old_keys, new_keys = {x.casefold() for x in old}, {x.casefold() for x in new}
    added = tuple(x for x in new if x.casefold() not in old_keys)
    removed = tuple(x for x in old if x.casefold() not in new_keys)
    if not (added or removed):
        return []
    return [Change(name, ", ".join(old) or None, ", ".join(new) or None, added=added, removed=removed)]


def structure_changes(old: Sequence[Line], new: Sequence[Line]) -> dict[str, Any]:
    """Business lines matched by code, periods by label and track within their line."""
    old_lines = {line.code.casefold(): line for line in old}
    new_lines = {line.code.casefold(): line for line in new}
    result: dict[str, list[Any]] = {
        k: []
        for k in (
            "lines_added",
            "lines_removed",
            "lines_renamed",
            "files_renamed",
            "periods_added",
            "periods_removed",
            "periods_changed",
        )
    }
    result["lines_added"] = [line for line in new if line.code.casefold() not in old_lines]
    result["lines_removed"] = [line for line in old if line.code.casefold() not in new_lines]
    for line in new:
        before = old_lines.get(line.code.casefold())
        if before is None:
            continue
        if before.name != line.name:
            result["lines_renamed"].append((before, line))
        if before.path != line.path:
            result["files_renamed"].append((before, line))
        _blocks(before, line, result)
    return {k: tuple(v) for k, v in result.items()}


def _key(block: PeriodBlock) -> tuple[str, str]:
    return block.period.label, block.track or ""


def _blocks(old: Line, new: Line, result: dict[str, list[Any]]) -> None:
    before = {_key(b): b for b in old.periods}
    after = {_key(b): b for b in new.periods}
    result["periods_added"] += [(new.name, b) for b in new.periods if _key(b) not in before]
    result["periods_removed"] += [(old.name, b) for b in old.periods if _key(b) not in after]
    for block in new.periods:
        prior = before.get(_key(block))
        if prior is None:
            continue
        goal = text_edit(prior.goal, block.goal) if prior.goal != block.goal else None
        added = tuple(r for r in block.resources if r not in prior.resources)
        removed = tuple(r for r in prior.resources if r not in block.resources)
        if goal or added or removed:
            result["periods_changed"].append(BlockChange(new.name, label(block), goal, added, removed))


def label(block: PeriodBlock) -> str:
    """``1-3月`` or ``1-3月 · 城市更新`` when the period belongs to a track."""
    return f"{block.period.label} · {block.track}" if block.track else block.period.label
