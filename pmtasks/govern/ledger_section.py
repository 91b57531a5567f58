"""The report's ledger section (决议清单、整改台账): present only when the plan has ledger files.

Items are taken as their files record them now (like the budgets and KPI actuals); an item is
overdue when it is still open or doing after its due date at the window's end, and it was closed
in the window when its log's last closing entry (done, verified or dropped) is dated in it.
With ``--line`` or ``--owner`` the section keeps the items that link a task in scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pmtasks.govern.sections import Scope
from pmtasks.ledger.model import Book, Item, ItemStatus, State

CLOSING = (ItemStatus.DONE, ItemStatus.VERIFIED, ItemStatus.DROPPED)


@dataclass(frozen=True)
class LateItem:
    item: Item
    days_late: int


@dataclass(frozen=True)
class ClosedItem:
    item: Item
    on: date


@dataclass(frozen=True)
class LedgerSection:
    total: int
    open: tuple[Item, ...]  # open or doing
    overdue: tuple[LateItem, ...]  # most overdue first
    closed: tuple[ClosedItem, ...]  # closed in the window, by date
    awaiting: tuple[Item, ...]  # done, awaiting verification (待销号), by due date


def closed_on(item: Item) -> date | None:
    """The date of the log's last closing entry of a closed item; None when open or undated."""
    if not item.state.closed:
        return None
    return next((e.date for e in reversed(item.log) if e.status in CLOSING), None)


def ledger_section(scope: Scope, book: Book | None, narrowed: bool) -> LedgerSection | None:
    """The ledgers' figures for the report; None when the plan has no ledger files."""
    if book is None or not book.ledgers:
        return None
    kept = {t.id.casefold() for t in scope.tasks}
    items = [i for i in book.items if not narrowed or any(t.casefold() in kept for t in i.tasks)]
    late = [LateItem(i, (scope.day - i.due).days) for i in items if i.overdue(scope.day)]
    closed = [ClosedItem(i, d) for i in items if (d := closed_on(i)) is not None and d in scope.window]
    return LedgerSection(
        total=len(items),
        open=tuple(i for i in items if i.state in (State.OPEN, State.DOING)),
        overdue=tuple(sorted(late, key=lambda x: (-x.days_late, x.item.id))),
        closed=tuple(sorted(closed, key=lambda x: (x.on, x.item.id))),
        awaiting=tuple(sorted((i for i in items if i.state is State.DONE), key=lambda i: (i.due, i.id))),
    )
