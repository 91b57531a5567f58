"""A report as Markdown for a pull request or a wiki. Every plan text goes through ``md_escape``."""

from __future__ import annotations

from collections.abc import Sequence

from pmtasks.govern.report import Report
from pmtasks.govern.sections import Row
from pmtasks.render import report_common as rc
from pmtasks.render.report_words import formula, words
from pmtasks.text import md_escape

ZH = {"red": "红", "yellow": "黄", "green": "绿"}


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    align = ["---:" if i in right else "---" for i in range(len(headers))]
    out = [f"| {' | '.join(headers)} |", f"|{'|'.join(align)}|"]
    return out + [f"| {' | '.join(row)} |" for row in rows]


def _units(rows: Sequence[Row], w: dict[str, str], first: str) -> list[str]:
    body = []
    for r in rows:
        name, before, after = rc.unit_cells(r)
        body.append([md_escape(name), *before, rc.colour_counts(r.colours, ZH), *after])
    return _table(rc.unit_headers(w, first), body, right=rc.UNIT_NUMERIC)


def _head(report: Report, w: dict[str, str]) -> list[str]:
    out = [f"# {md_escape(report.title)} · {rc.heading(report, w)}", ""]
    out += [" · ".join(f"{k}: {md_escape(v)}" for k, v in rc.meta(report, w)), ""]
    out += [f"## {w['headline']}", ""]
    pairs = rc.headline_pairs(report, w)
    pairs[-1] = (pairs[-1][0], rc.colour_counts(report.headline.colours, ZH))
    return out + _table([k for k, _ in pairs], [[v for _, v in pairs]])


def _changes(report: Report, w: dict[str, str]) -> list[str]:
    out = ["", f"## {w['changes']}", ""]
    changes = report.changes
    if changes is None:
        return [*out, w["no_history"]]
    if changes.base is None:
        out.append(w["first_commit"].format(sha=(changes.head or "")[:7]))
    if not changes.events:
        return out if changes.base is None else [*out, w["no_changes"]]
    if changes.base is None:
        out.append("")
    rows = []
    for e in changes.events:
        detail = f"{e.old or '—'} → {e.new or '—'}" if e.kind == "reassigned" else rc.event_detail(e, w)
        rows.append(
            [
                md_escape(e.task.id),
                w[e.kind],
                md_escape(detail),
                md_escape(e.reason or "—"),
                md_escape(e.who or "—"),
                md_escape(e.task.title),
            ]
        )
    return out + _table([w["id"], "", "", w["reason"], w["who"], w["title"]], rows)


def _red(report: Report, w: dict[str, str]) -> list[str]:
    out = ["", f"## {w['red_items']}", ""]
    if not report.red:
        return [*out, w["no_red"]]
    rows = [
        [
            md_escape(i.task.id),
            md_escape(i.task.owner or "—"),
            f"{i.progress}% / {i.pace}%",
            rc.red_detail(i.days_late, i.pace - i.progress, w),
            md_escape(i.reason or "—"),
            w["act_" + i.action],
            md_escape(i.task.title),
        ]
        for i in report.red
    ]
    headers = [w["id"], w["owner"], f"{w['progress']} / {w['pace_short']}", "", w["reason"], w["next"], w["title"]]
    return out + _table(headers, rows)


def _coming(report: Report, w: dict[str, str]) -> list[str]:
    out = ["", f"## {w['coming']} {report.ahead.label}", ""]
    if not report.coming:
        return [*out, w["no_coming"]]
    rows = [
        [
            md_escape(i.task.id),
            str(i.task.due),
            f"{i.progress}%",
            w[i.colour.value] if i.colour else "—",
            md_escape(i.task.owner or "—"),
            md_escape(i.task.title),
        ]
        for i in report.coming
    ]
    return out + _table([w["id"], w["due_date"], w["progress"], w["colour"], w["owner"], w["title"]], rows, (2,))


def _quarterly(report: Report, w: dict[str, str]) -> list[str]:
    out: list[str] = []
    if report.goals:
        rows = [
            [
                md_escape(g.line),
                md_escape(f"{g.block.period.label} · {g.block.track}" if g.block.track else g.block.period.label),
                f"{g.done}/{g.tasks}",
                w["v_" + g.verdict],
                md_escape(g.block.goal),
            ]
            for g in report.goals
        ]
        out += ["", f"## {w['goals']}", ""]
        out += _table([w["line"], w["period"], w["done_n"], w["verdict"], w["goal"]], rows)
    rb = report.red_black
    if rb is not None:
        out += ["", f"## {w['red_black']} ({w['by_' + rb.unit]})", ""]
        for key, units in (("red_list", rb.red), ("black_list", rb.black)):
            names = ", ".join(f"{md_escape(s.unit)} ({s.score})" for s in units) or w["nobody"]
            out.append(f"- **{w[key]}**: {names}")
        out += [f"- {md_escape(s.unit)}: {w['exempt']}" for s in rb.standings if s.excused]
    return out


def _kpis(report: Report, w: dict[str, str]) -> list[str]:
    if report.kpis is None:
        return []
    rows = [[*(md_escape(c) for c in rc.kpi_cells(k, w)), w[rc.kpi_state(k)]] for k in report.kpis.states]
    out = ["", f"## {w['kpis']}", "", *_table(rc.kpi_headers(w), rows, rc.KPI_NUMERIC), ""]
    return [*out, rc.kpi_summary(report.kpis.states, w), "", rc.kpi_note(report.kpis, w)]


def _budget(report: Report, w: dict[str, str]) -> list[str]:
    money = report.budget
    if money is None:
        return []
    rows = [[md_escape(c) for c in rc.budget_cells(r, money.currency, f"{code} {r.name}")] for code, r in money.lines]
    rows.append([f"**{md_escape(c)}**" for c in rc.budget_cells(money.total, money.currency, w["total"])])
    out = ["", f"## {w['budget']}", "", *_table(rc.budget_headers(w), rows, rc.BUDGET_NUMERIC)]
    return [*out, "", w["budget_note"]]


def _ledgers(report: Report, w: dict[str, str]) -> list[str]:
    if report.ledgers is None:
        return []
    out = ["", f"## {w['ledgers']}", "", rc.ledger_summary(report.ledgers, w)]
    for t in rc.ledger_tables(report.ledgers, w):
        out += ["", f"### {t.title}", "", *_table(t.headers, [[md_escape(c) for c in row] for row in t.rows])]
    return out


def report_markdown(report: Report, lang: str) -> str:
    w = words(lang)
    out = _head(report, w)
    out += ["", f"## {w['lines']}", "", *_units(report.lines, w, w["line"])]
    if report.owners:
        out += ["", f"## {w['owners']}", "", *_units(report.owners, w, w["owner"])]
    out += _kpis(report, w) + _budget(report, w) + _ledgers(report, w)
    out += _changes(report, w) + _red(report, w) + _coming(report, w) + _quarterly(report, w)
    out += ["", f"## {w['formula']}", ""]
    out += [f"{n}. {md_escape(line)}" for n, line in enumerate(formula(lang, report.policy), 1)]
    return "\n".join(out) + "\n"
