"""The last guard on every line pmtasks prints: no line may act as a CI workflow command.

A GitHub Actions runner reads a log line as a command when, after leading blanks, it starts
with ``::``. Plan text can put ``::`` at the start of a line in many ways: a long note wrapped
by a table, a title on a line of its own in a diff, a file name at the start of a message. So
rather than escaping each case, both output streams go through :class:`GuardedStream`, which
puts a ``'`` before the ``::`` of any such line (in place of the blank before it, when there is
one, so the line keeps its width). Only ``check --format github`` prints its own commands, inside
:func:`own_commands`.

The guard also keeps the streams valid UTF-8: a lone surrogate (an undecodable byte of a file
name that reached the output unescaped) is written as U+FFFD instead of failing the command.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any, TextIO, cast

MARK = "'"
_LINE_END = "\n\r"
_SURROGATE = re.compile("[\ud800-\udfff]")
_STATE = {"commands": False}


def guard_line(line: str) -> str:
    """``line`` with a ``'`` before a leading ``::`` (after blanks); any other line unchanged."""
    body = line.lstrip()
    if not body.startswith("::"):
        return line
    blanks = len(line) - len(body)
    if blanks and line[blanks - 1] == " ":
        return line[: blanks - 1] + MARK + body
    return line[:blanks] + MARK + body


def guard_text(text: str) -> str:
    """:func:`guard_line` applied to each line of ``text`` (split at LF and CR, as CI runners do)."""
    if "::" not in text:
        return text
    return "".join(guard_line(part) for part in re.split(r"(?<=[\r\n])", text))


def valid_utf8(text: str) -> str:
    """``text`` with lone surrogates replaced, so that it always encodes as UTF-8."""
    try:
        text.encode("utf-8")  # about twice as fast as the search on the long texts of large plans
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
    return text


def for_output(text: str) -> str:
    """What the guard makes of ``text``, for output written past the streams (raw bytes)."""
    return valid_utf8(text if _STATE["commands"] else guard_text(text))


@contextlib.contextmanager
def own_commands() -> Iterator[None]:
    """Let pmtasks's own workflow commands (``check --format github``) through the guard."""
    _STATE["commands"] = True
    try:
        yield
    finally:
        _STATE["commands"] = False


class GuardedStream:
    """A text stream that writes to ``target`` line by line through :func:`guard_line`.

    Only the start of a line is held back, and only while it is blanks and at most one ``:``,
    so output is never delayed past the point where the guard can decide.
    """

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.pending = ""  # the start of the current line, while it may still become "  ::"
        self.at_start = True

    def write(self, text: Any) -> int:
        if not isinstance(text, str):
            return int(self.target.write(text))  # bytes: let the text stream refuse them
        if _STATE["commands"]:
            self.release()
            self.target.write(valid_utf8(text))
            self.at_start = text[-1:] in ("\n", "\r") if text else self.at_start
            return len(text)
        if "::" not in text and not self.pending:
            return self._write_plain(text)
        out: list[str] = []
        for part in re.split(r"(?<=[\r\n])", text):
            if part:
                out.append(self._part(part))
        if out:
            self.target.write(valid_utf8("".join(out)))
        return len(text)

    def _write_plain(self, text: str) -> int:
        """Write ``text`` that holds no ``::`` (so no whole line in it needs the guard) at once.

        Only its last, unended line may still become one (``:`` here, ``:`` in the next write):
        that goes through :meth:`_part` as usual."""
        end = max(text.rfind("\n"), text.rfind("\r")) + 1
        if end:
            self.at_start = True
        out = text[:end] + (self._part(text[end:]) if end < len(text) else "")
        if out:
            self.target.write(valid_utf8(out))
        return len(text)

    def _part(self, part: str) -> str:
        """Guard one piece that ends a line or is the end of the text written."""
        if not self.at_start:
            self.at_start = part[-1] in _LINE_END
            return part
        line = self.pending + part
        self.pending = ""
        ended = line[-1] in _LINE_END
        if not ended and line.lstrip() in ("", ":"):
            self.pending = line  # blanks so far: the guard cannot decide yet
            return ""
        self.at_start = ended
        return guard_line(line)

    def release(self) -> None:
        """Write what is held back (blanks that never became a line start of ``::``)."""
        if self.pending:
            self.target.write(self.pending)
            self.at_start = False
            self.pending = ""

    def flush(self) -> None:
        self.target.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target, name)


@contextlib.contextmanager
def guarded(stdout: TextIO, stderr: TextIO) -> Iterator[tuple[TextIO, TextIO]]:
    """Both streams behind the guard while the block runs; what is held back is written at the end."""
    out, err = GuardedStream(stdout), GuardedStream(stderr)
    try:
        yield cast(TextIO, out), cast(TextIO, err)
    finally:
        for stream in (out, err):
            stream.release()
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
