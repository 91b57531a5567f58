"""``pmtasks check`` from the command line: the real plan, policy options, exit codes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS, ROOT, Runner, golden, run_subprocess

RULES = EXAMPLES / "check" / "rules"
OVERDUE_PERIODS = {"1-3月", "4-9月", "1-4月", "5-9月", "1-6月", "7-9月", "4-6月"}


def test_real_plan_late_in_the_year_fails_and_lists_the_overdue_tasks(cli: Runner) -> None:
    result = cli("check", "--as-of", "2026-11-23", "--format", "json", cwd=ROOT)
    assert result.exit_code == 1
    import json

    from pmtasks.plan.load import load_plan

    plan = load_plan(ROOT / "plans")
    expected = [t.id for t in plan.tasks if t.period.label in OVERDUE_PERIODS]
    findings = json.loads(result.stdout)["findings"]
    assert [f["task"] for f in findings if f["code"] == "PMT002"] == expected
    assert len(expected) == 29
    text = cli("check", "--as-of", "2026-11-23", cwd=ROOT)
    assert text.exit_code == 1
    golden("check/plans-2026-11-23.text", text.stdout)


def test_real_plan_validation_only_passes(cli: Runner) -> None:
    result = cli("check", "--deadlines", "off", cwd=ROOT)
    assert result.exit_code == 0
    assert re.fullmatch(
        r"✔ no problems \(as of \d{4}-\d\d-\d\d; failing on error; deadlines not checked\)\n",
        result.stdout,
    )


def test_as_of_from_the_environment(cli: Runner) -> None:
    by_env = cli("check", "--format", "json", cwd=ROOT, env={"PMTASKS_AS_OF": "2026-11-23"})
    by_option = cli("check", "--format", "json", "--as-of", "2026-11-23", cwd=ROOT)
    assert by_env.stdout == by_option.stdout
    assert '"as_of": "2026-11-23"' in by_env.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 1),
        (("--deadlines", "warn"), 0),
        (("--deadlines", "warn", "--fail-on", "warning"), 1),
        (("--deadlines", "off"), 0),
    ],
)
def test_policy_options(cli: Runner, args: tuple[str, ...], code: int) -> None:
    result = cli("check", "--plans", str(RULES / "PMT002-overdue" / "fires"), "--as-of", "2026-06-15", *args)
    assert result.exit_code == code


def test_options_win_over_plan_yaml(cli: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    folder.mkdir()
    source = RULES / "PMT002-overdue" / "fires"
    (folder / "01-work.yaml").write_bytes((source / "01-work.yaml").read_bytes())
    (folder / "plan.yaml").write_text('title: t\nyear: 2026\ncheck:\n  deadlines: "off"\n', encoding="utf-8")
    assert cli("check", "--plans", str(folder), "--as-of", "2026-06-15").exit_code == 0
    assert cli("check", "--plans", str(folder), "--as-of", "2026-06-15", "--deadlines", "error").exit_code == 1


def test_invalid_plan_exits_1_not_3(cli: Runner) -> None:
    result = cli("check", "--plans", str(RULES / "PMT001-invalid-plan" / "fires"), "--deadlines", "off")
    assert result.exit_code == 1
    assert result.stderr == ""


def test_missing_plans_cannot_proceed(cli: Runner, tmp_path: Path) -> None:
    result = cli("check", "--plans", str(tmp_path / "nowhere"))
    assert result.exit_code == 3
    assert result.stderr.startswith("pmtasks: plans directory")


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "xml"),
        ("--deadlines", "never"),
        ("--fail-on", "info"),
        ("--warn-days", "-1"),
        ("--as-of", "2026-13-01"),
    ],
)
def test_usage_errors_exit_2(cli: Runner, args: tuple[str, ...]) -> None:
    assert cli("check", *args, cwd=ROOT).exit_code == 2


def test_check_as_a_real_process() -> None:
    result = run_subprocess(
        "check",
        "--as-of",
        "2026-06-15",
        "--plans",
        "rules/PMT005-blocked/fires",
        cwd=EXAMPLES / "check",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "⚠ 0 errors, 1 warning (as of 2026-06-15; failing on error)"


def test_help_has_examples(cli: Runner) -> None:
    result = cli("check", "--help")
    assert result.exit_code == 0
    assert "pmtasks check --deadlines off" in result.stdout


def test_pre_commit_hooks_run_check(cli: Runner) -> None:

    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["pmtasks-validate"]["entry"] == "pmtasks check --deadlines off"
    assert hooks["pmtasks-deadlines"]["stages"] == ["manual"]
    for hook in hooks.values():
        assert hook["pass_filenames"] is False
    args = shlex.split(hooks["pmtasks-validate"]["entry"])[1:]
    assert cli(*args, cwd=ROOT).exit_code == 0


def test_ci_examples_run_check(cli: Runner) -> None:
    import yaml

    github = yaml.safe_load((ROOT / "examples" / "github-actions.yml").read_text(encoding="utf-8"))
    steps = [s.get("run") for s in github["jobs"]["check"]["steps"]]
    assert "pmtasks check --deadlines warn" in steps
    gitlab = yaml.safe_load((ROOT / "examples" / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = gitlab["plan-check"]
    assert job["artifacts"]["reports"]["junit"] == "pmtasks-junit.xml"
    assert "pmtasks check --deadlines warn --format junit > pmtasks-junit.xml || true" in job["script"]
    # The shipped plan has overdue tasks: the example jobs are green on it all the same.
    for command in ("pmtasks check --deadlines warn", "pmtasks check --deadlines warn --format text"):
        assert cli(*shlex.split(command)[1:], "--as-of", "2026-11-23", cwd=ROOT).exit_code == 0


@pytest.mark.parametrize("workflow", ["github-actions.yml", "pr-diff-comment.yml"])
def test_pr_comment_steps_are_fork_guarded_and_find_their_own_comment(workflow: str) -> None:
    import yaml

    jobs = yaml.safe_load((ROOT / "examples" / workflow).read_text(encoding="utf-8"))["jobs"]
    posting = [s for job in jobs.values() for s in job["steps"] if "gh " in s.get("run", "")]
    assert len(posting) == 1
    step = posting[0]
    assert step["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    script = step["run"]
    assert "--edit-last" not in script
    assert "marker='<!-- pmtasks plan diff -->'" in script
    assert 'startswith(\\"$marker\\")' in script
    assert "github-actions[bot]" in script
    assert "${{" not in script  # expressions reach the script only through env


def test_github_and_sarif_paths_are_relative_to_the_repository_root(cli: Runner, tmp_path: Path) -> None:
    import json
    import shutil

    from conftest import git

    shutil.copytree(PLANS, tmp_path / "plans")
    git(tmp_path, "init", "-q")
    inside = tmp_path / "plans" / "2026"
    github = cli("check", "--format", "github", "--as-of", "2026-11-23", cwd=inside).stdout
    assert github.startswith("::error file=plans/2026/01-internal-market.yaml,line=12,col=9,")
    sarif = json.loads(cli("check", "--format", "sarif", "--as-of", "2026-11-23", cwd=inside).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {
        f"plans/2026/{name}"
        for name in (
            "01-internal-market.yaml",
            "02-entrusted-construction.yaml",
            "03-external-market.yaml",
            "04-innovation.yaml",
        )
    }
