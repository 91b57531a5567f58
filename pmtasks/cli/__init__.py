"""The command line: the only package that imports typer. Commands are thin: parse, call, render."""

from collections.abc import Sequence


def run(argv: Sequence[str]) -> int:
    """Run pmtasks with ``argv``; return the exit code."""
    from pmtasks.cli.app import run as run_app

    return run_app(argv)
