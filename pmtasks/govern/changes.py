"""What changed in a window: tasks completed, rescheduled, reassigned, added and dropped.

Plain data. :func:`pmtasks.git.window.window_changes` makes it, the one place a report asks git what
changed (a history engine can take its place).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pmtasks.plan.model import Task


@dataclass(frozen=True)
class Event:
    """One change to one task in the window."""

    kind: str  # completed | rescheduled | reassigned | added | dropped
    task: Task  # the task as it is at the window's end (as it was, for a removed task)
    old: str | None = None  # due date, owner … before
    new: str | None = None  # and after
    days: int | None = None  # rescheduled: how many days later (negative: earlier)
    reason: str | None = None  # the note of the task's latest log entry in the window
    who: str | None = None  # the author of that entry
    on_time: bool | None = None  # completed: by its due date
    when: date | None = None  # completed: the day, from the log


KINDS = ("completed", "rescheduled", "reassigned", "added", "dropped")


@dataclass(frozen=True)
class WindowChanges:
    base: str | None  # the commit before the window (None: the plan did not exist yet)
    head: str | None  # the last commit in the window
    events: tuple[Event, ...]

    def of(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.kind == kind]
