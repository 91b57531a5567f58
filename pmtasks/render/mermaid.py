"""The timeline as Mermaid ``gantt`` charts in fenced blocks, ready to paste into GitHub Markdown.

Plain strings, no Rich. Plan text is untrusted, so every piece of it goes through :func:`escape`,
and the output depends only on the plan and the as-of date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date

from pmtasks.text import clean, truncate
from pmtasks.timeline import Item, Row, State, shown_states

# Mermaid refuses diagrams longer than maxTextSize (50,000 characters by default, also on GitHub);
# each chart stays well under it.
MAX_CHART_CHARS = 40_000
TITLE_WIDTH = 40

# Characters that end a task's text (:), start a comment (#, %%), make an entity code (#…;), end
# the task's data (; #) or close the Markdown fence (```): each becomes its fullwidth twin.
_SWAP = str.maketrans({":": "：", "#": "＃", ";": "；", "`": "｀", "%": "％"})
# Mermaid's gantt lexer tries these statements before a task's text, so a line starting with one
# of them (in any case), or with a date, would be read as that statement; such text is bracketed.
_STATEMENTS = re.compile(
    r"^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|"
    r"todaymarker|weekday|weekend|title|section|acctitle|accdescr|click|call|href|\d{4}-\d\d-\d\d)",
    re.IGNORECASE,
)
_TAGS = {State.DONE: "done", State.DOING: "active", State.OVERDUE: "crit"}
_NOTES = {State.OVERDUE: "overdue", State.BLOCKED: "blocked", State.DROPPED: "dropped"}


def escape(text: str) -> str:
    """Untrusted text made inert inside a gantt task or section line."""
    out = " ".join(clean(text).translate(_SWAP).split())
    return f"[{out}]" if _STATEMENTS.match(out) else out


def task_line(item: Item) -> str:
    """``IM-1 完成… · 30% :active, 2026-01-01, 2026-03-31``: progress and state in the label
    (``· overdue · blocked`` with the ``crit`` tag when a task is both)."""
    label = escape(f"{item.ident} {truncate(clean(item.title), TITLE_WIDTH)}") + f" · {item.progress}%"
    label += "".join(f" · {_NOTES[s]}" for s in shown_states(item) if s in _NOTES)
    tags = [_TAGS[item.state]] if item.state in _TAGS else []
    data = ", ".join([*tags, item.start.isoformat(), item.due.isoformat()])
    return f"    {label} :{data}"


def _header(title: str, part: str) -> list[str]:
    return [
        "gantt",
        f"    title {escape(title)}{part}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y-%m",
        "    tickInterval 1month",
        "    inclusiveEndDates",
        "    todayMarker off",
    ]


def _marker(as_of: date) -> list[str]:
    """A fixed milestone instead of Mermaid's today marker, which moves with the clock."""
    day = as_of.isoformat()
    return ["    section as of", f"    as of {day} :milestone, {day}, 0d"]


def _sections(rows: Sequence[Row]) -> Iterator[tuple[str, list[str]]]:
    """(section name, task lines) per business line, in plan order."""
    name: str | None = None
    lines: list[str] = []
    for row in rows:
        if row.item is None:
            continue
        if row.item.line != name:
            if name is not None:
                yield name, lines
            name, lines = row.item.line, []
        lines.append(task_line(row.item))
    if name is not None:
        yield name, lines


def _size(lines: Sequence[str]) -> int:
    """Length as Mermaid (JavaScript) counts it: UTF-16 code units, newlines included."""
    return sum(len(line.encode("utf-16-le")) // 2 + 1 for line in lines)


def charts(title: str, rows: Sequence[Row], as_of: date, limit: int = MAX_CHART_CHARS) -> list[str]:
    """One chart with a section per business line; more, each under ``limit`` characters (as
    Mermaid counts them) when the plan is too large for one."""
    fixed = _size(_header(title, " (99/99)")) + _size(_marker(as_of))
    bodies: list[list[str]] = [[]]
    current: str | None = None  # the section the last body has open
    for name, lines in _sections(rows):
        head = f"    section {escape(name)}"
        for line in lines:
            extra = _size([line]) + (_size([head]) if head != current else 0)
            if bodies[-1] and fixed + _size(bodies[-1]) + extra > limit:
                bodies.append([])
                current = None
            if head != current:
                bodies[-1].append(head)
                current = head
            bodies[-1].append(line)
    total = len(bodies)
    out = []
    for k, body in enumerate(bodies, 1):
        part = f" ({k}/{total})" if total > 1 else ""
        out.append("\n".join([*_header(title, part), *body, *_marker(as_of)]) + "\n")
    return out


def markdown(charts_text: Sequence[str]) -> str:
    """The charts in ```mermaid fences, separated by blank lines."""
    return "\n".join(f"```mermaid\n{chart}```\n" for chart in charts_text)
