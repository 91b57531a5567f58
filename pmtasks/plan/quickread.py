"""A task item in the plain layout pmtasks writes, read without the YAML parser.

Most task items are ``key: value`` lines with plain one-line values, lists such as
``tags: [方案, 重点]`` or ``- value`` lines, and a ``log:`` of one-line ``{key: value, …}`` entries. :func:`quick_read`
reads exactly that layout and returns what :func:`pmtasks.plan.yamlread.read_yaml` returns for it
(the same data, and the same place for every key and value); for anything else (quotes, comments,
blank lines, block text, anchors, values YAML would read as something other than text, a number or
a date, a duplicate key) it returns None, and the caller reads the item with the YAML parser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from pmtasks.plan.yamlread import MAX_SCALAR, Located

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STR = "tag:yaml.org,2002:str"
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW = frozenset(",[]{}:")  # not in a plain value inside brackets or braces
# The tag plain YAML gives a scalar (str, int, bool …): Resolver.resolve, typed here.
_resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = Resolver().resolve


_SEEN: dict[tuple[str, bool], Any] = {}
_SEEN_MAX = 100_000


class _Bail(Exception):
    """The item uses more of YAML than this reader reads."""


def quick_read(text: str, indent: int) -> Located | None:
    """The item ``text`` (what follows ``- `` on a line indented ``indent``), or None (see above)."""
    try:
        return _Item(text, indent).read()
    except _Bail:
        return None


def _scalar(text: str, flow: bool) -> Any:
    """A plain value as the loader reads it: text, a whole number or a date; anything else bails.

    Values repeat from item to item (owners, statuses, dates), so each is worked out once.
    """
    key = (text, flow)
    if key in _SEEN:
        return _SEEN[key]
    if len(_SEEN) >= _SEEN_MAX:
        _SEEN.clear()
    value = _SEEN[key] = _plain(text, flow)  # values are immutable: text, numbers and dates
    return value


def _plain(text: str, flow: bool) -> Any:
    if not text or len(text) > MAX_SCALAR or not text.isprintable() or text[0] in _INDICATORS:
        raise _Bail
    if text != text.strip() or ": " in text or " #" in text or text.endswith(":"):
        raise _Bail
    if flow and not _FLOW.isdisjoint(text):
        raise _Bail
    if text.isascii() and text.isdigit() and len(text) < 19:
        if text[0] != "0" or len(text) == 1:
            return int(text)
        raise _Bail
    if len(text) == 10 and text.isascii() and text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
        try:
            return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            raise _Bail from None
    if _resolve(ScalarNode, text, (True, False)) != _STR:
        raise _Bail
    return text


class _Item:
    def __init__(self, text: str, indent: int) -> None:
        self.lines = text.split("\n")
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.base = indent + 2  # the column of the item's keys
        self.located = Located()

    def read(self) -> Located:
        data: dict[str, Any] = {}
        values, keys, lines, base = self.located.values, self.located.keys, self.lines, self.base
        pad = " " * base
        values[()] = (1, base - 1)  # the dash
        values[(0,)] = (1, base + 1)
        number = 0
        while number < len(lines):
            line = lines[number]
            if number and not line.startswith(pad):
                raise _Bail
            body = line[base:] if number else line
            key, sep, rest = body.partition(":")
            if not _KEY.fullmatch(key) or key in data or (rest and rest[0] != " "):
                raise _Bail
            at = (0, key)
            keys[at] = (number + 1, base + 1)
            if rest:
                values[at] = (number + 1, base + len(key) + 3)
                value = rest[1:]
                data[key] = (
                    self._list(value, number, base + len(key) + 2, at)
                    if value.startswith("[")
                    else _scalar(value, False)
                )
                number += 1
            elif sep:
                data[key], number = self._entries(number + 1, at)
            else:
                raise _Bail
        if not data:
            raise _Bail
        self.located.data = [data]
        return self.located

    def _list(self, text: str, number: int, col: int, at: tuple[str | int, ...]) -> list[Any]:
        """``[a, b]``: plain values, each in its place."""
        if not text.endswith("]") or "[" in text[1:] or "]" in text[:-1]:
            raise _Bail
        inner = text[1:-1]
        if not inner:
            return []
        items = []
        offset = col + 1
        for index, part in enumerate(inner.split(", ")):
            self.located.values[(*at, index)] = (number + 1, offset + 1)
            items.append(_scalar(part, flow=True))
            offset += len(part) + 2
        return items

    def _entries(self, number: int, at: tuple[str | int, ...]) -> tuple[list[Any], int]:
        """The ``- {key: value, …}`` or ``- value`` lines below a key, two columns deeper."""
        dash = " " * (self.base + 2) + "- "
        entries: list[Any] = []
        while number < len(self.lines) and self.lines[number].startswith(dash):
            line = self.lines[number]
            if not entries:
                self.located.values[at] = (number + 1, self.base + 3)
            where = (*at, len(entries))
            self.located.values[where] = (number + 1, len(dash) + 1)
            if line.startswith("{", len(dash)):
                if not line.endswith("}"):
                    raise _Bail
                entries.append(self._mapping(line[len(dash) + 1 : -1], number, len(dash) + 1, where))
            else:
                entries.append(_scalar(line[len(dash) :], False))
            number += 1
        if not entries:
            raise _Bail  # `key:` with nothing below it, or below it in another layout
        return entries, number

    def _mapping(self, inner: str, number: int, col: int, at: tuple[str | int, ...]) -> dict[str, Any]:
        """The inside of ``{key: value, …}`` starting at column ``col`` (0-based)."""
        found: dict[str, Any] = {}
        while inner:
            key, sep, rest = inner.partition(": ")
            if not sep or not _KEY.fullmatch(key) or key in found:
                raise _Bail
            where = (*at, key)
            self.located.keys[where] = (number + 1, col + 1)
            value_col = col + len(key) + 2
            self.located.values[where] = (number + 1, value_col + 1)
            if rest.startswith("["):
                end = rest.find("]") + 1
                if not end:
                    raise _Bail
                found[key] = self._list(rest[:end], number, value_col, where)
            else:
                end = rest.find(", ") if ", " in rest else len(rest)
                found[key] = _scalar(rest[:end], flow=True)
            inner = rest[end:]
            if inner:
                if not inner.startswith(", "):
                    raise _Bail
                inner = inner[2:]
                if not inner:
                    raise _Bail
            col = value_col + end + 2
        if not found:
            raise _Bail
        return found
