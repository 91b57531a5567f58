"""The plan as the rest of pmtasks sees it: plain, immutable values with their places in the files.

These are built by :mod:`pmtasks.plan.load` once the files have been validated against
:mod:`pmtasks.plan.schema`; nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import MISSING, dataclass, field, fields, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pmtasks.plan.periods import Period

if TYPE_CHECKING:
    from pmtasks.plan.packed import Packed

DEFAULT_TIMEZONE = "Asia/Shanghai"


class Status(StrEnum):
    TODO = "todo"
    DOING = "doing"
    DONE = "done"
    BLOCKED = "blocked"
    DROPPED = "dropped"

    @property
    def closed(self) -> bool:
        """Done and dropped tasks can no longer be late."""
        return self is Status.DONE or self is Status.DROPPED


@dataclass(frozen=True, order=True)
class Loc:
    """A place in a plan file: the path as given to the loader, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


def _lean_state(self: object) -> dict[str, object]:
    """The object's fields without those left at their defaults, which its class holds: what pickling keeps.

    The cache stores thousands of tasks and log entries, most of whose optional fields are empty;
    leaving them out makes reading a cached file about a fifth faster. Unpickled, such an object
    reads those fields from its class, as their defaults, and compares equal to the original.
    """
    defaults = _DEFAULTS.get(type(self))
    if defaults is None:
        defaults = _defaults(type(self))
    return {
        k: v for k, v in vars(self).items() if k not in defaults or type(v) is not type(defaults[k]) or v != defaults[k]
    }


_DEFAULTS: dict[type, dict[str, object]] = {}


def _defaults(cls: type) -> dict[str, object]:
    found = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    _DEFAULTS[cls] = found
    return found


@dataclass(frozen=True)
class LogEntry:
    date: date
    status: Status | None = None
    progress: int | None = None
    owner: str | None = None
    note: str | None = None
    author: str | None = None
    spent: Decimal | None = None
    effort: Decimal | None = None
    start: tuple[dt.date, dt.date] | None = None  # a reschedule: (old, new)
    due: tuple[dt.date, dt.date] | None = None

    __getstate__ = _lean_state

    @property
    def rescheduled(self) -> bool:
        return self.start is not None or self.due is not None


@dataclass(frozen=True)
class Kpi:
    """A measurable target of a period's goal (or of the whole plan), and how far it has come."""

    name: str
    target: Decimal
    unit: str
    loc: Loc
    actual: Decimal | None = None
    direction: str = "up"  # "down": lower is better (成本超支率)


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
    goal: str = ""  # its period's goal and resources
    resources: tuple[str, ...] = ()
    depends: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    notes: str | None = None
    log: tuple[LogEntry, ...] = ()
    budget: Decimal | None = None
    spent: Decimal | None = None
    effort: Decimal | None = None
    effort_actual: Decimal | None = None
    explicit_start: bool = False
    explicit_due: bool = False
    # Where each key written in the file stands, flat: key, lines below the task's own line, column;
    # relative, so a task moved up or down its file keeps them, and flat, so that thousands of
    # tasks read from the cache are thousands fewer objects.
    field_locs: tuple[str | int, ...] = ()

    __getstate__ = _lean_state

    def at(self, name: str) -> Loc:
        """Where the task's ``name`` key stands in its file; the task itself when it has none."""
        places = self.field_locs
        for i in range(0, len(places), 3):
            if places[i] == name:
                return Loc(self.loc.path, self.loc.line + int(places[i + 1]), int(places[i + 2]))
        return self.loc

    def written(self, name: str) -> bool:
        """The task's file writes its ``name`` key."""
        return name in self.field_locs[::3]

    @property
    def records_money(self) -> bool:
        """It records a budget, spending or effort."""
        return (
            self.budget is not None
            or self.spent is not None
            or self.effort is not None
            or self.effort_actual is not None
        )

    @property
    def _searched(self) -> tuple[str, ...]:
        """What ``list --search`` looks in: the ID, title, owner, notes, track, line and tags."""
        return (self.id, self.title, self.owner or "", self.notes or "", self.track or "", self.line, *self.tags)

    @property
    def search_text(self) -> str:
        """The fields a search looks in, case-folded, with NUL between them so that no match spans two."""
        return SEARCH_SEPARATOR.join(self._searched).casefold()

    def matches(self, needle: str) -> bool:
        """``needle`` (case-folded) is in the task's ID, title, owner, notes, track, line or one of its tags."""
        if SEARCH_SEPARATOR in needle:  # then only a field on its own can tell
            return any(needle in f.casefold() for f in self._searched)
        return needle in self.search_text


SEARCH_SEPARATOR = "\0"


@dataclass(frozen=True)
class PeriodBlock:
    """One period (完成时限) of a business line, with its goal, resources and tasks.

    A block read from the cache holds its tasks in their stored form (:mod:`pmtasks.plan.packed`)
    and reads them all the first time ``tasks`` is asked for; its IDs, dependencies and search
    need none of them read, and a search reads only the tasks it finds.
    """

    period: Period
    goal: str
    loc: Loc
    track: str | None = None
    resources: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()
    kpis: tuple[Kpi, ...] = ()

    @property
    def _stored(self) -> Packed | None:
        """Its tasks in their stored form, until they are read."""
        stored: Packed | None = self.__dict__.get("_packed")
        return stored

    @property
    def ids(self) -> tuple[str, ...]:
        """Its tasks' IDs, in order."""
        stored = self._stored
        return stored.ids if stored is not None else tuple(t.id for t in self.tasks)

    @property
    def links(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The ID and dependencies of each of its tasks that depends on another, in order."""
        stored = self._stored
        return stored.links if stored is not None else tuple((t.id, t.depends) for t in self.tasks if t.depends)

    def matching(self, needle: str) -> list[Task]:
        """Its tasks that ``needle`` (case-folded) matches (see :meth:`Task.matches`), in order."""
        stored = self._stored
        if stored is not None and SEARCH_SEPARATOR not in needle:
            return stored.some(stored.matching(needle))
        return [t for t in self.tasks if t.matches(needle)]

    def find(self, folded_id: str) -> Task | None:
        """Its task with this case-folded ID."""
        stored = self._stored
        if stored is None:
            return next((t for t in self.tasks if t.id.casefold() == folded_id), None)
        index = next((i for i, v in enumerate(stored.ids) if v.casefold() == folded_id), None)
        return None if index is None else stored.some([index])[0]

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its tasks in their stored form, which reads back as a block that has not read them."""
        from pmtasks.plan.packed import stored_block

        return stored_block(self)


class _StoredTasks:
    """``PeriodBlock.tasks`` of a block read from the cache: its stored tasks, read on first use and kept.

    A non-data descriptor: a block built with its tasks has them in its own ``__dict__``, which wins.
    """

    def __get__(self, block: PeriodBlock | None, owner: type | None = None) -> tuple[Task, ...]:
        if block is None:
            return ()  # the field's default, as the class had it
        tasks: tuple[Task, ...] = block.__dict__["_packed"].tasks()
        block.__dict__["tasks"] = tasks
        del block.__dict__["_packed"]  # read: the stored form is no longer needed
        return tasks


setattr(PeriodBlock, "tasks", _StoredTasks())  # noqa: B010  (after the dataclass has taken its default)


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


Deadlines = Literal["error", "warn", "off"]
FailOn = Literal["error", "warning", "red"]  # red: errors, and any task that is red
WARN_DAYS_MAX = 366


@dataclass(frozen=True)
class CheckPolicy:
    """The ``check:`` settings: the one definition of their names, values and defaults.

    plan.yaml's ``check:`` section (see :mod:`pmtasks.plan.schema`) and the command-line options
    of ``check`` are built from this; the options override plan.yaml.
    """

    deadlines: Deadlines = "error"  # error, warn (overdue is a warning) or off (no date rules)
    fail_on: FailOn = "error"  # the lowest severity that fails the check (red: also a red task)
    warn_days: int = 14  # due-soon window in days, 0 to WARN_DAYS_MAX
    at_risk_threshold: int = 20  # percentage points behind the elapsed share of the span
    burn_threshold: int = 20  # percentage points the spent share may run ahead of progress
    kpi_threshold: int = 20  # percentage points a KPI's met share may trail its period's pace
    effort_threshold: int = 0  # % over planned person-days before effort is an overrun
    verify_days: int = 14  # days a ledger item may stay done before someone verifies it

    def overridden(
        self, deadlines: Deadlines | None = None, fail_on: FailOn | None = None, warn_days: int | None = None
    ) -> CheckPolicy:
        """This policy with the settings that were given (not None) in their place."""
        return replace(
            self,
            deadlines=self.deadlines if deadlines is None else deadlines,
            fail_on=self.fail_on if fail_on is None else fail_on,
            warn_days=self.warn_days if warn_days is None else warn_days,
        )


@dataclass(frozen=True)
class ReportPolicy:
    """The ``report:`` settings of plan.yaml: the thresholds, list sizes and weights of the reports."""

    yellow: int = 10  # points behind 序时进度 from which a task is yellow
    red: int = 30  # more points behind than this (or overdue) and it is red
    memory_months: int = 1  # a task red at one of the last N month-ends is yellow, never green
    top: int = 3  # the red list: at most this many units from the top
    bottom: int = 3  # the black list: at most this many from the bottom
    on_time_weight: int = 60  # the score's weight on the on-time completion rate
    pace_weight: int = 40  # and on the share of tasks on pace (green)
    force_majeure: tuple[str, ...] = ("不可抗力",)  # log notes naming a reason that exempts


@dataclass(frozen=True)
class ReschedulePolicy:
    """The ``reschedule:`` settings of plan.yaml: is a reason required, how many moves are fine."""

    reason: str = "required"
    max: int | None = None


@dataclass(frozen=True)
class Plan:
    title: str
    year: int
    timezone: str
    lines: tuple[Line, ...]
    root: str
    org: str | None = None
    check: CheckPolicy = field(default_factory=CheckPolicy)
    currency: str = "元"
    kpis: tuple[Kpi, ...] = ()
    report: ReportPolicy = field(default_factory=ReportPolicy)
    reschedule: ReschedulePolicy = field(default_factory=ReschedulePolicy)
    lang: str | None = None  # the language plan.yaml asks its readers' pmtasks to speak

    @property
    def tasks(self) -> Iterator[Task]:
        for line in self.lines:
            yield from line.tasks

    @property
    def records_money(self) -> bool:
        """Any task records a budget, spending or effort (else views show none of it)."""
        return any(t.records_money for t in self.tasks)

    @property
    def has_kpis(self) -> bool:
        """The plan, or a period of one of its lines, sets KPIs."""
        return bool(self.kpis) or any(block.kpis for line in self.lines for block in line.periods)

    def find(self, task_id: str) -> Task | None:
        """The task with this ID, compared without regard to case."""
        wanted = task_id.strip().casefold()
        return next((t for line in self.lines for b in line.periods if (t := b.find(wanted)) is not None), None)

    def block_of(self, task: Task) -> PeriodBlock:
        """The period block that holds ``task`` (by its ID, unique in a plan that loads): its goal, resources, KPIs."""
        return next(b for line in self.lines for b in line.periods if task.id in b.ids)

    def search(self, needle: str) -> Iterator[Task]:
        """The tasks that ``needle`` (case-folded) matches, in plan order (see :meth:`Task.matches`)."""
        for line in self.lines:
            for block in line.periods:
                yield from block.matching(needle)
