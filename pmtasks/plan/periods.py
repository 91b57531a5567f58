"""The period grammar: ``1-3月``, ``Q2``, ``上半年``, ``2026-01..2026-03`` … as closed date ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from pmtasks.i18n import _

FORMS = "1-3月, 3月, 2026年1-3月, Q1–Q4, H1/H2, 上半年/下半年, 全年, 2026-01..2026-03, 2026-01-15..2026-02-28, 2026-03"

# The patterns are compiled on first use (re keeps them): a plan read from the cache parses no period.
_DASH = r"\s*(?:-|–|—|~|～|至|－|到)\s*"
_YEAR = r"(?:(?P<year>\d{4})\s*年?\s*)?"
_MONTHS = rf"^{_YEAR}(?P<m1>\d{{1,2}})\s*月?{_DASH}(?P<m2>\d{{1,2}})\s*月(?:份)?$"
_MONTH = rf"^{_YEAR}(?P<m1>\d{{1,2}})\s*月(?:份)?$"
_QUARTER = rf"^{_YEAR}[Qq](?P<n>\d+)$"
_HALF = rf"^{_YEAR}[Hh](?P<n>\d+)$"
_NAMED = rf"^{_YEAR}(?P<name>上半年|下半年|全年)$"
_ISO_MONTH = r"(?P<{0}y>\d{{4}})-(?P<{0}m>\d{{1,2}})"
_ISO_DAY = r"(?P<{0}y>\d{{4}})-(?P<{0}m>\d{{1,2}})-(?P<{0}d>\d{{1,2}})"
_ISO_MONTHS = rf"^{_ISO_MONTH.format('a')}\s*\.\.\s*{_ISO_MONTH.format('b')}$"
_ISO_DAYS = rf"^{_ISO_DAY.format('a')}\s*\.\.\s*{_ISO_DAY.format('b')}$"
_ISO_ONE_MONTH = rf"^{_ISO_MONTH.format('a')}$"


class PeriodError(ValueError):
    """A period label that does not name a real range; the message says why."""


@dataclass(frozen=True)
class Period:
    """A period label and the closed range of days it stands for."""

    label: str
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _month(value: str) -> int:
    month = int(value)
    if not 1 <= month <= 12:
        raise PeriodError(_("month {month} does not exist; months run from 1 to 12").format(month=month))
    return month


def _months(label: str, year: int, first: int, last: int) -> Period:
    if last < first:
        raise PeriodError(
            _("period {label} ends before it starts; write the earlier month first").format(label=repr(label))
        )
    return Period(label, date(year, first, 1), month_end(year, last))


def _day(year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise PeriodError(_("{day} is not a real date").format(day=f"{year}-{month}-{day}")) from None


def _ranged(label: str, start: date, end: date) -> Period:
    if end < start:
        raise PeriodError(
            _("period {label} ends before it starts; write the earlier date first").format(label=repr(label))
        )
    return Period(label, start, end)


MAX_YEARS_AWAY = 10  # a plan is annual: dates further from its year than this are typos
MAX_LABEL = 64  # characters; the longest form, 2026-01-15..2026-02-28 with spaces, needs far fewer
_BLANKS = r"\s+"


def parse_period(label: str, plan_year: int) -> Period:
    """Resolve ``label`` against ``plan_year`` (unless it names its own year)."""
    try:
        period = _parse(label, plan_year)
    except PeriodError:
        raise
    except (ValueError, OverflowError):
        raise PeriodError(_("{label} names a year out of range").format(label=repr(label))) from None
    for day in (period.start, period.end):
        if abs(day.year - plan_year) > MAX_YEARS_AWAY:
            raise PeriodError(
                _("period {label} is more than {years} years from the plan's year {year}").format(
                    label=repr(label), years=MAX_YEARS_AWAY, year=plan_year
                )
            )
    return period


def _parse(label: str, plan_year: int) -> Period:
    if len(label) > MAX_LABEL:
        raise PeriodError(
            _("a period label of {count} characters; a period is at most {most}").format(
                count=f"{len(label):,}", most=MAX_LABEL
            )
        )
    # One blank stands for a run of them, so the patterns' optional blanks cannot backtrack.
    text = re.sub(_BLANKS, " ", label.strip())
    if match := re.match(_ISO_DAYS, text):
        g = match.groupdict()
        return _ranged(label, _day(g["ay"], g["am"], g["ad"]), _day(g["by"], g["bm"], g["bd"]))
    if match := re.match(_ISO_MONTHS, text):
        g = match.groupdict()
        start = date(int(g["ay"]), _month(g["am"]), 1)
        end = month_end(int(g["by"]), _month(g["bm"]))
        return _ranged(label, start, end)
    if match := re.match(_ISO_ONE_MONTH, text):
        year, month = int(match["ay"]), _month(match["am"])
        return Period(label, date(year, month, 1), month_end(year, month))
    for pattern, resolve in _NAMED_FORMS:
        if match := re.match(pattern, text):
            year = int(match["year"]) if match["year"] else plan_year
            return resolve(label, year, match)
    raise PeriodError(_("{label} is not a period pmtasks understands").format(label=repr(label)))


def _resolve_months(label: str, year: int, match: re.Match[str]) -> Period:
    return _months(label, year, _month(match["m1"]), _month(match["m2"]))


def _resolve_month(label: str, year: int, match: re.Match[str]) -> Period:
    month = _month(match["m1"])
    return _months(label, year, month, month)


def _resolve_quarter(label: str, year: int, match: re.Match[str]) -> Period:
    quarter = int(match["n"])
    if not 1 <= quarter <= 4:
        raise PeriodError(_("quarter {quarter} does not exist; quarters are Q1 to Q4").format(quarter=f"Q{quarter}"))
    return _months(label, year, quarter * 3 - 2, quarter * 3)


def _resolve_half(label: str, year: int, match: re.Match[str]) -> Period:
    half = int(match["n"])
    if half not in (1, 2):
        raise PeriodError(_("half {half} does not exist; halves are H1 and H2").format(half=f"H{half}"))
    return _months(label, year, half * 6 - 5, half * 6)


def _resolve_named(label: str, year: int, match: re.Match[str]) -> Period:
    first, last = {"上半年": (1, 6), "下半年": (7, 12), "全年": (1, 12)}[match["name"]]
    return _months(label, year, first, last)


_NAMED_FORMS = (
    (_MONTHS, _resolve_months),
    (_MONTH, _resolve_month),
    (_QUARTER, _resolve_quarter),
    (_HALF, _resolve_half),
    (_NAMED, _resolve_named),
)
