"""The `status` dashboard's layout, and its plain lines drawn without Rich's layout engine.

:func:`layout` decides, for both ways of drawing, whether the dashboard takes its narrow form.
:func:`status_lines` draws what :func:`pmtasks.render.tasks.status_view` draws when the output
has no colour, line by line, following Rich's rules for those two tables (columns at their widest
cell plus a one-cell pad, the flexible column taking the rest). Whenever Rich would do something
else (a line that would wrap, a table that does not fit, text with a line separator) it returns
None and the caller lets Rich draw. Tests compare both ways at many widths, in Chinese and ASCII.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from rich.cells import cell_len

from pmtasks.i18n import _
from pmtasks.query import Dashboard, Tally
from pmtasks.render.glyphs import BAR_WIDTH, glyph
from pmtasks.render.lean import fit_cell, plain_text, rich_width, single_line
from pmtasks.text import clean

MIN_OVERDUE_ROWS = 5
COLOURS = "红·黄·绿"
NARROW_COLOURS = "红黄绿"
COLOUR_CELL = len("红 10 · 黄 10 · 绿 10")  # cells the colour counts take at full width
COLOURS_MIN_WIDTH = 70  # below this the colour counts give way, so the line names are not cut


def headers(soon_days: int, narrow: bool) -> tuple[str, ...]:
    """The dashboard's count columns; the due-soon one names the plan's window."""
    le = glyph("≤")
    if narrow:
        return ("#", _("Done"), _("Doing"), _("Blkd"), _("Late"), f"{le}{soon_days}d")
    soon = _("Due{le}{days}d").format(le=le, days=soon_days)
    return (_("Tasks"), _("Done"), _("Doing"), _("Blocked"), _("Overdue"), soon)


def colour_parts(tally: Tally, narrow: bool) -> list[tuple[str, str]]:
    """``红 6 · 黄 0 · 绿 4`` (``6/0/4`` when narrow) as (text, style) pieces; a count's style is its
    colour when it is not 0."""
    parts: list[tuple[str, str]] = []
    for i, (word, count, style) in enumerate(
        (("红", tally.red, "red"), ("黄", tally.yellow, "yellow"), ("绿", tally.green, "green"))
    ):
        parts.append((("/" if narrow else f" {glyph('·')} ") if i else "", ""))
        parts.append((str(count) if narrow else f"{word} {count}", style if count else "dim"))
    return parts


def _colours_plain(tally: Tally, narrow: bool) -> str:
    return "".join(text for text, _style in colour_parts(tally, narrow))


def overdue_rows(board: Dashboard, height: int) -> int:
    """How many overdue tasks fit on a ``height``-line screen under the dashboard's table."""
    return max(MIN_OVERDUE_ROWS, height - (len(board.lines) + 8))


def _counts(tally: Tally) -> tuple[int, ...]:
    return (tally.total, tally.done, tally.doing, tally.blocked, tally.overdue, tally.due_soon)


def _names_width(board: Dashboard) -> int:
    return max(
        cell_len(_("Business line")), cell_len(_("Overall")), *(cell_len(clean(t.name or "")) for t in board.lines)
    )


def _wide_width(board: Dashboard, names: int, wide: Sequence[str]) -> int:
    """The cells the full-width table takes: each column as wide as its widest cell, a pad and a
    separator between columns (none at the edges)."""
    tallies = (*board.lines, board.overall)
    values = zip(*(_counts(t) for t in tallies), strict=True)
    counts = [
        max(cell_len(header), *(len(str(n)) for n in column)) for header, column in zip(wide, values, strict=True)
    ]
    colours = max(cell_len(COLOURS), *(cell_len(_colours_plain(t, narrow=False)) for t in tallies))
    complete = max(cell_len(_("Complete")), len("100% ") + BAR_WIDTH)
    columns = [names, *counts, colours, complete]
    return sum(columns) + 2 * (len(columns) - 1)


class Layout(NamedTuple):
    narrow: bool  # short headers, the names column taking the rest of the width
    bar_width: int
    colours: bool  # whether the colour counts are shown


def layout(board: Dashboard, width: int) -> Layout:
    """The dashboard's form at ``width``: the line names give way first, then the colour counts."""
    names = _names_width(board)
    wide = headers(board.soon_days, narrow=False)
    narrow = width < names + sum(cell_len(h) + 2 for h in wide) + COLOUR_CELL + 2 + len("100% ") + BAR_WIDTH + 2
    narrow = narrow or width < _wide_width(board, names, wide)  # large counts: keep every digit
    return Layout(narrow, 5 if narrow else BAR_WIDTH, not narrow or width >= COLOURS_MIN_WIDTH)


def bar_plain(percent: int, width: int) -> str:
    """The characters of :func:`pmtasks.render.console.bar`."""
    filled = round(width * percent / 100)
    return f"{percent:>3}% " + glyph("█") * filled + glyph("░") * (width - filled)


def _dashboard(board: Dashboard, width: int) -> list[str] | None:
    """The table of counts per line, as Rich draws it (SIMPLE_HEAD, no edges, padding right 1)."""
    form = layout(board, width)
    header_row = [_("Business line"), *headers(board.soon_days, form.narrow)]
    if form.colours:
        header_row.append(NARROW_COLOURS if form.narrow else COLOURS)
    header_row.append(_("Complete"))
    rows = []
    for tally in (*board.lines, board.overall):
        name = _("Overall") if tally.name is None else plain_text(tally.name)
        if not single_line(name):
            return None
        row = [name, *(str(n) for n in _counts(tally))]
        if form.colours:
            row.append(_colours_plain(tally, form.narrow))
        rows.append([*row, bar_plain(tally.percent, form.bar_width)])
    measured = [[(text, rich_width(text)) for text in row] for row in (header_row, *rows)]
    widths = [max(row[i][1] for row in measured) for i in range(len(header_row))]  # content; a pad but the last
    if form.narrow:  # the names column takes what the others leave (at least one cell)
        widths[0] = width - 2 * (len(widths) - 1) - sum(widths[1:])
        if widths[0] < 1:
            return None
    table_width = sum(widths) + 2 * (len(widths) - 1)  # a pad and a separator between columns
    if table_width > width:
        return None

    def line(cells: Sequence[tuple[str, int]]) -> str:
        out = []
        for i, (text, length) in enumerate(cells):
            if i == 0 or i >= 7:  # names, colours and the bar: left-aligned
                out.append(fit_cell((text, length), widths[i]))
            else:
                out.append(" " * (widths[i] - length) + text)
        return "  ".join(out)

    lines = [line(measured[0]), "─" * table_width]
    lines.extend(line(row) for row in measured[1:-1])
    lines.append(" " * table_width)
    lines.append(line(measured[-1]))
    return lines


def _late(board: Dashboard, width: int, limit: int | None) -> list[str] | None:
    """The overdue tasks, as Rich draws their table (no box, padding 1 each side but at the edges)."""
    shown = board.overdue if limit is None else board.overdue[:limit]
    if not shown:
        return None  # an empty table: leave it to Rich
    rows = []
    for task in shown:
        ident, title = plain_text(task.id), plain_text(task.title)
        if not (single_line(ident) and single_line(title)):
            return None
        days = (board.as_of - task.due).days
        cells = (ident, _("due {date}").format(date=task.due), _("{days}d late").format(days=days), title)
        rows.append([(text, rich_width(text)) for text in cells])
    w0, w1, w2 = (max(row[i][1] for row in rows) for i in range(3))
    title_width = width - (w0 + 1) - (w1 + 2) - (w2 + 2) - 1  # pads each side but at the edges
    if title_width < 1:
        return None
    return [
        "".join(
            (
                fit_cell(c0, w0),
                "  ",
                fit_cell(c1, w1),
                "  ",
                " " * (w2 - c2[1]) + c2[0],
                "  ",
                fit_cell(c3, title_width),
            )
        )
        for c0, c1, c2, c3 in rows
    ]


def more_overdue(count: int, command: str, width: int) -> list[str]:
    """The line under the overdue list that says how many more there are and which command lists
    them all; the command on a line of its own (indented) when the one line would not fit."""
    line = f"{glyph('…')} " + _("and {count} more overdue; list them all with: {command}").format(
        count=count, command=command
    )
    if rich_width(line) <= width or not command:
        return [line]
    lead = _("and {count} more overdue; list them all with:").format(count=count)
    return [f"{glyph('…')} {lead}", "  " + command]


def status_lines(board: Dashboard, width: int, limit: int | None = None, more: str = "") -> list[str] | None:
    """The lines of :func:`pmtasks.render.tasks.status_view` ``width`` cells wide, or None if Rich must draw them."""
    head = plain_text(board.title) + f" {glyph('·')} " + _("as of {date}").format(date=board.as_of)
    table = _dashboard(board, width)
    if table is None:
        return None
    texts = [head]  # lines of text: Rich would wrap one that is too wide
    late: list[str] = []
    if board.overdue:
        texts.append(_("Overdue ({count})").format(count=len(board.overdue)))
        found = _late(board, width, limit)
        if found is None:
            return None
        late = found
        if len(late) < len(board.overdue):
            texts += more_overdue(len(board.overdue) - len(late), more, width)
    else:
        texts.append(_("Nothing is overdue."))
    if not all(single_line(text) and rich_width(text) <= width for text in texts):
        return None
    return [head, *table, texts[1], *late, *texts[2:]]
