"""What every report format shows the same way: figures as text, colour counts, event details."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from pmtasks.govern.budget import Rollup
from pmtasks.govern.changes import Event
from pmtasks.govern.colour import ORDER, Colour
from pmtasks.govern.kpi import KpiState
from pmtasks.govern.ledger_section import LedgerSection
from pmtasks.govern.money_sections import KpiSection
from pmtasks.govern.report import Report
from pmtasks.govern.sections import Row
from pmtasks.plan.amounts import days, wan
from pmtasks.render.money_data import percent
from pmtasks.render.words import signed

UNIT_NUMERIC = (1, 2, 3, 4, 5, 6, 8, 9)  # the unit table's right-aligned columns
KPI_NUMERIC = (2, 3, 4, 5)
BUDGET_NUMERIC = (1, 2, 3, 4)


@dataclass(frozen=True)
class LedgerTable:
    """One of the ledger section's tables: its title, headings and rows, every cell plain text."""

    title: str
    headers: list[str]
    rows: list[list[str]]


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


def kpi_headers(w: dict[str, str]) -> list[str]:
    return [w[k] for k in ("goal_of", "kpi", "target", "actual", "met_pct", "pace_short", "state")]


def kpi_state(state: KpiState) -> str:
    """The KPI's state as a word key: met, behind (pace), on pace, or no actual yet."""
    if state.met:
        return "s_met"
    if state.behind:
        return "s_behind"
    return "s_on_pace" if state.kpi.actual is not None else "s_no_actual"


def kpi_cells(state: KpiState, w: dict[str, str]) -> list[str]:
    """A KPI's cells up to its state, all still to be escaped (names, periods and units are plan text)."""
    kpi = state.kpi
    goal = f"{state.code} {state.period}" if state.line else w["whole_plan"]
    met = percent(state.met_percent)

    def quantity(value: Decimal | None) -> str:
        return w["none"] if value is None else f"{days(value)}{kpi.unit}"

    return [
        goal,
        kpi.name + (" ↓" if kpi.direction == "down" else ""),
        quantity(kpi.target),
        quantity(kpi.actual),
        w["none"] if met is None else f"{met}%",
        f"{state.pace}%",
    ]


def kpi_summary(states: tuple[KpiState, ...], w: dict[str, str]) -> str:
    return w["kpi_summary"].format(met=sum(s.met for s in states), n=len(states), behind=sum(s.behind for s in states))


def kpi_note(section: KpiSection, w: dict[str, str]) -> str:
    return w["kpi_note"].format(t=section.threshold)


def budget_headers(w: dict[str, str]) -> list[str]:
    return [w[k] for k in ("line", "budget_n", "spent", "spent_pct", "progress")]


def budget_cells(row: Rollup, currency: str, name: str) -> list[str]:
    """A budget row's cells, all still to be escaped (the name and the currency are plan text)."""
    share, progress = percent(row.spent_percent), percent(row.progress)
    return [
        name,
        wan(row.budget, currency) if row.budget else "—",
        wan(row.spent, currency) if row.spent else "—",
        "—" if share is None else f"{share}%",
        "—" if progress is None else f"{progress}%",
    ]


def ledger_summary(section: LedgerSection, w: dict[str, str]) -> str:
    return w["ledger_summary"].format(
        total=section.total,
        open=len(section.open),
        overdue=len(section.overdue),
        closed=len(section.closed),
        awaiting=len(section.awaiting),
    )


def ledger_tables(section: LedgerSection, w: dict[str, str]) -> list[LedgerTable]:
    """The overdue, closed and awaiting tables that have rows; every cell still to be escaped."""
    tables = [
        LedgerTable(
            w["l_overdue"],
            [w["id"], w["l_kind"], w["owner"], w["due_date"], "", w["l_item"]],
            [
                [
                    x.item.id,
                    w["k_" + x.item.kind.value],
                    x.item.owner,
                    str(x.item.due),
                    w["days_late"].format(n=x.days_late),
                    x.item.title,
                ]
                for x in section.overdue
            ],
        ),
        LedgerTable(
            w["l_closed"],
            [w["id"], w["l_kind"], w["owner"], w["l_closed_on"], w["l_state"], w["l_item"]],
            [
                [
                    x.item.id,
                    w["k_" + x.item.kind.value],
                    x.item.owner,
                    str(x.on),
                    w["st_" + x.item.state.value],
                    x.item.title,
                ]
                for x in section.closed
            ],
        ),
        LedgerTable(
            w["l_awaiting"],
            [w["id"], w["l_kind"], w["owner"], w["due_date"], w["l_item"]],
            [[i.id, w["k_" + i.kind.value], i.owner, str(i.due), i.title] for i in section.awaiting],
        ),
    ]
    return [t for t in tables if t.rows]
