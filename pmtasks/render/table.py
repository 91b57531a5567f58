"""What `pmtasks import` says it did: one line per file written, with what each business line holds."""

from __future__ import annotations

import shlex
from collections.abc import Sequence

from pmtasks.plan.model import Line, Plan
from pmtasks.text import clean


def _counts(line: Line) -> str:
    counts = [
        (len(line.periods), "period"),
        (len(list(line.tasks)), "task"),
        (len({b.track for b in line.periods if b.track}), "track"),
    ]
    return ", ".join(f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n or noun != "track")


def import_summary(written: Sequence[str], plan: Plan, folder: str) -> str:
    """``written`` is plan.yaml, then the business-line files in the plan's order."""
    lines = [f"wrote {clean(written[0])}"]
    lines += [
        f"wrote {clean(path)}  {clean(line.code)} {clean(line.name)}: {_counts(line)}"
        for line, path in zip(plan.lines, written[1:], strict=True)
    ]
    lines.append(f"Check the result: pmtasks --plans {clean(shlex.quote(folder))} list")
    return "\n".join(lines) + "\n"
