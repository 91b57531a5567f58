"""Integrity across a plan's files: business lines, task IDs, dependencies, dates and cycles.

Pure: the lines as loaded in, located problems out. :mod:`pmtasks.plan.load` runs these after
each file has been read and validated on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol, TypeVar

from pmtasks.errors import Problem
from pmtasks.i18n import N_, _
from pmtasks.plan.model import Line, Loc, PeriodBlock, Status, Task
from pmtasks.plan.periods import MAX_YEARS_AWAY
from pmtasks.plan.suggest import Suggestions

LINE_CLASH = {
    "name": (
        N_("business line name {value} is already used at {place}"),
        N_("each business line file needs its own name"),
    ),
    "code": (
        N_("business line code {value} is already used at {place}"),
        N_("each business line file needs its own code"),
    ),
}


def line_checks(heads: list[tuple[str, str, Loc, Loc]]) -> list[Problem]:
    """Business lines are told apart by name and by code (``--line IM``), so both are unique."""
    problems = []
    names: dict[str, Loc] = {}
    codes: dict[str, Loc] = {}
    for name, code, name_loc, code_loc in heads:
        for kind, value, loc, seen in (("name", name, name_loc, names), ("code", code, code_loc, codes)):
            key = value.casefold()
            if key in seen:
                message, hint = LINE_CLASH[kind]
                problems.append(Problem(*_at(loc), _(message).format(value=repr(value), place=seen[key]), _(hint)))
            seen.setdefault(key, loc)
    return problems


def cross_checks(lines: Iterable[Line]) -> list[Problem]:
    """Task IDs unique across the plan, every dependency known, no dependency cycle.

    What a task gets wrong on its own (:func:`own_checks`) is part of its file's result instead,
    so it is cached with the file. A sound plan is told apart from its blocks' IDs and
    dependencies alone, without reading its tasks from the cache; only a plan with a problem
    reads them, to say where it is.
    """
    lines = list(lines)
    if _sound([b for line in lines for b in line.periods]):
        return []
    return _located([t for line in lines for t in line.tasks])


class _Link(NamedTuple):
    """A task as the cycle search sees it."""

    id: str
    depends: tuple[str, ...]


def _sound(blocks: list[PeriodBlock]) -> bool:
    """No ID is used twice, every dependency is known and none makes a cycle."""
    ids = [i for b in blocks for i in b.ids]
    known = {i.casefold() for i in ids}
    if len(known) < len(ids):
        return False
    dependents = [_Link(*link) for b in blocks for link in b.links]
    if any(d.casefold() not in known for link in dependents for d in link.depends):
        return False
    # Only a task with dependencies can be on a cycle, so the search needs no other.
    return not cycle_paths(dependents, {link.id.casefold(): link for link in dependents})


def _located(tasks: list[Task]) -> list[Problem]:
    """The problems of :func:`cross_checks`, each where it is."""
    keys = [t.id.casefold() for t in tasks]
    seen = dict(zip(keys, tasks, strict=True))
    problems: list[Problem] = []
    if len(seen) < len(tasks):
        seen = {}
        for key, task in zip(keys, tasks, strict=True):
            if key in seen:
                problems.append(
                    Problem(
                        *_at(task.loc),
                        _("duplicate task ID {id}; it is already used at {place}").format(
                            id=task.id, place=seen[key].loc
                        ),
                        _("task IDs are unique across the plan; give this task a new ID"),
                    )
                )
            else:
                seen[key] = task
    dependents = [t for t in tasks if t.depends]
    suggest: Suggestions | None = None
    for task in dependents:
        for dep in task.depends:
            if dep.casefold() not in seen:
                suggest = suggest or Suggestions(t.id for t in seen.values())
                message = _("{id} depends on unknown task {dep}").format(id=task.id, dep=dep)
                problems.append(Problem(*_at(task.at("depends")), message, suggest.hint(dep, task.id)))
    problems += cycles(dependents, seen)
    return problems


def _at(loc: Loc) -> tuple[str, int, int]:
    return loc.path, loc.line, loc.col


def own_checks(task: Task) -> list[Problem]:
    """The problems a task has on its own, whatever the rest of the plan holds."""
    start, due, year = task.start, task.due, task.period.start.year
    if (
        start <= due
        and (task.progress >= 100 or task.status is not Status.DONE)
        and abs(start.year - year) <= MAX_YEARS_AWAY
        and abs(due.year - year) <= MAX_YEARS_AWAY
    ):
        return []  # the usual task, told apart at once: the loader runs this for every task
    problems = []
    if task.status is Status.DONE and task.progress < 100:
        problems.append(
            Problem(
                *_at(task.at("progress")),
                _("{id} is done but its progress is {progress}").format(id=task.id, progress=task.progress),
                _("set progress: 100, or status: doing"),
            )
        )
    for name, day in (("start", task.start), ("due", task.due)):
        if abs(day.year - task.period.start.year) > MAX_YEARS_AWAY:
            problems.append(
                Problem(
                    *_at(task.at(name)),
                    _("{id} {key} {day} is more than {years} years from its period").format(
                        id=task.id, key=name, day=day, years=MAX_YEARS_AWAY
                    ),
                    _("check the year"),
                )
            )
    if task.due < task.start:
        field = "due" if task.explicit_due else "start"
        problems.append(
            Problem(
                *_at(task.at(field)),
                _("{id} is due {due} before it starts {start}").format(id=task.id, due=task.due, start=task.start),
                _("set start on or before due (a missing date defaults to the period's bounds)"),
            )
        )
    return problems


def cycles(tasks: list[Task], ids: Mapping[str, Task]) -> list[Problem]:
    """Each dependency cycle once, reported at the task where it is first met."""
    return [
        Problem(
            *_at(path[0].loc),
            _("dependency cycle: {ids}").format(ids=" → ".join(t.id for t in path)),
            _("remove one of these `depends` so the chain has a start"),
        )
        for path in cycle_paths(tasks, ids)
    ]


class Linked(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def depends(self) -> tuple[str, ...]: ...


_L = TypeVar("_L", bound=Linked)


def cycle_paths(tasks: Sequence[_L], ids: Mapping[str, _L]) -> list[list[_L]]:
    """Each dependency cycle once, from the task where it is first met round to it again.

    ``ids`` holds every task by its case-folded ID; dependencies it lacks are left out.
    """
    found: list[list[_L]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    for root in tasks:
        if not root.depends:
            continue  # on no cycle, and its state never matters: it is finished as soon as it is met
        stack: list[tuple[_L, int]] = [(root, 0)]
        path: list[_L] = []
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
                    found.append([*cycle, nxt])
                elif not state.get(nxt.id.casefold()):
                    stack.append((nxt, 0))
            else:
                state[key] = 2
                path.pop()
    return found
