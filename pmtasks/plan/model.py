"""The plan as the rest of pmtasks sees it: plain, immutable values with their places in the files.

These are built by :mod:`pmtasks.plan.load` once the files have been validated against
:mod:`pmtasks.plan.schema`; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from pmtasks.plan.periods import Period


class Status(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"

    @property
    def closed(self) -> bool:
        """Done and dropped tasks can no longer be late."""
        return self in (Status.DONE, Status.DROPPED)


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a plan file: the path as given to the loader, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class LogEntry:
    date: date
    status: Status | None = None
    progress: int | None = None
    owner: str | None = None
    note: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Task:
    """A task with everything it inherits from its period and business line."""

    id: str
    title: str
    status: Status
    progress: int
    start: date
    due: date
    line: str
    period: Period
    loc: Loc
    owner: str | None = None
    track: str | None = None
    depends: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str | None = None
    log: tuple[LogEntry, ...] = ()
    explicit_start: bool = False
    explicit_due: bool = False
    field_locs: tuple[tuple[str, Loc], ...] = ()

    def at(self, name: str) -> Loc:
        """Where the task's ``name`` key stands in its file; the task itself when it has none."""
        return dict(self.field_locs).get(name, self.loc)


@dataclass(frozen=True)
class PeriodBlock:
    """One period (完成时限) of a business line, with its goal, resources and tasks."""

    period: Period
    goal: str
    loc: Loc
    track: str | None = None
    resources: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class Line:
    """A business line (核心业务板块): one file of the plan."""

    name: str
    code: str
    path: str
    periods: tuple[PeriodBlock, ...]
    loc: Loc

    @property
    def tasks(self) -> Iterator[Task]:
        for block in self.periods:
            yield from block.tasks


@dataclass(frozen=True)
class CheckPolicy:
    """The ``check:`` settings of plan.yaml; command-line options override them."""

    deadlines: str = "error"
    fail_on: str = "error"
    warn_days: int = 14
    at_risk_threshold: int = 20


@dataclass(frozen=True)
class Plan:
    title: str
    year: int
    timezone: str
    lines: tuple[Line, ...]
    root: str
    org: str | None = None
    check: CheckPolicy = field(default_factory=CheckPolicy)

    @property
    def tasks(self) -> Iterator[Task]:
        for line in self.lines:
            yield from line.tasks

    def find(self, task_id: str) -> Task | None:
        """The task with this ID, compared without regard to case."""
        wanted = task_id.strip().casefold()
        return next((t for t in self.tasks if t.id.casefold() == wanted), None)
