"""A task's story, a window's change log and the slip report, as text for the terminal.

Plain strings, padded and cut in terminal cells so Chinese text lines up. Plan text and commit
text are untrusted: every piece goes through :func:`pmtasks.text.clean`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pmtasks.git.diff import Change
from pmtasks.git.events import ChangeLog, SlipReport, Story, StoryEntry, TaskEvent
from pmtasks.plan.model import LogEntry
from pmtasks.render.words import signed
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


def change_text(change: Change) -> str:
    """``due 2026-03-31 → 2026-04-15 (+15 d)``, ``owner 王五 → 赵六``, ``tags +调研 −试点``."""
    if change.name in ("depends", "tags"):
        items = [f"+{x}" for x in change.added] + [f"−{x}" for x in change.removed]
        return f"{change.name} {' '.join(items)}"
    if change.name == "notes":
        return "notes edited"
    text = f"{change.name} {change.old or NONE} → {change.new or NONE}"
    if change.days is not None:
        text += f" ({signed(change.days)} d{', beyond its period' if change.outside else ''})"
    return clean(text)


def event_lines(event: TaskEvent) -> list[str]:
    if event.kind == "added":
        t = event.task
        owner = t.owner or NONE
        return [f"added: {t.status.value} {t.progress}%, due {t.due}, owner {owner}, {t.period.label}, {t.loc.path}"]
    if event.kind == "removed":
        return ["removed from the plan"]
    return [change_text(c) for c in event.changes]


def log_text(entry: LogEntry) -> str:
    parts = [
        f"status {entry.status.value}" if entry.status else "",
        f"progress {entry.progress}%" if entry.progress is not None else "",
        f"owner {entry.owner}" if entry.owner else "",
        entry.note or "",
    ]
    text = " · ".join(p for p in parts if p)
    return clean(f"{text} ({entry.author})" if entry.author else text)


def _story_entry(entry: StoryEntry, width: int) -> list[str]:
    if entry.log is not None:
        return [truncate(f"{entry.day}  log         {log_text(entry.log)}", width)]
    event = entry.event
    assert event is not None
    c = event.commit
    head = truncate(clean(f"{entry.day}  {c.short}     {c.author} · {c.subject}"), width)
    return [head, *(truncate(INDENT + line, width) for line in event_lines(event))]


def story_text(story: Story, width: int = 100) -> str:
    t = story.task
    head = clean(f"{t.id} {t.title}")
    facts = clean(f"{t.line} · {t.period.label} · {t.owner or NONE} · {t.status.value} {t.progress}% · due {t.due}")
    lines = [truncate(head, width), truncate(facts, width), ""]
    for entry in story.entries:
        lines += _story_entry(entry, width)
    dues = [c for e in story.events if (c := e.get("due")) is not None]
    if dues:
        days = sum(c.days or 0 for c in dues)
        lines += ["", f"due date moved {len(dues)} time{'s' if len(dues) != 1 else ''}, {signed(days)} d in all"]
    return "\n".join(lines) + "\n"


COUNT_HEADERS = ("Done", "Added", "Dropped", "Removed", "Resched.", "Days", "Reassigned", "Business line")
NARROW_COUNT_HEADERS = ("Done", "Add", "Drop", "Rm", "Resch", "Days", "Asgn", "Line")


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
    full = table(COUNT_HEADERS, rows, width, right=range(7))
    if max(cell_width(line) for line in full) <= width and cell_width(full[0]) < width:
        return full
    return table(NARROW_COUNT_HEADERS, rows, width, right=range(7))


KIND_TITLES = (
    ("completed", "Completed"),
    ("added", "Added"),
    ("dropped", "Dropped"),
    ("removed", "Removed"),
    ("rescheduled", "Rescheduled"),
    ("reassigned", "Reassigned"),
)


def _window_row(kind: str, event: TaskEvent) -> list[str]:
    c, t = event.commit, event.task
    if kind == "rescheduled":
        due = event.get("due")
        assert due is not None
        what = f"{due.old} → {due.new} ({signed(due.days or 0)} d)"
    elif kind == "reassigned":
        owner = event.get("owner")
        assert owner is not None
        what = f"{owner.old or NONE} → {owner.new or NONE}"
    else:
        what = t.line
    reason = event.reason or ""
    return [str(c.day), c.author, t.id, what, f"{t.title}{' · ' + reason if reason else ''}"]


def change_log_text(log: ChangeLog, window: str, width: int = 100) -> str:
    lines = [f"Plan changes {window} · {log.commits} commit{'s' if log.commits != 1 else ''}", ""]
    if not log.lines:
        return "\n".join([*lines, "No task changed."]) + "\n"
    lines += _line_counts(log, width)
    for kind, title in KIND_TITLES:
        events = getattr(log, kind)
        if not events:
            continue
        lines += ["", f"{title} ({len(events)})"]
        lines += [
            "  " + row
            for row in table(["Date", "By", "ID", "", "Title"], [_window_row(kind, e) for e in events], width - 2)[1:]
        ]
    return "\n".join(lines) + "\n"


def slips_text(report: SlipReport, width: int = 100) -> str:
    if not report.tasks:
        return "No due date moved later.\n"
    moves = sum(s.moves for s in report.tasks)
    days = sum(s.days for s in report.tasks)
    lines = [f"Slipped tasks: {len(report.tasks)} ({moves} moves, {signed(days)} d)", ""]
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
    lines += table(
        ["ID", "Moves", "Days", "First due", "Due now", "Owner", "Moved by", "Title"], rows, width, right=(1, 2)
    )
    for title, totals in (("By owner", report.by_owner), ("By business line", report.by_line)):
        rows = [[t.name, str(t.tasks), str(t.moves), signed(t.days)] for t in totals]
        lines += ["", *table([title, "Tasks", "Moves", "Days"], rows, width, right=(1, 2, 3))]
    return "\n".join(lines) + "\n"
