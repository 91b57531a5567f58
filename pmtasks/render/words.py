"""How numbers and summaries are worded: one place for plurals, signs and the diff summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmtasks.i18n import N_, _
from pmtasks.plan.model import Status

if TYPE_CHECKING:  # only a type here: status names must not cost list and status the diff module
    from pmtasks.git.diff import Summary

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


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 task``, ``2 tasks``; ``many`` when the plural is not ``noun + "s"``."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def signed(days: int) -> str:
    """``+3``, ``−2`` (a minus sign, not a hyphen) or ``±0``."""
    return f"+{days}" if days > 0 else f"−{-days}" if days < 0 else "±0"


# The structural changes a diff counts, in the order the summary names them: (key, one, many).
STRUCTURE = (
    ("periods_added", N_("{count} period added"), N_("{count} periods added")),
    ("periods_removed", N_("{count} period removed"), N_("{count} periods removed")),
    ("periods_edited", N_("{count} period edited"), N_("{count} periods edited")),
    ("lines_added", N_("{count} line added"), N_("{count} lines added")),
    ("lines_removed", N_("{count} line removed"), N_("{count} lines removed")),
    ("lines_renamed", N_("{count} line renamed"), N_("{count} lines renamed")),
    ("files_renamed", N_("{count} file renamed"), N_("{count} files renamed")),
)


def counted(count: int, one: str, many: str) -> str:
    """``one`` or ``many`` (messages with a ``{count}`` placeholder) in the language in use."""
    return _(one if count == 1 else many).format(count=count)


def summary_text(summary: Summary) -> str:
    """``Plan: +3 tasks, −1, 5 rescheduled (+41 d total, 2 now beyond their period), …``."""
    if summary.empty:
        return _("Plan: no changes")
    parts = [
        counted(summary.added, N_("+{count} task"), N_("+{count} tasks")),
        _("−{count}").format(count=summary.removed),
    ]
    if summary.rescheduled:
        slip = signed(summary.slip_days)
        if summary.beyond:
            detail = _("{count} rescheduled ({days} d total, {beyond} now beyond their period)")
        else:
            detail = _("{count} rescheduled ({days} d total)")
        parts.append(detail.format(count=summary.rescheduled, days=slip, beyond=summary.beyond))
    for count, one, many in (
        (summary.moved, N_("{count} moved"), N_("{count} moved")),
        (summary.reassigned, N_("{count} reassigned"), N_("{count} reassigned")),
        (summary.progress, N_("{count} progress update"), N_("{count} progress updates")),
        (summary.edited, N_("{count} edited"), N_("{count} edited")),
    ):
        if count:
            parts.append(counted(count, one, many))
    parts += [counted(summary.structure[key], one, many) for key, one, many in STRUCTURE if summary.structure[key]]
    return _("Plan: {changes}").format(changes=_(", ").join(parts))
