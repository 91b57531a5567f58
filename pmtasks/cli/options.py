"""Options every command shares, the request they resolve to, and how output is written."""

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from pmtasks.cli import completion
from pmtasks.i18n import _
from pmtasks.plan.model import CheckPolicy
from pmtasks.text import clean

if TYPE_CHECKING:
    from pmtasks.query import TaskFilter
    from pmtasks.usecases.context import Request


def parse_date(value: str | None, option: str = "--as-of") -> date | None:
    """Parse a date option; a bad value is a usage error (exit 2) that names the option."""
    if value is None or value == "":
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        problem = f"{value!r} is not a date; write YYYY-MM-DD, e.g. 2026-06-30"
    else:
        if 1900 <= day.year <= 2999:
            return day
        problem = f"{value!r} is out of range; use a year from 1900 to 2999"
    raise typer.BadParameter(problem, param_hint=f"'{option}'")


PlansOpt = Annotated[
    Path | None,
    typer.Option(
        "--plans",
        envvar="PMTASKS_PLANS",
        metavar="DIR",
        show_default=False,
        help="Plans folder (or one year's folder). Default: the nearest plans/ up to the git root.",
    ),
]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the diff it would write; write nothing.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        envvar="PMTASKS_AS_OF",
        metavar="DATE",
        show_default=False,
        help="Judge deadlines as of this date (YYYY-MM-DD). Default: today in the plan's timezone.",
    ),
]


@dataclass
class Globals:
    plans: Path | None = None
    as_of: str | None = None
    debug: bool = False
    language_given: bool = False  # --lang or PMTASKS_LANG: plan.yaml's lang: does not override it


def system_today(timezone: str) -> date:
    """The clock the command line runs with: today's date in ``timezone``."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(timezone)).date()


def request(ctx: typer.Context, plans: Path | None, as_of: str | None) -> "Request":
    """What the use cases run against. Options given after the subcommand win over those given before it."""
    from pmtasks.usecases.context import Request

    top = ctx.find_root().obj if isinstance(ctx.find_root().obj, Globals) else Globals()
    day = parse_date(as_of if as_of is not None else top.as_of)
    return Request(plans if plans is not None else top.plans, day, Path.cwd(), system_today, top.language_given)


LineOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--line",
        "-l",
        metavar="LINE",
        help="Business line name or code (repeatable).",
        show_default=False,
        autocompletion=completion.lines,
    ),
]
TrackOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--track",
        metavar="TRACK",
        help="Track (workstream) name (repeatable).",
        show_default=False,
        autocompletion=completion.tracks,
    ),
]
PeriodOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--period",
        "-p",
        metavar="PERIOD",
        help="A period label from the plan, or any period form (Q2, 3月, 2026-05) to match overlapping tasks.",
        show_default=False,
        autocompletion=completion.periods,
    ),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        "-s",
        metavar="STATUS",
        help="todo, doing, done, blocked or dropped (repeatable).",
        show_default=False,
        autocompletion=completion.statuses,
    ),
]
OwnerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--owner",
        "-o",
        metavar="OWNER",
        help="Owner (repeatable).",
        show_default=False,
        autocompletion=completion.owners,
    ),
]
OverdueOpt = Annotated[bool, typer.Option("--overdue", help="Only open tasks past their due date.")]
DueSoonOpt = Annotated[
    bool,
    typer.Option(
        "--due-soon",
        help="Only open tasks due within the plan's warning window "
        f"(plan.yaml's check.warn_days, else {CheckPolicy.warn_days}), as status and check count them.",
    ),
]
DueWithinOpt = Annotated[
    int | None,
    typer.Option(
        "--due-within",
        metavar="DAYS",
        min=0,
        max=3660,
        help="Only open tasks due within DAYS days.",
        show_default=False,
    ),
]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search",
        "-q",
        metavar="TEXT",
        help="Text to find in ID, title, owner, notes, track, business line or tags.",
        show_default=False,
    ),
]


def task_filter(
    line: list[str] | None,
    track: list[str] | None,
    period: list[str] | None,
    status: list[str] | None,
    owner: list[str] | None,
    overdue: bool,
    due_soon: bool,
    due_within: int | None,
    search: str | None,
) -> "TaskFilter":
    from pmtasks.plan.model import Status
    from pmtasks.query import TaskFilter

    statuses = []
    for name in status or ():
        try:
            statuses.append(Status(name.strip().lower()))
        except ValueError:
            raise typer.BadParameter(
                f"{name!r} is not a status; use todo, doing, done, blocked or dropped", param_hint="--status"
            ) from None
    return TaskFilter(
        lines=tuple(line or ()),
        tracks=tuple(track or ()),
        periods=tuple(period or ()),
        statuses=tuple(statuses),
        owners=tuple(owner or ()),
        overdue=overdue,
        due_soon=due_soon,
        due_within=due_within,
        search=search,
    )


def _is_utf8(stream: Any) -> bool:
    return (getattr(stream, "encoding", None) or "").replace("-", "").lower() in ("utf8", "utf8sig")


def tolerate_any_encoding() -> None:
    """On a terminal that is not UTF-8 (a GBK console), show '?' for what it cannot show, never crash."""
    for stream in (sys.stdout, sys.stderr):
        if not _is_utf8(stream) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


def emit(text: str) -> None:
    """Write machine-readable output (JSON, CSV, Markdown, XML …) as UTF-8, whatever the locale."""
    buffer = getattr(sys.stdout, "buffer", None)
    if _is_utf8(sys.stdout) or buffer is None:
        sys.stdout.write(text)
        return
    from pmtasks.render.lines import for_output

    sys.stdout.flush()
    buffer.write(for_output(text).encode("utf-8"))
    buffer.flush()


def choices(name: str, table: Iterable[str]) -> type[StrEnum]:
    """An enum of the keys of a command's table of renderers: typer builds ``--format``'s choices from it."""
    return cast("type[StrEnum]", StrEnum(name, {key: key for key in table}))


def show(renderable: object) -> None:
    """Print a Rich renderable for people, at the terminal's width."""
    from pmtasks.render.console import make_console

    make_console().print(renderable)


def confirm(lines: list[str], diff: str, dry_run: bool) -> None:
    """What a write did, a line each; in a dry run the diff it would write, and the lines on stderr."""
    from pmtasks.render.glyphs import for_terminal
    from pmtasks.text import escape_invisible

    if dry_run:
        # Off a terminal the patch is exact (it must apply); on one, nothing in it may act.
        emit(escape_invisible(diff) if sys.stdout.isatty() else diff)
        dry = _("{line} (dry run: nothing written)")
        sys.stderr.write("".join(dry.format(line=for_terminal(clean(line))) + "\n" for line in lines))
    else:
        sys.stdout.write("".join(f"{for_terminal(clean(line))}\n" for line in lines))
