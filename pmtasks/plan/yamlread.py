"""Read YAML text into plain Python values, remembering where each value and key stands.

Built on PyYAML's event stream (libyaml's parser when it is installed) rather than its
constructor, so that it can refuse what a plan file must not use: anchors, aliases, merge keys,
tags, duplicate keys, tab indentation, and the YAML 1.1 scalars that surprise people
(``no`` read as false, ``010`` read as 8).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from pmtasks.errors import MAX_FILE_BYTES, MAX_PROBLEMS, Problem
from pmtasks.i18n import _

Path = tuple[str | int, ...]

_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
# The tag plain YAML gives a scalar (str, int, bool …): Resolver.resolve, typed here.
_resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = _RESOLVER.resolve
_RESOLVED_FIRST = frozenset(k for k in Resolver.yaml_implicit_resolvers if k is not None)
_FAST = None not in Resolver.yaml_implicit_resolvers  # shortcuts for the scalars libyaml already tells apart
_CONSTRUCTOR = SafeConstructor()
_TRUE_FALSE = {"true", "false"}
_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_NUMBER_TAGS = (_INT_TAG, "tag:yaml.org,2002:float")


# Limits that keep time and memory in proportion to a plan (see the README's "Limits").
MAX_DEPTH = 64  # nested lists and mappings; a plan needs six
MAX_KEYS = 1_000  # keys in one mapping; a task has eleven
MAX_SCALAR = 10_000  # characters in one value or key
MAX_NUMBER = 20  # characters in a plain number; more is a typo or an attack, never a plan value
_SHOWN = 40


@dataclass
class Located:
    """A document's data, where each value and mapping key starts, and what was wrong."""

    data: Any = None
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    flagged: set[Path] = field(default_factory=set)

    def where(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """The position of ``path``, or of its nearest located parent."""
        if key and path in self.keys:
            return self.keys[path]
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, (1, 1))


def _tab_problems(text: str, path: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            problems.append(
                Problem(
                    path,
                    number,
                    indent.index("\t") + 1,
                    _("tab character in indentation"),
                    _("YAML indents with spaces only; replace the tab with spaces"),
                )
            )
    return problems


def shorten(text: str, width: int = _SHOWN) -> str:
    """``text`` cut to ``width`` characters for a message, saying how long it was."""
    return text if len(text) <= width else text[:width] + _("… ({count} characters)").format(count=f"{len(text):,}")


def decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a BOM is allowed), or a problem that says where it breaks."""
    if len(data) > MAX_FILE_BYTES:
        return None, Problem(
            path,
            1,
            1,
            _("the file holds more than {count} bytes (16 MiB), the most a plan file may hold").format(
                count=f"{MAX_FILE_BYTES:,}"
            ),
            _("split the business line into several files, or remove what is not part of the plan"),
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        hint = _("save the file as UTF-8")
        try:
            data.decode("gb18030")
            hint = _("the file looks like GBK; convert it: iconv -f GBK -t UTF-8 FILE > FILE.new && mv FILE.new FILE")
        except UnicodeDecodeError:
            pass
        return None, Problem(path, line, col, _("file is not UTF-8 text"), hint)


def read_yaml(text: str, path: str) -> Located:
    """Parse one YAML document. Problems are collected, never raised."""
    located = Located()
    try:
        _Builder(located, path, yaml.parse(text, Loader=_PARSER)).document()
    except _Stop:
        located.data = None
    except yaml.YAMLError as exc:
        located.data = None
        # A tab in the indentation is the usual cause of a parse error; say so plainly.
        located.problems = _tab_problems(text, path) or [_syntax_problem(exc, text, path)]
    return located


def _syntax_problem(exc: yaml.YAMLError, text: str, path: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml counts the position in UTF-8 bytes, PyYAML's own reader in characters.
        before = (
            text.encode()[: exc.position].decode(errors="ignore")
            if _PARSER is not yaml.SafeLoader
            else text[: exc.position]
        )
        line, col = before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1
        return Problem(
            path,
            line,
            col,
            _("control character {code} is not allowed in YAML").format(code=f"U+{exc.character:04X}"),
            _("delete it; plan files hold printable text only"),
        )
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    detail = getattr(exc, "problem", None) or getattr(exc, "context", None) or _("invalid YAML")
    return Problem(
        path,
        line,
        col,
        _("YAML syntax error: {detail}").format(detail=detail),
        _("check the indentation, colons and quotes on this line and the one above"),
    )


class _Stop(Exception):
    """The file is past a limit: stop reading it (its problems so far say why)."""


class _Builder:
    def __init__(self, located: Located, path: str, events: Iterator[yaml.Event]) -> None:
        self.located = located
        self.path = path
        self.events = events
        self.depth = 0

    def problem(self, mark: Any, message: str, hint: str, at: Path | None = None) -> None:
        self.located.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, hint))
        if at is not None:
            self.located.flagged.add(at)
        if len(self.located.problems) >= MAX_PROBLEMS - 1:
            self.stop(mark, _("pmtasks stopped reading the file here: too many problems"))

    def stop(self, mark: Any, message: str, hint: str = "") -> NoReturn:
        hint = hint or _("fix the problems above and run again")
        self.located.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, hint))
        raise _Stop

    def document(self) -> None:
        next(self.events)  # StreamStart
        event = next(self.events)
        if isinstance(event, yaml.StreamEndEvent):
            return
        self.located.data = self.node(next(self.events), ())
        next(self.events)  # DocumentEnd
        event = next(self.events)
        if not isinstance(event, yaml.StreamEndEvent):
            self.problem(
                event.start_mark,
                _("a plan file holds one YAML document; found a second"),
                _("remove the `---` line and what follows it, or move it to its own file"),
            )

    def node(self, event: Any, at: Path) -> Any:
        self.located.values[at] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            self.problem(
                event.start_mark,
                _("alias {alias} is not allowed in plan files").format(alias=f"*{event.anchor}"),
                _("write the value out in full, so that the file reads the same to everyone"),
                at,
            )
            return None
        anchor = getattr(event, "anchor", None)
        if anchor:
            self.problem(
                event.start_mark,
                _("anchor {anchor} is not allowed in plan files").format(anchor=f"&{anchor}"),
                _("remove the anchor and write each value out in full"),
                at,
            )
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            self.problem(
                event.start_mark,
                _("tag {tag} is not allowed in plan files").format(tag=tag.replace("tag:yaml.org,2002:", "!!")),
                _("remove the tag; plain values and quoted strings are all a plan needs"),
                at,
            )
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            return self.collection(event, at)
        return self.scalar(event, at)

    def collection(self, event: Any, at: Path) -> Any:
        if self.depth >= MAX_DEPTH:
            self.problem(
                event.start_mark,
                _("lists and mappings are nested more than {depth} deep").format(depth=MAX_DEPTH),
                _("a plan needs a few levels (periods, tasks, log); check the brackets and indentation"),
                at,
            )
            self.skip()
            return None
        self.depth += 1
        try:
            return self.mapping(at) if isinstance(event, yaml.MappingStartEvent) else self.sequence(at)
        finally:
            self.depth -= 1

    def skip(self) -> None:
        """Read past the rest of a collection without building it (no recursion)."""
        level = 1
        while level:
            event = next(self.events)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                level += 1
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                level -= 1

    def mapping(self, at: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys, values = self.located.keys, self.located.values
        while type(event := next(self.events)) is not yaml.MappingEndEvent:
            mark: Any = event.start_mark
            if len(result) >= MAX_KEYS:
                self.stop(
                    mark,
                    _("a mapping with more than {count} keys; a plan needs a dozen at most").format(
                        count=f"{MAX_KEYS:,}"
                    ),
                    _("this is not a plan file, or its indentation went wrong: check the lines above"),
                )
            if type(event) is not yaml.ScalarEvent:
                self.problem(event.start_mark, _("a key must be plain text"), _("write `name: value`"), at)
                self.node(event, at + ("?",))
                self.node(next(self.events), at + ("?",))
                continue
            key = event.value
            sub = at + (key,)
            if event.implicit[0] and key == "<<":
                self.problem(
                    event.start_mark,
                    _("merge key << is not allowed in plan files"),
                    _("write the keys out in full"),
                    sub,
                )
            elif key in result:
                line, col = keys[sub]
                self.problem(
                    event.start_mark,
                    _("duplicate key `{key}` (first at line {line}, column {col})").format(key=key, line=line, col=col),
                    _("keep one of them; YAML would silently use the last"),
                    sub,
                )
            keys.setdefault(sub, (mark.line + 1, mark.column + 1))
            event = next(self.events)
            if type(event) is yaml.ScalarEvent and event.anchor is None and event.tag is None:
                mark = event.start_mark  # the common case, without node()'s checks for the rare ones
                values[sub] = (mark.line + 1, mark.column + 1)
                value = self.scalar(event, sub)
            else:
                value = self.node(event, sub)
            result.setdefault(key, value)
        return result

    def sequence(self, at: Path) -> list[Any]:
        items: list[Any] = []
        while not isinstance(event := next(self.events), yaml.SequenceEndEvent):
            items.append(self.node(event, at + (len(items),)))
        return items

    def scalar(self, event: Any, at: Path) -> Any:
        text: str = event.value
        if len(text) > MAX_SCALAR:
            self.problem(
                event.start_mark,
                _("a value of {count} characters; pmtasks reads values of up to {most}").format(
                    count=f"{len(text):,}", most=f"{MAX_SCALAR:,}"
                ),
                _("shorten it; long documents belong in a file the plan links to"),
                at,
            )
            return None
        if not event.implicit[0]:  # quoted, block or tagged: always a string
            return text
        first = text[:1]
        if _FAST and first not in _RESOLVED_FIRST:  # no implicit type starts this way: YAML reads a string
            return text
        if _FAST and first.isdigit() and text.isascii() and len(text) < 19:
            if text.isdigit() and (first != "0" or len(text) == 1):
                return int(text)  # a plain decimal number: what the resolver and constructor give
            if len(text) == 10 and text[4] == text[7] == "-" and (text[:4] + text[5:7] + text[8:]).isdigit():
                with contextlib.suppress(ValueError):  # a day that does not exist is reported below
                    return dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        tag = _resolve(ScalarNode, text, (True, False))
        if tag in _NUMBER_TAGS and len(text) > MAX_NUMBER:
            self.problem(
                event.start_mark,
                _("`{value}` is too long to be a number").format(value=shorten(text)),
                _("a number in a plan has at most {most} characters; quote it if it is text").format(most=MAX_NUMBER),
                at,
            )
            return text
        if tag == _BOOL_TAG and text.lower() not in _TRUE_FALSE:
            self.problem(
                event.start_mark,
                _("`{value}` is read as a yes/no boolean by YAML 1.1").format(value=text),
                _('quote it: "{value}"').format(value=text),
                at,
            )
            return text
        if tag == _INT_TAG and (_LEADING_ZERO.match(text) or ":" in text or any(c in text.lower() for c in "box")):
            try:  # YAML 1.1 resolves `0x_` as a number that PyYAML then cannot make
                number = _CONSTRUCTOR.construct_object(ScalarNode(tag, text))
            except (ValueError, OverflowError):
                message = _("`{value}` looks like a number to YAML 1.1 but is not one").format(value=text)
            else:
                message = _("`{value}` is read as the number {number} by YAML 1.1").format(value=text, number=number)
            self.problem(
                event.start_mark,
                message,
                _('quote it: "{value}", or write the number without leading zeros').format(value=text),
                at,
            )
            return text
        try:
            return _CONSTRUCTOR.construct_object(ScalarNode(tag, text))
        except (ConstructorError, ValueError, OverflowError):
            self.problem(
                event.start_mark,
                _("`{value}` is not a real date").format(value=shorten(text)),
                _("dates are YYYY-MM-DD; check the month and the day"),
                at,
            )
            return text
