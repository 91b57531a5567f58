"""The plan's past, read from git: a task's story, a window's change log, the slips, the trend."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pmtasks.errors import PmtasksError, UsageError
from pmtasks.git.events import ChangeLog, SlipReport, Story, change_log, slips, task_story
from pmtasks.git.history import Commit, History, read_history
from pmtasks.git.repo import GitError, Repo
from pmtasks.git.trend import By, Every, Trend, days_needed, trend
from pmtasks.usecases.context import Request
from pmtasks.usecases.diff import _plans_folder


@dataclass(frozen=True)
class Window:
    """Which commits to read: ``revs`` (``A..B`` or one revision; None: HEAD) dated ``since``–``until``."""

    revs: str | None = None
    since: date | None = None
    until: date | None = None


def open_history(
    request: Request, window: Window, at: Callable[[Sequence[Commit]], Iterable[date]] | None = None
) -> History:
    """The history of the plans folder the request names (the nearest ``plans/`` by default)."""
    if window.since and window.until and window.until < window.since:
        raise UsageError(f"the window ends ({window.until}) before it starts ({window.since}); swap the dates")
    start = request.plans if request.plans is not None and request.plans.is_dir() else request.cwd
    try:
        repo = Repo(start)
    except GitError:
        raise GitError(
            f"{start} is not inside a git repository; history is read from git, "
            "so run pmtasks in a clone of the plan repository"
        ) from None
    return read_history(repo, _plans_folder(repo, request), window.revs, window.since, window.until, at)


@dataclass(frozen=True)
class Told:
    """A result and the notes on what could not be seen (skipped commits, a shallow clone)."""

    notes: list[str]


@dataclass(frozen=True)
class StoryResult(Told):
    story: Story


@dataclass(frozen=True)
class ChangeLogResult(Told):
    log: ChangeLog
    window: Window


@dataclass(frozen=True)
class SlipsResult(Told):
    report: SlipReport


@dataclass(frozen=True)
class TrendResult(Told):
    trend: Trend
    title: str  # the plan's title at the last point


def story(request: Request, task_id: str, window: Window = Window()) -> StoryResult:
    found = open_history(request, window)
    return StoryResult(found.notes, task_story(found, task_id))


def changes(request: Request, window: Window = Window()) -> ChangeLogResult:
    found = open_history(request, window)
    return ChangeLogResult(found.notes, change_log(found), window)


def slip_report(request: Request, window: Window = Window()) -> SlipsResult:
    found = open_history(request, window)
    return SlipsResult(found.notes, slips(found))


def progress_trend(request: Request, every: Every, by: By = By.none, window: Window = Window()) -> TrendResult:
    """The trend from ``window.since`` (default: the first commit) to ``window.until`` (default: the
    as-of date); only the plans at the sample days are read."""
    end = window.until or _as_of(request)
    found = open_history(request, Window(window.revs, window.since), days_needed(every, end, window.since))
    result = trend(found, every, end, by, window.since)
    last = found.plan_as_of(end)
    return TrendResult(found.notes, result, last.title if last else "")


def _as_of(request: Request) -> date:
    """The as-of date: the one given, else today in the timezone of the plan on disk."""
    if request.as_of is not None:
        return request.as_of
    try:
        return request.day(request.load())
    except PmtasksError:  # no plan on disk, or one that does not load: today where pmtasks defaults
        return request.day_without_plan()
