"""check: the CI gate. Validation and deadline rules, reported in formats CI systems read."""

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.check.report import Report
from pmtasks.cli.options import AsOfOpt, PlansOpt, choices, emit, request
from pmtasks.errors import EXIT_FINDINGS, EXIT_OK
from pmtasks.plan.model import WARN_DAYS_MAX, CheckPolicy, Deadlines, FailOn
from pmtasks.usecases.check import run_check

commands = typer.Typer()


def _text(report: Report) -> None:
    from pmtasks.render.lean import plain_width

    if plain_width() is not None:  # plainly no colour: the lines' text is what the console would print
        from pmtasks.render.checktext import check_pieces
        from pmtasks.render.lean import write_lines

        write_lines(["".join(text for text, _style in pieces) for pieces in check_pieces(report)])
        return
    from pmtasks.render.checktext import check_lines
    from pmtasks.render.console import make_console

    console = make_console()
    for line in check_lines(report):
        console.print(line, soft_wrap=True)


def _github(report: Report) -> None:
    import secrets

    from pmtasks.render.annotations import report_github
    from pmtasks.render.lines import own_commands

    with own_commands():  # the one output whose lines may be workflow commands
        emit(report_github(report, secrets.token_hex(16)))


def _findings(name: str) -> Callable[[Report], None]:
    def render(report: Report) -> None:
        from pmtasks.render import findings

        emit(getattr(findings, f"report_{name}")(report))

    return render


FORMATS: dict[str, Callable[[Report], None]] = {
    "text": _text,
    "json": _findings("json"),
    "github": _github,
    "junit": _findings("junit"),
    "sarif": _findings("sarif"),
}
FROM_REPOSITORY_ROOT = {"github", "sarif"}  # formats whose readers look for files from the repository root

if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", ["auto", *FORMATS])


EXAMPLES = (
    "Examples:  pmtasks check  ·  pmtasks check --deadlines off"
    "  ·  pmtasks check --format junit > report.xml"
    "  ·  pmtasks check --as-of 2026-06-30 --fail-on warning  ·  pmtasks check --fail-on red"
)


@commands.command(epilog=EXAMPLES)
def check(
    ctx: typer.Context,
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            "-f",
            help="auto (github under GitHub Actions, else text), text, json, github, junit or sarif.",
        ),
    ] = "auto",
    deadlines: Annotated[
        Deadlines | None,
        typer.Option(
            "--deadlines",
            show_default=False,
            help="error: overdue tasks are errors; warn: they are warnings; "
            "off: validation only (for pre-commit). "
            f"Default: plan.yaml's check.deadlines, else {CheckPolicy.deadlines}.",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            show_default=False,
            help="Exit 1 on findings at or above this severity; red: on errors, and when any task is red "
            f"(三色督办). Default: plan.yaml's check.fail_on, else {CheckPolicy.fail_on}.",
        ),
    ] = None,
    warn_days: Annotated[
        int | None,
        typer.Option(
            "--warn-days",
            metavar="N",
            min=0,
            max=WARN_DAYS_MAX,
            show_default=False,
            help="Warn about open tasks due within N days. "
            f"Default: plan.yaml's check.warn_days, else {CheckPolicy.warn_days}.",
        ),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Validate the plan and apply the deadline rules; exit 1 on findings at --fail-on or above."""
    chosen = str(fmt)
    if chosen == "auto":
        chosen = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    asked = request(ctx, plans, as_of)
    report = run_check(
        asked,
        deadlines,
        fail_on,
        warn_days,
        from_repository_root=chosen in FROM_REPOSITORY_ROOT,
    )
    FORMATS[chosen](report)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        append_summary(summary_file, report)
    red = []
    if report.policy.fail_on == "red" and report.policy.deadlines != "off":
        from pmtasks.usecases.report import red_tasks  # the report's machinery, only when it is needed

        red = red_tasks(asked)
    if red:
        shown = ", ".join(red[:10]) + (f" and {len(red) - 10} more" if len(red) > 10 else "")
        listed = "`pmtasks list --colour red` lists them"
        sys.stderr.write(f"pmtasks: {len(red)} red as of {report.as_of}: {shown}; {listed}\n")
    return EXIT_FINDINGS if report.failed or red else EXIT_OK


def append_summary(path: str, report: Report) -> None:
    """Add the Markdown summary to the GitHub job summary file (appending, as GitHub expects)."""
    from pmtasks.render.annotations import step_summary

    try:
        with open(path, "a", encoding="utf-8") as out:
            out.write(step_summary(report))
    except OSError as exc:  # the findings are printed already; the summary is a courtesy
        sys.stderr.write(f"pmtasks: could not add to the job summary {path}: {exc.strerror}\n")
