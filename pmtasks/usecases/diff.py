"""What changed in the plans between two git revisions (or a revision and the index or work tree)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmtasks.errors import PlansNotFound
from pmtasks.git.diff import PlanDiff, Sides, compare
from pmtasks.git.ledgers import book_at
from pmtasks.git.repo import Repo, Side
from pmtasks.git.revisions import plan_at, resolve
from pmtasks.git.textconv import readable
from pmtasks.i18n import _
from pmtasks.ledger.diff import LedgerDiff, compare_books
from pmtasks.plan.load import find_plans
from pmtasks.usecases.context import Request


@dataclass(frozen=True)
class DiffResult:
    diff: PlanDiff
    sides: Sides
    ledgers: LedgerDiff = field(default_factory=LedgerDiff)

    def failed(self, any_change: bool, slip: bool) -> bool:
        """True when ``any_change`` and something changed, or ``slip`` and a task slipped or was removed."""
        changed = not (self.diff.empty and self.ledgers.empty)
        return (any_change and changed) or (slip and bool(self.diff.slipped or self.diff.removed))


def run_diff(request: Request, revs: Sequence[str] = (), cached: bool = False) -> DiffResult:
    """Compare the plans at the two sides ``revs`` and ``cached`` name (see :func:`pmtasks.git.revisions.resolve`)."""
    # The repository is the one holding the plans folder when it is given, else the one around cwd.
    start = request.plans if request.plans is not None and request.plans.is_dir() else request.cwd
    repo = Repo(start)
    folder = _plans_folder(repo, request)
    base, head = resolve(repo, revs, cached)
    old, old_dir = plan_at(repo, base, folder, year_hint=request.year_hint)
    new, new_dir = plan_at(repo, head, folder, year_hint=request.year_hint)
    if old is None and new is None:
        message = _("no plan under {folder} at {base} or at {head}")
        raise PlansNotFound(message.format(folder=folder, base=base.label, head=head.label), "plans-in-git")
    sides = Sides(_name(base), _name(head), base.sha, head.sha, _folders(old_dir, new_dir, folder))
    ledgers = compare_books(book_at(repo, base, old_dir, old), book_at(repo, head, new_dir, new))
    return DiffResult(compare(old, new), sides, ledgers)


def _plans_folder(repo: Repo, request: Request) -> str:
    """The plans folder relative to the repository root: the one given, else the nearest plans/, else plans."""
    if request.plans is not None:
        return repo.relative(request.plans)
    try:
        return repo.relative(find_plans(request.cwd))
    except PlansNotFound:
        return "plans"


def _name(side: Side) -> str:
    return f"{side.label} ({side.short})" if side.sha else side.label


def _folders(old: str | None, new: str | None, default: str) -> str:
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or default


def textconv(path: Path) -> str:
    """One plan file as flat lines, for a git textconv driver."""
    from pmtasks.errors import PmtasksError

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PmtasksError(f"cannot read {path}: {exc.strerror}") from None
    return readable(data, str(path))
