"""status: the dashboard."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.options import AsOfOpt, PlansOpt, choices, emit, request
from pmtasks.plan.model import Plan
from pmtasks.query import Dashboard

if TYPE_CHECKING:  # the ledger machinery is imported only for a plan that has ledgers
    from pmtasks.ledger.query import LedgerCounts

commands = typer.Typer()


def _more(board: Dashboard) -> str:
    """The command that lists every overdue task, when the dashboard lists only a screenful."""
    return f"pmtasks list --overdue --sort due --as-of {board.as_of}"


def _plain(board: Dashboard, plan: Plan, ledgers: "LedgerCounts | None") -> bool:
    """Write the dashboard without Rich when the output plainly has no colour and Rich would draw
    nothing this cannot (no budget or KPI section, no ledgers); False when Rich must draw it."""
    from pmtasks.render.lean import plain_size, write_lines
    from pmtasks.render.status_plain import overdue_rows, status_lines

    size = plain_size()
    if size is None or ledgers is not None or plan.records_money or plan.has_kpis:
        return False
    width, height = size
    lines = status_lines(board, width, overdue_rows(board, height), _more(board))
    if lines is not None:
        write_lines(lines)
    return lines is not None


def _text(board: Dashboard, plan: Plan, ledgers: "LedgerCounts | None") -> None:
    if _plain(board, plan, ledgers):
        return
    from pmtasks.render.console import make_console
    from pmtasks.render.money import status_section
    from pmtasks.render.tasks import overdue_rows, status_view

    console = make_console()
    console.print(status_view(board, console.width, overdue_rows(board, console.height), _more(board)))
    section = status_section(plan, board.as_of)
    if section is not None:
        console.print(section)
    if ledgers is not None:
        from pmtasks.render.ledger import counts_line

        console.print(counts_line(ledgers))


def _json(board: Dashboard, plan: Plan, ledgers: "LedgerCounts | None") -> None:
    from pmtasks.render.data import dashboard_json
    from pmtasks.render.ledger_data import counts_record
    from pmtasks.render.money_data import status_money

    emit(dashboard_json(board, status_money(plan, board.as_of), counts_record(ledgers) if ledgers else None))


FORMATS: dict[str, Callable[[Dashboard, Plan, "LedgerCounts | None"], None]] = {"text": _text, "json": _json}
if TYPE_CHECKING:
    Format = str
else:
    Format = choices("Format", FORMATS)


@commands.command(
    epilog="Examples:  pmtasks status  ·  pmtasks status --as-of 2026-06-30  ·  pmtasks status --format json"
)
def status(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="text for people, json for scripts.")] = "text",
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The dashboard: progress, overdue and due-soon counts per business line, and what is overdue."""
    from pmtasks.usecases.ledger import status_with_ledgers

    FORMATS[fmt](*status_with_ledgers(request(ctx, plans, as_of)))
