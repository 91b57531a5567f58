"""What a ledger file may hold: one source (a meeting or an inspection) and its items.

Strict like the plan files: values must already have the right YAML type and unknown keys are
errors. :mod:`pmtasks.ledger.load` turns the errors into located messages.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from pmtasks.plan.schema import TaskId, Text

KindName = Literal["decision", "rectification"]
ItemStatusName = Literal["open", "doing", "done", "verified", "dropped"]
Evidence = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ItemLogSpec(_Strict):
    date: dt.date
    status: ItemStatusName | None = None
    note: str | None = None
    author: str | None = None


class ItemSpec(_Strict):
    id: TaskId
    kind: KindName
    title: Text
    owner: Text
    due: dt.date
    acceptance: Text
    measures: Text | None = None
    tasks: list[TaskId] = []
    status: ItemStatusName = "open"
    evidence: list[Evidence] = []
    verified_by: Text | None = None
    verified_on: dt.date | None = None
    log: list[ItemLogSpec] = []


class LedgerFile(_Strict):
    meeting: Text | None = None
    inspection: Text | None = None
    date: dt.date
    code: Text | None = None
    items: list[ItemSpec] = []


FIELDS: dict[str, tuple[str, ...]] = {
    "ledger": tuple(LedgerFile.model_fields),
    "item": tuple(ItemSpec.model_fields),
    "log": tuple(ItemLogSpec.model_fields),
}
PARENTS = {"items": "item", "log": "log"}
