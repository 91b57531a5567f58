"""Find, read and validate a plan: every problem in every file, located, all at once.

``load_files`` is pure (file names and bytes in, a :class:`Plan` or :class:`PlanInvalid` out),
so plans read from git revisions go through exactly the same checks as those on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from pmtasks.errors import PlanInvalid, Problem
from pmtasks.plan.amounts import DEFAULT_CURRENCY

# Finding the plan on disk lives in discover; these names stay importable from here.
from pmtasks.plan.discover import (
    PLAN_FILE,
    SUFFIXES,
    display,
    find_plans,
    from_work_tree_root,
    is_plan_file,
    newest_year,
    plan_dir,
    plan_file_key,
    plan_files,
)
from pmtasks.plan.integrity import cross_checks, line_checks
from pmtasks.plan.kpis import duplicate_kpis, kpis
from pmtasks.plan.model import CheckPolicy, Line, Loc, LogEntry, PeriodBlock, Plan, ReschedulePolicy, Status, Task
from pmtasks.plan.periods import Period, PeriodError, parse_period
from pmtasks.plan.schema import FIELDS, LineFile, PeriodSpec, PlanFile, TaskSpec
from pmtasks.plan.validate import validate
from pmtasks.plan.yamlread import MAX_FILE_BYTES, Located, decode, read_yaml
from pmtasks.text import shown_name

__all__ = [
    "PLAN_FILE",
    "SUFFIXES",
    "display",
    "find_plans",
    "from_work_tree_root",
    "is_plan_file",
    "load_files",
    "load_plan",
    "newest_year",
    "plan_dir",
    "plan_file_key",
    "plan_files",
]


def load_plan(plans: Path, *, year_hint: int | None = None) -> Plan:
    """Load the plan under ``plans`` (a plans/ folder or one year's folder); see :func:`load_files`."""
    folder = plan_dir(plans)
    files = {display(p): read_capped(p) for p in plan_files(folder)}
    return load_files(files, display(folder), year_hint=year_hint)


def read_capped(path: Path) -> bytes:
    """The file's bytes, but no more than one past the size limit (which is then reported)."""
    with path.open("rb") as file:
        return file.read(MAX_FILE_BYTES + 1)


def _read(data: bytes, path: str) -> Located:
    text, problem = decode(data, path)
    if text is None:
        return Located(problems=[problem] if problem else [])
    return read_yaml(text, path)


@dataclass(frozen=True)
class LineRead:
    """One business-line file on its own: its line (possibly salvaged), its head and its problems."""

    line: Line | None
    head: tuple[str, str, Loc, Loc] | None  # the line's name and code, and where they stand
    problems: tuple[Problem, ...]


def read_line_file(path: str, data: bytes, year: int | None, currency: str = DEFAULT_CURRENCY) -> LineRead:
    """One business-line file, read alone; depends only on its arguments, so callers may reuse it.

    With no ``year`` the file is only checked to be YAML. ``currency`` is the plan's default for money.
    """
    located = _read(data, path)
    problems = list(located.problems)
    if (located.data is None and located.problems) or year is None:
        return LineRead(None, None, tuple(problems))
    spec, found = validate(LineFile, located, path, "line", {"year": year, "currency": currency})
    problems += found
    if isinstance(spec, LineFile):
        head = (spec.line, spec.code, _loc(located, path, ("line",)), _loc(located, path, ("code",)))
        return LineRead(_line(spec, located, path, year), head, tuple(problems))
    return LineRead(_salvage(located, path, year), None, tuple(problems))


def load_files(
    files: Mapping[str, bytes],
    root: str,
    *,
    year_hint: int | None = None,
    read_line: Callable[[str, bytes, int | None, str], LineRead] = read_line_file,
) -> Plan:
    """Validate plan.yaml and each business-line file; raise PlanInvalid with every problem.

    Periods are read in plan.yaml's year. When plan.yaml cannot say, the year folder's name
    is used, else ``year_hint`` (the caller's current year); with neither, the business-line
    files are only checked to be YAML. ``read_line`` reads one business-line file
    (:func:`read_line_file`, or a cache in front of it).
    """
    files = {shown_name(name): data for name, data in files.items()}  # names from git may not be UTF-8
    root = shown_name(root)
    problems: list[Problem] = []
    plan_path = next((p for p in files if Path(p).name == PLAN_FILE), None)
    head: PlanFile | None = None
    located_head = Located()
    if plan_path is None:
        problems.append(
            Problem(
                str(Path(root) / PLAN_FILE),
                1,
                1,
                f"missing {PLAN_FILE}",
                "create it with at least `title:` and `year:`",
            )
        )
    else:
        located_head = located = _read(files[plan_path], plan_path)
        problems += located.problems
        if located.data is not None or not located.problems:
            head, found = validate(PlanFile, located, plan_path, "plan", {})
            problems += found
    year = head.year if head else _guess_year(root, year_hint)
    lines: list[Line] = []
    heads: list[tuple[str, str, Loc, Loc]] = []  # each line's name and code, and where they stand
    for path, data in files.items():
        if path == plan_path:
            continue
        read = read_line(path, data, year, head.currency if head else DEFAULT_CURRENCY)
        problems += read.problems
        lines += [read.line] if read.line else []
        heads += [read.head] if read.head else []
    if not lines and not problems:
        problems.append(
            Problem(
                plan_path or root,
                1,
                1,
                "the plan has no business-line files",
                f"add one YAML file per business line beside {PLAN_FILE}",
            )
        )
    plan_kpis = kpis(head.kpis, located_head, plan_path, ()) if head and plan_path else ()
    problems += line_checks(heads) + cross_checks(lines) + duplicate_kpis(lines, plan_kpis)
    if problems or head is None:
        raise PlanInvalid(problems, root)
    return Plan(
        head.title,
        head.year,
        head.timezone,
        tuple(lines),
        root,
        head.org,
        CheckPolicy(**head.check.model_dump()),
        head.currency,
        plan_kpis,
        head.report.policy(),
        ReschedulePolicy(**head.reschedule.model_dump()),
        lang=head.lang,
    )


def _guess_year(root: str, hint: int | None) -> int | None:
    name = Path(root).name
    return int(name) if name.isdigit() and len(name) == 4 else hint


def _loc(located: Located, path: str, at: tuple[str | int, ...]) -> Loc:
    line, col = located.where(at)
    return Loc(path, line, col)


def _line(spec: LineFile, located: Located, path: str, year: int) -> Line:
    blocks = []
    for p_index, pspec in enumerate(spec.periods):
        at = ("periods", p_index)
        period = parse_period(pspec.period, year)
        tasks = tuple(
            _task(t, period, pspec.track, spec.line, _locs(located, path, at + ("tasks", i)), pspec)
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


def _locs(located: Located, path: str, at: tuple[str | int, ...]) -> tuple[Loc, tuple[tuple[str, Loc], ...]]:
    """The task's own place, and where each of its keys stands."""
    keys = tuple(
        (name, Loc(path, *located.keys[at + (name,)])) for name in FIELDS["task"] if at + (name,) in located.keys
    )
    return _loc(located, path, at), keys


def _salvage(located: Located, path: str, year: int) -> Line | None:
    """The tasks of an invalid line file that are valid on their own.

    Their problems are already reported; keeping the sound tasks lets the checks across the
    plan (duplicate IDs, dependencies, dates) report everything else in the same run.
    """
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
            tasks.append(_task(spec, period, track, name, _locs(located, path, at + ("tasks", t_index))))
        blocks.append(PeriodBlock(period, "", _loc(located, path, at), track, (), tuple(tasks)))
    return Line(name, "", path, tuple(blocks), Loc(path, 1, 1))


def _task(
    t: TaskSpec,
    period: Period,
    track: str | None,
    line: str,
    locs: tuple[Loc, tuple[tuple[str, Loc], ...]],
    block: PeriodSpec | None = None,
) -> Task:
    loc, field_locs = locs
    log = tuple(
        LogEntry(
            e.date,
            Status(e.status) if e.status else None,
            e.progress,
            e.owner,
            e.note,
            e.author,
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
        start=t.start or period.start,
        due=t.due or period.end,
        line=line,
        period=period,
        loc=loc,
        owner=t.owner,
        track=track,
        goal=block.goal if block else "",
        resources=tuple(block.resources) if block else (),
        depends=tuple(t.depends),
        tags=tuple(t.tags),
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


def _pair(days: list[date] | None) -> tuple[date, date] | None:
    return (days[0], days[1]) if days else None
