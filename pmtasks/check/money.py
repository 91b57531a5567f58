"""Check rules for money, effort and KPIs: over budget, burning ahead of progress, effort overrun, KPIs behind pace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pmtasks.check.registry import Severity, rule
from pmtasks.check.report import Finding
from pmtasks.check.rules import _finding
from pmtasks.govern.budget import burning_ahead, effort_overrun, over_budget, spent_percent
from pmtasks.govern.kpi import kpi_states
from pmtasks.plan.amounts import days, wan
from pmtasks.plan.model import CheckPolicy, Plan


@rule(
    "PMT011",
    "over-budget",
    Severity.ERROR,
    "A task has spent more than its budget.",
    "Get the budget raised (and write the new `budget:`), or correct the spending recorded.",
)
def over_budget_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if over_budget(task) and task.budget is not None and task.spent is not None:
            yield _finding(
                "PMT011",
                task,
                task.at("spent"),
                f"has spent {wan(task.spent, plan.currency)} of a {wan(task.budget, plan.currency)} budget "
                f"({wan(task.spent - task.budget, plan.currency)} over); raise the budget or correct the spending",
            )


@rule(
    "PMT012",
    "burning-ahead",
    Severity.WARNING,
    "A task's spent share of its budget runs ahead of its progress by more than the threshold.",
    "Record the task's real progress, or review the spending before the budget runs out.",
)
def burning_ahead_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        share = spent_percent(task)
        if share is not None and burning_ahead(task, policy.burn_threshold):
            yield _finding(
                "PMT012",
                task,
                task.at("spent"),
                f"has spent {share:.0f}% of its budget but is {task.progress}% done, more than "
                f"{policy.burn_threshold} points ahead; record its real progress or review the spending",
            )


@rule(
    "PMT014",
    "effort-overrun",
    Severity.WARNING,
    "A task has used more person-days than planned, by more than the threshold.",
    "Re-plan the task's effort, or find out why it takes longer.",
)
def effort_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for task in plan.tasks:
        if effort_overrun(task, policy.effort_threshold) and task.effort is not None and task.effort_actual:
            yield _finding(
                "PMT014",
                task,
                task.at("effort_actual"),
                f"has used {days(task.effort_actual)} person-days of {days(task.effort)} planned; "
                "re-plan its effort or find out why it takes longer",
            )


@rule(
    "PMT013",
    "kpi-behind",
    Severity.WARNING,
    "A KPI's met share trails the elapsed share of its period by more than the threshold, or a "
    "ceiling KPI is over its target.",
    "Record the KPI's actual with `pmtasks kpi set`, or plan how to catch up.",
    deadline=True,
)
def kpi_rule(plan: Plan, as_of: date, policy: CheckPolicy) -> Iterator[Finding]:
    for state in kpi_states(plan, as_of):
        if not state.behind:
            continue
        kpi = state.kpi
        where = f"{state.line} {state.period}" if state.line else "the plan"
        target = f"{days(kpi.target)}{kpi.unit}"
        if kpi.direction == "down" and kpi.actual is not None:
            message = (
                f"KPI {kpi.name} of {where} is {days(kpi.actual)}{kpi.unit}, over its ceiling of {target}; "
                "plan how to bring it down"
            )
        else:
            stands = (
                f"has no actual yet (target {target})"
                if kpi.actual is None
                else f"is {state.met_percent or 0:.0f}% met ({days(kpi.actual)} of {target})"
            )
            message = (
                f"KPI {kpi.name} of {where} {stands} but {state.pace}% of its time has passed, more than "
                f"{policy.kpi_threshold} points behind; record the actual with `pmtasks kpi set` "
                "or plan how to catch up"
            )
        yield Finding(
            kpi.loc.path,
            kpi.loc.line,
            kpi.loc.col,
            "PMT013",
            Severity.WARNING,
            message,
            key=f"kpi:{state.line or ''}/{state.period or ''}/{kpi.name}",
        )
