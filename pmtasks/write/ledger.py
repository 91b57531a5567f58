"""Writing ledger files with the plan writer's guarantees: locked, checked, atomic, exact.

Each write takes the lock of the ledger file it changes, reads the plan and the ledgers under
it, splices the edit in (never re-serialising), loads and validates the result, checks that it
says exactly what was asked and nothing else, and only then replaces (or creates) the file.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pmtasks.errors import PlanInvalid, UsageError
from pmtasks.i18n import _
from pmtasks.ledger.edits import DEFAULT_PREFIX, ItemChange, LedgerRefused, NewItem, Value, expected, next_id
from pmtasks.ledger.load import ledger_files, ledger_folder, load_ledger_files, task_places
from pmtasks.ledger.model import Book, Item, ItemLog, ItemStatus, Source
from pmtasks.ledger.schema import FIELDS
from pmtasks.plan.cache import FileCache
from pmtasks.plan.load import display, is_plan_file, load_plan, plan_dir
from pmtasks.plan.model import Loc, Plan
from pmtasks.text import split_bom
from pmtasks.write.store import (
    Outcome,
    WriteFailed,
    check_writable,
    create_file,
    file_diff,
    locked,
    not_as_asked,
    replace_files,
    would_not_load,
)
from pmtasks.write.yamledit import TaskEdit, append_mapping, apply_edits, entry_finder, scalar

Decide = Callable[[Plan, Book, Item], ItemChange]
_FIND = entry_finder("items", "item")
_NOWHERE = Loc("", 0, 0)


@dataclass
class State:
    """The plan, its ledgers, and the bytes of each ledger file they were read from."""

    plan: Plan
    book: Book
    data: dict[str, bytes]
    root: str
    cache: FileCache  # the ledger files' results, so the verifying read parses only the edited file


def read_state(folder: Path, year_hint: int | None = None, cache: FileCache | None = None) -> State:
    """The plan and its ledgers; ``cache`` (one per write) keeps a file read twice from being parsed twice."""
    plan = load_plan(folder, year_hint=year_hint)
    data = {display(p): p.read_bytes() for p in ledger_files(folder)}
    cache = cache or FileCache.near(folder, memory=True)
    book = load_ledger_files(data, task_places(plan), display(folder), cache=cache)
    return State(plan, book, data, display(folder), cache)


def find_item(book: Book, item_id: str) -> Item:
    """The item with this ID (in any case); LedgerRefused naming the closest IDs otherwise."""
    item = book.find(item_id)
    if item is None:
        close = difflib.get_close_matches(item_id.strip(), [i.id for i in book.items], n=3)
        if close:
            text = _("no ledger item with ID {id}. Did you mean {ids}? `pmtasks ledger list` shows every ID.")
        else:
            text = _("no ledger item with ID {id}. `pmtasks ledger list` shows every ID.")
        raise LedgerRefused(text.format(id=repr(item_id), ids=", ".join(close)))
    return item


def write_item(
    plans: Path, item_id: str, decide: Decide, *, dry_run: bool = False, year_hint: int | None = None
) -> Outcome:
    """Apply ``decide`` to one item and write its file, or show the diff (dry run)."""
    folder = plan_dir(plans)
    cache = FileCache.near(folder, memory=True)
    name = find_item(read_state(folder, year_hint, cache).book, item_id).loc.path
    target = Path(name)
    if not dry_run:
        check_writable(target)
    with contextlib.nullcontext() if dry_run else locked([target]):
        state = read_state(folder, year_hint, cache)
        item = find_item(state.book, item_id)
        if item.loc.path != name:
            raise WriteFailed(_("the ledgers changed while pmtasks read them; run the command again"))
        change = decide(state.plan, state.book, item)
        new = _splice(state.data[name], item_edit(change))
        _check(state, {**state.data, name: new}, {item.id: expected(item, change)})
        outcome = Outcome([change.summary], file_diff(name, state.data[name], new))
        if not dry_run:
            replace_files([(target, state.data[name], new)])
            outcome.written.append(name)
    return outcome


def item_edit(change: ItemChange) -> TaskEdit:
    """What ``change`` splices into the item: its values, the evidence appended, the log entry."""
    entry: list[tuple[str, Value]] = []
    if change.entry is not None:
        e = change.entry
        pairs = (
            ("date", e.date),
            ("status", e.status.value if e.status else None),
            ("note", e.note),
            ("author", e.author),
        )
        entry = [(k, v) for k, v in pairs if v is not None]
    lists = (("evidence", change.evidence),) if change.evidence else ()
    return TaskEdit(change.item_id, change.values, tuple(entry), lists)


def new_file_text(source: Source, pairs: Sequence[tuple[str, Value | tuple[str, ...]]]) -> str:
    """A new ledger file: its source, and the first item (its log is added like any other edit)."""
    lines = [f"{source.kind}: {scalar(source.name)}", f"date: {source.date.isoformat()}"]
    if source.code:
        lines.append(f"code: {scalar(source.code)}")
    lines.append("items:")
    body = [f"{k}: {scalar(v)}" for k, v in pairs]
    lines += ["  - " + body[0], *("    " + line for line in body[1:])]
    return "\n".join(lines) + "\n"


def _splice(data: bytes, edit: TaskEdit) -> bytes:
    bom, text = split_bom(data)
    return (bom + apply_edits(text, [edit], _FIND, FIELDS["item"], "item")).encode("utf-8")


def _check(state: State, data: dict[str, bytes], wanted: dict[str, Item]) -> None:
    """Load the edited ledgers as every command would, and compare with what was asked."""
    from pmtasks.ledger.edits import reads_back

    try:
        after = load_ledger_files(data, task_places(state.plan), state.root, cache=state.cache)
    except PlanInvalid as exc:
        raise would_not_load(exc) from None
    if not reads_back(state.book, after, dict(wanted)):
        raise not_as_asked(list(wanted))


def source_path(folder: Path, given: Path) -> Path:
    """The ledger file ``--source`` names: a bare name is looked for in the ledgers folder."""
    ledgers = ledger_folder(folder)
    path = ledgers / given.name if given.parent == Path() else given
    if not is_plan_file(path.name):
        raise UsageError(
            _("{file}: a ledger file's name ends in .yaml or .yml and does not start with '.'").format(file=given),
            "source",
        )
    if path.parent.resolve() != ledgers.resolve():
        raise UsageError(
            f"{given}: ledger files live in {display(ledgers)}; give a file name there, such as 2026-q2-review.yaml",
            "source",
        )
    return path


def add_item(
    plans: Path,
    given: Path,
    new: NewItem,
    new_source: Source | None,
    *,
    dry_run: bool = False,
    year_hint: int | None = None,
) -> tuple[str, Outcome]:
    """Append a new item to a ledger file (created with ``new_source`` when missing); its ID and the outcome."""
    folder = plan_dir(plans)
    target = source_path(folder, given)
    exists = target.exists()
    if exists and new_source is not None:
        raise UsageError(_("{file} exists already").format(file=display(target)), "source-exists")
    if not exists and new_source is None:
        raise UsageError(_("{file} does not exist").format(file=display(target)), "source-missing")
    if not dry_run:
        target.parent.mkdir(exist_ok=True)
        check_writable(target if exists else target.parent)
    with contextlib.nullcontext() if dry_run else locked([target]):
        return _add(read_state(folder, year_hint), target, new, new_source, dry_run)


def _add(state: State, target: Path, new: NewItem, new_source: Source | None, dry_run: bool) -> tuple[str, Outcome]:
    name = display(target)
    if (name in state.data) != (new_source is None):
        raise WriteFailed(_("{file} was created or removed meanwhile; run the command again").format(file=name))
    source = new_source or next(led.source for led in state.book.ledgers if led.source.path == name)
    new = replace(new, tasks=_known_tasks(state.plan, new.tasks))
    taken = [t.id for t in state.plan.tasks] + [i.id for i in state.book.items]
    item_id = next_id(source.code or DEFAULT_PREFIX[new.kind], taken)
    log = TaskEdit(item_id, entry=new.log_entry())
    if new_source is None:
        bom, text = split_bom(state.data[name])
        spliced = bom + append_mapping(text, "items", new.pairs(item_id))
    else:
        bom, spliced = "", new_file_text(new_source, new.pairs(item_id))
    body = (bom + apply_edits(spliced[len(bom) :], [log], _FIND, FIELDS["item"], "item")).encode("utf-8")
    wanted = Item(
        item_id,
        new.kind,
        new.title,
        new.owner,
        new.due,
        new.acceptance,
        source,
        _NOWHERE,
        ItemStatus.OPEN,
        new.measures,
        new.tasks,
        log=(ItemLog(new.day, ItemStatus.OPEN, None, new.author),),
    )
    _check(state, {**state.data, name: body}, {item_id: wanted})
    outcome = Outcome(
        [_("{id} added to {file}").format(id=item_id, file=name)], file_diff(name, state.data.get(name), body)
    )
    if not dry_run:
        if new_source is None:
            replace_files([(target, state.data[name], body)])
        else:
            create_file(target, body)
        outcome.written.append(name)
    return item_id, outcome


def _known_tasks(plan: Plan, ids: tuple[str, ...]) -> tuple[str, ...]:
    """The IDs as the plan spells them; LedgerRefused naming the closest IDs for an unknown one."""
    known = {t.id.casefold(): t.id for t in plan.tasks}
    for task_id in ids:
        if task_id.casefold() not in known:
            close = difflib.get_close_matches(task_id, [t.id for t in plan.tasks], n=3)
            if close:
                text = _("no task with ID {id}. Did you mean {ids}? `pmtasks list` shows every task ID")
            else:
                text = _("no task with ID {id}. `pmtasks list` shows every task ID")
            raise LedgerRefused(text.format(id=repr(task_id), ids=", ".join(close)), "tasks")
    return tuple(dict.fromkeys(known[t.casefold()] for t in ids))
