"""What add, drop, reschedule, edit and move change in a plan, and how the plan must read back.

Pure: a :class:`Plan` and the user's request in, :class:`Step` values out (one per task).
:mod:`pmtasks.write.transaction` turns them into text edits, under the lock, and checks the
edited files against :func:`expected_outline`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from pmtasks.errors import UsageError
from pmtasks.i18n import _
from pmtasks.plan.model import Line, LogEntry, PeriodBlock, Plan, Status, Task
from pmtasks.plan.periods import FORMS, MAX_YEARS_AWAY, PeriodError, parse_period
from pmtasks.write.blocks import Revision
from pmtasks.write.edits import WriteRefused
from pmtasks.write.yamledit import Value

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
MAX_ID_NUMBER = 99_999  # the number that ends a task ID (IM-12); a larger one is a typing mistake
_ID_NUMBER = re.compile(r"(\d+)$")
Facts = tuple[Any, ...]


@dataclass(frozen=True)
class Place:
    """A period of a business-line file: the file and the period's index in it."""

    path: str
    index: int
    label: str
    line: str
    new: tuple[str, str, str | None] | None = None  # a period to add: (label, goal, track)


@dataclass(frozen=True)
class Step:
    """One task's part of a command: what to write, and what the task must read back as."""

    task_id: str
    said: str
    expected: Facts
    source: str | None = None  # the file the task is in now (None: a new task)
    target: Place | None = None  # where it goes (a new or moved task)
    revision: Revision | None = None
    fields: tuple[tuple[str, Value], ...] = ()  # a new task's keys
    entry: tuple[tuple[str, Value], ...] = ()  # a new task's first log entry
    record: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def facts(task: Task) -> Facts:
    """A task as written: what its keys say, not where it stands or what it inherits."""
    return (
        task.id,
        task.title,
        task.status,
        task.progress,
        task.owner,
        task.start if task.explicit_start else None,
        task.due if task.explicit_due else None,
        task.depends,
        task.tags,
        task.notes,
        task.log,
        (task.budget, task.spent, task.effort, task.effort_actual),
    )


def outline(plan: Plan) -> dict[str, Any]:
    """Every file's business line and periods, each with its tasks' facts in order."""
    head = (plan.title, plan.year, plan.timezone, plan.org, plan.check, plan.reschedule, plan.currency, plan.kpis)
    out: dict[str, Any] = {"head": head}
    for line in plan.lines:
        out[line.path] = [(line.name, line.code)] + [
            [(b.period.label, b.goal, b.track, b.resources, b.kpis), *[facts(t) for t in b.tasks]] for b in line.periods
        ]
    return out


def expected_outline(plan: Plan, steps: Sequence[Step]) -> dict[str, Any]:
    """:func:`outline` of ``plan`` once ``steps`` are written."""
    out = outline(plan)
    for step in steps:
        slot = _slot(out, step.source, step.task_id) if step.source else None
        if slot is not None and step.target is None:
            out[slot[0]][slot[1]][slot[2]] = step.expected
            continue
        if slot is not None:
            del out[slot[0]][slot[1]][slot[2]]
        target = step.target
        assert target is not None
        if target.new is not None and len(out[target.path]) == target.index + 1:
            out[target.path].append([(target.new[0], target.new[1], target.new[2], (), ())])
        out[target.path][target.index + 1].append(step.expected)
    return out


def _slot(out: dict[str, Any], path: str, task_id: str) -> tuple[str, int, int] | None:
    for p, block in enumerate(out[path][1:], start=1):
        for i, item in enumerate(block[1:], start=1):
            if item[0].casefold() == task_id.casefold():
                return path, p, i
    return None


def find_line(plan: Plan, name: str) -> Line:
    wanted = name.strip().casefold()
    for line in plan.lines:
        if wanted in (line.name.casefold(), line.code.casefold()):
            return line
    known = ", ".join(f"{line.code} ({line.name})" for line in plan.lines)
    raise UsageError(_("no business line {name}; the plan's lines are: {known}").format(name=repr(name), known=known))


def find_period(plan: Plan, line: Line, label: str, track: str | None) -> Place:
    """The period of ``line`` named ``label`` (or covering the same days), in ``track`` if given."""
    try:
        wanted = parse_period(label.strip(), plan.year)
    except PeriodError as exc:
        raise UsageError(period_form(exc)) from None
    found = [
        (i, b)
        for i, b in enumerate(line.periods)
        if (b.period.start, b.period.end) == (wanted.start, wanted.end)
        and (track is None or (b.track or "").casefold() == track.strip().casefold())
    ]
    if len(found) == 1:
        return Place(line.path, found[0][0], found[0][1].period.label, line.name)
    known = ", ".join(_period_name(b) for b in line.periods)
    if found:
        which = ", ".join(_period_name(pair[1]) for pair in found)
        raise UsageError(
            _("{line} has more than one period {period}: {tracks}; say which track").format(
                line=line.code, period=repr(label), tracks=which
            )
        )
    text = (
        _("{code} has no period {label} in track {track}; its periods are: {known}. {how}")
        if track
        else _("{code} has no period {label}; its periods are: {known}. {how}")
    )
    how = _("A new period is added with its goal: `pmtasks add --help` shows how")
    raise UsageError(text.format(code=line.code, label=repr(label), track=repr(track), known=known, how=how))


def period_form(exc: PeriodError) -> str:
    """A period that does not parse, and the forms a period takes."""
    return _("{problem}; a period looks like one of: {forms}").format(problem=exc, forms=FORMS)


def _period_name(block: PeriodBlock) -> str:
    return f"{block.period.label} ({block.track})" if block.track else block.period.label


def checked_date(day: date | None, period_year: int, what: str) -> date | None:
    if day is not None and abs(day.year - period_year) > MAX_YEARS_AWAY:
        raise UsageError(
            _("{key} {day} is more than {years} years from the task's period; check the year").format(
                key=what, day=day, years=MAX_YEARS_AWAY
            )
        )
    return day


def log_entry(day: date, author: str | None, **values: Value | None) -> tuple[tuple[str, Value], ...]:
    """A log entry's keys in the order the README lists them, ``author`` last."""
    pairs = [("date", day), *values.items(), ("author", author)]
    return tuple((k, v) for k, v in pairs if v is not None)


def as_log_entry(entry: tuple[tuple[str, Value], ...]) -> LogEntry:
    values: dict[str, Any] = dict(entry)
    if "status" in values:
        values["status"] = Status(values["status"])
    return LogEntry(**values)


def next_id(plan: Plan, code: str) -> str:
    """``code`` and one more than the highest number any ``code-N`` ID has (up to MAX_ID_NUMBER: a
    larger number written into a file by hand does not carry the next IDs past it)."""
    pattern = re.compile(rf"^{re.escape(code)}-(\d+)$", re.IGNORECASE)
    numbers = [n for t in plan.tasks if (m := pattern.match(t.id)) and (n := int(m.group(1))) <= MAX_ID_NUMBER]
    number = max(numbers, default=0) + 1
    if number > MAX_ID_NUMBER:
        raise UsageError(
            _("{code} has used every ID number up to {number}").format(code=code, number=MAX_ID_NUMBER), "id-numbers"
        )
    return f"{code}-{number}"


def checked_id(plan: Plan, task_id: str) -> str:
    value = task_id.strip()
    if not ID_PATTERN.match(value) or len(value) > 64:
        raise UsageError(
            f"task ID {task_id!r} is not allowed; an ID starts with a letter or digit, then letters, "
            "digits, '-', '_' or '.', e.g. IM-12"
        )
    number = _ID_NUMBER.search(value)
    if number is not None and int(number.group(1)) > MAX_ID_NUMBER:
        raise UsageError(
            f"task ID {value!r} is not allowed: the number it ends in is above {MAX_ID_NUMBER}; "
            f"use a number from 0 to {MAX_ID_NUMBER}, e.g. IM-12"
        )
    if (other := plan.find(value)) is not None:
        raise WriteRefused(
            _(
                "task ID {value} is already used by {id} at {place}; choose another ID, "
                "or leave the ID out to get the next free one"
            ).format(value=value, id=other.id, place=other.loc)
        )
    return value


def unique(values: Iterable[str]) -> tuple[str, ...]:
    """``values`` without repeats, compared in any case; the first spelling stays."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.casefold(), value)
    return tuple(seen.values())


def checked_depends(plan: Plan, task_id: str, depends: Iterable[str]) -> tuple[str, ...]:
    """The IDs as the plan spells them; unknown IDs, the task itself and cycles are refused."""
    out: list[str] = []
    for dep in depends:
        found = plan.find(dep)
        if found is None:
            raise WriteRefused(
                _("{id} cannot depend on {dep}: there is no such task; `pmtasks list` shows every ID").format(
                    id=task_id, dep=repr(dep.strip())
                )
            )
        if found.id.casefold() == task_id.casefold():
            raise WriteRefused(_("{id} cannot depend on itself").format(id=task_id))
        if found.id.casefold() not in {o.casefold() for o in out}:
            out.append(found.id)
    return tuple(out)


def refuse_cycle(plan: Plan, task_id: str, depends: Sequence[str]) -> None:
    """Refuse ``depends`` for ``task_id`` when one of them already waits, through others, for it."""
    graph = {t.id.casefold(): [d.casefold() for d in t.depends] for t in plan.tasks}
    graph[task_id.casefold()] = [d.casefold() for d in depends]
    names = {t.id.casefold(): t.id for t in plan.tasks}
    for dep in depends:
        path = _path(graph, dep.casefold(), task_id.casefold())
        if path:
            chain = " → ".join(names.get(k, task_id) for k in [task_id.casefold(), *path])
            raise WriteRefused(
                _(
                    "{id} cannot depend on {dep}: that would make a cycle ({chain}); "
                    "remove a dependency so the chain has a start"
                ).format(id=task_id, dep=dep, chain=chain)
            )


def _path(graph: dict[str, list[str]], start: str, goal: str) -> list[str]:
    stack, seen = [(start, [start])], {start}
    while stack:
        node, path = stack.pop()
        if node == goal:
            return path
        for nxt in graph.get(node, []):
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []


def with_revision(task: Task, revision: Revision) -> Facts:
    """The facts of ``task`` once ``revision`` is written."""
    values: dict[str, Any] = dict(revision.values)
    lists = dict(revision.lists)
    new = replace(
        task,
        title=values.get("title", task.title),
        status=Status(values["status"]) if "status" in values else task.status,
        progress=values.get("progress", task.progress),
        owner=None if "owner" in revision.unset else values.get("owner", task.owner),
        notes=None if "notes" in revision.unset else values.get("notes", task.notes),
        depends=lists.get("depends", task.depends),
        tags=lists.get("tags", task.tags),
        log=(*task.log, as_log_entry(revision.entry)) if revision.entry else task.log,
    )
    start = None if "start" in revision.unset else values.get("start", task.start if task.explicit_start else None)
    due = None if "due" in revision.unset else values.get("due", task.due if task.explicit_due else None)
    out = list(facts(new))
    out[5], out[6] = start, due
    return tuple(out)
