"""Check rules for money, effort and KPIs: over budget, burning ahead of progress, effort overrun, KPIs behind pace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from pmtasks.check.registry import Severity, rule
from pmtasks.check.report import Finding
from pmtasks.check.rules import _finding
from pmtasks.govern.budget import burning_ahead, effort_overrun, over_budget, spent_percent
from pmtasks.govern.kpi import kpi_states
from pmtasks.i18n import _
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
                _(
                    "has spent {spent} of a {budget} budget ({over} over); raise the budget or correct the spending"
                ).format(
                    spent=wan(task.spent, plan.currency),
                    budget=wan(task.budget, plan.currency),
                    over=wan(task.spent - task.budget, plan.currency),
                ),
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
                _(
                    "has spent {share}% of its budget but is {progress}% done, more than {threshold} points ahead; "
                    "record its real progress or review the spending"
                ).format(share=f"{share:.0f}", progress=task.progress, threshold=policy.burn_threshold),
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
                _(
                    "has used {used} person-days of {planned} planned; "
                    "re-plan its effort or find out why it takes longer"
                ).format(used=days(task.effort_actual), planned=days(task.effort)),
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
        where = f"{state.line} {state.period}" if state.line else _("the plan")
        target = f"{days(kpi.target)}{kpi.unit}"
        if kpi.direction == "down" and kpi.actual is not None:
            message = _(
                "KPI {name} of {where} is {actual}, over its ceiling of {target}; plan how to bring it down"
            ).format(name=kpi.name, where=where, actual=f"{days(kpi.actual)}{kpi.unit}", target=target)
        else:
            if kpi.actual is None:
                behind = _(
                    "KPI {name} of {where} has no actual yet (target {target}) but {pace}% of its time has passed, "
                    "more than {threshold} points behind; record the actual with `pmtasks kpi set` or plan how to "
                    "catch up"
                )
            else:
                behind = _(
                    "KPI {name} of {where} is {met}% met ({actual} of {target}) but {pace}% of its time has passed, "
                    "more than {threshold} points behind; record the actual with `pmtasks kpi set` or plan how to "
                    "catch up"
                )
            message = behind.format(
                name=kpi.name,
                where=where,
                target=target,
                met=f"{state.met_percent or 0:.0f}",
                actual=days(kpi.actual) if kpi.actual is not None else "",
                pace=state.pace,
                threshold=policy.kpi_threshold,
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
