"""Turn pydantic's validation errors into located problems that say what to do next."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pmtasks.errors import Problem
from pmtasks.i18n import C_, N_, _
from pmtasks.plan.periods import FORMS
from pmtasks.plan.schema import FIELDS
from pmtasks.plan.yamlread import Located, Path, shorten

M = TypeVar("M", bound=BaseModel)

_PARENTS = {"periods": "period", "tasks": "task", "log": "log", "kpis": "kpi"}
_VALUE_HINTS = {
    "period": N_("a period looks like one of: {forms}"),
    "red": N_("set `red` to at least `yellow`, e.g. yellow: 10 and red: 30"),
    "pace": N_("give `on_time` or `pace` a weight above 0"),
    "timezone": N_("list the names with: python3 -c 'import zoneinfo; print(zoneinfo.available_timezones())'"),
    **dict.fromkeys(("budget", "spent"), N_("money is written as 50万, 12.5万元 or 80,000, in the plan's `currency`")),
    **dict.fromkeys(("effort", "effort_actual"), N_("person-days are written as 20, 2.5 or 20人天")),
    **dict.fromkeys(("target", "actual"), N_("a KPI's target and actual are plain numbers; the unit goes in `unit`")),
    "unit": N_("a unit is a short word such as 家, 份, %, 万元 or 天"),
    "currency": N_("the currency is the unit amounts are counted in: 元 (the default), 美元, 港元 …"),
}
SEE_README = N_("see the README for this field")
# Each kind of mapping with its article: "unknown key `x` in a task", "a task may have: …".
A_KINDS = {
    "plan": N_("a plan"),
    "check": N_("a check"),
    "report": N_("a report"),
    "weights": N_("a weights"),
    "reschedule": N_("a reschedule"),
    "line": N_("a line"),
    "period": N_("a period"),
    "kpi": N_("a kpi"),
    "task": N_("a task"),
    "log": N_("a log"),
    "ledger": N_("a ledger"),
    "item": N_("an item"),
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
        return _("true/false")
    if isinstance(value, float):
        return _("a decimal number")
    if isinstance(value, int):
        return _("a number")
    if isinstance(value, datetime):
        return _("a date with a time")
    if isinstance(value, date):
        return _("a date")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    if value is None:
        return _("nothing")
    return _("text")


def _shown(value: Any) -> str:
    """What the user wrote, described: ``text '50'``, ``a decimal number 50.5``, ``true/false``."""
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, str):
        return _("text {value}").format(value=repr(shorten(value)))
    if isinstance(value, date | int | float):
        shown = value.isoformat() if isinstance(value, date) else value
        return _("{kind} {value}").format(kind=_type_name(value), value=shown)
    return _type_name(value)


def _short(value: Any) -> Any:
    return shorten(value) if isinstance(value, str) else value


def _kind_name(kind: str) -> str:
    """``task``: a kind of mapping, in the language in use ("add `due:` to this task")."""
    names = {  # in a context of their own: elsewhere "plan" is the whole year, "line" a business line
        "plan": C_("kind", "plan"),
        "check": C_("kind", "check"),
        "report": C_("kind", "report"),
        "weights": C_("kind", "weights"),
        "reschedule": C_("kind", "reschedule"),
        "line": C_("kind", "line"),
        "period": C_("kind", "period"),
        "kpi": C_("kind", "kpi"),
        "task": C_("kind", "task"),
        "log": C_("kind", "log"),
        "ledger": C_("kind", "ledger"),
        "item": C_("kind", "item"),
    }
    return names.get(kind, kind)


def _a(kind: str) -> str:
    """``a task``, ``an item``."""
    if kind in A_KINDS:
        return _(A_KINDS[kind])
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _did_you_mean(key: str, kind: str, fields: Mapping[str, tuple[str, ...]] = FIELDS) -> str:
    allowed = fields[kind]
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return _("did you mean `{key}`?").format(key=close[0])
    return _("{a_kind} may have: {keys}").format(a_kind=_a(kind), keys=", ".join(allowed))


def describe(error: Any, kind: str, fields: Mapping[str, tuple[str, ...]] = FIELDS) -> tuple[str, str]:
    """(message, hint) for one pydantic error dict."""
    loc = error["loc"]
    name = next((str(s) for s in reversed(loc) if isinstance(s, str)), kind)
    value = error.get("input")
    etype = error["type"]
    if etype == "missing":
        return _("missing required key `{key}`").format(key=name), _("add `{key}:` to this {kind}").format(
            key=name, kind=_kind_name(kind)
        )
    if etype == "extra_forbidden":
        return _("unknown key `{key}` in {a_kind}").format(key=name, a_kind=_a(kind)), _did_you_mean(name, kind, fields)
    if etype == "string_type":
        return _string_problem(name, value, item=isinstance(loc[-1], int))
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return (
            _("`{key}` must be a whole number, not {value}").format(key=name, value=_shown(value)),
            _("write digits only, without quotes or a decimal point"),
        )
    if etype.startswith("date") or etype.startswith("datetime"):
        return (
            _("`{key}` must be a date, not {value}").format(key=name, value=_shown(value)),
            _("write dates as YYYY-MM-DD, e.g. 2026-03-31"),
        )
    if etype == "literal_error":
        return (
            _("`{key}` cannot be {value}").format(key=name, value=repr(_short(value))),
            _("use one of: {choices}").format(choices=error["ctx"]["expected"]),
        )
    if etype in ("greater_than_equal", "less_than_equal"):
        return _("`{key}` is {value}, out of range").format(key=name, value=value), _range_hint(name)
    if etype == "string_pattern_mismatch":
        return (
            _("{kind} ID {value} is not allowed").format(
                kind=_kind_name("task" if kind in ("task", "period") else kind), value=repr(_short(value))
            ),
            _("an ID starts with a letter or digit, then letters, digits, '-', '_' or '.', e.g. IM-12"),
        )
    if etype == "string_too_short":
        return _("`{key}` is empty").format(key=name), _("give `{key}` a value, or remove the key").format(key=name)
    if etype == "string_too_long":
        return _("`{key}` is too long").format(key=name), _("keep IDs under 64 characters")
    if etype in ("list_type", "too_short", "too_long"):
        return _list_problem(etype, name, value)
    if etype in ("model_type", "dict_type", "model_attributes_type"):
        return (
            _("expected {a_kind} (`key: value` lines), not {value}").format(a_kind=_a(kind), value=_type_name(value)),
            _("see the {kind} fields in the README").format(kind=_kind_name(kind)),
        )
    if etype == "value_error":
        return str(error["ctx"]["error"]), _(_VALUE_HINTS.get(name, SEE_README)).format(forms=FORMS)
    return error["msg"], _(SEE_README)


def _string_problem(name: str, value: Any, item: bool) -> tuple[str, str]:
    """A value that should be text: quote it (a list item is quoted alone, a key's value with its key)."""
    shown = shorten(str(value))
    if value is None:
        hint = _("give `{key}` a value").format(key=name)
    elif item:
        hint = _('quote it: "{value}"').format(value=shown)
    else:
        hint = _('quote it: {key}: "{value}"').format(key=name, value=shown)
    return _("`{key}` must be text, not {value}").format(key=name, value=_type_name(value)), hint


def _list_problem(etype: str, name: str, value: Any) -> tuple[str, str]:
    """A value that is not a list, or (a reschedule's ``[old, new]`` dates) a list of the wrong length."""
    if etype == "list_type":
        return (
            _("`{key}` must be a list, not {value}").format(key=name, value=_type_name(value)),
            _("write each item on its own `- ` line under `{key}:`").format(key=name),
        )
    return (
        _("`{key}` must hold exactly two dates, the old and the new").format(key=name),
        _("write it as `{key}: [2026-03-31, 2026-04-30]`").format(key=name),
    )


def _range_hint(name: str) -> str:
    if name in ("progress", "at_risk_threshold", "burn_threshold", "kpi_threshold", "yellow", "red", "on_time", "pace"):
        return _("`{key}` is a percentage from 0 to 100").format(key=name)
    return _("check the value of `{key}`").format(key=name)


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
        hint = _("a {kind} file needs at least {keys}").format(kind=_kind_name(top), keys=required)
        return None, [Problem(path, 1, 1, _("the file is empty"), hint)]
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
