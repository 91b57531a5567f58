"""What every report format shows the same way: figures as text, colour counts, event details."""

from __future__ import annotations

from decimal import Decimal

from pmtasks.govern.changes import Event
from pmtasks.govern.colour import ORDER, Colour
from pmtasks.govern.report import Report
from pmtasks.govern.sections import Row
from pmtasks.render.words import signed

UNIT_NUMERIC = (1, 2, 3, 4, 5, 6, 8, 9)  # the unit table's right-aligned columns


def pct(value: Decimal | None, none: str = "—") -> str:
    return none if value is None else f"{value}%"


def colour_counts(counts: dict[Colour, int], w: dict[str, str]) -> str:
    """``红 2 · 黄 1 · 绿 5`` (the colour words follow the language)."""
    return " · ".join(f"{w[c.value]} {counts.get(c, 0)}" for c in ORDER)


def heading(report: Report, w: dict[str, str]) -> str:
    win = report.window
    return f"{w[report.kind]} {win.label} ({win.start} – {win.end})"


def meta(report: Report, w: dict[str, str]) -> list[tuple[str, str]]:
    """The lines under the title: window, as-of date, revision, filters. Values are plan text or dates."""
    revision = report.revision or w["no_revision"]
    if revision.endswith(" +"):
        revision = f"{revision[:-2]} ({w['modified']})"
    rows = [(w["as_of"], report.as_of.isoformat()), (w["revision"], revision)]
    if report.filters:
        rows.append((w["filters"], ", ".join(report.filters)))
    return rows


def headline_pairs(report: Report, w: dict[str, str]) -> list[tuple[str, str]]:
    h = report.headline
    return [
        (w["due"], str(h.due)),
        (w["done"], str(h.done)),
        (w["on_time"], str(h.on_time)),
        (w["rate"], pct(h.on_time_rate)),
        (w["overdue"], str(h.overdue)),
        (w["newly_overdue"], str(h.newly_overdue)),
        (w["colours"], colour_counts(h.colours, w)),
    ]


def event_detail(e: Event, w: dict[str, str]) -> str:
    """What happened, in words that are not plan text: ``2026-11-30 → 2026-12-31 (+31 d)``."""
    if e.kind == "completed":
        when = e.when.isoformat() if e.when else "—"
        return f"{when} · {w['in_time'] if e.on_time else w['late']}"
    if e.kind == "rescheduled":
        return f"{e.old} → {e.new} ({signed(e.days or 0)} d)"
    if e.kind == "dropped":
        return f"{e.old or '—'} → {e.new or 'dropped'}"
    return ""


def red_detail(days_late: int | None, behind: int, w: dict[str, str]) -> str:
    if days_late is not None:
        return w["days_late"].format(n=days_late)
    return w["behind"].format(n=behind)


def unit_headers(w: dict[str, str], first: str) -> list[str]:
    """The line and owner tables' headings; the colour counts stand between the figures and the score."""
    keys = ("tasks", "done_n", "due_n", "rate_short", "progress", "pace_short", "colours_short", "score", "rank")
    return [first, *(w[k] for k in keys)]


def unit_cells(row: Row) -> tuple[str, list[str], list[str]]:
    """A table row's name (plan text, still to be escaped), the figures before the colour counts, and after."""
    s = row.standing
    name = f"{row.code} {s.unit}" if row.code else s.unit
    before = [str(s.tasks), str(row.done), str(s.due), pct(s.on_time_rate), pct(row.progress), pct(row.pace)]
    return name, before, [str(s.score), str(s.rank)]
