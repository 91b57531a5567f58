"""Decision lists and rectification ledgers: list, show, add, progress, done, verify, and their counts.

``status`` and ``check`` come here for every plan, most of which have no ledgers: the rules, the
evidence lookups and the writers are imported only once there are ledger files to use them on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pmtasks.errors import PlanInvalid
from pmtasks.ledger.load import ledger_files, load_all, load_ledger_files, read_ledger_files, task_places
from pmtasks.plan.cache import FileCache
from pmtasks.plan.model import Plan
from pmtasks.query import Dashboard
from pmtasks.usecases import read
from pmtasks.usecases.context import Request

if TYPE_CHECKING:  # each is imported where it is used: status and check of a plan without ledgers need none
    from pmtasks.check.report import Report
    from pmtasks.ledger import edits
    from pmtasks.ledger.edits import NewItem
    from pmtasks.ledger.model import Book, Item, Source
    from pmtasks.ledger.query import ItemFilter, LedgerCounts
    from pmtasks.write.store import Outcome


@dataclass(frozen=True)
class Ledgers:
    """The plan, its ledgers, and the as-of date they are judged at."""

    plan: Plan
    book: Book
    as_of: date


def load_ledgers(request: Request) -> Ledgers:
    """The plan and its ledgers; every problem of both, located, when either does not load."""
    plan, book = request.worded(lambda: load_all(request.plans_folder(), year_hint=request.year_hint))
    request.adopt(plan)
    return Ledgers(plan, book, request.day(plan))


def status_with_ledgers(request: Request) -> tuple[Dashboard, Plan, LedgerCounts | None]:
    """The dashboard, its plan, and what ``status`` shows about the ledgers (None when there are none).

    The plan is loaded once: with its ledgers when it has them (every problem of both at once).
    """
    if not ledger_files(request.year_folder()):
        board, plan = read.status_and_plan(request)
        return board, plan, None
    from pmtasks.ledger.query import book_counts

    found = load_ledgers(request)
    return read.dashboard_of(request, found.plan), found.plan, book_counts(found.book, found.as_of)


def list_items(request: Request, chosen: ItemFilter) -> tuple[list[Item], date]:
    """The items ``chosen`` keeps (its as-of date is replaced by the request's), in file order."""
    from pmtasks.ledger.query import ItemFilter

    found = load_ledgers(request)
    keep = ItemFilter(found.as_of, chosen.kinds, chosen.states, chosen.owners, chosen.overdue)
    return keep.select(found.book), found.as_of


def show_item(request: Request, item_id: str) -> tuple[Ledgers, Item]:
    from pmtasks.write.ledger import find_item

    found = load_ledgers(request)
    return found, find_item(found.book, item_id)


def add(
    request: Request, source: Path, new: NewItem, new_source: Source | None, *, dry_run: bool = False
) -> tuple[str, Outcome]:
    """Append ``new`` to the ledger file ``source`` (started from ``new_source`` when missing)."""
    from pmtasks.write.ledger import add_item

    request.speak_plan_language()
    return add_item(request.year_folder(), source, new, new_source, dry_run=dry_run, year_hint=request.year_hint)


@dataclass(frozen=True)
class ItemAsk:
    """What the user asked of one item: the command and its input."""

    command: str  # progress | done | verify
    day: date | None = None
    note: str | None = None
    evidence: tuple[str, ...] = ()
    verifier: str | None = None


def apply_item(request: Request, item_id: str, asked: ItemAsk, *, dry_run: bool = False) -> Outcome:
    """Decide the change to one item and write it (or, with ``dry_run``, only say what would change)."""
    from pmtasks.git.repo import git_author
    from pmtasks.ledger import edits
    from pmtasks.write.edits import checked_text
    from pmtasks.write.ledger import write_item

    folder = request.year_folder()
    note = checked_text(asked.note, "note")
    evidence = [str(checked_text(e, "evidence")) for e in asked.evidence]
    verifier = checked_text(asked.verifier, "verifier's name")
    if asked.command == "done":
        check_evidence(folder, evidence)
    author = git_author(folder)
    request.speak_plan_language()  # also for a refusal before the plan is read (a read-only file)

    def decide(plan: Plan, book: Book, item: Item) -> edits.ItemChange:
        day = asked.day or request.day(plan)
        if asked.command == "progress":
            return edits.progress(item, day, str(note), author)
        if asked.command == "done":
            return edits.done(item, day, evidence, note, author)
        return edits.verify(item, day, verifier or author)

    return write_item(folder, item_id, decide, dry_run=dry_run, year_hint=request.year_hint)


def check_evidence(folder: Path, evidence: Sequence[str]) -> None:
    """Refuse commit or path evidence that does not exist in the plan's repository."""
    from pmtasks.git.evidence import open_repo, unresolved
    from pmtasks.ledger.edits import LedgerRefused, evidence_kind

    local = [e for e in evidence if evidence_kind(e) != "url"]
    if not local:
        return
    repo = open_repo(folder)
    if repo is None:
        raise LedgerRefused(
            f"{local[0]} is a commit or a path, but the plan is not in a git repository, so it "
            "cannot be checked; give a URL instead, or run in the plan's repository"
        )
    missing = unresolved(repo, local)
    if missing:
        raise LedgerRefused(
            "; ".join(missing.values()) + ". Nothing was written; give evidence that exists "
            "(commit it first, or check the hash with `git log --oneline`)"
        )


# --- check: the ledgers' part of the report -------------------------------------------------------


def with_ledgers(report: Report, plan: Plan) -> Report:
    """``report`` (the plan's) followed by the ledgers' findings; an invalid ledger gives PMT001 findings.

    Outside a git repository, commit and path evidence cannot be checked and PMT104 stays quiet.
    """
    folder = Path(plan.root)
    files = read_ledger_files(folder)
    if not files:
        return report
    from pmtasks.check.ledger import LedgerFacts, check_ledgers
    from pmtasks.check.report import problem_findings
    from pmtasks.git.evidence import open_repo, unresolved
    from pmtasks.ledger.edits import evidence_kind

    try:
        book = load_ledger_files(files, task_places(plan), plan.root, cache=FileCache.near(folder))
    except PlanInvalid as exc:
        return replace(report, findings=report.findings + tuple(sorted(problem_findings(exc.problems))))
    local = [e for item in book.items for e in item.evidence if evidence_kind(e) != "url"]
    repo = open_repo(folder) if local else None
    missing = unresolved(repo, local) if repo is not None else {}
    found = check_ledgers(LedgerFacts(plan, book, missing), report.as_of, report.policy)
    return replace(report, findings=report.findings + tuple(found))


def with_ledger_problems(report: Report, root: str) -> Report:
    """The report of a plan that does not load, with its ledgers' own problems added."""
    folder = Path(root)
    files = read_ledger_files(folder) if folder.is_dir() else {}
    if not files:
        return report
    from pmtasks.check.report import problem_findings

    try:
        load_ledger_files(files, {}, root, cache=FileCache.near(folder))
    except PlanInvalid as exc:
        return replace(report, findings=report.findings + tuple(sorted(problem_findings(exc.problems))))
    return report
