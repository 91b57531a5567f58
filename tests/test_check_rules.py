"""Each rule of ``pmtasks check`` on example plans: one where it fires, one where it stays quiet.

tests/examples/check/rules/<CODE-name>/{fires,quiet}/ each hold a small plan and, in
expected.txt, every finding it must give as of 2026-06-15, one per line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pmtasks.check.rules import RULES, Report, Severity, check_plan, check_problems, policy_with
from pmtasks.errors import PlanInvalid
from pmtasks.plan.load import load_files
from pmtasks.plan.model import CheckPolicy
from pmtasks.render.annotations import listing_line

CASES = Path(__file__).parent / "examples" / "check" / "rules"
AS_OF = date(2026, 6, 15)


def run_rules(folder: Path, **options: str | int | None) -> Report:
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}
    try:
        plan = load_files(files, folder.name)
    except PlanInvalid as exc:
        return check_problems(exc.problems, AS_OF, policy_with(CheckPolicy(), **options))  # type: ignore[arg-type]
    return check_plan(plan, AS_OF, policy_with(plan.check, **options))  # type: ignore[arg-type]


def listing(report: Report) -> str:
    return "".join(listing_line(f) + "\n" for f in report.findings)


@pytest.mark.parametrize("case", sorted(p.relative_to(CASES) for p in CASES.glob("*/*")), ids=str)
def test_rule_example(case: Path) -> None:
    folder = CASES / case
    report = run_rules(folder)
    assert listing(report) == (folder / "expected.txt").read_text(encoding="utf-8")
    code = case.parts[0].split("-")[0]
    fired = any(f.code == code for f in report.findings)
    assert fired == (case.name == "fires")


def test_every_rule_has_both_examples() -> None:
    for rule in RULES:
        folder = CASES / f"{rule.code}-{rule.name}"
        assert (folder / "fires").is_dir() and (folder / "quiet").is_dir(), rule.code


def test_deadlines_warn_turns_overdue_into_a_warning() -> None:
    report = run_rules(CASES / "PMT002-overdue" / "fires", deadlines="warn")
    assert [(f.code, f.severity) for f in report.findings] == [("PMT002", Severity.WARNING)] * 2
    assert not report.failed


def test_deadlines_off_keeps_the_plan_rules_only() -> None:
    assert run_rules(CASES / "PMT002-overdue" / "fires", deadlines="off").findings == ()
    kept = run_rules(CASES / "PMT006-starts-before-dependency" / "fires", deadlines="off")
    assert [f.code for f in kept.findings] == ["PMT006", "PMT006"]


def test_fail_on_warning_fails_on_warnings() -> None:
    folder = CASES / "PMT004-at-risk" / "fires"
    assert not run_rules(folder).failed
    assert run_rules(folder, fail_on="warning").failed


def test_warn_days_option_overrides_plan_yaml() -> None:
    folder = CASES / "PMT003-due-soon" / "quiet"  # plan.yaml says warn_days: 7
    assert run_rules(folder).findings == ()
    assert [f.task_id for f in run_rules(folder, warn_days=10).findings] == ["EX-1"]


def test_findings_are_keyed_by_task() -> None:
    report = run_rules(CASES / "PMT006-starts-before-dependency" / "fires")
    assert [f.key for f in report.findings] == ["EX-2>EX-1", "EX-3>EX-1"]
