"""How numbers and summaries are worded in English output: one place for plurals and signs."""

from __future__ import annotations

from pmtasks.git.diff import Summary


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 task``, ``2 tasks``; ``many`` when the plural is not ``noun + "s"``."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def signed(days: int) -> str:
    """``+3``, ``−2`` (a minus sign, not a hyphen) or ``±0``."""
    return f"+{days}" if days > 0 else f"−{-days}" if days < 0 else "±0"


# The structural changes a diff counts, in the order the summary names them: (key, one, many).
STRUCTURE = (
    ("periods_added", "period added", "periods added"),
    ("periods_removed", "period removed", "periods removed"),
    ("periods_edited", "period edited", "periods edited"),
    ("lines_added", "line added", "lines added"),
    ("lines_removed", "line removed", "lines removed"),
    ("lines_renamed", "line renamed", "lines renamed"),
    ("files_renamed", "file renamed", "files renamed"),
)


def summary_text(summary: Summary) -> str:
    """``Plan: +3 tasks, −1, 5 rescheduled (+41 d total, 2 now beyond their period), …``."""
    if summary.empty:
        return "Plan: no changes"
    parts = [f"+{plural(summary.added, 'task')}", f"−{summary.removed}"]
    if summary.rescheduled:
        detail = f"{signed(summary.slip_days)} d total"
        if summary.beyond:
            detail += f", {summary.beyond} now beyond their period"
        parts.append(f"{summary.rescheduled} rescheduled ({detail})")
    for count, noun in (
        (summary.moved, "moved"),
        (summary.reassigned, "reassigned"),
        (summary.progress, "progress update" if summary.progress == 1 else "progress updates"),
        (summary.edited, "edited"),
    ):
        if count:
            parts.append(f"{count} {noun}")
    parts += [plural(summary.structure[key], one, many) for key, one, many in STRUCTURE if summary.structure[key]]
    return "Plan: " + ", ".join(parts)
