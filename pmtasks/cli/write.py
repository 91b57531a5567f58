"""start, done, block, reopen, progress, assign and note: marking progress in the plan files."""

from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli import completion
from pmtasks.cli.options import AsOfOpt, DryRunOpt, PlansOpt, confirm, parse_date, request
from pmtasks.render.writes import confirmation

commands = typer.Typer()

if TYPE_CHECKING:
    from pmtasks.usecases.context import Request

IdsArg = Annotated[
    list[str],
    typer.Argument(metavar="ID", help="Task IDs, in any case.", show_default=False, autocompletion=completion.task_ids),
]
IdArg = Annotated[
    str,
    typer.Argument(metavar="ID", help="Task ID, in any case.", show_default=False, autocompletion=completion.task_ids),
]
OwnerArg = Annotated[str, typer.Argument(metavar="OWNER", help="A person or a team.", autocompletion=completion.owners)]
NoteOpt = Annotated[
    str | None, typer.Option("--note", "-m", metavar="TEXT", show_default=False, help="A note for the task's log.")
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="DATE", show_default=False, help="The log entry's date (YYYY-MM-DD). Default: the as-of date."
    ),
]
ReasonOpt = Annotated[str, typer.Option("--reason", "-r", metavar="TEXT", help="Why it is blocked (goes in the log).")]
PctArg = Annotated[str, typer.Argument(metavar="PCT", help="Whole number 0-100: 1-99 is doing, 100 is done.")]
TextArg = Annotated[str, typer.Argument(metavar="TEXT", help="The note for the task's log.")]


def _write(
    req: "Request",
    ids: list[str],
    command: str,
    note: str | None,
    day: str | None,
    dry_run: bool,
    percent: int | None = None,
    owner: str | None = None,
) -> int:
    """Run one write command and confirm what it did (or, in a dry run, would do)."""
    from pmtasks.usecases.write import WriteAsk, apply_write

    asked = WriteAsk(command, note, parse_date(day, "--date"), percent, owner)
    outcome = apply_write(req, ids, asked, dry_run=dry_run)
    confirm([confirmation(task, change) for task, change in outcome.changes], outcome.diff, dry_run)
    return 0


@commands.command(epilog="Examples:  pmtasks start IM-1  ·  pmtasks start IM-1 IM-2 --note 已启动")
def start(
    ctx: typer.Context,
    ids: IdsArg,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Mark tasks as doing."""
    return _write(request(ctx, plans, as_of), ids, "start", note, day, dry_run)


@commands.command(epilog="Examples:  pmtasks done IM-3 --note 验收通过  ·  pmtasks done IM-3 --dry-run")
def done(
    ctx: typer.Context,
    ids: IdsArg,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Mark tasks as done: status done, progress 100."""
    return _write(request(ctx, plans, as_of), ids, "done", note, day, dry_run)


@commands.command(epilog="Examples:  pmtasks block EC-2 --reason 等待业主确认图纸")
def block(
    ctx: typer.Context,
    task_id: IdArg,
    reason: ReasonOpt,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Mark a task as blocked, saying why."""
    from pmtasks.usecases.write import block_note

    full = block_note(reason, note)
    return _write(request(ctx, plans, as_of), [task_id], "block", full, day, dry_run)


@commands.command(epilog="Examples:  pmtasks reopen IM-3 --note 验收未通过")
def reopen(
    ctx: typer.Context,
    task_id: IdArg,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Reopen a done, dropped or blocked task: doing if it has progress, else todo."""
    return _write(request(ctx, plans, as_of), [task_id], "reopen", note, day, dry_run)


@commands.command(
    context_settings={"ignore_unknown_options": True},  # "- 文本" is a note, "-5" a percentage to refuse
    epilog="Examples:  pmtasks progress IM-4 60 -m 已进场  ·  pmtasks progress IM-4 100",
)
def progress(
    ctx: typer.Context,
    task_id: IdArg,
    pct: PctArg,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Set a task's progress in percent."""
    from pmtasks.write.edits import percent

    try:
        value = percent(pct)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="PCT") from None
    return _write(request(ctx, plans, as_of), [task_id], "progress", note, day, dry_run, percent=value)


@commands.command(epilog="Examples:  pmtasks assign IM-1 市场组  ·  pmtasks assign IM-1 张伟 -m 交接")
def assign(
    ctx: typer.Context,
    task_id: IdArg,
    owner: OwnerArg,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Give a task an owner."""
    return _write(request(ctx, plans, as_of), [task_id], "assign", note, day, dry_run, owner=owner)


@commands.command(
    context_settings={"ignore_unknown_options": True},  # "- 文本" is a note, "-5" a percentage to refuse
    epilog='Examples:  pmtasks note IM-4 "麓湖项目已进场"',
)
def note(
    ctx: typer.Context,
    task_id: IdArg,
    text: TextArg,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Add a note to a task's log, changing nothing else."""
    return _write(request(ctx, plans, as_of), [task_id], "note", text, day, dry_run)
