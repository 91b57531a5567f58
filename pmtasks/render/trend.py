"""The progress trend as a terminal burn-up, JSON, CSV and Mermaid ``xychart-beta`` line charts.

Plain strings. Group names come from the plan (business lines, owners, periods) and are untrusted:
in Mermaid they go through the same escaping as ``timeline --format mermaid``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pmtasks.git.trend import Every, Sample, Trend
from pmtasks.i18n import N_, _
from pmtasks.render.data import dumps
from pmtasks.render.history import table
from pmtasks.render.history_data import _csv, commit_record
from pmtasks.render.mermaid import escape
from pmtasks.text import truncate

ACTUAL, EXPECTED, EMPTY = "█", "│", "░"
ASCII = ("#", "|", ".")
TITLE_WIDTH = 40


def burn_bar(actual: int, expected: int, width: int, ascii_only: bool = False) -> str:
    """Actual progress filled, the expected (序时进度) position marked: ``█████░░│░░░``."""
    fill, mark, empty = ASCII if ascii_only else (ACTUAL, EXPECTED, EMPTY)
    cells = [fill if i < round(width * actual / 100) else empty for i in range(width)]
    at = min(width - 1, round(width * expected / 100))
    cells[at] = mark
    return "".join(cells)


def _row(day: date, commit: str, s: Sample, bar_width: int, ascii_only: bool, narrow: bool) -> list[str]:
    bar = burn_bar(s.actual, s.expected, bar_width, ascii_only)
    if narrow:
        return [str(day), str(s.done), str(s.overdue), f"{s.actual}%", f"{s.expected}%", bar]
    gap = f"{s.actual - s.expected:+d}"
    return [str(day), commit, str(s.total), str(s.done), str(s.overdue), f"{s.actual}%", f"{s.expected}%", gap, bar]


HEADERS = [
    N_("Date"),
    N_("Commit"),
    N_("Tasks"),
    N_("Done"),
    N_("Late"),
    N_("Actual"),
    "序时进度",
    N_("Gap"),
    N_("Progress"),
]
NARROW_HEADERS = [N_("Date"), N_("Done"), N_("Late"), N_("Actual"), "序时", N_("Progress")]
FULL_WIDTH = 80  # the full table's columns before the bar
HEADS = {
    Every.week: N_("Progress every week, {start} to {end}"),
    Every.month: N_("Progress every month, {start} to {end}"),
}


def trend_text(trend: Trend, width: int = 100, ascii_only: bool = False) -> str:
    """One table per series (overall, then each group): the numbers and a burn-up bar per point."""
    fill, mark = (ASCII if ascii_only else (ACTUAL, EXPECTED))[:2]
    head = _(HEADS[trend.every]).format(start=trend.start, end=trend.end)
    legend = _("{fill} actual (mean progress)  {mark} expected (序时进度)").format(fill=fill, mark=mark)
    lines = [truncate(head, width), truncate(legend, width)]
    commits = {p.day: p.commit.short for p in trend.points}
    narrow = width < FULL_WIDTH + 10
    headers = [_(h) for h in (NARROW_HEADERS if narrow else HEADERS)]
    bar_width = max(10, min(40, width - (38 if narrow else FULL_WIDTH)))
    for group in [None, *trend.groups]:
        rows = [_row(day, commits[day], s, bar_width, ascii_only, narrow) for day, s in trend.series(group)]
        lines += ["", truncate(group or _("Overall"), width)]
        lines += table(headers, rows, width, right=range(1 if narrow else 2, len(headers) - 1))
    return "\n".join(lines) + "\n"


def _sample(s: Sample) -> dict[str, int | str]:
    return {
        "name": s.name,
        "tasks": s.total,
        "actual": s.actual,
        "expected": s.expected,
        "done": s.done,
        "overdue": s.overdue,
    }


def trend_json(trend: Trend, notes: Sequence[str]) -> str:
    points = [
        {
            "date": p.day.isoformat(),
            "commit": commit_record(p.commit),
            "overall": _sample(p.overall),
            "groups": [_sample(g) for g in p.groups],
        }
        for p in trend.points
    ]
    return dumps(
        {
            "every": trend.every.value,
            "by": trend.by.value,
            "start": trend.start.isoformat(),
            "end": trend.end.isoformat(),
            "groups": list(trend.groups),
            "points": points,
            "notes": list(notes),
        }
    )


def trend_csv(trend: Trend) -> str:
    rows = []
    for group in [None, *trend.groups]:
        for point in trend.points:
            sample = point.overall if group is None else next((g for g in point.groups if g.name == group), None)
            if sample is not None:
                rows.append(
                    [
                        point.day.isoformat(),
                        point.commit.short,
                        group or "overall",
                        sample.total,
                        sample.done,
                        sample.overdue,
                        sample.actual,
                        sample.expected,
                    ]
                )
    return _csv(("date", "commit", "group", "tasks", "done", "overdue", "actual", "expected"), rows)


def _quoted(text: str) -> str:
    """Text for a double-quoted Mermaid string: escaped as in gantt charts, quotes made fullwidth."""
    return '"' + escape(text).replace('"', "＂") + '"'


def xychart(title: str, series: Sequence[tuple[date, Sample]]) -> str:
    """One ``xychart-beta`` chart: line 1 is actual progress, line 2 the expected 序时进度."""
    labels = ", ".join(_quoted(day.strftime("%m-%d")) for day, _ in series)
    actual = ", ".join(str(s.actual) for _, s in series)
    expected = ", ".join(str(s.expected) for _, s in series)
    return (
        "\n".join(
            [
                "xychart-beta",
                f"    title {_quoted(title)}",
                f"    x-axis [{labels}]",
                '    y-axis "%" 0 --> 100',
                f"    line [{actual}]",
                f"    line [{expected}]",
            ]
        )
        + "\n"
    )


def trend_mermaid(trend: Trend, plan_title: str) -> str:
    """A fenced chart for the whole plan, then one per group; line 1 actual, line 2 序时进度."""
    charts = []
    for group in [None, *trend.groups]:
        series = trend.series(group)
        if not series:
            continue
        name = truncate(group or plan_title, TITLE_WIDTH)
        title = f"{name} · actual vs 序时进度 (every {trend.every.value})"
        charts.append(f"```mermaid\n{xychart(title, series)}```\n")
    return "\n".join(charts)
