"""``json.dumps(value, ensure_ascii=False, indent=2)``, byte for byte, in a third of the time.

With an indent, the standard library encodes in Python, a generator per container; for thousands
of task records that is most of ``--format json``. Here strings are escaped by the same C function
the standard encoder uses and each container is one loop. Only what the JSON formats hold is
handled here (dicts with string keys, lists, strings, integers, booleans and null); anything else
(a float, a tuple, a dict with a key that is not a string) is written by :func:`json.dumps` where
it stands (its text holds no newline but between its lines, so it is indented to its depth by
indenting each line), so the text is always what the standard encoder would write.

Long lists of objects that all have the same keys (a task list's records) go faster still: a
:class:`Shape` encodes their keys once, and each object's values are written straight into place.

An ``escape`` given to :func:`indented` (text to text, only ever lengthening it) is applied to the
whole text, except to :class:`Encoded` pieces, which a :class:`Shape` with the same ``escape`` has
escaped a key's values at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
Escape = Callable[[str], str]


class Encoded:
    """JSON text :func:`indented` puts where it stands, as it is: what :meth:`Shape.encode` wrote for
    that depth, escaped as :func:`indented` is asked to escape the rest."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text


class Shape:
    """Objects with these keys in this order, written at ``indent`` (the depth of their opening brace).

    :meth:`encode` writes what :func:`indented` writes for ``dict(zip(keys, values))`` there, a key's
    values at a time: a column of strings is escaped by one call of the C function per value, with no
    Python code between them.
    """

    def __init__(self, keys: Sequence[str], indent: str, escape: Escape | None = None) -> None:
        if not keys:
            raise ValueError("a shape needs a key")
        inner = indent + STEP
        self.keys = tuple(keys)
        self.indent = indent
        self.escape = escape
        self._prefixes = tuple(
            ("{\n" if i == 0 else ",\n") + inner + encode_basestring(key) + ": " for i, key in enumerate(self.keys)
        )
        if escape is not None:
            self._prefixes = tuple(map(escape, self._prefixes))
        self._end = "\n" + indent + "}"
        self._open, self._between, self._close = "[\n" + inner + STEP, ",\n" + inner + STEP, "\n" + inner + "]"

    def encode(self, columns: Iterable[Sequence[Any]]) -> list[str]:
        """The objects whose values are ``columns``: for each key in order, its value in each object."""
        columns = list(columns)
        if len(columns) != len(self.keys) or any(len(values) != len(columns[0]) for values in columns):
            raise ValueError(f"{len(self.keys)} columns of values needed, all as long")
        count = len(columns[0])
        texts = [self._column(values) for values in columns]
        if self.escape is not None:
            texts = [_escaped(column, self.escape) for column in texts]
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
            out: list[str | Encoded] = []
            _encode(value, inner, out)
            column.append(_joined(out))
        return column


def _escaped(column: list[str], escape: Escape) -> list[str]:
    """The texts of a column, escaped: looked at all at once, one by one only when one needs it."""
    whole = "".join(column)
    if len(escape(whole)) == len(whole):  # escaping lengthens what it changes: nothing to escape
        return column
    return list(map(escape, column))


def indented(value: Any, end: str = "", escape: Escape | None = None) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, then ``end``; with
    ``escape``, escaped (its :class:`Encoded` parts are already)."""
    out: list[str | Encoded] = []
    _encode(value, "", out)
    out.append(end)
    return _joined(out, escape)


def _joined(out: list[str | Encoded], escape: Escape | None = None) -> str:
    """The pieces as one text; with ``escape``, each run of pieces between encoded ones escaped."""
    finish = escape or _unchanged
    try:
        text = "".join(out)  # type: ignore[arg-type]  # most texts hold no encoded piece
    except TypeError:
        pass
    else:
        return finish(text)
    texts: list[str] = []
    run: list[str] = []
    for piece in out:
        if isinstance(piece, Encoded):
            texts += (finish("".join(run)), piece.text)
            run = []
        else:
            run.append(piece)
    texts.append(finish("".join(run)))
    return "".join(texts)


def _unchanged(text: str) -> str:
    return text


def _encode(value: Any, indent: str, out: list[str | Encoded]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif kind is dict:
        _object(value, indent, out)
    elif kind is list:
        _array(value, indent, out)
    elif kind is Encoded:
        out.append(value)
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    else:
        out.append(_standard(value, indent))


def _standard(value: Any, indent: str) -> str:
    """``value`` as the standard encoder writes it at the depth of ``indent``."""
    import json

    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def _object(value: dict[Any, Any], indent: str, out: list[str | Encoded]) -> None:
    if not value:
        out.append("{}")
        return
    inner = indent + STEP
    between = ",\n" + inner
    start = len(out)
    out.append("{\n" + inner)
    for i, (key, item) in enumerate(value.items()):
        if type(key) is not str:  # the standard encoder turns it into a string its own way
            del out[start:]
            out.append(_standard(value, indent))
            return
        out.append((between if i else "") + encode_basestring(key) + ": ")
        if type(item) is str:
            out.append(encode_basestring(item))
        else:
            _encode(item, inner, out)
    out.append("\n" + indent + "}")


def _array(value: list[Any], indent: str, out: list[str | Encoded]) -> None:
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
        out += ("[\n" + inner, Encoded(between.join([item.text for item in value])), "\n" + indent + "]")
        return
    out.append("[\n" + inner)
    for i, item in enumerate(value):
        if i:
            out.append(between)
        _encode(item, inner, out)
    out.append("\n" + indent + "]")
