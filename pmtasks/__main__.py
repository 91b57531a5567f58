"""Entry point. ``--version`` answers here, before typer, rich or pydantic are imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from pmtasks import __version__

        sys.stdout.write(f"pmtasks {__version__}\n")
        raise SystemExit(0)
    from pmtasks.cli import run

    leave(run(sys.argv[1:]))


def leave(code: int) -> None:
    """End the process with ``code`` once the output is flushed, without tearing the interpreter down.

    Taking apart a few hundred modules and their objects one by one costs a read command about
    a tenth of its time, and pmtasks leaves nothing behind that needs it: every file it writes is
    closed before the command returns, it starts no threads and registers no exit handlers. When
    flushing the output fails (a closed pipe), the ordinary exit reports it as it always did.
    """
    import os

    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None
    os._exit(code)


if __name__ == "__main__":
    main()
