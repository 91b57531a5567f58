"""ledger list|show|add|progress|done|verify: decision lists and rectification ledgers."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pmtasks.cli.options import AsOfOpt, DryRunOpt, Globals, PlansOpt, confirm, emit, parse_date, request
from pmtasks.text import clean

if TYPE_CHECKING:
    from pmtasks.write.store import Outcome

ledger_app = typer.Typer(no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
commands = typer.Typer()
commands.add_typer(ledger_app, name="ledger")


@ledger_app.callback(
    epilog="Examples:  pmtasks ledger list --overdue  ·  pmtasks ledger show ZG-1  ·  "
    "pmtasks ledger done ZG-1 --evidence https://git.example.com/pm/plans/pull/57"
)
def ledger(ctx: typer.Context, plans: PlansOpt = None, as_of: AsOfOpt = None) -> None:
    """Decision lists and rectification ledgers (决议清单、整改台账): plans/<year>/ledgers/*.yaml."""
    top = ctx.find_root().obj
    if isinstance(top, Globals):  # `pmtasks ledger --plans DIR list` as well as `pmtasks ledger list --plans DIR`
        top.plans = plans if plans is not None else top.plans
        top.as_of = as_of if as_of is not None else top.as_of


class Format(StrEnum):
    text = "text"
    json = "json"


IdArg = Annotated[str, typer.Argument(metavar="ID", help="Item ID, in any case.", show_default=False)]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", metavar="DATE", show_default=False, help="The log entry's date. Default: the as-of date."),
]
NoteOpt = Annotated[
    str | None, typer.Option("--note", "-m", metavar="TEXT", show_default=False, help="A note for the item's log.")
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="text for people, json for scripts.")]


@ledger_app.command(
    "list",
    epilog="Examples:  pmtasks ledger list  ·  pmtasks ledger list --kind rectification --status open  ·  "
    "pmtasks ledger list --owner 设计组 --overdue",
)
def list_(
    ctx: typer.Context,
    kind: Annotated[
        list[str] | None, typer.Option("--kind", "-k", metavar="KIND", help="decision or rectification (repeatable).")
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", "-s", metavar="STATUS", help="open, doing, done, verified or dropped (repeatable)."),
    ] = None,
    owner: Annotated[
        list[str] | None, typer.Option("--owner", "-o", metavar="OWNER", help="Owner (repeatable).")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open items past their due date.")] = False,
    fmt: FormatOpt = Format.text,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """List ledger items, filtered. `done` means awaiting verification; `verified` means signed off."""
    from datetime import date

    from pmtasks.ledger.query import ItemFilter, parse_kind, parse_state
    from pmtasks.usecases.ledger import list_items

    wanted = ItemFilter(
        date.min,  # the as-of date comes from the request
        tuple(parse_kind(k) for k in kind or ()),
        tuple(parse_state(s) for s in status or ()),
        tuple(owner or ()),
        overdue,
    )
    chosen, day = list_items(request(ctx, plans, as_of), wanted)
    if fmt is Format.json:
        from pmtasks.render.ledger_data import items_json

        emit(items_json(chosen, day))
        return 0
    from pmtasks.render.console import make_console
    from pmtasks.render.ledger import item_table

    make_console().print(item_table(chosen, day))
    return 0


@ledger_app.command(epilog="Examples:  pmtasks ledger show ZG-1  ·  pmtasks ledger show jy-2 --format json")
def show(
    ctx: typer.Context, item_id: IdArg, fmt: FormatOpt = Format.text, plans: PlansOpt = None, as_of: AsOfOpt = None
) -> int:
    """One item: every field, its source, its linked tasks (and whether they are all done), its log."""
    from pmtasks.usecases.ledger import show_item

    found, item = show_item(request(ctx, plans, as_of), item_id)
    day = found.as_of
    if fmt is Format.json:
        from pmtasks.render.data import dumps
        from pmtasks.render.ledger_data import item_record

        emit(dumps({"as_of": day.isoformat(), "item": item_record(item, day)}))
        return 0
    from pmtasks.render.console import make_console
    from pmtasks.render.ledger import item_view

    console = make_console()
    console.print(item_view(found.plan, item, day, console.width))
    return 0


@ledger_app.command(
    epilog="Examples:  pmtasks ledger add --source 2026-q2-review.yaml --meeting 2026年第二季度工作评估会 "
    "--date 2026-07-10 --kind decision --title 编制代建服务标准 --owner 经营组 --due 2026-09-30 "
    "--acceptance 标准经部门会审定发布 --tasks EC-3,EC-5"
)
def add(
    ctx: typer.Context,
    source: Annotated[
        Path, typer.Option("--source", metavar="FILE", help="The ledger file: a name in plans/<year>/ledgers/.")
    ],
    kind: Annotated[str, typer.Option("--kind", "-k", metavar="KIND", help="decision or rectification.")],
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="What was decided, or what was found.")],
    owner: Annotated[str, typer.Option("--owner", metavar="OWNER", help="Who is responsible (责任主体).")],
    due: Annotated[str, typer.Option("--due", metavar="DATE", help="The deadline (时间节点), YYYY-MM-DD.")],
    acceptance: Annotated[
        str, typer.Option("--acceptance", metavar="TEXT", help="The standard it is accepted against (考核标准).")
    ],
    measures: Annotated[
        str | None, typer.Option("--measures", metavar="TEXT", help="For a rectification: the measures (整改措施).")
    ] = None,
    tasks: Annotated[
        str | None, typer.Option("--tasks", metavar="IDS", help="Linked task IDs, comma-separated: IM-1,IM-2.")
    ] = None,
    meeting: Annotated[
        str | None, typer.Option("--meeting", metavar="NAME", help="A new file's source: the meeting's name.")
    ] = None,
    inspection: Annotated[
        str | None, typer.Option("--inspection", metavar="NAME", help="A new file's source: the inspection's name.")
    ] = None,
    source_date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="A new file's source date (the meeting's day).")
    ] = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Add an item to a ledger file and print its new ID. A missing file is started with its source."""
    from pmtasks.git.repo import git_author
    from pmtasks.ledger.edits import NewItem
    from pmtasks.ledger.model import Source
    from pmtasks.ledger.query import parse_kind
    from pmtasks.usecases.ledger import add as add_to_ledger
    from pmtasks.usecases.ledger import load_ledgers
    from pmtasks.write.edits import checked_text

    req = request(ctx, plans, as_of)
    new_source = None
    if meeting is not None and inspection is not None:
        raise typer.BadParameter("give --meeting or --inspection, not both", param_hint="--meeting")
    if meeting is not None or inspection is not None or source_date is not None:
        name = checked_text(meeting if meeting is not None else inspection, "source name")
        day = parse_date(source_date, "--date")
        if name is None or day is None:
            raise typer.BadParameter(
                "a new ledger file needs --meeting NAME (or --inspection NAME) and --date DATE", param_hint="--date"
            )
        new_source = Source("meeting" if meeting is not None else "inspection", name, day, "")
    due_day = parse_date(due, "--due")
    assert due_day is not None
    linked = tuple(t.strip() for t in (tasks or "").split(",") if t.strip())
    new = NewItem(
        parse_kind(kind),
        str(checked_text(title, "title")),
        str(checked_text(owner, "owner")),
        due_day,
        str(checked_text(acceptance, "acceptance")),
        load_ledgers(req).as_of,
        git_author(req.year_folder()),
        checked_text(measures, "measures"),
        linked,
    )
    item_id, outcome = add_to_ledger(req, source, new, new_source, dry_run=dry_run)
    if dry_run:
        _confirm(outcome, True)
    else:
        sys.stdout.write(f"{clean(item_id)}\n")
    return 0


def _write(ctx: typer.Context, plans: Path | None, as_of: str | None, item_id: str, dry_run: bool, **asked: Any) -> int:
    """Run progress, done or verify on one item: decide the change, write it (or show it), confirm it."""
    from pmtasks.usecases.ledger import ItemAsk, apply_item

    ask = ItemAsk(**asked)
    _confirm(apply_item(request(ctx, plans, as_of), item_id, ask, dry_run=dry_run), dry_run)
    return 0


@ledger_app.command(epilog='Examples:  pmtasks ledger progress ZG-1 --note "已完成二层复核"')
def progress(
    ctx: typer.Context,
    item_id: IdArg,
    note: Annotated[str, typer.Option("--note", "-m", metavar="TEXT", help="What was done (goes in the log).")],
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Record progress on an item: a log entry; an open item becomes doing."""
    return _write(ctx, plans, as_of, item_id, dry_run, command="progress", day=parse_date(day, "--date"), note=note)


@ledger_app.command(
    epilog="Examples:  pmtasks ledger done ZG-2 --evidence https://git.example.com/pm/plans/pull/57  ·  "
    "pmtasks ledger done JY-3 --evidence 3f2a1c9 --evidence docs/客户分层维护名单.xlsx --note 名单已发布"
)
def done(
    ctx: typer.Context,
    item_id: IdArg,
    evidence: Annotated[
        list[str],
        typer.Option(
            "--evidence",
            "-e",
            metavar="EVIDENCE",
            help="A commit, a file path in the repository (checked at HEAD), or a URL. Repeatable; required.",
        ),
    ],
    note: NoteOpt = None,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Mark an item done, with evidence anyone can follow. A commit must exist; a path must exist at HEAD."""
    return _write(
        ctx,
        plans,
        as_of,
        item_id,
        dry_run,
        command="done",
        day=parse_date(day, "--date"),
        note=note,
        evidence=tuple(evidence),
    )


@ledger_app.command(epilog="Examples:  pmtasks ledger verify ZG-1  ·  pmtasks ledger verify ZG-1 --as 王芳")
def verify(
    ctx: typer.Context,
    item_id: IdArg,
    as_name: Annotated[
        str | None,
        typer.Option("--as", metavar="NAME", help="Who verifies (recorded). Default: git config user.name."),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option("--date", metavar="DATE", show_default=False, help="verified_on. Default: the as-of date."),
    ] = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Sign off (销号) a done item: records verified_by and verified_on. Refused for the item's owner."""
    return _write(
        ctx, plans, as_of, item_id, dry_run, command="verify", day=parse_date(day, "--date"), verifier=as_name
    )


def _confirm(outcome: "Outcome", dry_run: bool) -> None:
    confirm(outcome.lines, outcome.diff, dry_run)
