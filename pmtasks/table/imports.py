"""``pmtasks import``: a department's table (Markdown, CSV or Excel) made into plan files, checked by the loader."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

from pmtasks.errors import PlanInvalid, PmtasksError, UsageError
from pmtasks.plan.load import load_files
from pmtasks.plan.model import Plan
from pmtasks.table.draft import PlanDraft, assign_codes, read_lines
from pmtasks.table.grid import Grid, TableInvalid, find_columns, title_above
from pmtasks.table.readers import read_csv, read_markdown
from pmtasks.table.yamlwrite import plan_files


def _xlsx(data: bytes, path: str, sheet: str | None) -> Grid:
    from pmtasks.table.xlsx import read_xlsx

    return read_xlsx(data, path, sheet)


Reader = Callable[[bytes, str, str | None], Grid]
READERS: dict[str, Reader] = {
    ".md": lambda data, path, _sheet: read_markdown(data, path),
    ".markdown": lambda data, path, _sheet: read_markdown(data, path),
    ".txt": lambda data, path, _sheet: read_markdown(data, path),
    ".csv": lambda data, path, _sheet: read_csv(data, path),
    ".xlsx": _xlsx,
}


@dataclass(frozen=True)
class ImportAsk:
    """What the table cannot say itself: the plan's year, a code per business line, and so on."""

    year: int
    codes: Sequence[str] | None = None
    title: str | None = None
    org: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Imported:
    """The plan files to write (name → bytes), and the plan they load to."""

    files: dict[str, bytes]
    plan: Plan
    draft: PlanDraft


def read_grid(data: bytes, path: str, ask: ImportAsk) -> Grid:
    suffix = PurePath(path).suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise UsageError(f"cannot read {path}: a table is a .md or .txt (Markdown), .csv or .xlsx file")
    if ask.sheet is not None and suffix != ".xlsx":
        raise UsageError("a sheet can only be chosen in an Excel workbook (.xlsx)")
    grid = reader(data, path, ask.sheet)
    if grid.problems and not grid.rows:
        raise TableInvalid(grid.problems, path)
    return grid


def draft_plan(data: bytes, path: str, ask: ImportAsk) -> PlanDraft:
    """The plan the table describes; TableInvalid names every bad cell, CodesInvalid bad codes."""
    if not 1900 <= ask.year <= 2999:
        raise UsageError(f"{ask.year} is out of range; use a year from 1900 to 2999")
    grid = read_grid(data, path, ask)
    columns = find_columns(grid)
    lines = read_lines(grid, columns, ask.year)
    if not lines:
        raise PmtasksError(f"{path} has a header but no rows below it; nothing to import")
    assign_codes(lines, ask.codes)
    name = PurePath(path).name
    title = ask.title or grid.title or title_above(grid, columns.header_row) or PurePath(path).stem
    return PlanDraft(title.strip(), ask.year, lines, ask.org, name)


def import_table(data: bytes, path: str, ask: ImportAsk, folder: str) -> Imported:
    """The plan files for the table ``path`` (its bytes: ``data``), loaded as pmtasks will load them from ``folder``."""
    draft = draft_plan(data, path, ask)
    texts = plan_files(draft)
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    try:
        plan = load_files({str(PurePath(folder) / n): b for n, b in files.items()}, folder)
    except PlanInvalid as exc:
        first = "; ".join(str(p).replace("\n", " ") for p in exc.problems[:3])
        raise PmtasksError(
            f"the imported files would not load ({first}); nothing was written. "
            "This is a bug in pmtasks: please report it with the table"
        ) from None
    return Imported(files, plan, draft)
