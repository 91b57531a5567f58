"""diff: what changed in the plans between two git revisions."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.options import AsOfOpt, PlansOpt, choices, emit, request, show
from pmtasks.errors import EXIT_FINDINGS, EXIT_OK
from pmtasks.usecases.diff import DiffResult, run_diff
from pmtasks.usecases.diff import textconv as flat_lines

commands = typer.Typer()


# Each format shows the plan's changes, then the ledgers' when they changed (nothing when they did not).


def _text(result: DiffResult) -> None:
    from pmtasks.render.diff import diff_view

    show(diff_view(result.diff, result.sides))
    if not result.ledgers.empty:
        from pmtasks.render.ledger_diff import ledger_diff_view

        show(ledger_diff_view(result.ledgers))


def _markdown(result: DiffResult) -> None:
    from pmtasks.render.diff_data import diff_markdown
    from pmtasks.render.ledger_diff import ledger_diff_markdown

    emit(
        diff_markdown(result.diff, result.sides)
        + ("" if result.ledgers.empty else ledger_diff_markdown(result.ledgers))
    )


def _json(result: DiffResult) -> None:
    from pmtasks.render.diff_data import diff_json
    from pmtasks.render.ledger_diff import ledger_diff_json

    extra = None if result.ledgers.empty else {"ledgers": ledger_diff_json(result.ledgers)}
    emit(diff_json(result.diff, result.sides, extra))


FORMATS: dict[str, Callable[[DiffResult], None]] = {"text": _text, "markdown": _markdown, "json": _json}

if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", FORMATS)


@commands.command(
    epilog="Examples:  pmtasks diff  ·  pmtasks diff origin/main...HEAD --format markdown  ·  "
    "pmtasks diff v1 v2 --fail-on-slip  ·  pmtasks diff --cached --exit-code"
)
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
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text, markdown (a PR comment) or json.")] = "text",
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
        emit(flat_lines(textconv))
        return EXIT_OK
    result = run_diff(request(ctx, plans, as_of), revs or [], cached)
    FORMATS[fmt](result)
    return EXIT_FINDINGS if result.failed(exit_code, fail_on_slip) else EXIT_OK
