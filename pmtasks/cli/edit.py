"""add, drop, reschedule, edit and move: changing the plan itself, each change logged."""

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.options import AsOfOpt, PlansOpt, emit, parse_date, request

commands = typer.Typer()

if TYPE_CHECKING:
    from pmtasks.write.transaction import Result


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


IdsArg = Annotated[list[str], typer.Argument(metavar="ID", help="Task IDs, in any case.", show_default=False)]
IdArg = Annotated[str, typer.Argument(metavar="ID", help="Task ID, in any case.", show_default=False)]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the diff it would write; write nothing.")]
FormatOpt = Annotated[TextOrJson, typer.Option("--format", "-f", help="text for people, json for scripts.")]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="DATE", show_default=False, help="The log entry's date (YYYY-MM-DD). Default: the as-of date."
    ),
]
ReasonOpt = Annotated[
    str | None, typer.Option("--reason", "-r", metavar="TEXT", show_default=False, help="Why (goes in the log).")
]
NoteOpt = Annotated[
    str | None, typer.Option("--note", "-m", metavar="TEXT", show_default=False, help="A note for the task's log.")
]
StartOpt = Annotated[str | None, typer.Option("--start", metavar="DATE", show_default=False, help="Start date.")]
DueOpt = Annotated[str | None, typer.Option("--due", metavar="DATE", show_default=False, help="Due date.")]
TrackOpt = Annotated[
    str | None,
    typer.Option(
        "--track",
        metavar="TRACK",
        show_default=False,
        help="The period's track, when a line has two periods with the same dates.",
    ),
]
Many = Annotated[list[str] | None, typer.Option(metavar="TEXT", show_default=False)]


def _report(command: str, result: "Result", dry_run: bool, fmt: TextOrJson, *, id_only: bool = False) -> int:
    """What the command did, as text (``add`` prints the new ID alone on stdout) or JSON."""
    from pmtasks.render.edit_report import edit_json, edit_lines

    if fmt is TextOrJson.json:
        emit(edit_json(command, result, dry_run))
        return 0
    out, err = edit_lines(result, dry_run)
    if id_only and not dry_run:
        out, err = "".join(f"{s.task_id}\n" for s in result.steps), out + err
    emit(out)
    sys.stderr.write(err)
    return 0


@commands.command(
    epilog=(
        'Examples:  pmtasks add --line IM --period 4-9月 "梳理麓湖项目复盘材料" --owner 市场组 --tag 复盘  ·  '
        "pmtasks add -l EC -p 5-9月 --id EC-20 --due 2026-08-31 --depends EC-3 新增任务  ·  "
        "pmtasks add -l IM --new-period 2027年1-3月 --goal 启动新年度计划 梳理需求  ·  "
        'id=$(pmtasks add -l IM -p Q2 "复盘")'
    )
)
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="What is to be done.", show_default=False)],
    line: Annotated[str, typer.Option("--line", "-l", metavar="LINE", help="Business line name or code.")],
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            "-p",
            metavar="PERIOD",
            show_default=False,
            help="An existing period of the line (its label, or the same dates: Q2 = 4-6月).",
        ),
    ] = None,
    new_period: Annotated[
        str | None,
        typer.Option(
            "--new-period",
            metavar="PERIOD",
            show_default=False,
            help="Add this period to the line first (needs --goal).",
        ),
    ] = None,
    goal: Annotated[
        str | None, typer.Option("--goal", metavar="TEXT", show_default=False, help="The new period's goal.")
    ] = None,
    track: TrackOpt = None,
    task_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            show_default=False,
            help="The new task's ID. Default: the line's code and the next free number.",
        ),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", metavar="OWNER", show_default=False, help="A person or a team.")
    ] = None,
    start: StartOpt = None,
    due: DueOpt = None,
    depends: Annotated[
        list[str] | None,
        typer.Option("--depends", metavar="ID", show_default=False, help="A task it waits for (repeatable)."),
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", show_default=False, help="A tag (repeatable).")
    ] = None,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = TextOrJson.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Add a task at the end of a period; print its ID."""
    from pmtasks.errors import UsageError
    from pmtasks.usecases import edit as usecase
    from pmtasks.write.plan_commands import NewTask

    if (period is None) == (new_period is None):
        raise UsageError("give the task's period: --period PERIOD, or --new-period PERIOD --goal TEXT")
    if new_period is not None and goal is None:
        raise UsageError("a new period needs its goal: add --goal TEXT")
    ask = NewTask(
        title,
        line,
        period or new_period or "",
        track,
        task_id,
        owner,
        parse_date(start, "--start"),
        parse_date(due, "--due"),
        tuple(depends or ()),
        tuple(tag or ()),
        note,
    )
    result = usecase.add(
        request(ctx, plans, as_of),
        ask,
        goal if new_period is not None else None,
        parse_date(day, "--date"),
        dry_run=dry_run,
    )
    return _report("add", result, dry_run, fmt, id_only=True)


@commands.command(
    epilog=(
        "Examples:  pmtasks drop IM-9 --reason 雄安公司项目取消  ·  "
        "pmtasks drop IM-9 IM-10 -r 并入IM-8 --dry-run  ·  pmtasks drop IM-2 -r 不再需要 --force"
    )
)
def drop(
    ctx: typer.Context,
    ids: IdsArg,
    reason: ReasonOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Drop it even though open tasks depend on it.")] = False,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = TextOrJson.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Drop tasks from the plan (status dropped), saying why."""
    from pmtasks.usecases import edit as usecase

    result = usecase.drop(request(ctx, plans, as_of), ids, reason, force, parse_date(day, "--date"), dry_run=dry_run)
    return _report("drop", result, dry_run, fmt)


@commands.command(
    epilog=(
        "Examples:  pmtasks reschedule IM-4 --due 2026-10-31 --reason 业主图纸延迟  ·  "
        "pmtasks reschedule IM-4 --start 2026-05-01 --due 2026-06-30 -r 人手调整 --dry-run  ·  "
        "pmtasks reschedule IM-6 --due 2026-11-15 -r 汇报延期 --move-period"
    )
)
def reschedule(
    ctx: typer.Context,
    task_id: IdArg,
    due: DueOpt = None,
    start: StartOpt = None,
    reason: ReasonOpt = None,
    move_period: Annotated[
        bool,
        typer.Option(
            "--move-period",
            help="If the new due date is outside the task's period, move the task "
            "to the period of its line that holds it.",
        ),
    ] = False,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = TextOrJson.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Move a task's due date (and start), with the reason in its log."""
    from pmtasks.errors import UsageError
    from pmtasks.usecases import edit as usecase
    from pmtasks.write.plan_commands import NewDates

    if due is None and start is None:
        raise UsageError("give the new date: --due DATE (and --start DATE if it moves too)")
    ask = NewDates(parse_date(start, "--start"), parse_date(due, "--due"), reason, move_period)
    result = usecase.reschedule(request(ctx, plans, as_of), task_id, ask, parse_date(day, "--date"), dry_run=dry_run)
    return _report("reschedule", result, dry_run, fmt)


@commands.command(
    epilog=(
        'Examples:  pmtasks edit IM-5 --title "记录服务流程并复盘"  ·  pmtasks edit IM-5 --tag 复盘 --untag 旧  ·  '
        "pmtasks edit IM-6 --depends IM-5  ·  pmtasks edit IM-6 --clear notes  ·  "
        "pmtasks edit IM-6 --due 2026-09-15 --reason 提前汇报"
    )
)
def edit(
    ctx: typer.Context,
    task_id: IdArg,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", show_default=False, help="New title.")] = None,
    notes: Annotated[
        str | None, typer.Option("--notes", metavar="TEXT", show_default=False, help="New notes (one line).")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", metavar="TAG", show_default=False, help="Add a tag (repeatable).")
    ] = None,
    untag: Annotated[
        list[str] | None, typer.Option("--untag", metavar="TAG", show_default=False, help="Remove a tag (repeatable).")
    ] = None,
    depends: Annotated[
        list[str] | None,
        typer.Option("--depends", metavar="ID", show_default=False, help="Add a dependency (repeatable)."),
    ] = None,
    undepend: Annotated[
        list[str] | None,
        typer.Option("--undepend", metavar="ID", show_default=False, help="Remove a dependency (repeatable)."),
    ] = None,
    start: StartOpt = None,
    due: DueOpt = None,
    clear: Annotated[
        list[str] | None,
        typer.Option(
            "--clear",
            metavar="KEY",
            show_default=False,
            help="Remove a key: owner, notes, start, due, tags or depends (repeatable).",
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", "-r", metavar="TEXT", show_default=False, help="Why the dates move (the policy may require it)."
        ),
    ] = None,
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = TextOrJson.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Change a task's title, notes, tags, dependencies or dates."""
    from pmtasks.usecases import edit as usecase
    from pmtasks.write.field_edits import Changes
    from pmtasks.write.plan_commands import NewDates

    ask = Changes(
        title,
        notes,
        tuple(tag or ()),
        tuple(untag or ()),
        tuple(depends or ()),
        tuple(undepend or ()),
        tuple(c.strip() for c in clear or ()),
        NewDates(parse_date(start, "--start"), parse_date(due, "--due"), reason),
        note,
    )
    result = usecase.edit(request(ctx, plans, as_of), task_id, ask, parse_date(day, "--date"), dry_run=dry_run)
    return _report("edit", result, dry_run, fmt)


@commands.command(
    epilog=(
        "Examples:  pmtasks move IM-6 --period 10-12月  ·  pmtasks move IM-9 IM-10 --period Q4 --dry-run  ·  "
        "pmtasks move EM-4 --line IM --period 10-12月"
    )
)
def move(
    ctx: typer.Context,
    ids: IdsArg,
    period: Annotated[str, typer.Option("--period", "-p", metavar="PERIOD", help="The period to move to.")],
    line: Annotated[
        str | None,
        typer.Option(
            "--line",
            "-l",
            metavar="LINE",
            show_default=False,
            help="The business line to move to. Default: the task's own.",
        ),
    ] = None,
    track: TrackOpt = None,
    dry_run: DryRunOpt = False,
    fmt: FormatOpt = TextOrJson.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Move tasks, with their comments and log, to another period or business line."""
    from pmtasks.usecases import edit as usecase

    result = usecase.move(request(ctx, plans, as_of), ids, period, line, track, dry_run=dry_run)
    return _report("move", result, dry_run, fmt)
