"""Options converted directly give exactly what typer's own conversion gives, for every parameter of every command."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
import typer
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st
from typer import _click as click
from typer._coercion import build_runtime_param
from typer.core import TyperArgument, TyperGroup, TyperOption

from pmtasks.cli.app import app
from pmtasks.cli.commands import COMMANDS
from pmtasks.cli.params import UNSETTLED, Direct, converter

SAMPLES = [
    "",
    " ",
    "0",
    "00",
    "007",
    "1",
    "14",
    "2026",
    "3660",
    "3661",
    "-1",
    "+3",
    "1_000",
    " 7",
    "٣",
    "true",
    "Yes",
    " off ",
    "maybe",
    "text",
    "JSON",
    "Json ",
    "markdown",
    "plans",
    "a/./b",
    "no such folder",
    "IM-1",
    "内部市场",
    "-",
]


def _params(command: click.Command, ctx: click.Context) -> list[tuple[click.Context, click.Parameter]]:
    found: list[tuple[click.Context, click.Parameter]] = [(ctx, p) for p in command.params]
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            found += _params(sub, click.Context(sub, info_name=name, parent=ctx))
    return found


def every_parameter() -> list[tuple[click.Context, click.Parameter]]:
    group = typer.main.get_group(app)
    root = click.Context(group, info_name="pmtasks")
    found = _params(group, root)
    for name in COMMANDS:
        command = group.get_command(root, name)
        assert command is not None
        found += _params(command, click.Context(command, info_name=name, parent=root))
    return [(c, p) for c, p in found if isinstance(p, TyperOption | TyperArgument)]


PARAMS = every_parameter()


def settle(convert: Any, value: object, param: click.Parameter, ctx: click.Context) -> object:
    """What the direct conversion settles: the value, or UNSETTLED (also when it raises, as Direct treats it)."""
    try:
        return convert(value, param, ctx)
    except (ValueError, TypeError, click.ClickException):
        return UNSETTLED


def answer(runtime: Any, param: Any, ctx: click.Context, value: object) -> tuple[str, object]:
    """What a parameter's conversion makes of ``value``: the value, or the message of its usage error."""
    try:
        return "value", runtime._coerce_value(value, param=param, ctx=ctx)
    except click.ClickException as exc:
        return "error", exc.format_message()


def typer_says(param: Any, ctx: click.Context, value: object) -> tuple[str, object]:
    return answer(build_runtime_param(param.type_descriptor), param, ctx, value)


def we_say(param: Any, ctx: click.Context, value: object) -> tuple[str, object]:
    """The answer of the conversion the command line installs: direct, else typer's."""
    descriptor = param.type_descriptor
    convert = converter(descriptor.annotation, descriptor.parameter_info)
    assert convert is not None
    return answer(Direct(descriptor.parameter_info, descriptor.annotation, convert), param, ctx, value)


def test_every_parameter_is_converted_directly() -> None:
    """Every type pmtasks's options use has a converter, and it settles a valid value without typer."""
    assert len(PARAMS) > 100
    for ctx, param in PARAMS:
        descriptor = param.type_descriptor  # type: ignore[attr-defined]
        convert = converter(descriptor.annotation, descriptor.parameter_info)
        assert convert is not None, param.name
        candidates = [*SAMPLES, *(str(getattr(c, "value", c)) for c in descriptor.choices or ())]
        settled = [v for v in candidates if settle(convert, v, param, ctx) is not UNSETTLED]
        assert settled, param.name


@pytest.mark.parametrize("value", [*SAMPLES, [], ["IM-1", "IM-2"], ("0", "x"), True, False, 5])
def test_every_value_converts_as_typer_converts_it(value: object) -> None:
    for ctx, param in PARAMS:
        descriptor = param.type_descriptor  # type: ignore[attr-defined]
        convert = converter(descriptor.annotation, descriptor.parameter_info)
        assert convert is not None
        mine = settle(convert, value, param, ctx)
        if mine is not UNSETTLED:
            assert typer_says(param, ctx, value) == ("value", mine), (param.name, value)
            assert type(mine) is type(typer_says(param, ctx, value)[1])
        # and whatever it settles or not, the parameter as the command line uses it answers like typer
        assert we_say(param, ctx, value) == typer_says(param, ctx, value), (param.name, value)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=8), st.sampled_from(SAMPLES), st.integers(-5, 4000).map(str)))
def test_any_text_converts_as_typer_converts_it(value: str) -> None:
    for ctx, param in PARAMS:
        assert we_say(param, ctx, value) == typer_says(param, ctx, value), (param.name, value)


def test_a_bad_value_gets_typers_message(cli: Any) -> None:
    result = cli("list", "--due-within", "-1", "--plans", "plans")
    assert result.exit_code == 2
    assert "--due-within" in result.stderr
    assert "greater than or equal to 0" in result.stderr
    result = cli("status", "--format", "yaml", "--plans", "plans")
    assert result.exit_code == 2
    assert "'yaml' is not one of 'text', 'json'" in result.stderr


def test_a_typer_without_these_internals_still_runs_every_option(cli: Any) -> None:
    """If a typer release moves what cli/params.py uses, typer converts every value itself."""
    code = (
        "import sys, typer._coercion; del typer._coercion.RuntimeParam; from pmtasks.cli import run; "
        "code = run(sys.argv[1:]); sys.stderr.write(str('typer._adapters' in sys.modules)); sys.exit(code)"
    )
    args = ["list", "--plans", "plans", "--as-of", "2026-11-23", "--due-within", "30", "--format", "json"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMTASKS_")}
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, env=env)
    assert (done.returncode, done.stderr) == (0, "True")  # typer's own conversion ran
    assert done.stdout == cli(*args).stdout
