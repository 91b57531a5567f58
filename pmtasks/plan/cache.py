"""A content-keyed cache of validated plan and ledger files, so that an unchanged file is read only once.

Each entry holds what loading one file produced (its business line, its problems) and is keyed by
a hash of everything that decides it: the format of the entries, pmtasks's version and the code
of the loader, the plan's year, the file's path as reported in messages, and the file's exact
content (its git blob ID, which is also how a file at a git revision is named, so a file that is
the same on disk and at ``HEAD`` is read once). Times and sizes are never part of the key.

Entries live in ``<git dir>/pmtasks/cache`` inside a repository (never committed) and in the
user's cache directory outside one. The cache is never needed for a correct answer: an entry that
is missing, truncated, corrupt, written by another version or unreadable is ignored and rebuilt;
a folder that cannot be written just turns caching off. Entries are written to a temporary file
and renamed into place, so a reader never sees half an entry. ``PMTASKS_NO_CACHE=1`` turns the
cache off; ``PMTASKS_CACHE_DIR`` puts it in a given folder.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pickle
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pmtasks.i18n import language

FORMAT = b"pmtasks-cache-3\n"
CHECK = 4  # bytes of the CRC-32 that follows FORMAT and covers the key and the payload (see _check)
MAX_BYTES = 256 * 1024 * 1024  # the folder is pruned back to PRUNE_TO of this when it grows past it
PRUNE_TO = 0.75
ENTRY_SUFFIX = ".entry"
_CODE = (
    "errors.py",
    "i18n.py",
    "locale/zh_CN/LC_MESSAGES/pmtasks.po",  # cached problems are worded from it
    "ledger/load.py",
    "ledger/model.py",
    "ledger/schema.py",
    "plan/amounts.py",
    "plan/build.py",
    "plan/cache.py",
    "plan/integrity.py",
    "plan/kpis.py",
    "plan/load.py",
    "plan/model.py",
    "plan/packed.py",
    "plan/periods.py",
    "plan/schema.py",
    "plan/validate.py",
    "plan/yamlread.py",
)


SMALL = 256 * 1024  # bytes hashed without loading OpenSSL (see _hash)


def _hash(name: str, *parts: bytes) -> Any:
    """The SHA-1 or SHA-256 of ``parts`` joined, from the interpreter's own small implementation when short.

    Loading OpenSSL (what ``import hashlib`` does) costs a read command on a department's plan about
    2 ms, a few percent of its run; OpenSSL only pays off on large inputs, where it is several
    times faster. Both give the same digest. Where the interpreter lacks its own module (they are
    private), hashlib is used.
    """
    digest: Any = None
    if sum(map(len, parts)) < SMALL:
        with contextlib.suppress(ImportError):
            digest = _own(name)()
    if digest is None:
        import hashlib

        digest = hashlib.new(name, usedforsecurity=False)
    for part in parts:
        digest.update(part)
    return digest


def _own(name: str) -> Any:
    """The interpreter's own SHA-1 or SHA-256 constructor; ImportError when it has none."""
    if name == "sha1":
        from _sha1 import sha1  # type: ignore[import-not-found,unused-ignore]

        return sha1
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]  # Python 3.12 on
    except ImportError:
        from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    return sha256


def _check(key: str, payload: bytes | memoryview) -> bytes:
    """The CRC-32 of an entry's key and payload: it finds a damaged or truncated entry, and one stored
    under another key. It need not resist forgery: only entries the user's own processes wrote are
    read. It is a few times faster than a SHA-256 over the megabyte entries of a large plan."""
    return zlib.crc32(payload, zlib.crc32(key.encode())).to_bytes(CHECK, "big")


def blob_id(data: bytes) -> str:
    """The git object name of ``data`` as a blob: what ``git hash-object`` prints."""
    return str(_hash("sha1", b"blob %d\0" % len(data), data).hexdigest())


def code_stamp() -> str:
    """pmtasks's version and the size and time of the loader's source files, and the YAML parser.

    A new version, or an edited loader in a development checkout, never reads older entries.
    """
    from pmtasks import __version__

    package = Path(__file__).resolve().parent.parent
    parts = [__version__, sys.version.split()[0], _yaml_parser()]
    for name in _CODE:
        try:
            info = (package / name).stat()
            parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            parts.append(f"{name}:-")
    return "\0".join(parts)


def _yaml_parser() -> str:
    """Which YAML parser the loader will use (libyaml's, or PyYAML's own), found without importing YAML."""
    spec = importlib.util.find_spec("yaml")
    folders = spec.submodule_search_locations if spec else None
    return "libyaml" if any(next(Path(f).glob("_yaml.*"), None) for f in folders or ()) else "pyyaml"


def git_dir(start: Path) -> Path | None:
    """The git directory of the repository around ``start``, found without running git."""
    for folder in (start, *start.parents):
        dot = folder / ".git"
        if dot.is_dir():
            return dot
        if dot.is_file():  # a linked work tree or a submodule: "gitdir: <path>"
            with contextlib.suppress(OSError, UnicodeDecodeError):
                text = dot.read_text(encoding="utf-8").strip()
                if text.startswith("gitdir:"):
                    target = Path(text.removeprefix("gitdir:").strip())
                    return target if target.is_absolute() else (folder / target).resolve()
            return None
    return None


def cache_folder(start: Path) -> Path | None:
    """Where the cache for plans under ``start`` lives; None when caching is turned off."""
    if os.environ.get("PMTASKS_NO_CACHE", "") not in ("", "0"):
        return None
    if given := os.environ.get("PMTASKS_CACHE_DIR"):
        return Path(given)
    found = git_dir(start.resolve())
    if found is not None:
        return found / "pmtasks" / "cache"
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "pmtasks"


class FileCache:
    """Entries under one folder. Every failure to read or write is a cache miss, never an error."""

    def __init__(self, folder: Path | None, stamp: str | None = None, *, memory: bool = False) -> None:
        self.folder = folder
        self.stamp = (stamp if stamp is not None else code_stamp()).encode()
        self.writable = folder is not None
        self.wrote = 0
        self.memory: dict[str, Any] | None = {} if memory else None  # this process's own results

    @classmethod
    def near(cls, start: Path, *, memory: bool = False) -> FileCache:
        """The cache for plans under ``start``; ``memory`` also keeps results for the next load in this process."""
        return cls(cache_folder(start), memory=memory)

    @property
    def enabled(self) -> bool:
        return self.folder is not None or self.memory is not None

    def key(self, kind: str, settings: object, path: str, blob: str) -> str:
        """The key of a file's result: its kind, the plan settings it is read with, its path and content,
        and the language its problems are worded in."""
        material = b"\0".join(
            (
                FORMAT,
                self.stamp,
                language().encode(),
                kind.encode(),
                str(settings).encode(),
                path.encode("utf-8", "surrogateescape"),
                blob.encode(),
            )
        )
        return str(_hash("sha256", material).hexdigest())

    def _entry(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def get(self, key: str) -> Any | None:
        """The value stored under ``key``, or None (missing, damaged, foreign or unreadable)."""
        if self.memory is not None and key in self.memory:
            return self.memory[key]
        if self.folder is None:
            return None
        try:
            with open(self._entry(key), "rb") as handle:
                if os.fstat(handle.fileno()).st_uid != os.getuid():
                    return None  # only ever read what this user wrote
                data = handle.read()
        except OSError:
            return None
        view = memoryview(data)  # the payload is read where it lies, not copied out
        head, check, payload = view[: len(FORMAT)], view[len(FORMAT) : len(FORMAT) + CHECK], view[len(FORMAT) + CHECK :]
        if head != FORMAT or _check(key, payload) != check:
            return None
        try:
            value = pickle.loads(payload)
        except Exception:  # a damaged pickle can raise almost anything; it is only a miss
            return None
        if self.memory is not None:
            self.memory[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` atomically; give up quietly (and stop trying) if the folder is not writable."""
        if self.memory is not None:
            self.memory[key] = value
        if self.folder is None or not self.writable:
            return
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        data = FORMAT + _check(key, payload) + payload
        target = self._entry(key)
        temp = target.with_name(f".{target.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temp, target)
            self.wrote += len(data)
        except OSError:
            self.writable = False
            with contextlib.suppress(OSError):
                temp.unlink()

    def close(self) -> None:
        """Prune the folder if this process added to it and it has grown past its bound."""
        if self.wrote and self.folder is not None:
            prune(self.folder, MAX_BYTES)
            self.wrote = 0


def _entries(folder: Path) -> Iterator[tuple[float, int, Path]]:
    with contextlib.suppress(OSError):
        for sub in folder.iterdir():
            with contextlib.suppress(OSError):
                for entry in sub.iterdir():
                    with contextlib.suppress(OSError):
                        info = entry.stat()
                        yield info.st_mtime, info.st_size, entry


def prune(folder: Path, limit: int) -> int:
    """Delete the oldest entries (and leftover temporary files) until the folder holds under ``limit``.

    Returns how many files were removed. Safe while other processes read and write: a reader
    that loses an entry just rebuilds it.
    """
    entries = sorted(_entries(folder))
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return 0
    removed = 0
    for _, size, entry in entries:
        if total <= limit * PRUNE_TO:
            break
        with contextlib.suppress(OSError):
            entry.unlink()
            removed += 1
            total -= size
    return removed
