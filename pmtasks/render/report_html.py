"""A report as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched.

Every plan text is escaped with :func:`pmtasks.render.report_svg.esc`; a Content-Security-Policy
forbids any request, so even a mistake could not load anything. Printed, it is A4: the figures and
tables first, then a page for the trend and the Gantt chart, then the details (changes, red items,
coming due, goals, red/black list, formulas).
"""

from __future__ import annotations

from collections.abc import Sequence

from pmtasks.govern.colour import Colour
from pmtasks.govern.report import Report
from pmtasks.govern.sections import Row
from pmtasks.render import report_common as rc
from pmtasks.render import report_svg as svg
from pmtasks.render.report_svg import esc
from pmtasks.render.report_words import formula, words

ZH = {"red": "红", "yellow": "黄", "green": "绿"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
CSS = """
:root { --red: #d92d20; --yellow: #b7791f; --green: #2e9d5b; --ink: #1d2939; --muted: #667085; --line: #e4e7ec; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 960px; padding: 24px; color: var(--ink); line-height: 1.5;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Hiragino Sans GB",
  "WenQuanYi Micro Hei", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
.sub { font-size: 16px; margin: 0 0 8px; color: var(--muted); }
.meta { color: var(--muted); margin: 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(130px, 1fr)); gap: 8px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
.kpi .v { display: block; font-size: 20px; font-weight: 700; }
.kpi .k { display: block; font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
td:first-child { white-space: nowrap; font-weight: 600; }
.red { color: var(--red); font-weight: 700; } .yellow { color: var(--yellow); font-weight: 700; }
.green { color: var(--green); font-weight: 700; }
td .red, td .yellow, td .green { white-space: nowrap; }
.note { color: var(--muted); }
figure { margin: 12px 0; } figcaption { font-size: 12px; color: var(--muted); }
svg.chart { max-width: 100%; height: auto; font-family: inherit; }
svg.chart text { fill: var(--ink); }
ol.formula li { margin-bottom: 4px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  .break { break-before: page; }
  tr, figure, .kpi { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _colour(name: str | None, w: dict[str, str]) -> str:
    return f'<span class="{name}">{w[name]}</span>' if name else "—"


def _counts(counts: dict[Colour, int]) -> str:
    return " · ".join(f'<span class="{c.value}">{ZH[c.value]}</span> {n}' for c, n in counts.items())


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """Cells are HTML already escaped by the caller."""

    def cls(i: int) -> str:
        return ' class="n"' if i in numeric else ""

    head = "".join(f"<th{cls(i)}>{h}</th>" for i, h in enumerate(headers))
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(r)) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(key: str, title: str, body: str, extra: str = "") -> str:
    return f'<section id="{key}" class="{extra}"><h2>{title}</h2>{body}</section>'


def _units(rows: Sequence[Row], w: dict[str, str], first: str) -> str:
    body = []
    for r in rows:
        name, before, after = rc.unit_cells(r)
        body.append([esc(name), *before, _counts(r.colours), *after])
    return _table(rc.unit_headers(w, first), body, numeric=rc.UNIT_NUMERIC)


def _head(report: Report, w: dict[str, str]) -> str:
    meta = " · ".join(f"{k}: {esc(v)}" for k, v in rc.meta(report, w))
    kpis = "".join(
        f'<div class="kpi"><span class="v">{esc(v) if i < 6 else _counts(report.headline.colours)}</span>'
        f'<span class="k">{k}</span></div>'
        for i, (k, v) in enumerate(rc.headline_pairs(report, w))
    )
    return (
        f'<header><h1>{esc(report.title)}</h1><p class="sub">{rc.heading(report, w)}</p>'
        f'<p class="meta">{meta}</p></header>' + _section("headline", w["headline"], f'<div class="kpis">{kpis}</div>')
    )


def _charts(report: Report, w: dict[str, str]) -> str:
    legend = (w["progress"], w["pace"])
    out = ""
    if report.lines:
        chart = svg.line_bars(report.lines, w["chart_lines"], legend)
        out += f"<figure>{chart}<figcaption>{w['chart_lines']}</figcaption></figure>"
    return out


def _kpis(report: Report, w: dict[str, str]) -> str:
    if report.kpis is None:
        return ""
    state = {"s_met": "green", "s_behind": "red", "s_on_pace": "", "s_no_actual": "note"}
    rows = [
        [*(esc(c) for c in rc.kpi_cells(k, w)), f'<span class="{state[rc.kpi_state(k)]}">{w[rc.kpi_state(k)]}</span>']
        for k in report.kpis.states
    ]
    notes = f'<p>{rc.kpi_summary(report.kpis.states, w)}</p><p class="note">{rc.kpi_note(report.kpis, w)}</p>'
    return _section("kpis", w["kpis"], _table(rc.kpi_headers(w), rows, numeric=rc.KPI_NUMERIC) + notes)


def _budget(report: Report, w: dict[str, str]) -> str:
    money = report.budget
    if money is None:
        return ""
    names = [(f"{code} {row.name}", row) for code, row in money.lines]
    rows = [[esc(c) for c in rc.budget_cells(row, money.currency, name)] for name, row in names]
    rows.append([f"<strong>{esc(c)}</strong>" for c in rc.budget_cells(money.total, money.currency, w["total"])])
    chart = svg.budget_bars([(n, r.budget, r.spent) for n, r in names], w["chart_budget"], (w["spent"], w["budget_n"]))
    figure = f"<figure>{chart}<figcaption>{w['chart_budget']}</figcaption></figure>"
    note = f'<p class="note">{w["budget_note"]}</p>'
    return _section(
        "budget", w["budget"], _table(rc.budget_headers(w), rows, numeric=rc.BUDGET_NUMERIC) + note + figure
    )


def _ledgers(report: Report, w: dict[str, str]) -> str:
    if report.ledgers is None:
        return ""
    body = f"<p>{esc(rc.ledger_summary(report.ledgers, w))}</p>"
    for t in rc.ledger_tables(report.ledgers, w):
        body += f"<p><strong>{esc(t.title)}</strong></p>" + _table(t.headers, [[esc(c) for c in r] for r in t.rows])
    return _section("ledgers", w["ledgers"], body)


def _trend(report: Report, w: dict[str, str]) -> str:
    chart = svg.trend_line(report.trend, w["trend"], (w["progress"], w["pace"]))
    return _section("trend", w["trend"], f"<figure>{chart}</figure>", "break")


def _gantt(report: Report, w: dict[str, str]) -> str:
    if not report.gantt:
        return ""
    more = f'<p class="note">+{report.gantt_more} {w["more"]}</p>' if report.gantt_more else ""
    chart = svg.gantt(report.gantt, report.window, w["gantt"])
    return _section("gantt", f"{w['gantt']} {report.window.label}", f"<figure>{chart}</figure>{more}")


def _changes(report: Report, w: dict[str, str]) -> str:
    changes = report.changes
    if changes is None:
        return _section("changes", w["changes"], f'<p class="note">{w["no_history"]}</p>', "break")
    first = (
        f'<p class="note">{w["first_commit"].format(sha=esc((changes.head or "")[:7]))}</p>' if not changes.base else ""
    )
    if not changes.events:
        return _section("changes", w["changes"], first or f'<p class="note">{w["no_changes"]}</p>', "break")
    rows = []
    for e in changes.events:
        detail = f"{e.old or '—'} → {e.new or '—'}" if e.kind == "reassigned" else rc.event_detail(e, w)
        rows.append(
            [esc(e.task.id), w[e.kind], esc(detail), esc(e.reason or "—"), esc(e.who or "—"), esc(e.task.title)]
        )
    table = _table([w["id"], "", "", w["reason"], w["who"], w["title"]], rows)
    return _section("changes", w["changes"], first + table, "break")


def _red(report: Report, w: dict[str, str]) -> str:
    if not report.red:
        return _section("red", w["red_items"], f'<p class="note">{w["no_red"]}</p>')
    rows = [
        [
            esc(i.task.id),
            esc(i.task.owner or "—"),
            f"{i.progress}% / {i.pace}%",
            f'<span class="red">{rc.red_detail(i.days_late, i.pace - i.progress, w)}</span>',
            esc(i.reason or "—"),
            w["act_" + i.action],
            esc(i.task.title),
        ]
        for i in report.red
    ]
    headers = [w["id"], w["owner"], f"{w['progress']} / {w['pace_short']}", "", w["reason"], w["next"], w["title"]]
    return _section("red", w["red_items"], _table(headers, rows))


def _coming(report: Report, w: dict[str, str]) -> str:
    title = f"{w['coming']} {report.ahead.label}"
    if not report.coming:
        return _section("coming", title, f'<p class="note">{w["no_coming"]}</p>')
    rows = [
        [
            esc(i.task.id),
            str(i.task.due),
            f"{i.progress}%",
            _colour(i.colour.value if i.colour else None, w),
            esc(i.task.owner or "—"),
            esc(i.task.title),
        ]
        for i in report.coming
    ]
    return _section(
        "coming",
        title,
        _table([w["id"], w["due_date"], w["progress"], w["colour"], w["owner"], w["title"]], rows, numeric=(2,)),
    )


def _quarterly(report: Report, w: dict[str, str]) -> str:
    out = ""
    if report.goals:
        verdict = {"done": "green", "partly": "yellow", "not done": "red"}
        rows = [
            [
                esc(g.line),
                esc(f"{g.block.period.label} · {g.block.track}" if g.block.track else g.block.period.label),
                f"{g.done}/{g.tasks}",
                f'<span class="{verdict[g.verdict]}">{w["v_" + g.verdict]}</span>',
                esc(g.block.goal),
            ]
            for g in report.goals
        ]
        out += _section(
            "goals",
            w["goals"],
            _table([w["line"], w["period"], w["done_n"], w["verdict"], w["goal"]], rows, numeric=(2,)),
        )
    rb = report.red_black
    if rb is not None:
        items = ""
        for key, units, cls in (("red_list", rb.red, "red"), ("black_list", rb.black, "")):
            names = ", ".join(f"{esc(s.unit)} ({s.score})" for s in units) or w["nobody"]
            items += f'<li><span class="{cls}">{w[key]}</span>: {names}</li>'
        items += "".join(f"<li>{esc(s.unit)}: {w['exempt']}</li>" for s in rb.standings if s.excused)
        out += _section("redblack", f"{w['red_black']} ({w['by_' + rb.unit]})", f"<ul>{items}</ul>")
    return out


def report_html(report: Report, lang: str) -> str:
    w = words(lang)
    body = _head(report, w)
    body += _section("lines", w["lines"], _units(report.lines, w, w["line"]) + _charts(report, w))
    if report.owners:
        body += _section("owners", w["owners"], _units(report.owners, w, w["owner"]))
    body += _kpis(report, w) + _budget(report, w) + _ledgers(report, w)
    body += (
        _trend(report, w)
        + _gantt(report, w)
        + _changes(report, w)
        + _red(report, w)
        + _coming(report, w)
        + _quarterly(report, w)
    )
    steps = "".join(f"<li>{esc(line)}</li>" for line in formula(lang, report.policy))
    body += _section("formula", w["formula"], f'<ol class="formula">{steps}</ol>')
    title = f"{esc(report.title)} · {rc.heading(report, w)}"
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{title}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )
