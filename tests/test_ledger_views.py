"""The ledgers in `status` (counts, only when ledgers exist) and in `diff` (items added, closed, verified)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import PLANS, git, golden
from ledger_fixtures import AS_OF, LEDGER_EXAMPLES, plan_with_ledgers
from writes_fixtures import author  # noqa: F401  (a fixture)

from pmtasks.ledger.load import load_all
from pmtasks.ledger.model import State

pytestmark = pytest.mark.usefixtures("author")


def test_status_adds_the_ledger_counts(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    result = cli("status", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert result.exit_code == 0
    golden("ledger/status.txt", result.stdout)
    _, book = load_all(folder)
    items = list(book.items)
    day = __import__("datetime").date.fromisoformat(AS_OF)
    expected = {
        "items": len(items),
        "open": len([i for i in items if i.status.value in ("open", "doing")]),
        "overdue": len([i for i in items if i.status.value in ("open", "doing") and i.due < day]),
        "awaiting_verification": len([i for i in items if i.status.value == "done" and not i.verified_by]),
        "verified": len([i for i in items if i.verified_by]),
    }
    assert expected == {"items": 5, "open": 3, "overdue": 2, "awaiting_verification": 1, "verified": 1}
    board = json.loads(cli("status", "-f", "json", "--plans", str(folder), "--as-of", AS_OF).stdout)
    assert board["ledgers"] == expected
    assert result.stdout.splitlines()[-1] == (
        "Ledgers: 5 items · 3 open · 2 overdue · 1 awaiting verification · 1 verified"
    )


def test_status_reads_the_plan_once_with_its_ledgers(cli, tmp_path, monkeypatch):
    from pmtasks.plan import load

    plan_with_ledgers(tmp_path)
    loads = []
    real = load.load_plan

    def counted(*args, **kwargs):
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(load, "load_plan", counted)
    for fmt, counts in (("text", "Ledgers: 5 items"), ("json", '"ledgers": {')):
        loads.clear()
        result = cli("status", "-f", fmt, "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
        assert result.exit_code == 0, result.stderr
        assert counts in result.stdout
        assert len(loads) == 1, fmt


def test_status_without_ledgers_looks_exactly_as_before(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path, examples=False)  # an empty ledgers/ folder
    plain = tmp_path / "plain"
    shutil.copytree(PLANS / "2026", plain)
    for fmt in ("text", "json"):
        with_folder = cli("status", "-f", fmt, "--plans", str(folder), "--as-of", AS_OF).stdout
        without = cli("status", "-f", fmt, "--plans", str(plain), "--as-of", AS_OF).stdout
        assert with_folder == without
        assert "Ledgers" not in with_folder
        assert "ledgers" not in with_folder


def test_status_with_an_invalid_ledger_shows_every_problem_and_exits_3(cli, tmp_path):
    plan_with_ledgers(tmp_path, "invalid/every-mistake.yaml")
    result = cli("status", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (3, "")
    golden("ledger/status-invalid.txt", result.stderr)
    assert result.stderr.count("plan/ledgers/every-mistake.yaml:") == 6


def test_a_done_linked_task_does_not_close_an_item(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    assert cli("done", "IM-5", "--plans", str(folder), "--as-of", AS_OF).exit_code == 0
    _, book = load_all(folder)
    item = book.find("ZG-2")
    assert item is not None
    assert item.tasks == ("IM-5",)
    assert item.state is State.OPEN


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(PLANS, root / "plans")
    shutil.copytree(LEDGER_EXAMPLES, root / "plans" / "2026" / "ledgers")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "plan and ledgers")
    git(root, "tag", "v1")
    monkeypatch.chdir(root)
    return root


def _work(cli) -> None:  # type: ignore[no-untyped-def]
    for line in (
        ["ledger", "done", "ZG-1", "--evidence", "https://git.example.com/pm/plans/pull/57"],
        ["ledger", "verify", "JY-1", "--as", "王芳"],
        [
            "ledger",
            "add",
            "--source",
            "2026-q1-review.yaml",
            "--kind",
            "decision",
            "--title",
            "编制代建服务标准",
            "--owner",
            "经营组",
            "--due",
            "2026-09-30",
            "--acceptance",
            "标准经部门会审定发布",
            "--tasks",
            "EC-3",
        ],
    ):
        result = cli(*line, "--as-of", AS_OF)
        assert result.exit_code == 0, result.stderr


def test_diff_reports_items_added_closed_and_verified(cli, repo):
    assert cli("diff", "--exit-code").exit_code == 0
    _work(cli)
    text = cli("diff", "--exit-code")
    assert text.exit_code == 1  # only the ledgers changed, and that is a change
    golden("ledger/diff.txt", text.stdout.replace(git(repo, "rev-parse", "--short", "HEAD").strip(), "HEADSHA"))
    data = json.loads(cli("diff", "--format", "json").stdout)["ledgers"]
    assert [i["id"] for i in data["added"]] == ["JY-4"]
    assert [(i["id"], i["old_state"], i["state"]) for i in data["closed"]] == [("ZG-1", "doing", "done")]
    assert [(i["id"], i["verified_by"], i["verified_on"]) for i in data["verified"]] == [("JY-1", "王芳", AS_OF)]
    assert data["removed"] == []
    assert data["reopened"] == []
    md = cli("diff", "--format", "markdown").stdout
    assert "#### Ledgers: \\+1 item, 1 closed, 1 verified" in md
    assert "- verified **JY-1** " in md


def test_diff_between_commits_and_without_ledger_changes(cli, repo):
    _work(cli)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ledger work")
    assert "Ledgers: +1 item, 1 closed, 1 verified" in cli("diff", "v1", "HEAD").stdout
    assert "Ledgers" not in cli("diff").stdout  # the working tree is HEAD
    assert "ledgers" not in json.loads(cli("diff", "--format", "json").stdout)
    reverse = cli("diff", "HEAD", "v1").stdout
    assert "Ledgers: −1, 1 reopened" in reverse


def test_textconv_names_the_item_on_each_line(cli, repo):
    out = cli("diff", "--textconv", "plans/2026/ledgers/2026-q1-review.yaml").stdout
    assert "JY-1 verified_on: 2026-05-20\n" not in out
    assert "JY-2 verified_on: 2026-05-20\n" in out
    assert "JY-3 tasks: [EM-2, EM-6]\n" in out
