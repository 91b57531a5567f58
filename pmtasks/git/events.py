"""What happened to each task over a history: change events, a task's story, a window's change
log and slip metrics. Pure functions over a :class:`pmtasks.git.history.History`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pmtasks.errors import UnknownTask
from pmtasks.git.diff import Change
from pmtasks.git.history import Commit, History
from pmtasks.plan.model import LogEntry, Status, Task
from pmtasks.query import natural_key, suggest_ids

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class TaskEvent:
    """One commit's effect on one task: added, removed, or changed (``changes`` says how)."""

    commit: Commit
    kind: str  # added | removed | changed
    old: Task | None
    new: Task | None
    changes: tuple[Change, ...] = ()
    logged: tuple[LogEntry, ...] = ()  # the log entries this commit added to the task

    @property
    def task(self) -> Task:
        """The task as this commit left it (as it was, for a removal)."""
        found = self.new or self.old
        assert found is not None
        return found

    @property
    def id(self) -> str:
        return self.task.id

    def get(self, name: str) -> Change | None:
        return next((c for c in self.changes if c.name == name), None)

    @property
    def reason(self) -> str | None:
        """The notes of the log entries this commit added: why it was done, in the author's words."""
        notes = [e.note for e in self.logged if e.note]
        return "；".join(notes) if notes else None

    def became(self, status: Status) -> bool:
        change = self.get("status")
        return change is not None and change.new == status.value


def task_events(history: History) -> list[TaskEvent]:
    """Every task event of the history, oldest commit first, tasks in ID order within a commit."""
    events: list[TaskEvent] = []
    for step in history.steps():
        commit, diff = step.after.commit, step.diff
        events += [TaskEvent(commit, ADDED, None, t, (), t.log) for t in diff.added]
        events += [TaskEvent(commit, REMOVED, t, None) for t in diff.removed]
        events += [TaskEvent(commit, CHANGED, c.old, c.new, c.changes, _new_log(c.old, c.new)) for c in diff.changed]
    return events


def _new_log(old: Task, new: Task) -> tuple[LogEntry, ...]:
    before = set(old.log)
    return tuple(e for e in new.log if e not in before)


@dataclass(frozen=True)
class StoryEntry:
    """One line of a task's story: a commit's event, or an entry of the task's own log."""

    day: date
    event: TaskEvent | None = None
    log: LogEntry | None = None


@dataclass(frozen=True)
class Story:
    """A task's story, oldest first: the commits that changed it merged with its own log."""

    task: Task  # as last seen
    entries: tuple[StoryEntry, ...]
    events: tuple[TaskEvent, ...]


def task_story(history: History, task_id: str) -> Story:
    """The story of ``task_id`` (any case); UnknownTask when no commit of the history holds it."""
    wanted = task_id.strip().casefold()
    events = tuple(e for e in task_events(history) if e.id.casefold() == wanted)
    last = events[-1].task if events else _in_base(history, wanted)
    if last is None:
        latest = history.revisions[-1].plan if history.revisions else None
        raise UnknownTask(task_id, suggest_ids(latest, task_id) if latest else [])
    entries = [StoryEntry(e.commit.day, event=e) for e in events]
    entries += [StoryEntry(e.date, log=e) for e in last.log]
    entries.sort(key=lambda s: (s.day, s.event is None))
    return Story(last, tuple(entries), events)


def _in_base(history: History, wanted: str) -> Task | None:
    revisions = [r for r in (history.base, *history.revisions) if r is not None]
    for rev in reversed(revisions):
        task = rev.plan.find(wanted)
        if task is not None:
            return task
    return None


@dataclass(frozen=True)
class LineCount:
    """How many tasks of one business line each kind of change touched in a window."""

    line: str
    completed: int = 0
    added: int = 0
    dropped: int = 0
    removed: int = 0
    rescheduled: int = 0
    slip_days: int = 0
    reassigned: int = 0


@dataclass(frozen=True)
class ChangeLog:
    """The plan's changes over a history window, by kind, with counts per business line."""

    completed: tuple[TaskEvent, ...]
    added: tuple[TaskEvent, ...]
    dropped: tuple[TaskEvent, ...]
    removed: tuple[TaskEvent, ...]
    rescheduled: tuple[TaskEvent, ...]  # the due date moved (``get("due").days`` says by how much)
    reassigned: tuple[TaskEvent, ...]
    lines: tuple[LineCount, ...]
    commits: int


KINDS = ("completed", "added", "dropped", "removed", "rescheduled", "reassigned")


def change_log(history: History) -> ChangeLog:
    """What the commits of ``history`` did to the plan (read it with ``since``/``until`` to window it)."""
    events = task_events(history)
    kinds: dict[str, list[TaskEvent]] = {
        "completed": [e for e in events if e.became(Status.DONE)],
        "added": [e for e in events if e.kind == ADDED],
        "dropped": [e for e in events if e.became(Status.DROPPED)],
        "removed": [e for e in events if e.kind == REMOVED],
        "rescheduled": [e for e in events if e.get("due") is not None],
        "reassigned": [e for e in events if e.get("owner") is not None],
    }
    names = _line_order(history, [e.task.line for e in events])
    counts = []
    for name in names:
        per = {k: [e for e in v if e.task.line == name] for k, v in kinds.items()}
        if any(per.values()):
            days = sum(_days(e) for e in per["rescheduled"])
            sizes = {k: len(v) for k, v in per.items()}
            counts.append(LineCount(name, **{k: sizes[k] for k in KINDS}, slip_days=days))
    return ChangeLog(**{k: tuple(v) for k, v in kinds.items()}, lines=tuple(counts), commits=len(history.revisions))


def _days(event: TaskEvent) -> int:
    change = event.get("due")
    return (change.days or 0) if change else 0


def _line_order(history: History, seen: Iterable[str]) -> list[str]:
    """Business lines in the order of the latest plan, then any others in the order met."""
    order = [line.name for line in history.revisions[-1].plan.lines] if history.revisions else []
    return list(dict.fromkeys([*order, *seen]))


@dataclass(frozen=True)
class Slip:
    """A task whose due date moved later at least once."""

    task: Task  # as last seen
    moves: int  # commits that moved its due date, either way
    later: int  # of those, the ones that moved it later
    first: date  # the due date before the first move
    current: date  # the due date after the last move
    by: tuple[str, ...]  # who moved it, in the order they first did

    @property
    def days(self) -> int:
        """Net days the due date moved: current minus first."""
        return (self.current - self.first).days


@dataclass(frozen=True)
class SlipTotal:
    name: str
    tasks: int
    moves: int
    days: int


@dataclass(frozen=True)
class SlipReport:
    tasks: tuple[Slip, ...]  # most moves first, then most days, then ID
    by_owner: tuple[SlipTotal, ...]
    by_line: tuple[SlipTotal, ...]

    def moves_of(self, task_id: str) -> int:
        """How many times ``task_id`` was rescheduled (0 when never): for a reschedule-limit rule."""
        wanted = task_id.casefold()
        return next((s.moves for s in self.tasks if s.task.id.casefold() == wanted), 0)


NO_OWNER = "(no owner)"


def slips(history: History) -> SlipReport:
    """Every task whose due date ever moved later, with totals per owner and per business line."""
    moves: dict[str, list[TaskEvent]] = {}
    last: dict[str, Task] = {}
    for event in task_events(history):
        key = event.id.casefold()
        last[key] = event.task
        if event.get("due") is not None:
            moves.setdefault(key, []).append(event)
    found = [_slip(last[key], events) for key, events in moves.items()]
    tasks = sorted((s for s in found if s.later), key=lambda s: (-s.moves, -s.days, natural_key(s.task.id)))
    return SlipReport(
        tuple(tasks),
        _totals(tasks, lambda s: s.task.owner or NO_OWNER),
        _totals(tasks, lambda s: s.task.line),
    )


def _slip(task: Task, events: Sequence[TaskEvent]) -> Slip:
    dues = [c for e in events if (c := e.get("due")) is not None]
    first, current = date.fromisoformat(str(dues[0].old)), date.fromisoformat(str(dues[-1].new))
    later = sum((c.days or 0) > 0 for c in dues)
    by = tuple(dict.fromkeys(e.commit.author for e in events))
    return Slip(task, len(dues), later, first, current, by)


def _totals(tasks: Sequence[Slip], key: Callable[[Slip], str]) -> tuple[SlipTotal, ...]:
    groups: dict[str, list[Slip]] = {}
    for slip in tasks:
        groups.setdefault(key(slip), []).append(slip)
    totals = [SlipTotal(k, len(v), sum(s.moves for s in v), sum(s.days for s in v)) for k, v in groups.items()]
    return tuple(sorted(totals, key=lambda t: (-t.days, t.name)))
