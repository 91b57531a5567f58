"""What a plan file may hold: pydantic models for plan.yaml and the business-line files.

Validation is strict: a value must already have the right YAML type (``progress: "50"`` is an
error, not a number), and unknown keys are errors. :mod:`pmtasks.plan.load` turns the errors into
located messages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from difflib import get_close_matches
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from pmtasks.i18n import _
from pmtasks.plan.amounts import DEFAULT_CURRENCY, AmountError, currency_ok, parse_amount, parse_days
from pmtasks.plan.model import DEFAULT_TIMEZONE, WARN_DAYS_MAX, CheckPolicy, Deadlines, FailOn, ReportPolicy
from pmtasks.plan.periods import PeriodError, parse_period

StatusName = Literal["todo", "doing", "done", "blocked", "dropped"]
Percent = Annotated[int, Field(ge=0, le=100)]
TaskId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1)]
DatePair = Annotated[list[dt.date], Field(min_length=2, max_length=2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _amount(value: Any, info: ValidationInfo) -> Decimal | None:
    """Money as people write it (50万, 12.5万元, 80,000), in the plan's currency."""
    if value is None:
        return None
    try:
        return parse_amount(value, (info.context or {}).get("currency", DEFAULT_CURRENCY))
    except AmountError as exc:
        raise ValueError(f"`{info.field_name}`: {exc}") from None


def _days(value: Any, info: ValidationInfo) -> Decimal | None:
    if value is None:
        return None
    try:
        return parse_days(value)
    except AmountError as exc:
        raise ValueError(f"`{info.field_name}`: {exc}") from None


def _quantity(value: Any, info: ValidationInfo) -> Decimal:
    """A KPI's target or actual: a plain number, never negative."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("`{key}` must be a number, e.g. 3 or 12.5").format(key=info.field_name))
    number = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
    if not number.is_finite() or number < 0:
        raise ValueError(
            _("`{key}` is {value}; a KPI's {key} cannot be negative").format(key=info.field_name, value=value)
        )
    return number


class LogSpec(_Strict):
    date: dt.date
    status: StatusName | None = None
    progress: Percent | None = None
    owner: str | None = None
    note: str | None = None
    author: str | None = None
    spent: Decimal | None = None
    effort: Decimal | None = None
    start: DatePair | None = None  # a reschedule: [old date, new date]
    due: DatePair | None = None

    _spent = field_validator("spent", mode="before")(_amount)
    _effort = field_validator("effort", mode="before")(_days)


class TaskSpec(_Strict):
    id: TaskId
    title: Text
    owner: str | None = None
    status: StatusName = "todo"
    progress: Percent = 0
    start: dt.date | None = None
    due: dt.date | None = None
    depends: list[TaskId] = []
    tags: list[Text] = []
    notes: str | None = None
    budget: Decimal | None = None
    spent: Decimal | None = None
    effort: Decimal | None = None
    effort_actual: Decimal | None = None
    log: list[LogSpec] = []

    _money = field_validator("budget", "spent", mode="before")(_amount)
    _effort = field_validator("effort", "effort_actual", mode="before")(_days)


class KpiSpec(_Strict):
    """A measurable target beside a goal: ``{name: 服务方案, target: 1, unit: 份, actual: 0}``."""

    name: Text
    target: Decimal
    unit: Text
    actual: Decimal | None = None
    direction: Literal["up", "down"] = "up"

    _target = field_validator("target", mode="before")(_quantity)

    @field_validator("actual", mode="before")
    @classmethod
    def _actual(cls, value: Any, info: ValidationInfo) -> Decimal | None:
        return None if value is None else _quantity(value, info)

    @field_validator("unit")
    @classmethod
    def _unit_word(cls, value: str) -> str:
        if len(value) > 8 or any(c.isdigit() or c.isspace() for c in value):
            raise ValueError(
                _("unit {value} is not a unit; write the unit alone, e.g. 家, 份, %, 万元 or 天").format(
                    value=repr(value)
                )
            )
        return value


class PeriodSpec(_Strict):
    period: Text
    track: Text | None = None
    goal: Text
    kpis: list[KpiSpec] = []
    resources: list[Text] = []
    tasks: list[TaskSpec] = []

    @field_validator("period")
    @classmethod
    def _known_period(cls, value: str, info: ValidationInfo) -> str:
        year = (info.context or {}).get("year")
        if year is None:  # the loader always says; without a year a period cannot be placed
            return value
        try:
            parse_period(value, year)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None
        return value


class LineFile(_Strict):
    line: Text
    code: Text
    periods: list[PeriodSpec]


class CheckSpec(_Strict):
    """plan.yaml's ``check:`` section: the settings of :class:`pmtasks.plan.model.CheckPolicy`."""

    deadlines: Deadlines = CheckPolicy.deadlines
    fail_on: FailOn = CheckPolicy.fail_on
    warn_days: Annotated[int, Field(ge=0, le=WARN_DAYS_MAX)] = CheckPolicy.warn_days
    at_risk_threshold: Percent = CheckPolicy.at_risk_threshold
    burn_threshold: Percent = CheckPolicy.burn_threshold
    kpi_threshold: Percent = CheckPolicy.kpi_threshold
    effort_threshold: Annotated[int, Field(ge=0, le=1000)] = CheckPolicy.effort_threshold
    verify_days: Annotated[int, Field(ge=0, le=WARN_DAYS_MAX)] = CheckPolicy.verify_days


class WeightsSpec(_Strict):
    on_time: Percent = 60
    pace: Percent = 40

    @field_validator("pace")
    @classmethod
    def _some_weight(cls, value: int, info: ValidationInfo) -> int:
        if value + info.data.get("on_time", 0) == 0:
            raise ValueError(_("the weights `on_time` and `pace` are both 0, so no unit could score"))
        return value


class ReportSpec(_Strict):
    yellow: Percent = 10
    red: Percent = 30
    memory_months: Annotated[int, Field(ge=0, le=12)] = 1
    top: Annotated[int, Field(ge=0, le=100)] = 3
    bottom: Annotated[int, Field(ge=0, le=100)] = 3
    weights: WeightsSpec = WeightsSpec()
    force_majeure: list[Text] = ["不可抗力"]

    @field_validator("red")
    @classmethod
    def _red_after_yellow(cls, value: int, info: ValidationInfo) -> int:
        yellow = info.data.get("yellow")
        if yellow is not None and value < yellow:
            raise ValueError(
                _("`red` ({red}) is below `yellow` ({yellow}); red must be the larger lag").format(
                    red=value, yellow=yellow
                )
            )
        return value

    def policy(self) -> ReportPolicy:
        """These settings as the reports use them."""
        w, words = self.weights, tuple(self.force_majeure)
        return ReportPolicy(self.yellow, self.red, self.memory_months, self.top, self.bottom, w.on_time, w.pace, words)


class RescheduleSpec(_Strict):
    reason: Literal["required", "optional"] = "required"
    max: Annotated[int, Field(ge=0, le=100)] | None = None


class PlanFile(_Strict):
    title: Text
    year: Annotated[int, Field(ge=1900, le=2999)]
    org: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    currency: str = DEFAULT_CURRENCY
    lang: Literal["en", "zh-CN"] | None = None
    kpis: list[KpiSpec] = []
    check: CheckSpec = CheckSpec()
    report: ReportSpec = ReportSpec()
    reschedule: RescheduleSpec = RescheduleSpec()

    @field_validator("currency")
    @classmethod
    def _currency_word(cls, value: str) -> str:
        if not currency_ok(value):
            raise ValueError(
                _("currency {value} is not a currency unit; write a short word such as 元 or 美元").format(
                    value=repr(value)
                )
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        if not known_timezone(value):
            raise ValueError(
                _("{value} is not an IANA timezone; {hint}").format(value=repr(value[:64]), hint=timezone_hint(value))
            )
        return value


def known_timezone(name: str) -> bool:
    """True when ``name`` names a timezone (not a folder of them, not a path, not too long)."""
    if len(name) > 64 or not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # a folder such as Asia is an OSError
        return False
    return True


def timezone_hint(name: str) -> str:
    """``did you mean Asia/Shanghai?`` for a region, a near miss or anything else."""
    names = available_timezones()
    inside = sorted(n for n in names if n.casefold().startswith(name.casefold() + "/"))
    close = [n for n in _USUAL if n in inside] or inside[:3] or get_close_matches(name[:64], names, n=3)
    if close:
        return _("did you mean {ids}?").format(ids=", ".join(close))
    return _("use an IANA name such as Asia/Shanghai")


_USUAL = ("Asia/Shanghai", "America/New_York", "Europe/London", "Africa/Cairo", "Australia/Sydney")


FIELDS: dict[str, tuple[str, ...]] = {
    "plan": tuple(PlanFile.model_fields),
    "check": tuple(CheckSpec.model_fields),
    "report": tuple(ReportSpec.model_fields),
    "weights": tuple(WeightsSpec.model_fields),
    "reschedule": tuple(RescheduleSpec.model_fields),
    "line": tuple(LineFile.model_fields),
    "period": tuple(PeriodSpec.model_fields),
    "kpi": tuple(KpiSpec.model_fields),
    "task": tuple(TaskSpec.model_fields),
    "log": tuple(LogSpec.model_fields),
}
