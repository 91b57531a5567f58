"""One way to make a Console and to put untrusted plan text into it, on any terminal (see ``glyphs``)."""

from __future__ import annotations

import sys
from typing import IO, Any

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from pmtasks.render.glyphs import BAR_WIDTH, ascii_only, bar_pieces, glyph, to_ascii
from pmtasks.text import clean


class _AsciiFile:
    """A text stream that writes ``to_ascii`` of what it is given; everything else is the stream's."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(to_ascii(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def make_console(file: IO[str] | None = None, stderr: bool = False) -> Console:
    """No markup, emoji or highlighting: plan text is shown as it is written.

    Colour follows Rich's rules: none when the output is not a terminal or NO_COLOR is set.
    """
    if ascii_only():
        file = _AsciiFile(file or (sys.stderr if stderr else sys.stdout))  # type: ignore[assignment]
    return Console(file=file, stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=False)


def safe(value: str | None, style: str = "", empty: str = "—") -> Text:
    """Plan text as a Text that can never act as markup or an escape sequence."""
    return Text(clean(value) if value else glyph(empty) if empty else "", style=style)


def bar(percent: int, width: int = BAR_WIDTH) -> Text:
    """`` 40% ████░░░░░░``: see :func:`pmtasks.render.glyphs.bar_pieces`."""
    text = Text()
    for piece, style in bar_pieces(percent, width):
        text.append(piece, style=style)
    return text


_RICH_TRUNCATE = Text.truncate


def _truncate(self: Text, max_width: int, *, overflow: Any = None, pad: bool = False) -> None:
    """Rich's truncate, except that a cut ends in the mark itself, never in a space and then ``…``.

    Rich pads a wide character that no longer fits with a space before its ellipsis (``需 …``);
    here the text is cut short of it instead, and in ASCII mode the mark is ``...``.
    """
    if (overflow or self.overflow) == "ellipsis" and cell_len(self.plain) > max_width:
        mark = glyph("…")
        room = max(0, max_width - cell_len(mark))
        kept, used = [], 0
        for ch in self.plain:
            used += cell_len(ch)
            if used > room:
                break
            kept.append(ch)
        self.plain = "".join(kept) + mark if max_width >= cell_len(mark) else mark[:max_width]
        if pad and cell_len(self.plain) < max_width:
            self.plain += " " * (max_width - cell_len(self.plain))
        return
    _RICH_TRUNCATE(self, max_width, overflow=overflow, pad=pad)


setattr(Text, "truncate", _truncate)  # noqa: B010  (one place; Rich offers no hook for its ellipsis)
