"""Turn pydantic's validation errors into located problems that say what to do next."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pmtasks.errors import Problem
from pmtasks.plan.periods import FORMS
from pmtasks.plan.schema import FIELDS
from pmtasks.plan.yamlread import QUOTE_HINT, Located, Path, shorten

M = TypeVar("M", bound=BaseModel)

_PARENTS = {"periods": "period", "tasks": "task", "log": "log", "kpis": "kpi"}
_VALUE_HINTS = {
    "period": f"a period looks like one of: {FORMS}",
    "red": "set `red` to at least `yellow`, e.g. yellow: 10 and red: 30",
    "pace": "give `on_time` or `pace` a weight above 0",
    "timezone": "list the names with: python3 -c 'import zoneinfo; print(zoneinfo.available_timezones())'",
    **dict.fromkeys(("budget", "spent"), "money is written as 50万, 12.5万元 or 80,000, in the plan's `currency`"),
    **dict.fromkeys(("effort", "effort_actual"), "person-days are written as 20, 2.5 or 20人天"),
    **dict.fromkeys(("target", "actual"), "a KPI's target and actual are plain numbers; the unit goes in `unit`"),
    "unit": "a unit is a short word such as 家, 份, %, 万元 or 天",
    "currency": "the currency is the unit amounts are counted in: 元 (the default), 美元, 港元 …",
}


def _kind(path: Path, top: str, parents: Mapping[str, str] = _PARENTS) -> str:
    """Which part of the format a path points into: 'plan', 'line', 'period', 'task' …"""
    kind = top
    for step in path:
        if isinstance(step, str):
            kind = parents.get(step, step if step in ("check", "report", "weights", "reschedule") else kind)
    return kind


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, datetime):
        return "a date with a time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return "text"


def _shown(value: Any) -> str:
    """What the user wrote, described: ``text '50'``, ``a decimal number 50.5``, ``true/false``."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"text {shorten(value)!r}"
    if isinstance(value, date | int | float):
        return f"{_type_name(value)} {value.isoformat() if isinstance(value, date) else value}"
    return _type_name(value)


def _short(value: Any) -> Any:
    return shorten(value) if isinstance(value, str) else value


def _a(kind: str) -> str:
    """``a task``, ``an item``."""
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _did_you_mean(key: str, kind: str, fields: Mapping[str, tuple[str, ...]] = FIELDS) -> str:
    allowed = fields[kind]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"{_a(kind)} may have: {', '.join(allowed)}"


def describe(error: Any, kind: str, fields: Mapping[str, tuple[str, ...]] = FIELDS) -> tuple[str, str]:
    """(message, hint) for one pydantic error dict."""
    loc = error["loc"]
    name = next((str(s) for s in reversed(loc) if isinstance(s, str)), kind)
    value = error.get("input")
    etype = error["type"]
    if etype == "missing":
        return f"missing required key `{name}`", f"add `{name}:` to this {kind}"
    if etype == "extra_forbidden":
        return f"unknown key `{name}` in {_a(kind)}", _did_you_mean(name, kind, fields)
    if etype == "string_type":
        item = isinstance(loc[-1], int)
        shown = shorten(str(value))
        quoted = f'{QUOTE_HINT}: "{shown}"' if item else f'{QUOTE_HINT}: {name}: "{shown}"'
        quoted = quoted if value is not None else f"give `{name}` a value"
        return f"`{name}` must be text, not {_type_name(value)}", quoted
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return (
            f"`{name}` must be a whole number, not {_shown(value)}",
            "write digits only, without quotes or a decimal point",
        )
    if etype.startswith("date") or etype.startswith("datetime"):
        return (
            f"`{name}` must be a date, not {_shown(value)}",
            "write dates as YYYY-MM-DD, e.g. 2026-03-31",
        )
    if etype == "literal_error":
        return (f"`{name}` cannot be {_short(value)!r}", f"use one of: {error['ctx']['expected']}")
    if etype in ("greater_than_equal", "less_than_equal"):
        return f"`{name}` is {value}, out of range", _range_hint(name)
    if etype == "string_pattern_mismatch":
        return (
            f"{'task' if kind in ('task', 'period') else kind} ID {_short(value)!r} is not allowed",
            "an ID starts with a letter or digit, then letters, digits, '-', '_' or '.', e.g. IM-12",
        )
    if etype == "string_too_short":
        return f"`{name}` is empty", f"give `{name}` a value, or remove the key"
    if etype == "string_too_long":
        return f"`{name}` is too long", "keep IDs under 64 characters"
    if etype in ("list_type", "too_short", "too_long"):
        return _list_problem(etype, name, value)
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"expected {_a(kind)} (`key: value` lines), not {_type_name(value)}",
            f"see the {kind} fields in the README",
        )
    if etype == "value_error":
        return str(error["ctx"]["error"]), _VALUE_HINTS.get(name, "see the README for this field")
    return error["msg"], "see the README for this field"


def _list_problem(etype: str, name: str, value: Any) -> tuple[str, str]:
    """A value that is not a list, or (a reschedule's ``[old, new]`` dates) a list of the wrong length."""
    if etype == "list_type":
        return (
            f"`{name}` must be a list, not {_type_name(value)}",
            f"write each item on its own `- ` line under `{name}:`",
        )
    return (
        f"`{name}` must hold exactly two dates, the old and the new",
        f"write it as `{name}: [2026-03-31, 2026-04-30]`",
    )


def _range_hint(name: str) -> str:
    if name in ("progress", "at_risk_threshold", "burn_threshold", "kpi_threshold", "yellow", "red", "on_time", "pace"):
        return f"`{name}` is a percentage from 0 to 100"
    return f"check the value of `{name}`"


def validate(
    model: type[M],
    located: Located,
    path: str,
    top: str,
    context: dict[str, Any],
    fields: Mapping[str, tuple[str, ...]] = FIELDS,
    parents: Mapping[str, str] = _PARENTS,
) -> tuple[M | None, list[Problem]]:
    """Validate a document; on failure return every problem, located, minus those already reported.

    ``fields`` (the keys each kind of mapping may have) and ``parents`` (which key holds which
    kind) describe the format; the defaults are the plan's, other files pass their own.
    """
    if located.data is None and not located.problems:
        required = ", ".join(f"`{name}:`" for name, f in model.model_fields.items() if f.is_required())
        return None, [Problem(path, 1, 1, "the file is empty", f"a {top} file needs at least {required}")]
    try:
        return model.model_validate(located.data, context=context), []
    except ValidationError as exc:
        return None, list(_problems(exc, located, path, top, fields, parents))


def _problems(
    exc: ValidationError,
    located: Located,
    path: str,
    top: str,
    fields: Mapping[str, tuple[str, ...]],
    parents: Mapping[str, str],
) -> Iterator[Problem]:
    for error in exc.errors(include_url=False):
        at: Path = tuple(error["loc"])
        if any(at[: len(flag)] == flag for flag in located.flagged):
            continue
        message, hint = describe(error, _kind(at[:-1], top, parents), fields)
        line, col = located.where(at, key=error["type"] == "extra_forbidden")
        yield Problem(path, line, col, message, hint)
