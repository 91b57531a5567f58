"""The CI gate: validate the plan and apply the deadline rules, as one report."""

from __future__ import annotations

from pmtasks.check.report import Report
from pmtasks.check.rules import check_plan, check_problems
from pmtasks.errors import PlanInvalid
from pmtasks.plan.load import from_work_tree_root
from pmtasks.plan.model import CheckPolicy, Deadlines, FailOn
from pmtasks.usecases.context import Request
from pmtasks.usecases.ledger import with_ledger_problems, with_ledgers


def run_check(
    request: Request,
    deadlines: Deadlines | None = None,
    fail_on: FailOn | None = None,
    warn_days: int | None = None,
    *,
    from_repository_root: bool = False,
) -> Report:
    """The report for the plan; a plan that does not load gives PMT001 findings.

    The settings given here override plan.yaml's ``check:``. ``from_repository_root`` names
    files from the root of the git work tree around them (where code hosts look for them).
    """
    try:
        plan = request.load()
    except PlanInvalid as exc:
        policy = CheckPolicy().overridden(deadlines, fail_on, warn_days)
        report = with_ledger_problems(check_problems(exc.problems, request.day_without_plan(), policy), exc.where)
    else:
        report = check_plan(plan, request.day(plan), plan.check.overridden(deadlines, fail_on, warn_days))
        report = with_ledgers(report, plan)
    return report.rebased(from_work_tree_root) if from_repository_root else report
