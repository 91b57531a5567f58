"""``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, in a third of the time.

With an indent, the standard library encodes in Python, a generator per container; for thousands
of task records that is most of ``--format json``. Here strings are escaped by the same C function
the standard encoder uses and each container is one loop. Only what the JSON formats hold is
handled (dicts with string keys, lists, strings, integers, booleans and null); anything else
(a float, a tuple, a key that is not a string) is left to :func:`json.dumps` whole, so the text
is always what it would write.

Long lists of objects that all have the same keys (a task list's records) go faster still: a
:class:`Shape` encodes their keys once, and each object's values are written straight into place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from types import NoneType
from typing import Any

# The standard encoder's own string escaping, in C. Importing it from the accelerator module rather
# than json.encoder spares a command that writes no JSON the json package (its decoder and scanner).
try:
    from _json import encode_basestring
except ImportError:  # pragma: no cover - a Python without the accelerator
    from json.encoder import encode_basestring

STEP = "  "


class _Other(Exception):
    """A value this encoder leaves to the standard one."""


class Encoded:
    """JSON text :func:`indented` puts where it stands, as it is: what :meth:`Shape.encode` wrote for that depth."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Shape:
    """Objects with these keys in this order, written at ``indent`` (the depth of their opening brace).

    :meth:`encode` writes what :func:`indented` writes for ``dict(zip(keys, values))`` there, a key's
    values at a time: a column of strings is escaped by one call of the C function per value, with no
    Python code between them.
    """

    def __init__(self, keys: Sequence[str], indent: str) -> None:
        if not keys:
            raise ValueError("a shape needs a key")
        inner = indent + STEP
        self.keys = tuple(keys)
        self.indent = indent
        self._prefixes = tuple(
            ("{\n" if i == 0 else ",\n") + inner + encode_basestring(key) + ": " for i, key in enumerate(self.keys)
        )
        self._end = "\n" + indent + "}"
        self._open, self._between, self._close = "[\n" + inner + STEP, ",\n" + inner + STEP, "\n" + inner + "]"

    def encode(self, columns: Iterable[Sequence[Any]]) -> list[str]:
        """The objects whose values are ``columns``: for each key in order, its value in each object."""
        columns = list(columns)
        if len(columns) != len(self.keys) or any(len(values) != len(columns[0]) for values in columns):
            raise ValueError(f"{len(self.keys)} columns of values needed, all as long")
        count = len(columns[0])
        try:
            texts = [self._column(values) for values in columns]
        except _Other:  # the standard encoder's text, moved to this depth: JSON text holds no raw newline
            import json

            return [
                json.dumps(dict(zip(self.keys, row, strict=True)), ensure_ascii=False, indent=2).replace(
                    "\n", "\n" + self.indent
                )
                for row in zip(*columns, strict=True)
            ]
        pieces: list[Iterable[str]] = []
        for prefix, column in zip(self._prefixes, texts, strict=True):
            pieces += (repeat(prefix), column)
        pieces.append(repeat(self._end, count))
        return list(map("".join, zip(*pieces, strict=False)))  # the prefixes repeat

    def _column(self, values: Sequence[Any]) -> list[str]:
        """Each value of one key as JSON text."""
        kinds = set(map(type, values))
        if kinds == {str}:
            return list(map(encode_basestring, values))
        if kinds == {NoneType}:
            return ["null"] * len(values)
        if kinds == {str, NoneType}:
            return ["null" if value is None else encode_basestring(value) for value in values]
        if kinds == {bool}:
            return ["true" if value else "false" for value in values]
        if kinds == {int}:
            return list(map(int.__repr__, values))
        if kinds == {list} and set(map(type, chain.from_iterable(values))) <= {str}:
            open_, between, close = self._open, self._between, self._close
            return [open_ + between.join(map(encode_basestring, items)) + close if items else "[]" for items in values]
        inner = self.indent + STEP
        column = []
        for value in values:
            out: list[str] = []
            _encode(value, inner, out)
            column.append("".join(out))
        return column


def indented(value: Any, end: str = "") -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, then ``end``."""
    out: list[str] = []
    try:
        _encode(value, "", out)
    except _Other:
        import json

        return json.dumps(_decoded(value), ensure_ascii=False, indent=2) + end
    out.append(end)
    return "".join(out)


def _decoded(value: Any) -> Any:
    """``value`` with the values its encoded parts stand for, for the standard encoder to write again."""
    if type(value) is Encoded:
        import json

        return json.loads(value.text)
    if type(value) is dict:
        return {key: _decoded(item) for key, item in value.items()}
    if type(value) is list:
        return [_decoded(item) for item in value]
    return value


def _encode(value: Any, indent: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        _object(value, indent, out)
    elif kind is list:
        _array(value, indent, out)
    elif kind is Encoded:
        out.append(value.text)
    else:
        out.append(_scalar(value))


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return int.__repr__(value)
    raise _Other


def _object(value: dict[Any, Any], indent: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = indent + STEP
    between = ",\n" + inner
    out.append("{\n" + inner)
    for i, (key, item) in enumerate(value.items()):
        if type(key) is not str:
            raise _Other
        out.append((between if i else "") + encode_basestring(key) + ": ")
        if type(item) is str:
            out.append(encode_basestring(item))
        else:
            _encode(item, inner, out)
    out.append("\n" + indent + "}")


def _array(value: list[Any], indent: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = indent + STEP
    between = ",\n" + inner
    kinds = set(map(type, value))
    if kinds == {str}:
        out.append("[\n" + inner + between.join(map(encode_basestring, value)) + "\n" + indent + "]")
        return
    if kinds == {Encoded}:  # long text: appended as it is, not copied into a longer string
        out += ("[\n" + inner, between.join([item.text for item in value]), "\n" + indent + "]")
        return
    out.append("[\n" + inner)
    for i, item in enumerate(value):
        if i:
            out.append(between)
        _encode(item, inner, out)
    out.append("\n" + indent + "]")
