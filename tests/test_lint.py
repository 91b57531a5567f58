"""Strict tooling runs with the tests: ruff (lint and format) on everything, mypy --strict on the package."""

import subprocess
import sys

import pytest
from conftest import ROOT


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, input=stdin, capture_output=True, text=True, check=False
    )


def test_ruff() -> None:
    result = _run("ruff", "check", "pmtasks", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run("ruff", "format", "--check", "pmtasks", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr + "\nrun `ruff format pmtasks tests benchmarks`"


@pytest.mark.parametrize(
    ("source", "code"),
    [
        ("from datetime import date\n\nday = date.today()\n", "DTZ011"),
        ("from datetime import datetime\n\nnow = datetime.now()\n", "DTZ005"),
        ("import subprocess\n", "TID251"),
        ("import os\n\nos.system('git status')\n", "TID251"),
        ("import click\n", "TID251"),
    ],
)
def test_ruff_bans_the_clock_and_processes_in_the_package(source: str, code: str) -> None:
    result = _run("ruff", "check", "--stdin-filename", "pmtasks/query.py", "--select", code, "-", stdin=source)
    assert result.returncode == 1
    assert code in result.stdout


def test_mypy_strict() -> None:
    result = _run("mypy", "pmtasks")
    assert result.returncode == 0, result.stdout + result.stderr
