"""A table as rows of text cells, its header found, and the problems a table can have.

Every reader (Markdown, CSV, Excel) produces a :class:`Grid`; :func:`find_columns` then finds the
header row with the department's columns (核心业务板块 | 具体任务 | 完成时限 | 所需资源 | 任务目标).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pmtasks.errors import PlanInvalid, Problem

# field name → the column's name in the department's table
COLUMNS: dict[str, str] = {
    "line": "核心业务板块",
    "tasks": "具体任务",
    "period": "完成时限",
    "resources": "所需资源",
    "goal": "任务目标",
}
REQUIRED = ("line", "tasks", "period", "goal")
HEADER = " | ".join(COLUMNS.values())
_SPACES = re.compile(r"\s+")


class TableInvalid(PlanInvalid):
    """The table cannot become a plan; ``problems`` name each row and column (``path:row:column``)."""


@dataclass(frozen=True)
class Grid:
    """The cells of one table, as text, with the row number each row has in its file or sheet.

    ``letters`` says that columns are known by letter (A, B, …) as in a spreadsheet.
    """

    path: str
    rows: Sequence[tuple[int, Sequence[str]]]
    letters: bool = False
    title: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Columns:
    """Where each of the department's columns stands (0-based), and the header's row number."""

    index: dict[str, int]
    header_row: int
    letters: bool

    def label(self, name: str) -> str:
        """How a message names a column: ``C 完成时限`` in a spreadsheet, ``完成时限`` in Markdown."""
        return f"{letter(self.index[name])} {COLUMNS[name]}" if self.letters else COLUMNS[name]


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def _field(cell: str) -> str | None:
    name = _SPACES.sub("", cell).casefold()
    for key, title in COLUMNS.items():
        if name in (title, key):
            return key
    return None


def names_columns(cells: Sequence[str]) -> bool:
    """True for a header row: one that names at least two of the department's columns."""
    return sum(_field(c) is not None for c in cells) >= 2


def find_columns(grid: Grid) -> Columns:
    """The header: the first row naming at least two of the department's columns."""
    for number, cells in grid.rows:
        if not names_columns(cells):
            continue
        named = [(i, f) for i, f in ((i, _field(c)) for i, c in enumerate(cells)) if f]
        index: dict[str, int] = {}
        problems = []
        for i, name in named:
            if name in index:
                problems.append(
                    Problem(
                        grid.path,
                        number,
                        i + 1,
                        f"column {COLUMNS[name]} appears twice in the header",
                        "keep one of them",
                    )
                )
            index.setdefault(name, i)
        missing = [COLUMNS[n] for n in REQUIRED if n not in index]
        if missing:
            problems.append(
                Problem(
                    grid.path,
                    number,
                    1,
                    f"the header has no column {', '.join(missing)}",
                    f"the table needs the columns {HEADER} (所需资源 may be left out)",
                )
            )
        if problems:
            raise TableInvalid(problems, grid.path)
        return Columns(index, number, grid.letters)
    raise TableInvalid(
        [
            Problem(
                grid.path,
                1,
                1,
                "no header row with the department's columns",
                f"the table needs a header row with the columns {HEADER}",
            )
        ],
        grid.path,
    )


def title_above(grid: Grid, header_row: int) -> str | None:
    """A title written above the header: the first row there that holds one text only."""
    for number, cells in grid.rows:
        if number >= header_row:
            break
        texts = [c.strip() for c in cells if c.strip()]
        if len(texts) == 1:
            return texts[0]
    return None
