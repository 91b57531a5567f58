"""Option and argument values converted without building a pydantic validator for each parameter.

typer 0.29 converts every parameter's value with a pydantic ``TypeAdapter`` that it builds the
first time the parameter is parsed, even when the value is absent; building them imports
pydantic and costs more than the rest of a read command's start-up. The types pmtasks's options
use (text, flags, whole numbers within bounds, paths, choices, and lists of these) are converted
here directly, giving the same value typer would. Anything else, and any value that is not
plainly valid, goes to typer's own conversion, so every error message stays typer's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import _click as click
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path
from typer._typing import is_literal_type, literal_values
from typer.core import TyperArgument, TyperOption
from typer.models import ParameterInfo

Convert = Callable[[Any, Any, click.Context], Any]
"""A converter: (value, parameter, context) to the value, or UNSETTLED to leave it to typer."""

UNSETTLED = object()
_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


@dataclass(frozen=True)
class Direct(RuntimeParam):
    """A parameter's conversion: ``convert`` when it settles the value, else typer's own."""

    convert: Convert

    def _coerce_value(self, value: Any, param: Any, ctx: click.Context) -> Any:
        try:
            done = self.convert(value, param, ctx)
        except (ValueError, TypeError, click.ClickException):
            done = UNSETTLED
        if done is UNSETTLED:
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)
        return done


def convert_directly(params: list[click.Parameter]) -> None:
    """Give each typer parameter of a type this module knows the direct conversion."""
    for param in params:
        if isinstance(param, TyperOption | TyperArgument) and param._runtime_param is None:
            descriptor = param.type_descriptor
            convert = converter(descriptor.annotation, descriptor.parameter_info)
            if convert is not None and descriptor.file_annotation is None:
                param._runtime_param = Direct(descriptor.parameter_info, descriptor.annotation, convert)


def converter(annotation: Any, info: ParameterInfo) -> Convert | None:
    """The direct conversion of ``annotation``, or None when typer must convert it."""
    if info.parser is not None:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        one = _leaf(item, info)
        return None if one is None else _many(one)
    return _leaf(annotation, info)


def _many(one: Convert) -> Convert:
    def convert(value: Any, param: Any, ctx: click.Context) -> Any:
        done = [one(item, param, ctx) for item in (value if isinstance(value, list | tuple) else [value])]
        return UNSETTLED if any(item is UNSETTLED for item in done) else done

    return convert


def _leaf(annotation: Any, info: ParameterInfo) -> Convert | None:
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is int and not info.clamp:
        return _whole(info.min, info.max)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice([*annotation], info)
    if is_literal_type(annotation):
        return _choice([*literal_values(annotation)], info)
    if isinstance(annotation, type) and issubclass(annotation, Path) and info.path_type is None:
        return lambda value, param, ctx: (
            coerce_cli_path(annotation(value), info, path_type=annotation, param=param, ctx=ctx)
            if type(value) is str
            else UNSETTLED
        )
    return None


def _choice(choices: list[Any], info: ParameterInfo) -> Convert:
    def convert(value: Any, param: Any, ctx: click.Context) -> Any:
        return coerce_cli_choice(value, choices=choices, case_sensitive=info.case_sensitive, ctx=ctx)

    return convert


def _text(value: Any, param: Any, ctx: click.Context) -> Any:
    return value if type(value) is str else UNSETTLED


def _flag(value: Any, param: Any, ctx: click.Context) -> Any:
    if type(value) is bool:
        return value
    word = value.strip().lower() if type(value) is str else None
    if word == "":
        return False
    return True if word in _TRUE else False if word in _FALSE else UNSETTLED


def _whole(low: float | None, high: float | None) -> Convert:
    def convert(value: Any, param: Any, ctx: click.Context) -> Any:
        if type(value) is str and value.isascii() and value.isdigit() and (value == "0" or value[0] != "0"):
            number = int(value)
        elif type(value) is int:
            number = value
        else:
            return UNSETTLED
        inside = (low is None or number >= low) and (high is None or number <= high)
        return number if inside else UNSETTLED

    return convert
