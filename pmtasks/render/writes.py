"""What a write command says it did: one line per task."""

from __future__ import annotations

from pmtasks.plan.model import Task
from pmtasks.text import clean
from pmtasks.write.edits import Change, shown


def confirmation(task: Task, change: Change) -> str:
    """``IM-3 doing → done (100%)``: one line saying what changed."""
    if change.sets:
        moved = [f"{key} {shown(key, getattr(task, key))} → {shown(key, value)}" for key, value in change.sets]
        return clean(f"{task.id} " + ", ".join(moved))
    parts = []
    percent_now = change.progress if change.progress is not None else task.progress
    if change.status is not None:
        parts.append(f"{task.status.value} → {change.status.value} ({percent_now}%)")
    elif change.progress is not None:
        parts.append(f"{task.status.value} ({task.progress}% → {change.progress}%)")
    if change.owner is not None:
        parts.append(f"owner {task.owner or '—'} → {change.owner}")
    if not parts:
        owner = f", owner {task.owner}" if task.owner else ""
        same = f"is already {task.status.value} ({task.progress}%{owner}); nothing to change"
        if change.unrecorded_note:
            same += f"; the note was not recorded (`pmtasks note {task.id} TEXT` records one on its own)"
        parts.append("note added" if change.entry.note else same)
    return clean(f"{task.id} " + ", ".join(parts))
