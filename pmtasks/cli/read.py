"""status, list and show: reading the plan."""

from enum import StrEnum
from typing import Annotated

import typer

from pmtasks.cli.app import app
from pmtasks.cli.options import (
    AsOfOpt,
    DueWithinOpt,
    LineOpt,
    OverdueOpt,
    OwnerOpt,
    PeriodOpt,
    PlansOpt,
    SearchOpt,
    StatusOpt,
    TrackOpt,
    emit,
    guarded,
    request,
    task_filter,
)


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


@app.command(epilog="Examples:  pmtasks status  ·  pmtasks status --as-of 2026-06-30  ·  pmtasks status --format json")
@guarded
def status(
    ctx: typer.Context,
    fmt: Annotated[
        TextOrJson, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = TextOrJson.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """The dashboard: progress, overdue and due-soon counts per business line, and what is overdue."""
    from pmtasks.usecases.read import status as run_status

    board = run_status(request(ctx, plans, as_of))
    if fmt is TextOrJson.json:
        from pmtasks.render.data import dashboard_json

        emit(dashboard_json(board))
        return 0
    from pmtasks.render.console import make_console
    from pmtasks.render.tasks import status_view

    console = make_console()
    console.print(status_view(board, console.width))
    return 0


@app.command(
    "list",
    epilog=(
        "Examples:  pmtasks list --line IM --status todo  ·  pmtasks list --overdue --sort due  ·  "
        "pmtasks list --period Q4 --format csv > q4.csv"
    ),
)
@guarded
def list_(
    ctx: typer.Context,
    line: LineOpt = None,
    track: TrackOpt = None,
    period: PeriodOpt = None,
    status: StatusOpt = None,
    owner: OwnerOpt = None,
    overdue: OverdueOpt = False,
    due_within: DueWithinOpt = None,
    search: SearchOpt = None,
    sort: Annotated[
        str, typer.Option("--sort", metavar="KEY", help="plan, id, due, start, progress, status, line or owner.")
    ] = "plan",
    reverse: Annotated[bool, typer.Option("--reverse", help="Reverse the sort order.")] = False,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table, json, csv (opens in Excel) or markdown.")
    ] = ListFormat.table,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """List tasks, filtered and sorted."""
    from pmtasks.usecases.read import list_tasks

    chosen = task_filter(line, track, period, status, owner, overdue, due_within, search)
    found = list_tasks(request(ctx, plans, as_of), chosen, sort, reverse)
    tasks, day = found.tasks, found.as_of
    if fmt is ListFormat.table:
        from pmtasks.render.console import make_console
        from pmtasks.render.tasks import task_table

        make_console().print(task_table(tasks, day))
        return 0
    from pmtasks.render import data

    render = {
        ListFormat.json: data.tasks_json,
        ListFormat.csv: data.tasks_csv,
        ListFormat.markdown: data.tasks_markdown,
    }[fmt]
    emit(render(tasks, day))
    return 0


@app.command(epilog="Examples:  pmtasks show IM-1  ·  pmtasks show in-21 --format json")
@guarded
def show(
    ctx: typer.Context,
    task_id: Annotated[str, typer.Argument(metavar="ID", help="Task ID, in any case.")],
    fmt: Annotated[TextOrJson, typer.Option("--format", "-f", help="text or json.")] = TextOrJson.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """One task: every field, its period's goal and resources, and its log."""
    from pmtasks.usecases.read import show as run_show

    found = run_show(request(ctx, plans, as_of), task_id)
    plan, task, day = found.plan, found.task, found.as_of
    if fmt is TextOrJson.json:
        from pmtasks.render.data import task_json

        emit(task_json(task, day))
        return 0
    from pmtasks.render.console import make_console
    from pmtasks.render.tasks import task_view

    make_console().print(task_view(plan, task, day))
    return 0
