"""Money and effort against the plan: budgets, spending and person-days, rolled up.

The progress a group has made is weighted by budget, so that a large finished task counts for more
than a small one when it is set against the share of the budget already spent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from pmtasks.plan.model import Plan, Task

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
BY = ("line", "period", "owner", "plan")


def spent_percent(task: Task) -> Decimal | None:
    """Spent as a share of budget, in %; None without a (non-zero) budget."""
    if not task.budget:
        return None
    return _HUNDRED * (task.spent or _ZERO) / task.budget


def over_budget(task: Task) -> bool:
    return task.budget is not None and (task.spent or _ZERO) > task.budget


def burning_ahead(task: Task, threshold: int) -> bool:
    """The spent share runs ahead of progress by more than ``threshold`` points (not yet over budget)."""
    share = spent_percent(task)
    return share is not None and not over_budget(task) and share - task.progress > threshold


def effort_overrun(task: Task, threshold: int) -> bool:
    """More person-days used than planned, by more than ``threshold`` % of the plan."""
    if task.effort is None or task.effort_actual is None:
        return False
    return task.effort_actual > task.effort * (1 + Decimal(threshold) / _HUNDRED)


@dataclass(frozen=True)
class Rollup:
    """Sums for one group of tasks."""

    name: str
    tasks: int
    budget: Decimal
    spent: Decimal
    effort: Decimal
    effort_actual: Decimal
    progress: Decimal | None  # budget-weighted mean progress of the budgeted tasks, %

    @property
    def spent_percent(self) -> Decimal | None:
        return _HUNDRED * self.spent / self.budget if self.budget else None


def rollup(name: str, tasks: Iterable[Task]) -> Rollup:
    group = list(tasks)
    budgeted = [t for t in group if t.budget]
    total = sum((t.budget or _ZERO for t in budgeted), _ZERO)
    weighted = sum(((t.budget or _ZERO) * t.progress for t in budgeted), _ZERO)
    return Rollup(
        name,
        len(group),
        sum((t.budget or _ZERO for t in group), _ZERO),
        sum((t.spent or _ZERO for t in group), _ZERO),
        sum((t.effort or _ZERO for t in group), _ZERO),
        sum((t.effort_actual or _ZERO for t in group), _ZERO),
        weighted / total if total else None,
    )


def _keys(plan: Plan, by: str) -> Callable[[Task], str]:
    if by == "line":
        return lambda t: t.line
    if by == "period":
        return lambda t: f"{t.line} · {t.period.label}"
    if by == "owner":
        return lambda t: t.owner or ""
    return lambda t: plan.title


def budget_table(plan: Plan, by: str = "line") -> tuple[list[Rollup], Rollup]:
    """One roll-up per group, in plan order (owners by name, the unowned last), and the total."""
    key = _keys(plan, by)
    groups: dict[str, list[Task]] = {}
    for task in plan.tasks:
        groups.setdefault(key(task), []).append(task)
    names = list(groups)
    if by == "owner":
        names.sort(key=lambda n: (n == "", n))
    rows = [rollup(name, groups[name]) for name in names] if by != "plan" else []
    return rows, rollup(plan.title, plan.tasks)
