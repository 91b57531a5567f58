"""Questions asked of the ledgers at a date: which items match, what is overdue or awaiting sign-off."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pmtasks.errors import UsageError
from pmtasks.ledger.model import Book, Item, Kind, State
from pmtasks.plan.model import Plan, Status, Task

STATES = tuple(s.value for s in State)


@dataclass(frozen=True)
class ItemFilter:
    """The filters of ``ledger list``; empty fields match everything."""

    as_of: date
    kinds: tuple[Kind, ...] = ()
    states: tuple[State, ...] = ()
    owners: tuple[str, ...] = ()
    overdue: bool = False

    def matches(self, item: Item) -> bool:
        return (
            (not self.kinds or item.kind in self.kinds)
            and (not self.states or item.state in self.states)
            and (not self.owners or item.owner.casefold() in {o.casefold() for o in self.owners})
            and (not self.overdue or item.overdue(self.as_of))
        )

    def select(self, book: Book) -> list[Item]:
        return [i for i in book.items if self.matches(i)]


def parse_kind(text: str) -> Kind:
    value = text.strip().lower()
    aliases = {"决议": "decision", "整改": "rectification"}
    try:
        return Kind(aliases.get(value, value))
    except ValueError:
        raise UsageError(f"{text!r}: use decision or rectification", "kind") from None


def parse_state(text: str) -> State:
    try:
        return State(text.strip().lower())
    except ValueError:
        raise UsageError(f"{text!r}: use one of {', '.join(STATES)}", "status") from None


@dataclass(frozen=True)
class LedgerCounts:
    """What ``status`` shows about the ledgers."""

    total: int
    open: int  # open or doing
    overdue: int
    awaiting: int  # done, not yet verified (待销号)
    verified: int


def counts(items: Iterable[Item], as_of: date) -> LedgerCounts:
    items = list(items)
    return LedgerCounts(
        total=len(items),
        open=sum(i.state in (State.OPEN, State.DOING) for i in items),
        overdue=sum(i.overdue(as_of) for i in items),
        awaiting=sum(i.state is State.DONE for i in items),
        verified=sum(i.state is State.VERIFIED for i in items),
    )


def book_counts(book: Book, as_of: date) -> LedgerCounts | None:
    """The counts ``status`` shows, or None when the plan has no ledger files."""
    return counts(book.items, as_of) if book.ledgers else None


def linked_tasks(plan: Plan, item: Item) -> list[tuple[str, Task | None]]:
    """Each linked task ID with its task (None when the plan has no such task)."""
    return [(task_id, plan.find(task_id)) for task_id in item.tasks]


def all_linked_done(plan: Plan, item: Item) -> bool:
    """True when the item links tasks and every one of them exists and is done."""
    linked = linked_tasks(plan, item)
    return bool(linked) and all(t is not None and t.status is Status.DONE for _, t in linked)
