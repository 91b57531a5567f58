"""list: tasks, filtered and sorted."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli import completion
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
    request,
    show,
    task_filter,
)
from pmtasks.govern.colour import parse_colours
from pmtasks.usecases import read

commands = typer.Typer()


def _table(found: read.TaskList) -> None:
    from pmtasks.render.lean import plain_width, task_lines, write_lines

    width = plain_width() if found.tasks else None  # plainly no colour: Rich's console is not needed
    if width is None and found.tasks:
        from pmtasks.render.console import make_console

        console = make_console()
        width = console.width if console.color_system is None else None
    lines = task_lines(found.tasks, found.as_of, width) if width else None
    if lines is not None:  # no colour: the same table, drawn without Rich's layout engine
        write_lines(lines)
        return
    from pmtasks.render.tasks import task_table

    show(task_table(found.tasks, found.as_of, found.soon_days))


def _data(name: str) -> Callable[[read.TaskList], None]:
    def render(found: read.TaskList) -> None:
        from pmtasks.render import data

        emit(getattr(data, f"tasks_{name}")(found.tasks, found.as_of, found.soon_days))

    return render


FORMATS: dict[str, Callable[[read.TaskList], None]] = {
    "table": _table,
    "json": _data("json"),
    "csv": _data("csv"),
    "markdown": _data("markdown"),
}
if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", FORMATS)


@commands.command(
    "list",
    epilog=(
        "Examples:  pmtasks list --line IM --status todo  ·  pmtasks list --overdue --sort due  ·  "
        "pmtasks list --period Q4 --format csv > q4.csv  ·  pmtasks list --colour red"
    ),
)
def list_(
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
    colour: Annotated[
        list[str] | None,
        typer.Option(
            "--colour",
            "--color",
            metavar="COLOUR",
            show_default=False,
            help="red, yellow or green: the three-colour warning (红黄绿) as of the date (repeatable).",
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="KEY",
            help="plan, id, due, start, progress, status, line or owner.",
            autocompletion=completion.sort_keys,
        ),
    ] = "plan",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the sort order.")] = False,
    fmt: Annotated[
        Format, typer.Option("--format", "-f", help="table, json, csv (opens in Excel) or markdown.")
    ] = "table",
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """List tasks, filtered and sorted."""
    chosen = task_filter(line, track, period, status, owner, overdue, due_soon, due_within, search)
    FORMATS[fmt](read.list_tasks(request(ctx, plans, as_of), chosen, sort, reverse, parse_colours(colour or ())))
