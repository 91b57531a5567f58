"""The README's ledger examples are true: the listing of examples/ledgers and the loader's messages."""

from __future__ import annotations

import re
import shutil

from conftest import PLANS, ROOT
from ledger_fixtures import CRAFTED, LEDGER_EXAMPLES

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Decision lists and rectification ledgers") :]


def _console(start: str) -> str:
    return next(b for b in re.findall(r"```console\n(.*?)```", SECTION, flags=re.S) if b.startswith(start))


def test_readme_ledger_list_is_real(cli, tmp_path):
    shutil.copytree(PLANS, tmp_path / "plans")
    shutil.copytree(LEDGER_EXAMPLES, tmp_path / "plans" / "2026" / "ledgers")
    result = cli("ledger", "list", "--as-of", "2026-07-01", cwd=tmp_path)
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    shown = "$ pmtasks ledger list --as-of 2026-07-01\n" + "".join(f"{line}\n" for line in lines[1:])
    assert lines[0] == ""  # the table's blank top edge
    block = _console("$ pmtasks ledger list")
    assert block.startswith(shown)


def test_readme_ledger_error_example_is_real(cli, tmp_path):
    shutil.copytree(PLANS, tmp_path / "plans")
    lines = (CRAFTED / "invalid" / "every-mistake.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    four = "".join(lines[: lines.index("  - id: JY-12\n")])  # the first four mistakes
    (tmp_path / "plans" / "2026" / "ledgers").mkdir()
    (tmp_path / "plans" / "2026" / "ledgers" / "2026-q2-review.yaml").write_text(four, encoding="utf-8")
    result = cli("status", cwd=tmp_path)
    assert result.exit_code == 3
    assert "$ pmtasks status\n" + result.stderr == _console("$ pmtasks status")


def test_readme_names_every_ledger_rule():
    from pmtasks.check.ledger import LEDGER_RULES

    for rule in LEDGER_RULES:
        assert f"| {rule.code} | {rule.name} | {rule.severity.value}" in README
