"""The plan's due dates as an iCalendar file (RFC 5545): one all-day event per open task.

Written here rather than with a library: the format pmtasks needs is a dozen properties, and
RFC 5545's rules for them are short (TEXT escaping, CRLF line ends, lines folded at 75 octets).
Each event's UID is derived from the plan's owner, its year and the task ID, so exporting again
updates the same events in a calendar instead of adding copies.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, timedelta

from pmtasks.plan.model import Plan, Task
from pmtasks.table.department import STATUS_NAMES
from pmtasks.text import clean

PRODID = "-//pmtasks//pmtasks work plan//ZH"
LINE_OCTETS = 75


def escape(text: str) -> str:
    """TEXT as RFC 5545 writes it (3.3.11): backslash, semicolon, comma and newline escaped."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current, size, limit = "", 0, LINE_OCTETS
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1  # a continuation starts with a space
        current += ch
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces) + "\r\n"


def task_uid(plan: Plan, task: Task) -> str:
    """Stable across exports: the same plan owner, year and task ID give the same UID."""
    owner = plan.org or plan.title
    return f"{uuid.uuid5(uuid.NAMESPACE_URL, f'pmtasks:{owner}:{plan.year}:{task.id.casefold()}')}@pmtasks"


def _day(value: date) -> str:
    return value.strftime("%Y%m%d")


def _description(task: Task) -> str:
    parts = [
        f"{task.line}{f' · {task.track}' if task.track else ''} · {task.period.label}",
        f"状态 {STATUS_NAMES[task.status]} · 进度 {task.progress}%",
    ]
    parts += [f"负责人 {task.owner}"] if task.owner else []
    parts += [f"备注 {task.notes}"] if task.notes else []
    return "\n".join(clean(p) for p in parts)


def _event(plan: Plan, task: Task, stamp: str) -> Iterator[str]:
    yield "BEGIN:VEVENT"
    yield f"UID:{task_uid(plan, task)}"
    yield f"DTSTAMP:{stamp}"
    yield f"DTSTART;VALUE=DATE:{_day(task.due)}"
    yield f"DTEND;VALUE=DATE:{_day(task.due + timedelta(days=1))}"
    yield f"SUMMARY:{escape(clean(f'[{task.id}] {task.title}'))}"
    yield f"DESCRIPTION:{escape(_description(task))}"
    yield f"CATEGORIES:{escape(clean(task.line))}"
    yield "TRANSP:TRANSPARENT"
    yield "END:VEVENT"


def calendar(plan: Plan, as_of: date) -> str:
    """The calendar of the plan's open tasks (not done, not dropped), due dates as all-day events.

    DTSTAMP is the as-of date, so the same plan and date give the same bytes.
    """
    stamp = f"{_day(as_of)}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(clean(plan.title))}",
    ]
    for task in plan.tasks:
        if not task.status.closed:
            lines += _event(plan, task, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
