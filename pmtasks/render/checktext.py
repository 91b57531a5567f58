"""``check`` for people: findings grouped by file, coloured by severity, and a one-line summary.

Each finding is one line that starts with pmtasks's own text (its place in the file), and the
lines are printed without word wrapping, so task text can never begin a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.cells import cell_len

from pmtasks.check.registry import Severity
from pmtasks.check.report import Report
from pmtasks.i18n import _
from pmtasks.render.findings import SEVERITY_WORDS, by_file, display_path, plain, summary_line
from pmtasks.render.glyphs import glyph
from pmtasks.text import truncate

if TYPE_CHECKING:
    from rich.text import Text

TITLE_WIDTH = 24
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


Piece = tuple[str, str]  # text and its style


def check_pieces(report: Report) -> Iterator[list[Piece]]:
    """Each line of the listing as its styled pieces; :func:`check_lines` makes them Rich Text,
    and off a terminal they are written as they are (the console would print their text)."""
    for path, group in by_file(report):
        yield [(display_path(path), "bold underline")]
        width = max(len(f"{f.line}:{f.col}") for f in group)
        for f in group:
            severity = _(SEVERITY_WORDS[f.severity.value])
            title = truncate(plain(f.title), TITLE_WIDTH, glyph("…")) if f.title else None
            yield [
                (f"  {f.line}:{f.col}".ljust(width + 2) + "  ", ""),
                (severity + " " * max(0, 7 - cell_len(severity)), STYLE[f.severity]),
                (f"  {f.code}  ", "dim"),
                (plain(f.text(title)), ""),
            ]
        yield []
    yield [summary_piece(report)]


def summary_piece(report: Report) -> Piece:
    if report.failed:
        return f"✖ {summary_line(report)}", "bold red"
    if report.findings:
        return f"⚠ {summary_line(report)}", "yellow"
    return f"✔ {summary_line(report)}", "green"


def check_lines(report: Report) -> Iterator[Text]:
    from rich.text import Text

    for pieces in check_pieces(report):
        line = Text()
        for text, style in pieces:
            line.append(text, style=style)
        yield line
