"""Task statuses as people read them: a module of its own, so the fast table need not import Rich's."""

from __future__ import annotations

from pmtasks.i18n import N_, _
from pmtasks.plan.model import Status

STATUS_NAMES = {
    Status.TODO: N_("todo"),
    Status.DOING: N_("doing"),
    Status.DONE: N_("done"),
    Status.BLOCKED: N_("blocked"),
    Status.DROPPED: N_("dropped"),
}


def status_name(status: Status) -> str:
    """A status as people read it (the files and machine formats keep ``todo``, ``doing`` …)."""
    return _(STATUS_NAMES[status])
