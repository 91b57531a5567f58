"""The timeline's lines: labels, the grid with its bars and as-of marker, and a legend.

All geometry comes from :mod:`pmtasks.timeline`; this module only picks glyphs and colours. Each
line is a run of (text, style) pieces under a style for the whole line, with no Rich here: off a
terminal the pieces' text is written as it is (:func:`timeline_plain`), and on one
:mod:`pmtasks.render.timeline_rich` turns the same pieces into Rich text, so both print the same
characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from pmtasks.i18n import N_, _
from pmtasks.render.lean import known_width, rich_width
from pmtasks.text import cell_width, clean, truncate
from pmtasks.timeline import (
    FILL,
    MARK,
    MIN_GRID_WIDTH,
    OPEN,
    Axis,
    Bar,
    Item,
    Row,
    Scale,
    State,
    axis_labels,
    cells,
    make_axis,
    place,
    shown_states,
    split_width,
)

STYLE = {
    State.DONE: "green",
    State.DOING: "cyan",
    State.TODO: "blue",
    State.BLOCKED: "magenta",
    State.OVERDUE: "bold red",
    State.DROPPED: "dim",
}
FLAG = {State.OVERDUE: "!", State.BLOCKED: "x"}
MARK_STYLE = "yellow"
BOTH = N_("overdue and blocked (!x)")
MAX_IDENT = 8


@dataclass(frozen=True)
class Glyphs:
    fill: str
    open: str
    late: str
    blocked: str
    dropped: str
    mark: str
    side: str
    horizontal: str
    corners: str  # top-left, top-right, bottom-left, bottom-right
    tick: str
    down: str
    up: str
    ellipsis: str


UNICODE = Glyphs("█", "░", "▓", "╳", "·", "┆", "│", "─", "┌┐└┘", "┬", "▼", "▲", "…")
ASCII = Glyphs("#", "-", "!", "x", ".", ":", "|", "-", "++++", "+", "v", "^", "..")


@dataclass(frozen=True)
class Chart:
    """What the timeline shows: a heading, the rows, the window and the date it is judged at."""

    title: str
    rows: Sequence[Row]
    start: date
    end: date
    scale: Scale
    as_of: date
    year: int  # the plan's: the plain list gives dates in it as month-day


@dataclass
class Line:
    """One line: its pieces of text, each with its own style, under ``style`` for the whole line."""

    style: str = ""
    pieces: list[tuple[str, str]] = field(default_factory=list)
    wraps: bool = False  # too long, it wraps (else it is cropped): plain text only, never a grid line

    def append(self, text: str, style: str = "") -> None:
        self.pieces.append((text, style))

    @property
    def plain(self) -> str:
        return "".join(text for text, _style in self.pieces)


def timeline_plain(chart: Chart, width: int, ascii_only: bool = False) -> list[str] | None:
    """The characters Rich prints for the chart when there is no colour, a string a line; None when
    a line would not fit on one line of ``width`` cells (Rich would crop it: it then draws it)."""
    lines = [line.plain for line in timeline_lines(chart, width, ascii_only)]
    for line in lines:
        if "\n" in line:
            return None
        cells = known_width(line)
        if cells is None:  # a character whose width only Rich knows: ask it
            cells = rich_width(line)
        if cells > width:
            return None
    return lines


def timeline_lines(chart: Chart, width: int, ascii_only: bool = False) -> list[Line]:
    """The lines of the chart at ``width`` columns; below MIN_GRID_WIDTH, a plain list that still reads well."""
    g = ASCII if ascii_only else UNICODE
    if not any(r.item for r in chart.rows):
        return [Line(pieces=[(_("No tasks match."), "")], wraps=True)]
    if width < MIN_GRID_WIDTH:
        return _compact(chart, width, g)
    n_units = len(make_axis(chart.start, chart.end, chart.scale, 1).units)
    label_w, grid_w = split_width(width, n_units)
    axis = make_axis(chart.start, chart.end, chart.scale, grid_w)
    mark = axis.column(chart.as_of)
    idw = _ident_width(chart.rows)
    lines = _top(chart.title, axis, label_w, mark, g)
    lines += [_row(row, axis, label_w, idw, mark, g) for row in chart.rows]
    lines.append(_bottom(axis, label_w, mark, g))
    lines += _legend(chart, width, g)
    return lines


def _line(text: str = "", style: str = "") -> Line:
    return Line(style, [(text, "")] if text else [])


def _top(title: str, axis: Axis, label_w: int, mark: int | None, g: Glyphs) -> list[Line]:
    """The plan's title beside the axis labels, then the top border with a tick at each label."""
    scale = [" "] * axis.width
    border = [g.horizontal] * axis.width
    for col, text in axis_labels(axis):
        scale[col] = text
        for k in range(1, cell_width(text)):
            scale[col + k] = ""
        if col:
            border[col] = g.tick
    if mark is not None:
        border[mark] = g.down
    head = _line(_pad(truncate(clean(title), label_w - 1, g.ellipsis), label_w + 1), "bold")
    head.append("".join(scale).rstrip())
    top = _line(" " * label_w + g.corners[0])
    _grid_text(top, border, mark, g.down)
    top.append(g.corners[1])
    return [head, top]


def _grid_text(text: Line, glyphs: list[str], mark: int | None, mark_glyph: str) -> None:
    for col, glyph in enumerate(glyphs):
        text.append(glyph, style=MARK_STYLE if col == mark and glyph == mark_glyph else "")


def _bottom(axis: Axis, label_w: int, mark: int | None, g: Glyphs) -> Line:
    bottom = _line(" " * label_w + g.corners[2])
    border = [g.horizontal] * axis.width
    if mark is not None:
        border[mark] = g.up
    _grid_text(bottom, border, mark, g.up)
    bottom.append(g.corners[3])
    return bottom


def _row(row: Row, axis: Axis, label_w: int, idw: int, mark: int | None, g: Glyphs) -> Line:
    item = row.item
    if item is None:
        indent = " " * row.level
        text = _line()
        text.append(
            _pad(indent + truncate(clean(row.text), label_w - len(indent) - 1, g.ellipsis), label_w),
            style="bold" if row.level == 0 else "",
        )
        bar = Bar(None, None, 0, False, False)
    else:
        text = _label(item, 2 if row.level else 0, label_w, idw, g)
        bar = place(item, axis)
    text.append("<" if bar.before else g.side)
    _bar_text(text, item, cells(bar, axis.width, mark), mark, g)
    text.append(">" if bar.after else g.side)
    return text


def _ident_width(rows: Sequence[Row]) -> int:
    """IDs line up in a column as wide as the longest, up to MAX_IDENT; longer ones push their title."""
    return min(MAX_IDENT, max(cell_width(clean(r.item.ident)) for r in rows if r.item))


def _flag(item: Item) -> str:
    """Two cells after the percentage: ``!``, ``x``, ``!x`` (overdue and blocked) or blanks."""
    return f"{''.join(FLAG.get(s, '') for s in shown_states(item)):<2}"


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def _label(item: Item, indent: int, label_w: int, idw: int, g: Glyphs) -> Line:
    """``  IM-1 完成西南公司…  30%! ``: ID, the title cut to fit, progress, a flag; exactly label_w."""
    tail = f" {item.progress:>3}%{_flag(item)}"
    ident = clean(item.ident)
    head = " " * indent + _pad(ident, idw) + " "
    room = label_w - cell_width(tail) - cell_width(head)
    if room < 2:
        left = _pad(truncate(" " * indent + ident, label_w - cell_width(tail), g.ellipsis), label_w - cell_width(tail))
        title = ""
    else:
        left, title = head, _pad(truncate(clean(item.title), room, g.ellipsis), room)
    style = STYLE[item.state] if item.state in FLAG else ""
    text = _line()
    text.append(left, style=style)
    text.append(clean(title) if title else "")
    text.append(tail, style=style)
    return text


def _bar_text(text: Line, item: Item | None, codes: str, mark: int | None, g: Glyphs) -> None:
    """Glyphs for the row's cells, a run of one style at a time. A rolled-up bar that is overdue
    is only late up to the as-of date: what lies after it is drawn as still to do."""
    state = item.state if item else State.TODO
    open_glyph = {State.OVERDUE: g.late, State.BLOCKED: g.blocked, State.DROPPED: g.dropped}.get(state, g.open)
    if item is not None and State.BLOCKED in shown_states(item):
        open_glyph = g.blocked  # overdue and blocked: the blocked glyph in the overdue colour
    open_style = STYLE[state] if state in FLAG else f"{STYLE[state]} dim"
    runs: list[tuple[str, str]] = []
    for col, code in enumerate(codes):
        if code == FILL:
            cell = (g.fill, STYLE[state])
        elif code == OPEN and state is State.OVERDUE and mark is not None and col > mark:
            cell = (g.open, STYLE[state])
        elif code == OPEN:
            cell = (open_glyph, open_style)
        elif code == MARK:
            cell = (g.mark, MARK_STYLE)
        else:
            cell = (" ", "")
        if runs and runs[-1][1] == cell[1]:
            runs[-1] = (runs[-1][0] + cell[0], cell[1])
        else:
            runs.append(cell)
    for glyphs, style in runs:
        text.append(glyphs, style=style)


def _samples(g: Glyphs, both: bool) -> list[tuple[str, str, str]]:
    """The states' glyphs; overdue-and-blocked only when a bar shows it."""
    return [
        (g.fill * 2, _("done"), STYLE[State.DONE]),
        (g.fill + g.open, _("doing"), STYLE[State.DOING]),
        (g.open * 2, _("not started"), STYLE[State.TODO]),
        (g.fill + g.blocked, _("blocked (x)"), STYLE[State.BLOCKED]),
        (g.fill + g.late, _("overdue (!)"), STYLE[State.OVERDUE]),
        *([(g.fill + g.blocked, _(BOTH), STYLE[State.OVERDUE])] if both else []),
        (g.dropped * 2, _("dropped"), STYLE[State.DROPPED]),
    ]


def _legend(chart: Chart, width: int, g: Glyphs) -> list[Line]:
    """Every glyph and colour explained, with the as-of date and the window, wrapped to ``width``."""
    items = [
        *_samples(g, any(r.item and State.BLOCKED in shown_states(r.item) for r in chart.rows)),
        (g.mark, _("as of {date}").format(date=chart.as_of), MARK_STYLE),
        ("< >", _("beyond {start}..{end}").format(start=chart.start, end=chart.end), ""),
    ]
    lines, current, used = [], _line(), 0
    for sample, words, style in items:
        size = cell_width(sample) + 1 + cell_width(words)
        if used and used + 2 + size > width:
            lines.append(current)
            current, used = _line(), 0
        if used:
            current.append("  ")
            used += 2
        current.append(sample, style=style)
        current.append(f" {words}")
        used += size
    return [*lines, current]


def _compact(chart: Chart, width: int, g: Glyphs) -> list[Line]:
    """One line per row: ID, dates, progress and flag, then as much title as fits."""
    heading = _("{title} · as of {date}").format(title=chart.title, date=chart.as_of)
    out = [_line(truncate(clean(heading), width, g.ellipsis), "bold")]
    idw = _ident_width(chart.rows)
    for row in chart.rows:
        if row.item is None:
            heading = truncate(" " * row.level + clean(row.text), width, g.ellipsis)
            out.append(_line(heading, "bold" if row.level == 0 else ""))
        else:
            out.append(_compact_row(row.item, 2 if row.level else 0, idw, chart.year, width, g))
    out.append(_line("! overdue  x blocked  (start..due)"))
    return out


def _compact_row(item: Item, indent: int, idw: int, year: int, width: int, g: Glyphs) -> Line:
    """``  IM-1  01-01..03-31   0%! 完成西南…``; dates outside ``year`` carry their own year."""
    short = item.start.year == item.due.year == year
    span = f"{item.start:%m-%d}..{item.due:%m-%d}" if short else f"{item.start}..{item.due}"
    head = f"{' ' * indent}{_pad(clean(item.ident), idw)} {span} {item.progress:>3}%{_flag(item)} "
    text = _line(truncate(head, width, g.ellipsis), STYLE[item.state] if item.state in FLAG else "")
    room = width - cell_width(head)
    if room >= 2:
        text.append(truncate(clean(item.title), room, g.ellipsis))
    return text
