"""The plan at each commit, read through one ``git cat-file --batch`` process.

:class:`PlanReader` walks from a commit to its plans folder and the files of the year folder the
loader would read, and loads them: item by item when it can (:mod:`pmtasks.git.views`), else with
the full loader. Every object is read once and every tree parsed once; :meth:`PlanReader.prefetch`
asks git for many objects in one round trip instead of one object at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath

from pmtasks.errors import PlanInvalid
from pmtasks.git.repo import GitError, ObjectReader, plan_files, year_folder
from pmtasks.git.views import PlanView, ViewReader
from pmtasks.plan.cache import FileCache
from pmtasks.plan.load import Source, load_source
from pmtasks.plan.model import Plan
from pmtasks.text import shown_name

_FILE_MODES = (b"100644", b"100755")
_TREE_MODE = b"40000"

Loaded = tuple[Plan | PlanView, str, dict[str, str]]  # the plan, its year folder, each file's blob


class PlanReader:
    """Trees and files read through one cat-file process; every object read and parsed once."""

    def __init__(self, reader: ObjectReader, plans: str) -> None:
        self.reader = reader
        self.plans = [p for p in PurePosixPath(plans).parts if p != "."]
        self.prefix = plans.rstrip("/") if self.plans else "."
        self.ahead: dict[str, tuple[str, bytes]] = {}  # objects read ahead, until they are used
        self.roots: dict[str, str] = {}  # commit → its tree
        self.trees: dict[str, list[tuple[bytes, str, str]]] = {}
        self.blobs: dict[str, bytes] = {}
        self.cache = FileCache(None, memory=True)  # each file's result, by blob, path, year and currency
        self.views = ViewReader()  # plans that load, read item by item
        self.plans_by_tree: dict[str, Loaded | str] = {}

    def load(self, commit: str) -> Loaded | str:
        """The plan at ``commit``, or the first problem that stops it loading."""
        tree = self._plans_tree(commit)
        loaded = self.plans_by_tree.get(tree or "")
        if loaded is None:
            loaded = self.plans_by_tree[tree or ""] = self._load(tree)
        return loaded

    def prefetch(self, commits: Sequence[str], files: bool = True) -> None:
        """Read ahead, level by level, what :meth:`load` will need for ``commits`` (``files``: the blobs too)."""
        self._ahead(commits)
        trees = [self._root(c) for c in commits]
        for part in self.plans:
            self._ahead(trees)
            trees = [sub for tree in trees if (sub := self._child(tree, part)) is not None]
        self._ahead(trees)
        self._ahead(sha for tree in trees for mode, _, sha in self._tree(tree) if mode == _TREE_MODE)
        if files:
            blobs = []
            for tree in dict.fromkeys(trees):
                listing = self._listing(tree)
                folder = year_folder(listing, self.prefix)
                blobs += [listing[p] for p in plan_files(listing, folder)] if folder else []
            self._ahead(blobs)

    def _ahead(self, names: Iterable[str]) -> None:
        known = (self.ahead, self.roots, self.trees, self.blobs)
        wanted = [n for n in dict.fromkeys(names) if not any(n in k for k in known)]
        self.ahead.update(zip(wanted, self.reader.read_many(wanted), strict=True))

    def _load(self, tree: str | None) -> Loaded | str:
        listing = self._listing(tree) if tree else {}
        folder = year_folder(listing, self.prefix)
        if folder is None:
            return f"no plan under {self.prefix}"
        blobs = {path: listing[path] for path in plan_files(listing, folder)}
        shown = {shown_name(p): p for p in blobs}
        if len(shown) == len(blobs):
            view = self.views.view(
                list(shown), lambda n: blobs[shown[n]], lambda n: self._blob(blobs[shown[n]]), shown_name(folder)
            )
            if view is not None:
                return view, folder, blobs
        source = Source(list(blobs), lambda names: {n: self._blob(blobs[n]) for n in names}, blobs)
        try:
            return load_source(source, folder, self.cache), folder, blobs
        except PlanInvalid as exc:
            return str(exc.problems[0]).split("\n")[0] if exc.problems else str(exc)

    def _blob(self, blob: str) -> bytes:
        if blob not in self.blobs:
            self.blobs[blob] = self._object(blob, "blob")
        return self.blobs[blob]

    def _object(self, name: str, kind: str) -> bytes:
        found, data = self.ahead.pop(name) if name in self.ahead else self.reader.read(name)
        if found != kind:
            raise GitError(f"git object {name} is a {found}, not a {kind}")
        return data

    def _root(self, commit: str) -> str:
        if commit not in self.roots:
            self.roots[commit] = self._object(commit, "commit")[5:45].decode()  # "tree <40 hex>" opens it
        return self.roots[commit]

    def _child(self, tree: str, name: str) -> str | None:
        return next((sha for mode, entry, sha in self._tree(tree) if entry == name and mode == _TREE_MODE), None)

    def _plans_tree(self, commit: str) -> str | None:
        """The tree of the plans folder at ``commit``; None when the commit has no such folder."""
        tree: str | None = self._root(commit)
        for part in self.plans:
            tree = self._child(str(tree), part)
            if tree is None:
                return None
        return tree

    def _tree(self, sha: str) -> list[tuple[bytes, str, str]]:
        """``(mode, name, object)`` for each entry of a tree object, parsed once per tree."""
        if sha not in self.trees:
            self.trees[sha] = _entries(self._object(sha, "tree"))
        return self.trees[sha]

    def _listing(self, tree: str) -> dict[str, str]:
        """The files of the plans folder and of its subfolders (one level down): path → blob."""
        out: dict[str, str] = {}
        base = "" if self.prefix == "." else self.prefix + "/"
        for mode, name, sha in self._tree(tree):
            if mode in _FILE_MODES:
                out[base + name] = sha
            elif mode == _TREE_MODE:
                for sub_mode, sub_name, sub_sha in self._tree(sha):
                    if sub_mode in _FILE_MODES:
                        out[f"{base}{name}/{sub_name}"] = sub_sha
        return out


def _entries(data: bytes) -> list[tuple[bytes, str, str]]:
    """Parse a git tree object: ``<mode> <name>\\0<20-byte object name>`` repeated."""
    entries, pos = [], 0
    while pos < len(data):
        space = data.index(b" ", pos)
        nul = data.index(b"\0", space)
        mode, name = data[pos:space], data[space + 1 : nul].decode("utf-8", "surrogateescape")
        entries.append((mode, name, data[nul + 1 : nul + 21].hex()))
        pos = nul + 21
    return entries
