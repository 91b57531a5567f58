"""What add, drop, reschedule, edit and move report: text lines, or JSON for scripts."""

from __future__ import annotations

from typing import Any

from pmtasks.render.data import dumps
from pmtasks.text import clean, without_bidi
from pmtasks.write.transaction import Result


def edit_json(command: str, result: Result, dry_run: bool) -> str:
    """Every task the command changed, with the files written (or, in a dry run, the diff)."""
    payload: dict[str, Any] = {
        "command": command,
        "dry_run": dry_run,
        "changes": [step.record for step in result.steps],
        "warnings": [w for step in result.steps for w in step.warnings],
        "written": result.written,
    }
    if dry_run:
        payload["diff"] = without_bidi(result.diff)
    return dumps(payload)


def edit_lines(result: Result, dry_run: bool) -> tuple[str, str]:
    """(stdout, stderr) in text form: what changed (or the diff, in a dry run), then any warnings."""
    said = [clean(step.said) for step in result.steps]
    warnings = "".join(f"{clean(w)}\n" for step in result.steps for w in step.warnings)
    if dry_run:
        return without_bidi(result.diff), "".join(f"{s} (dry run: nothing written)\n" for s in said) + warnings
    return "".join(f"{s}\n" for s in said), warnings
