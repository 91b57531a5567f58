"""A governance report: narrow the plan's tasks, read the window's changes from git, assemble the sections."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pmtasks.errors import PlanInvalid, UsageError
from pmtasks.git.repo import GitError, Repo
from pmtasks.git.window import window_changes
from pmtasks.govern.changes import WindowChanges
from pmtasks.govern.colour import Colour, task_colour
from pmtasks.govern.report import Report, build_report
from pmtasks.govern.window import Window, last_full, parse_window
from pmtasks.ledger.load import ledger_files
from pmtasks.ledger.model import Book
from pmtasks.plan.model import Plan
from pmtasks.query import TaskFilter
from pmtasks.usecases.context import Request


def choose_window(kind: str, as_of: date, chosen: str | None) -> Window:
    """``chosen`` (``2026-W48``, ``2026-11``, ``2026Q4``) or the last full one before ``as_of``.

    A window that starts after ``as_of`` is refused: nothing in it has happened, so every figure would be a guess."""
    if not chosen:
        return last_full(kind, as_of)
    window = parse_window(kind, chosen)
    if window.start > as_of:
        raise UsageError(
            f"{window.label} starts {window.start}, after the as-of date {as_of}: nothing in it has happened yet; "
            "choose a window that has begun, or a later as-of date"
        )
    return window


def _history(plan: Plan, window: Window, year_hint: int) -> tuple[WindowChanges | None, str | None]:
    """The window's changes and the revision of the plan files; (None, None) outside git."""
    try:
        repo = Repo(Path(plan.root))
        folder = repo.relative(Path(plan.root))
        head = repo.last_commit(folder)
    except GitError:
        return None, None
    if head is None:
        return None, None
    revision = head[:7] + (" +" if repo.modified(folder) else "")
    return window_changes(repo, folder, window, plan.timezone, year_hint), revision


def run_report(
    request: Request, kind: str, chosen: str | None = None, lines: Sequence[str] = (), owners: Sequence[str] = ()
) -> Report:
    """The ``kind`` report (weekly, monthly, quarterly) for the ``chosen`` window or the last full one."""
    book: Book | None = None
    if ledger_files(request.year_folder()):
        from pmtasks.usecases.ledger import load_ledgers

        found = load_ledgers(request)
        plan, book = found.plan, found.book
    else:
        plan = request.load()
    day = request.day(plan)
    window = choose_window(kind, day, chosen)
    tasks = TaskFilter(lines=tuple(lines), owners=tuple(owners)).select(plan, day)
    changes, revision = _history(plan, window, request.year_hint)
    filters = [*(f"line {v}" for v in lines), *(f"owner {v}" for v in owners)]
    return build_report(plan, window, day, tasks, changes, revision, filters, book)


def red_tasks(request: Request) -> list[str]:
    """The IDs of the tasks red at the as-of date; none when the plan does not load (check reports that)."""
    try:
        plan = request.load()
    except PlanInvalid:
        return []
    day = request.day(plan)
    return [t.id for t in plan.tasks if task_colour(t, day, plan.report) is Colour.RED]
