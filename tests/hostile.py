"""Small plans with hostile text in them, written in the test that uses them (nothing big is committed)."""

from __future__ import annotations

from pathlib import Path

PLAN = "title: t\nyear: 2026\n"
TASK = "line: L\ncode: X\nperiods:\n  - period: 1-3月\n    goal: g\n    tasks:\n      - id: X-1\n        title: t\n"


def small_plan(root: Path, line_file: str = TASK, name: str = "01-x.yaml", plan: str = PLAN) -> Path:
    """``root/plans/2026`` holding plan.yaml and one business-line file; returns the year folder."""
    folder = root / "plans" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    (folder / name).write_text(line_file, encoding="utf-8")
    return folder


def workflow_commands(text: str) -> list[str]:
    """Lines a GitHub Actions runner would run as workflow commands (split at LF and CR, blanks trimmed)."""
    return [line for line in text.replace("\r", "\n").split("\n") if line.lstrip().startswith("::")]
