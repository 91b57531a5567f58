"""Find, read and validate the ledgers of a plan: every problem, located, all at once.

Ledger files live in ``<year>/ledgers/*.yaml`` and go through the plan loader's machinery (the
same YAML reader and the same pydantic-to-message translation), so their problems read like a
plan file's. Item IDs are unique across the plan: against each other and against task IDs.

What one file yields on its own is kept in the plan's content-keyed cache
(:mod:`pmtasks.plan.cache`), so an unchanged ledger file is parsed and validated once; the YAML
reader and the schema are imported only when a file must be read. The check for duplicate IDs
across files and tasks runs on every load.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmtasks.errors import PlanInvalid, Problem
from pmtasks.i18n import _
from pmtasks.plan import load as plan_load
from pmtasks.plan.cache import FileCache, blob_id
from pmtasks.plan.load import display, is_plan_file, plan_dir
from pmtasks.plan.model import Loc, Plan

if TYPE_CHECKING:  # what reads a ledger is imported when a plan has one
    from pmtasks.ledger.model import Book, Item, Ledger, Source
    from pmtasks.ledger.schema import ItemSpec, LedgerFile
    from pmtasks.plan.yamlread import Located

LEDGERS = "ledgers"


@dataclass(frozen=True)
class LedgerResult:
    """What one ledger file yields on its own: what the cache keeps for it.

    ``ids`` are the item IDs written in the file, valid or not, and where they stand, so
    duplicates are found in an invalid file too; ``ledger`` is set when the file is valid.
    """

    problems: tuple[Problem, ...] = ()
    ids: tuple[tuple[str, Loc], ...] = ()
    ledger: Ledger | None = None


def ledger_folder(year_folder: Path) -> Path:
    return year_folder / LEDGERS


def ledger_files(year_folder: Path) -> list[Path]:
    """The ledger files of a year folder, in name order (hidden files are not ledgers)."""
    folder = ledger_folder(year_folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and is_plan_file(p.name))


def read_ledger_files(year_folder: Path) -> dict[str, bytes]:
    """Each ledger file's bytes, under the name messages show it by."""
    return {display(p): p.read_bytes() for p in ledger_files(year_folder)}


def load_all(plans: Path, *, year_hint: int | None = None) -> tuple[Plan, Book]:
    """The plan and its ledgers; PlanInvalid with the problems of both when either does not load."""
    folder = plan_dir(plans)
    files = read_ledger_files(folder)
    cache = FileCache.near(folder)
    try:
        plan = plan_load.load_plan(folder, year_hint=year_hint)  # looked up at call time, like every command's load
    except PlanInvalid as exc:
        problems = list(exc.problems)
        try:
            load_ledger_files(files, {}, cache=cache)
        except PlanInvalid as more:
            problems += more.problems
        raise PlanInvalid(problems, exc.where) from None
    return plan, load_ledger_files(files, task_places(plan), display(folder), cache=cache)


def task_places(plan: Plan) -> dict[str, Loc]:
    """Each task ID (case-folded) and where the task stands."""
    return {t.id.casefold(): t.loc for t in plan.tasks}


def load_ledger_files(
    files: Mapping[str, bytes], tasks: Mapping[str, Loc], root: str = "", *, cache: FileCache | None = None
) -> Book:
    """Validate each ledger file (or take its result from ``cache``); raise PlanInvalid with every problem."""
    from pmtasks.ledger.model import Book

    problems: list[Problem] = []
    ledgers: list[Ledger] = []
    ids: list[tuple[str, Loc]] = []
    for path, data in files.items():
        result = _cached(data, path, cache) if cache is not None and cache.enabled else file_result(data, path)
        problems += result.problems
        ids += result.ids
        if result.ledger is not None:
            ledgers.append(result.ledger)
    if cache is not None:
        cache.close()
    problems += _duplicates(ids, tasks)
    if problems:
        raise PlanInvalid(problems, root)
    return Book(tuple(ledgers))


def _cached(data: bytes, path: str, cache: FileCache) -> LedgerResult:
    key = cache.key("ledger", "", path, blob_id(data))
    result = cache.get(key)
    if not isinstance(result, LedgerResult):
        result = file_result(data, path)
        cache.put(key, result)
    return result


def file_result(data: bytes, path: str) -> LedgerResult:
    """What one ledger file yields on its own: its problems, its item IDs, and its ledger when valid."""
    from pmtasks.ledger.schema import FIELDS, PARENTS, LedgerFile
    from pmtasks.plan.validate import validate

    located = _read(data, path)
    problems = list(located.problems)
    if located.data is None and located.problems:
        return LedgerResult(tuple(problems))
    problems += _source_problems(located, path)
    ids = _raw_ids(located, path)
    spec, found = validate(LedgerFile, located, path, "ledger", {}, FIELDS, PARENTS)
    problems += found
    if isinstance(spec, LedgerFile) and not found:
        ledger = _ledger(spec, located, path)
        problems += [p for item in ledger.items for p in _item_problems(item)]
        return LedgerResult(tuple(problems), tuple(ids), ledger)
    return LedgerResult(tuple(problems), tuple(ids))


def _read(data: bytes, path: str) -> Located:
    from pmtasks.plan.yamlread import Located, decode, read_yaml

    text, problem = decode(data, path)
    if text is None:
        return Located(problems=[problem] if problem else [])
    return read_yaml(text, path)


def _loc(located: Located, path: str, at: tuple[str | int, ...], key: bool = False) -> Loc:
    return Loc(path, *located.where(at, key=key))


def _source_problems(located: Located, path: str) -> list[Problem]:
    data = located.data
    if not isinstance(data, dict):
        return []
    given = [k for k in ("meeting", "inspection") if k in data]
    if len(given) == 1:
        return []
    where = _loc(located, path, (given[1],), key=True) if given else Loc(path, 1, 1)
    message = (
        _("a ledger file records one source; it has both `meeting` and `inspection`")
        if given
        else _("a ledger file needs its source: `meeting:` or `inspection:`")
    )
    hint = _("keep one: the meeting's or the inspection's name")
    return [Problem(where.path, where.line, where.col, message, hint)]


def _raw_ids(located: Located, path: str) -> list[tuple[str, Loc]]:
    """The IDs written in the file, valid or not, so duplicates are found in an invalid file too."""
    items = located.data.get("items") if isinstance(located.data, dict) else None
    if not isinstance(items, list):
        return []
    return [
        (raw["id"], _loc(located, path, ("items", i)))
        for i, raw in enumerate(items)
        if isinstance(raw, dict) and isinstance(raw.get("id"), str)
    ]


def _duplicates(ids: Iterable[tuple[str, Loc]], tasks: Mapping[str, Loc]) -> list[Problem]:
    problems = []
    seen: dict[str, Loc] = {}
    for item_id, loc in ids:
        key = item_id.casefold()
        if key in tasks:
            message = _("item ID {id} is already a task ID, at {place}").format(id=item_id, place=tasks[key])
        elif key in seen:
            message = _("duplicate item ID {id}; it is already used at {place}").format(id=item_id, place=seen[key])
        else:
            seen[key] = loc
            continue
        hint = _("IDs are unique across the plan, tasks and ledger items alike; give this item a new ID")
        problems.append(Problem(loc.path, loc.line, loc.col, message, hint))
    return problems


def _ledger(spec: LedgerFile, located: Located, path: str) -> Ledger:
    from pmtasks.ledger.model import Ledger, Source

    kind, name = ("meeting", spec.meeting) if spec.meeting is not None else ("inspection", spec.inspection)
    source = Source(kind, str(name), spec.date, path, spec.code)
    items = tuple(_item(s, source, located, path, ("items", i)) for i, s in enumerate(spec.items))
    return Ledger(source, items)


def _item(s: ItemSpec, source: Source, located: Located, path: str, at: tuple[str | int, ...]) -> Item:
    from pmtasks.ledger.model import Item, ItemLog, ItemStatus, Kind
    from pmtasks.ledger.schema import FIELDS

    keys = tuple(
        (name, Loc(path, *located.keys[at + (name,)])) for name in FIELDS["item"] if at + (name,) in located.keys
    )
    log = tuple(ItemLog(e.date, ItemStatus(e.status) if e.status else None, e.note, e.author) for e in s.log)
    return Item(
        id=s.id,
        kind=Kind(s.kind),
        title=s.title,
        owner=s.owner,
        due=s.due,
        acceptance=s.acceptance,
        source=source,
        loc=_loc(located, path, at),
        status=ItemStatus(s.status),
        measures=s.measures,
        tasks=tuple(s.tasks),
        evidence=tuple(s.evidence),
        verified_by=s.verified_by,
        verified_on=s.verified_on,
        log=log,
        field_locs=keys,
    )


def _item_problems(item: Item) -> list[Problem]:
    """What the schema cannot see: the verification keys go together, and with a finished item."""
    from pmtasks.ledger.model import ItemStatus

    out: list[tuple[Loc, str, str]] = []
    if (item.verified_by is None) != (item.verified_on is None):
        have, lack = ("verified_by", "verified_on") if item.verified_by else ("verified_on", "verified_by")
        out.append(
            (
                item.at(have),
                _("{id} has `{have}` but no `{lack}`").format(id=item.id, have=have, lack=lack),
                _("add `{lack}:`, or remove `{have}`").format(have=have, lack=lack),
            )
        )
    if item.status is ItemStatus.VERIFIED and item.verified_by is None:
        out.append(
            (
                item.at("status"),
                _("{id} is verified but does not say by whom").format(id=item.id),
                _("add `verified_by:` and `verified_on:`, or set status: done until someone verifies it"),
            )
        )
    if item.verified_by is not None and item.status not in (ItemStatus.DONE, ItemStatus.VERIFIED):
        out.append(
            (
                item.at("verified_by"),
                _("{id} is {status} but has `verified_by`").format(id=item.id, status=item.status.value),
                _("only a done item is verified; set status: done, or remove `verified_by` and `verified_on`"),
            )
        )
    if item.verified_on is not None and item.verified_on < item.source.date:
        out.append(
            (
                item.at("verified_on"),
                _("{id} is verified on {day}, before its source's date {source}").format(
                    id=item.id, day=item.verified_on, source=item.source.date
                ),
                _("check the date"),
            )
        )
    return [Problem(loc.path, loc.line, loc.col, message, hint) for loc, message, hint in out]
