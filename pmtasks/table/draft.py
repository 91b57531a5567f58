"""The department's table as a plan draft: the splitting rules, row by row, every problem at its row and column.

- A row's 核心业务板块 starts a business line (a leading ``一、`` or ``1.`` is dropped); an empty one
  carries the line of the row above, as merged cells do.
- 具体任务 holds the period's tasks, separated by ``；`` or line breaks (it may be empty: a period
  with no tasks yet). A cell that starts with ``名称：`` puts the period in the track (workstream) 名称.
- 所需资源 is split the same way; 完成时限 must be a period pmtasks reads; 任务目标 is taken whole.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from pmtasks.errors import Problem, UsageError
from pmtasks.plan.periods import FORMS, PeriodError, parse_period
from pmtasks.table.grid import COLUMNS, Columns, Grid, TableInvalid

# One ； (blank lines after it included), or a run of line breaks, separates two items.
SEPARATORS = re.compile(r"；[^\S\n]*(?:\n\s*)?|\n\s*")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|\d+[、.．]|[（(][一二三四五六七八九十\d]+[)）])\s*")
_TRACK = re.compile(r"^([^；：\n]{1,40})：")
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.]{0,19}$")
_INVISIBLE = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class CodesInvalid(UsageError):
    """The business-line codes given do not fit the table."""


@dataclass
class PeriodDraft:
    period: str
    goal: str
    track: str | None = None
    resources: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)


@dataclass
class LineDraft:
    name: str
    row: int
    code: str = ""
    periods: list[PeriodDraft] = field(default_factory=list)


@dataclass
class PlanDraft:
    title: str
    year: int
    lines: list[LineDraft]
    org: str | None = None
    source: str = ""


@dataclass
class _Row:
    """One data row being read; problems are collected, never raised."""

    grid: Grid
    columns: Columns
    number: int
    cells: Sequence[str]
    problems: list[Problem]

    def text(self, name: str) -> str:
        i = self.columns.index.get(name)
        return self.cells[i].strip() if i is not None and i < len(self.cells) else ""

    def problem(self, name: str, message: str, hint: str) -> None:
        col = self.columns.index.get(name, 0) + 1
        self.problems.append(Problem(self.grid.path, self.number, col, f"{self.columns.label(name)}: {message}", hint))

    def checked(self, name: str, *, one_line: bool = False) -> str:
        value = self.text(name)
        bad = next((ch for ch in value if _unprintable(ch)), None)
        if bad is not None:
            kind = "direction-override" if bad in _INVISIBLE else "control"
            self.problem(name, f"holds the {kind} character U+{ord(bad):04X}", "delete it in the table")
            return ""
        if one_line and "\n" in value:
            self.problem(name, "holds a line break", "write it on one line")
            return ""
        return value


def _unprintable(ch: str) -> bool:
    return (unicodedata.category(ch) == "Cc" and ch != "\n") or ch in _INVISIBLE


def split_items(row: _Row, name: str, text: str, what: str) -> list[str]:
    """``text`` split on ``；`` and line breaks; a trailing separator is fine, an empty item is not."""
    items = [item.strip() for item in SEPARATORS.split(text)]
    while items and not items[-1]:
        items.pop()
    if "" in items:
        row.problem(
            name,
            f"{what} {items.index('') + 1} is empty (two separators in a row)",
            "remove the extra ； or line break",
        )
        return []
    return items


def _tasks(row: _Row) -> tuple[str | None, list[str]]:
    text = row.checked("tasks")
    track = None
    if match := _TRACK.match(text):
        track, text = match.group(1).strip(), text[match.end() :]
    return track, split_items(row, "tasks", text, "task") if text.strip() else []


def _period(row: _Row, year: int) -> str:
    label = row.checked("period", one_line=True)
    if not label:
        if not row.text("period"):
            row.problem("period", "no period", f"write when the period runs, e.g. {FORMS}")
        return ""
    try:
        parse_period(label, year)
    except PeriodError as exc:
        row.problem("period", str(exc), f"a period looks like one of: {FORMS}")
        return ""
    return label


def _period_draft(row: _Row, year: int) -> PeriodDraft | None:
    period = _period(row, year)
    goal = row.checked("goal")
    if not row.text("goal"):
        row.problem("goal", "no goal", "write what the period should achieve (任务目标)")
    track, tasks = _tasks(row)
    resources = split_items(row, "resources", row.checked("resources"), "resource")
    if not (period and goal):
        return None
    return PeriodDraft(period, goal, track, resources, tasks)


def read_lines(grid: Grid, columns: Columns, year: int) -> list[LineDraft]:
    """The business lines of the rows below the header, in the order they first appear."""
    problems: list[Problem] = list(grid.problems)
    lines: dict[str, LineDraft] = {}
    current: LineDraft | None = None
    for number, cells in grid.rows:
        if number <= columns.header_row or not any(c.strip() for c in cells):
            continue
        row = _Row(grid, columns, number, cells, problems)
        written = row.checked("line", one_line=True)
        name = _ORDINAL.sub("", written).strip() or written  # 一、甲 is 甲; a bare 一、 stays as written
        if name:
            current = lines.setdefault(name, LineDraft(name, number))
        elif current is None and not row.text("line"):
            row.problem(
                "line",
                "no business line on this row or above it",
                f"write the business line ({COLUMNS['line']}) on the first row of its periods",
            )
        draft = _period_draft(row, year)
        if draft is not None and current is not None:
            current.periods.append(draft)
    if problems:
        raise TableInvalid(problems, grid.path)
    return list(lines.values())


def assign_codes(lines: list[LineDraft], codes: Sequence[str] | None) -> None:
    """Give each line its code, in table order; the error lists the lines so the user can choose codes."""
    names = ", ".join(line.name for line in lines)
    wanted = ",".join(f"L{i}" for i in range(1, len(lines) + 1))
    if codes is None:
        raise CodesInvalid(
            f"the table has {len(lines)} business line{'' if len(lines) == 1 else 's'} ({names}); "
            "give a short code for each, "
            f"in this order, e.g. {wanted}. The codes start the task IDs (IM-1, IM-2 …)"
        )
    if len(codes) != len(lines):
        raise CodesInvalid(
            f"{len(codes)} code{'' if len(codes) == 1 else 's'} for {len(lines)} business "
            f"line{'' if len(lines) == 1 else 's'} ({names}); give one code per line, in this order"
        )
    seen: set[str] = set()
    for code in codes:
        if not CODE.match(code):
            raise CodesInvalid(f"{code!r} cannot start a task ID; use letters and digits, e.g. IM")
        if code.casefold() in seen:
            raise CodesInvalid(f"the code {code!r} is given twice; each business line needs its own")
        seen.add(code.casefold())
    for line, code in zip(lines, codes, strict=True):
        line.code = code
