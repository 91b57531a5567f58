"""The plans of a history as views over shared items, so that a commit costs what it changed.

A :class:`PlanView` is a plan whose business-line files are :class:`pmtasks.plan.items.FileView`
values: consecutive commits share every task item they have in common, so two plans are compared
by the items that differ, and a full :class:`pmtasks.plan.model.Plan` is made only when one is
asked for. :meth:`ViewReader.view` returns a view only when the full loader would load the plan
without a problem (every file read item by item, and the checks across the plan passed);
otherwise None, and the caller runs the full loader, which says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from pmtasks.git.diff import PlanDiff, structure_changes, task_diff, text_edit
from pmtasks.plan import build
from pmtasks.plan.build import Head
from pmtasks.plan.discover import PLAN_FILE
from pmtasks.plan.integrity import cycles
from pmtasks.plan.items import FileView, ItemReader
from pmtasks.plan.kpis import duplicate_kpis
from pmtasks.plan.model import Plan, Task


@dataclass(frozen=True, eq=False)
class PlanView:
    """A plan that loads, held as plan.yaml's settings and a view of each business-line file."""

    head: Head
    root: str
    files: tuple[FileView, ...]

    def plan(self) -> Plan:
        """The plan exactly as :func:`pmtasks.plan.load.load_source` makes it."""
        return self.head.plan(tuple(f.line() for f in self.files), self.root)

    def tasks(self) -> Iterator[Task]:
        """The tasks in the plan's order, each as read for its item: their places may be an earlier version's."""
        for file in self.files:
            for item in file.items:
                yield item.task


class ViewReader:
    """Views of plans, each file (by blob, path and the plan's year and currency) read once."""

    def __init__(self) -> None:
        self.items = ItemReader()
        self.heads: dict[tuple[str, str], Head | None] = {}
        self.files: dict[tuple[str, str, int, str], FileView | None] = {}
        self.ids = _Ids()

    def view(
        self, names: Sequence[str], blobs: Callable[[str], str], read: Callable[[str], bytes], root: str
    ) -> PlanView | None:
        """The plan of the files ``names`` (shown names, in load order); None when it must be loaded whole.

        ``blobs`` names each file's git blob and ``read`` reads it.
        """
        plan_path = next((p for p in names if PurePosixPath(p).name == PLAN_FILE), None)
        if plan_path is None:
            return None
        head = self._head(plan_path, blobs(plan_path), read)
        if head is None:
            return None
        files = []
        for path in names:
            if path == plan_path:
                continue
            key = (blobs(path), path, head.year, head.currency)
            if key not in self.files:
                self.files[key] = self.items.read(read(path), path, head.year, head.currency)
            found = self.files[key]
            if found is None:
                return None
            files.append(found)
        return PlanView(head, root, tuple(files)) if files and _sound(files, self.ids) else None

    def _head(self, path: str, blob: str, read: Callable[[str], bytes]) -> Head | None:
        if (blob, path) not in self.heads:
            result = build.file_result(read(path), path, "plan", None, "")
            head = result.head if not result.problems else None
            self.heads[blob, path] = head if head is not None and not duplicate_kpis((), head.kpis) else None
        return self.heads[blob, path]


class _Ids:
    """The task IDs of the last plan checked, kept file by file: the next plan changes a file or two."""

    def __init__(self) -> None:
        self.files: set[FileView] = set()
        self.ids: set[str] = set()

    def disjoint(self, files: Sequence[FileView]) -> bool:
        """True when no task ID is in two of ``files`` (each file's own are unique already)."""
        now = set(files)
        gone, came = self.files - now, now - self.files
        if len(gone) + len(came) >= len(now):
            self.ids, gone, came = set(), set(), now
        for file in gone:
            self.ids -= file.keys
        for file in came:
            if not file.keys.isdisjoint(self.ids):
                self.files, self.ids = set(), set()
                return False
            self.ids |= file.keys
        self.files = now
        return True


def _sound(files: Sequence[FileView], ids: _Ids) -> bool:
    """True when the checks across the plan's files find nothing (see :mod:`pmtasks.plan.integrity`)."""
    names = {file.outline.name.casefold() for file in files}
    codes = {file.outline.code.casefold() for file in files}
    if len(names) != len(files) or len(codes) != len(files) or not ids.disjoint(files):
        return False
    dependents = [item for file in files for item in file.dependents]
    if any(d not in ids.ids for item in dependents for d in item.depends):
        return False
    return not (dependents and cycles([i.task for i in dependents], {i.key: i.task for i in dependents}))


def view_changes(old: PlanView, new: PlanView, same: Collection[str]) -> PlanDiff | None:
    """What changed from ``old`` to ``new``, leaving out the files in ``same`` (unchanged).

    Tasks whose item is the same on both sides are left out of the comparison (they can differ
    only in where they stand). None when a business line or a period was added, removed, renamed
    or edited: then the caller compares the whole plans, to report those with their tasks.
    """
    olds = [f for f in old.files if f.path not in same]
    news = [f for f in new.files if f.path not in same]
    structure = structure_changes([f.outline for f in olds], [f.outline for f in news])
    if any(structure.values()):
        return None
    before = frozenset().union(*(f.members for f in olds))
    after = frozenset().union(*(f.members for f in news))
    gone = [item.at(f.starts[f.items.index(item)]) for f in olds for item in f.members - after]
    came = [item.at(f.starts[f.items.index(item)]) for f in news for item in f.members - before]
    title = text_edit(old.head.title, new.head.title) if old.head.title != new.head.title else None
    return task_diff(gone, came, structure, title)
