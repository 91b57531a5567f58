"""The Typer application and its global options."""

from typing import Annotated

import typer

from pmtasks import __version__
from pmtasks.cli.options import AsOfOpt, Globals, PlansOpt, set_debug

app = typer.Typer(
    name="pmtasks",
    help="Read, check, update and draw a department's annual work plan kept as YAML in git.",
    epilog=(
        "Examples:  pmtasks status  ·  pmtasks list --overdue  ·  pmtasks show IM-1  ·  "
        "pmtasks done IM-1 --note 完成调研  ·  pmtasks timeline --by period  ·  pmtasks check  ·  "
        "pmtasks diff origin/main...HEAD"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pmtasks {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
    version: Annotated[
        bool | None, typer.Option("--version", is_eager=True, callback=_version, help="Print the version and exit.")
    ] = None,
) -> None:
    """Read, check, update and draw a department's annual work plan kept as YAML in git."""
    ctx.obj = Globals(plans, as_of, debug)
    set_debug(debug)
