"""import and export: the department's table in (Markdown, CSV, Excel) and the plan out (Excel, iCalendar)."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.options import AsOfOpt, PlansOpt, choices, emit, request
from pmtasks.table.exports import EXPORTS
from pmtasks.text import clean

commands = typer.Typer()

if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", EXPORTS)


def _codes(value: str | None) -> list[str] | None:
    return None if value is None else [c.strip() for c in value.split(",") if c.strip()]


@commands.command(
    "import",
    epilog=(
        "Examples:  pmtasks import 工作任务清单.xlsx --line-codes IM,EC,EM,IN --year 2026 --out plans/2026  ·  "
        "pmtasks import table.csv --line-codes A,B --year 2027 --out plans/2027 --title 市场部2027年工作任务清单"
    ),
)
def import_(
    table: Annotated[
        Path,
        typer.Argument(metavar="TABLE", help="The table: .md or .txt (Markdown), .csv or .xlsx.", show_default=False),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", metavar="DIR", help="Folder to write plan.yaml and the line files into.", show_default=False
        ),
    ],
    year: Annotated[
        int,
        typer.Option(
            "--year",
            metavar="YEAR",
            min=1900,
            max=2999,
            show_default=False,
            help="The plan's year: 1-3月 means January to March of it.",
        ),
    ],
    line_codes: Annotated[
        str | None,
        typer.Option(
            "--line-codes",
            metavar="CODES",
            help="A short code per business line, in table order, comma-separated: IM,EC,EM,IN. "
            "They start the task IDs (IM-1, IM-2 …).",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TEXT",
            show_default=False,
            help="The plan's title. Default: the table's title, else its file name.",
        ),
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", metavar="TEXT", show_default=False, help="The department that owns the plan.")
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", metavar="NAME", show_default=False, help="The sheet to read in a workbook. Default: the first."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace plan files already in DIR.")] = False,
) -> None:
    """Make plan files from a department's table.

    The table has the columns 核心业务板块 | 具体任务 | 完成时限 | 所需资源 | 任务目标, one row per period.
    """
    from pmtasks.plan.load import display
    from pmtasks.render.table import import_summary
    from pmtasks.table.draft import CodesInvalid
    from pmtasks.table.imports import ImportAsk
    from pmtasks.table.store import WouldOverwrite
    from pmtasks.usecases.table import TableImport, run_import

    asked = TableImport(table, out, ImportAsk(year, _codes(line_codes), title, org, sheet), force)
    try:
        done = run_import(asked)
    except CodesInvalid as exc:
        raise typer.BadParameter(str(exc), param_hint="'--line-codes'") from None
    except WouldOverwrite as exc:
        raise WouldOverwrite(exc.paths, "Import into another folder, or pass --force to replace them") from None
    sys.stdout.write(import_summary([display(p) for p in done.written], done.plan, display(out)))


@commands.command(
    epilog=(
        "Examples:  pmtasks export --format xlsx --output 工作任务清单.xlsx  ·  "
        "pmtasks export --format ics > 截止日期.ics"
    ),
)
def export(
    ctx: typer.Context,
    fmt: Annotated[
        Format,
        typer.Option("--format", "-f", help="xlsx (a workbook for leaders) or ics (due dates for calendars)."),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            show_default=False,
            help="File to write. Default: standard output (ics only).",
        ),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Export the plan: the department's table and every task as a workbook, or the due dates as a calendar."""
    from pmtasks.usecases.table import export_plan

    if output is None and EXPORTS[fmt].binary:
        raise typer.BadParameter(
            "an Excel workbook is not text; give a file name, e.g. --output plan.xlsx", param_hint="'--output'"
        )
    data = export_plan(request(ctx, plans, as_of), fmt, output)
    if output is None:
        emit(data.decode("utf-8"))
        return
    from pmtasks.plan.load import display

    sys.stderr.write(f"wrote {clean(display(output))}\n")
