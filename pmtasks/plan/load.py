"""Find, read and validate a plan: every problem in every file, located, all at once.

``load_files`` is pure (file names and bytes in, a :class:`Plan` or :class:`PlanInvalid` out),
so plans read from git revisions go through exactly the same checks as those on disk.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from pmtasks.errors import PlanInvalid, PlansNotFound, Problem
from pmtasks.plan.amounts import DEFAULT_CURRENCY
from pmtasks.plan.kpis import duplicate_kpis, kpis
from pmtasks.plan.model import CheckPolicy, Line, Loc, LogEntry, PeriodBlock, Plan, ReschedulePolicy, Status, Task
from pmtasks.plan.periods import MAX_YEARS_AWAY, Period, PeriodError, parse_period
from pmtasks.plan.schema import FIELDS, LineFile, PeriodSpec, PlanFile, TaskSpec
from pmtasks.plan.validate import validate
from pmtasks.plan.yamlread import Located, decode, read_yaml

PLAN_FILE = "plan.yaml"
SUFFIXES = (".yaml", ".yml")


def find_plans(start: Path) -> Path:
    """The nearest ``plans/`` from ``start`` upwards, stopping at the git work tree's root."""
    for folder in (start, *start.parents):
        if (folder / "plans").is_dir():
            return folder / "plans"
        if _is_work_tree_root(folder):
            break
    raise PlansNotFound(
        f"no plans/ directory in {start} or above it (up to the repository root); "
        "run pmtasks inside a plan repository, or pass --plans DIR / set PMTASKS_PLANS"
    )


def _is_work_tree_root(folder: Path) -> bool:
    return (folder / ".git").exists()


def from_work_tree_root(path: str) -> str:
    """``path`` relative to the root of the git work tree around it (unchanged outside one)."""
    full = Path(path).resolve()
    root = next((d for d in full.parents if _is_work_tree_root(d)), None)
    return full.relative_to(root).as_posix() if root else path


def newest_year(names: Iterable[str]) -> str | None:
    """The folder to read among those holding a plan.yaml: the highest year (``2026``), else the last name."""
    return max(names, key=lambda n: (len(n) == 4 and n.isdigit(), n), default=None)


def is_plan_file(name: str) -> bool:
    """A YAML file that is not hidden (editors' and backup tools' dot-files are not plan files)."""
    return name.endswith(SUFFIXES) and not name.startswith(".")


def plan_file_key(name: str) -> tuple[bool, str]:
    """plan.yaml first, then the business-line files in name order."""
    return name != PLAN_FILE, name


def plan_dir(plans: Path) -> Path:
    """The year folder to read: ``plans`` itself if it holds plan.yaml, else its newest year."""
    if plans.is_file():
        raise PlansNotFound(f"{plans} is a file; --plans takes the plans folder (or one year's folder)")
    if not plans.is_dir():
        raise PlansNotFound(f"plans directory {plans} does not exist; pass --plans DIR or set PMTASKS_PLANS")
    if (plans / PLAN_FILE).is_file():
        return plans
    year = newest_year(d.name for d in plans.iterdir() if d.is_dir() and (d / PLAN_FILE).is_file())
    if year is None and any(p.suffix in SUFFIXES for p in plans.iterdir()):
        raise PlansNotFound(f"{plans} holds plan files but no {PLAN_FILE}; add one with `title:` and `year:`")
    if year is None:
        raise PlansNotFound(
            f"{plans} holds no plan: expected {plans}/<year>/{PLAN_FILE}; "
            "see the README's file format section to start one"
        )
    return plans / year


def plan_files(folder: Path) -> list[Path]:
    """plan.yaml first, then the business-line files in name order."""
    names = (p.name for p in folder.iterdir() if p.is_file() and is_plan_file(p.name))
    return [folder / n for n in sorted(names, key=plan_file_key)]


def display(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def load_plan(plans: Path, *, year_hint: int | None = None) -> Plan:
    """Load the plan under ``plans`` (a plans/ folder or one year's folder); see :func:`load_files`."""
    folder = plan_dir(plans)
    files = {display(p): p.read_bytes() for p in plan_files(folder)}
    return load_files(files, display(folder), year_hint=year_hint)


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
    problems += _line_checks(heads) + _cross_checks(lines) + duplicate_kpis(lines, plan_kpis)
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


def _line_checks(heads: list[tuple[str, str, Loc, Loc]]) -> list[Problem]:
    """Business lines are told apart by name and by code (``--line IM``), so both are unique."""
    problems = []
    names: dict[str, Loc] = {}
    codes: dict[str, Loc] = {}
    for name, code, name_loc, code_loc in heads:
        for kind, value, loc, seen in (("name", name, name_loc, names), ("code", code, code_loc, codes)):
            key = value.casefold()
            if key in seen:
                problems.append(
                    Problem(
                        *_at(loc),
                        f"business line {kind} {value!r} is already used at {seen[key]}",
                        f"each business line file needs its own {kind}",
                    )
                )
            seen.setdefault(key, loc)
    return problems


def _cross_checks(lines: Iterable[Line]) -> list[Problem]:
    tasks = [t for line in lines for t in line.tasks]
    problems: list[Problem] = []
    seen: dict[str, Task] = {}
    for task in tasks:
        key = task.id.casefold()
        if key in seen:
            problems.append(
                Problem(
                    *_at(task.loc),
                    f"duplicate task ID {task.id}; it is already used at {seen[key].loc}",
                    "task IDs are unique across the plan; give this task a new ID",
                )
            )
        else:
            seen[key] = task
    for task in tasks:
        problems += _task_checks(task, seen)
    problems += _cycles(tasks, seen)
    return problems


def _at(loc: Loc) -> tuple[str, int, int]:
    return loc.path, loc.line, loc.col


def _task_checks(task: Task, ids: Mapping[str, Task]) -> list[Problem]:
    problems = []
    for dep in task.depends:
        if dep.casefold() not in ids:
            close = difflib.get_close_matches(dep, [t.id for t in ids.values() if t is not task], n=3)
            hint = f"did you mean {', '.join(close)}?" if close else "`pmtasks list` shows every task ID"
            problems.append(Problem(*_at(task.at("depends")), f"{task.id} depends on unknown task {dep}", hint))
    if task.status is Status.DONE and task.progress < 100:
        problems.append(
            Problem(
                *_at(task.at("progress")),
                f"{task.id} is done but its progress is {task.progress}",
                "set progress: 100, or status: doing",
            )
        )
    for name, day in (("start", task.start), ("due", task.due)):
        if abs(day.year - task.period.start.year) > MAX_YEARS_AWAY:
            problems.append(
                Problem(
                    *_at(task.at(name)),
                    f"{task.id} {name} {day} is more than {MAX_YEARS_AWAY} years from its period",
                    "check the year",
                )
            )
    if task.due < task.start:
        field = "due" if task.explicit_due else "start"
        problems.append(
            Problem(
                *_at(task.at(field)),
                f"{task.id} is due {task.due} before it starts {task.start}",
                "set start on or before due (a missing date defaults to the period's bounds)",
            )
        )
    return problems


def _cycles(tasks: list[Task], ids: Mapping[str, Task]) -> list[Problem]:
    """Each dependency cycle once, reported at the task where it is first met."""
    problems = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in tasks:
        stack: list[tuple[Task, int]] = [(root, 0)]
        path: list[Task] = []
        while stack:
            task, index = stack.pop()
            key = task.id.casefold()
            if index == 0:
                if state.get(key):
                    continue
                state[key] = 1
                path.append(task)
            deps = [ids[d.casefold()] for d in task.depends if d.casefold() in ids]
            if index < len(deps):
                stack.append((task, index + 1))
                nxt = deps[index]
                if state.get(nxt.id.casefold()) == 1:
                    cycle = path[[t.id.casefold() for t in path].index(nxt.id.casefold()) :]
                    names = " → ".join(t.id for t in [*cycle, nxt])
                    problems.append(
                        Problem(
                            *_at(cycle[0].loc),
                            f"dependency cycle: {names}",
                            "remove one of these `depends` so the chain has a start",
                        )
                    )
                elif not state.get(nxt.id.casefold()):
                    stack.append((nxt, 0))
            else:
                state[key] = 2
                path.pop()
    return problems
