"""What each ledger command changes in an item, and the check that an edit did exactly that.

Pure: items in, :class:`ItemChange` values out. :mod:`pmtasks.write.ledger` splices them into the
files and writes them, and :mod:`pmtasks.git.evidence` checks that commits and paths given as
evidence exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from pmtasks.errors import PmtasksError
from pmtasks.i18n import _
from pmtasks.ledger.model import Book, Item, ItemLog, ItemStatus, Kind, State, state_name
from pmtasks.plan.model import Loc

Value = str | int | date  # a value written into a ledger file
_NOWHERE = Loc("", 0, 0)
_COMMIT = re.compile(r"^[0-9a-fA-F]{7,40}$")
_URL = re.compile(r"^https?://\S+$")
DEFAULT_PREFIX = {Kind.DECISION: "JY", Kind.RECTIFICATION: "ZG"}  # 决议, 整改


class LedgerRefused(PmtasksError):
    """The command does not make sense for this item, or its input is not acceptable."""


def evidence_kind(text: str) -> str:
    """``url`` (http or https), ``commit`` (7 to 40 hex digits) or ``path`` (in the repository)."""
    if _URL.match(text):
        return "url"
    if _COMMIT.match(text):
        return "commit"
    return "path"


@dataclass(frozen=True)
class ItemChange:
    """New values of one item (keys in file order), evidence to add, and the log entry, if any."""

    item_id: str
    summary: str
    values: tuple[tuple[str, Value], ...] = ()
    evidence: tuple[str, ...] = ()
    entry: ItemLog | None = None


def progress(item: Item, day: date, note: str, author: str | None) -> ItemChange:
    """A progress note; an open item becomes doing."""
    _not_closed(item, "progress")
    status = ItemStatus.DOING if item.status is ItemStatus.OPEN else None
    values: tuple[tuple[str, Value], ...] = (("status", status.value),) if status else ()
    said = (
        _("{id} {old} → {new}, note added").format(id=item.id, old=state_name(item.status), new=state_name(status))
        if status
        else _("{id} note added").format(id=item.id)
    )
    return ItemChange(item.id, said, values, (), ItemLog(day, status, note, author))


def done(item: Item, day: date, evidence: Sequence[str], note: str | None, author: str | None) -> ItemChange:
    """Status done, the evidence added to the item's list, and a log entry."""
    if not evidence:
        raise LedgerRefused(_("{id}: give the evidence that it is done").format(id=item.id), "evidence")
    _not_closed(item, "done")
    new = tuple(e for e in dict.fromkeys(evidence) if e not in item.evidence)
    entry = ItemLog(day, ItemStatus.DONE, note, author)
    kinds = ", ".join(evidence_kind(e) for e in evidence)
    said = _("{id} {old} → {new} (evidence: {kinds})").format(
        id=item.id, old=state_name(item.status), new=state_name(ItemStatus.DONE), kinds=kinds
    )
    return ItemChange(item.id, said, (("status", "done"),), new, entry)


def verify(item: Item, day: date, verifier: str | None) -> ItemChange:
    """``verified_by`` and ``verified_on``, nothing else; never by the item's owner."""
    if verifier is None:
        raise LedgerRefused(_("no one is named as the verifier"), "verifier")
    if same_person(verifier, item.owner):
        raise LedgerRefused(
            _(
                "{id} is owned by {owner}; the owner cannot verify (销号) their own item. "
                "Someone else runs `pmtasks ledger verify`; nothing was written"
            ).format(id=item.id, owner=item.owner)
        )
    if item.state is State.VERIFIED:
        raise LedgerRefused(
            _("{id} is already verified by {who} on {day}").format(
                id=item.id, who=item.verified_by, day=item.verified_on
            )
        )
    if item.state is not State.DONE:
        raise LedgerRefused(
            _(
                "{id} is {state}; only a done item can be verified (`pmtasks ledger done {id} --evidence …` first)"
            ).format(id=item.id, state=state_name(item.state))
        )
    said = _("{id} verified by {who} on {day}").format(id=item.id, who=verifier, day=day)
    return ItemChange(item.id, said, (("verified_by", verifier), ("verified_on", day)))


def same_person(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _not_closed(item: Item, command: str) -> None:
    if item.state.closed:
        raise LedgerRefused(
            _("{id} is {state}; `{command}` is for open and doing items").format(
                id=item.id, state=state_name(item.state), command=command
            )
        )


@dataclass(frozen=True)
class NewItem:
    """What ``ledger add`` was given."""

    kind: Kind
    title: str
    owner: str
    due: date
    acceptance: str
    day: date
    author: str | None = None
    measures: str | None = None
    tasks: tuple[str, ...] = ()

    def pairs(self, item_id: str) -> list[tuple[str, Value | tuple[str, ...]]]:
        pairs: list[tuple[str, Value | tuple[str, ...]]] = [
            ("id", item_id),
            ("kind", self.kind.value),
            ("title", self.title),
            ("owner", self.owner),
            ("due", self.due),
            ("acceptance", self.acceptance),
        ]
        if self.measures:
            pairs.append(("measures", self.measures))
        if self.tasks:
            pairs.append(("tasks", self.tasks))
        pairs.append(("status", "open"))
        return pairs

    def log_entry(self) -> tuple[tuple[str, Value], ...]:
        author: tuple[tuple[str, Value], ...] = (("author", self.author),) if self.author else ()
        return (("date", self.day), ("status", "open"), *author)


def next_id(prefix: str, taken: Iterable[str]) -> str:
    """``PREFIX-N`` with N one more than the highest number already used with that prefix."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$", re.IGNORECASE)
    numbers = [int(m.group(1)) for t in taken if (m := pattern.match(t))]
    return f"{prefix}-{max(numbers, default=0) + 1}"


def bare(item: Item) -> Item:
    """The item without its places in the file, for comparing what two versions say."""
    return replace(item, loc=_NOWHERE, field_locs=(), source=replace(item.source, path=""))


def expected(item: Item, change: ItemChange) -> Item:
    """``item`` as it must read back after ``change`` is written."""
    values = dict(change.values)
    status = ItemStatus(str(values["status"])) if "status" in values else item.status
    by = values.get("verified_by")
    on = values.get("verified_on")
    return replace(
        item,
        status=status,
        evidence=item.evidence + change.evidence,
        verified_by=str(by) if by is not None else item.verified_by,
        verified_on=on if isinstance(on, date) else item.verified_on,
        log=item.log + ((change.entry,) if change.entry else ()),
    )


def reads_back(before: Book, after: Book, wanted: dict[str, Item]) -> bool:
    """True when ``after`` is ``before`` with exactly the items in ``wanted`` changed or added."""
    old = [bare(wanted.pop(i.id, i)) for i in before.items]
    new = [bare(i) for i in after.items]
    extra = [bare(i) for i in wanted.values()]
    return sorted(map(repr, old + extra)) == sorted(map(repr, new))
