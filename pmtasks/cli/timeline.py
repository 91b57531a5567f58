"""timeline: the plan as a Gantt chart in the terminal, or as Mermaid for Markdown."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.options import (
    AsOfOpt,
    DueSoonOpt,
    DueWithinOpt,
    LineOpt,
    OverdueOpt,
    OwnerOpt,
    PeriodOpt,
    PlansOpt,
    SearchOpt,
    StatusOpt,
    TrackOpt,
    choices,
    emit,
    parse_date,
    request,
    task_filter,
)
from pmtasks.timeline import By, Scale
from pmtasks.usecases import read

commands = typer.Typer()


@dataclass(frozen=True)
class Drawing:
    """How the text chart is drawn."""

    scale: Scale
    ascii_only: bool


def _text(found: read.Timeline, drawing: Drawing) -> None:
    from pmtasks.render.glyphs import ascii_only
    from pmtasks.render.lean import plain_width
    from pmtasks.render.timeline import Chart, timeline_plain

    chart = Chart(found.plan.title, found.rows, *found.window, drawing.scale, found.as_of, found.plan.year)
    width = plain_width()  # plainly no colour: the lines' characters are what the console would print
    lines = timeline_plain(chart, width, drawing.ascii_only or ascii_only()) if width is not None else None
    if lines is not None:
        from pmtasks.render.lean import write_lines

        write_lines(lines)
        return
    from pmtasks.render.console import make_console
    from pmtasks.render.timeline_rich import timeline_view

    console = make_console()
    console.print(timeline_view(chart, console.width, drawing.ascii_only or ascii_only()))


def _mermaid(found: read.Timeline, drawing: Drawing) -> None:
    from pmtasks.render.mermaid import charts, markdown

    emit(markdown(charts(found.plan.title, found.rows, found.as_of)))


FORMATS: dict[str, Callable[[read.Timeline, Drawing], None]] = {"text": _text, "mermaid": _mermaid}
WINDOWED = {"text"}  # the formats drawn in a window of dates (--from, --to)

if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", FORMATS)

ByOpt = Annotated[By, typer.Option("--by", help="One bar per task, per period (rolled up) or per business line.")]
ScaleOpt = Annotated[Scale, typer.Option("--scale", help="Axis steps: week, month or quarter.")]
FromOpt = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        show_default=False,
        help="First day shown. Default: the plan's year, widened to hold every bar.",
    ),
]
ToOpt = Annotated[
    str | None, typer.Option("--to", metavar="DATE", show_default=False, help="Last day shown. Default: as for --from.")
]
AsciiOpt = Annotated[
    bool,
    typer.Option(
        "--ascii",
        help=(
            "Draw bars and borders with ASCII only. Box-drawing and block characters (█ ░ │ ┌) are 'ambiguous width': "
            "many CJK terminals draw them two columns wide and the grid misaligns."
        ),
    ),
]
FormatOpt = Annotated[
    Format,
    typer.Option(
        "--format",
        "-f",
        help=(
            "text for the terminal; mermaid for gantt charts in Markdown "
            "(--from, --to, --scale and --ascii do not apply)."
        ),
    ),
]


@commands.command(
    epilog="Examples:  pmtasks timeline  ·  pmtasks timeline --by period  ·  "
    "pmtasks timeline --line IM --scale week --from 2026-03-01 --to 2026-06-30  ·  "
    "pmtasks timeline --ascii  ·  pmtasks timeline --format mermaid > timeline.md"
)
def timeline(
    ctx: typer.Context,
    line: LineOpt = None,
    track: TrackOpt = None,
    period: PeriodOpt = None,
    status: StatusOpt = None,
    owner: OwnerOpt = None,
    overdue: OverdueOpt = False,
    due_soon: DueSoonOpt = False,
    due_within: DueWithinOpt = None,
    search: SearchOpt = None,
    by: ByOpt = By.TASK,
    scale: ScaleOpt = Scale.MONTH,
    start: FromOpt = None,
    end: ToOpt = None,
    ascii_only: AsciiOpt = False,
    fmt: FormatOpt = "text",
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """A Gantt chart of the plan: bars from start to due, progress filled, coloured by state, the as-of date marked."""
    chosen = task_filter(line, track, period, status, owner, overdue, due_soon, due_within, search)
    window = (parse_date(start, "--from"), parse_date(end, "--to")) if fmt in WINDOWED else None
    FORMATS[fmt](read.timeline(request(ctx, plans, as_of), chosen, by, window), Drawing(scale, ascii_only))
