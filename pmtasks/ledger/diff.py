"""What changed in the ledgers between two revisions: items added, closed, verified, removed.

Pure: two :class:`Book` values in, a :class:`LedgerDiff` out. Items are matched by ID, in any
case, across files, like tasks.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmtasks.ledger.model import Book, Item, State
from pmtasks.query import natural_key


@dataclass(frozen=True)
class LedgerDiff:
    added: tuple[Item, ...] = ()
    removed: tuple[Item, ...] = ()
    closed: tuple[tuple[Item, Item], ...] = ()  # (old, new): from open or doing to done, verified or dropped
    verified: tuple[Item, ...] = ()  # newly signed off (the new side's item)
    reopened: tuple[tuple[Item, Item], ...] = ()  # from closed back to open or doing

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.closed or self.verified or self.reopened)

    def summary(self) -> str:
        """``Ledgers: +1 item, 2 closed, 1 verified``; empty when nothing changed."""
        parts = []
        if self.added:
            parts.append(f"+{len(self.added)} item" + ("s" if len(self.added) != 1 else ""))
        if self.removed:
            parts.append(f"−{len(self.removed)}")
        for name, group in (("closed", self.closed), ("verified", self.verified), ("reopened", self.reopened)):
            if group:
                parts.append(f"{len(group)} {name}")
        return "Ledgers: " + ", ".join(parts) if parts else ""


def _by_id(book: Book | None) -> dict[str, Item]:
    return {i.id.casefold(): i for i in book.items} if book else {}


def _ordered(items: dict[str, Item]) -> list[Item]:
    return sorted(items.values(), key=lambda i: natural_key(i.id))


def compare_books(old: Book | None, new: Book | None) -> LedgerDiff:
    before, after = _by_id(old), _by_id(new)
    added = tuple(i for i in _ordered(after) if i.id.casefold() not in before)
    removed = tuple(i for i in _ordered(before) if i.id.casefold() not in after)
    both = [(before[i.id.casefold()], i) for i in _ordered(after) if i.id.casefold() in before]
    closed = tuple((a, b) for a, b in both if not a.state.closed and b.state.closed)
    verified = tuple(b for a, b in both if a.state is not State.VERIFIED and b.state is State.VERIFIED)
    reopened = tuple((a, b) for a, b in both if a.state.closed and not b.state.closed)
    return LedgerDiff(added, removed, closed, verified, reopened)
