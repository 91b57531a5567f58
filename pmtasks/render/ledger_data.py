"""Decision lists and rectification ledgers as JSON: plain records, without Rich."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pmtasks.ledger.model import Item
from pmtasks.ledger.query import LedgerCounts
from pmtasks.render.data import dumps


def item_record(item: Item, as_of: date) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "title": item.title,
        "owner": item.owner,
        "due": item.due.isoformat(),
        "acceptance": item.acceptance,
        "measures": item.measures,
        "tasks": list(item.tasks),
        "status": item.status.value,
        "state": item.state.value,
        "overdue": item.overdue(as_of),
        "evidence": list(item.evidence),
        "verified_by": item.verified_by,
        "verified_on": item.verified_on.isoformat() if item.verified_on else None,
        "source": {"kind": item.source.kind, "name": item.source.name, "date": item.source.date.isoformat()},
        "log": [
            {
                "date": e.date.isoformat(),
                "status": e.status.value if e.status else None,
                "note": e.note,
                "author": e.author,
            }
            for e in item.log
        ],
        "file": item.loc.path,
        "file_line": item.loc.line,
    }


def items_json(items: Sequence[Item], as_of: date) -> str:
    return dumps({"as_of": as_of.isoformat(), "items": [item_record(i, as_of) for i in items]})


def counts_record(c: LedgerCounts) -> dict[str, int]:
    return {
        "items": c.total,
        "open": c.open,
        "overdue": c.overdue,
        "awaiting_verification": c.awaiting,
        "verified": c.verified,
    }
