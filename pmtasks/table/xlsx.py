"""Excel workbooks (.xlsx) through openpyxl: a sheet read into a Grid, and a workbook written from rows.

openpyxl is imported here only, and only when a workbook is read or written.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from pmtasks.errors import Problem
from pmtasks.table.grid import Grid
from pmtasks.text import clean

FORMULA_START = ("=", "+", "-", "@")
SHEET_PROBLEM_HINT = "save the table as an Excel workbook (.xlsx), or as CSV UTF-8"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n").replace("_x000D_", "").strip()


def read_xlsx(data: bytes, path: str, sheet: str | None = None) -> Grid:
    """The cells of one sheet (the first unless ``sheet`` names another), as text; merged cells read as empty."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return Grid(
            path,
            (),
            letters=True,
            problems=[Problem(path, 1, 1, f"not an Excel workbook (.xlsx): {type(exc).__name__}", SHEET_PROBLEM_HINT)],
        )
    if sheet is not None and sheet not in book.sheetnames:
        names = ", ".join(book.sheetnames)
        return Grid(
            path,
            (),
            letters=True,
            problems=[Problem(path, 1, 1, f"the workbook has no sheet {sheet!r}", f"its sheets are: {names}")],
        )
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    rows = [(number, [_text(c.value) for c in cells]) for number, cells in enumerate(ws.iter_rows(min_row=1), start=1)]
    return Grid(path, rows, letters=True, title=book.properties.title or None)


def _safe_cell(cell: Any, value: Any) -> None:
    """Set a cell; text that a spreadsheet would run as a formula stays text, also when edited.

    Control characters and escape sequences are removed (line breaks stay): workbooks cannot hold them.
    """
    if isinstance(value, str):
        value = "\n".join(clean(part) for part in value.split("\n"))
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.lstrip()[:1] in FORMULA_START:
            cell.quotePrefix = True


def write_xlsx(
    title: str, sheets: Sequence[tuple[str, Sequence[Sequence[Any]], Sequence[int]]], merges: dict[str, list[str]]
) -> bytes:
    """A workbook called ``title`` of ``(name, rows, column widths)`` sheets, the first row of each bold and frozen.

    ``merges`` lists cell ranges to merge (``A2:A4``) per sheet title. Every text is written as
    text: none becomes a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    for empty in list(book.worksheets):
        book.remove(empty)
    book.properties.title = title
    book.properties.creator = "pmtasks"
    for name, rows, widths in sheets:
        ws = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                _safe_cell(cell, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if r == 1:
                    cell.font = Font(bold=True)
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[_column_letter(c)].width = width
        ws.freeze_panes = "A2"
        for cells in merges.get(name, []):
            ws.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return _reproducible(out.getvalue())


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _reproducible(data: bytes) -> bytes:
    """The same workbook bytes for the same plan: fixed times inside the zip and in its properties."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _fixed_times(content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


def _fixed_times(core: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>2000-01-01T00:00:00Z\2", core)
