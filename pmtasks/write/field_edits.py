"""The decision of ``pmtasks edit``: a task's title, notes, tags, dependencies and dates, set or cleared.

Pure, like :mod:`pmtasks.write.plan_commands`, whose date rules (the reschedule policy) it shares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pmtasks.errors import UsageError
from pmtasks.i18n import _
from pmtasks.plan.model import Plan, Task
from pmtasks.query import task_by_id
from pmtasks.write.blocks import Revision
from pmtasks.write.edits import WriteRefused, checked_text
from pmtasks.write.plan_commands import NewDates, Who, date_changes, revised_step
from pmtasks.write.plan_steps import Step, checked_depends, log_entry, refuse_cycle, unique
from pmtasks.write.yamledit import Value


@dataclass(frozen=True)
class Changes:
    """``pmtasks edit`` as given."""

    title: str | None = None
    notes: str | None = None
    tag: tuple[str, ...] = ()
    untag: tuple[str, ...] = ()
    depends: tuple[str, ...] = ()
    undepend: tuple[str, ...] = ()
    clear: tuple[str, ...] = ()
    dates: NewDates = field(default_factory=NewDates)
    note: str | None = None


Report = dict[str, list[str] | list[list[str]]]
CLEARABLE = ("owner", "notes", "start", "due", "tags", "depends")


def edit(plan: Plan, task_id: str, ask: Changes, who: Who) -> Step:
    task = task_by_id(plan, task_id)
    values: list[tuple[str, Value]] = []
    changes: Report = {}
    olds: tuple[tuple[str, str | None, str | None], ...] = (
        ("title", ask.title, task.title),
        ("notes", ask.notes, task.notes),
    )
    for key, given, old in olds:
        new = checked_text(given, key)
        if new is not None and new != old:
            values.append((key, new))
            changes[key] = [old or "", new]
    lists = _lists(plan, task, ask, changes)
    unset = _clears(task, ask.clear, changes, lists)
    dated = ask.dates.start is not None or ask.dates.due is not None or bool({"start", "due"} & set(unset))
    entry_dates: dict[str, Value] = {}
    if dated:
        date_values, entry_dates, moved = date_changes(plan, task, ask.dates, "edit")
        values += date_values
        changes.update(moved)
        for name in {"start", "due"} & set(unset):
            default = task.period.start if name == "start" else task.period.end
            was = task.start if name == "start" else task.due
            if was != default:
                entry_dates[name] = (was, default)
    if not changes:
        raise WriteRefused(_("{id}: nothing to change (the values given are the ones it has)").format(id=task.id))
    reason = checked_text(ask.dates.reason, "reason") if dated else None
    what = "edited " + ", ".join(changes)
    note = "; ".join(x for x in (what, reason, checked_text(ask.note, "note")) if x)
    entry = log_entry(who.day, who.author, **entry_dates, note=note)
    revision = Revision(task.id, tuple(values), tuple(lists.items()), tuple(unset), entry)
    return revised_step(task, revision, f"{task.id} {what}", changes)


def _lists(plan: Plan, task: Task, ask: Changes, changes: Report) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    add_tags = tuple(t for t in (checked_text(x, "tag") for x in ask.tag) if t)
    add_deps = checked_depends(plan, task.id, ask.depends)
    for key, old, added, removed in (
        ("tags", task.tags, add_tags, ask.untag),
        ("depends", task.depends, add_deps, ask.undepend),
    ):
        have = {x.casefold() for x in old}
        gone = {x.strip().casefold() for x in removed}
        missing = [x for x in removed if x.strip().casefold() not in have]
        if missing:
            raise WriteRefused(
                f"{task.id} has no {key} {', '.join(missing)} to remove; it has: {', '.join(old) or 'none'}"
            )
        new = tuple(x for x in old if x.casefold() not in gone)
        new = unique((*new, *added))
        if new != old:
            out[key] = new
            changes[key] = [list(old), list(new)]
    if "depends" in out:
        refuse_cycle(plan, task.id, out["depends"])
    return out


def _clears(task: Task, clear: Sequence[str], changes: Report, lists: dict[str, tuple[str, ...]]) -> list[str]:
    out = []
    for name in dict.fromkeys(clear):
        if name not in CLEARABLE:
            raise UsageError(
                _("only these keys can be cleared: {keys}; not {key}").format(keys=", ".join(CLEARABLE), key=repr(name))
            )
        if name in ("tags", "depends"):
            if getattr(task, name):
                lists[name] = ()
                changes[name] = [list(getattr(task, name)), []]
            continue
        written = {"start": task.explicit_start, "due": task.explicit_due}.get(name, getattr(task, name) is not None)
        if written and task.written(name):
            out.append(name)
            changes[name] = [str(getattr(task, name)), ""]
    return out
