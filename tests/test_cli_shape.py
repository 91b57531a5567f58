"""The command line's shape: commands load on demand, each inside the one error boundary."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import PLANS, ROOT, Runner

from pmtasks.cli.app import LazyGroup, app
from pmtasks.cli.boundary import guarded
from pmtasks.cli.commands import COMMANDS

COMMAND_MODULES = sorted({entry.module for entry in COMMANDS.values()})


def _loaded(name: str) -> typer.core.TyperCommand | typer.core.TyperGroup:
    group = typer.main.get_group(app)
    assert isinstance(group, LazyGroup)
    with typer.Context(group) as ctx:
        command = group.get_command(ctx, name)
    assert isinstance(command, typer.core.TyperCommand | typer.core.TyperGroup), name
    return command


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_command_is_where_the_table_says_with_the_help_it_lists(name: str) -> None:
    entry = COMMANDS[name]
    command = typer.main.get_group(import_module(entry.module).commands).commands[name]
    assert (command.help or "").split("\n\n")[0].strip() == entry.help


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_app_puts_every_command_inside_the_error_boundary(name: str) -> None:
    boundary = guarded(lambda: None).__code__  # every guarded function runs this code
    command = _loaded(name)
    callback = command.callback
    assert callback is not None, name
    assert callback.__code__ is boundary, name
    for sub in getattr(command, "commands", {}).values():  # a group's subcommands (kpi set) too
        assert sub.callback is not None, f"{name} {sub.name}"
        assert sub.callback.__code__ is boundary, f"{name} {sub.name}"


def _modules_after(*args: str) -> set[str]:
    """The pmtasks modules a real process has imported once it ran ``pmtasks ARGS``."""
    code = (
        "import sys; from pmtasks.cli import run; run(sys.argv[1:]); "
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.startswith('pmtasks.'))))"
    )
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return set(eval(proc.stderr.strip().splitlines()[-1]))


def test_a_command_imports_only_its_own_module() -> None:
    loaded = _modules_after("status", "--plans", str(PLANS), "--as-of", "2026-06-30")
    assert "pmtasks.cli.status" in loaded
    assert loaded & set(COMMAND_MODULES) == {"pmtasks.cli.status"}


def test_help_lists_every_command_without_importing_any(cli: Runner) -> None:
    assert not _modules_after("--help") & set(COMMAND_MODULES)
    listed = cli("--help").stdout
    for name, entry in COMMANDS.items():
        assert f"│ {name} " in listed, name
        assert entry.help.split()[0] in listed, name


def test_an_unknown_command_is_a_usage_error(cli: Runner) -> None:
    result = cli("stauts")
    assert result.exit_code == 2
    assert "stauts" in result.stderr


@pytest.mark.parametrize("name", [None, *COMMANDS])
def test_help_shows_no_type_placeholders(cli: Runner, name: str | None) -> None:
    """A flag takes no value and a list option names its item: no ``<bool>`` or ``<list[str]>``."""
    shown = cli(*([name] if name else []), "--help").stdout
    assert "<bool>" not in shown
    assert "<list[" not in shown


@pytest.mark.parametrize(
    "command", [("status",), ("list",), ("show", "IM-1"), ("timeline",), ("check",), ("ledger", "list")]
)
def test_a_read_command_imports_no_writer(command: tuple[str, ...]) -> None:
    loaded = _modules_after("--plans", str(PLANS), "--as-of", "2026-06-30", *command)
    assert f"pmtasks.cli.{'listing' if command[0] == 'list' else command[0]}" in loaded
    assert not {m for m in loaded if m.startswith("pmtasks.write")}


@pytest.mark.parametrize("command", [("status",), ("list",)])
def test_the_dashboard_and_the_list_import_nothing_of_git(command: tuple[str, ...]) -> None:
    """Status names are shared with the diff's wording; sharing them must not load the diff."""
    loaded = _modules_after("--plans", str(PLANS), "--as-of", "2026-06-30", *command)
    assert not {m for m in loaded if m.startswith("pmtasks.git")}


def test_read_commands_run_with_the_collector_paused_and_resume_it(
    cli: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gc

    from pmtasks.cli.commands import READS
    from pmtasks.usecases import read

    assert READS.issubset(COMMANDS)
    seen: list[bool] = []
    real = read.status_and_plan

    def spy(request: Any) -> Any:
        seen.append(gc.isenabled())
        return real(request)

    monkeypatch.setattr(read, "status_and_plan", spy)
    assert gc.isenabled()
    assert cli("status", "--plans", str(PLANS), "--as-of", "2026-06-30").exit_code == 0
    assert seen == [False]
    assert gc.isenabled()
    assert cli("status", "--plans", str(tmp_path / "nowhere"), "--as-of", "2026-06-30").exit_code != 0
    assert gc.isenabled()  # resumed after a failed command too
