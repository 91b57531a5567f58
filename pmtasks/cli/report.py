"""report: the weekly dispatch, monthly bulletin and quarterly review, in four formats."""

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.options import AsOfOpt, LineOpt, OwnerOpt, PlansOpt, choices, emit, request, show
from pmtasks.errors import UsageError
from pmtasks.govern.report import Report
from pmtasks.usecases.report import run_report

commands = typer.Typer()


class Kind(StrEnum):
    weekly = "weekly"
    monthly = "monthly"
    quarterly = "quarterly"


class Lang(StrEnum):
    en = "en"
    zh = "zh-CN"


def _text(report: Report, lang: str) -> str:
    from pmtasks.render.report_text import report_text

    return report_text(report, lang)


def _markdown(report: Report, lang: str) -> str:
    from pmtasks.render.report_md import report_markdown

    return report_markdown(report, lang)


def _html(report: Report, lang: str) -> str:
    from pmtasks.render.report_html import report_html

    return report_html(report, lang)


def _json(report: Report, lang: str) -> str:
    from pmtasks.render.report_json import report_json

    return report_json(report)


FORMATS: dict[str, Callable[[Report, str], str]] = {"text": _text, "markdown": _markdown, "html": _html, "json": _json}
if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", FORMATS)

WINDOW_OPTION = {Kind.weekly: "--week", Kind.monthly: "--month", Kind.quarterly: "--quarter"}


def _chosen(kind: Kind, given: dict[str, str | None]) -> str | None:
    """The window option that goes with ``kind``; another one is a usage error."""
    wanted = WINDOW_OPTION[kind]
    for name, value in given.items():
        if value is not None and name != wanted:
            raise UsageError(f"{name} does not go with `report {kind.value}`; use {wanted}")
    return given[wanted]


@commands.command(
    epilog="Examples:  pmtasks report weekly  ·  pmtasks report monthly --month 2026-11 --format markdown  ·  "
    "pmtasks report quarterly --quarter 2026Q4 --format html --output q4.html --lang zh-CN"
)
def report(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="weekly (周调度), monthly (月通报) or quarterly (季评估).")],
    week: Annotated[
        str | None, typer.Option("--week", metavar="YYYY-Www", help="The ISO week, e.g. 2026-W47.", show_default=False)
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", metavar="YYYY-MM", help="The month, e.g. 2026-11.", show_default=False)
    ] = None,
    quarter: Annotated[
        str | None, typer.Option("--quarter", metavar="YYYYQn", help="The quarter, e.g. 2026Q4.", show_default=False)
    ] = None,
    line: LineOpt = None,
    owner: OwnerOpt = None,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="text, markdown, html (one self-contained page) or json.")
    ] = "text",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", metavar="FILE", show_default=False, help="Write FILE (atomically) instead of printing."
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Headings and labels: en or zh-CN.")] = Lang.en,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """A governance report for the last full week, month or quarter before the as-of date."""
    chosen = _chosen(kind, {"--week": week, "--month": month, "--quarter": quarter})
    result = run_report(request(ctx, plans, as_of), kind.value, chosen, line or (), owner or ())
    if fmt == "text" and output is None:
        from pmtasks.render.report_text import report_view

        show(report_view(result, lang.value))
        return
    text = FORMATS[fmt](result, lang.value)
    if output is None:
        emit(text)
        return
    from pmtasks.write.store import write_output

    write_output(output, text.encode("utf-8"))
