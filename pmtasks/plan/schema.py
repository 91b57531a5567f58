"""What a plan file may hold: pydantic models for plan.yaml and the business-line files.

Validation is strict: a value must already have the right YAML type (``progress: "50"`` is an
error, not a number), and unknown keys are errors. :mod:`pmtasks.plan.load` turns the errors into
located messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from pmtasks.plan.model import WARN_DAYS_MAX, CheckPolicy, Deadlines, FailOn
from pmtasks.plan.periods import PeriodError, parse_period

StatusName = Literal["todo", "doing", "done", "blocked", "dropped"]
Percent = Annotated[int, Field(ge=0, le=100)]
TaskId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1)]
DEFAULT_TIMEZONE = "Asia/Shanghai"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LogSpec(_Strict):
    date: dt.date
    status: StatusName | None = None
    progress: Percent | None = None
    owner: str | None = None
    note: str | None = None
    author: str | None = None


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
    log: list[LogSpec] = []


class PeriodSpec(_Strict):
    period: Text
    track: Text | None = None
    goal: Text
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


class PlanFile(_Strict):
    title: Text
    year: Annotated[int, Field(ge=1900, le=2999)]
    org: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    check: CheckSpec = CheckSpec()

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r}; use an IANA name such as Asia/Shanghai") from None
        return value


FIELDS: dict[str, tuple[str, ...]] = {
    "plan": tuple(PlanFile.model_fields),
    "check": tuple(CheckSpec.model_fields),
    "line": tuple(LineFile.model_fields),
    "period": tuple(PeriodSpec.model_fields),
    "task": tuple(TaskSpec.model_fields),
    "log": tuple(LogSpec.model_fields),
}
