"""The ledgers' part of ``pmtasks diff``: items added, removed, closed, verified, as text, Markdown, JSON."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text

from pmtasks.ledger.diff import LedgerDiff
from pmtasks.ledger.model import Item
from pmtasks.render.console import safe
from pmtasks.text import md_escape

_MARKS = {"+": "green", "−": "red", "✓": "cyan", "↺": "yellow"}


def _line(mark: str, item: Item, detail: str) -> Group:
    text = Text(f"{mark} ", style=_MARKS[mark], no_wrap=True, overflow="ellipsis")
    text.append_text(safe(item.id, style=f"bold {_MARKS[mark]}"))
    text.append(f"  {item.kind.label}  ")
    text.append_text(safe(item.title))
    rest = Text("    ", style="dim")
    rest.append_text(safe(detail))
    return Group(text, rest)


def _rows(diff: LedgerDiff) -> list[tuple[str, Item, str]]:
    rows: list[tuple[str, Item, str]] = []
    rows += [("+", i, f"{i.source.name} · owner {i.owner} · due {i.due} · {i.state.value}") for i in diff.added]
    rows += [("−", i, f"{i.source.name} · {i.state.value}") for i in diff.removed]
    rows += [("✓", b, f"{a.state.value} → {b.state.value}" + _evidence(b)) for a, b in diff.closed]
    rows += [("✓", i, f"verified by {i.verified_by} on {i.verified_on}") for i in diff.verified]
    rows += [("↺", b, f"reopened: {a.state.value} → {b.state.value}") for a, b in diff.reopened]
    return rows


def _evidence(item: Item) -> str:
    return f" · evidence: {', '.join(item.evidence)}" if item.evidence else ""


def ledger_diff_view(diff: LedgerDiff) -> Group:
    """A blank line, the summary, then one entry per item in ID order of each kind of change."""
    parts: list[Any] = [Text(""), Text(diff.summary(), style="bold")]
    parts += [_line(mark, item, detail) for mark, item, detail in _rows(diff)]
    return Group(*parts)


def ledger_diff_markdown(diff: LedgerDiff) -> str:
    """A section to append to the pull-request comment; every ledger text is escaped."""
    out = ["", f"#### {md_escape(diff.summary())}", ""]
    names = {"+": "added", "−": "removed", "✓": "closed", "↺": "reopened"}
    for mark, item, detail in _rows(diff):
        what = "verified" if detail.startswith("verified by") else names[mark]
        out.append(f"- {what} **{md_escape(item.id)}** {md_escape(item.title)} — {md_escape(detail)}")
    return "\n".join(out) + "\n"


def _item(item: Item) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind.value,
        "title": item.title,
        "owner": item.owner,
        "due": item.due.isoformat(),
        "state": item.state.value,
        "file": item.loc.path,
    }


def ledger_diff_json(diff: LedgerDiff) -> dict[str, Any]:
    return {
        "added": [_item(i) for i in diff.added],
        "removed": [_item(i) for i in diff.removed],
        "closed": [{**_item(b), "old_state": a.state.value, "evidence": list(b.evidence)} for a, b in diff.closed],
        "verified": [
            {
                **_item(i),
                "verified_by": i.verified_by,
                "verified_on": i.verified_on.isoformat() if i.verified_on else None,
            }
            for i in diff.verified
        ],
        "reopened": [{**_item(b), "old_state": a.state.value} for a, b in diff.reopened],
    }
