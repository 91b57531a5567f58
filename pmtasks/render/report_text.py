"""A report for the terminal, as Rich renderables; plan text goes through ``safe`` and never acts as markup."""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pmtasks.govern.colour import ORDER, Colour
from pmtasks.govern.report import Report
from pmtasks.govern.sections import Row
from pmtasks.render import report_common as rc
from pmtasks.render.console import make_console, safe
from pmtasks.render.fit import Fitted, giving_way, one_line
from pmtasks.render.report_words import formula, words

ZH = {Colour.RED: "红", Colour.YELLOW: "黄", Colour.GREEN: "绿"}
STYLE = {Colour.RED: "bold red", Colour.YELLOW: "yellow", Colour.GREEN: "green"}
KPI_STYLE = {"s_met": "green", "s_behind": "bold red", "s_on_pace": "", "s_no_actual": "dim"}


def _colour(value: Colour | None, w: dict[str, str]) -> Text:
    return Text(w[value.value], style=STYLE[value]) if value else Text("—")


# The unit tables' headings on a narrow terminal: short enough that the figures are never cut.
NARROW = {
    "en": ("#", "Done", "Due", "OnT", "Prog", "Pace", "红黄绿", "Score", "Rk"),
    "zh-CN": ("任务", "完成", "到期", "按期", "进度", "序时", "红黄绿", "得分", "名次"),
}


def _counts(counts: dict[Colour, int], w: dict[str, str], narrow: bool = False) -> Text:
    """``红 6 · 黄 0 · 绿 4``, or ``6/0/4`` when narrow."""
    text = Text()
    for i, c in enumerate(ORDER):
        if i:
            text.append("/" if narrow else " · ")
        count = counts.get(c, 0)
        text.append(str(count) if narrow else f"{ZH[c]} {count}", style=STYLE[c] if count else "dim")
    return text


def _title(text: str) -> Text:
    return Text(text, style="bold underline")


def _table(*headers: str, right: Sequence[int] = ()) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    for i, name in enumerate(headers):
        table.add_column(name, justify="right" if i in right else "left", no_wrap=True, overflow="ellipsis")
    return table


def _units(rows: Sequence[Row], lang: str, first: str) -> Fitted:
    """The line or owner table; past the width, the names give way, the headings and colour counts shorten,
    and the figures are never cut."""
    w = words(lang)

    def build(narrow: bool) -> Table:
        headers = (first, *NARROW[lang]) if narrow else rc.unit_headers(w, first)
        table = giving_way(_table(*headers, right=rc.UNIT_NUMERIC))
        for r in rows:
            name, before, after = rc.unit_cells(r)
            table.add_row(one_line(safe(name)), *before, _counts(r.colours, w, narrow), *after)
        return table

    return Fitted(build)


def _head(report: Report, w: dict[str, str]) -> list[RenderableType]:
    title = safe(report.title, style="bold")
    title.append(" · " + rc.heading(report, w))
    meta = Text(" · ".join(f"{k} {v}" for k, v in rc.meta(report, w)))
    pairs = rc.headline_pairs(report, w)
    lines = [Text(), Text()]
    for i, (k, v) in enumerate(pairs[:-1]):
        line = lines[i // 4]
        line.append(("" if i % 4 == 0 else " · ") + f"{k} ")
        line.append(v, style="bold")
    colours = Text(f"{pairs[-1][0]} ").append_text(_counts(report.headline.colours, w))
    return [title, meta, Text(), _title(w["headline"]), *lines, colours]


def _item(task_id: str, facts: Text, *rest: Text) -> list[Text]:
    """An item as lines that never wrap: the ID and the facts, then the task text, indented and cut with …."""
    first = safe(task_id, style="bold").append("  ").append_text(facts)
    lines = [first, *(Text("    ").append_text(r) for r in rest)]
    for line in lines:
        line.no_wrap, line.overflow = True, "ellipsis"
    return lines


def _changes(report: Report, w: dict[str, str]) -> list[RenderableType]:
    out: list[RenderableType] = [Text(), _title(w["changes"])]
    changes = report.changes
    if changes is None:
        return [*out, Text(w["no_history"], style="dim")]
    if changes.base is None:
        out.append(Text(w["first_commit"].format(sha=(changes.head or "")[:7]), style="dim"))
    if not changes.events:
        return [*out, Text(w["no_changes"], style="dim")] if changes.base else out
    for e in changes.events:
        facts = Text(w[e.kind], style="bold")
        detail = f"{e.old or '—'} → {e.new or '—'}" if e.kind == "reassigned" else rc.event_detail(e, w)
        if detail:
            facts.append("  ").append_text(safe(detail))
        if e.reason or e.who:
            facts.append(f"  {w['reason']}: ").append_text(safe(e.reason))
        if e.who:
            facts.append(f" ({w['who']} ").append_text(safe(e.who)).append(")")
        out += _item(e.task.id, facts, safe(e.task.title))
    return out


def _red(report: Report, w: dict[str, str]) -> list[RenderableType]:
    out: list[RenderableType] = [Text(), _title(w["red_items"])]
    if not report.red:
        return [*out, Text(w["no_red"], style="green")]
    for i in report.red:
        facts = Text(rc.red_detail(i.days_late, i.pace - i.progress, w), style="red")
        facts.append(f"  {w['progress']} {i.progress}% / {w['pace_short']} {i.pace}%  {w['owner']} ")
        facts.append_text(safe(i.task.owner))
        why = Text(f"{w['reason']}: ").append_text(safe(i.reason)).append(f"  {w['next']}: {w['act_' + i.action]}")
        out += _item(i.task.id, facts, safe(i.task.title), why)
    return out


def _coming(report: Report, w: dict[str, str]) -> list[RenderableType]:
    out: list[RenderableType] = [Text(), _title(f"{w['coming']} {report.ahead.label}")]
    if not report.coming:
        return [*out, Text(w["no_coming"], style="dim")]
    for i in report.coming:
        facts = Text(f"{w['due_date']} {i.task.due}  {i.progress}%  ").append_text(_colour(i.colour, w))
        facts.append(f"  {w['owner']} ").append_text(safe(i.task.owner))
        out += _item(i.task.id, facts, safe(i.task.title))
    return out


def _quarterly(report: Report, w: dict[str, str]) -> list[RenderableType]:
    out: list[RenderableType] = []
    if report.goals:
        out += [Text(), _title(w["goals"])]
        for g in report.goals:
            label = f"{g.block.period.label} · {g.block.track}" if g.block.track else g.block.period.label
            facts = safe(label).append(f"  {w['done_n']} {g.done}/{g.tasks}  ")
            facts.append(w["v_" + g.verdict], style={"done": "green", "partly": "yellow"}.get(g.verdict, "red"))
            out += _item(g.line, facts, Text(f"{w['goal']}: ").append_text(safe(g.block.goal)))
    rb = report.red_black
    if rb is not None:
        out += [Text(), _title(f"{w['red_black']} ({w['by_' + rb.unit]})")]
        for key, units, style in (("red_list", rb.red, "bold red"), ("black_list", rb.black, "bold")):
            line = Text(f"{w[key]}: ", style=style)
            for n, s in enumerate(units):
                line.append(", " if n else "").append_text(safe(s.unit)).append(f" ({s.score})")
            out.append(line if units else line.append(w["nobody"]))
        excused = [s for s in rb.standings if s.excused]
        for s in excused:
            out.append(safe(s.unit, style="dim").append(f" — {w['exempt']}"))
    return out


def _kpis(report: Report, w: dict[str, str]) -> list[RenderableType]:
    if report.kpis is None:
        return []
    table = _table(*rc.kpi_headers(w), right=rc.KPI_NUMERIC)
    for state in report.kpis.states:
        key = rc.kpi_state(state)
        table.add_row(*(safe(c) for c in rc.kpi_cells(state, w)), Text(w[key], style=KPI_STYLE[key]))
    notes = [Text(rc.kpi_summary(report.kpis.states, w)), Text(rc.kpi_note(report.kpis, w), style="dim")]
    return [Text(), _title(w["kpis"]), table, *notes]


def _budget(report: Report, w: dict[str, str]) -> list[RenderableType]:
    money = report.budget
    if money is None:
        return []
    table = _table(*rc.budget_headers(w), right=rc.BUDGET_NUMERIC)
    for code, row in money.lines:
        table.add_row(*(safe(c) for c in rc.budget_cells(row, money.currency, f"{code} {row.name}")))
    table.add_section()
    table.add_row(*(safe(c) for c in rc.budget_cells(money.total, money.currency, w["total"])), style="bold")
    return [Text(), _title(w["budget"]), table, Text(w["budget_note"], style="dim")]


def _ledgers(report: Report, w: dict[str, str]) -> list[RenderableType]:
    if report.ledgers is None:
        return []
    out: list[RenderableType] = [Text(), _title(w["ledgers"]), Text(rc.ledger_summary(report.ledgers, w))]
    for t in rc.ledger_tables(report.ledgers, w):
        table = _table(*t.headers)
        table.columns[-1].no_wrap = False  # the item's text gives way first, cut with …; the figures stay whole
        for row in t.rows:
            table.add_row(*(one_line(safe(c)) for c in row))
        out += [Text(), Text(t.title, style="bold"), table]
    return out


def report_view(report: Report, lang: str) -> RenderableType:
    w = words(lang)
    parts: list[RenderableType] = _head(report, w)
    parts += [Text(), _title(w["lines"]), _units(report.lines, lang, w["line"])]
    if report.owners:
        parts += [Text(), _title(w["owners"]), _units(report.owners, lang, w["owner"])]
    parts += _kpis(report, w) + _budget(report, w) + _ledgers(report, w)
    parts += _changes(report, w) + _red(report, w) + _coming(report, w) + _quarterly(report, w)
    parts += [Text(), _title(w["formula"])]
    for n, line in enumerate(formula(lang, report.policy), 1):
        text = safe(f"{n}. {line}")
        text.overflow = "fold"
        parts.append(text)
    return Group(*parts)


def report_text(report: Report, lang: str, width: int = 100) -> str:
    """The terminal view as plain text, for ``--output``."""
    buffer = io.StringIO()
    console = make_console(file=buffer)
    console.width = width
    console.no_color = True
    console.print(report_view(report, lang))
    return buffer.getvalue()
