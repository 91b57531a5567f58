"""The plan at each commit of its history, read from git alone.

:func:`read_history` lists the commits that touched the plans folder on the first-parent line of a
revision, then reads every tree and file they need through one ``git cat-file --batch`` process.
Each distinct business-line file (git blob) is parsed once, however many commits hold it; a
commit whose plan does not load is skipped with a note, never a crash. The result,
:class:`History`, answers the questions the rest of pmtasks asks of the past: the plan at each
commit, the plan as of a date, and what changed between consecutive commits
(:meth:`History.steps`, the semantic diff of :mod:`pmtasks.git.diff`).

Dates are committer dates (when a change entered the line), in the offset they were made with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from pmtasks.errors import UsageError
from pmtasks.git.commits import PlanReader
from pmtasks.git.diff import PlanDiff, compare
from pmtasks.git.repo import ObjectReader, Repo, first_parent_log, shallow_boundary
from pmtasks.git.views import PlanView, view_changes
from pmtasks.i18n import _
from pmtasks.plan.collector import building
from pmtasks.plan.model import Plan, Task
from pmtasks.text import shown_name


@dataclass(frozen=True)
class Commit:
    """A commit of the plan's history: committer date, author and subject."""

    sha: str
    date: dt.datetime
    author: str
    email: str
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def day(self) -> dt.date:
        return self.date.date()


@dataclass(frozen=True)
class Revision:
    """The plan as it stood at one commit, and the blob behind each of its files.

    ``loaded`` is the plan, or a view of it (:mod:`pmtasks.git.views`) that :attr:`plan` turns
    into the plan the first time it is asked for.
    """

    commit: Commit
    loaded: Plan | PlanView
    folder: str
    blobs: Mapping[str, str]  # plan file path → git blob ID

    @cached_property
    def plan(self) -> Plan:
        return self.loaded if isinstance(self.loaded, Plan) else self.loaded.plan()

    @property
    def title(self) -> str:
        """The plan's title, read without making the plan."""
        return self.loaded.head.title if isinstance(self.loaded, PlanView) else self.loaded.title

    @property
    def settings(self) -> tuple[int, str]:
        """The plan's year and currency: what a business-line file is read with (its periods, its amounts)."""
        source = self.loaded.head if isinstance(self.loaded, PlanView) else self.loaded
        return source.year, source.currency

    @property
    def tasks(self) -> Iterator[Task]:
        """The plan's tasks in order, for figures that do not depend on where a task stands.

        From a view they come without making the plan, so their places (``loc``, ``field_locs``)
        may be those of an earlier version of their file; ask :attr:`plan` for places.
        """
        return self.loaded.tasks() if isinstance(self.loaded, PlanView) else self.plan.tasks


@dataclass(frozen=True)
class Skipped:
    """A commit whose plan does not load, and the first problem that stops it."""

    commit: Commit
    problem: str


@dataclass(frozen=True)
class Step:
    """One commit and what it changed against the plan before it (``before`` None: the first)."""

    before: Revision | None
    after: Revision
    diff: PlanDiff


@dataclass(frozen=True)
class History:
    """The loadable plans of a range of commits, oldest first.

    ``base`` is the plan just before the range (the revision left out by ``A..B``, or the last
    commit before ``since``), so that the first commit's changes are known; ``None`` when the
    range starts at the beginning of what git holds.
    """

    revisions: tuple[Revision, ...]
    base: Revision | None = None
    skipped: tuple[Skipped, ...] = ()
    shallow: Commit | None = None  # the oldest commit a shallow clone holds
    listed: tuple[Commit, ...] = ()  # every commit of the range, those skipped or not read included
    _diffs: dict[int, PlanDiff] = field(default_factory=dict, compare=False, repr=False)

    @property
    def commits(self) -> list[Commit]:
        return [r.commit for r in self.revisions]

    @property
    def notes(self) -> list[str]:
        """What the reader should know about what could not be seen."""
        notes = [
            _("skipped {commit} ({day}): its plan does not load: {problem}").format(
                commit=s.commit.short, day=s.commit.day, problem=s.problem
            )
            for s in self.skipped
        ]
        if self.shallow is not None:
            notes.append(
                _(
                    "shallow clone: history is visible back to {commit} ({day}) only; "
                    "fetch the full history (git fetch --unshallow) to see further back"
                ).format(commit=self.shallow.short, day=self.shallow.day)
            )
        return notes

    def plan_as_of(self, day: dt.date) -> Revision | None:
        """The revision of the last commit at or before the end of ``day``; None before the first."""
        found = self.base if self.base is not None and self.base.commit.day <= day else None
        for rev in self.revisions:
            if rev.commit.day > day:
                break
            found = rev
        return found

    def steps(self) -> Iterator[Step]:
        """Each commit with what changed against the one before (or ``base``), oldest first."""
        before = self.base
        for index, rev in enumerate(self.revisions):
            diff = self._diffs.get(index)
            if diff is None:
                diff = self._diffs[index] = changes_between(before, rev)
            yield Step(before, rev, diff)
            before = rev


def changes_between(before: Revision | None, after: Revision) -> PlanDiff:
    """The semantic diff of two revisions, comparing only the files whose blobs differ.

    A file with the same path and blob on both sides holds the same tasks, so it cannot add to the
    diff (unless plan.yaml's year or currency, which every file is read with, changed too); a task
    that moved between files changed both files, so it is still matched by ID.
    """
    if before is None:
        return compare(None, after.plan)
    same: set[str] = set()
    if before.settings == after.settings:
        same = {shown_name(p) for p, blob in after.blobs.items() if before.blobs.get(p) == blob}
    if isinstance(before.loaded, PlanView) and isinstance(after.loaded, PlanView):
        found = view_changes(before.loaded, after.loaded, same)
        if found is not None:
            return found
    old = replace(before.plan, lines=tuple(x for x in before.plan.lines if x.path not in same))
    new = replace(after.plan, lines=tuple(x for x in after.plan.lines if x.path not in same))
    return compare(old, new)


def read_history(
    repo: Repo,
    plans: str,
    revs: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    at: Callable[[Sequence[Commit]], Iterable[dt.date]] | None = None,
) -> History:
    """The history of the plan in ``plans`` (relative to the repository root).

    ``revs`` is ``B`` (the first-parent line of B; default HEAD) or ``A..B`` (what B adds to A).
    ``since`` and ``until`` keep the commits whose date falls in that window, both days included;
    the last commit before ``since`` becomes the base. ``at``, given the commits of the range,
    names the days that matter: then only the plan as of each of those days is read (a trend needs
    a few dozen plans, not every commit's), and :meth:`History.steps` compares those plans.
    """
    tip, exclude = _range(repo, revs)
    log = list(reversed(first_parent_log(repo, tip, plans, exclude)))
    commits = [Commit(e.sha, e.date, e.author, e.email, e.subject) for e in log]
    boundary = shallow_boundary(repo, tip)
    cut = next((i for i, c in enumerate(commits) if since is None or c.day >= since), len(commits))
    before = commits[:cut]
    inside = [c for c in commits[cut:] if until is None or c.day <= until]
    with ObjectReader(repo) as reader, building():  # as the loader builds a plan
        plans_reader = _PlanReader(reader, plans)
        base = plans_reader.revision(_commit_of(repo, exclude)) if exclude else None
        base = _last_loadable(plans_reader, before) or base
        if at is None:
            plans_reader.plans.prefetch([c.sha for c in inside])
            revisions = [r for c in inside if (r := plans_reader.revision(c)) is not None]
        else:
            revisions = _sampled(plans_reader, inside, at(inside))
    shallow = _commit_of(repo, boundary) if boundary else None
    return History(tuple(revisions), base, tuple(plans_reader.skipped), shallow, tuple(inside))


def _last_loadable(reader: _PlanReader, commits: Sequence[Commit]) -> Revision | None:
    for commit in reversed(commits):
        found = reader.revision(commit)
        if found is not None:
            return found
    return None


def _sampled(reader: _PlanReader, commits: Sequence[Commit], days: Iterable[dt.date]) -> list[Revision]:
    """For each day, the last commit at or before it whose plan loads; each commit read once."""
    found: dict[str, Revision] = {}
    tried: set[str] = set()
    for day in sorted(set(days)):
        for commit in reversed([c for c in commits if c.day <= day]):
            if commit.sha in found:
                break
            if commit.sha in tried:
                continue
            tried.add(commit.sha)
            revision = reader.revision(commit)
            if revision is not None:
                found[commit.sha] = revision
                break
    return [found[c.sha] for c in commits if c.sha in found]


def _range(repo: Repo, revs: str | None) -> tuple[str, str | None]:
    if not revs:
        return repo.commit("HEAD"), None
    if "..." in revs:
        raise UsageError(f"{revs!r}: history takes A..B (what B adds to A) or one revision, not A...B")
    if ".." in revs:
        a, _dots, b = revs.partition("..")
        return repo.commit(b or "HEAD"), repo.commit(a or "HEAD")
    return repo.commit(revs), None


def _commit_of(repo: Repo, sha: str) -> Commit:
    out = repo.git("log", "-1", "-z", "--format=%cI%x1f%aN%x1f%aE%x1f%s", sha, "--")
    when, author, email, subject = out.decode("utf-8", "replace").strip("\0\n").split("\x1f", 3)
    return Commit(sha, dt.datetime.fromisoformat(when), author, email, subject)


class _PlanReader:
    """The revision at each commit, and the commits skipped because their plan does not load."""

    def __init__(self, reader: ObjectReader, plans: str) -> None:
        self.plans = PlanReader(reader, plans)
        self.skipped: list[Skipped] = []

    def revision(self, commit: Commit) -> Revision | None:
        """The plan at ``commit``; None (and a note) when it has none or it does not load."""
        loaded = self.plans.load(commit.sha)
        if isinstance(loaded, str):
            self.skipped.append(Skipped(commit, loaded))
            return None
        return Revision(commit, *loaded)
