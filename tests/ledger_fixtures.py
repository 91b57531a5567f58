"""Plans with ledgers for the tests of `pmtasks ledger`, `check`, `status` and `diff`."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import EXAMPLES, PLANS, ROOT

LEDGER_EXAMPLES = ROOT / "examples" / "ledgers"
CRAFTED = EXAMPLES / "ledgers"
AS_OF = "2026-07-01"


def plan_with_ledgers(tmp_path: Path, *crafted: str, examples: bool = True) -> Path:
    """tmp_path/plan: the real 2026 plan, with the example ledgers and the named crafted ones."""
    folder = tmp_path / "plan"
    shutil.copytree(PLANS / "2026", folder)
    ledgers = folder / "ledgers"
    ledgers.mkdir()
    if examples:
        for path in sorted(LEDGER_EXAMPLES.glob("*.yaml")):
            shutil.copyfile(path, ledgers / path.name)
    for name in crafted:
        shutil.copyfile(CRAFTED / name, ledgers / Path(name).name)
    return folder


def plan_files_bytes() -> dict[str, bytes]:
    """The real plan's files under the names a loader run from the repository root would give them."""
    return {f"plans/2026/{p.name}": p.read_bytes() for p in sorted((PLANS / "2026").glob("*.yaml"))}
