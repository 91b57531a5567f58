"""Markdown and CSV tables read into a :class:`~pmtasks.table.grid.Grid`.

Excel workbooks are read by :mod:`pmtasks.table.xlsx`.
"""

from __future__ import annotations

import csv
import io
import re

from pmtasks.errors import Problem
from pmtasks.plan.yamlread import decode
from pmtasks.table.grid import Grid, names_columns

_SEPARATOR = re.compile(r"^\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _front_matter_title(lines: list[str]) -> str | None:
    if not lines or lines[0].strip() != "---":
        return None
    for line in lines[1:]:
        if line.strip() == "---":
            break
        key, _, value = line.partition(":")
        if key.strip() == "title" and value.strip():
            return value.strip().strip("\"'")
    return None


def _md_cells(line: str) -> list[str]:
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return [_BR.sub("\n", cell).replace("\\|", "|").strip() for cell in _PIPE.split(body)]


def read_markdown(data: bytes, path: str) -> Grid:
    """The Markdown table with the department's header (a front matter ``title:`` is the plan's title)."""
    text, problem = decode(data, path)
    if text is None:
        return Grid(path, (), problems=[problem] if problem else [])
    lines = text.splitlines()
    tables: list[list[tuple[int, list[str]]]] = []
    previous = False
    for number, line in enumerate(lines, start=1):
        is_row = line.strip().startswith("|")
        if is_row and not previous:
            tables.append([])
        if is_row and not _SEPARATOR.match(line.strip()):
            tables[-1].append((number, _md_cells(line)))
        previous = is_row
    # The table with the department's header, else the first one (whose problem find_columns names).
    rows = next((t for t in tables if any(names_columns(cells) for _, cells in t)), tables[0] if tables else [])
    return Grid(path, rows, title=_front_matter_title(lines))


def _csv_text(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (with or without a BOM), else GBK/GB18030 as Excel saves CSV on a Chinese Windows."""
    text, problem = decode(data, path)
    if text is not None:
        return text, None
    try:
        return data.decode("gb18030"), None
    except UnicodeDecodeError:
        return None, problem


def read_csv(data: bytes, path: str) -> Grid:
    """A comma-separated table; row numbers are the rows a spreadsheet shows (the line a record starts on)."""
    text, problem = _csv_text(data, path)
    if text is None:
        return Grid(path, (), letters=True, problems=[problem] if problem else [])
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            rows.append((start, [cell.replace("\r\n", "\n").strip() for cell in record]))
            start = reader.line_num + 1
    except csv.Error as exc:
        return Grid(
            path,
            rows,
            letters=True,
            problems=[Problem(path, start, 1, f"not a readable CSV row: {exc}", "check the quotes on this row")],
        )
    return Grid(path, rows, letters=True)
