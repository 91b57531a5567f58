"""Hostile plan files: each input that crashed or hung the loader now gives located problems.

Inputs are generated here (some are megabytes; none is committed). Nothing is timed: where an
input used to take minutes, the test checks the limit that now stops it early, and counts the
costly calls, so a return of the slow path fails the test on any machine.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from conftest import Runner
from hostile import PLAN, TASK, small_plan

from pmtasks.errors import MAX_PROBLEMS, PlanInvalid, Problem
from pmtasks.plan import suggest as suggest_module
from pmtasks.plan.load import load_files
from pmtasks.plan.periods import MAX_LABEL, PeriodError, parse_period
from pmtasks.plan.yamlread import MAX_DEPTH, MAX_FILE_BYTES, MAX_KEYS, MAX_SCALAR

LINE = "plans/2026/01-x.yaml"


def problems(line_file: str | bytes, plan: str = PLAN) -> list[Problem]:
    data = line_file.encode() if isinstance(line_file, str) else line_file
    with pytest.raises(PlanInvalid) as caught:
        load_files({"plans/2026/plan.yaml": plan.encode(), LINE: data}, "plans/2026")
    found = caught.value.problems
    assert found
    assert all(p.line >= 1 and p.col >= 1 for p in found)
    return found


def messages(found: list[Problem]) -> str:
    return "\n".join(str(p) for p in found)


@pytest.mark.parametrize(
    "value",
    ["0x" + "f" * 3572, "0" + "7" * 5000, "0b" + "1" * 9000, "1" + ":30" * 3000, "1" + "0" * 5000],
    ids=["hex", "octal", "binary", "sexagesimal", "decimal"],
)
def test_huge_integers_are_located_and_not_quoted_in_full(value: str) -> None:
    found = problems(TASK + f"        progress: {value}\n")
    assert len(found) == 1
    assert (found[0].line, found[0].col) == (9, 19)
    assert "too long to be a number" in found[0].message
    assert len(str(found[0])) < 300


def test_a_huge_number_as_a_date_is_not_quoted_in_full() -> None:
    found = problems(TASK + "        due: 1" + "0" * 5000 + "\n")
    assert len(found) == 1
    assert len(str(found[0])) < 300


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 485, 999])
def test_deep_flow_nesting_is_located(depth: int) -> None:
    found = problems("line: L\ncode: X\nperiods: " + "[" * depth + "]" * depth + "\n")
    assert any(f"nested more than {MAX_DEPTH} deep" in p.message for p in found), messages(found)


def test_deep_block_mappings_and_deep_notes_are_located() -> None:
    block = "line: L\ncode: X\nperiods:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 5000))
    assert problems(block)
    notes = problems(TASK + "        notes: " + "[" * 600 + "]" * 600 + "\n")
    assert any("nested more than" in p.message for p in notes)
    assert all(len(p.hint) < 300 for p in notes)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 5, MAX_DEPTH - 4])
def test_the_depth_limit_is_exact(depth: int) -> None:
    found = problems(TASK + "        notes: " + "[" * depth + "]" * depth + "\n")
    # TASK's notes already sit inside five collections: the file, periods, a period, tasks, a task
    assert any("nested more than" in p.message for p in found) is (depth + 5 > MAX_DEPTH)


@pytest.mark.parametrize("zone", ["Asia", "America", "Europe", "x" * 300, "../etc", "/etc/localtime"])
def test_a_timezone_folder_or_path_is_a_located_problem(zone: str) -> None:
    found = problems(TASK, plan=f'title: t\nyear: 2026\ntimezone: "{zone}"\n')
    assert [(p.path, p.line, p.col) for p in found] == [("plans/2026/plan.yaml", 3, 11)]
    assert "is not an IANA timezone" in found[0].message
    if zone == "Asia":
        assert "did you mean Asia/Shanghai?" in found[0].message


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "sarif"])
def test_a_timezone_folder_is_pmt001_in_every_check_format(cli: Runner, tmp_path: Path, fmt: str) -> None:
    folder = small_plan(tmp_path, plan="title: t\nyear: 2026\ntimezone: Asia\n")
    result = cli("check", "--plans", str(folder), "--format", fmt, "--as-of", "2026-02-01")
    assert result.exit_code == 1, result.stderr
    assert "PMT001" in result.stdout
    assert "Asia/Shanghai" in result.stdout


@pytest.mark.parametrize("start", ["2026", "1"])
def test_a_period_with_many_blanks_is_refused_by_length(start: str) -> None:
    label = start + " " * 9000 + "x"
    found = problems(TASK.replace("period: 1-3月", f'period: "{label}"'))
    assert [p.message for p in found] == [
        f"a period label of {len(label):,} characters; a period is at most {MAX_LABEL}"
    ]


def test_period_blanks_are_read_as_one() -> None:
    spaced, tight = parse_period("2026 年  1 \t -   3 月", 2026), parse_period("2026年1-3月", 2026)
    assert (spaced.start, spaced.end) == (tight.start, tight.end)
    label = "1" + " " * (MAX_LABEL - 3) + "x"
    with pytest.raises(PeriodError, match="not a period"):
        parse_period(label, 2026)


def test_a_value_longer_than_the_limit_is_located() -> None:
    found = problems(TASK + "        notes: " + "x" * (MAX_SCALAR + 1) + "\n")
    assert [(p.line, p.col) for p in found] == [(9, 16)]
    assert f"up to {MAX_SCALAR:,}" in found[0].message


def test_a_million_keys_stop_at_the_key_limit() -> None:
    found = problems("".join(f"k{i}: 1\n" for i in range(1_000_000)))
    assert [(p.line, p.message) for p in found] == [
        (MAX_KEYS + 1, f"a mapping with more than {MAX_KEYS:,} keys; a plan needs a dozen at most")
    ]


def test_a_file_past_the_size_limit_is_one_problem(tmp_path: Path) -> None:
    found = problems(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert [(p.line, p.col) for p in found] == [(1, 1)]
    assert "16 MiB" in found[0].message


def test_unknown_dependencies_are_capped_and_suggested_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = difflib.get_close_matches

    def counted(word: str, possibilities: list[str], **kwargs: object) -> list[str]:
        calls.append(len(possibilities))
        return real(word, possibilities, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", counted)  # imported when a search runs
    tasks = "".join(f"      - id: X-{i}\n        title: t\n        depends: [Y-{i}]\n" for i in range(5000))
    found = problems("line: L\ncode: X\nperiods:\n  - period: 1-3月\n    goal: g\n    tasks:\n" + tasks)
    assert len(calls) == suggest_module.SEARCHES
    assert max(calls) <= 2 * suggest_module.WINDOW  # each search looks at a bounded window of IDs
    assert len(found) == MAX_PROBLEMS + 1
    assert found[-1].message == f"… and {5000 - MAX_PROBLEMS:,} more problems in this file"


def test_a_typo_in_a_dependency_is_still_suggested_in_a_large_plan() -> None:
    tasks = "".join(f"      - id: X-{i}\n        title: t\n" for i in range(3000))
    tasks += "      - id: Z-1\n        title: t\n        depends: [X-1234x]\n"
    found = problems("line: L\ncode: X\nperiods:\n  - period: 1-3月\n    goal: g\n    tasks:\n" + tasks)
    assert [p.message for p in found] == ["Z-1 depends on unknown task X-1234x"]
    assert found[0].hint.startswith("did you mean X-1234")


def test_the_reader_stops_after_too_many_problems() -> None:
    found = problems("a: &a 1\nb: [" + ", ".join("*a" for _ in range(200_000)) + "]\n")
    assert len(found) == MAX_PROBLEMS
    assert found[-1].message == "pmtasks stopped reading the file here: too many problems"


def test_a_huge_hostile_plan_is_reported_by_the_cli(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path, "".join(f"k{i}: 1\n" for i in range(200_000)))
    result = cli("list", "--plans", ".", cwd=folder)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"01-x.yaml:{MAX_KEYS + 1}:1: a mapping with more than")
