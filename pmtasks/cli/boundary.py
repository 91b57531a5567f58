"""The one error boundary, applied by the application to every command it loads.

Expected errors become a message and their exit code, never a traceback; a bug becomes one
line (exit 4), with the traceback only under ``--debug`` or PMTASKS_DEBUG.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from typing import ParamSpec

import typer
from typer._click.globals import get_current_context  # the click that typer ships

from pmtasks.errors import EXIT_CANNOT_PROCEED, EXIT_INTERNAL, EXIT_INTERRUPTED, PlanInvalid, PmtasksError
from pmtasks.i18n import N_, _
from pmtasks.render.glyphs import for_terminal
from pmtasks.text import clean

P = ParamSpec("P")


def _err(text: str) -> None:
    sys.stderr.write(for_terminal(clean(text)) + "\n")


# What the core calls an input or a situation (PmtasksError.subject), as the command line spells it.
OPTION_OF = {
    "line": "--line",
    "track": "--track",
    "period": "--period",
    "cached": "--cached",
    "colour": "--colour",
    "source": "--source",
    "tasks": "--tasks:",
    "kind": "--kind",
    "status": "--status",
}
REMEDY_OF = {
    "window": N_("give --from before --to"),
    "plans-missing": N_("run pmtasks inside a plan repository, or pass --plans DIR / set PMTASKS_PLANS"),
    "plans-file": N_("--plans takes the plans folder (or one year's folder)"),
    "plans-folder": N_("pass --plans DIR or set PMTASKS_PLANS"),
    "plans-in-git": N_("pass --plans DIR to name the plans folder"),
    "source-exists": N_("--meeting, --inspection and --date are only for starting a new ledger file"),
    "source-missing": N_("to start it give --meeting NAME --date DATE (or --inspection NAME --date DATE)"),
    "evidence": N_("--evidence takes a commit, a file in the repository, or a URL such as the pull request's"),
    "verifier": N_("set `git config user.name`, or pass --as NAME"),
    "id-numbers": N_("give the new task's ID with --id"),
    "cached-conflicts": N_("resolve them and `git add` the files, or compare the working tree (without --cached)"),
}


def usage_message(exc: PmtasksError) -> str:
    """The core's message in the command line's words: the option first, the remedy after."""
    text = str(exc)
    if exc.subject in OPTION_OF:
        text = f"{OPTION_OF[exc.subject]} {text}"
    if exc.subject in REMEDY_OF:
        text = _("{message}; {remedy}").format(message=text, remedy=_(REMEDY_OF[exc.subject]))
    return text


def report_invalid(exc: PlanInvalid) -> None:
    for problem in exc.problems:
        _err(f"{problem.path}:{problem.line}:{problem.col}: {problem.message}")
        if problem.hint:
            _err("  " + _("hint: {hint}").format(hint=problem.hint))
    _err(f"pmtasks: {exc}")


def _debug_requested() -> bool:
    """The global --debug option of this invocation (kept on the root context, not in a global)."""
    ctx = get_current_context(silent=True)
    return bool(ctx is not None and getattr(ctx.find_root().obj, "debug", False))


def guarded(func: Callable[P, int | None]) -> Callable[P, None]:
    """``func`` inside the error boundary; the exit code it returns becomes the process's."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            code = func(*args, **kwargs)
        except PlanInvalid as exc:
            report_invalid(exc)
            raise typer.Exit(exc.exit_code) from None
        except PmtasksError as exc:
            _err(f"pmtasks: {usage_message(exc)}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            _err("pmtasks: interrupted")
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors: typer reports them
            raise
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as exc:  # a file that cannot be read or written: not a bug, say which
            where = f" {exc.filename}" if exc.filename else ""
            _err(
                f"pmtasks: cannot use{where}: {exc.strerror or exc}; "
                "check that it exists and that you may read and write it"
            )
            raise typer.Exit(EXIT_CANNOT_PROCEED) from None
        except Exception as exc:  # the one place a bug is caught: say so in one line
            if os.environ.get("PMTASKS_DEBUG") or _debug_requested():
                traceback.print_exc()
            _err(
                f"pmtasks: internal error ({type(exc).__name__}: {exc}). This is a bug: please report it "
                "with the command you ran. Run again with --debug to see the traceback."
            )
            raise typer.Exit(EXIT_INTERNAL) from None
        if code:
            raise typer.Exit(code)

    return wrapper
