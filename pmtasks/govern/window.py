"""The window a report covers: an ISO week, a month or a quarter, by default the last full one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pmtasks.errors import UsageError
from pmtasks.plan.periods import month_end

KINDS = ("weekly", "monthly", "quarterly")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True)
class Window:
    kind: str  # weekly | monthly | quarterly
    label: str  # 2026-W48, 2026-11, 2026Q4
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def week(year: int, number: int) -> Window:
    try:
        start = date.fromisocalendar(year, number, 1)
    except ValueError:
        raise UsageError(f"{year} has no ISO week {number}; weeks run from W01 to W52 or W53") from None
    return Window("weekly", f"{year}-W{number:02d}", start, start + timedelta(days=6))


def month(year: int, number: int) -> Window:
    if not 1 <= number <= 12:
        raise UsageError(f"month {number} does not exist; write YYYY-MM, e.g. 2026-11")
    return Window("monthly", f"{year}-{number:02d}", date(year, number, 1), month_end(year, number))


def quarter(year: int, number: int) -> Window:
    first = number * 3 - 2
    return Window("quarterly", f"{year}Q{number}", date(year, first, 1), month_end(year, first + 2))


def containing(kind: str, day: date) -> Window:
    """The week, month or quarter ``day`` falls in."""
    if kind == "weekly":
        iso = day.isocalendar()
        return week(iso.year, iso.week)
    if kind == "monthly":
        return month(day.year, day.month)
    return quarter(day.year, (day.month - 1) // 3 + 1)


def last_full(kind: str, as_of: date) -> Window:
    """The last full week, month or quarter that ended before ``as_of``."""
    return containing(kind, containing(kind, as_of).start - timedelta(days=1))


def following(window: Window) -> Window:
    """The next window of the same kind: what "coming due" looks at."""
    return containing(window.kind, window.end + timedelta(days=1))


def parse_window(kind: str, text: str) -> Window:
    """``2026-W48`` for weekly, ``2026-11`` for monthly, ``2026Q4`` for quarterly."""
    value = text.strip()
    pattern, build, example = {
        "weekly": (_WEEK, week, "2026-W48"),
        "monthly": (_MONTH, month, "2026-11"),
        "quarterly": (_QUARTER, quarter, "2026Q4"),
    }[kind]
    found = pattern.match(value)
    if not found:
        noun = {"weekly": "week", "monthly": "month", "quarterly": "quarter"}[kind]
        raise UsageError(f"{text!r} is not a {noun}; write it like {example}")
    year = int(found[1])
    if not 1900 <= year <= 2999:
        raise UsageError(f"{text!r} is out of range; use a year from 1900 to 2999")
    return build(year, int(found[2]))
