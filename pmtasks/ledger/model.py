"""Ledger items as the rest of pmtasks sees them: plain, immutable values with their places.

Built by :mod:`pmtasks.ledger.load` once the files are valid; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from pmtasks.i18n import N_, _
from pmtasks.plan.model import Loc


class Kind(StrEnum):
    DECISION = "decision"  # 决议
    RECTIFICATION = "rectification"  # 整改

    @property
    def label(self) -> str:
        return "决议" if self is Kind.DECISION else "整改"


class ItemStatus(StrEnum):
    OPEN = "open"
    DOING = "doing"
    DONE = "done"
    VERIFIED = "verified"
    DROPPED = "dropped"


class State(StrEnum):
    """Where an item stands: its status, except that a done item with a verifier is verified."""

    OPEN = "open"
    DOING = "doing"
    DONE = "done"  # done, awaiting verification (待销号)
    VERIFIED = "verified"  # signed off (已销号)
    DROPPED = "dropped"

    @property
    def closed(self) -> bool:
        """Done, verified and dropped items can no longer be late."""
        return self in (State.DONE, State.VERIFIED, State.DROPPED)


# Where a ledger item stands, as people read it (the files and machine formats keep ``open``, ``done`` …).
STATE_NAMES = {
    State.OPEN: N_("open"),
    State.DOING: N_("doing"),
    State.DONE: N_("done"),
    State.VERIFIED: N_("verified"),
    State.DROPPED: N_("dropped"),
}


def state_name(state: State | ItemStatus) -> str:
    """An item's state (or a log entry's status) in the language in use."""
    return _(STATE_NAMES[State(state.value)])


@dataclass(frozen=True)
class Source:
    """What a ledger file records: a meeting (会议) or an inspection (检查), on a date."""

    kind: str  # meeting | inspection
    name: str
    date: date
    path: str
    code: str | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.date})"


@dataclass(frozen=True)
class ItemLog:
    date: date
    status: ItemStatus | None = None
    note: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Item:
    """One decision (决议) or rectification (整改) with owner, deadline and acceptance standard."""

    id: str
    kind: Kind
    title: str
    owner: str
    due: date
    acceptance: str
    source: Source
    loc: Loc
    status: ItemStatus = ItemStatus.OPEN
    measures: str | None = None
    tasks: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    verified_by: str | None = None
    verified_on: date | None = None
    log: tuple[ItemLog, ...] = ()
    field_locs: tuple[tuple[str, Loc], ...] = ()

    def at(self, name: str) -> Loc:
        """Where the item's ``name`` key stands in its file; the item itself when it has none."""
        return dict(self.field_locs).get(name, self.loc)

    @property
    def state(self) -> State:
        if self.status is ItemStatus.VERIFIED or (self.status is ItemStatus.DONE and self.verified_by):
            return State.VERIFIED
        return State(self.status.value)

    def overdue(self, as_of: date) -> bool:
        """Open or doing, and the due date has passed."""
        return not self.state.closed and as_of > self.due

    def done_on(self) -> date | None:
        """The date of the last log entry that marked the item done, if any."""
        return next((e.date for e in reversed(self.log) if e.status is ItemStatus.DONE), None)


@dataclass(frozen=True)
class Ledger:
    """One ledger file: its source and its items."""

    source: Source
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Book:
    """Every ledger of a plan, in file-name order."""

    ledgers: tuple[Ledger, ...] = ()

    @property
    def items(self) -> Iterator[Item]:
        for ledger in self.ledgers:
            yield from ledger.items

    def find(self, item_id: str) -> Item | None:
        wanted = item_id.strip().casefold()
        return next((i for i in self.items if i.id.casefold() == wanted), None)
