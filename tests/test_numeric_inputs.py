"""Numbers typed on the command line: an ID's number, a percentage, an amount. Out of range is a usage
error (exit 2) that says what range is allowed, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Runner
from writes_fixtures import AS_OF, author, real_plan, snapshot  # noqa: F401  (author: a fixture)

from pmtasks.errors import UsageError
from pmtasks.plan.load import load_plan
from pmtasks.write.plan_steps import MAX_ID_NUMBER, next_id

pytestmark = pytest.mark.usefixtures("author")
IM = "01-internal-market.yaml"


def _add(cli: Runner, folder: Path, *extra: str) -> tuple[int, str, str]:
    result = cli("--plans", str(folder), "--as-of", AS_OF, "add", "-l", "IM", "-p", "4-9月", *extra, "新任务")
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("task_id", ["IM-99999999999999999999", "IM-100000", "x.custom-1000000"])
def test_an_id_number_beyond_the_range_is_a_usage_error(cli: Runner, tmp_path: Path, task_id: str) -> None:
    folder = real_plan(tmp_path)
    before = snapshot(folder)
    code, out, err = _add(cli, folder, "--id", task_id)
    assert (code, out) == (2, "")
    assert err == (
        f"pmtasks: task ID {task_id!r} is not allowed: the number it ends in is above 99999; "
        "use a number from 0 to 99999, e.g. IM-12\n"
    )
    assert snapshot(folder) == before


def test_the_largest_id_number_is_accepted_and_then_no_number_is_left(cli: Runner, tmp_path: Path) -> None:
    folder = real_plan(tmp_path)
    assert _add(cli, folder, "--id", f"IM-{MAX_ID_NUMBER}")[:2] == (0, f"IM-{MAX_ID_NUMBER}\n")
    before = snapshot(folder)
    code, _out, err = _add(cli, folder)
    assert code == 2
    assert err == "pmtasks: IM has used every ID number up to 99999; give the new task's ID with --id\n"
    assert snapshot(folder) == before


def test_a_huge_id_written_by_hand_does_not_carry_the_next_ids(tmp_path: Path) -> None:
    folder = real_plan(tmp_path)
    path = folder / IM
    path.write_text(
        path.read_text(encoding="utf-8").replace("- id: IM-4\n", "- id: IM-99999999999999999999\n"), encoding="utf-8"
    )
    plan = load_plan(folder)
    numbers = [int(t.id[3:]) for t in plan.tasks if t.id.startswith("IM-") and len(t.id) < 10]
    assert next_id(plan, "IM") == f"IM-{max(numbers) + 1}"


def test_no_number_left_is_a_usage_error_naming_no_option(tmp_path: Path) -> None:
    folder = real_plan(tmp_path)
    path = folder / IM
    path.write_text(path.read_text(encoding="utf-8").replace("- id: IM-4\n", "- id: IM-99999\n"), encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        next_id(load_plan(folder), "IM")
    assert (str(caught.value), caught.value.subject) == ("IM has used every ID number up to 99999", "id-numbers")


@pytest.mark.parametrize(
    ("pct", "written"),
    [("９０", 90), ("0050", 50), (" 7 ", 7)],
)
def test_percentages_as_typed(cli: Runner, tmp_path: Path, pct: str, written: int) -> None:
    folder = real_plan(tmp_path)
    result = cli("--plans", str(folder), "--as-of", AS_OF, "progress", "IM-4", pct)
    assert result.exit_code == 0, result.stderr
    assert next(t for t in load_plan(folder).tasks if t.id == "IM-4").progress == written


@pytest.mark.parametrize("pct", ["9" * 5000, "²", "1000", "٣"])
def test_a_percentage_out_of_range_says_the_range(cli: Runner, tmp_path: Path, pct: str) -> None:
    folder = real_plan(tmp_path)
    before = snapshot(folder)
    result = cli("--plans", str(folder), "--as-of", AS_OF, "progress", "IM-4", pct)
    assert result.exit_code == 2
    assert "is not a whole number from 0 to 100" in result.stderr
    assert "int()" not in result.stderr
    assert "digits" not in result.stderr  # not Python's own message about long integers
    assert snapshot(folder) == before
