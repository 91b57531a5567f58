"""history and trend: the plan's past, read from git."""

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.options import AsOfOpt, PlansOpt, choices, emit, parse_date, request
from pmtasks.git.trend import By, Every
from pmtasks.render import history as text
from pmtasks.render import history_data as data
from pmtasks.render import trend as trend_render
from pmtasks.usecases import history as usecase

commands = typer.Typer()


def _notes(notes: list[str]) -> None:
    import sys

    from pmtasks.i18n import _
    from pmtasks.text import clean

    for note in notes:
        sys.stderr.write("pmtasks: " + _("note: {note}").format(note=clean(note)) + "\n")


def _width() -> int:
    from pmtasks.render.console import make_console

    return make_console().width


def _day(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _window_name(result: usecase.ChangeLogResult) -> str:
    from pmtasks.i18n import _

    since, until = result.window.since or _("the start"), result.window.until or _("now")
    return _("{since} to {until}").format(since=since, until=until)


# Each table: format name → the text it prints (plain strings: no Rich is imported for them).
# history picks one of three tables by its arguments.
STORY: dict[str, Callable[[usecase.StoryResult], str]] = {
    "text": lambda r: text.story_text(r.story, _width()),
    "json": lambda r: data.story_json(r.story, r.notes),
    "csv": lambda r: data.story_csv(r.story),
}
CHANGES: dict[str, Callable[[usecase.ChangeLogResult], str]] = {
    "text": lambda r: text.change_log_text(r.log, _window_name(r), _width()),
    "json": lambda r: data.change_log_json(r.log, _day(r.window.since), _day(r.window.until), r.notes),
    "csv": lambda r: data.change_log_csv(r.log),
}
SLIPS: dict[str, Callable[[usecase.SlipsResult], str]] = {
    "text": lambda r: text.slips_text(r.report, _width()),
    "json": lambda r: data.slips_json(r.report, r.notes),
    "csv": lambda r: data.slips_csv(r.report),
}
TREND: dict[str, Callable[[usecase.TrendResult, bool], str]] = {
    "text": lambda r, ascii_only: trend_render.trend_text(r.trend, _width(), ascii_only),
    "json": lambda r, _: trend_render.trend_json(r.trend, r.notes),
    "csv": lambda r, _: trend_render.trend_csv(r.trend),
    "mermaid": lambda r, _: trend_render.trend_mermaid(r.trend, r.title or "plan"),
}


if TYPE_CHECKING:
    HistoryFormat = str
    TrendFormat = str
else:
    HistoryFormat = choices("HistoryFormat", STORY)
    TrendFormat = choices("TrendFormat", TREND)

SinceOpt = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", show_default=False, help="First day (YYYY-MM-DD) of the window."),
]
UntilOpt = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", show_default=False, help="Last day (YYYY-MM-DD) of the window, included."),
]
RangeOpt = Annotated[
    str | None,
    typer.Option(
        "--range",
        "-r",
        metavar="REV",
        show_default=False,
        help="A..B: the commits B adds to A. REV: the first-parent line of REV. Default: HEAD.",
    ),
]


@commands.command(
    epilog="Examples:  pmtasks history IM-2  ·  pmtasks history --since 2026-11-01 --until 2026-11-30  ·  "
    "pmtasks history --slips --format csv > slips.csv  ·  pmtasks history --range v1..v2 --format json"
)
def history(
    ctx: typer.Context,
    task_id: Annotated[
        str | None, typer.Argument(metavar="ID", show_default=False, help="A task: its story, oldest first.")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    revs: RangeOpt = None,
    slips: Annotated[
        bool, typer.Option("--slips", help="Tasks whose due date moved later: moves, days, who moved them.")
    ] = False,
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f", help="text, json or csv.")] = "text",
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """The plan's history from git: one task's story, the changes in a window, or the slips."""
    if task_id is not None and slips:
        raise typer.BadParameter("give a task ID or --slips, not both", param_hint="'--slips'")
    window = usecase.Window(revs, parse_date(since, "--since"), parse_date(until, "--until"))
    req = request(ctx, plans, as_of)
    name = str(fmt)
    if task_id is not None:
        story = usecase.story(req, task_id, window)
        _notes(story.notes)
        emit(STORY[name](story))
    elif slips:
        found = usecase.slip_report(req, window)
        _notes(found.notes)
        emit(SLIPS[name](found))
    else:
        changes = usecase.changes(req, window)
        _notes(changes.notes)
        emit(CHANGES[name](changes))
    return 0


@commands.command(
    epilog="Examples:  pmtasks trend  ·  pmtasks trend --every month --by line  ·  "
    "pmtasks trend --since 2026-09-01 --format mermaid > trend.md  ·  pmtasks trend --format csv"
)
def trend(
    ctx: typer.Context,
    every: Annotated[
        Every, typer.Option("--every", help="Sample the plan at the end of each week or month.")
    ] = Every.week,
    by: Annotated[By, typer.Option("--by", help="A series per business line, owner or period too.")] = By.none,
    since: SinceOpt = None,
    until: UntilOpt = None,
    revs: RangeOpt = None,
    ascii_only: Annotated[bool, typer.Option("--ascii", help="Draw the bars with ASCII only.")] = False,
    fmt: Annotated[
        TrendFormat, typer.Option("--format", "-f", help="text, json, csv, or mermaid (xychart-beta for Markdown).")
    ] = "text",
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Progress over time: mean progress against 序时进度 (the elapsed share of each task's span), done, overdue."""
    window = usecase.Window(revs, parse_date(since, "--since"), parse_date(until, "--until"))
    found = usecase.progress_trend(request(ctx, plans, as_of), every, by, window)
    _notes(found.notes)
    emit(TREND[str(fmt)](found, ascii_only))
    return 0
