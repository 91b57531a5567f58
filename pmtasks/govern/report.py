"""A governance report (周调度、月通报、季评估) as plain data, assembled section by section."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pmtasks.govern import sections as s
from pmtasks.govern.changes import WindowChanges
from pmtasks.govern.ledger_section import LedgerSection, ledger_section
from pmtasks.govern.money_sections import BudgetSection, KpiSection, budget_section, kpi_section
from pmtasks.govern.window import Window
from pmtasks.ledger.model import Book
from pmtasks.plan.model import Plan, ReportPolicy, Task


@dataclass(frozen=True)
class Report:
    title: str
    org: str | None
    kind: str  # weekly | monthly | quarterly
    window: Window
    as_of: date
    revision: str | None
    filters: tuple[str, ...]
    policy: ReportPolicy
    headline: s.Headline
    lines: tuple[s.Row, ...]
    owners: tuple[s.Row, ...]
    changes: WindowChanges | None
    red: tuple[s.RedItem, ...]
    ahead: Window
    coming: tuple[s.DueItem, ...]
    goals: tuple[s.GoalItem, ...]
    red_black: s.RedBlack | None
    trend: tuple[s.TrendPoint, ...]
    gantt: tuple[s.GanttItem, ...]
    gantt_more: int
    states: tuple[s.TaskState, ...]
    kpis: KpiSection | None = None
    budget: BudgetSection | None = None
    ledgers: LedgerSection | None = None


def build_report(
    plan: Plan,
    window: Window,
    as_of: date,
    tasks: Sequence[Task],
    changes: WindowChanges | None = None,
    revision: str | None = None,
    filters: Sequence[str] = (),
    book: Book | None = None,
) -> Report:
    """The report on ``tasks`` (the plan's, narrowed by the filters) for ``window``, as of ``as_of``."""
    scope = s.Scope(plan, tuple(tasks), window, as_of)
    kept = {t.id for t in scope.tasks}
    if changes is not None and filters:
        changes = WindowChanges(changes.base, changes.head, tuple(e for e in changes.events if e.task.id in kept))
    ahead, coming = s.coming_due(scope)
    quarterly = window.kind == "quarterly"
    items, more = s.gantt(scope)
    return Report(
        title=plan.title,
        org=plan.org,
        kind=window.kind,
        window=window,
        as_of=as_of,
        revision=revision,
        filters=tuple(filters),
        policy=plan.report,
        headline=s.headline(scope),
        lines=tuple(s.unit_rows(scope, "line")),
        owners=tuple(s.unit_rows(scope, "owner")),
        changes=changes,
        red=tuple(s.red_items(scope)),
        ahead=ahead,
        coming=tuple(coming),
        goals=tuple(s.goals(scope)) if quarterly else (),
        red_black=s.red_black_list(scope) if quarterly else None,
        trend=tuple(s.trend(scope)),
        gantt=tuple(items),
        gantt_more=more,
        states=tuple(s.task_states(scope)),
        kpis=kpi_section(scope, bool(filters)),
        budget=budget_section(scope, plan.title),
        ledgers=ledger_section(scope, book, bool(filters)),
    )
