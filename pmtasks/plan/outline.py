"""The words of a plan, read fast and forgivingly: for shell completion, not for judging the plan.

The files are parsed with libyaml and nothing is validated: a plan with a mistake in it still
offers its task IDs, business lines, periods, owners and tags, and a file that does not parse
offers nothing. Never used to decide anything; :mod:`pmtasks.plan.load` reads the plan for that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmtasks.errors import PmtasksError
from pmtasks.plan.discover import PLAN_FILE, plan_dir, plan_files


@dataclass
class Outline:
    """Each kind of word in the plan, in plan order, without repeats."""

    tasks: dict[str, str] = field(default_factory=dict)  # ID → title
    lines: dict[str, str] = field(default_factory=dict)  # code → name
    periods: dict[str, None] = field(default_factory=dict)
    tracks: dict[str, None] = field(default_factory=dict)
    owners: dict[str, None] = field(default_factory=dict)
    tags: dict[str, None] = field(default_factory=dict)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _add(outline: Outline, data: Any) -> None:
    if not isinstance(data, dict):
        return
    code, name = _text(data.get("code")), _text(data.get("line"))
    if code and name:
        outline.lines.setdefault(code, name)
    for block in data.get("periods") or ():
        if not isinstance(block, dict):
            continue
        for key, into in (("period", outline.periods), ("track", outline.tracks)):
            if word := _text(block.get(key)):
                into.setdefault(word)
        for task in block.get("tasks") or ():
            if not isinstance(task, dict):
                continue
            if ident := _text(task.get("id")) if not isinstance(task.get("id"), int) else str(task["id"]):
                outline.tasks.setdefault(ident, _text(task.get("title")) or "")
            if owner := _text(task.get("owner")):
                outline.owners.setdefault(owner)
            for tag in task.get("tags") or () if isinstance(task.get("tags"), list) else ():
                if word := _text(tag):
                    outline.tags.setdefault(word)


def outline(plans: Path) -> Outline:
    """The words of the plan under ``plans``; empty when there is no readable plan."""
    import yaml  # here, not at the top: every command imports this module, few complete

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found = Outline()
    try:
        files = [p for p in plan_files(plan_dir(plans)) if p.name != PLAN_FILE]
    except (OSError, PmtasksError):  # no plan here: nothing to offer
        return found
    for path in files:
        try:
            _add(found, yaml.load(path.read_bytes(), Loader=loader))
        except (OSError, yaml.YAMLError, RecursionError):
            continue
    return found
