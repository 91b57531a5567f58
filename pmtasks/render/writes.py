"""What a write command says it did: one line per task."""

from __future__ import annotations

from pmtasks.i18n import N_, _
from pmtasks.plan.model import Task
from pmtasks.render.words import status_name
from pmtasks.text import clean
from pmtasks.write.edits import Change, shown

# The task keys a write sets besides status, progress and owner, as people read them.
SET_NAMES = {"spent": N_("spent"), "effort_actual": N_("effort_actual")}


def confirmation(task: Task, change: Change) -> str:
    """``IM-3 doing → done (100%)``: one line saying what changed."""
    if change.sets:
        moved = [
            _("{key} {old} → {new}").format(
                key=_(SET_NAMES.get(key, key)), old=shown(key, getattr(task, key)), new=shown(key, value)
            )
            for key, value in change.sets
        ]
        return clean(f"{task.id} " + _(", ").join(moved))
    parts = []
    percent_now = change.progress if change.progress is not None else task.progress
    if change.status is not None:
        moved_to = _("{old} → {new} ({percent}%)")
        parts.append(moved_to.format(old=status_name(task.status), new=status_name(change.status), percent=percent_now))
    elif change.progress is not None:
        progressed = _("{status} ({old}% → {new}%)")
        parts.append(progressed.format(status=status_name(task.status), old=task.progress, new=change.progress))
    if change.owner is not None:
        parts.append(_("owner {old} → {new}").format(old=task.owner or "—", new=change.owner))
    if not parts:
        parts.append(_("note added") if change.entry.note else _unchanged(task, change))
    return clean(f"{task.id} " + _(", ").join(parts))


def _unchanged(task: Task, change: Change) -> str:
    """``is already done (100%, owner 设计组); nothing to change``, and why a note was not kept."""
    status = status_name(task.status)
    if task.owner:
        same = _("is already {status} ({progress}%, owner {owner}); nothing to change")
    else:
        same = _("is already {status} ({progress}%); nothing to change")
    same = same.format(status=status, progress=task.progress, owner=task.owner)
    if change.unrecorded_note:
        note = _("the note was not recorded (`pmtasks note {id} TEXT` records one on its own)").format(id=task.id)
        same = _("{sentence}; {more}").format(sentence=same, more=note)
    return same
