"""The plan's changes in a report's window, read from git: the one place a report asks git what changed.

The events are read off the semantic diff (:mod:`pmtasks.git.diff`) between the plan at the last
commit before the window and at the last commit up to its end, with reasons and names from the
tasks' logs.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from pmtasks.git.diff import PlanDiff, TaskChange, compare
from pmtasks.git.repo import Repo, Side
from pmtasks.git.revisions import plan_at
from pmtasks.govern.changes import KINDS, Event, WindowChanges
from pmtasks.govern.pace import done_on
from pmtasks.govern.window import Window
from pmtasks.plan.model import LogEntry, Status, Task


def window_changes(
    repo: Repo, folder: str, window: Window, timezone: str, year_hint: int | None = None
) -> WindowChanges | None:
    """The semantic diff between the plan at the last commit before the window and at the last commit
    up to its end (days in the plan's timezone), as events; None when no commit reaches into the window."""
    zone = ZoneInfo(timezone)
    start = datetime.combine(window.start, time(), zone)
    after = datetime.combine(window.end + timedelta(days=1), time(), zone)
    head = repo.last_commit(folder, after.isoformat())
    if head is None:
        return None
    base = repo.last_commit(folder, start.isoformat())
    old = plan_at(repo, Side(base, base), folder, year_hint=year_hint)[0] if base else None
    new = plan_at(repo, Side(head, head), folder, year_hint=year_hint)[0]
    return from_diff(compare(old, new), window, base, head)


def _latest(task: Task, window: Window, noted: bool = True) -> LogEntry | None:
    entries = [e for e in task.log if e.date in window and (e.note or not noted)]
    return max(entries, key=lambda e: e.date) if entries else None


def _event(kind: str, task: Task, window: Window, **values: object) -> Event:
    entry = _latest(task, window)
    reason = entry.note if entry else None
    who = entry.author if entry else None
    return Event(kind, task, reason=reason, who=who, **values)  # type: ignore[arg-type]


def _changed(change: TaskChange, window: Window) -> list[Event]:
    task, events = change.new, []
    status = change.get("status")
    if status is not None and status.new == Status.DONE.value:
        finished = done_on(task)
        events.append(
            _event("completed", task, window, on_time=finished is None or finished <= task.due, when=finished)
        )
    if status is not None and status.new == Status.DROPPED.value:
        events.append(_event("dropped", task, window, old=status.old, new=status.new))
    due = change.get("due")
    if due is not None:
        events.append(_event("rescheduled", task, window, old=due.old, new=due.new, days=due.days))
    owner = change.get("owner")
    if owner is not None:
        events.append(_event("reassigned", task, window, old=owner.old, new=owner.new))
    return events


def from_diff(diff: PlanDiff, window: Window, base: str | None, head: str | None) -> WindowChanges:
    """The window's events, by kind and then in plan order. A task removed from the files counts as dropped."""
    events: list[Event] = []
    for change in diff.changed:
        events += _changed(change, window)
    if base is not None:  # a plan first committed in the window: its tasks were not "added" to it
        events += [_event("added", task, window) for task in diff.added]
    events += [_event("dropped", t, window, old=t.status.value, new="removed") for t in diff.removed]
    order = {kind: i for i, kind in enumerate(KINDS)}
    events.sort(key=lambda e: order[e.kind])
    return WindowChanges(base, head, tuple(events))
