"""Ledger items as Rich renderables (the list, one item, the status lines) and as JSON."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pmtasks.i18n import C_, N_, _
from pmtasks.ledger.model import Item, Kind, State, state_name
from pmtasks.ledger.query import LedgerCounts, all_linked_done, linked_tasks
from pmtasks.plan.model import Plan
from pmtasks.render.console import safe
from pmtasks.render.tasks import STATUS_STYLE, log_line
from pmtasks.render.words import counted, status_name
from pmtasks.text import cell_width, clean, truncate

KIND_NAMES = {Kind.DECISION: N_("decision (决议)"), Kind.RECTIFICATION: N_("rectification (整改)")}
SOURCE_NAMES = {"meeting": N_("meeting"), "inspection": N_("inspection")}

STATE_STYLE = {
    State.OPEN: "",
    State.DOING: "cyan",
    State.DONE: "yellow",
    State.VERIFIED: "green",
    State.DROPPED: "dim",
}


def _due_cell(item: Item, as_of: date) -> Text:
    return Text(f"{item.due}!", style="red") if item.overdue(as_of) else Text(f"{item.due} ")


def _items(count: int) -> str:
    return counted(count, N_("{count} item"), N_("{count} items"))


def item_table(items: Sequence[Item], as_of: date) -> RenderableType:
    if not items:
        return Text(_("No ledger items match."))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column(_("ID"), no_wrap=True)
    table.add_column(_("Kind"), no_wrap=True)
    table.add_column(_("Status"), no_wrap=True)
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("Owner"), no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column(C_("ledger", "Title"), no_wrap=True, overflow="ellipsis", ratio=1)
    for item in items:
        table.add_row(
            safe(item.id),
            item.kind.label,
            Text(state_name(item.state), style=STATE_STYLE[item.state]),
            _due_cell(item, as_of),
            safe(item.owner),
            safe(item.title),
        )
    late = sum(i.overdue(as_of) for i in items)
    awaiting = sum(i.state is State.DONE for i in items)
    parts = [_items(len(items))]
    if late:
        parts.append(_("{count} overdue (!)").format(count=late))
    if awaiting:
        parts.append(_("{count} awaiting verification").format(count=awaiting))
    return Group(table, Text(_(", ").join(parts)))


def _state(item: Item, as_of: date) -> Text:
    text = Text(state_name(item.state), style=STATE_STYLE[item.state])
    if item.overdue(as_of):
        text.append("  " + _("overdue by {days} days").format(days=(as_of - item.due).days), style="red")
    elif item.state is State.DONE:
        text.append("  " + _("awaiting verification (待销号)"), style="yellow")
    return text


def _tasks(plan: Plan, item: Item, width: int, labels: int) -> Text:
    """One line per linked task, its title cut with … to fit ``width`` columns (``labels``: the
    cells the label column and its padding take)."""
    if not item.tasks:
        return Text("—")
    text = Text()
    for n, (task_id, task) in enumerate(linked_tasks(plan, item)):
        if n:
            text.append("\n")
        text.append_text(safe(task_id))
        if task is None:
            text.append("  " + _("not in the plan"), style="red")
        else:
            state = f"  {status_name(task.status)} {task.progress}%  "
            text.append(state, style=STATUS_STYLE[task.status])
            room = max(10, width - labels - cell_width(clean(task_id) + state))
            text.append_text(safe(truncate(clean(task.title), room)))
    if all_linked_done(plan, item) and not item.state.closed:
        done = _("all linked tasks are done; the item itself closes with `ledger done` and evidence")
        text.append("\n" + done, style="green")
    return text


def item_view(plan: Plan, item: Item, as_of: date, width: int = 100) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    verified = _("{who} on {day}").format(who=item.verified_by, day=item.verified_on) if item.verified_by else None
    source = _(SOURCE_NAMES[item.source.kind]) if item.source.kind in SOURCE_NAMES else item.source.kind
    labels = [
        C_("ledger", "title"),
        _("kind"),
        _("source"),
        _("status"),
        _("owner"),
        _("due"),
        _("acceptance"),
        _("measures"),
        _("tasks"),
        _("evidence"),
        C_("ledger", "verified"),  # 销号, the sign-off (the state is 已销号)
        _("file"),
    ]
    room = max(cell_width(label) for label in labels) + 2  # the label column and its padding
    values: list[RenderableType] = [
        safe(item.title),
        Text(_(KIND_NAMES[item.kind])),
        Text(f"{source} ").append_text(safe(item.source.label)),
        _state(item, as_of),
        safe(item.owner),
        Text(str(item.due)),
        safe(item.acceptance),
        safe(item.measures),
        _tasks(plan, item, width, room),
        safe("\n".join(item.evidence)) if item.evidence else Text("—"),
        safe(verified),
        safe(str(item.loc)),
    ]
    for label, value in zip(labels, values, strict=True):
        grid.add_row(label, value)
    parts: list[RenderableType] = [safe(item.id, style="bold"), grid, Text(_("log"), style="bold")]
    if not item.log:
        parts.append(Text("  " + _("(no entries yet)")))
    for entry in item.log:
        changes = [f"{_('status')} {state_name(entry.status)}"] if entry.status else []
        parts.append(log_line(Text(f"  {entry.date}  "), changes, entry.note, entry.author))
    return Group(*parts)


def counts_line(c: LedgerCounts) -> Text:
    """``Ledgers: 5 items · 3 open · 1 overdue · 1 awaiting verification · 1 verified``."""
    text = Text(_("Ledgers: "), style="bold")
    text.append(f"{_items(c.total)} · " + _("{count} open").format(count=c.open) + " · ")
    text.append(_("{count} overdue").format(count=c.overdue), style="red" if c.overdue else "")
    text.append(" · ")
    awaiting = _("{count} awaiting verification").format(count=c.awaiting)
    text.append(awaiting, style="yellow" if c.awaiting else "")
    text.append(" · " + _("{count} verified").format(count=c.verified))
    return text
