"""Entry point. ``--version`` answers here, before typer, rich or pydantic are imported."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from pmtasks import __version__

        sys.stdout.write(f"pmtasks {__version__}\n")
        raise SystemExit(0)
    from pmtasks.cli import run

    raise SystemExit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
