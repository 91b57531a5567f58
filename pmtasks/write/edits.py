"""What each write command changes in a task, and the check that an edit did exactly that.

Pure: tasks in, :class:`Change` values out. :mod:`pmtasks.write.store` reads and writes the files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from pmtasks.errors import PmtasksError, UsageError
from pmtasks.i18n import _
from pmtasks.plan.amounts import written
from pmtasks.plan.model import LogEntry, Plan, Status, Task
from pmtasks.text import clean, has_control, not_utf8, visible
from pmtasks.write.yamledit import TaskEdit, Value

COMMANDS = ("start", "done", "block", "reopen", "progress", "assign", "note", "spend", "effort")


class WriteRefused(PmtasksError):
    """The command does not make sense for this task, or its input is not acceptable."""


@dataclass(frozen=True)
class Ask:
    """One command as the user gave it."""

    command: str
    day: date
    note: str | None = None
    author: str | None = None
    percent: int | None = None
    owner: str | None = None
    amount: Decimal | None = None  # spend: money in the plan's currency; effort: person-days


@dataclass(frozen=True)
class Change:
    """The new values of one task (None: unchanged) and the log entry that records them."""

    task_id: str
    entry: LogEntry
    status: Status | None = None
    progress: int | None = None
    owner: str | None = None
    unrecorded_note: bool = False  # a --note given with a command that changed nothing
    sets: tuple[tuple[str, Decimal], ...] = ()  # other task keys to set: spent, effort_actual

    @property
    def empty(self) -> bool:
        return (self.status, self.progress, self.owner, self.entry.note) == (None, None, None, None) and not self.sets

    def edit(self) -> TaskEdit:
        values: list[tuple[str, Value]] = []
        if self.owner is not None:
            values.append(("owner", self.owner))
        if self.status is not None:
            values.append(("status", self.status.value))
        if self.progress is not None:
            values.append(("progress", self.progress))
        values += [(key, _written(key, value)) for key, value in self.sets]
        logged = ((k, getattr(self.entry, k)) for k in _ENTRY_ORDER)
        entry = [(k, _written(k, v)) for k, v in logged if v is not None]
        return TaskEdit(self.task_id, tuple(values), tuple(entry))


def shown(key: str, value: Decimal | None) -> str:
    """A money or person-days value as the plan file writes it (``—`` for none)."""
    if value is None:
        return "—"
    shown = _written(key, value)
    return f"{shown:f}" if isinstance(shown, Decimal) else str(shown)


_ENTRY_ORDER = ("date", "status", "progress", "owner", "spent", "effort", "note", "author")


def _written(key: str, value: object) -> Value:
    """A value as the file holds it: money as ``15万``, person-days as ``2.5``, a status by name."""
    if isinstance(value, Decimal):
        text = written(value) if key == "spent" else ""
        return text if text.endswith("万") else value.normalize()
    if isinstance(value, Status):
        return value.value
    assert isinstance(value, str | int | date)
    return value


def checked_text(value: str | None, what: str) -> str | None:
    """``value`` stripped; refused when it holds control characters or is blank."""
    if value is None:
        return None
    if not_utf8(value):
        raise UsageError(
            f"the {what} is not UTF-8 text{_gbk(value)}; set the terminal to UTF-8, "
            "or convert the text (iconv -f GBK -t UTF-8), and run again"
        )
    if has_control(value):
        raise UsageError(
            f"the {what} contains a control character (a newline, tab or escape); write it on one line, as plain text"
        )
    if not visible(value):
        raise UsageError(f"the {what} is empty; give some text")
    return value.strip()


def _gbk(value: str) -> str:
    """`` (it looks like GBK: 中文)`` when the bytes of ``value`` read as GBK."""
    try:
        return f" (it looks like GBK: {clean(value.encode('utf-8', 'surrogateescape').decode('gbk'))})"
    except UnicodeError:
        return ""


def percent(text: str) -> int:
    """PCT as given on the command line: a whole number from 0 to 100 (fullwidth digits, as a Chinese
    input method types them, are read as digits)."""
    value = text.strip().translate(FULLWIDTH_DIGITS)
    if not re.fullmatch(r"0*[0-9]{1,3}", value) or int(value) > 100:
        raise ValueError(f"{text!r} is not a whole number from 0 to 100")
    return int(value)


FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def decide(task: Task, ask: Ask) -> Change:
    """What ``ask`` changes in ``task``; WriteRefused when it cannot apply."""
    if ask.command in ("spend", "effort"):
        return _add_amount(task, ask)
    status, progress, owner = _target(task, ask)
    new_status = status if status is not task.status else None
    new_progress = progress if progress != task.progress else None
    new_owner = owner if owner != task.owner else None
    entry = LogEntry(ask.day, new_status, new_progress, new_owner, ask.note, ask.author)
    changed = (new_status, new_progress, new_owner) != (None, None, None)
    unrecorded = not changed and ask.command != "note" and bool(ask.note)
    if not changed and ask.command != "note":
        entry = replace(entry, note=None)
    return Change(task.id, entry, new_status, new_progress, new_owner, unrecorded)


def _target(task: Task, ask: Ask) -> tuple[Status, int, str | None]:
    status, progress, owner = task.status, task.progress, task.owner
    if ask.command in ("start", "done", "block", "progress") and status is Status.DROPPED:
        raise WriteRefused(
            _("{id} is dropped; run `pmtasks reopen {id}` first if it is back in the plan").format(id=task.id)
        )
    if ask.command in ("start", "block") and status is Status.DONE:
        raise WriteRefused(_("{id} is done; run `pmtasks reopen {id}` first if there is more to do").format(id=task.id))
    if ask.command == "start":
        status = Status.DOING
    elif ask.command == "done":
        status, progress = Status.DONE, 100
    elif ask.command == "block":
        status = Status.BLOCKED
    elif ask.command == "reopen" and status in (Status.DONE, Status.DROPPED, Status.BLOCKED):
        if status is Status.DONE and progress == 100:
            progress = _progress_before_done(task)
        status = Status.DOING if progress > 0 else Status.TODO
    elif ask.command == "progress" and ask.percent is not None:
        progress = ask.percent
        if progress == 100:
            status = Status.DONE
        elif progress > 0:
            status = Status.DOING
        elif status is Status.DONE:
            status = Status.TODO
    elif ask.command == "assign":
        owner = ask.owner
    return status, progress, owner


def _add_amount(task: Task, ask: Ask) -> Change:
    """spend / effort: the amount is added to ``spent`` / ``effort_actual`` and logged on its own."""
    if ask.amount is None or ask.amount <= 0:
        raise WriteRefused(_("the amount to add to {id} must be more than 0").format(id=task.id))
    if ask.command == "spend":
        entry = LogEntry(ask.day, note=ask.note, author=ask.author, spent=ask.amount)
        return Change(task.id, entry, sets=(("spent", (task.spent or Decimal(0)) + ask.amount),))
    entry = LogEntry(ask.day, note=ask.note, author=ask.author, effort=ask.amount)
    return Change(task.id, entry, sets=(("effort_actual", (task.effort_actual or Decimal(0)) + ask.amount),))


def _progress_before_done(task: Task) -> int:
    """A reopened task is not 100% done: it goes back to the last progress its log recorded below 100."""
    return next((e.progress for e in reversed(task.log) if e.progress is not None and e.progress < 100), 0)


def expected(task: Task, change: Change) -> Task:
    """The task as it must read back after ``change`` is written."""
    sets = dict(change.sets)
    return replace(
        task,
        status=change.status or task.status,
        progress=change.progress if change.progress is not None else task.progress,
        owner=change.owner if change.owner is not None else task.owner,
        log=(*task.log, change.entry),
        spent=sets.get("spent", task.spent),
        effort_actual=sets.get("effort_actual", task.effort_actual),
    )


_FACTS = tuple(f.name for f in fields(Task) if f.name not in ("loc", "field_locs"))


def _bare(task: Task) -> tuple[Any, ...]:
    """Every field of the task but where it stands in its file."""
    return tuple(getattr(task, name) for name in _FACTS)


def _facts(plan: Plan, changed: dict[str, Task], same: frozenset[int] = frozenset()) -> list[Any]:
    """Everything in the plan except where things stand in the files.

    A line in ``same`` (by identity: the very object both plans share) is compared as itself.
    """
    plan_kpis = tuple((k.name, k.target, k.unit, k.actual, k.direction) for k in plan.kpis)
    facts: list[Any] = [(plan.title, plan.year, plan.timezone, plan.org, plan.check, plan.currency, plan_kpis)]
    for line in plan.lines:
        facts.append((line.name, line.code, line.path))
        if id(line) in same:
            facts.append(id(line))
            continue
        for block in line.periods:
            kpis = tuple((k.name, k.target, k.unit, k.actual, k.direction) for k in block.kpis)
            facts.append((block.period, block.goal, block.track, block.resources, kpis))
            facts += [_bare(changed.get(t.id, t)) for t in block.tasks]
    return facts


def verify_same(expected: Plan, after: Plan) -> bool:
    """``after`` says exactly what ``expected`` says, wherever things stand in the files."""
    return bool(_facts(expected, {}) == _facts(after, {}))


def verify(before: Plan, after: Plan, changes: Sequence[Change]) -> list[str]:
    """IDs of the tasks that do not read back as asked (or "plan" when something else moved)."""
    wanted = {c.task_id: expected(t, c) for c in changes if (t := before.find(c.task_id)) is not None}
    pairs = zip(before.lines, after.lines, strict=False)
    same = frozenset(id(a) for a, b in pairs if a is b and not any(t.id in wanted for t in a.tasks))
    old, new = _facts(before, wanted, same), _facts(after, {}, same)
    if old == new:
        return []
    bad = [c.task_id for c in changes if _bare(wanted[c.task_id]) not in new]
    return bad or ["plan"]
