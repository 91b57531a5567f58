"""The command line: the only package that imports typer. Commands are thin: parse, call, render."""

from collections.abc import Sequence

# Registration order is the order `pmtasks --help` lists the commands in.
from pmtasks.cli import (
    check,  # noqa: F401
    diff,  # noqa: F401
    read,  # noqa: F401
    timeline,  # noqa: F401
    write,  # noqa: F401
)
from pmtasks.cli.app import app
from pmtasks.cli.options import tolerate_any_encoding


def run(argv: Sequence[str]) -> int:
    """Run pmtasks with ``argv``; return the exit code."""
    tolerate_any_encoding()
    try:
        app(args=list(argv), prog_name="pmtasks", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
