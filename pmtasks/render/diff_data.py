"""A plan diff as JSON and as a Markdown pull-request comment: plain strings.

The Markdown escapes every plan text with :func:`pmtasks.text.md_escape`, so a title cannot break
a table, inject HTML or @-mention anyone, and it stays under GitHub's comment limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pmtasks.git.diff import Change, PlanDiff, Sides, Summary, TaskChange, TextEdit, label, summarize
from pmtasks.i18n import N_, english
from pmtasks.plan.model import Task
from pmtasks.render.data import dumps, task_record
from pmtasks.render.words import plural, signed, summary_text
from pmtasks.text import clean, md_escape

GITHUB_LIMIT = 65536
NAMES = {
    "file": N_("file"),
    "line": N_("business line"),
    "period": N_("period"),
    "track": N_("track"),
    "id": N_("ID"),
    "start": N_("start"),
    "due": N_("due"),
    "rescheduled": N_("rescheduled"),
    "status": N_("status"),
    "progress": N_("progress"),
    "owner": N_("owner"),
    "title": N_("title"),
    "notes": N_("notes"),
    "depends": N_("depends"),
    "tags": N_("tags"),
}
SIMILAR = 0.4  # below this share of common characters an edit shows as old and new, not inline


def english_summary(summary: Summary) -> str:
    """The summary sentence as JSON and Markdown carry it: in English (their text is not translated yet)."""
    with english():
        return summary_text(summary)


def count_tasks(count: int) -> str:
    return plural(count, "task")


def value(change: Change, which: str) -> str:
    """One side of a simple change as shown to people: ``40%``, ``—`` for nothing."""
    raw = change.old if which == "old" else change.new
    if raw is None:
        return "—"
    return f"{raw}%" if change.name == "progress" else raw


def arrow(change: Change) -> str:
    return f"{value(change, 'old')} → {value(change, 'new')}"


def inline(edit: TextEdit) -> bool:
    """Whether the edit reads well as one line with its runs marked."""
    common = sum(len(a) for tag, a, _ in edit.ops if tag == "equal")
    return common >= SIMILAR * max(len(edit.old), len(edit.new), 1)


# --- JSON -----------------------------------------------------------------------------------------


def _task(task: Task) -> dict[str, Any]:
    return task_record(task)


def _edit(edit: TextEdit) -> list[dict[str, str]]:
    return [{"op": tag, "old": a, "new": b} for tag, a, b in edit.ops]


def _change(change: Change) -> dict[str, Any]:
    record: dict[str, Any] = {"old": change.old, "new": change.new}
    if change.name == "progress":
        record = {"old": int(change.old or 0), "new": int(change.new or 0)}
    if change.days is not None:
        record["days"] = change.days
    if change.name == "due":
        record["outside_period"] = change.outside
    if change.edit is not None:
        record["edit"] = _edit(change.edit)
    if change.name in ("depends", "tags"):
        record = {"added": list(change.added), "removed": list(change.removed)}
    return record


def _changed(item: TaskChange) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.new.title,
        "moved": item.moved,
        "moved_with_file": item.carried,
        "changes": {c.name: _change(c) for c in item.changes},
        "old": _task(item.old),
        "new": _task(item.new),
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "text": english_summary(summary),
        "added": summary.added,
        "removed": summary.removed,
        "rescheduled": summary.rescheduled,
        "slip_days": summary.slip_days,
        "beyond_period": summary.beyond,
        "moved": summary.moved,
        "reassigned": summary.reassigned,
        "progress_updates": summary.progress,
        "edited": summary.edited,
        **summary.structure,
    }


def diff_json(diff: PlanDiff, sides: Sides, extra: dict[str, Any] | None = None) -> str:
    """The diff for scripts; ``extra`` adds sections (the ledgers', when they changed)."""
    return dumps(
        {
            "base": {"label": sides.base, "commit": sides.base_sha},
            "head": {"label": sides.head, "commit": sides.head_sha},
            "plans": sides.folder,
            "changed": not diff.empty,
            "summary": summary_json(summarize(diff)),
            "tasks": {
                "added": [_task(t) for t in diff.added],
                "removed": [_task(t) for t in diff.removed],
                "changed": [_changed(c) for c in diff.changed],
            },
            "plan_title": {"old": diff.title.old, "new": diff.title.new} if diff.title else None,
            "lines": {
                "added": [{"name": x.name, "code": x.code, "file": x.path} for x in diff.lines_added],
                "removed": [{"name": x.name, "code": x.code, "file": x.path} for x in diff.lines_removed],
                "renamed": [{"code": b.code, "old": a.name, "new": b.name} for a, b in diff.lines_renamed],
                "files_renamed": [{"code": b.code, "old": a.path, "new": b.path} for a, b in diff.files_renamed],
            },
            "periods": {
                "added": [{"line": n, "period": label(b), "goal": b.goal} for n, b in diff.periods_added],
                "removed": [{"line": n, "period": label(b), "goal": b.goal} for n, b in diff.periods_removed],
                "changed": [
                    {
                        "line": c.line,
                        "period": c.label,
                        "goal": _edit(c.goal) if c.goal else None,
                        "resources_added": list(c.added),
                        "resources_removed": list(c.removed),
                    }
                    for c in diff.periods_changed
                ],
            },
            **(extra or {}),
        }
    )


# --- Markdown -------------------------------------------------------------------------------------


def md_edit(edit: TextEdit) -> str:
    """The edit with deleted runs in <del> and inserted runs in <ins>; every run escaped."""
    if not inline(edit):
        return f"<del>{md_escape(edit.old)}</del> → <ins>{md_escape(edit.new)}</ins>"
    out = []
    for tag, a, b in edit.ops:
        if tag == "equal":
            out.append(md_escape(a))
            continue
        if a:
            out.append(f"<del>{md_escape(a)}</del>")
        if b:
            out.append(f"<ins>{md_escape(b)}</ins>")
    return "".join(out)


def md_change(change: Change) -> str:
    name = NAMES[change.name]
    if change.edit is not None:
        return f"{name}: {md_edit(change.edit)}"
    if change.name in ("depends", "tags"):
        parts = [f"+{md_escape(x)}" for x in change.added] + [f"−{md_escape(x)}" for x in change.removed]
        return f"{name}: {' '.join(parts)}"
    if change.name == "rescheduled":
        return f"{name}: {md_escape(change.new or '')}"
    text = f"{name}: {md_escape(value(change, 'old'))} → {md_escape(value(change, 'new'))}"
    if change.days is not None:
        text += f" ({signed(change.days)}d)"
    if change.outside:
        text += " **outside its period**"
    return text


def _cell(text: str | None) -> str:
    return md_escape(text) if text else "—"


def _slips(diff: PlanDiff) -> list[str]:
    rows = [(c, due) for c in diff.changed if (due := c.get("due"))]
    rows.sort(key=lambda row: -(row[1].days or 0))
    out = []
    for item, due in rows:
        period = f"**outside {md_escape(item.new.period.label)}**" if due.outside else md_escape(item.new.period.label)
        out.append(
            f"| {md_escape(item.id)} | {_cell(item.new.title)} | {due.old} → {due.new} | "
            f"{signed(due.days or 0)}d | {period} |"
        )
    return out


def _task_rows(tasks: Iterable[Task]) -> list[str]:
    return [
        f"| {md_escape(t.id)} | {_cell(t.title)} | {_cell(t.line)} · {_cell(t.period.label)} | {t.due} | "
        f"{_cell(t.owner)} |"
        for t in tasks
    ]


def _changed_items(diff: PlanDiff) -> list[str]:
    out = []
    for item in diff.listed:
        details = "; ".join(md_change(c) for c in item.changes)
        out.append(f"- **{md_escape(item.id)}** {_cell(item.new.title)}<br>{details}")
    return out


def _structure_items(diff: PlanDiff) -> list[str]:
    out = [f"- plan title: {md_edit(diff.title)}"] if diff.title else []
    out += [f"- added business line {_cell(x.name)} ({_cell(x.code)}, {_cell(x.path)})" for x in diff.lines_added]
    out += [f"- removed business line {_cell(x.name)} ({_cell(x.code)}, {_cell(x.path)})" for x in diff.lines_removed]
    out += [
        f"- renamed business line {_cell(b.code)}: {_cell(a.name)} → {_cell(b.name)}" for a, b in diff.lines_renamed
    ]
    out += [
        f"- moved business line {_cell(b.name)} ({_cell(b.code)}): file {_cell(a.path)} → "
        f"{_cell(b.path)}, {count_tasks(diff.carried(b))} moved with it"
        for a, b in diff.files_renamed
    ]
    out += [f"- added period {_cell(n)} · {_cell(label(b))}" for n, b in diff.periods_added]
    out += [f"- removed period {_cell(n)} · {_cell(label(b))}" for n, b in diff.periods_removed]
    for c in diff.periods_changed:
        parts = [f"goal: {md_edit(c.goal)}"] if c.goal else []
        parts += [f"resource +{_cell(r)}" for r in c.added] + [f"resource −{_cell(r)}" for r in c.removed]
        out.append(f"- changed period {_cell(c.line)} · {_cell(c.label)}<br>{'; '.join(parts)}")
    return out


TASK_HEAD = ["| ID | Task | Line · period | Due | Owner |", "|---|---|---|---|---|"]


def diff_markdown(diff: PlanDiff, sides: Sides, limit: int = GITHUB_LIMIT) -> str:
    """The PR comment: the summary, a table of date changes, then the rest folded in <details>."""
    head = [
        f"### Plan changes: {md_escape(sides.base)} → {md_escape(sides.head)}",
        "",
        f"**{english_summary(summarize(diff))}** in `{clean(sides.folder).replace('`', '')}`",
        "",
    ]
    sections: list[tuple[list[str], list[str], list[str]]] = []
    slips = _slips(diff)
    if slips:
        sections.append(
            (
                [
                    "#### Deadlines moved",
                    "",
                    "| ID | Task | Due | Slip | Period |",
                    "|---|---|---|---:|---|",
                ],
                slips,
                [""],
            )
        )
    for title, items, table in (
        (f"Added tasks ({len(diff.added)})", _task_rows(diff.added), TASK_HEAD),
        (f"Removed tasks ({len(diff.removed)})", _task_rows(diff.removed), TASK_HEAD),
        (f"Changed tasks ({len(diff.listed)})", _changed_items(diff), []),
        ("Periods and business lines", _structure_items(diff), []),
    ):
        if items:
            sections.append(
                (
                    [f"<details><summary>{title}</summary>", "", *table],
                    items,
                    ["", "</details>", ""],
                )
            )
    return _fit(head, sections, limit)


def _fit(head: list[str], sections: list[tuple[list[str], list[str], list[str]]], limit: int) -> str:
    """Whole sections and rows while they fit under ``limit``, then a note of what was left out."""
    note_room = 200
    out, size, left = list(head), sum(len(x) + 1 for x in head), 0
    for start, items, end in sections:
        frame = sum(len(x) + 1 for x in start + end)
        if left or size + frame + note_room > limit:
            left += len(items)
            continue
        out += start
        size += frame
        for i, item in enumerate(items):
            if size + len(item) + 1 + note_room > limit:
                left += len(items) - i
                break
            out.append(item)
            size += len(item) + 1
        out += end
    if left:
        out.append(
            f"_Truncated: {left} more rows do not fit in a comment; "
            "run `pmtasks diff` locally or use `--format json` for the full account._"
        )
    return "\n".join(out).rstrip("\n") + "\n"
