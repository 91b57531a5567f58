"""The only code that writes plan files: locked, checked, atomic.

A write takes an exclusive lock on a sidecar file beside the plan file
(``.<name>.pmtasks-lock``), reads the plan under that lock, splices the edit in, loads and
validates the result, checks it says exactly what was asked, and only then replaces the file
atomically (a temporary file in the same folder, fsync, the old file's mode, ``os.replace``).
A file that changed on disk since it was read is never overwritten.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import os
import re
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmtasks.errors import PlanInvalid, PmtasksError
from pmtasks.i18n import _
from pmtasks.plan.cache import FileCache
from pmtasks.plan.load import display, load_files, plan_files, read_capped
from pmtasks.plan.model import Plan, Task
from pmtasks.query import task_by_id
from pmtasks.text import clean, split_bom
from pmtasks.write.edits import Change, verify
from pmtasks.write.itemedit import edit_items
from pmtasks.write.reread import prime
from pmtasks.write.yamledit import TaskEdit, apply_edits

LOCK_TIMEOUT = 30.0
TEMP_SUFFIX = ".pmtasks-tmp"


class WriteFailed(PmtasksError):
    """The file cannot or must not be written; nothing was changed."""

    @classmethod
    def plan_changed(cls) -> WriteFailed:
        """The plan changed between two reads of one write (another writer, an editor)."""
        return cls(_("the plan changed while pmtasks read it; run the command again"))


def _so_far(done: Sequence[str], nothing: str) -> str:
    """What a write that failed part way had already written, or ``nothing`` (translated)."""
    return _("already written: {files}").format(files=", ".join(done)) if done else nothing


@dataclass
class Outcome:
    """What a write did (or, in a dry run, would do)."""

    lines: list[str] = field(default_factory=list)  # what a KPI write says it did (tasks: see changes)
    diff: str = ""  # set in a dry run only
    written: list[str] = field(default_factory=list)
    changes: list[tuple[Task, Change]] = field(default_factory=list)  # each task as it was, and its change


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.pmtasks-lock")


@contextlib.contextmanager
def locked(paths: Sequence[Path], timeout: float | None = None) -> Iterator[None]:
    """Hold the writer lock of each file (taken in name order, so two writers never deadlock)."""
    with contextlib.ExitStack() as stack:
        for path in sorted(set(paths)):
            stack.enter_context(_lock_one(path, LOCK_TIMEOUT if timeout is None else timeout))
        yield


@contextlib.contextmanager
def _lock_one(path: Path, timeout: float) -> Iterator[None]:
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        where = display(lock_path(path))
        raise WriteFailed(
            _("cannot create the lock file {file}: {error}; is the folder writable?").format(
                file=where, error=exc.strerror
            )
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WriteFailed(
                        _(
                            "another pmtasks has been writing {file} for {seconds} s; "
                            "wait for it to finish and run the command again"
                        ).format(file=display(path), seconds=f"{timeout:.0f}")
                    ) from None
                time.sleep(0.005)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def check_writable(path: Path) -> None:
    """Refuse a read-only file or folder before anything is touched (also when running as root)."""
    for target, what in ((path, "file"), (path.parent, "folder")):
        mode = target.stat().st_mode
        writable = mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # root ignores the mode
        if not os.access(target, os.W_OK) or not writable:
            message = (
                _("{path} is a read-only file; nothing was changed. Make it writable (chmod u+w {path}) and run again")
                if what == "file"
                else _(
                    "{path} is a read-only folder; nothing was changed. "
                    "Make it writable (chmod u+w {path}) and run again"
                )
            )
            raise WriteFailed(message.format(path=display(target)))


def replace_file(path: Path, old: bytes, new: bytes) -> None:
    """Atomically replace ``path`` (which must still hold ``old``) with ``new``; keep its mode."""
    replace_files([(path, old, new)])


def replace_files(items: Sequence[tuple[Path, bytes, bytes]]) -> None:
    """Replace each ``(path, old, new)`` atomically, all or (as far as the OS allows) none.

    Every new file is written and synced to a temporary file first; only when all of them are
    ready, and every target still holds what was read, are they renamed into place.
    """
    staged: list[tuple[Path, Path, bytes]] = []
    done: list[str] = []
    try:
        targets = [path.resolve() for path, _old, _new in items]  # a symbolic link stays a link to the edited file
        for folder in {target.parent for target in targets}:
            _remove_stale_temps(folder, targets)
        for target, (_path, old, new) in zip(targets, items, strict=True):
            staged.append((target, _stage(target, new), old))
        for target, _temp, old in staged:
            _unchanged(target, old, done)
        for target, temp, old in staged:
            # Again just before the rename: an editor's save can only fall in the moment between the two.
            _unchanged(target, old, done)
            os.replace(temp, target)
            done.append(display(target))
    except OSError as exc:
        where = display(Path(exc.filename)) if exc.filename else _("a plan file")
        outcome = _so_far(done, _("nothing was changed"))
        raise WriteFailed(
            _("cannot write {file}: {error}; {outcome}").format(file=where, error=exc.strerror, outcome=outcome)
        ) from None
    finally:
        for _target, temp, _old in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    for folder in {staged_target.parent for staged_target, _temp, _old in staged}:
        _sync_folder(folder)


def write_output(path: Path, data: bytes) -> None:
    """Create or replace a generated file (a report) atomically: a synced temporary file, renamed into place."""
    target = path.resolve()
    temp = temp_name(target)
    try:
        write_synced(temp, data, 0o644)
        os.replace(temp, target)
    except OSError as exc:
        raise WriteFailed(
            _("cannot write {file}: {error}; {outcome}").format(
                file=display(path), error=exc.strerror, outcome=_("nothing was written")
            )
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    _sync_folder(target.parent)


def create_file(path: Path, new: bytes) -> None:
    """Create ``path`` holding ``new``, atomically: a synced temporary file linked into place.

    Refused when ``path`` exists already (another writer created it first); nothing is changed.
    """
    temp = temp_name(path)
    try:
        write_synced(temp, new, 0o666)  # the umask applies
        os.link(temp, path)
    except FileExistsError:
        raise WriteFailed(
            _("{file} was created by someone else meanwhile; nothing was written. Run the command again").format(
                file=display(path)
            )
        ) from None
    except OSError as exc:
        raise WriteFailed(
            _("cannot create {file}: {error}; nothing was changed").format(file=display(path), error=exc.strerror)
        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    _sync_folder(path.parent)


def temp_name(target: Path) -> Path:
    """The temporary file a writer stages ``target`` in; writers killed mid-write leave these behind."""
    return target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")


def write_synced(temp: Path, data: bytes, create_mode: int, chmod: int | None = None) -> None:
    """Create ``temp`` (it must not exist) holding ``data``, flushed to disk; ``chmod`` sets its mode."""
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, create_mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        if chmod is not None:
            os.fchmod(out.fileno(), chmod)
        os.fsync(out.fileno())


def _stage(target: Path, new: bytes) -> Path:
    """``new`` in a synced temporary file beside ``target``, with ``target``'s mode."""
    mode = stat.S_IMODE(target.stat().st_mode)
    temp = temp_name(target)
    try:
        write_synced(temp, new, 0o600, chmod=mode)
    except BaseException:  # a full disk, an interrupt: the temporary file goes with the failure
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _unchanged(path: Path, old: bytes, done: Sequence[str] = ()) -> None:
    if path.read_bytes() != old:
        outcome = _so_far(done, _("nothing was written"))
        raise WriteFailed(
            _(
                "{file} changed on disk while pmtasks was working (an editor saved it?); "
                "{outcome}. Run the command again"
            ).format(file=display(path), outcome=outcome)
        )


def _remove_stale_temps(folder: Path, locked_targets: Sequence[Path]) -> None:
    """Temporary files left in ``folder`` by writers that were killed.

    Those of the files being written go at once (their lock is held). Those of any other file go
    only when that file's lock is free, so a writer at work on it keeps its temporary file.
    """
    held = {target.name for target in locked_targets}
    for stale in folder.glob(f".*{TEMP_SUFFIX}"):
        name = stale.name[1 : -len(TEMP_SUFFIX)].rsplit(".", 1)[0]
        if name in held:
            with contextlib.suppress(OSError):
                stale.unlink()
        else:
            _remove_if_unlocked(stale, folder / name)


def _remove_if_unlocked(stale: Path, path: Path) -> None:
    """Remove ``stale`` while holding the lock of ``path``, if no writer holds it now."""
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:  # every writer takes the lock before it stages a file: none is at work
        with contextlib.suppress(OSError):
            stale.unlink()
        return
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with contextlib.suppress(OSError):
            stale.unlink()
    except BlockingIOError:
        pass  # a writer is at work on that file; its temporary file is not stale
    finally:
        os.close(fd)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


Decide = Callable[[Plan, Task], Change]


def write(
    folder: Path, ids: Sequence[str], decide: Decide, *, dry_run: bool = False, year_hint: int | None = None
) -> Outcome:
    """Apply ``decide`` to each task in ``ids`` and write the files, or show the diff (dry run)."""
    files = {display(p): p for p in plan_files(folder)}
    root = display(folder)
    cache = FileCache.near(folder, memory=True)  # each file is parsed at most once per write
    before = {name: read_capped(p) for name, p in files.items()}
    first = load_files(before, root, cache, year_hint=year_hint)
    targets = sorted({files[task_by_id(first, i).loc.path] for i in ids})
    if not dry_run:
        for path in targets:
            check_writable(path)
    with contextlib.nullcontext() if dry_run else locked(targets):
        data = {name: read_capped(p) for name, p in files.items()}
        plan = first if data == before else load_files(data, root, cache, year_hint=year_hint)
        tasks = list({t.id: t for t in (task_by_id(plan, i) for i in ids)}.values())
        if any(files[t.loc.path] not in targets for t in tasks):
            raise WriteFailed.plan_changed()
        changes = [decide(plan, t) for t in tasks]
        outcome = Outcome(changes=list(zip(tasks, changes, strict=True)))
        edited = _edit(data, plan, [c for c in changes if not c.empty])
        _check(plan, data, edited, root, changes, cache)
        if dry_run:  # the diff is shown only then; on a large file it is not free
            outcome.diff = "".join(_diff(name, data[name], new) for name, new in edited.items())
        else:
            replace_files([(files[name], data[name], new) for name, new in edited.items()])
            outcome.written.extend(edited)
    return outcome


def _edit(data: dict[str, bytes], plan: Plan, changes: Sequence[Change]) -> dict[str, bytes]:
    """The new bytes of each file the changes touch; the BOM, if any, stays in front."""
    by_file: dict[str, list[tuple[TaskEdit, int]]] = {}
    for change in changes:
        loc = task_by_id(plan, change.task_id).loc
        by_file.setdefault(loc.path, []).append((change.edit(), loc.line))
    edited = {}
    for name, edits in by_file.items():
        bom, text = split_bom(data[name])
        new = edit_items(text, edits)  # only the tasks' items composed, where that is plainly safe
        edited[name] = (bom + (new if new is not None else apply_edits(text, [e for e, _ in edits]))).encode("utf-8")
    return edited


def _check(
    before: Plan,
    data: dict[str, bytes],
    edited: dict[str, bytes],
    root: str,
    changes: Sequence[Change],
    cache: FileCache,
) -> None:
    """Load the edited files as the loader would, and compare with what was asked.

    Only the edited files are read, and of those only the task items the edit changed where
    :mod:`pmtasks.write.reread` can; the others come from ``cache``. The checks across files run
    on the whole plan, as on every load.
    """
    prime(cache, before, data, edited)
    try:
        after = load_files({**data, **edited}, root, cache)
    except PlanInvalid as exc:
        raise would_not_load(exc) from None
    bad = verify(before, after, [c for c in changes if not c.empty])
    if bad:
        raise not_as_asked(bad)


def would_not_load(exc: PlanInvalid) -> WriteFailed:
    """The refusal of an edit whose result would not load (a bug), naming its first problems."""
    first = "; ".join(str(p).replace("\n", " ") for p in exc.problems[:3])
    return WriteFailed(
        f"the edited file would not load ({first}); nothing was written. "
        "This is a bug in pmtasks: please report it with the file"
    )


def not_as_asked(ids: Sequence[str]) -> WriteFailed:
    """The refusal of an edit whose result would not say what was asked of ``ids`` (a bug)."""
    return WriteFailed(
        f"the edited file would not say what was asked (for {', '.join(ids)}); "
        "nothing was written. This is a bug in pmtasks: please report it "
        "with the file"
    )


def _lines(data: bytes) -> list[str]:
    """Lines as git sees them: split after each LF only (a CR stays on its line)."""
    return [line for line in re.split(r"(?<=\n)", data.decode("utf-8")) if line]


def file_diff(name: str, old: bytes | None, new: bytes) -> str:
    """The unified diff that turns ``old`` into ``new`` (``old`` None: a new file, from /dev/null)."""
    return _diff(name, old or b"", new, created=old is None)


def _diff(name: str, old: bytes, new: bytes, created: bool = False) -> str:
    a, b = _lines(old), _lines(new)
    shown = clean(name)  # a file name is untrusted text too
    lines = list(difflib.unified_diff(a, b, "/dev/null" if created else shown, shown))
    missing = "\n\\ No newline at end of file\n"
    return "".join(line if line.endswith("\n") else line + missing for line in lines)
