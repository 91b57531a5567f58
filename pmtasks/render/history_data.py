"""A task's story, a window's change log and the slip report as JSON and CSV, for scripts and reports."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from pmtasks.git.events import KINDS, ChangeLog, SlipReport, Story, TaskEvent
from pmtasks.git.history import Commit
from pmtasks.plan.model import LogEntry, Task
from pmtasks.render import diff_data
from pmtasks.render.data import _csv_cell, dumps, task_record


def commit_record(commit: Commit) -> dict[str, Any]:
    return {"sha": commit.sha, "date": commit.date.isoformat(), "author": commit.author, "subject": commit.subject}


def log_record(entry: LogEntry) -> dict[str, Any]:
    return {k: (v.isoformat() if k == "date" else v) for k, v in vars(entry).items() if v is not None}


def task_brief(task: Task) -> dict[str, Any]:
    """A task as every JSON output records it (without the as-of judgements)."""
    return task_record(task)


def event_record(event: TaskEvent) -> dict[str, Any]:
    return {
        "commit": commit_record(event.commit),
        "kind": event.kind,
        "id": event.id,
        "changes": {c.name: diff_data._change(c) for c in event.changes},
        "reason": event.reason,
        "task": task_brief(event.task),
    }


def story_json(story: Story, notes: Sequence[str]) -> str:
    entries = []
    for entry in story.entries:
        if entry.event is not None:
            entries.append({"type": "commit", "date": str(entry.day), **event_record(entry.event)})
        elif entry.log is not None:
            entries.append({"type": "log", **log_record(entry.log)})
    return dumps({"task": task_brief(story.task), "entries": entries, "notes": list(notes)})


def change_log_json(log: ChangeLog, since: str | None, until: str | None, notes: Sequence[str]) -> str:
    return dumps(
        {
            "since": since,
            "until": until,
            "commits": log.commits,
            "lines": [vars(x) for x in log.lines],
            **{kind: [event_record(e) for e in getattr(log, kind)] for kind in KINDS},
            "notes": list(notes),
        }
    )


def slips_json(report: SlipReport, notes: Sequence[str]) -> str:
    tasks = [
        {
            "id": s.task.id,
            "title": s.task.title,
            "line": s.task.line,
            "owner": s.task.owner,
            "moves": s.moves,
            "later": s.later,
            "days": s.days,
            "first_due": s.first.isoformat(),
            "due": s.current.isoformat(),
            "moved_by": list(s.by),
        }
        for s in report.tasks
    ]
    return dumps(
        {
            "tasks": tasks,
            "by_owner": [vars(t) for t in report.by_owner],
            "by_line": [vars(t) for t in report.by_line],
            "notes": list(notes),
        }
    )


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """CSV with a byte-order mark (Excel reads the Chinese text), cells safe from formula injection."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return out.getvalue()


EVENT_FIELDS = ("date", "commit", "author", "id", "kind", "field", "old", "new", "days", "reason", "line", "title")


def _event_rows(event: TaskEvent, kind: str | None = None) -> list[list[Any]]:
    c, t = event.commit, event.task
    head = [str(c.day), c.short, c.author, t.id, kind or event.kind]
    tail = [event.reason, t.line, t.title]
    if not event.changes:
        return [[*head, "", "", "", "", *tail]]
    return [[*head, ch.name, ch.old, ch.new, ch.days, *tail] for ch in event.changes]


def story_csv(story: Story) -> str:
    rows: list[list[Any]] = []
    for entry in story.entries:
        if entry.event is not None:
            rows += _event_rows(entry.event)
        elif entry.log is not None:
            e = entry.log
            rows.append(
                [
                    str(e.date),
                    "",
                    e.author,
                    story.task.id,
                    "log",
                    "",
                    "",
                    e.progress if e.progress is not None else (e.status or e.owner),
                    "",
                    e.note,
                    story.task.line,
                    story.task.title,
                ]
            )
    return _csv(EVENT_FIELDS, rows)


def change_log_csv(log: ChangeLog) -> str:
    rows: list[list[Any]] = []
    for kind in KINDS:
        for event in getattr(log, kind):
            wanted = {"rescheduled": "due", "reassigned": "owner", "completed": "status", "dropped": "status"}.get(kind)
            rows += [r for r in _event_rows(event, kind) if wanted is None or r[5] == wanted]
    return _csv(EVENT_FIELDS, rows)


def slips_csv(report: SlipReport) -> str:
    header = ("id", "line", "owner", "moves", "later", "days", "first_due", "due", "moved_by", "title")
    rows = [
        [
            s.task.id,
            s.task.line,
            s.task.owner,
            s.moves,
            s.later,
            s.days,
            s.first.isoformat(),
            s.current.isoformat(),
            ";".join(s.by),
            s.task.title,
        ]
        for s in report.tasks
    ]
    return _csv(header, rows)
