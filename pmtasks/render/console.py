"""One way to make a Console and to put untrusted plan text into it."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.text import Text

from pmtasks.text import clean

BAR_WIDTH = 10


def make_console(file: IO[str] | None = None, stderr: bool = False) -> Console:
    """No markup, emoji or highlighting: plan text is shown as it is written.

    Colour follows Rich's rules: none when the output is not a terminal or NO_COLOR is set.
    """
    return Console(file=file, stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=False)


def safe(value: str | None, style: str = "", empty: str = "—") -> Text:
    """Plan text as a Text that can never act as markup or an escape sequence."""
    return Text(clean(value) if value else empty, style=style)


def bar(percent: int, width: int = BAR_WIDTH) -> Text:
    """`` 40% ████░░░░░░``: the number first, so a wide-glyph terminal cannot push it out of line."""
    filled = round(width * percent / 100)
    text = Text(f"{percent:>3}% ")
    text.append("█" * filled, style="green")
    text.append("░" * (width - filled), style="dim")
    return text
