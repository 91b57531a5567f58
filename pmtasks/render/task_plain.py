"""`show`'s fields and log as styled pieces, and their plain lines drawn without Rich.

:func:`pmtasks.render.tasks.task_view` makes the pieces Rich Text in a grid. When the output has
no colour, :func:`task_lines` draws the same grid line by line (the names' column at its widest
name, two spaces, the values' column at its widest value, each line as wide as the grid) as long
as nothing would wrap and the task has no money, effort or KPIs; otherwise it returns None and
Rich draws. Tests compare both ways at several widths, in Chinese and ASCII.
"""

from __future__ import annotations

from datetime import date

from pmtasks.i18n import N_, _
from pmtasks.plan.amounts import days, wan
from pmtasks.plan.model import LogEntry, Plan, Status, Task
from pmtasks.query import overdue
from pmtasks.render.glyphs import bar_pieces, glyph
from pmtasks.render.lean import fit_cell, plain_text, rich_width, single_line
from pmtasks.render.words import status_name

Piece = tuple[str, str]  # text and its style
Row = tuple[str, list[Piece]]  # the field's name (untranslated) and its value

STATUS_STYLE = {
    Status.TODO: "",
    Status.DOING: "cyan",
    Status.DONE: "green",
    Status.BLOCKED: "magenta",
    Status.DROPPED: "dim",
}


def _bar(percent: int) -> list[Piece]:
    """:func:`pmtasks.render.console.bar`'s pieces."""
    return bar_pieces(percent)


def head_rows(task: Task, as_of: date) -> list[Row]:
    """The fields before the task's money: title to progress."""
    state = [(status_name(task.status), STATUS_STYLE[task.status])]
    if overdue(task, as_of):
        state.append(("  " + _("overdue by {days} days").format(days=(as_of - task.due).days), "red"))
    period = task.period
    return [
        (N_("title"), [(plain_text(task.title), "")]),
        (N_("line"), [(plain_text(task.line), "")]),
        (N_("track"), [(plain_text(task.track), "")]),
        (N_("period"), [(f"{plain_text(period.label)} ({period.start} – {period.end})", "")]),
        (N_("status"), state),
        (N_("progress"), _bar(task.progress)),
    ]


def middle_rows(task: Task, goal: str | None) -> list[Row]:
    """The fields after the task's money and before its period's KPIs: owner to goal."""
    start = f"{task.start}" + ("" if task.explicit_start else " " + _("(period start)"))
    due = f"{task.due}" + ("" if task.explicit_due else " " + _("(period end)"))
    return [
        (N_("owner"), [(plain_text(task.owner), "")]),
        (N_("start"), [(start, "")]),
        (N_("due"), [(due, "")]),
        (N_("depends"), [(plain_text(", ".join(task.depends)), "")]),
        (N_("tags"), [(plain_text(", ".join(task.tags)), "")]),
        (N_("notes"), [(plain_text(task.notes), "")]),
        (N_("goal"), [(plain_text(goal), "")]),
    ]


def tail_rows(task: Task, resources: tuple[str, ...]) -> list[Row]:
    """The last fields: the period's resources and the task's place in its file."""
    return [
        (N_("resources"), [(plain_text("；".join(resources)), "")]),
        (N_("file"), [(plain_text(str(task.loc)), "")]),
    ]


def log_changes(entry: LogEntry, currency: str) -> list[str]:
    """What a log entry changed, each as ``field value`` (``start a → b`` for a moved date)."""
    changes = [
        f"{_(k)} {status_name(v) if isinstance(v, Status) else v}"
        for k, v in ((N_("status"), entry.status), (N_("progress"), entry.progress), (N_("owner"), entry.owner))
        if v is not None
    ]
    if entry.spent is not None:
        changes.append(_("spent {amount}").format(amount=wan(entry.spent, currency)))
    if entry.effort is not None:
        changes.append(_("effort {days} person-days").format(days=days(entry.effort)))
    arrow = glyph("→")
    changes += [f"{_(k)} {v[0]} {arrow} {v[1]}" for k, v in ((N_("start"), entry.start), (N_("due"), entry.due)) if v]
    return changes


def _log_text(entry: LogEntry, currency: str) -> str:
    """The characters of :func:`pmtasks.render.tasks.log_line` for ``entry``."""
    text = f"  {entry.date}  " + (plain_text(", ".join(changes)) if (changes := log_changes(entry, currency)) else "")
    if entry.note:
        text += "  " + plain_text(entry.note)
    if entry.author:
        text += f"  {glyph('—')} " + plain_text(entry.author)
    return text


def task_lines(plan: Plan, task: Task, as_of: date, width: int) -> list[str] | None:
    """The lines of ``show`` ``width`` cells wide, or None when Rich must draw them."""
    block = plan.block_of(task)
    if block.kpis or task.records_money:
        return None
    rows = [*head_rows(task, as_of), *middle_rows(task, block.goal), *tail_rows(task, tuple(block.resources))]
    cells = [(_(name), "".join(text for text, _style in value)) for name, value in rows]
    texts = [plain_text(task.id), *(f"{name}  {value}" for name, value in cells), _("log")]
    if not task.log:
        texts.append("  " + _("(no entries yet)"))
    texts += [_log_text(entry, plan.currency) for entry in task.log]
    if not all(single_line(text) for text in texts):
        return None
    names = max(rich_width(name) for name, _value in cells)
    values = max(rich_width(value) for _name, value in cells)
    if names + 2 + values > width or any(rich_width(text) > width for text in (texts[0], *texts[len(cells) + 1 :])):
        return None  # a value or a log line would wrap
    grid = [
        fit_cell((name, rich_width(name)), names) + "  " + fit_cell((value, rich_width(value)), values)
        for name, value in cells
    ]
    return [texts[0], *grid, *texts[len(cells) + 1 :]]
