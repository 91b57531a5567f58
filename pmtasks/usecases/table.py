"""The department's table in and out: import a table as plan files, export the plan as a workbook or a calendar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pmtasks.plan.load import display
from pmtasks.plan.model import Plan
from pmtasks.table.exports import EXPORTS
from pmtasks.table.imports import ImportAsk, import_table
from pmtasks.table.store import create_files, read_table, write_output
from pmtasks.usecases.context import Request


@dataclass(frozen=True)
class TableImport:
    """The table to read, the folder to write, what the table cannot say itself, and whether to replace files."""

    table: Path
    folder: Path
    ask: ImportAsk
    force: bool = False


@dataclass(frozen=True)
class Imported:
    """The files written (plan.yaml first, then the business lines in order) and the plan they load to."""

    written: list[Path]
    plan: Plan


def run_import(asked: TableImport) -> Imported:
    """Read the table, make the plan files, check that they load, and write them all or none."""
    made = import_table(read_table(asked.table), display(asked.table), asked.ask, display(asked.folder))
    return Imported(create_files(asked.folder, made.files, force=asked.force), made.plan)


def export_plan(request: Request, fmt: str, output: Path | None = None) -> bytes:
    """The plan as ``fmt`` (a key of EXPORTS) at the as-of date; written to ``output`` when given."""
    plan = request.load()
    data = EXPORTS[fmt].render(plan, request.day(plan))
    if output is not None:
        write_output(output, data)
    return data
