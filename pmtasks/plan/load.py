"""Find, read and validate a plan: every problem in every file, located, all at once.

``load_files`` is pure (file names and bytes in, a :class:`Plan` or :class:`PlanInvalid` out),
so plans read from git revisions go through exactly the same checks as those on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmtasks.errors import MAX_FILE_BYTES, PlanInvalid, Problem
from pmtasks.i18n import _
from pmtasks.plan import build
from pmtasks.plan.amounts import DEFAULT_CURRENCY
from pmtasks.plan.build import FileResult, Head
from pmtasks.plan.cache import FileCache, blob_id
from pmtasks.plan.collector import building

# Finding the plan on disk lives in discover; these names stay importable from here.
from pmtasks.plan.discover import (
    PLAN_FILE,
    SUFFIXES,
    display,
    find_plans,
    from_work_tree_root,
    is_plan_file,
    newest_year,
    plan_dir,
    plan_file_key,
    plan_files,
)
from pmtasks.plan.integrity import cross_checks, line_checks
from pmtasks.plan.kpis import duplicate_kpis
from pmtasks.plan.model import Line, Loc, Plan
from pmtasks.text import shown_name

__all__ = [
    "PLAN_FILE",
    "SUFFIXES",
    "display",
    "find_plans",
    "from_work_tree_root",
    "is_plan_file",
    "load_files",
    "load_plan",
    "load_source",
    "newest_year",
    "plan_dir",
    "plan_file_key",
    "plan_files",
    "plan_language",
    "read_capped",
]


def load_plan(plans: Path, *, year_hint: int | None = None) -> Plan:
    """Load the plan under ``plans`` (a plans/ folder or one year's folder); see :func:`load_files`."""
    folder = plan_dir(plans)
    paths = {display(p): p for p in plan_files(folder)}
    source = Source(list(paths), lambda names: {n: read_capped(paths[n]) for n in names})
    return load_source(source, display(folder), FileCache.near(folder), year_hint=year_hint)


def plan_language(plans: Path) -> str | None:
    """plan.yaml's ``lang:`` under ``plans`` when plan.yaml itself is valid; None otherwise.

    For a plan that does not load, so that its problems can be worded in the language it asks for.
    """
    folder = plan_dir(plans)
    name = display(folder / PLAN_FILE)
    try:
        data = read_capped(folder / PLAN_FILE)
    except OSError:
        return None
    result = _results(Source.of({name: data}), [name], FileCache.near(folder), "plan", None, "")[name]
    return result.head.lang if result.head is not None and not result.problems else None


def read_capped(path: Path) -> bytes:
    """The file's bytes, but no more than one past the size limit (which is then reported)."""
    with path.open("rb") as file:
        return file.read(MAX_FILE_BYTES + 1)


@dataclass(frozen=True)
class Source:
    """The files of a plan: their names in order, any git blob IDs already known, and a reader."""

    names: Sequence[str]
    read: Callable[[Sequence[str]], Mapping[str, bytes]]
    blobs: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, files: Mapping[str, bytes]) -> Source:
        return cls(list(files), lambda names: {n: files[n] for n in names})


def load_files(
    files: Mapping[str, bytes], root: str, cache: FileCache | None = None, *, year_hint: int | None = None
) -> Plan:
    """Validate plan.yaml and each business-line file; raise PlanInvalid with every problem.

    Periods are read in plan.yaml's year. When plan.yaml cannot say, the year folder's name
    is used, else ``year_hint`` (the caller's current year); with neither, the business-line
    files are only checked to be YAML.
    """
    return load_source(Source.of(files), root, cache, year_hint=year_hint)


def load_source(source: Source, root: str, cache: FileCache | None = None, *, year_hint: int | None = None) -> Plan:
    """Like :func:`load_files`; files whose results are cached are not read at all.

    The collector is paused while the plan is built (its many long-lived objects would
    otherwise trigger repeated full collections) and the result is frozen out of its way.
    """
    source = _shown(source)  # names from git may not be UTF-8
    root = shown_name(root)
    with building():
        return _load(source, root, cache or FileCache(None, ""), year_hint)


def _load(source: Source, root: str, cache: FileCache, year_hint: int | None) -> Plan:
    problems: list[Problem] = []
    plan_path = next((p for p in source.names if Path(p).name == PLAN_FILE), None)
    head: Head | None = None
    if plan_path is None:
        problems.append(
            Problem(
                str(Path(root) / PLAN_FILE),
                1,
                1,
                f"missing {PLAN_FILE}",
                "create it with at least `title:` and `year:`",
            )
        )
    else:
        result = _results(source, [plan_path], cache, "plan", None, "")[plan_path]
        problems += result.problems
        head = result.head
    year = head.year if head else _guess_year(root, year_hint)
    currency = head.currency if head else DEFAULT_CURRENCY
    line_paths = [p for p in source.names if p != plan_path]
    results = _results(source, line_paths, cache, "line", year, currency)
    lines: list[Line] = []
    heads: list[tuple[str, str, Loc, Loc]] = []  # each line's name and code, and where they stand
    for path in line_paths:
        result = results[path]
        problems += result.problems
        if result.line is not None:
            lines.append(result.line)
        if result.names is not None:
            heads.append(result.names)
    if not lines and not problems:
        problems.append(
            Problem(
                plan_path or root,
                1,
                1,
                _("the plan has no business-line files"),
                _("add one YAML file per business line beside {file}").format(file=PLAN_FILE),
            )
        )
    plan_kpis = head.kpis if head else ()
    problems += line_checks(heads) + cross_checks(lines) + duplicate_kpis(lines, plan_kpis)
    if problems or head is None:
        raise PlanInvalid(problems, root)
    return Plan(
        head.title,
        head.year,
        head.timezone,
        tuple(lines),
        root,
        head.org,
        head.check,
        head.currency,
        head.kpis,
        head.report,
        head.reschedule,
        lang=head.lang,
    )


def _shown(source: Source) -> Source:
    """``source`` with each file named as text (bytes that are not UTF-8 escaped as ``\\xff``)."""
    shown = {shown_name(n): n for n in source.names}
    if all(s == n for s, n in shown.items()):
        return source

    def read(names: Sequence[str]) -> Mapping[str, bytes]:
        data = source.read([shown[n] for n in names])
        return {n: data[shown[n]] for n in names}

    blobs = {shown_name(n): b for n, b in source.blobs.items()}
    return Source(list(shown), read, blobs)


def file_key(cache: FileCache, kind: str, year: int | None, currency: str, path: str, blob: str) -> str:
    """The cache key of one plan file's result: its kind, the plan settings it is read with, its path and content."""
    return cache.key(kind, f"{year}|{currency}", path, blob)


def _results(
    source: Source, paths: Sequence[str], cache: FileCache, kind: str, year: int | None, currency: str
) -> dict[str, FileResult]:
    """Each file's result: from the cache when its content was seen before, else read and stored."""
    if not cache.enabled:
        data = source.read(paths)
        return {p: build.file_result(data[p], p, kind, year, currency) for p in paths}
    known = dict(source.blobs)
    unknown = [p for p in paths if p not in known]
    data = dict(source.read(unknown)) if unknown else {}
    known.update((p, blob_id(data[p])) for p in unknown)
    keys = {p: file_key(cache, kind, year, currency, p, known[p]) for p in paths}
    results = {p: cache.get(keys[p]) for p in paths}
    missing = [p for p, r in results.items() if not isinstance(r, FileResult)]
    if missing:
        data.update(source.read([p for p in missing if p not in data]))
    for path in missing:
        results[path] = build.file_result(data[path], path, kind, year, currency)
        cache.put(keys[path], results[path])
    cache.close()
    return results  # type: ignore[return-value]


def _guess_year(root: str, hint: int | None) -> int | None:
    name = Path(root).name
    return int(name) if name.isdigit() and len(name) == 4 else hint
