"""Ledger files share the plan's cache: never stale, never harmful, and a warm read parses nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import Runner, cache_entries, parses, says_poisoned
from ledger_fixtures import AS_OF, plan_with_ledgers

from pmtasks.errors import Problem
from pmtasks.ledger.load import LedgerResult, load_all
from pmtasks.plan.cache import ENTRY_SUFFIX, FileCache

Q1 = "2026-q1-review.yaml"
BIM = "2026-06-bim-inspection.yaml"


def lies(folder: Path) -> bool:
    """Whether loading ``folder`` reports what a poisoned ledger entry says."""
    return says_poisoned(lambda: load_all(folder))


def test_ledger_files_are_read_from_the_cache(tmp_path: Path, cached: Path) -> None:
    folder = plan_with_ledgers(tmp_path)
    load_all(folder)
    found = cache_entries(cached)
    assert len(found) == 7  # plan.yaml, four line files, two ledger files
    cache = FileCache(cached)
    lie = LedgerResult((Problem("lie.yaml", 1, 1, "read from a poisoned cache entry"),))
    for entry in found:  # a plan file's entry holding a ledger result is only a miss
        cache.put(entry.name.removesuffix(ENTRY_SUFFIX), lie)
    assert lies(folder)


def test_an_edit_of_a_ledger_file_that_keeps_size_and_mtime_is_seen(tmp_path: Path, cached: Path) -> None:
    folder = plan_with_ledgers(tmp_path)
    path = folder / "ledgers" / Q1
    _, book = load_all(folder)
    assert book.find("JY-2").owner == "经营组"  # type: ignore[union-attr]
    before = path.stat()
    data = path.read_bytes()
    edited = data.replace("owner: 经营组".encode(), "owner: 设计组".encode(), 1)
    assert edited != data
    assert len(edited) == len(data)
    path.write_bytes(edited)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    _, book = load_all(folder)
    assert book.find("JY-2").owner == "设计组"  # type: ignore[union-attr]


def test_two_ledger_files_swapped_keep_their_own_paths(tmp_path: Path, cached: Path) -> None:
    folder = plan_with_ledgers(tmp_path)
    a, b = folder / "ledgers" / Q1, folder / "ledgers" / BIM
    load_all(folder)
    data_a, data_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(data_b)
    b.write_bytes(data_a)
    _, book = load_all(folder)
    assert Path(book.find("JY-1").source.path).name == BIM  # type: ignore[union-attr]
    assert Path(book.find("ZG-1").source.path).name == Q1  # type: ignore[union-attr]


@pytest.mark.parametrize("damage", ["corrupt", "truncated"])
def test_a_damaged_ledger_entry_is_rebuilt(tmp_path: Path, cached: Path, damage: str) -> None:
    folder = plan_with_ledgers(tmp_path)
    _, first = load_all(folder)
    for entry in cache_entries(cached):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] if damage == "truncated" else data[:-40] + b"\xff" * 40)
    _, again = load_all(folder)
    assert again == first


COMMANDS = [
    ("status",),
    ("status", "--format", "json"),
    ("check",),
    ("check", "--format", "json"),
    ("ledger", "list"),
    ("ledger", "show", "JY-2"),
    ("report", "monthly"),
]


@pytest.mark.parametrize("crafted", [(), ("invalid/semantic.yaml",), ("invalid/every-mistake.yaml",)], ids=len)
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_output_with_ledgers_is_the_same_with_and_without_the_cache(
    tmp_path: Path, cached: Path, cli: Runner, args: tuple[str, ...], crafted: tuple[str, ...]
) -> None:
    folder = plan_with_ledgers(tmp_path, *crafted)
    full = (*args, "--plans", str(folder), "--as-of", AS_OF)
    off = cli(*full, env={"PMTASKS_NO_CACHE": "1"})
    cold = cli(*full, env={"PMTASKS_NO_CACHE": "0"})
    warm = cli(*full)
    assert len(cache_entries(cached)) == 5 + 2 + len(crafted)
    assert (off.exit_code, off.stdout, off.stderr) == (cold.exit_code, cold.stdout, cold.stderr)
    assert (off.exit_code, off.stdout, off.stderr) == (warm.exit_code, warm.stdout, warm.stderr)
    if crafted:
        assert off.exit_code in (1, 3), off.stderr


HEAVY = (
    "yaml",
    "pydantic",
    "pmtasks.plan.yamlread",
    "pmtasks.plan.schema",
    "pmtasks.plan.validate",
    "pmtasks.ledger.schema",
)


def imported(args: list[str], env: dict[str, str]) -> list[str]:
    """Which of HEAVY a real ``pmtasks ARGS`` process imported."""
    code = (
        "import sys; from pmtasks.cli import run; code = run(sys.argv[1:]); "
        f"sys.stderr.write(repr(sorted(m for m in {HEAVY!r} if m in sys.modules))); sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)
    assert done.returncode in (0, 1), done.stderr
    return list(eval(done.stderr.strip().splitlines()[-1]))


@pytest.mark.parametrize("command", [["status"], ["check"]], ids=" ".join)
def test_a_warm_read_of_a_plan_with_ledgers_parses_nothing(tmp_path: Path, cached: Path, command: list[str]) -> None:
    folder = plan_with_ledgers(tmp_path)
    env = {**os.environ, "COLUMNS": "100"}
    args = [*command, "--plans", str(folder), "--as-of", AS_OF]
    assert set(imported(args, env)) >= {"yaml", "pmtasks.ledger.schema"}  # cold: the files were parsed
    assert imported(args, env) == []  # warm: no parser, no schema, no pydantic


@pytest.mark.parametrize("setting", ["warm", "off"])
def test_a_ledger_write_parses_each_ledger_file_at_most_once(
    setting: str, tmp_path: Path, cached: Path, cli: Runner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write reads the ledgers, then verifies the edit: the unchanged file is not parsed again."""
    from pmtasks.ledger import load

    folder = plan_with_ledgers(tmp_path)
    if setting == "warm":
        load_all(folder)
    else:
        monkeypatch.setenv("PMTASKS_NO_CACHE", "1")
    parsed = parses(monkeypatch, load, "file_result")
    result = cli("ledger", "verify", "JY-1", "--as", "王芳", "--plans", str(folder), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert sorted(parsed[:-1]) == ([] if setting == "warm" else sorted([Q1, BIM]))  # each file at most once
    assert parsed[-1] == Q1  # then only the edited file, to verify the edit
