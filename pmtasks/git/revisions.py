"""Which revisions a command compares, and the plan at a revision (through the one git reader, repo.py)."""

from __future__ import annotations

from collections.abc import Sequence

from pmtasks.errors import PlanInvalid, UsageError
from pmtasks.git.repo import INDEX, WORKTREE, Repo, Side
from pmtasks.plan.cache import FileCache
from pmtasks.plan.load import load_source
from pmtasks.plan.model import Plan


def resolve(repo: Repo, revs: Sequence[str], cached: bool) -> tuple[Side, Side]:
    """The two sides ``pmtasks diff`` compares, from its arguments, as ``git diff`` reads them.

    No revision: HEAD against the working tree (the index with ``cached``). ``BASE``: BASE against
    the working tree. ``A...B``: the merge base of A and B against B. ``A..B`` and ``A B``: A against B.
    """
    if len(revs) > 2:
        raise UsageError(f"give at most two revisions, BASE and HEAD; got {len(revs)}")
    ranges = [r for r in revs if ".." in r]
    if ranges and len(revs) > 1:
        raise UsageError(f"{ranges[0]!r} is a range already; give it alone, or give BASE HEAD without dots")
    if any(r.count("..") > 1 or r.count("...") > 1 for r in ranges):
        raise UsageError(f"{ranges[0]!r} has more than one range; write A..B or A...B")
    if cached and (len(revs) == 2 or ranges):
        raise UsageError("compares one revision (default HEAD) with the index; give at most BASE", "cached")
    other = Side(INDEX, kind="index") if cached else Side(WORKTREE, kind="worktree")
    if not revs:
        return _side(repo, "HEAD"), other
    if len(revs) == 2:
        return _side(repo, revs[0]), _side(repo, revs[1])
    rev = revs[0]
    if "..." in rev:
        a, _, b = rev.partition("...")
        base, head = _side(repo, a or "HEAD"), _side(repo, b or "HEAD")
        sha = repo.merge_base(str(base.sha), str(head.sha), (base.label, head.label))
        return Side(f"merge base of {base.label} and {head.label}", sha), head
    if ".." in rev:
        a, _, b = rev.partition("..")
        return _side(repo, a or "HEAD"), _side(repo, b or "HEAD")
    return _side(repo, rev), other


def _side(repo: Repo, rev: str) -> Side:
    return Side(rev, repo.commit(rev))


def plan_at(repo: Repo, side: Side, plans: str, *, year_hint: int | None = None) -> tuple[Plan | None, str | None]:
    """The plan of ``side`` and the year folder it came from; ``(None, None)`` when it has none.

    Loaded by :func:`pmtasks.plan.load.load_source`, so both sides get exactly the checks a plan on disk
    gets; a side that does not load raises PlanInvalid naming the revision.
    """
    snap = repo.snapshot(side, plans)
    if snap.folder is None:
        return None, None
    try:
        return load_source(snap.source, snap.folder, FileCache.near(repo.root), year_hint=year_hint), snap.folder
    except PlanInvalid as exc:
        where = f"{snap.folder} at {side.label}" + (f" ({side.short})" if side.sha else "")
        raise PlanInvalid(exc.problems, where) from None
