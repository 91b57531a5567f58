"""A plan diff for the terminal: ``+`` / ``~`` / ``−`` markers and colour, like ``terraform plan``."""

from __future__ import annotations

from string import Formatter

from rich.cells import cell_len
from rich.console import Group
from rich.text import Text

from pmtasks.git.diff import Change, PlanDiff, Sides, TaskChange, TextEdit, label, summarize, text_edit
from pmtasks.i18n import N_, _
from pmtasks.plan.model import Status, Task
from pmtasks.query import natural_key
from pmtasks.render.console import safe
from pmtasks.render.diff_data import NAMES, arrow, inline
from pmtasks.render.glyphs import glyph
from pmtasks.render.words import counted, signed, status_name, summary_text

MARKS = {"+": "green", "~": "yellow", "−": "red"}
FIELD_WIDTH = 15
STATUSES = {status.value for status in Status}


def diff_view(diff: PlanDiff, sides: Sides) -> Group:
    """The summary line, what was compared, each task changed in ID order, then the structure."""
    lines = [Text(summary_text(summarize(diff)), style="bold"), _compared(sides)]
    entries: list[tuple[tuple[int | str, ...], list[Text]]] = []
    entries += [(natural_key(t.id), _task("+", t)) for t in diff.added]
    entries += [(natural_key(t.id), _task("−", t)) for t in diff.removed]
    entries += [(natural_key(c.id), _changed(c)) for c in diff.listed]
    if entries:
        lines.append(Text(""))
    for _key, block in sorted(entries, key=lambda e: e[0]):
        lines += block
    structure = _structure(diff)
    if structure:
        lines += [Text(""), Text(_("Periods and business lines"), style="bold"), *structure]
    return Group(*lines)


def _compared(sides: Sides) -> Text:
    template = _("Comparing {base} {arrow} {head} · {folder}")
    values = {
        "base": safe(sides.base),
        "arrow": Text(glyph("→")),
        "head": safe(sides.head),
        "folder": safe(sides.folder),
    }
    return fill(template, values, style="dim")


def fill(template: str, values: dict[str, Text], style: str = "") -> Text:
    """A translated sentence with Text (styled, untrusted-safe) values in its ``{placeholders}``."""
    text = Text(style=style)
    for literal, name, _spec, _conv in Formatter().parse(template):
        text.append(literal)
        if name:
            text.append_text(values[name])
    return text


def _head(mark: str, task_id: str, title: str) -> Text:
    """``~ IM-1  title``: one line, the title cut with … to fit (its edits are shown in full below)."""
    text = Text(f"{mark} ", style=MARKS[mark], no_wrap=True, overflow="ellipsis")
    text.append_text(safe(task_id, style=f"bold {MARKS[mark]}"))
    if title:
        text.append("  ")
        text.append_text(safe(title))
    return text


def _task(mark: str, task: Task) -> list[Text]:
    detail = Text("    ", style="dim")
    for i, (name, value) in enumerate(
        (
            ("", task.line),
            ("", task.period.label),
            (_("due "), task.due.isoformat()),
            (_("owner "), task.owner),
            ("", status_name(task.status)),
        )
    ):
        if value is None:
            continue
        if i:
            detail.append(" · ", style="dim")
        detail.append(name, style="dim")
        detail.append_text(safe(value, style="dim"))
    if task.progress:
        detail.append(f" {task.progress}%", style="dim")
    return [_head(mark, task.id, task.title), detail]


def _changed(item: TaskChange) -> list[Text]:
    rows = [_head("~", item.id, item.new.title)]
    for change in item.changes:
        rows += _field(change, item.new.period.label)
    return rows


def _label(name: str) -> Text:
    return Text(f"    {name}{' ' * max(FIELD_WIDTH - cell_len(name), 1)}", style="dim")


def _field(change: Change, period: str = "") -> list[Text]:
    name = _(NAMES[change.name])
    if change.edit is not None:
        return edit_rows(name, change.edit)
    row = _label(name)
    if change.name in ("depends", "tags"):
        row.append_text(_items(change.added, change.removed))
        return [row]
    row.append_text(safe(change.new if change.name == "rescheduled" else _shown(change), empty=""))
    if change.days is not None:
        row.append("  " + _("{days}d").format(days=signed(change.days)), style="red" if change.days > 0 else "green")
    if change.outside:
        row.append_text(safe("  " + _("outside its period {period}").format(period=period), style="bold red"))
    return [row]


def _shown(change: Change) -> str:
    """``old → new``; a status as people read it in the language in use."""
    if change.name == "status" and change.old in STATUSES and change.new in STATUSES:
        return f"{status_name(Status(change.old))} → {status_name(Status(change.new))}"
    return arrow(change)


def _items(added: tuple[str, ...], removed: tuple[str, ...]) -> Text:
    text = Text()
    for mark, values in (("+", added), ("−", removed)):
        for value in values:
            if text:
                text.append(" ")
            text.append_text(safe(f"{mark}{value}", style=MARKS[mark]))
    return text


def edit_rows(name: str, edit: TextEdit) -> list[Text]:
    """One line with ``[-deleted-]{+inserted+}`` runs (as ``git diff --word-diff``), or old and new."""
    if not inline(edit):
        old, new = _label(name), _label("")
        old.append_text(safe(f"− {edit.old}", style="red", empty=""))
        new.append_text(safe(f"+ {edit.new}", style="green", empty=""))
        return [old, new]
    row = _label(name)
    for tag, a, b in edit.ops:
        if tag == "equal":
            row.append_text(safe(a, empty=""))
            continue
        if a:
            row.append_text(safe(f"[-{a}-]", style="bold red", empty=""))
        if b:
            row.append_text(safe(f"{{+{b}+}}", style="bold green", empty=""))
    return [row]


def _structure(diff: PlanDiff) -> list[Text]:
    rows: list[Text] = []
    if diff.title:
        rows += edit_rows(_("plan title"), diff.title)
    for mark, lines in (("+", diff.lines_added), ("−", diff.lines_removed)):
        for line in lines:
            rows.append(_head(mark, f"{line.name} ({line.code})", line.path))
    for old, new in diff.lines_renamed:
        rows.append(_head("~", f"{new.code}", ""))
        rows += edit_rows(_("name"), text_edit(old.name, new.name))
    for old, new in diff.files_renamed:
        rows.append(_head("~", f"{new.name} ({new.code})", ""))
        row = _label(_("file"))
        row.append_text(safe(f"{old.path} {glyph('→')} {new.path}"))
        moved = counted(diff.carried(new), N_("({count} task moved with it)"), N_("({count} tasks moved with it)"))
        row.append(f"  {moved}", style="dim")
        rows.append(row)
    for mark, blocks in (("+", diff.periods_added), ("−", diff.periods_removed)):
        for line_name, block in blocks:
            rows.append(_head(mark, f"{line_name} · {label(block)}", ""))
    for change in diff.periods_changed:
        rows.append(_head("~", f"{change.line} · {change.label}", ""))
        if change.goal:
            rows += edit_rows(_("goal"), change.goal)
        if change.added or change.removed:
            row = _label(_("resources"))
            row.append_text(_items(change.added, change.removed))
            rows.append(row)
    return rows
