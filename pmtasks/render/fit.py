"""A table that fits the width it is given: its full form when that fits, else its narrow form.

Both forms let their name column give way first (``one_line`` cells, cut with …) and never cut a figure.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

UNBOUNDED = 10_000  # cells: wide enough to measure a table's natural width


def one_line(text: Text) -> Text:
    """``text`` kept on one line and cut with … when its column is narrowed."""
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def giving_way(table: Table) -> Table:
    """Make ``table``'s first column the one Rich narrows first; its heading and cells stay one line each."""
    column = table.columns[0]
    column.no_wrap = False
    column.header = one_line(column.header if isinstance(column.header, Text) else Text(str(column.header)))
    return table


class Fitted:
    """``build(narrow)`` at the given width: ``build(False)`` when its natural width fits, else ``build(True)``."""

    def __init__(self, build: Callable[[bool], Table]) -> None:
        self.build = build

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = self.build(False)
        if Measurement.get(console, options.update_width(UNBOUNDED), table).maximum > options.max_width:
            table = self.build(True)
        yield table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.build(False))
