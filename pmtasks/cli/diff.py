"""diff: what changed in the plans between two git revisions."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pmtasks.cli.app import app
from pmtasks.cli.options import AsOfOpt, PlansOpt, emit, guarded, request
from pmtasks.errors import EXIT_FINDINGS, EXIT_OK


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command(
    epilog="Examples:  pmtasks diff  ·  pmtasks diff origin/main...HEAD --format markdown  ·  "
    "pmtasks diff v1 v2 --fail-on-slip  ·  pmtasks diff --cached --exit-code"
)
@guarded
def diff(
    ctx: typer.Context,
    revs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="BASE [HEAD]",
            show_default=False,
            help="No revision: HEAD against the working tree. BASE: BASE against the working tree. "
            "A...B: the merge base of A and B against B (a pull request's view). A..B or A B: A against B.",
        ),
    ] = None,
    cached: Annotated[
        bool, typer.Option("--cached", "--staged", help="Compare with the index (what is staged).")
    ] = False,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown (a PR comment) or json.")
    ] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything changed.")] = False,
    fail_on_slip: Annotated[
        bool,
        typer.Option("--fail-on-slip", help="Exit 1 when a due date moved later or a task was removed."),
    ] = False,
    textconv: Annotated[
        Path | None,
        typer.Option(
            "--textconv",
            metavar="FILE",
            show_default=False,
            help="Print one plan file as flat lines for a git textconv driver, and exit.",
        ),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Compare the plans at two git revisions: tasks added, removed, rescheduled, reassigned, updated."""
    if textconv is not None:
        from pmtasks.usecases.diff import textconv as flat_lines

        emit(flat_lines(textconv))
        return 0
    from pmtasks.usecases.diff import run_diff

    result = run_diff(request(ctx, plans, as_of), revs or [], cached)
    if fmt is DiffFormat.text:
        from pmtasks.render.console import make_console
        from pmtasks.render.diff import diff_view

        make_console().print(diff_view(result.diff, result.sides))
    else:
        from pmtasks.render.diff_data import diff_json, diff_markdown

        emit((diff_json if fmt is DiffFormat.json else diff_markdown)(result.diff, result.sides))
    return EXIT_FINDINGS if result.failed(exit_code, fail_on_slip) else EXIT_OK
