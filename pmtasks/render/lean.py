"""The task table as plain lines, fast: the same characters Rich draws, without Rich's layout engine.

Rich measures and renders every cell as a renderable; for thousands of rows that is seconds.
When the output has no colour (not a terminal, or a file), the table of
:func:`pmtasks.render.tasks.task_table` is drawn here directly, line by line. The widths follow
Rich's own rules for that table (fixed columns at their widest cell, the title taking the rest);
when the terminal is too narrow for those rules :func:`task_lines` returns None and the caller
lets Rich lay the table out. Tests compare both ways on random tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.cells import cell_len

from pmtasks.i18n import _
from pmtasks.plan.model import Task
from pmtasks.query import overdue
from pmtasks.render.glyphs import glyph
from pmtasks.render.tasks import status_name
from pmtasks.text import clean

OWNER_MAX = 16
# The padding of each column as Rich applies it to this table: (left, right), no pad at the edges.
PADS = ((0, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 0))
TITLE_MIN = 2  # Rich's minimum for the flexible column, padding included


def _cells(task: Task, as_of: date) -> tuple[str, str, str, str, str, str]:
    due = f"{task.due}!" if overdue(task, as_of) else f"{task.due} "
    return (_safe(task.id), status_name(task.status), str(task.progress), due, _safe(task.owner), _safe(task.title))


def _safe(value: str | None) -> str:
    """What :func:`pmtasks.render.console.safe` shows for ``value``."""
    return clean(value) if value else glyph("—")


def _fits(cell: str, width: int) -> str:
    """A left-aligned, ellipsis-cut cell exactly ``width`` cells wide (Text.truncate as console patches it)."""
    length = cell_len(cell)
    if length > width:
        mark = glyph("…")
        if width < cell_len(mark):
            return mark[:width]
        room, used, kept = width - cell_len(mark), 0, []
        for ch in cell:
            used += cell_len(ch)
            if used > room:
                break
            kept.append(ch)
        cell = "".join(kept) + mark
        length = cell_len(cell)
    return cell + " " * (width - length) if length < width else cell


def task_lines(tasks: Sequence[Task], as_of: date, width: int) -> list[str] | None:
    """The lines of the task table ``width`` cells wide, or None if Rich must lay it out."""
    headers = ("ID", _("Status"), "%", _("Due"), _("Owner"), _("Title"))
    rows = [_cells(t, as_of) for t in tasks]
    if any(len(cell.splitlines()) > 1 for row in rows for cell in (row[0], row[4], row[5])):
        return None  # a line separator would make a taller row; leave it to Rich
    widths = [max(cell_len(h), *(cell_len(r[i]) for r in rows)) for i, h in enumerate(headers[:5])]
    widths[4] = min(widths[4], OWNER_MAX)
    inner = width - (2 + len(headers) - 1)  # the two edges and the separators
    fixed = sum(w + sum(PADS[i]) for i, w in enumerate(widths))
    title = inner - fixed
    if title < TITLE_MIN or any(w + sum(PADS[i]) > inner for i, w in enumerate(widths)):
        return None
    widths.append(title - sum(PADS[5]))
    blank = " " * width
    rule = " " + "─" * (width - 2) + " "
    lines = [blank, _line(headers, widths), rule]
    lines.extend(_line(row, widths) for row in rows)
    lines.append(blank)
    late = sum(r[3].endswith("!") for r in rows)
    count = len(rows)
    label = _("{count} task") if count == 1 else _("{count} tasks")
    lines.append(label.format(count=count) + (_(", {late} overdue (!)").format(late=late) if late else ""))
    return lines


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    parts = []
    for index, (cell, size) in enumerate(zip(cells, widths, strict=True)):
        left, right = PADS[index]
        text = cell.rstrip() if index == 2 else cell
        body = _fits(text, size) if index != 2 else " " * (size - cell_len(text)) + text
        parts.append(" " * left + body + " " * right)
    return " " + " ".join(parts) + " "
