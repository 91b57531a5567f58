"""kpi, budget, spend and effort: targets against actuals, money and person-days."""

from enum import StrEnum
from typing import Annotated

import typer

from pmtasks.cli.options import AsOfOpt, DryRunOpt, LineOpt, PlansOpt, confirm, emit, parse_date, request
from pmtasks.cli.write import DateOpt, IdArg
from pmtasks.render.writes import confirmation


class TableOrJson(StrEnum):
    table = "table"
    json = "json"


class BudgetFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class By(StrEnum):
    line = "line"
    period = "period"
    owner = "owner"
    plan = "plan"


RequiredNote = Annotated[
    str, typer.Option("--note", "-m", metavar="TEXT", show_default=False, help="What it was for (goes in the log).")
]

kpi_app = typer.Typer(
    no_args_is_help=False,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
commands = typer.Typer()
commands.add_typer(kpi_app, name="kpi")


@kpi_app.callback(
    epilog="Examples:  pmtasks kpi  ·  pmtasks kpi --line IM  ·  pmtasks kpi set IM/4-9月 落地示范项目 2",
)
def kpi(
    ctx: typer.Context,
    line: LineOpt = None,
    fmt: Annotated[TableOrJson, typer.Option("--format", "-f", help="table or json.")] = TableOrJson.table,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """List every KPI: target, actual, share met, and the pace (序时进度) of its period."""
    if ctx.invoked_subcommand is not None:
        return 0
    from pmtasks.usecases.money import list_kpis

    found = list_kpis(request(ctx, plans, as_of), tuple(line or ()))
    if fmt is TableOrJson.json:
        from pmtasks.render.money_data import kpis_json

        emit(kpis_json(found.states, found.as_of, found.plan.currency))
        return 0
    from pmtasks.render.console import make_console
    from pmtasks.render.money import kpi_table

    console = make_console()
    console.print(kpi_table(found.states, found.as_of, console.width))
    return 0


@kpi_app.command(
    "set",
    epilog="Examples:  pmtasks kpi set IM/4-9月 落地示范项目 2  ·  pmtasks kpi set plan 全年新签合同额 620 --dry-run",
)
def kpi_set(
    ctx: typer.Context,
    goal: Annotated[
        str, typer.Argument(metavar="LINE/PERIOD", help="A line's code or name and a period label, or `plan`.")
    ],
    name: Annotated[str, typer.Argument(metavar="NAME", help="The KPI's name.")],
    value: Annotated[str, typer.Argument(metavar="VALUE", help="The actual, a plain number (its unit is the KPI's).")],
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Set a KPI's actual value."""
    from pmtasks.usecases.money import set_kpi

    _, outcome = set_kpi(request(ctx, plans, as_of), goal, name, value, dry_run=dry_run)
    confirm(outcome.lines, outcome.diff, dry_run)
    return 0


@commands.command(
    epilog="Examples:  pmtasks budget  ·  pmtasks budget --by owner  ·  pmtasks budget --format csv > 预算.csv"
)
def budget(
    ctx: typer.Context,
    by: Annotated[By, typer.Option("--by", help="Group by line, period, owner, or the whole plan.")] = By.line,
    fmt: Annotated[BudgetFormat, typer.Option("--format", "-f", help="table, json or csv.")] = BudgetFormat.table,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Budgets against spending, and planned against used person-days, rolled up."""
    from pmtasks.usecases.money import budget as load_budget

    plan = load_budget(request(ctx, plans, as_of))
    if fmt is not BudgetFormat.table:
        from pmtasks.render.money_data import budget_csv, budget_json

        emit((budget_json if fmt is BudgetFormat.json else budget_csv)(plan, by.value))
        return 0
    from pmtasks.render.console import make_console
    from pmtasks.render.money import budget_view

    make_console().print(budget_view(plan, by.value))
    return 0


def _add(
    ctx: typer.Context,
    command: str,
    task_id: str,
    amount: str,
    note: str,
    day: str | None,
    dry_run: bool,
    plans: "PlansOpt",
    as_of: "AsOfOpt",
) -> int:
    from pmtasks.usecases.write import WriteAsk, apply_write

    asked = WriteAsk(command, note, parse_date(day, "--date"), amount=amount)
    outcome = apply_write(request(ctx, plans, as_of), [task_id], asked, dry_run=dry_run)
    confirm([confirmation(task, change) for task, change in outcome.changes], outcome.diff, dry_run)
    return 0


@commands.command(
    context_settings={"ignore_unknown_options": True},  # "-3万" is an amount to refuse, not an option
    epilog='Examples:  pmtasks spend IM-4 3万 --note "麓湖项目二期服务费"  ·  pmtasks spend IM-5 2,500元 -m 打印',
)
def spend(
    ctx: typer.Context,
    task_id: IdArg,
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Money spent: 3万, 12.5万元, 80,000 …")],
    note: RequiredNote,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Record money spent on a task: added to its `spent`, with a log entry."""
    return _add(ctx, "spend", task_id, amount, note, day, dry_run, plans, as_of)


@commands.command(
    context_settings={"ignore_unknown_options": True},  # "-3万" is an amount to refuse, not an option
    epilog='Examples:  pmtasks effort IM-4 5 --note "现场驻场"  ·  pmtasks effort IM-4 2.5人天 -m 评审',
)
def effort(
    ctx: typer.Context,
    task_id: IdArg,
    days: Annotated[str, typer.Argument(metavar="DAYS", help="Person-days used: 5, 2.5, 3人天 …")],
    note: RequiredNote,
    day: DateOpt = None,
    dry_run: DryRunOpt = False,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Record person-days used on a task: added to its `effort_actual`, with a log entry."""
    return _add(ctx, "effort", task_id, days, note, day, dry_run, plans, as_of)
