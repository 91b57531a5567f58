"""The only code in table/ that touches the disk: reading a table, creating plan files, writing an export.

Files are written whole or not at all: each goes to a synced temporary file beside its target
first, and is then renamed (or, when nothing may be overwritten, hard-linked) into place.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from pathlib import Path

from pmtasks.errors import PmtasksError
from pmtasks.plan.load import display, is_plan_file

# The plan writer's: one name for temporary files, one way to write one, one way to make a rename durable.
from pmtasks.write.store import _sync_folder, temp_name, write_synced
from pmtasks.write.store import write_output as write_file


class WouldOverwrite(PmtasksError):
    """Files exist where the import would write; nothing was written."""

    def __init__(self, paths: list[Path], advice: str = "") -> None:
        self.paths = paths
        shown = ", ".join(display(p) for p in paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        verb = "exists" if len(paths) == 1 else "exist"
        super().__init__(f"{shown} already {verb}; nothing was written" + (f". {advice}" if advice else ""))


class FolderNotEmpty(PmtasksError):
    """The folder holds other plan files, which would become part of the imported plan."""


def read_table(path: Path) -> bytes:
    return path.read_bytes()


def _stage(target: Path, data: bytes) -> Path:
    temp = temp_name(target)
    write_synced(temp, data, 0o666)  # the umask applies
    return temp


def check_folder(folder: Path, names: Mapping[str, bytes], force: bool) -> None:
    """Refuse before anything is written: a file in the way, or other plan files in the folder."""
    if folder.exists() and not folder.is_dir():
        raise PmtasksError(f"{display(folder)} is a file; give a folder to import into")
    if not folder.is_dir():
        return
    others = sorted(p.name for p in folder.iterdir() if is_plan_file(p.name) and p.name not in names)
    if others:
        raise FolderNotEmpty(
            f"{display(folder)} already holds other plan files ({', '.join(others)}), which would "
            "become part of the imported plan; nothing was written. Import into an empty folder"
        )
    existing = [folder / n for n in names if (folder / n).exists()]
    if existing and not force:
        raise WouldOverwrite(existing)


def create_files(folder: Path, files: Mapping[str, bytes], *, force: bool = False) -> list[Path]:
    """Write ``files`` (name → bytes) into ``folder``, all of them or none; return their paths."""
    check_folder(folder, files, force)
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for name, data in files.items():
            staged.append((folder / name, _stage(folder / name, data)))
        for target, temp in staged:
            if force:
                os.replace(temp, target)
            else:
                os.link(temp, target)  # fails if the file appeared meanwhile: never overwrite
                placed.append(target)
    except FileExistsError as exc:
        _undo(placed)
        raise WouldOverwrite([Path(exc.filename)]) from None
    except OSError:
        _undo(placed)
        raise
    finally:
        for _, temp in staged:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    _sync_folder(folder)
    return [folder / n for n in files]


def _undo(paths: list[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def write_output(path: Path, data: bytes) -> None:
    """Write an export to ``path`` atomically (a file already there is replaced whole)."""
    if path.is_dir():
        raise PmtasksError(f"{display(path)} is a folder; give a file name to write the export to")
    if not path.parent.is_dir():
        raise PmtasksError(
            f"the folder {display(path.parent)} does not exist; create it, or write the export elsewhere"
        )
    write_file(path, data)
