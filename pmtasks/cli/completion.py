"""Shell completion that knows the plan: task IDs (with their titles), lines, periods, owners, tags.

Each function is a typer ``autocompletion`` callback. They read the plan's words with
:func:`pmtasks.plan.outline.outline` (libyaml, no validation), so completing stays fast and still
works while a file has a mistake in it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmtasks.errors import PmtasksError
from pmtasks.text import clean

if TYPE_CHECKING:  # read only when completing, not on every command
    from pmtasks.plan.outline import Outline

STATUSES = (
    ("todo", "not started"),
    ("doing", "in progress"),
    ("done", "finished"),
    ("blocked", "waiting on something"),
    ("dropped", "no longer planned"),
)
SORT_KEYS = ("plan", "id", "due", "start", "progress", "status", "line", "owner")


def _outline(ctx: typer.Context) -> Outline:
    """The words of the plan the command line names (--plans, PMTASKS_PLANS, else the nearest plans/)."""
    from pmtasks.plan.discover import find_plans
    from pmtasks.plan.outline import Outline, outline

    given = None
    while ctx is not None and given is None:
        given = ctx.params.get("plans")
        ctx = ctx.parent  # type: ignore[assignment]
    given = given or os.environ.get("PMTASKS_PLANS")
    try:
        plans = Path(given) if given else find_plans(Path.cwd())
    except PmtasksError:
        return Outline()
    return outline(plans)


def _offer(words: Iterable[tuple[str, str]], incomplete: str) -> list[tuple[str, str]]:
    """The words that start with what was typed, in any case; each with its description."""
    typed = incomplete.casefold()
    return [(clean(word), clean(help)) for word, help in words if word.casefold().startswith(typed)]


def task_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _offer(_outline(ctx).tasks.items(), incomplete)


def lines(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    found = _outline(ctx).lines
    return _offer([*found.items(), *((name, code) for code, name in found.items())], incomplete)


def periods(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _offer(((p, "") for p in _outline(ctx).periods), incomplete)


def tracks(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _offer(((t, "") for t in _outline(ctx).tracks), incomplete)


def owners(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _offer(((o, "") for o in _outline(ctx).owners), incomplete)


def tags(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    return _offer(((t, "") for t in _outline(ctx).tags), incomplete)


def statuses(incomplete: str) -> list[tuple[str, str]]:
    return _offer(STATUSES, incomplete)


def sort_keys(incomplete: str) -> list[tuple[str, str]]:
    return _offer(((k, "") for k in SORT_KEYS), incomplete)
