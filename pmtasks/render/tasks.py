"""The status dashboard, the task table and the one-task view, as Rich renderables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pmtasks.i18n import _
from pmtasks.plan.model import Plan, Task
from pmtasks.query import Dashboard, Tally, due_soon, overdue
from pmtasks.render.console import bar, safe
from pmtasks.render.glyphs import glyph
from pmtasks.render.status_plain import COLOURS, NARROW_COLOURS, colour_parts, headers, layout, more_overdue
from pmtasks.render.status_plain import overdue_rows as overdue_rows  # where `status` imports it from
from pmtasks.render.task_plain import STATUS_STYLE as STATUS_STYLE  # where the renderers import it from
from pmtasks.render.task_plain import Piece, head_rows, log_changes, middle_rows, tail_rows
from pmtasks.render.words import status_name as status_name  # where the renderers import it from


def _colours(tally: Tally, narrow: bool) -> Text:
    """``红 6 · 黄 0 · 绿 4`` (``6/0/4`` when narrow), each count in its colour when it is not 0."""
    text = Text()
    for piece, style in colour_parts(tally, narrow):
        text.append(piece, style=style)
    return text


def _tally_row(
    table: Table, tally: Tally, bar_width: int, style: str = "", narrow: bool = False, colours: bool = True
) -> None:
    cells: list[RenderableType] = [
        safe(_("Overall") if tally.name is None else tally.name),
        str(tally.total),
        str(tally.done),
        str(tally.doing),
        str(tally.blocked),
        Text(str(tally.overdue), style="red" if tally.overdue else ""),
        Text(str(tally.due_soon), style="yellow" if tally.due_soon else ""),
    ]
    if colours:
        cells.append(_colours(tally, narrow))
    table.add_row(*cells, bar(tally.percent, bar_width), style=style)


def status_view(board: Dashboard, width: int = 100, limit: int | None = None, more: str = "") -> RenderableType:
    """The dashboard for a terminal ``width`` columns wide; the line names give way first.

    At most ``limit`` overdue tasks are listed (the most overdue first); then a line says how many
    more there are and that the command ``more`` lists them all.
    """
    head = Text()
    head.append_text(safe(board.title, style="bold"))
    head.append(f" {glyph('·')} " + _("as of {date}").format(date=board.as_of))
    line_header = _("Business line")
    narrow, bar_width, colours = layout(board, width)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0), expand=narrow)
    table.add_column(line_header, no_wrap=True, overflow="ellipsis", ratio=1 if narrow else None)
    for name in headers(board.soon_days, narrow):
        table.add_column(name, justify="right", no_wrap=True)
    if colours:
        table.add_column(NARROW_COLOURS if narrow else COLOURS, no_wrap=True)
    table.add_column(_("Complete"), no_wrap=True)
    for tally in board.lines:
        _tally_row(table, tally, bar_width, narrow=narrow, colours=colours)
    table.add_section()
    _tally_row(table, board.overall, bar_width, style="bold", narrow=narrow, colours=colours)
    parts: list[RenderableType] = [head, table]
    if board.overdue:
        parts.append(Text(_("Overdue ({count})").format(count=len(board.overdue)), style="bold red"))
        late = Table(box=None, show_header=False, pad_edge=False, expand=True)
        late.add_column(no_wrap=True)
        late.add_column(no_wrap=True, style="red")
        late.add_column(no_wrap=True, justify="right")
        late.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        shown = board.overdue if limit is None else board.overdue[:limit]
        for task in shown:
            days = (board.as_of - task.due).days
            late.add_row(
                safe(task.id),
                _("due {date}").format(date=task.due),
                _("{days}d late").format(days=days),
                safe(task.title),
            )
        parts.append(late)
        if len(shown) < len(board.overdue):
            parts += [Text(line) for line in more_overdue(len(board.overdue) - len(shown), more, width)]
    else:
        parts.append(Text(_("Nothing is overdue."), style="green"))
    return Group(*parts)


def _due_cell(task: Task, as_of: date, soon_days: int) -> Text:
    if overdue(task, as_of):
        return Text(f"{task.due}!", style="red")
    return Text(f"{task.due} ", style="yellow" if due_soon(task, as_of, soon_days) else "")


def task_table(tasks: Sequence[Task], as_of: date, soon_days: int) -> RenderableType:
    if not tasks:
        return Text(_("No tasks match."))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column("ID", no_wrap=True)
    table.add_column(_("Status"), no_wrap=True)
    table.add_column("%", justify="right", no_wrap=True)
    table.add_column(_("Due"), no_wrap=True)
    table.add_column(_("Owner"), no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column(_("Title"), no_wrap=True, overflow="ellipsis", ratio=1)
    for task in tasks:
        table.add_row(
            safe(task.id),
            Text(status_name(task.status), style=STATUS_STYLE[task.status]),
            str(task.progress),
            _due_cell(task, as_of, soon_days),
            safe(task.owner),
            safe(task.title),
        )
    late = sum(overdue(t, as_of) for t in tasks)
    count = _("{count} task") if len(tasks) == 1 else _("{count} tasks")
    footer = Text(count.format(count=len(tasks)) + (_(", {late} overdue (!)").format(late=late) if late else ""))
    return Group(table, footer)


def _pieces(pieces: list[Piece]) -> Text:
    text = Text()
    for piece, style in pieces:
        text.append(piece, style=style)
    return text


def task_view(plan: Plan, task: Task, as_of: date) -> RenderableType:
    from pmtasks.govern.kpi import kpi_state  # only `show` draws money and KPIs: the lists need neither
    from pmtasks.render.money import period_kpi_rows, task_money_rows

    block = plan.block_of(task)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    rows: list[tuple[str, RenderableType]] = [
        *((name, _pieces(value)) for name, value in head_rows(task, as_of)),
        *task_money_rows(task, plan.currency),
        *((name, _pieces(value)) for name, value in middle_rows(task, block.goal)),
        *period_kpi_rows(
            [
                kpi_state(k, None, (block.period.start, block.period.end), as_of, plan.check.kpi_threshold)
                for k in block.kpis
            ]
        ),
        *((name, _pieces(value)) for name, value in tail_rows(task, tuple(block.resources))),
    ]
    for name, value in rows:
        grid.add_row(_(name), value)
    parts: list[RenderableType] = [safe(task.id, style="bold"), grid, Text(_("log"), style="bold")]
    if not task.log:
        parts.append(Text("  " + _("(no entries yet)")))
    for entry in task.log:
        parts.append(log_line(Text(f"  {entry.date}  "), log_changes(entry, plan.currency), entry.note, entry.author))
    return Group(*parts)


def log_line(line: Text, changes: list[str], note: str | None, author: str | None) -> Text:
    """``line`` (the entry's date) with what changed, the note and ``— author``, all as plain text."""
    line.append_text(safe(", ".join(changes), empty=""))
    if note:
        line.append("  ")
        line.append_text(safe(note))
    if author:
        line.append(f"  {glyph('—')} ")
        line.append_text(safe(author))
    return line
