"""KPIs, budgets and effort as terminal tables, the status section and the rows of `show`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from pmtasks.govern.budget import Rollup, budget_table
from pmtasks.govern.kpi import KpiState, kpi_states
from pmtasks.i18n import N_, _
from pmtasks.plan.amounts import days, wan
from pmtasks.plan.model import Kpi, Plan, Task
from pmtasks.render.console import bar, safe
from pmtasks.render.fit import Fitted, giving_way, one_line
from pmtasks.render.glyphs import BAR_WIDTH, glyph
from pmtasks.render.money_data import percent
from pmtasks.text import clean


def _pct(value: Decimal | None) -> str:
    shown = percent(value)
    return "—" if shown is None else f"{shown}%"


def _kpi_state(state: KpiState) -> Text:
    if state.met:
        return Text(_("met"), style="green")
    if state.behind:
        return Text(_("behind"), style="red")
    shown = _("on pace") if state.kpi.actual is not None else _("no actual")
    return Text(shown, style="" if state.kpi.actual else "dim")


def _quantity(value: Decimal | None, unit: str) -> str:
    return "—" if value is None else f"{days(value)}{clean(unit)}"


def kpi_bar(kpi: Kpi, share: Decimal | None, width: int = BAR_WIDTH) -> Text:
    """The met share as a bar (capped at 100% wide; the number says how far past it is)."""
    shown = percent(share) or 0
    text = bar(min(shown, 100), width)
    if shown > 100:
        text = Text(f"{shown:>3}% ").append_text(bar(100, width)[5:])
    return text


def kpi_table(states: Sequence[KpiState], as_of: date, width: int = 100) -> RenderableType:
    """Every KPI; below 100 columns the bars shrink so that the names keep their room."""
    if not states:
        return Text(_("The plan has no KPIs. Add `kpis:` beside a period's goal (see the README)."))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    table.add_column(_("Goal of"), no_wrap=True, overflow="ellipsis", max_width=16)
    table.add_column(_("KPI"), no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column(_("Target"), justify="right", no_wrap=True)
    table.add_column(_("Actual"), justify="right", no_wrap=True)
    table.add_column(_("Met"), no_wrap=True)
    table.add_column(_("Pace"), justify="right", no_wrap=True)
    table.add_column(_("State"), no_wrap=True)
    for state in states:
        kpi = state.kpi
        goal = f"{clean(state.code or '')} {clean(state.period or '')}" if state.line else _("plan")
        table.add_row(
            Text(goal),
            safe(kpi.name + (" ↓" if kpi.direction == "down" else "")),
            _quantity(kpi.target, kpi.unit),
            _quantity(kpi.actual, kpi.unit),
            kpi_bar(kpi, state.met_percent, BAR_WIDTH if width >= 100 else 4),
            f"{state.pace}%",
            _kpi_state(state),
        )
    met = sum(s.met for s in states)
    behind = sum(s.behind for s in states)
    footer = Text(
        _("{met} of {count} KPIs met, {behind} behind pace, as of {date}.").format(
            met=met, count=len(states), behind=behind, date=as_of
        )
    )
    legend = Text(_("Pace: the elapsed share of the goal's period (序时进度). ↓: lower is better."), style="dim")
    return Group(table, footer, legend)


def _money_cells(row: Rollup, currency: str) -> list[str]:
    return [
        wan(row.budget, currency) if row.budget else "—",
        wan(row.spent, currency) if row.spent else "—",
        _pct(row.spent_percent),
        _pct(row.progress),
        days(row.effort) if row.effort else "—",
        days(row.effort_actual) if row.effort_actual else "—",
    ]


BUDGET_HEADERS = (N_("Budget"), N_("Spent"), N_("Spent%"), N_("Progress"), N_("Days plan"), N_("Days used"))
NARROW_BUDGET_HEADERS = (N_("Budget"), N_("Spent"), N_("Sp%"), N_("Prog"), N_("Days"), N_("Used"))


def budget_view(plan: Plan, by: str) -> RenderableType:
    """The roll-up at the terminal's width: past it the names give way and the headings shorten; no amount is cut."""
    rows, total = budget_table(plan, by)
    heading = {"line": _("Business line"), "period": _("Period"), "owner": _("Owner"), "plan": _("Plan")}[by]

    def build(narrow: bool) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
        table.add_column(heading, max_width=30)
        for name in NARROW_BUDGET_HEADERS if narrow else BUDGET_HEADERS:
            table.add_column(_(name), justify="right", no_wrap=True)
        for row in rows:
            table.add_row(one_line(safe(row.name or _("(no owner)"))), *_money_cells(row, plan.currency))
        if rows:
            table.add_section()
        table.add_row(Text(_("Total"), style="bold"), *_money_cells(total, plan.currency), style="bold")
        return giving_way(table)

    note = Text(_("Progress is weighted by budget; days are person-days."))
    return Group(Fitted(build), note)


def status_section(plan: Plan, as_of: date) -> RenderableType | None:
    """Budget, spending and KPIs met per business line, for `status`; None when the plan has none."""
    states = kpi_states(plan, as_of)
    if not plan.records_money and not states:
        return None
    rows, total = budget_table(plan, "line")
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1, 0, 0))
    table.add_column(_("Business line"), no_wrap=True, overflow="ellipsis", max_width=30)
    for name in (_("Budget"), _("Spent"), _("Spent%"), _("KPIs met")):
        table.add_column(name, justify="right", no_wrap=True)

    def kpis(line: str | None) -> str:
        mine = [s for s in states if line is None or s.line == line]
        return f"{sum(s.met for s in mine)}/{len(mine)}" if mine else "—"

    for row in rows:
        table.add_row(safe(row.name), *_money_cells(row, plan.currency)[:3], kpis(row.name))
    table.add_section()
    table.add_row(Text(_("Overall")), *_money_cells(total, plan.currency)[:3], kpis(None), style="bold")
    return Group(Text(_("Budget and KPIs"), style="bold"), table)


def task_money_rows(task: Task, currency: str) -> list[tuple[str, RenderableType]]:
    """The `show` rows for a task's money and effort; none when it has neither."""
    rows: list[tuple[str, RenderableType]] = []
    if task.budget is not None or task.spent is not None:
        spent = task.spent or Decimal(0)
        budget = wan(task.budget, currency) if task.budget is not None else glyph("—")
        line = Text(_("{spent} of {budget}").format(spent=wan(spent, currency), budget=budget))
        if task.budget:
            line.append(f" ({_pct(100 * spent / task.budget)})", style="red" if spent > task.budget else "")
        rows.append((N_("budget"), line))
    if task.effort is not None or task.effort_actual is not None:
        used = days(task.effort_actual) if task.effort_actual is not None else "0"
        planned = days(task.effort) if task.effort is not None else "—"
        rows.append((N_("effort"), Text(_("{used} of {planned} person-days").format(used=used, planned=planned))))
    return rows


def period_kpi_rows(states: Sequence[KpiState]) -> list[tuple[str, RenderableType]]:
    """One `show` row per KPI of the task's period: name, actual against target, and a bar."""
    rows: list[tuple[str, RenderableType]] = []
    for state in states:
        kpi = state.kpi
        text = Text()
        text.append_text(kpi_bar(kpi, state.met_percent))
        text.append(f"  {_quantity(kpi.actual, kpi.unit)} / {_quantity(kpi.target, kpi.unit)}  ")
        text.append_text(safe(kpi.name))
        rows.append((N_("kpi"), text))
    return rows
