"""show: one task."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli import completion
from pmtasks.cli.options import AsOfOpt, PlansOpt, choices, emit, request, show
from pmtasks.usecases import read

commands = typer.Typer()


def _text(found: read.OneTask) -> None:
    from pmtasks.render.lean import plain_width

    width = plain_width()  # plainly no colour: Rich's console is not needed for a task that fits
    if width is not None:
        from pmtasks.render.lean import write_lines
        from pmtasks.render.task_plain import task_lines

        lines = task_lines(found.plan, found.task, found.as_of, width)
        if lines is not None:
            write_lines(lines)
            return
    from pmtasks.render.tasks import task_view

    show(task_view(found.plan, found.task, found.as_of))


def _json(found: read.OneTask) -> None:
    from pmtasks.render.data import task_json

    emit(task_json(found.task, found.as_of, found.plan.check.warn_days))


FORMATS: dict[str, Callable[[read.OneTask], None]] = {"text": _text, "json": _json}
if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", FORMATS)


@commands.command("show", epilog="Examples:  pmtasks show IM-1  ·  pmtasks show in-21 --format json")
def show_(
    ctx: typer.Context,
    task_id: Annotated[
        str, typer.Argument(metavar="ID", help="Task ID, in any case.", autocompletion=completion.task_ids)
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text or json.")] = "text",
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """One task: every field, its period's goal and resources, and its log."""
    FORMATS[fmt](read.show(request(ctx, plans, as_of), task_id))
