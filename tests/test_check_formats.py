"""``pmtasks check`` in every format, pinned by golden files, validated where a format has rules."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import EXAMPLES, Result, Runner, golden

from pmtasks.check.registry import all_rules

HERE = EXAMPLES / "check"
SCHEMA = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
TOKEN = re.compile(r"^::stop-commands::([0-9a-f]{32})$", re.MULTILINE)


WORK: list[Path] = []  # a copy of HERE outside any git work tree, so paths print as given


@pytest.fixture(autouse=True, scope="module")
def _outside_git(tmp_path_factory: pytest.TempPathFactory) -> None:
    copy = tmp_path_factory.mktemp("check") / "check"
    shutil.copytree(HERE, copy)
    WORK[:] = [copy]


def run(cli: Runner, *args: str, plans: str = "mixed", env: dict[str, str] | None = None) -> Result:
    return cli("check", "--plans", plans, "--as-of", "2026-06-15", *args, cwd=WORK[0], env=env)


def check(cli: Runner, *args: str, plans: str = "mixed") -> tuple[int, str]:
    result = run(cli, *args, plans=plans)
    assert result.stderr == ""
    return result.exit_code, result.stdout


def untokened(text: str) -> str:
    """GitHub output with its random stop-commands token replaced by TOKEN."""
    match = TOKEN.search(text)
    assert match, "no ::stop-commands:: line"
    assert text.count(match.group(1)) == 2
    return text.replace(match.group(1), "TOKEN")


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif"])
def test_format_golden(cli: Runner, fmt: str) -> None:
    code, out = check(cli, "--format", fmt)
    assert code == 1
    golden(f"check/mixed.{fmt}", out)


def test_github_golden(cli: Runner) -> None:
    code, out = check(cli, "--format", "github")
    assert code == 1
    golden("check/mixed.github", untokened(out))


def test_github_token_is_fresh_each_run(cli: Runner) -> None:
    first = TOKEN.search(check(cli, "--format", "github")[1])
    second = TOKEN.search(check(cli, "--format", "github")[1])
    assert first
    assert second
    assert first.group(1) != second.group(1)


def test_invalid_plan_in_every_format(cli: Runner) -> None:
    outputs = {
        fmt: check(cli, "--format", fmt, plans="rules/PMT001-invalid-plan/fires")
        for fmt in ("text", "json", "github", "junit", "sarif")
    }
    assert {code for code, _ in outputs.values()} == {1}
    golden("check/invalid.text", outputs["text"][1])
    golden("check/invalid.github", untokened(outputs["github"][1]))
    assert json.loads(outputs["json"][1])["findings"][0]["code"] == "PMT001"
    jsonschema.validate(json.loads(outputs["sarif"][1]), SCHEMA)


def test_clean_plan_in_every_format(cli: Runner) -> None:
    plans = "rules/PMT007-due-outside-period/quiet"
    code, text = check(cli, "--format", "text", plans=plans)
    assert (code, text) == (0, "✔ no problems (as of 2026-06-15; failing on error)\n")
    junit = ET.fromstring(check(cli, "--format", "junit", plans=plans)[1])
    assert [(c.get("name"), len(c)) for c in junit.iter("testcase")] == [("plan checked as of 2026-06-15", 0)]
    sarif = json.loads(check(cli, "--format", "sarif", plans=plans)[1])
    jsonschema.validate(sarif, SCHEMA)
    assert sarif["runs"][0]["results"] == []


def test_sarif_matches_the_2_1_0_schema(cli: Runner) -> None:
    sarif = json.loads(check(cli, "--format", "sarif")[1])
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert [(r["ruleId"], r["partialFingerprints"]) for r in results] == [
        ("PMT002", {"pmtasksTask/v1": "EX-1"}),
        ("PMT004", {"pmtasksTask/v1": "EX-3"}),
        ("PMT005", {"pmtasksTask/v1": "EX-4"}),
        ("PMT003", {"pmtasksTask/v1": "EX-2"}),
        ("PMT006", {"pmtasksTask/v1": "RV-2>RV-1"}),
        ("PMT007", {"pmtasksTask/v1": "RV-3"}),
    ]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    registered = all_rules()
    assert [(r["id"], r["name"], r["defaultConfiguration"]["level"]) for r in rules] == [
        (r.code, r.name, r.severity.value) for r in registered
    ]
    assert [(r["shortDescription"]["text"], r["help"]["text"]) for r in rules] == [
        (r.description, r.fix) for r in registered
    ]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    # No link to a page that does not exist: the tool is named, not pointed at a package index.
    assert "informationUri" not in sarif["runs"][0]["tool"]["driver"]


def test_sarif_schema_rejects_a_broken_log(cli: Runner) -> None:
    sarif = json.loads(check(cli, "--format", "sarif")[1])
    sarif["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sarif, SCHEMA)


def test_junit_parses_and_fails_what_fails_the_build(cli: Runner) -> None:
    root = ET.fromstring(check(cli, "--format", "junit")[1])
    cases = [(c.get("name"), c.find("failure") is not None) for c in root.iter("testcase")]
    assert cases == [
        ("PMT002 overdue EX-1", True),
        ("PMT004 at-risk EX-3", False),
        ("PMT005 blocked EX-4", False),
        ("PMT003 due-soon EX-2", False),
        ("PMT006 starts-before-dependency RV-2", True),
        ("PMT007 due-outside-period RV-3", False),
    ]
    assert (root.get("tests"), root.get("failures")) == ("6", "2")
    strict = ET.fromstring(check(cli, "--format", "junit", "--fail-on", "warning")[1])
    assert strict.get("failures") == "6"


def test_step_summary_is_appended(cli: Runner, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    result = run(cli, "--format", "json", env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## earlier step\n### pmtasks check:")
    golden("check/mixed.summary.md", text)


def test_auto_picks_github_under_github_actions(cli: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    github = run(cli, env={"GITHUB_ACTIONS": "true"})
    assert untokened(github.stdout) == untokened(check(cli, "--format", "github")[1])
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    local = run(cli)
    assert local.stdout == check(cli, "--format", "text")[1]


def test_unwritable_step_summary_does_not_change_the_result(cli: Runner, tmp_path: Path) -> None:
    result = run(cli, "--format", "json", env={"GITHUB_STEP_SUMMARY": str(tmp_path)})
    assert result.exit_code == 1
    assert result.stderr == f"pmtasks: could not add to the job summary {tmp_path}: Is a directory\n"
    golden("check/mixed.json", result.stdout)


def test_text_is_coloured_by_severity_on_a_terminal() -> None:
    import io

    from rich.console import Console
    from test_check_rules import CASES, run_rules

    from pmtasks.render.checktext import check_lines

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=80)
    for line in check_lines(run_rules(CASES / "PMT002-overdue" / "fires", deadlines="warn")):
        console.print(line, soft_wrap=True)
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("  7:9   \x1b[33mwarning\x1b[0m")
    assert lines[-1] == "\x1b[33m⚠ 0 errors, 2 warnings (as of 2026-06-15; failing on error)\x1b[0m"


def test_sarif_fingerprints_a_plan_problem_by_its_file_and_message(cli: Runner) -> None:
    import hashlib

    from pmtasks.errors import PlanInvalid
    from pmtasks.plan.load import load_plan

    folder = "rules/PMT001-invalid-plan/fires"
    with pytest.raises(PlanInvalid) as caught:
        load_plan(WORK[0] / folder)
    problems = caught.value.problems
    results = json.loads(check(cli, "--format", "sarif", plans=folder)[1])["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["PMT001"] * len(problems)
    for result, problem in zip(results, problems, strict=True):
        path = f"{folder}/{Path(problem.path).name}"
        wanted = hashlib.sha256(f"{path} {problem.message}".encode()).hexdigest()[:32]
        assert result["partialFingerprints"] == {"pmtasksProblem/v1": wanted}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
@pytest.mark.parametrize("ascii_mode", [False, True])
def test_text_off_a_terminal_is_the_text_rich_prints(lang: str, ascii_mode: bool) -> None:
    """Off a terminal the listing is written without Rich: the same characters, for every rule's cases."""
    import io

    from test_check_rules import CASES, run_rules

    from pmtasks.i18n import use
    from pmtasks.render.checktext import check_lines, check_pieces
    from pmtasks.render.console import make_console
    from pmtasks.render.glyphs import to_ascii, use_ascii

    use(lang)
    use_ascii(ascii_mode)
    try:
        for case in sorted(CASES.glob("*/*")):
            report = run_rules(case, deadlines="warn")
            out = io.StringIO()
            console = make_console(file=out)
            for line in check_lines(report):
                console.print(line, soft_wrap=True)
            drawn = "".join("".join(text for text, _style in pieces) + "\n" for pieces in check_pieces(report))
            assert (to_ascii(drawn) if ascii_mode else drawn) == out.getvalue(), case
    finally:
        use("en")
        use_ascii(False)
