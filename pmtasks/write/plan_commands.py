"""The decisions of add, drop, reschedule, edit and move: a plan and a request in, steps out.

Pure, like :mod:`pmtasks.write.edits`: every refusal is raised here, before any file is touched.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pmtasks.errors import UsageError
from pmtasks.i18n import _
from pmtasks.plan.model import Line, Plan, Status, Task
from pmtasks.plan.periods import Period, PeriodError, parse_period
from pmtasks.query import task_by_id
from pmtasks.text import clean
from pmtasks.write.blocks import Revision
from pmtasks.write.edits import WriteRefused, checked_text
from pmtasks.write.plan_steps import (
    Place,
    Step,
    as_log_entry,
    checked_date,
    checked_depends,
    checked_id,
    facts,
    find_line,
    find_period,
    log_entry,
    next_id,
    period_form,
    unique,
    with_revision,
)
from pmtasks.write.yamledit import Value


@dataclass(frozen=True)
class Who:
    """The log entry's date and author."""

    day: date
    author: str | None


@dataclass(frozen=True)
class NewTask:
    """``pmtasks add`` as given."""

    title: str
    line: str
    period: str
    track: str | None = None
    task_id: str | None = None
    owner: str | None = None
    start: date | None = None
    due: date | None = None
    depends: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str | None = None


def add_task(plan: Plan, ask: NewTask, who: Who) -> Step:
    """A new task at the end of its period; its ID is the line's code and the next free number."""
    line = find_line(plan, ask.line)
    place = find_period(plan, line, ask.period, ask.track)
    block = line.periods[place.index]
    return _new_task(plan, ask, who, line, place, block.period)


def add_to_new_period(plan: Plan, ask: NewTask, goal: str, who: Who) -> Step:
    """A new period after the line's last one, holding the new task."""
    line = find_line(plan, ask.line)
    text = checked_text(goal, "goal")
    track = checked_text(ask.track, "track")
    try:
        period = parse_period(ask.period.strip(), plan.year)
    except PeriodError as exc:
        raise UsageError(period_form(exc)) from None
    for block in line.periods:
        if (block.period.start, block.period.end, block.track) == (period.start, period.end, track):
            raise UsageError(
                f"{line.code} already has period {block.period.label}; add the task to it instead of making a new one"
            )
    assert text is not None
    place = Place(line.path, len(line.periods), period.label, line.name, (period.label, text, track))
    return _new_task(plan, ask, who, line, place, period)


def _new_task(plan: Plan, ask: NewTask, who: Who, line: Line, place: Place, period: Period) -> Step:
    title = checked_text(ask.title, "title")
    assert title is not None
    task_id = checked_id(plan, ask.task_id) if ask.task_id else next_id(plan, line.code)
    owner = checked_text(ask.owner, "owner")
    tags = unique(t for t in (checked_text(tag, "tag") for tag in ask.tags) if t)
    depends = checked_depends(plan, task_id, ask.depends)
    year = period.start.year
    start, due = checked_date(ask.start, year, "start"), checked_date(ask.due, year, "due")
    if (due or period.end) < (start or period.start):
        raise UsageError(
            _("{id} would be due {due} before it starts {start}; give a due date on or after the start").format(
                id=task_id, due=due or period.end, start=start or period.start
            )
        )
    note = checked_text(ask.note, "note")
    pairs: list[tuple[str, Value | None]] = [
        ("id", task_id),
        ("title", title),
        ("owner", owner),
        ("start", start),
        ("due", due),
        ("depends", depends or None),
        ("tags", tags or None),
    ]
    values = tuple((k, v) for k, v in pairs if v is not None)
    entry = log_entry(who.day, who.author, status="todo", note=note)
    expected = (
        task_id,
        title,
        Status.TODO,
        0,
        owner,
        start,
        due,
        depends,
        tags,
        None,
        (as_log_entry(entry),),
        (None,) * 4,
    )
    warnings = _outside(task_id, due, period.label, period.start, period.end)
    return Step(
        task_id,
        clean(f"{task_id} added to {line.code} {place.label}"),
        expected,
        target=place,
        fields=values,
        entry=entry,
        warnings=warnings,
        record={
            "id": task_id,
            "action": "added",
            "line": line.name,
            "period": place.label,
            "file": place.path,
            "fields": {k: _json(v) for k, v in values},
        },
    )


def drop(plan: Plan, ids: Sequence[str], reason: str | None, force: bool, who: Who) -> list[Step]:
    """Each task becomes dropped, with the reason in its log; a task others need is refused."""
    note = checked_text(reason, "reason")
    if note is None:
        raise UsageError(
            _("a dropped task needs a reason: `pmtasks drop {ids} --reason TEXT`").format(ids=" ".join(ids))
        )
    tasks = _unique([task_by_id(plan, i) for i in ids])
    going = {t.id.casefold() for t in tasks}
    steps = []
    for task in tasks:
        if task.status is Status.DROPPED:
            raise WriteRefused(_("{id} is already dropped; nothing was changed").format(id=task.id))
        needed = [
            t.id
            for t in plan.tasks
            if t.id.casefold() not in going
            and not t.status.closed
            and task.id.casefold() in {d.casefold() for d in t.depends}
        ]
        if needed and not force:
            raise WriteRefused(
                _(
                    "{id} is needed by {ids} (they depend on it); nothing was changed. Change their "
                    "dependencies first (`pmtasks edit {first} --undepend {id}`), drop them too, or drop "
                    "it anyway (`pmtasks drop {id} --force`)"
                ).format(id=task.id, ids=", ".join(needed), first=needed[0])
            )
        revision = Revision(
            task.id, (("status", "dropped"),), entry=log_entry(who.day, who.author, status="dropped", note=note)
        )
        still = f" (still needed by {', '.join(needed)})" if needed else ""
        said = f"{task.id} {task.status.value} → dropped{still}"
        steps.append(revised_step(task, revision, said, {"status": [task.status.value, "dropped"]}))
    return steps


@dataclass(frozen=True)
class NewDates:
    """``pmtasks reschedule`` (or the dates of ``pmtasks edit``) as given."""

    start: date | None = None
    due: date | None = None
    reason: str | None = None
    move_period: bool = False


def reschedule(plan: Plan, task_id: str, ask: NewDates, who: Who) -> Step:
    task = task_by_id(plan, task_id)
    values, entry_dates, changes = date_changes(plan, task, ask, "reschedule")
    if not values:
        raise WriteRefused(
            _("{id} already starts {start} and is due {due}; nothing to change").format(
                id=task.id, start=task.start, due=task.due
            )
        )
    entry = log_entry(who.day, who.author, **entry_dates, note=checked_text(ask.reason, "reason"))
    revision = Revision(task.id, values, entry=entry)
    said = f"{task.id} " + ", ".join(f"{k} {a} → {b}" for k, (a, b) in changes.items())
    step = revised_step(task, revision, said, changes)
    new_due = dict(values).get("due", task.due)
    assert isinstance(new_due, date)
    if ask.move_period and new_due not in task.period:
        return _to_period_of(plan, task, new_due, step)
    warnings = _outside(task.id, new_due, task.period.label, task.period.start, task.period.end)
    if warnings:
        warnings = (
            f"{warnings[0]}; `pmtasks reschedule {task.id} --due {new_due} --move-period` would also "
            "move the task to the period that holds it",
        )
    return Step(**{**vars(step), "warnings": warnings})


Dated = tuple[tuple[tuple[str, Value], ...], dict[str, Value], dict[str, list[str]]]


def date_changes(plan: Plan, task: Task, ask: NewDates, command: str) -> Dated:
    """The keys to write, the log entry's [old, new] pairs, and the changes for the report."""
    year = task.period.start.year
    start, due = checked_date(ask.start, year, "start"), checked_date(ask.due, year, "due")
    if plan.reschedule.reason == "required" and checked_text(ask.reason, "reason") is None:
        raise UsageError(
            _(
                "plan.yaml's reschedule policy requires a reason for moving a date; say why: "
                "`pmtasks {command} {id} … --reason TEXT`"
            ).format(command=command, id=task.id)
        )
    if (due or task.due) < (start or task.start):
        raise UsageError(
            _("{id} would be due {due} before it starts {start}; move the start too").format(
                id=task.id, due=due or task.due, start=start or task.start
            )
        )
    values: list[tuple[str, Value]] = []
    pairs: dict[str, Value] = {}
    changes: dict[str, list[str]] = {}
    for name, new, old in (("start", start, task.start), ("due", due, task.due)):
        if new is not None and new != old:
            values.append((name, new))
            pairs[name] = (old, new)
            changes[name] = [old.isoformat(), new.isoformat()]
    return tuple(values), pairs, changes


def _to_period_of(plan: Plan, task: Task, day: date, step: Step) -> Step:
    line = next(line for line in plan.lines if line.path == task.loc.path)
    found = [(i, b) for i, b in enumerate(line.periods) if day in b.period and b.track == task.track]
    if not found:
        raise WriteRefused(
            f"no period of {line.code}{f' track {task.track}' if task.track else ''} holds "
            f"{day}; add the period first, or keep the task in its period"
        )
    index, block = found[0]
    place = Place(line.path, index, block.period.label, line.name)
    record = {**step.record, "period": [task.period.label, block.period.label]}
    return Step(
        **{
            **vars(step),
            "target": place,
            "record": record,
            "said": f"{step.said}, period {task.period.label} → {block.period.label}",
        }
    )


def move(plan: Plan, ids: Sequence[str], period: str, line: str | None, track: str | None) -> list[Step]:
    """Each task's whole block goes to the end of another period; its text stays as it is."""
    steps = []
    for task in _unique([task_by_id(plan, i) for i in ids]):
        home = next(x for x in plan.lines if x.path == task.loc.path)
        place = find_period(plan, find_line(plan, line) if line else home, period, track)
        if place.path == task.loc.path and place.label == task.period.label and _track(plan, place) == task.track:
            raise WriteRefused(
                _("{id} is already in {line} {period}; nothing was changed").format(
                    id=task.id, line=place.line, period=place.label
                )
            )
        _refuse_inverted(plan, task, place)
        said = f"{task.id} moved: {task.line} {task.period.label} → {place.line} {place.label}"
        record = {
            "id": task.id,
            "action": "moved",
            "from": {"line": task.line, "period": task.period.label, "file": task.loc.path},
            "to": {"line": place.line, "period": place.label, "file": place.path},
        }
        steps.append(Step(task.id, clean(said), facts(task), source=task.loc.path, target=place, record=record))
    return steps


def _refuse_inverted(plan: Plan, task: Task, place: Place) -> None:
    """A task whose written dates would end before they start in its new period stays where it is."""
    period = next(x for x in plan.lines if x.path == place.path).periods[place.index].period
    start = task.start if task.explicit_start else period.start
    due = task.due if task.explicit_due else period.end
    if due < start:
        raise WriteRefused(
            f"{task.id} would be due {due} before it starts {start} in {place.label}; "
            f"move its dates first (`pmtasks reschedule {task.id}`), then move it"
        )


def _track(plan: Plan, place: Place) -> str | None:
    line = next(x for x in plan.lines if x.path == place.path)
    return line.periods[place.index].track


def revised_step(task: Task, revision: Revision, said: str, changes: Mapping[str, object]) -> Step:
    record = {"id": task.id, "action": "changed", "file": task.loc.path, "changes": changes}
    return Step(
        task.id, clean(said), with_revision(task, revision), source=task.loc.path, revision=revision, record=record
    )


def _unique(tasks: Sequence[Task]) -> list[Task]:
    return list({t.id: t for t in tasks}.values())


def _outside(task_id: str, due: date | None, label: str, start: date, end: date) -> tuple[str, ...]:
    if due is None or start <= due <= end:
        return ()
    return (f"warning: {task_id} is due {due}, outside its period {label} ({start} to {end})",)


def _json(value: Value) -> object:
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value
