"""The Typer application: its global options, and the group that loads each command on demand.

``pmtasks NAME`` imports only the module of NAME (see :mod:`pmtasks.cli.commands`), and every
command it loads runs inside the error boundary of :mod:`pmtasks.cli.boundary`.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer import _click as click  # the click that typer ships and uses
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from pmtasks import __version__, i18n
from pmtasks.cli.boundary import guarded
from pmtasks.cli.commands import COMMANDS, READS
from pmtasks.cli.options import AsOfOpt, Globals, PlansOpt, tolerate_any_encoding
from pmtasks.render.glyphs import needs_ascii, use_ascii
from pmtasks.render.lines import guarded as guarded_streams

try:
    from pmtasks.cli.params import convert_directly
except ImportError:  # a typer whose internals have moved converts every value itself, only more slowly

    def convert_directly(params: list[click.Parameter]) -> None:
        return None


_LISTING = "pmtasks.listing"  # set in ctx.meta while the help lists the commands


class LazyGroup(TyperGroup):
    """Commands come from the table in :mod:`pmtasks.cli.commands`, imported when they run."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if ctx.meta.get(_LISTING):  # the help needs only the name and the one-line help
            return TyperCommand(cmd_name, short_help=entry.help)
        module = importlib.import_module(entry.module)
        command = typer.main.get_group(module.commands).get_command(ctx, cmd_name)
        if command is None or command.callback is None:
            raise LookupError(f"{entry.module} defines no command {cmd_name!r}")
        if cmd_name in READS:
            command.callback = _collector_paused(command.callback)
        _guard(command)
        return command

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        return _tuned(super().get_params(ctx))

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        ctx.meta[_LISTING] = True
        try:
            super().format_help(ctx, formatter)
        finally:
            ctx.meta[_LISTING] = False


def _guard(command: click.Command) -> None:
    """Put the command, and each subcommand of a group (``kpi set``), inside the error boundary."""
    if command.callback is not None:
        command.callback = guarded(command.callback)
    plain_flags(command)
    if isinstance(command, TyperGroup):
        for sub in command.commands.values():
            _guard(sub)


def _collector_paused(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Run a read command with the garbage collector paused: it builds many long-lived objects and
    little garbage, and a full collection over a large plan costs more than the memory it frees."""

    @functools.wraps(callback)
    def paused(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return callback(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


def plain_flags(command: click.Command) -> None:
    """A flag takes no value, so its help shows none (typer would print ``<bool>`` beside it).

    The command's values are also converted directly (see :mod:`pmtasks.cli.params`).
    """
    params = command.get_params
    command.get_params = lambda ctx: _tuned(params(ctx))  # type: ignore[method-assign]


def _tuned(params: list[click.Parameter]) -> list[click.Parameter]:
    """No ``<bool>`` beside a flag (it takes no value), no ``<list[str]>`` beside ``ID...``; direct conversion."""
    convert_directly(params)
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
        elif isinstance(param, TyperArgument) and param.nargs != 1:
            param.display_type_rich = _no_type  # type: ignore[method-assign]
    return params


def _no_type(ctx: click.Context) -> None:
    return None


app = typer.Typer(
    cls=LazyGroup,
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
    ascii_only: Annotated[
        bool,
        typer.Option(
            "--ascii",
            envvar="PMTASKS_ASCII",
            help="Draw with ASCII only (for terminals that draw ambiguous characters wide). On by itself "
            "when the output's encoding cannot show the drawing characters (GBK).",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="LANG",
            show_default=False,
            help="en or zh-CN. Default: PMTASKS_LANG, then plan.yaml's lang:, then the locale (LANG …), then en.",
        ),
    ] = None,
    version: Annotated[
        bool | None, typer.Option("--version", is_eager=True, callback=_version, help="Print the version and exit.")
    ] = None,
) -> None:
    """Read, check, update and draw a department's annual work plan kept as YAML in git."""
    if lang is not None and i18n.normalize(lang) is None:
        raise typer.BadParameter(f"{lang!r} is not a language pmtasks speaks; use en or zh-CN", param_hint="'--lang'")
    given = i18n.normalize(lang) or i18n.normalize(os.environ.get("PMTASKS_LANG"))
    i18n.use(given or i18n.choose(None, os.environ))
    ctx.obj = Globals(plans, as_of, debug, language_given=given is not None)
    use_ascii(ascii_only or needs_ascii(sys.stdout))


def run(argv: Sequence[str]) -> int:
    """Run pmtasks with ``argv``; return the exit code."""
    tolerate_any_encoding()
    stdout, stderr = sys.stdout, sys.stderr
    with guarded_streams(stdout, stderr) as (sys.stdout, sys.stderr):  # no line may be a CI command
        try:
            app(args=list(argv), prog_name="pmtasks", standalone_mode=True)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.stdout, sys.stderr = stdout, stderr
    return 0
