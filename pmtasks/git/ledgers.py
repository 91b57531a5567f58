"""The ledgers of a plan at a git revision, read through :class:`pmtasks.git.repo.Repo`."""

from __future__ import annotations

from pmtasks.errors import PlanInvalid
from pmtasks.git.repo import Repo, Side
from pmtasks.ledger.load import LEDGERS, load_ledger_files, task_places
from pmtasks.ledger.model import Book
from pmtasks.plan.load import is_plan_file
from pmtasks.plan.model import Plan


def book_at(repo: Repo, side: Side, year_folder: str | None, plan: Plan | None) -> Book | None:
    """The ledgers in ``year_folder``/ledgers on ``side``; None when there are none.

    They go through the same checks as on disk; a side whose ledgers do not load raises
    PlanInvalid naming the revision.
    """
    if year_folder is None or plan is None:
        return None
    folder = f"{year_folder.rstrip('/')}/{LEDGERS}" if year_folder != "." else LEDGERS
    files = {p: data for p, data in repo.files_under(side, folder).items() if is_plan_file(p.rsplit("/", 1)[-1])}
    if not files:
        return None
    try:
        return load_ledger_files(files, task_places(plan), folder)
    except PlanInvalid as exc:
        where = f"{folder} at {side.label}" + (f" ({side.short})" if side.sha else "")
        raise PlanInvalid(exc.problems, where) from None
