"""Where the plan is on disk: the plans folder, its year folder, and the files that make the plan.

Cheap to import (no YAML, no pydantic), so that shell completion can find the plan quickly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pmtasks.errors import PlansNotFound
from pmtasks.i18n import _
from pmtasks.text import shown_name

PLAN_FILE = "plan.yaml"
SUFFIXES = (".yaml", ".yml")


def find_plans(start: Path) -> Path:
    """The nearest ``plans/`` from ``start`` upwards, stopping at the git work tree's root."""
    for folder in (start, *start.parents):
        if (folder / "plans").is_dir():
            return folder / "plans"
        if _is_work_tree_root(folder):
            break
    message = _("no plans/ directory in {folder} or above it (up to the repository root)")
    raise PlansNotFound(message.format(folder=start), "plans-missing")


def _is_work_tree_root(folder: Path) -> bool:
    return (folder / ".git").exists()


def from_work_tree_root(path: str) -> str:
    """``path`` relative to the root of the git work tree around it (unchanged outside one)."""
    full = Path(path).resolve()
    root = next((d for d in full.parents if _is_work_tree_root(d)), None)
    return full.relative_to(root).as_posix() if root else path


def newest_year(names: Iterable[str]) -> str | None:
    """The folder to read among those holding a plan.yaml: the highest year (``2026``), else the last name."""
    return max(names, key=lambda n: (len(n) == 4 and n.isdigit(), n), default=None)


def is_plan_file(name: str) -> bool:
    """A YAML file that is not hidden (editors' and backup tools' dot-files are not plan files)."""
    return name.endswith(SUFFIXES) and not name.startswith(".")


def plan_file_key(name: str) -> tuple[bool, str]:
    """plan.yaml first, then the business-line files in name order."""
    return name != PLAN_FILE, name


def plan_dir(plans: Path) -> Path:
    """The year folder to read: ``plans`` itself if it holds plan.yaml, else its newest year."""
    if plans.is_file():
        raise PlansNotFound(_("{path} is a file").format(path=plans), "plans-file")
    if not plans.is_dir():
        raise PlansNotFound(_("plans directory {path} does not exist").format(path=plans), "plans-folder")
    if (plans / PLAN_FILE).is_file():
        return plans
    year = newest_year(d.name for d in plans.iterdir() if d.is_dir() and (d / PLAN_FILE).is_file())
    if year is None and any(p.suffix in SUFFIXES for p in plans.iterdir()):
        raise PlansNotFound(
            _("{path} holds plan files but no plan.yaml; add one with `title:` and `year:`").format(path=plans)
        )
    if year is None:
        raise PlansNotFound(
            _(
                "{path} holds no plan: expected {path}/<year>/plan.yaml; "
                "see the README's file format section to start one"
            ).format(path=plans)
        )
    return plans / year


def plan_files(folder: Path) -> list[Path]:
    """plan.yaml first, then the business-line files in name order."""
    names = (p.name for p in folder.iterdir() if p.is_file() and is_plan_file(p.name))
    return [folder / n for n in sorted(names, key=plan_file_key)]


def display(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return shown_name(str(path))
    outside = relative == os.pardir or relative.startswith(os.pardir + os.sep)
    return shown_name(str(path) if outside else relative)
