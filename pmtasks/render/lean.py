"""The task table as plain lines, fast: the same characters Rich draws, without Rich's layout engine.

Rich measures and renders every cell as a renderable; for thousands of rows that is seconds.
When the output has no colour (not a terminal, or a file), the table of
:func:`pmtasks.render.tasks.task_table` is drawn here directly, line by line. The widths follow
Rich's own rules for that table (fixed columns at their widest cell, the title taking the rest);
when the terminal is too narrow for those rules :func:`task_lines` returns None and the caller
lets Rich lay the table out. Each cell is measured once, with Rich's own measure (plain ASCII
is one cell a character, as Rich counts it too). Tests compare both ways on random tables.

:func:`plain_width` tells, without importing Rich's console, the width Rich would lay out at when
the output clearly cannot have colour (not a terminal, nothing forcing one); in any other case
it answers None and the caller asks Rich.
"""

from __future__ import annotations

import builtins
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date

from pmtasks.i18n import _
from pmtasks.plan.model import Status, Task
from pmtasks.query import overdue
from pmtasks.render.glyphs import ascii_only, glyph, to_ascii
from pmtasks.render.words import status_name
from pmtasks.text import clean

OWNER_MAX = 16
# The padding of each column as Rich applies it to this table: (left, right), no pad at the edges.
PADS = ((0, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 0))
TITLE_MIN = 2  # Rich's minimum for the flexible column, padding included

Cell = tuple[str, int]  # the text and its width in cells


_measure: list[Callable[[str], int]] = []  # Rich's measure, once imported


def cell_len(text: str) -> int:
    """Rich's width of ``text``, Rich's measure imported on first use (writing plain lines needs none of Rich)."""
    if not _measure:
        from rich.cells import cell_len as measure

        _measure.append(measure)
    return _measure[0](text)


# Characters whose width Rich gives alike in every Unicode version it knows, as (first, last, cells):
# Latin-1, common punctuation, arrows, box drawing and blocks, and CJK ideographs (those of
# Unicode 4.1), CJK punctuation and fullwidth forms. A test checks each against Rich's tables.
KNOWN_WIDTHS = (
    (0x20, 0x7E, 1),
    (0xA1, 0xAC, 1),
    (0xAE, 0xFF, 1),
    (0x2010, 0x2027, 1),
    (0x2190, 0x2199, 1),
    (0x2212, 0x2212, 1),
    (0x2264, 0x2265, 1),
    (0x2500, 0x25FC, 1),
    (0x3001, 0x3029, 2),
    (0x3030, 0x303E, 2),
    (0x3400, 0x4DB5, 2),
    (0x4E00, 0x9FBB, 2),
    (0xFF01, 0xFF60, 2),
    (0xFFE0, 0xFFE6, 2),
)


_KNOWN: dict[str, int] = {}  # the width of each character met so far, 0 when it is not in KNOWN_WIDTHS


def _known_cells(ch: str) -> int:
    cells = _KNOWN.get(ch)
    if cells is None:
        code = ord(ch)
        cells = _KNOWN[ch] = next((width for first, last, width in KNOWN_WIDTHS if first <= code <= last), 0)
    return cells


def known_width(text: str) -> int | None:
    """Rich's width of ``text`` without asking Rich, when every character is in KNOWN_WIDTHS; else None."""
    if text.isascii():
        return len(text) if text.isprintable() else None
    wide = 0
    for ch in set(text):  # a line repeats a few characters: each is looked at once
        cells = _known_cells(ch)
        if not cells:
            return None
        if cells == 2:
            wide += text.count(ch)
    return len(text) + wide


_CHARS: dict[str, int] = {}  # Rich's width of each character met so far


def _char_cells(ch: str) -> int:
    """Rich's width of the one character ``ch``, remembered."""
    width = _CHARS.get(ch)
    if width is None:
        width = _CHARS[ch] = cell_len(ch)
    return width


def rich_width(text: str) -> int:
    """Rich's width of ``text`` in cells: printable ASCII one cell a character, as Rich counts it too;
    else, as Rich does, the sum of its characters' widths, unless a joiner or an emoji selector
    makes Rich measure the sequences they form."""
    if text.isascii() and text.isprintable():
        return len(text)
    if "\u200d" in text or "\ufe0f" in text:
        return cell_len(text)
    return sum(map(_char_cells, text))


def _measurer() -> Callable[[str], Cell]:
    """Text and its width, each distinct text measured once (owners and statuses repeat, titles may)."""
    seen: dict[str, Cell] = {}

    def cell(text: str) -> Cell:
        found = seen.get(text)
        if found is None:
            found = seen[text] = (text, rich_width(text))
        return found

    return cell


def plain_text(value: str | None) -> str:
    """What :func:`pmtasks.render.console.safe` shows for ``value``."""
    return clean(value) if value else glyph("—")


def single_line(text: str) -> bool:
    return text.isprintable() or len(text.splitlines()) <= 1  # every line separator is unprintable


def fit_cell(cell: Cell, width: int) -> str:
    """A left-aligned, ellipsis-cut cell exactly ``width`` cells wide (Text.truncate as console patches it)."""
    text, length = cell
    if length == width:
        return text
    if length > width:
        mark = glyph("…")
        if width < cell_len(mark):
            return mark[:width]
        room, used, kept = width - cell_len(mark), 0, []
        for ch in text:
            used += _char_cells(ch)
            if used > room:
                break
            kept.append(ch)
        text = "".join(kept) + mark
        length = cell_len(text)
    return text + " " * (width - length) if length < width else text


def task_lines(tasks: Sequence[Task], as_of: date, width: int) -> list[str] | None:
    """The lines of the task table ``width`` cells wide, or None if Rich must lay it out."""
    headers = ("ID", _("Status"), "%", _("Due"), _("Owner"), _("Title"))
    cell = _measurer()
    names = {status: status_name(status) for status in Status}
    late = 0
    rows: list[tuple[Cell, ...]] = []
    for task in tasks:
        ident, owner, title = plain_text(task.id), plain_text(task.owner), plain_text(task.title)
        if not (single_line(ident) and single_line(owner) and single_line(title)):
            return None  # a line separator would make a taller row; leave it to Rich
        is_late = overdue(task, as_of)
        late += is_late
        due = f"{task.due}!" if is_late else f"{task.due} "
        progress = str(task.progress)
        rows.append(
            (cell(ident), cell(names[task.status]), (progress, len(progress)), (due, len(due)), cell(owner))
            + (cell(title),)
        )
    widths = [max(cell_len(h), *(r[i][1] for r in rows)) for i, h in enumerate(headers[:5])]
    widths[4] = min(widths[4], OWNER_MAX)
    inner = width - (2 + len(headers) - 1)  # the two edges and the separators
    fixed = sum(w + sum(PADS[i]) for i, w in enumerate(widths))
    title_width = inner - fixed
    if title_width < TITLE_MIN or any(w + sum(PADS[i]) > inner for i, w in enumerate(widths)):
        return None
    widths.append(title_width - sum(PADS[5]))
    blank = " " * width
    rule = " " + "─" * (width - 2) + " "
    line = _liner(widths)
    lines = [blank, line(tuple(cell(h) for h in headers)), rule]
    lines.extend(line(row) for row in rows)
    lines.append(blank)
    count = len(rows)
    label = _("{count} task") if count == 1 else _("{count} tasks")
    lines.append(label.format(count=count) + (_(", {late} overdue (!)").format(late=late) if late else ""))
    return lines


def _liner(widths: Sequence[int]) -> Callable[[Sequence[Cell]], str]:
    """A function drawing one row of cells at ``widths``, with Rich's padding and separators."""
    w0, w1, w2, w3, w4, w5 = widths
    gap = "   "  # a cell's right pad, the separator, the next cell's left pad (PADS)
    status, due, owner = _fitter(w1), _fitter(w3), _fitter(w4)  # these repeat

    def line(cells: Sequence[Cell]) -> str:
        c0, c1, (number, _), c3, c4, c5 = cells
        number = number.rstrip()
        return "".join(
            (
                " ",
                fit_cell(c0, w0),
                gap,
                status(c1),
                gap,
                " " * (w2 - rich_width(number)) + number,
                gap,
                due(c3),
                gap,
                owner(c4),
                gap,
                fit_cell(c5, w5),
                " ",
            )
        )

    return line


def _fitter(width: int) -> Callable[[Cell], str]:
    """:func:`fit_cell` at ``width``, each distinct text fitted once."""
    seen: dict[str, str] = {}

    def fit(cell: Cell) -> str:
        found = seen.get(cell[0])
        if found is None:
            found = seen[cell[0]] = fit_cell(cell, width)
        return found

    return fit


# What makes Rich treat the output as a terminal (or a notebook) whatever it is: then Rich decides.
_TERMINAL_SETTINGS = (
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
    "TTY_INTERACTIVE",
    "JUPYTER_COLUMNS",
    "DATABRICKS_RUNTIME_VERSION",
)


def plain_width() -> int | None:
    """The width Rich's console would have for standard output when it is plainly not a terminal
    (so Rich would use no colour); None when that is not plain (a terminal, a setting that forces
    one, a notebook, Windows, an odd ``COLUMNS``): the caller then asks Rich itself."""
    size = plain_size()
    return None if size is None else size[0]


def plain_size() -> tuple[int, int] | None:
    """The width and height Rich's console would have when the output is plainly not a terminal
    (see :func:`plain_width`); None in any other case, or for an odd ``COLUMNS`` or ``LINES``."""
    if os.name != "posix" or hasattr(builtins, "get_ipython") or any(k in os.environ for k in _TERMINAL_SETTINGS):
        return None
    try:
        if sys.stdout.isatty():
            return None
    except (AttributeError, ValueError):
        return None
    columns, lines = os.environ.get("COLUMNS"), os.environ.get("LINES")
    if any(value is not None and not (value.isdigit() and int(value) > 0) for value in (columns, lines)):
        return None
    width, height = 0, 0
    for stream, default in ((sys.__stdin__, 0), (sys.__stdout__, 1), (sys.__stderr__, 2)):  # as Rich asks them
        try:
            width, height = os.get_terminal_size(_fileno(stream, default))
        except (AttributeError, ValueError, OSError):
            continue
        break
    return int(columns) if columns else width or 80, int(lines) if lines else height or 25


def _fileno(stream: object, default: int) -> int:
    try:
        return int(stream.fileno())  # type: ignore[attr-defined]
    except Exception:
        return default


def write_lines(lines: Sequence[str]) -> None:
    """Plain lines to standard output in large chunks (in ASCII mode, as the console would write them)."""
    out = sys.stdout
    for start in range(0, len(lines), 512):
        chunk = "\n".join(lines[start : start + 512]) + "\n"
        out.write(to_ascii(chunk) if ascii_only() else chunk)
    out.flush()
