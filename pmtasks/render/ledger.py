"""Ledger items as Rich renderables (the list, one item, the status lines) and as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pmtasks.ledger.model import Item, State
from pmtasks.ledger.query import LedgerCounts, all_linked_done, linked_tasks
from pmtasks.plan.model import Plan
from pmtasks.render.console import safe
from pmtasks.render.data import dumps
from pmtasks.render.tasks import STATUS_STYLE, log_line
from pmtasks.text import cell_width, clean, truncate

_LABELS = len("acceptance") + 2  # the width of the label column and its padding

STATE_STYLE = {
    State.OPEN: "",
    State.DOING: "cyan",
    State.DONE: "yellow",
    State.VERIFIED: "green",
    State.DROPPED: "dim",
}


def _due_cell(item: Item, as_of: date) -> Text:
    return Text(f"{item.due}!", style="red") if item.overdue(as_of) else Text(f"{item.due} ")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def item_table(items: Sequence[Item], as_of: date) -> RenderableType:
    if not items:
        return Text("No ledger items match.")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column("ID", no_wrap=True)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Owner", no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column("Title", no_wrap=True, overflow="ellipsis", ratio=1)
    for item in items:
        table.add_row(
            safe(item.id),
            item.kind.label,
            Text(item.state.value, style=STATE_STYLE[item.state]),
            _due_cell(item, as_of),
            safe(item.owner),
            safe(item.title),
        )
    late = sum(i.overdue(as_of) for i in items)
    awaiting = sum(i.state is State.DONE for i in items)
    parts = [_plural(len(items), "item")]
    if late:
        parts.append(f"{late} overdue (!)")
    if awaiting:
        parts.append(f"{awaiting} awaiting verification")
    return Group(table, Text(", ".join(parts)))


def _state(item: Item, as_of: date) -> Text:
    text = Text(item.state.value, style=STATE_STYLE[item.state])
    if item.overdue(as_of):
        text.append(f"  overdue by {(as_of - item.due).days} days", style="red")
    elif item.state is State.DONE:
        text.append("  awaiting verification (待销号)", style="yellow")
    return text


def _tasks(plan: Plan, item: Item, width: int) -> Text:
    """One line per linked task, its title cut with … to fit ``width`` columns."""
    if not item.tasks:
        return Text("—")
    text = Text()
    for n, (task_id, task) in enumerate(linked_tasks(plan, item)):
        if n:
            text.append("\n")
        text.append_text(safe(task_id))
        if task is None:
            text.append("  not in the plan", style="red")
        else:
            state = f"  {task.status.value} {task.progress}%  "
            text.append(state, style=STATUS_STYLE[task.status])
            room = max(10, width - _LABELS - cell_width(clean(task_id) + state))
            text.append_text(safe(truncate(clean(task.title), room)))
    if all_linked_done(plan, item) and not item.state.closed:
        text.append(
            "\nall linked tasks are done; the item itself closes with `ledger done` and evidence", style="green"
        )
    return text


def item_view(plan: Plan, item: Item, as_of: date, width: int = 100) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    verified = f"{item.verified_by} on {item.verified_on}" if item.verified_by else None
    rows: list[tuple[str, RenderableType]] = [
        ("title", safe(item.title)),
        ("kind", Text(f"{item.kind.value} ({item.kind.label})")),
        ("source", Text(f"{item.source.kind} ").append_text(safe(item.source.label))),
        ("status", _state(item, as_of)),
        ("owner", safe(item.owner)),
        ("due", Text(str(item.due))),
        ("acceptance", safe(item.acceptance)),
        ("measures", safe(item.measures)),
        ("tasks", _tasks(plan, item, width)),
        ("evidence", safe("\n".join(item.evidence)) if item.evidence else Text("—")),
        ("verified", safe(verified)),
        ("file", safe(str(item.loc))),
    ]
    for name, value in rows:
        grid.add_row(name, value)
    parts: list[RenderableType] = [safe(item.id, style="bold"), grid, Text("log", style="bold")]
    if not item.log:
        parts.append(Text("  (no entries yet)"))
    for entry in item.log:
        changes = [f"status {entry.status.value}"] if entry.status else []
        parts.append(log_line(Text(f"  {entry.date}  "), changes, entry.note, entry.author))
    return Group(*parts)


def counts_line(c: LedgerCounts) -> Text:
    """``Ledgers: 5 items · 3 open · 1 overdue · 1 awaiting verification · 1 verified``."""
    text = Text("Ledgers: ", style="bold")
    text.append(f"{_plural(c.total, 'item')} · {c.open} open · ")
    text.append(f"{c.overdue} overdue", style="red" if c.overdue else "")
    text.append(" · ")
    text.append(f"{c.awaiting} awaiting verification", style="yellow" if c.awaiting else "")
    text.append(f" · {c.verified} verified")
    return text


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
