"""The timeline in colour: the lines of :mod:`pmtasks.render.timeline` as Rich text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from pmtasks.render.timeline import Chart, Line, timeline_lines

if TYPE_CHECKING:
    from rich.console import RenderableType


def timeline_view(chart: Chart, width: int, ascii_only: bool = False) -> RenderableType:
    """The chart at ``width`` columns; below MIN_GRID_WIDTH, a plain list that still reads well."""
    from rich.console import Group

    return Group(*timeline_texts(chart, width, ascii_only))


def timeline_texts(chart: Chart, width: int, ascii_only: bool = False) -> list[Text]:
    """The lines of the chart as Rich text, one a line: cropped at the edge, never wrapped."""
    return [_text(line) for line in timeline_lines(chart, width, ascii_only)]


def _text(line: Line) -> Text:
    text = Text(style=line.style) if line.wraps else Text(style=line.style, no_wrap=True, overflow="crop", end="\n")
    for piece, style in line.pieces:
        text.append(piece, style=style)
    return text
