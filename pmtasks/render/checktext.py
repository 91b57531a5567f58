"""``check`` for people: findings grouped by file, coloured by severity, and a one-line summary.

Each finding is one line that starts with pmtasks's own text (its place in the file), and the
lines are printed without word wrapping, so task text can never begin a line of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.cells import cell_len
from rich.text import Text

from pmtasks.check.registry import Severity
from pmtasks.check.report import Report
from pmtasks.i18n import _
from pmtasks.render.findings import SEVERITY_WORDS, by_file, display_path, plain, summary_line
from pmtasks.render.glyphs import glyph
from pmtasks.text import truncate

TITLE_WIDTH = 24
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def _header(path: str) -> Text:
    return Text(display_path(path), style="bold underline")


def check_lines(report: Report) -> Iterator[Text]:
    for path, group in by_file(report):
        yield _header(path)
        width = max(len(f"{f.line}:{f.col}") for f in group)
        for f in group:
            line = Text(f"  {f.line}:{f.col}".ljust(width + 2) + "  ")
            severity = _(SEVERITY_WORDS[f.severity.value])
            line.append(severity + " " * max(0, 7 - cell_len(severity)), style=STYLE[f.severity])
            line.append(f"  {f.code}  ", style="dim")
            title = truncate(plain(f.title), TITLE_WIDTH, glyph("…")) if f.title else None
            line.append(plain(f.text(title)))
            yield line
        yield Text("")
    yield summary(report)


def summary(report: Report) -> Text:
    if report.failed:
        return Text(f"✖ {summary_line(report)}", style="bold red")
    if report.findings:
        return Text(f"⚠ {summary_line(report)}", style="yellow")
    return Text(f"✔ {summary_line(report)}", style="green")
