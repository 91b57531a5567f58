"""Drawing characters for the terminal at hand: Unicode, or ASCII only (no Rich here, so it loads fast).

A CJK terminal may draw East Asian "ambiguous" characters (box lines, ``…``, ``—``, ``█``) two
columns wide, which shifts every column after them; and a GBK console cannot show some of them at
all. ASCII mode (``--ascii``, ``PMTASKS_ASCII=1``, or on its own when the output's encoding cannot
encode the drawing characters) draws with ASCII only: multi-character replacements (``...``,
``<=``, ``->``) are chosen where text is made, so widths are measured right, and what is left is
mapped one character for one where the text is written, so no column ever moves.
"""

from __future__ import annotations

import unicodedata
from contextvars import ContextVar
from typing import Any

_ASCII: ContextVar[bool] = ContextVar("pmtasks_ascii", default=False)

# Multi-character ASCII forms, used where the text is made (so widths are measured right).
_WORDS = {"…": "...", "≤": "<=", "→": "->", "—": "-", "·": "-"}
# One character for one: what is left of the drawing characters, and typographic punctuation.
_ONE_FOR_ONE = str.maketrans(
    {
        **dict.fromkeys("─━═╌╍┄┅", "-"),
        **dict.fromkeys("│┃║┆┇┊┋", "|"),
        **dict.fromkeys("┌┐└┘├┤┬┴┼╭╮╰╯┏┓┗┛┡┩╇┣┫┳┻╋╞╡╪", "+"),
        "█": "#",
        "▓": "=",
        "▒": "=",
        "░": ".",
        "╳": "x",
        "▼": "v",
        "▲": "^",
        "↓": "v",
        "↑": "^",
        "→": ">",
        "←": "<",
        "≤": "<",
        "≥": ">",
        "…": ".",
        "—": "-",
        "–": "-",
        "·": "-",
        "•": "*",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "×": "x",
        "÷": "/",
        "°": "o",
        "±": "+",
        "✖": "x",
    }
)
_PROBE = "█░─…"  # an encoding that cannot write these gets ASCII drawing


def use_ascii(on: bool) -> None:
    """Draw with ASCII only from now on (or not), in this context."""
    _ASCII.set(on)


def ascii_only() -> bool:
    return _ASCII.get()


def needs_ascii(stream: Any) -> bool:
    """True when ``stream``'s encoding cannot write the drawing characters (GBK, cp936, ASCII)."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        _PROBE.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def glyph(char: str) -> str:
    """``char`` as drawn now: itself, or its ASCII form (``…`` → ``...``) in ASCII mode."""
    return _WORDS.get(char, char.translate(_ONE_FOR_ONE)) if ascii_only() else char


def to_ascii(text: str) -> str:
    """``text`` with no character a CJK terminal may draw two columns wide, one character for one."""
    out = text.translate(_ONE_FOR_ONE)
    if out.isascii():
        return out
    return "".join(ch if unicodedata.east_asian_width(ch) != "A" else "*" for ch in out)


def for_terminal(text: str) -> str:
    """Human text as it is written now: ``to_ascii`` of it in ASCII mode, else itself."""
    return to_ascii(text) if ascii_only() else text


BAR_WIDTH = 10  # cells of a progress bar at full width


def bar_pieces(percent: int, width: int = BAR_WIDTH) -> list[tuple[str, str]]:
    """`` 40% ████░░░░░░`` as (text, style) pieces: the number first, so a wide-glyph terminal cannot
    push it out of line."""
    filled = round(width * percent / 100)
    return [(f"{percent:>3}% ", ""), (glyph("█") * filled, "green"), (glyph("░") * (width - filled), "dim")]
