"""A task's story, a window's change log and the slip report, as text for the terminal.

Plain strings, padded and cut in terminal cells so Chinese text lines up. Plan text and commit
text are untrusted: every piece goes through :func:`pmtasks.text.clean`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pmtasks.git.diff import Change
from pmtasks.git.events import NO_OWNER, ChangeLog, SlipReport, Story, StoryEntry, TaskEvent
from pmtasks.i18n import C_, N_, _
from pmtasks.plan.model import LogEntry, Status
from pmtasks.render.words import counted, signed, status_name
from pmtasks.text import cell_width, clean, truncate

INDENT = " " * 12
NONE = "—"


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, right: Sequence[int] = ()) -> list[str]:
    """Columns sized to their widest cell; the last column is cut with … to fit ``width`` (the row too,
    when the other columns alone are wider)."""
    cells = [[clean(c) for c in row] for row in [headers, *rows]]
    sizes = [max(cell_width(r[i]) for r in cells) for i in range(len(headers))]
    sizes[-1] = min(sizes[-1], max(8, width - sum(sizes[:-1]) - 2 * (len(sizes) - 1)))
    out = []
    for row in cells:
        row[-1] = truncate(row[-1], sizes[-1])
        out.append(truncate("  ".join(pad(c, sizes[i], i in right) for i, c in enumerate(row)).rstrip(), width))
    return out


def _days(days: int) -> str:
    """``+15 d``, ``−3 d``: a signed number of days."""
    return _("{days} d").format(days=signed(days))


def _status(value: str | None) -> str:
    """A status as a change shows it: its name in the language in use (the files keep ``todo`` …)."""
    return status_name(Status(value)) if value in STATUSES else value or NONE


STATUSES = {s.value for s in Status}
# A changed field as the story names it: its key in the file, or that key in the language in use.
FIELDS = {
    "file": N_("file"),
    "line": N_("line"),
    "period": N_("period"),
    "track": N_("track"),
    "id": N_("id"),
    "start": N_("start"),
    "due": N_("due"),
    "rescheduled": N_("rescheduled"),
    "status": N_("status"),
    "progress": N_("progress"),
    "owner": N_("owner"),
    "title": N_("title"),
    "depends": N_("depends"),
    "tags": N_("tags"),
}


def change_text(change: Change) -> str:
    """``due 2026-03-31 → 2026-04-15 (+15 d)``, ``owner 王五 → 赵六``, ``tags +调研 −试点``."""
    name = _(FIELDS[change.name]) if change.name in FIELDS else change.name
    if change.name in ("depends", "tags"):
        items = [f"+{x}" for x in change.added] + [f"−{x}" for x in change.removed]
        return f"{name} {' '.join(items)}"
    if change.name == "notes":
        return _("notes edited")
    old, new = (_status(change.old), _status(change.new)) if change.name == "status" else (change.old, change.new)
    text = f"{name} {old or NONE} → {new or NONE}"
    if change.days is not None:
        moved = _days(change.days)
        text += " (" + (_("{days}, beyond its period").format(days=moved) if change.outside else moved) + ")"
    return clean(text)


def event_lines(event: TaskEvent) -> list[str]:
    if event.kind == "added":
        t = event.task
        line = _("added: {status} {progress}%, due {due}, owner {owner}, {period}, {path}").format(
            status=status_name(t.status),
            progress=t.progress,
            due=t.due,
            owner=t.owner or NONE,
            period=t.period.label,
            path=t.loc.path,
        )
        return [line]
    if event.kind == "removed":
        return [_("removed from the plan")]
    return [change_text(c) for c in event.changes]


def log_text(entry: LogEntry) -> str:
    parts = [
        _("status {status}").format(status=status_name(entry.status)) if entry.status else "",
        _("progress {progress}%").format(progress=entry.progress) if entry.progress is not None else "",
        _("owner {owner}").format(owner=entry.owner) if entry.owner else "",
        entry.note or "",
    ]
    text = " · ".join(p for p in parts if p)
    return clean(_("{text} ({author})").format(text=text, author=entry.author) if entry.author else text)


def _story_entry(entry: StoryEntry, width: int) -> list[str]:
    if entry.log is not None:
        return [truncate(f"{entry.day}  {pad(_('log'), 10)}  {log_text(entry.log)}", width)]
    event = entry.event
    assert event is not None
    c = event.commit
    head = truncate(clean(f"{entry.day}  {c.short}     {c.author} · {c.subject}"), width)
    return [head, *(truncate(INDENT + line, width) for line in event_lines(event))]


def story_text(story: Story, width: int = 100) -> str:
    t = story.task
    head = clean(f"{t.id} {t.title}")
    state = f"{status_name(t.status)} {t.progress}%"
    facts = clean(f"{t.line} · {t.period.label} · {t.owner or NONE} · {state} · " + _("due {date}").format(date=t.due))
    lines = [truncate(head, width), truncate(facts, width), ""]
    for entry in story.entries:
        lines += _story_entry(entry, width)
    dues = [c for e in story.events if (c := e.get("due")) is not None]
    if dues:
        days = sum(c.days or 0 for c in dues)
        moved = counted(len(dues), N_("due date moved {count} time"), N_("due date moved {count} times"))
        lines += ["", _("{moved}, {days} in all").format(moved=moved, days=_days(days))]
    return "\n".join(lines) + "\n"


DAYS = "Days"  # said in the "history" context: the budget's "Days" column is a different word


def _word(header: str) -> str:
    return C_("history", "Days") if header == DAYS else _(header)


COUNT_HEADERS = (
    N_("Done"),
    N_("Added"),
    N_("Dropped"),
    N_("Removed"),
    N_("Resched."),
    DAYS,
    N_("Reassigned"),
    N_("Business line"),
)
NARROW_COUNT_HEADERS = (N_("Done"), N_("Add"), N_("Drop"), N_("Rm"), N_("Resch"), DAYS, N_("Asgn"), N_("Line"))


def _line_counts(log: ChangeLog, width: int) -> list[str]:
    """Counts per business line; short headers when the full ones do not fit."""
    rows = [
        [
            str(x.completed),
            str(x.added),
            str(x.dropped),
            str(x.removed),
            str(x.rescheduled),
            signed(x.slip_days) if x.rescheduled else "",
            str(x.reassigned),
            x.line,
        ]
        for x in log.lines
    ]
    full = table([_word(h) for h in COUNT_HEADERS], rows, width, right=range(7))
    if max(cell_width(line) for line in full) <= width and cell_width(full[0]) < width:
        return full
    return table([_word(h) for h in NARROW_COUNT_HEADERS], rows, width, right=range(7))


KIND_TITLES = (
    ("completed", N_("Completed ({count})")),
    ("added", N_("Added ({count})")),
    ("dropped", N_("Dropped ({count})")),
    ("removed", N_("Removed ({count})")),
    ("rescheduled", N_("Rescheduled ({count})")),
    ("reassigned", N_("Reassigned ({count})")),
)


def _window_row(kind: str, event: TaskEvent) -> list[str]:
    c, t = event.commit, event.task
    if kind == "rescheduled":
        due = event.get("due")
        assert due is not None
        what = f"{due.old} → {due.new} ({_days(due.days or 0)})"
    elif kind == "reassigned":
        owner = event.get("owner")
        assert owner is not None
        what = f"{owner.old or NONE} → {owner.new or NONE}"
    else:
        what = t.line
    reason = event.reason or ""
    return [str(c.day), c.author, t.id, what, f"{t.title}{' · ' + reason if reason else ''}"]


def change_log_text(log: ChangeLog, window: str, width: int = 100) -> str:
    commits = counted(log.commits, N_("{count} commit"), N_("{count} commits"))
    lines = [_("Plan changes {window} · {commits}").format(window=window, commits=commits), ""]
    if not log.lines:
        return "\n".join([*lines, _("No task changed.")]) + "\n"
    lines += _line_counts(log, width)
    for kind, title in KIND_TITLES:
        events = getattr(log, kind)
        if not events:
            continue
        lines += ["", _(title).format(count=len(events))]
        lines += [
            "  " + row
            for row in table(["Date", "By", "ID", "", "Title"], [_window_row(kind, e) for e in events], width - 2)[1:]
        ]
    return "\n".join(lines) + "\n"


SLIP_HEADERS = (
    N_("ID"),
    N_("Moves"),
    DAYS,
    N_("First due"),
    N_("Due now"),
    N_("Owner"),
    N_("Moved by"),
    N_("Title"),
)


def slips_text(report: SlipReport, width: int = 100) -> str:
    if not report.tasks:
        return _("No due date moved later.") + "\n"
    moves = sum(s.moves for s in report.tasks)
    days = sum(s.days for s in report.tasks)
    moved = counted(moves, N_("{count} move"), N_("{count} moves"))
    lines = [
        _("Slipped tasks: {count} ({moves}, {days})").format(count=len(report.tasks), moves=moved, days=_days(days))
    ]
    lines.append("")
    rows = [
        [
            s.task.id,
            str(s.moves),
            signed(s.days),
            str(s.first),
            str(s.current),
            s.task.owner or NONE,
            ", ".join(s.by),
            s.task.title,
        ]
        for s in report.tasks
    ]
    lines += table([_word(h) for h in SLIP_HEADERS], rows, width, right=(1, 2))
    for title, totals in ((_("By owner"), report.by_owner), (_("By business line"), report.by_line)):
        rows = [
            [_("(no owner)") if t.name == NO_OWNER else t.name, str(t.tasks), str(t.moves), signed(t.days)]
            for t in totals
        ]
        lines += ["", *table([title, _("Tasks"), _("Moves"), _word(DAYS)], rows, width, right=(1, 2, 3))]
    return "\n".join(lines) + "\n"
