"""`ledger done` checks its evidence in git: a commit must exist, a path must exist at HEAD."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PLANS, git
from ledger_fixtures import AS_OF, LEDGER_EXAMPLES
from test_ledger_cli import snapshot
from writes_fixtures import author  # noqa: F401  (a fixture)

from pmtasks.git.evidence import unresolved
from pmtasks.git.repo import Repo
from pmtasks.ledger.edits import evidence_kind

pytestmark = pytest.mark.usefixtures("author")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PLANS, root / "plans")
    shutil.copytree(LEDGER_EXAMPLES, root / "plans" / "2026" / "ledgers")
    (root / "docs").mkdir()
    (root / "docs" / "复核报告.md").write_text("# 复核报告\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "plan and ledgers")
    return root


def _done(cli, root: Path, *evidence: str):  # type: ignore[no-untyped-def]
    args = [a for e in evidence for a in ("--evidence", e)]
    return cli("ledger", "done", "ZG-1", *args, "--plans", str(root / "plans"), "--as-of", AS_OF)


def test_a_commit_that_exists_and_a_path_at_head_are_accepted(cli, repo):
    sha = git(repo, "rev-parse", "HEAD").strip()
    result = _done(cli, repo, sha[:10], "docs/复核报告.md", "./plans/2026/plan.yaml")
    assert (result.exit_code, result.stdout) == (0, "ZG-1 doing → done (evidence: commit, path, path)\n"), result.stderr
    text = (repo / "plans" / "2026" / "ledgers" / "2026-06-bim-inspection.yaml").read_text(encoding="utf-8")
    assert f"    evidence:\n      - {sha[:10]}\n      - docs/复核报告.md\n      - ./plans/2026/plan.yaml\n" in text


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("deadbeef", "commit deadbeef is not in the repository"),
        ("docs/整改报告.pdf", "docs/整改报告.pdf is not in the repository at HEAD"),
        ("../outside.txt", "../outside.txt is not in the repository at HEAD"),
        ("--output=x", "--output=x is not in the repository at HEAD"),
    ],
)
def test_a_missing_commit_or_path_is_refused_and_nothing_is_written(cli, repo, evidence, message):
    before = snapshot(repo / "plans")
    result = _done(cli, repo, "https://git.example.com/pm/plans/pull/57", evidence)
    assert result.exit_code == 3
    assert result.stderr == (
        f"pmtasks: {message}. Nothing was written; give evidence that exists "
        "(commit it first, or check the hash with `git log --oneline`)\n"
    )
    assert snapshot(repo / "plans") == before


def test_a_path_only_in_the_working_tree_is_not_at_head(cli, repo):
    (repo / "docs" / "未提交.md").write_text("x\n", encoding="utf-8")
    result = _done(cli, repo, "docs/未提交.md")
    assert result.exit_code == 3
    assert "docs/未提交.md is not in the repository at HEAD" in result.stderr


def test_evidence_kinds() -> None:
    assert [
        evidence_kind(e)
        for e in (
            "https://x.example.com/pr/1",
            "http://x",
            "3f2a1c9",
            "3F2A1C9D" * 5,
            "docs/a.pdf",
            "abc",
            "3f2a1c9/readme",
        )
    ] == ["url", "url", "commit", "commit", "path", "path", "path"]


def test_unresolved_names_each_missing_piece_once(repo) -> None:
    missing = unresolved(Repo(repo), ["deadbeef", "deadbeef", "docs/复核报告.md", "nope.txt", "https://x.example.com"])
    assert missing == {
        "deadbeef": "commit deadbeef is not in the repository",
        "nope.txt": "nope.txt is not in the repository at HEAD",
    }
