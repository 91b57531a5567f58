"""Whether the evidence of a ledger item resolves: a commit that exists, a path that exists at HEAD.

URLs are taken as given (pmtasks does not go on the network). Git is run through
:class:`pmtasks.git.repo.Repo`, the one place that runs it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pmtasks.git.repo import GitError, Repo
from pmtasks.ledger.edits import evidence_kind


def unresolved(repo: Repo, evidence: Iterable[str]) -> dict[str, str]:
    """Each piece of evidence that does not resolve, with the reason."""
    missing: dict[str, str] = {}
    head: str | None = None
    for text in dict.fromkeys(evidence):
        kind = evidence_kind(text)
        if kind == "commit" and not _has_commit(repo, text):
            missing[text] = f"commit {text} is not in the repository"
        elif kind == "path":
            head = head if head is not None else _head(repo)
            if not head:
                missing[text] = f"{text} cannot be checked: the repository has no commit yet"
            elif not _has_path(repo, head, text):
                missing[text] = f"{text} is not in the repository at HEAD"
    return missing


def open_repo(start: Path) -> Repo | None:
    """The repository around ``start``, or None outside one."""
    try:
        return Repo(start)
    except GitError:
        return None


def _has_commit(repo: Repo, sha: str) -> bool:
    out = repo.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{sha}^{{commit}}", ok=(0, 1, 128))
    return bool(out.strip())


def _head(repo: Repo) -> str:
    out = repo.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}", ok=(0, 1, 128))
    return out.decode().strip()


def _has_path(repo: Repo, head: str, path: str) -> bool:
    clean = path.strip()
    clean = clean[2:] if clean.startswith("./") else clean
    if not clean or clean.startswith(("/", "-")) or ".." in Path(clean).parts:
        return False
    out = repo.git("ls-tree", "-z", "--full-tree", head, "--", clean.rstrip("/"), ok=(0, 128))
    return bool(out.strip(b"\0"))
