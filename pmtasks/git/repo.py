"""Reading plan files at git revisions through plumbing, without checking anything out.

The only module that runs git. Every command runs at the repository's top level with
NUL-separated output and literal pathspecs, so file names in any script (中文 included) and any
``core.quotePath`` setting come through unchanged. Revisions are verified as commits before use,
so a revision can never be read as an option.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO

from pmtasks.errors import PmtasksError
from pmtasks.plan.load import PLAN_FILE, Source, is_plan_file, newest_year, plan_file_key
from pmtasks.text import shown_name

WORKTREE = "working tree"
INDEX = "index"
FETCH_HINT = (
    "this is a shallow clone; fetch the full history (git fetch --unshallow, "
    "or `fetch-depth: 0` in actions/checkout) and run again"
)


class GitError(PmtasksError):
    """git could not answer: not a repository, an unknown revision, no merge base."""


@dataclass(frozen=True)
class Side:
    """One side of a comparison: a commit (``sha`` set), the index or the working tree."""

    label: str
    sha: str | None = None
    kind: str = "commit"  # commit | index | worktree

    @property
    def short(self) -> str:
        return self.sha[:7] if self.sha else self.label


@dataclass(frozen=True)
class Snapshot:
    """The plan files of one side: repository-relative display paths, read only when needed.

    ``source`` names each file at a revision by its git blob ID, so the loader's cache can
    answer for an unchanged file without the file ever being read from git.
    """

    folder: str | None  # the year folder read, relative to the repository root; None if absent
    source: Source

    @property
    def files(self) -> Mapping[str, bytes]:
        return self.source.read(self.source.names)


class Repo:
    """A git work tree, addressed from its top level."""

    def __init__(self, start: Path) -> None:
        try:
            out = _git(start, "rev-parse", "--show-toplevel")
        except GitError:
            raise GitError(
                f"{start} is not inside a git repository; `pmtasks diff` compares "
                "git revisions, so run it in a clone of the plan repository"
            ) from None
        self.root = Path(os.fsdecode(out.rstrip(b"\n")))

    def git(self, *args: str, stdin: bytes | None = None, ok: Sequence[int] = (0,)) -> bytes:
        return _git(self.root, *args, stdin=stdin, ok=ok)

    def relative(self, path: Path) -> str:
        """``path`` as a POSIX path relative to the top level; an error when it lies outside."""
        try:
            rel = path.resolve().relative_to(self.root.resolve())
        except ValueError:
            raise GitError(f"the plans folder {path} is outside the git repository at {self.root}") from None
        return rel.as_posix() if rel.parts else "."

    def shallow(self) -> bool:
        return self.git("rev-parse", "--is-shallow-repository").strip() == b"true"

    def commit(self, rev: str) -> str:
        """The commit ``rev`` names; an unknown revision (or one shaped like an option) is refused."""
        if not rev or rev.startswith("-"):
            raise GitError(f"{rev!r} is not a revision; name a branch, tag or commit")
        out = self.git(
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            f"{rev}^{{commit}}",
            ok=(0, 1, 128),
        )
        if not out.strip():
            hint = f"; {FETCH_HINT}" if self.shallow() else "; check the name with `git log --oneline`"
            raise GitError(f"unknown revision {rev!r}{hint}")
        return out.decode().strip()

    def last_commit(self, path: str, before: str | None = None) -> str | None:
        """The newest commit of HEAD's history that touches ``path``, made before ``before`` (an ISO
        timestamp with its offset) when given; None when there is none (or HEAD has no commit yet)."""
        if self.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1, 128)).strip() == b"":
            return None
        limit = [f"--before={before}"] if before else []
        out = self.git("rev-list", "-1", *limit, "HEAD", "--", path)
        return out.decode().strip() or None

    def modified(self, path: str) -> bool:
        """Whether the working tree's files under ``path`` differ from HEAD (untracked ones included)."""
        return bool(self.git("status", "--porcelain", "-z", "--untracked-files=all", "--", path).strip())

    def merge_base(self, a: str, b: str, names: tuple[str, str]) -> str:
        out = self.git("merge-base", "--end-of-options", a, b, ok=(0, 1))
        if not out.strip():
            why = FETCH_HINT if self.shallow() else "they share no history"
            raise GitError(f"no merge base of {names[0]} and {names[1]}: {why}")
        return out.decode().strip()

    def snapshot(self, side: Side, plans: str) -> Snapshot:
        """The plan files of ``side`` under ``plans`` (a plans/ folder or one year's folder)."""
        if side.kind == "worktree":
            return self._worktree(plans)
        blobs = self._tree(side, plans)
        folder = year_folder(blobs, plans)
        if folder is None:
            return Snapshot(None, Source.of({}))
        names = plan_files(blobs, folder)

        def read(wanted: Sequence[str]) -> dict[str, bytes]:
            return dict(zip(wanted, self._cat([blobs[n] for n in wanted]), strict=True))

        return Snapshot(folder, Source(names, read, {n: blobs[n] for n in names}))

    def files_under(self, side: Side, folder: str) -> dict[str, bytes]:
        """Every regular file directly in ``folder`` (repository-relative) on ``side``: path → bytes."""
        if side.kind == "worktree":
            base = self.root / folder
            if not base.is_dir():
                return {}
            return {
                PurePosixPath(folder, p.name).as_posix(): p.read_bytes()
                for p in sorted(base.iterdir())
                if p.is_file() and not p.is_symlink()
            }
        prefix = folder.rstrip("/") + "/"
        blobs = {p: o for p, o in self._tree(side, folder).items() if "/" not in p[len(prefix) :]}
        names = sorted(blobs)
        return dict(zip(names, self._cat([blobs[n] for n in names]), strict=True))

    def _tree(self, side: Side, plans: str) -> dict[str, str]:
        """Every blob under ``plans`` on ``side``: path → object name. Symbolic links are left out."""
        if side.kind == "index":
            out = self.git("ls-files", "-z", "--stage", "--", plans)
            rows = [_split(entry, "index") for entry in out.split(b"\0") if entry]
            _no_conflicts(p for mode, _, p in rows if mode == "conflict")
        else:
            out = self.git("ls-tree", "-r", "-z", "--full-tree", str(side.sha), "--", plans)
            rows = [_split(entry, "tree") for entry in out.split(b"\0") if entry]
        return {path: obj for mode, obj, path in rows if mode in ("100644", "100755")}

    def _cat(self, names: Sequence[str]) -> list[bytes]:
        """The contents of the objects ``names``, read by one ``git cat-file --batch`` process."""
        if not names:
            return []
        out = self.git("cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode())
        contents, pos = [], 0
        for _ in names:
            header_end = out.index(b"\n", pos)
            header = out[pos:header_end].split()
            if len(header) != 3:
                raise GitError(f"git cat-file could not read {header[0].decode(errors='replace')}")
            size = int(header[2])
            contents.append(out[header_end + 1 : header_end + 1 + size])
            pos = header_end + 1 + size + 1
        return contents

    def _worktree(self, plans: str) -> Snapshot:
        base = self.root / plans
        if not base.is_dir():
            return Snapshot(None, Source.of({}))
        blobs = {
            PurePosixPath(plans, p.relative_to(base).as_posix()).as_posix(): ""
            for p in base.rglob("*")
            if p.is_file() and not p.is_symlink()
        }
        folder = year_folder(blobs, plans)
        if folder is None:
            return Snapshot(None, Source.of({}))
        return Snapshot(folder, Source.of({n: (self.root / n).read_bytes() for n in plan_files(blobs, folder)}))


@dataclass(frozen=True)
class CommitInfo:
    """One commit as ``git log`` lists it: the committer date (with its offset) and the author."""

    sha: str
    parents: tuple[str, ...]
    date: datetime
    author: str
    email: str
    subject: str


_LOG_FORMAT = "%H%x1f%P%x1f%cI%x1f%aN%x1f%aE%x1f%s"


def first_parent_log(repo: Repo, tip: str, plans: str, exclude: str | None = None) -> list[CommitInfo]:
    """The commits on the first-parent line of ``tip`` that touch ``plans``, newest first.

    ``tip`` and ``exclude`` must be commit names from :meth:`Repo.commit`. A merge counts by what
    it changed against its first parent, which is what it brought into the line.
    """
    args = ["log", "--first-parent", "-z", f"--format={_LOG_FORMAT}", tip]
    args += [f"^{exclude}"] if exclude else []
    out = repo.git(*args, "--", plans)
    entries = []
    for record in out.decode("utf-8", "replace").split("\0"):
        if not record.strip():
            continue
        sha, parents, when, author, email, subject = record.strip("\n").split("\x1f", 5)
        entries.append(CommitInfo(sha, tuple(parents.split()), datetime.fromisoformat(when), author, email, subject))
    return entries


def shallow_boundary(repo: Repo, tip: str) -> str | None:
    """In a shallow clone, the oldest commit on ``tip``'s first-parent line that git holds."""
    if not repo.shallow():
        return None
    out = repo.git("rev-list", "--first-parent", "--max-parents=0", tip)
    names = out.decode().split()
    return names[-1] if names else None


_BATCH = 500  # object names a cat-file process is asked for at once: about 20 KiB, under a pipe's 64 KiB


class ObjectReader:
    """One ``git cat-file --batch`` process, asked for one object at a time while it runs.

    Use it as a context manager so the process ends with the block, whatever happens in it.
    """

    def __init__(self, repo: Repo) -> None:
        try:
            self._proc = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=repo.root,
                env=_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitError("git is not installed or not on PATH; install git and run again") from None

    def read(self, name: str) -> tuple[str, bytes]:
        """``(type, content)`` of the object ``name`` (a full object name)."""
        return self.read_many([name])[0]

    def read_many(self, names: Sequence[str]) -> list[tuple[str, bytes]]:
        """``(type, content)`` of each object, asked for a batch at a time rather than one by one.

        A batch of names stays well inside a pipe's buffer, so writing it never waits on git,
        which may be waiting for its answers to be read.
        """
        stdin, stdout = self._proc.stdin, self._proc.stdout
        assert stdin is not None
        assert stdout is not None
        found = []
        for first in range(0, len(names), _BATCH):
            batch = names[first : first + _BATCH]
            try:
                stdin.write("".join(f"{name}\n" for name in batch).encode())
                stdin.flush()
            except BrokenPipeError:
                raise GitError("git cat-file stopped unexpectedly") from None
            found += [self._answer(stdout, name) for name in batch]
        return found

    @staticmethod
    def _answer(stdout: IO[bytes], name: str) -> tuple[str, bytes]:
        header = stdout.readline().split()
        if len(header) != 3:
            raise GitError(f"git cat-file could not read {name}")
        size = int(header[2])
        data = stdout.read(size)
        stdout.read(1)
        if len(data) != size:
            raise GitError(f"git cat-file stopped while reading {name}")
        return header[1].decode(), data

    def close(self) -> None:
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None:
                stream.close()
        self._proc.wait()

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _env() -> dict[str, str]:
    env = {**os.environ, "GIT_LITERAL_PATHSPECS": "1", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    return env


def _git(cwd: Path, *args: str, stdin: bytes | None = None, ok: Sequence[int] = (0,)) -> bytes:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, env=_env(), check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH; install git and run again") from None
    if proc.returncode not in ok:
        message = proc.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}")
    return proc.stdout


def _split(entry: bytes, kind: str) -> tuple[str, str, str]:
    """``(mode, object, path)`` from one ls-tree or ls-files --stage entry."""
    meta, _, raw = entry.partition(b"\t")
    fields = meta.decode().split()
    mode, obj = (fields[0], fields[2]) if kind == "tree" else (fields[0], fields[1])
    if kind == "index" and fields[2] != "0":
        mode = "conflict"  # an unmerged entry: not a file to read
    return mode, obj, raw.decode("utf-8", "surrogateescape")


def _no_conflicts(paths: Iterable[str]) -> None:
    """The index cannot stand for a side while a plan file in it is unmerged."""
    conflicted = sorted({shown_name(p) for p in paths if is_plan_file(PurePosixPath(p).name)})
    if conflicted:
        raise GitError(f"the index has conflicts in {', '.join(conflicted)}", "cached-conflicts")


def year_folder(blobs: Mapping[str, str], plans: str) -> str | None:
    """Like :func:`pmtasks.plan.load.plan_dir`: ``plans`` if it holds plan.yaml, else its newest year."""
    prefix = "" if plans == "." else plans.rstrip("/") + "/"
    if f"{prefix}{PLAN_FILE}" in blobs:
        return plans
    year = newest_year(
        p[len(prefix) :].split("/")[0]
        for p in blobs
        if p.startswith(prefix) and p[len(prefix) :].count("/") == 1 and p.endswith("/" + PLAN_FILE)
    )
    return f"{prefix}{year}" if year else None


def plan_files(blobs: Mapping[str, str], folder: str) -> list[str]:
    """plan.yaml first, then the business-line files in name order, as on disk."""
    prefix = "" if folder == "." else folder + "/"
    names = [
        p for p in blobs if p.startswith(prefix) and "/" not in p[len(prefix) :] and is_plan_file(p[len(prefix) :])
    ]
    return sorted(names, key=lambda p: plan_file_key(PurePosixPath(p).name))


def git_author(folder: Path) -> str | None:
    """``git config user.name`` as seen from ``folder``; None when git or the setting is missing."""
    try:
        proc = subprocess.run(
            ["git", "config", "user.name"],
            cwd=folder,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    from pmtasks.text import clean

    name = clean(proc.stdout).strip()
    return name if proc.returncode == 0 and name else None
