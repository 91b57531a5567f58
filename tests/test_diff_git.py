"""`pmtasks diff` against real git repositories built in tmp_path."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXAMPLES, Runner, git, golden

DIFF = EXAMPLES / "diff"


def commit_plans(repo: Path, version: str, message: str, tag: str | None = None) -> None:
    """Make repo/plans exactly tests/examples/diff/VERSION/plans and commit it."""
    shutil.rmtree(repo / "plans", ignore_errors=True)
    shutil.copytree(DIFF / version / "plans", repo / "plans")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with the plan at v1 and at v2 (tagged), v2 checked out."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "core.quotePath", "true")
    commit_plans(root, "v1", "plan v1", "v1")
    commit_plans(root, "v2", "plan v2", "v2")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_text_fits_a_narrow_terminal(cli: Runner, repo: Path) -> None:
    from pmtasks.text import cell_width

    out = cli("diff", "v1", "v2", cwd=repo, env={"COLUMNS": "60"}).stdout
    assert max(cell_width(line) for line in out.splitlines()) <= 60
    assert "~ BD-1  编制委托建设管理办法" in out


@pytest.mark.parametrize(("fmt", "name"), [("text", "v1-v2.txt"), ("markdown", "v1-v2.md"), ("json", "v1-v2.json")])
def test_formats_are_pinned(cli: Runner, repo: Path, fmt: str, name: str) -> None:
    result = cli("diff", "v1", "v2", "--format", fmt, cwd=repo)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(f"diff/{name}", result.stdout)


def test_the_account_of_v1_to_v2(cli: Runner, repo: Path) -> None:
    data = json.loads(cli("diff", "v1..v2", "--format", "json", cwd=repo).stdout)
    summary = data["summary"]
    assert summary["text"] == (
        "Plan: +2 tasks, −1, 3 rescheduled (+112 d total, 1 now beyond their period), "
        "2 moved, 1 reassigned, 2 progress updates, 2 edited, 1 period added, 1 period edited, "
        "1 file renamed"
    )
    assert [t["id"] for t in data["tasks"]["added"]] == ["BD-3", "MK-5"]
    assert [t["id"] for t in data["tasks"]["removed"]] == ["BD-2"]
    changed = {c["id"]: c for c in data["tasks"]["changed"]}
    assert sorted(changed) == ["BD-1", "CX-1", "MK-1", "MK-3", "MK-4", "mk-2"]
    assert changed["MK-1"]["changes"]["due"] == {
        "old": "2026-03-15",
        "new": "2026-04-15",
        "days": 31,
        "outside_period": True,
    }
    assert changed["MK-1"]["changes"]["owner"] == {"old": "市场组", "new": "设计组"}
    assert changed["MK-1"]["changes"]["progress"] == {"old": 40, "new": 60}
    assert changed["MK-3"]["changes"]["file"] == {
        "old": "plans/2026/01-market.yaml",
        "new": "plans/2026/02-build.yaml",
    }
    assert changed["CX-1"]["changes"] == {
        "file": {"old": "plans/2026/03-创新.yaml", "new": "plans/2026/03-创新业务.yaml"}
    }
    assert changed["MK-4"]["changes"]["depends"] == {"added": ["MK-1"], "removed": []}
    assert [c["id"] for c in data["tasks"]["changed"] if c["moved_with_file"]] == ["CX-1"]
    assert data["lines"]["files_renamed"] == [
        {"code": "CX", "old": "plans/2026/03-创新.yaml", "new": "plans/2026/03-创新业务.yaml"}
    ]
    assert (
        cli("diff", "v1", "v2", "--format", "json", cwd=repo).stdout
        == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    )


def test_working_tree_index_and_base_alone(cli: Runner, repo: Path) -> None:
    market = repo / "plans" / "2026" / "01-market.yaml"
    short = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    unchanged = cli("diff", "--exit-code", cwd=repo)
    assert (unchanged.exit_code, unchanged.stdout) == (
        0,
        f"Plan: no changes\nComparing HEAD ({short}) → working tree · plans/2026\n",
    )
    edit(market, "progress: 60", "progress: 80")
    worktree = cli("diff", "--exit-code", cwd=repo)
    assert worktree.exit_code == 1
    assert worktree.stdout == (
        "Plan: +0 tasks, −0, 1 progress update\n"
        "Comparing HEAD (" + git(repo, "rev-parse", "--short=7", "HEAD").strip() + ") → working tree · plans/2026\n\n"
        "~ MK-1  完成西南公司、北方公司需求调研\n"
        "    progress       60% → 80%\n"
    )
    assert cli("diff", "--cached", "--exit-code", cwd=repo).exit_code == 0
    git(repo, "add", "-A")
    staged = cli("diff", "--cached", cwd=repo)
    assert staged.stdout.splitlines()[1].endswith("→ index · plans/2026")
    assert staged.stdout.splitlines()[3:] == worktree.stdout.splitlines()[3:]
    base_alone = json.loads(cli("diff", "v1", "--format", "json", cwd=repo).stdout)
    assert base_alone["head"] == {"label": "working tree", "commit": None}
    assert base_alone["tasks"]["changed"][2]["changes"]["progress"] == {"old": 40, "new": 80}


def test_from_a_subdirectory_and_with_plans_option(cli: Runner, repo: Path) -> None:
    top = cli("diff", "v1", "v2", cwd=repo).stdout
    assert cli("diff", "v1", "v2", cwd=repo / "plans" / "2026").stdout == top
    assert cli("diff", "v1", "v2", "--plans", "../plans/2026", cwd=repo / "plans").stdout == top
    assert cli("diff", "v1", "v2", "--plans", str(repo / "plans"), cwd=repo.parent).stdout == top


def test_merge_base_view_ignores_what_base_did_after_the_branch_point(cli: Runner, repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature", "v2")
    edit(repo / "plans" / "2026" / "01-market.yaml", "progress: 60", "progress: 70")
    git(repo, "commit", "-q", "-am", "progress")
    git(repo, "checkout", "-q", "main")
    edit(
        repo / "plans" / "2026" / "02-build.yaml",
        "title: 总结试点经验",
        "title: 总结试点经验并推广",
    )
    git(repo, "commit", "-q", "-am", "main moves on")
    pr = json.loads(cli("diff", "main...feature", "--format", "json", cwd=repo).stdout)
    assert pr["summary"]["text"] == "Plan: +0 tasks, −0, 1 progress update"
    assert (
        pr["base"]["label"]
        == "merge base of main and feature (" + git(repo, "rev-parse", "--short=7", "v2").strip() + ")"
    )
    assert pr["base"]["commit"] == git(repo, "rev-parse", "v2").strip()
    direct = json.loads(cli("diff", "main..feature", "--format", "json", cwd=repo).stdout)
    assert direct["summary"]["text"] == "Plan: +0 tasks, −0, 1 progress update, 1 edited"
    assert cli("diff", "main...feature", "--fail-on-slip", cwd=repo).exit_code == 0
    assert cli("diff", "v1", "v2", "--fail-on-slip", cwd=repo).exit_code == 1
    assert cli("diff", "v2", "v1", "--fail-on-slip", cwd=repo).exit_code == 1  # tasks removed


def test_a_side_that_does_not_load_names_the_revision(cli: Runner, repo: Path) -> None:
    edit(repo / "plans" / "2026" / "02-build.yaml", "owner: 工程组", "ownr: 工程组")
    git(repo, "commit", "-q", "-am", "typo")
    sha = git(repo, "rev-parse", "--short=7", "HEAD").strip()
    result = cli("diff", "v2", "HEAD", cwd=repo)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "plans/2026/02-build.yaml:9:9: unknown key `ownr` in a task\n"
        "  hint: did you mean `owner`?\n"
        f"pmtasks: 1 problem in plans/2026 at HEAD ({sha}); fix them and run again\n"
    )


def test_a_shallow_clone_without_a_merge_base_says_to_fetch(cli: Runner, repo: Path, tmp_path: Path) -> None:
    git(repo, "checkout", "-q", "-b", "feature", "v1")
    edit(repo / "plans" / "2026" / "01-market.yaml", "progress: 40", "progress: 50")
    git(repo, "commit", "-q", "-am", "progress")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", "--no-single-branch", f"file://{repo}", str(clone))
    result = cli("diff", "origin/main...origin/feature", cwd=clone)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        "pmtasks: no merge base of origin/main and origin/feature: this is a shallow clone; "
        "fetch the full history (git fetch --unshallow, or `fetch-depth: 0` in "
        "actions/checkout) and run again\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("nosuch",),
            "pmtasks: unknown revision 'nosuch'; check the name with `git log --oneline`\n",
        ),
        (
            ("--", "--output=owned"),
            "pmtasks: '--output=owned' is not a revision; name a branch, tag or commit\n",
        ),
        (("v1", "--", "-p"), "pmtasks: '-p' is not a revision; name a branch, tag or commit\n"),
    ],
)
def test_revisions_are_verified_before_use(cli: Runner, repo: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("diff", *args, cwd=repo)
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", message)
    assert not (repo / "owned").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--cached", "v1", "v2"), "--cached compares one revision (default HEAD) with the index; give at most BASE"),
        (("--cached", "v1..v2"), "--cached compares one revision (default HEAD) with the index; give at most BASE"),
        (("a", "b", "c"), "give at most two revisions, BASE and HEAD; got 3"),
        (("v1..v2", "v2"), "'v1..v2' is a range already; give it alone, or give BASE HEAD without dots"),
        (("v1...v2...v3",), "'v1...v2...v3' has more than one range; write A..B or A...B"),
    ],
)
def test_usage_errors(cli: Runner, repo: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("diff", *args, cwd=repo)
    assert (result.exit_code, result.stderr) == (2, f"pmtasks: {message}\n")


def test_not_a_git_repository(cli: Runner, plan_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(plan_copy.parent))
    result = cli("diff", cwd=plan_copy.parent)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"pmtasks: {plan_copy.parent} is not inside a git repository; `pmtasks diff` "
        "compares git revisions, so run it in a clone of the plan repository\n"
    )


def test_plans_added_for_the_first_time(cli: Runner, repo: Path) -> None:
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rqf", "plans")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    data = json.loads(cli("diff", "empty", first, "--format", "json", cwd=repo).stdout)
    assert data["summary"]["added"] == 7
    assert [x["code"] for x in data["lines"]["added"]] == ["MK", "BD", "CX"]
    both_empty = cli("diff", "empty", "empty", cwd=repo)
    assert (both_empty.exit_code, both_empty.stderr) == (
        3,
        "pmtasks: no plan under plans at empty or at empty; pass --plans DIR to name the plans folder\n",
    )


def test_textconv_makes_plain_git_diff_readable(repo: Path, tmp_path: Path) -> None:
    import sys

    (repo / ".gitattributes").write_text("plans/**/*.yaml diff=pmtasks\n", encoding="utf-8")
    git(repo, "config", "diff.pmtasks.textconv", f"'{sys.executable}' -m pmtasks diff --textconv")
    out = git(repo, "diff", "--no-color", "v1", "v2", "--", "plans/2026/01-market.yaml")
    golden("diff/textconv.diff", out[out.index("@@") :])


def test_textconv_output(cli: Runner) -> None:
    result = cli("diff", "--textconv", str(DIFF / "v2" / "plans" / "2026" / "01-market.yaml"))
    assert result.exit_code == 0
    golden("diff/textconv.txt", result.stdout)
    broken = cli("diff", "--textconv", str(DIFF / "v2" / "plans" / "2026" / "missing.yaml"))
    assert broken.exit_code == 3


def test_cached_refuses_an_index_with_a_merge_conflict(cli: Runner, repo: Path) -> None:
    market = repo / "plans" / "2026" / "01-market.yaml"
    git(repo, "checkout", "-q", "-b", "other")
    edit(market, "progress: 60", "progress: 70")
    git(repo, "commit", "-q", "-am", "other")
    git(repo, "checkout", "-q", "main")
    edit(market, "progress: 60", "progress: 90")
    git(repo, "commit", "-q", "-am", "main")
    with pytest.raises(subprocess.CalledProcessError):  # a conflict: stages 1, 2 and 3 in the index
        git(repo, "merge", "-q", "other")
    stages = {row.split()[2] for row in git(repo, "ls-files", "-s", "plans/2026/01-market.yaml").splitlines()}
    assert stages == {"1", "2", "3"}
    result = cli("diff", "--cached", "--format", "json", cwd=repo)
    # Its tasks are not removed: the index cannot stand for a side until the conflict is resolved.
    assert (result.exit_code, result.stdout) == (3, "")
    assert "the index has conflicts in plans/2026/01-market.yaml" in result.stderr
