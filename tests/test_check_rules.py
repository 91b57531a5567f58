"""Each rule of ``pmtasks check`` on example plans: one where it fires, one where it stays quiet.

tests/examples/check/rules/<CODE-name>/{fires,quiet}/ each hold a small plan and, in
expected.txt, every finding it must give as of 2026-06-15, one per line.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT

from pmtasks.check.registry import Severity, all_rules
from pmtasks.check.report import Report
from pmtasks.check.rules import check_plan, check_problems
from pmtasks.errors import PlanInvalid
from pmtasks.plan.load import load_files
from pmtasks.plan.model import CheckPolicy, Deadlines, FailOn, Plan
from pmtasks.render.annotations import listing_line

CASES = Path(__file__).parent / "examples" / "check" / "rules"
AS_OF = date(2026, 6, 15)


def run_rules(
    folder: Path, deadlines: Deadlines | None = None, fail_on: FailOn | None = None, warn_days: int | None = None
) -> Report:
    files = {p.name: p.read_bytes() for p in sorted(folder.glob("*.yaml"))}
    try:
        plan = load_files(files, folder.name)
    except PlanInvalid as exc:
        return check_problems(exc.problems, AS_OF, CheckPolicy().overridden(deadlines, fail_on, warn_days))
    return check_plan(plan, AS_OF, plan.check.overridden(deadlines, fail_on, warn_days))


def listing(report: Report) -> str:
    return "".join(listing_line(f) + "\n" for f in report.findings)


# The ledger rules' examples hold a ledgers/ folder; tests/test_ledger_rules.py runs them in a git repository.
PLAN_CASES = sorted(p.relative_to(CASES) for p in CASES.glob("*/*") if not (p / "ledgers").is_dir())


@pytest.mark.parametrize("case", PLAN_CASES, ids=str)
def test_rule_example(case: Path) -> None:
    folder = CASES / case
    report = run_rules(folder)
    assert listing(report) == (folder / "expected.txt").read_text(encoding="utf-8")
    code = case.parts[0].split("-")[0]
    fired = any(f.code == code for f in report.findings)
    assert fired == (case.name == "fires")


def test_every_rule_has_both_examples() -> None:
    for rule in all_rules():
        folder = CASES / f"{rule.code}-{rule.name}"
        assert (folder / "fires").is_dir(), rule.code
        assert (folder / "quiet").is_dir(), rule.code


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


def test_the_readme_rule_table_lists_every_registered_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("#### Rules") : readme.index("#### Formats")]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines() if line.startswith("| PMT")
    ]
    documented = [(code, name, severity.split()[0]) for code, name, severity, _ in rows]
    assert documented == [(r.code, r.name, r.severity.value) for r in all_rules()], (
        "the README's rule table (#### Rules) lags the registry in pmtasks/check/rules.py"
    )
    assert all(fires for *_, fires in rows)


def test_a_rule_code_or_name_is_registered_once() -> None:
    from pmtasks.check.registry import Rule, declare

    taken = all_rules()[0]
    with pytest.raises(ValueError, match="declared twice"):
        declare(Rule(taken.code, "another-name", Severity.ERROR, "x", "y"))
    with pytest.raises(ValueError, match="declared twice"):
        declare(Rule("PMT999", taken.name, Severity.ERROR, "x", "y"))


def _plan(line_yaml: str, check_yaml: str = "") -> Plan:
    files = {"plan.yaml": f"title: T\nyear: 2026\n{check_yaml}".encode(), "01.yaml": line_yaml.encode()}
    return load_files(files, "p")


def test_the_dependency_rule_looks_at_every_dependency() -> None:
    # EX-3 depends first on a done task (skipped), then on one due after EX-3 starts (a finding).
    plan = _plan(
        "line: 甲\ncode: A\nperiods:\n  - period: Q1\n    goal: 目标\n    tasks:\n"
        "      - {id: EX-1, title: 一, status: done, progress: 100}\n"
        "      - {id: EX-2, title: 二, due: 2026-03-20}\n"
        "      - {id: EX-3, title: 三, start: 2026-03-01, depends: [EX-1, EX-2]}\n"
    )
    report = check_plan(plan, AS_OF, plan.check.overridden(deadlines="off"))
    assert [(f.code, f.key) for f in report.findings] == [("PMT006", "EX-3>EX-2")]


def test_deadlines_warn_demotes_overdue_alone() -> None:
    plan = _plan(
        "line: 甲\ncode: A\nperiods:\n  - period: Q1\n    goal: 目标\n    tasks:\n"
        "      - {id: EX-1, title: 一, due: 2026-03-20}\n"
        "      - {id: EX-2, title: 二, start: 2026-03-01, depends: [EX-1]}\n"
    )
    report = check_plan(plan, AS_OF, plan.check.overridden(deadlines="warn"))
    severities = {(f.code, f.task_id): f.severity for f in report.findings}
    assert severities[("PMT002", "EX-1")] is Severity.WARNING
    assert severities[("PMT006", "EX-2")] is Severity.ERROR
    assert report.failed


@pytest.mark.parametrize(("threshold", "fires"), [(None, True), (73, True), (74, False)])
def test_at_risk_threshold_comes_from_plan_yaml(threshold: int | None, fires: bool) -> None:
    # 2026-04-01..2026-06-30 is 91 days; on 06-15, 76 have passed: 84% expected, 10% done, 74 behind.
    check = f"check:\n  at_risk_threshold: {threshold}\n" if threshold is not None else ""
    plan = _plan(
        "line: 甲\ncode: A\nperiods:\n  - period: 4-6月\n    goal: 目标\n    tasks:\n"
        "      - {id: EX-1, title: 一, status: doing, progress: 10}\n",
        check,
    )
    assert plan.check.at_risk_threshold == (20 if threshold is None else threshold)
    report = check_plan(plan, AS_OF, plan.check)
    assert any(f.code == "PMT004" for f in report.findings) is fires
