"""The report's charts as inline SVG: bars of the line table, the trend line and a Gantt of the window.

Plain strings; every plan text is escaped with :func:`esc` and sits in a ``<text>`` or ``<title>``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pmtasks.govern.colour import Colour
from pmtasks.govern.sections import GanttItem, Row, TrendPoint
from pmtasks.govern.window import Window
from pmtasks.text import clean, truncate

FILL = {Colour.RED: "#d92d20", Colour.YELLOW: "#e8a317", Colour.GREEN: "#2e9d5b", None: "#98a2b3"}
PROGRESS, PACE = "#1f5fbf", "#98a2b3"
WIDTH = 680


def esc(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _svg(height: int, label: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{esc(label)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}">' + "".join(body) + "</svg>"
    )


def _x(value: Decimal | int | None, left: int, span: int) -> float:
    return left + span * float(value or 0) / 100


def line_bars(rows: Sequence[Row], label: str, legend: tuple[str, str]) -> str:
    """Per business line: a bar for its progress and a thin one for its 序时进度, on a 0–100% axis."""
    left, span, step = 170, WIDTH - 230, 34
    height = 40 + step * len(rows)
    body = [_legend(left, legend)]
    for pct in (0, 25, 50, 75, 100):
        x = _x(pct, left, span)
        body.append(f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{height - 10}" stroke="#e4e7ec"/>')
        body.append(f'<text x="{x:.1f}" y="{height}" font-size="10" text-anchor="middle">{pct}%</text>')
    for i, row in enumerate(rows):
        y = 30 + i * step
        name = f"{row.code} {row.standing.unit}" if row.code else row.standing.unit
        body.append(
            f'<text x="{left - 8}" y="{y + 15}" font-size="12" text-anchor="end">{esc(truncate(name, 22))}</text>'
        )
        body.append(_bar(left, y, _x(row.progress, left, span) - left, 14, PROGRESS, f"{row.progress}%"))
        body.append(_bar(left, y + 17, _x(row.pace, left, span) - left, 7, PACE, f"{row.pace}%"))
        body.append(
            f'<text x="{_x(row.progress, left, span) + 4:.1f}" y="{y + 12}" font-size="10">{row.progress}%</text>'
        )
    return _svg(height + 6, label, body)


def budget_bars(rows: Sequence[tuple[str, Decimal, Decimal]], label: str, legend: tuple[str, str]) -> str:
    """Per business line (name, budget, spent): the budget as an outlined bar, spending filled in it.

    Each line's bar is its own budget (100%); spending past it runs on in red, up to twice the budget.
    """
    left, span, step = 170, WIDTH - 260, 26
    height = 30 + step * len(rows)
    body = [_legend(left, legend)]
    for i, (name, budget, spent) in enumerate(rows):
        y = 26 + i * step
        share = spent / budget if budget else Decimal(0)
        body.append(
            f'<text x="{left - 8}" y="{y + 12}" font-size="12" text-anchor="end">{esc(truncate(name, 22))}</text>'
        )
        body.append(f'<rect x="{left}" y="{y}" width="{span / 2:.1f}" height="14" fill="none" stroke="{PACE}"/>')
        fill = FILL[Colour.RED] if spent > budget else PROGRESS
        width = span / 2 * float(min(share, Decimal(2)))
        shown = f"{(share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%" if budget else "—"
        body.append(_bar(left, y + 2, width, 10, fill, shown))
        body.append(f'<text x="{left + max(width, span / 2) + 6:.1f}" y="{y + 11}" font-size="10">{shown}</text>')
    return _svg(height, label, body)


def _bar(x: float, y: float, width: float, height: float, fill: str, tip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(width, 0.0):.1f}" height="{height}" fill="{fill}">'
        f"<title>{esc(tip)}</title></rect>"
    )


def _legend(left: int, names: tuple[str, str]) -> str:
    return (
        f'<rect x="{left}" y="4" width="12" height="10" fill="{PROGRESS}"/>'
        f'<text x="{left + 16}" y="13" font-size="11">{esc(names[0])}</text>'
        f'<rect x="{left + 160}" y="6" width="12" height="6" fill="{PACE}"/>'
        f'<text x="{left + 176}" y="13" font-size="11">{esc(names[1])}</text>'
    )


def trend_line(points: Sequence[TrendPoint], label: str, legend: tuple[str, str]) -> str:
    """Mean progress (solid) and mean 序时进度 (dashed) at each point, 0–100%."""
    left, top, span_x, span_y = 50, 24, WIDTH - 80, 180
    height = top + span_y + 30
    body = [_legend(left, legend)]
    for pct in (0, 50, 100):
        y = top + span_y - span_y * pct / 100
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + span_x}" y2="{y:.1f}" stroke="#e4e7ec"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{pct}%</text>')
    step = span_x / max(len(points) - 1, 1)
    coords = {"progress": [], "pace": []}  # type: dict[str, list[str]]
    for i, p in enumerate(points):
        x = left + i * step
        for key in coords:
            value = getattr(p, key)
            coords[key].append(f"{x:.1f},{top + span_y - span_y * float(value or 0) / 100:.1f}")
        body.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="10" text-anchor="middle">{p.day:%m-%d}</text>')
    body.append(
        f'<polyline points="{" ".join(coords["pace"])}" fill="none" stroke="{PACE}" stroke-width="2" '
        'stroke-dasharray="5 4"/>'
    )
    body.append(
        f'<polyline points="{" ".join(coords["progress"])}" fill="none" stroke="{PROGRESS}" stroke-width="2.5"/>'
    )
    return _svg(height, label, body)


def _day_x(day: date, window: Window, left: int, span: int) -> float:
    days = (window.end - window.start).days + 1
    offset = min(max((day - window.start).days, 0), days)
    return left + span * offset / days


def gantt(items: Sequence[GanttItem], window: Window, label: str) -> str:
    """A row per task: its span inside the window, filled as far as its progress, coloured by its colour."""
    left, span, step = 230, WIDTH - 240, 22
    height = 30 + step * len(items) + 4
    body = []
    for day in _ticks(window):
        x = _day_x(day, window, left, span)
        body.append(f'<line x1="{x:.1f}" y1="18" x2="{x:.1f}" y2="{height}" stroke="#e4e7ec"/>')
        body.append(f'<text x="{x:.1f}" y="13" font-size="10" text-anchor="middle">{day:%m-%d}</text>')
    for i, item in enumerate(items):
        t, y = item.task, 26 + i * step
        x0 = _day_x(t.start, window, left, span)
        x1 = _day_x(t.due, window, left, span) + (
            0 if t.due > window.end else span / ((window.end - window.start).days + 1)
        )
        name = truncate(f"{t.id} {clean(t.title)}", 34)
        body.append(f'<text x="4" y="{y + 12}" font-size="11">{esc(name)}<title>{esc(t.title)}</title></text>')
        fill = FILL[item.colour]
        body.append(
            f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 1):.1f}" height="14" fill="{fill}" '
            f'fill-opacity="0.25" stroke="{fill}"/>'
        )
        done = (x1 - x0) * item.progress / 100
        body.append(f'<rect x="{x0:.1f}" y="{y}" width="{done:.1f}" height="14" fill="{fill}"/>')
    return _svg(height, label, body)


def _ticks(window: Window) -> list[date]:
    """The window's first day, then every 7th day (weekly: every day)."""
    step = 1 if window.kind == "weekly" else 7 if window.kind == "monthly" else 14
    days = (window.end - window.start).days + 1
    return [window.start.fromordinal(window.start.toordinal() + n) for n in range(0, days, step)]
