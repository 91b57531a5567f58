"""What one plan file yields on its own: its business line (or plan.yaml's settings) and its problems.

This is the part of loading that the cache of :mod:`pmtasks.plan.cache` can skip: the YAML parser,
the schema and the validator are imported only when a file must be read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from pmtasks.errors import Problem
from pmtasks.plan.integrity import own_checks
from pmtasks.plan.kpis import kpis
from pmtasks.plan.model import (
    CheckPolicy,
    Kpi,
    Line,
    Loc,
    LogEntry,
    PeriodBlock,
    Plan,
    ReportPolicy,
    ReschedulePolicy,
    Status,
    Task,
)
from pmtasks.plan.periods import Period, PeriodError, parse_period

if TYPE_CHECKING:
    from pmtasks.plan.schema import LineFile, PeriodSpec, TaskSpec
    from pmtasks.plan.yamlread import Located

TASK_KEYS = (
    "id",
    "title",
    "owner",
    "status",
    "progress",
    "start",
    "due",
    "depends",
    "tags",
    "notes",
    "budget",
    "spent",
    "effort",
    "effort_actual",
    "log",
)  # a task's keys, as the schema lists them


def _read(data: bytes, path: str) -> Located:
    from pmtasks.plan.yamlread import Located, decode, read_yaml

    text, problem = decode(data, path)
    if text is None:
        return Located(problems=[problem] if problem else [])
    return read_yaml(text, path)


@dataclass(frozen=True)
class Head:
    """What plan.yaml says, once it is valid."""

    title: str
    year: int
    timezone: str
    org: str | None
    check: CheckPolicy
    currency: str
    kpis: tuple[Kpi, ...]
    report: ReportPolicy
    reschedule: ReschedulePolicy
    lang: str | None = None

    def plan(self, lines: tuple[Line, ...], root: str) -> Plan:
        """The plan of these settings and business lines, as the loader makes it."""
        return Plan(
            self.title,
            self.year,
            self.timezone,
            lines,
            root,
            self.org,
            self.check,
            self.currency,
            self.kpis,
            self.report,
            self.reschedule,
            lang=self.lang,
        )


@dataclass(frozen=True)
class FileResult:
    """What one file of the plan yields on its own: what the cache keeps for it.

    ``line`` is a valid business line, or the sound tasks salvaged from an invalid one;
    ``names`` is the line's name and code and where they stand (valid files only).
    """

    problems: tuple[Problem, ...] = ()
    head: Head | None = None
    line: Line | None = None
    names: tuple[str, str, Loc, Loc] | None = None


def file_result(data: bytes, path: str, kind: str, year: int | None, currency: str) -> FileResult:
    from pmtasks.plan.schema import LineFile, PlanFile
    from pmtasks.plan.validate import validate

    located = _read(data, path)
    problems = list(located.problems)
    if located.data is None and located.problems:
        return FileResult(tuple(problems))
    if kind == "plan":
        spec, found = validate(PlanFile, located, path, "plan", {})
        problems += found
        head = None
        if isinstance(spec, PlanFile):
            policy = CheckPolicy(**spec.check.model_dump())
            plan_kpis = kpis(spec.kpis, located, path, ())
            head = Head(
                spec.title,
                spec.year,
                spec.timezone,
                spec.org,
                policy,
                spec.currency,
                plan_kpis,
                spec.report.policy(),
                ReschedulePolicy(**spec.reschedule.model_dump()),
                spec.lang,
            )
        return FileResult(tuple(problems), head=head)
    if year is None:  # no year to read the periods in: the file is only checked to be YAML
        return FileResult(tuple(problems))
    line, found = validate(LineFile, located, path, "line", {"year": year, "currency": currency})
    problems += found
    if isinstance(line, LineFile):
        names = (line.line, line.code, _loc(located, path, ("line",)), _loc(located, path, ("code",)))
        built = build_line(line, located, path, year)
        return FileResult((*problems, *task_problems(built)), line=built, names=names)
    salvaged = _salvage(located, path, year)
    return FileResult((*problems, *task_problems(salvaged)), line=salvaged)


def task_problems(line: Line | None) -> list[Problem]:
    """The problems each task of ``line`` has on its own (its dates, its progress): part of the file's result."""
    return [p for task in line.tasks for p in own_checks(task)] if line is not None else []


def _loc(located: Located, path: str, at: tuple[str | int, ...]) -> Loc:
    line, col = located.where(at)
    return Loc(path, line, col)


def build_line(spec: LineFile, located: Located, path: str, year: int) -> Line:
    blocks = []
    for p_index, pspec in enumerate(spec.periods):
        at = ("periods", p_index)
        period = parse_period(pspec.period, year)
        raw = located.data["periods"][p_index].get("tasks") or ()  # a period may have no tasks
        tasks = tuple(
            build_task(t, period, pspec.track, spec.line, task_locs(located, path, at + ("tasks", i), raw[i]), pspec)
            for i, t in enumerate(pspec.tasks)
        )
        blocks.append(
            PeriodBlock(
                period,
                pspec.goal,
                _loc(located, path, at),
                pspec.track,
                tuple(pspec.resources),
                tasks,
                kpis(pspec.kpis, located, path, at),
            )
        )
    return Line(spec.line, spec.code, path, tuple(blocks), Loc(path, 1, 1))


def task_locs(
    located: Located, path: str, at: tuple[str | int, ...], raw: Mapping[str, object]
) -> tuple[Loc, tuple[str | int, ...]]:
    """The task's own place, and where each of its keys (those in ``raw``, its mapping) stands,
    as :attr:`Task.field_locs` holds them: key, lines below the task's line, column."""
    found = located.keys
    loc = _loc(located, path, at)
    keys: list[str | int] = []
    for name in TASK_KEYS:
        if name in raw:
            line, col = found[at + (name,)]
            keys += (name, line - loc.line, col)
    return loc, tuple(keys)


def _salvage(located: Located, path: str, year: int) -> Line | None:
    """The tasks of an invalid line file that are valid on their own.

    Their problems are already reported; keeping the sound tasks lets the checks across the
    plan (duplicate IDs, dependencies, dates) report everything else in the same run.
    """
    from pydantic import ValidationError

    from pmtasks.plan.schema import TaskSpec

    data = located.data
    if not isinstance(data, dict) or not isinstance(data.get("periods"), list):
        return None
    name = data["line"] if isinstance(data.get("line"), str) else path
    blocks = []
    for p_index, block in enumerate(data["periods"]):
        try:
            period = parse_period(block["period"], year)
        except (TypeError, KeyError, AttributeError, PeriodError):
            continue
        track = block.get("track") if isinstance(block.get("track"), str) else None
        at = ("periods", p_index)
        tasks = []
        for t_index, raw in enumerate(block.get("tasks") or () if isinstance(block.get("tasks"), list) else ()):
            try:
                spec = TaskSpec.model_validate(raw)
            except ValidationError:
                continue
            tasks.append(build_task(spec, period, track, name, task_locs(located, path, at + ("tasks", t_index), raw)))
        blocks.append(PeriodBlock(period, "", _loc(located, path, at), track, (), tuple(tasks)))
    return Line(name, "", path, tuple(blocks), Loc(path, 1, 1))


def build_task(
    t: TaskSpec,
    period: Period,
    track: str | None,
    line: str,
    locs: tuple[Loc, tuple[str | int, ...]],
    block: PeriodSpec | None = None,
) -> Task:
    loc, field_locs = locs
    log = tuple(
        LogEntry(
            _one(e.date),
            Status(e.status) if e.status else None,
            e.progress,
            _shared(e.owner),
            _shared(e.note),
            _shared(e.author),
            e.spent,
            e.effort,
            _pair(e.start),
            _pair(e.due),
        )
        for e in t.log
    )
    return Task(
        id=t.id,
        title=t.title,
        status=Status(t.status),
        progress=t.progress,
        start=_one(t.start) if t.start else period.start,
        due=_one(t.due) if t.due else period.end,
        line=line,
        period=period,
        loc=loc,
        owner=_shared(t.owner),
        track=track,
        goal=block.goal if block else "",
        resources=_shared_tuple(block.resources) if block else (),
        depends=tuple(t.depends),
        tags=_shared_tuple(t.tags),
        notes=t.notes,
        log=log,
        budget=t.budget,
        spent=t.spent,
        effort=t.effort,
        effort_actual=t.effort_actual,
        explicit_start=t.start is not None,
        explicit_due=t.due is not None,
        field_locs=field_locs,
    )


# Owners, tags, resources, log authors and dates repeat across a plan's tasks: one object each
# (the same value) makes a plan of thousands of tasks lighter, and its cache entries read
# faster, since pickling writes a repeated object once.
_SHARED: dict[object, object] = {}  # each text, tuple of texts and date met, kept once
_T = TypeVar("_T")


def _shared(text: str | None) -> str | None:
    return None if text is None else _one(text)


def _shared_tuple(values: Sequence[str]) -> tuple[str, ...]:
    return _one(tuple([_one(v) for v in values]))


def _one(value: _T) -> _T:
    if len(_SHARED) > 65536:
        _SHARED.clear()  # a bound for long runs (the history of many revisions)
    return _SHARED.setdefault(value, value)  # type: ignore[return-value]


def _pair(days: list[date] | None) -> tuple[date, date] | None:
    return (days[0], days[1]) if days else None
