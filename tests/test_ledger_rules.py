"""Each ledger rule of ``pmtasks check`` on examples: one where it fires, one where it stays quiet.

tests/examples/check/rules/<CODE-name>/{fires,quiet}/ of the ledger rules each hold a small plan with a
``ledgers/`` folder and, in expected.txt, every finding it must give as of 2026-06-15. Each
example is committed to a fresh git repository first, so evidence is checked as in real use.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import EXAMPLES, git

from pmtasks.check.ledger import LEDGER_RULES
from pmtasks.check.registry import Severity, all_rules
from pmtasks.check.report import Report
from pmtasks.check.rules import check_plan
from pmtasks.plan.load import load_plan
from pmtasks.render.annotations import listing_line
from pmtasks.usecases.ledger import with_ledgers

CASES = EXAMPLES / "check" / "rules"
AS_OF = date(2026, 6, 15)


def run_rules(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **options: str | None) -> Report:
    repo = tmp_path / "repo"
    shutil.copytree(folder, repo, ignore=shutil.ignore_patterns("expected.txt"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "example")
    monkeypatch.chdir(repo)
    plan = load_plan(Path("."))
    return with_ledgers(check_plan(plan, AS_OF, plan.check.overridden(**options)), plan)  # type: ignore[arg-type]


def listing(report: Report) -> str:
    return "".join(listing_line(f) + "\n" for f in report.findings)


@pytest.mark.parametrize(
    "case", sorted(p.relative_to(CASES) for p in CASES.glob("*/*") if (p / "ledgers").is_dir()), ids=str
)
def test_rule_example(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CASES / case
    report = run_rules(folder, tmp_path, monkeypatch)
    assert listing(report) == (folder / "expected.txt").read_text(encoding="utf-8")
    code = case.parts[0].split("-")[0]
    assert any(f.code == code for f in report.findings) == (case.name == "fires")


def test_every_ledger_rule_has_both_examples_and_describes_itself() -> None:
    for rule in LEDGER_RULES:
        folder = CASES / f"{rule.code}-{rule.name}"
        assert (folder / "fires").is_dir(), rule.code
        assert (folder / "quiet").is_dir(), rule.code
        assert rule.description.endswith(".")
        assert rule.fix.endswith(".")
        assert rule.func is None  # check_ledgers runs them, with the ledgers
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes)), "rule codes are unique"


def test_deadlines_warn_and_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = CASES / "PMT101-ledger-overdue" / "fires"
    warned = run_rules(folder, tmp_path / "a", monkeypatch, deadlines="warn")
    assert [(f.code, f.severity) for f in warned.findings] == [("PMT101", Severity.WARNING)] * 2
    assert run_rules(folder, tmp_path / "b", monkeypatch, deadlines="off").findings == ()


def test_verify_days_comes_from_plan_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASES / "PMT106-awaiting-verification" / "fires", folder)
    (folder / "plan.yaml").write_text("title: 检查示例\nyear: 2026\ncheck:\n  verify_days: 15\n", encoding="utf-8")
    assert run_rules(folder, tmp_path, monkeypatch).findings == ()  # done 2026-05-31: 15 days, not more


def test_an_invalid_ledger_is_reported_as_pmt001(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "case"
    shutil.copytree(CASES / "PMT105-unknown-linked-task" / "quiet", folder)
    ledger = folder / "ledgers" / "2026-q1-review.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("owner:", "ownr:"), encoding="utf-8")
    report = run_rules(folder, tmp_path, monkeypatch)
    assert [(f.code, f.path, f.line) for f in report.findings] == [
        ("PMT001", "ledgers/2026-q1-review.yaml", 4),
        ("PMT001", "ledgers/2026-q1-review.yaml", 7),
    ]
