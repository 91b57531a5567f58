"""Write the steps of add, drop, reschedule, edit and move: one locked, checked write per command.

The same guarantees as :func:`pmtasks.write.store.write`: the steps are decided once to learn
which files they touch, then again under the lock of every one of those files; the edited text
is loaded and validated and must read back exactly as :func:`expected_outline` says; only then
are the files replaced atomically, all of them or none.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmtasks.errors import PlanInvalid
from pmtasks.i18n import _
from pmtasks.plan.cache import FileCache
from pmtasks.plan.load import display, load_files, plan_files
from pmtasks.plan.model import Plan
from pmtasks.text import split_bom
from pmtasks.write.blocks import Arrival, FileChanges, apply_changes, extract
from pmtasks.write.edits import WriteRefused
from pmtasks.write.plan_steps import Step, expected_outline, outline
from pmtasks.write.store import WriteFailed, _diff, check_writable, locked, replace_files

Decide = Callable[[Plan], Sequence[Step]]


@dataclass
class Result:
    """What a command did (or, in a dry run, would do)."""

    steps: list[Step] = field(default_factory=list)
    diff: str = ""
    written: list[str] = field(default_factory=list)


def touched(steps: Sequence[Step]) -> set[str]:
    return {p for s in steps for p in (s.source, s.target.path if s.target else None) if p}


def commit(folder: Path, decide: Decide, *, dry_run: bool = False, year_hint: int | None = None) -> Result:
    """Decide the steps on the plan as it is on disk, and write them (or show the diff)."""
    files = {display(p): p for p in plan_files(folder)}
    root = display(folder)
    cache = FileCache.near(folder, memory=True)  # each distinct file content is parsed at most once per write
    read = {name: p.read_bytes() for name, p in files.items()}
    loaded = load_files(read, root, cache, year_hint=year_hint)
    first = decide(loaded)
    targets = sorted(files[name] for name in touched(first))
    if not dry_run:
        for path in targets:
            check_writable(path)
    with contextlib.nullcontext() if dry_run else locked(targets):
        data = {name: p.read_bytes() for name, p in files.items()}
        plan = loaded if data == read else load_files(data, root, cache, year_hint=year_hint)
        steps = list(decide(plan))
        if any(files[name] not in targets for name in touched(steps)):
            raise WriteFailed.plan_changed()
        edited = edit_files(data, steps)
        _check(plan, {**data, **edited}, root, steps, cache)
        result = Result(steps, "".join(_diff(name, data[name], new) for name, new in edited.items()))
        if not dry_run and edited:
            replace_files([(files[name], data[name], new) for name, new in edited.items()])
            result.written.extend(edited)
    return result


def edit_files(data: dict[str, bytes], steps: Sequence[Step]) -> dict[str, bytes]:
    """The new bytes of each file: revisions first, then blocks leave and arrive."""
    names = touched(steps)
    texts = {name: split_bom(data[name]) for name in data if name in names}  # in the plan's file order
    first: dict[str, list[Step]] = {}
    for step in steps:
        if step.revision is not None and step.source:
            first.setdefault(step.source, []).append(step)
    revised = {
        name: (
            bom,
            apply_changes(text, FileChanges(tuple(s.revision for s in first[name] if s.revision)))
            if name in first
            else text,
        )
        for name, (bom, text) in texts.items()
    }
    removals: dict[str, list[str]] = {}
    arrivals: dict[str, list[Arrival]] = {}
    for step in steps:
        if step.target is None:
            continue
        if step.source:
            removals.setdefault(step.source, []).append(step.task_id)
            block = extract(revised[step.source][1], step.task_id)
            arrival = Arrival(step.target.index, block=block)
        else:
            new = step.target.new
            period = (("period", new[0]), *((("track", new[2]),) if new[2] else ()), ("goal", new[1])) if new else ()
            arrival = Arrival(step.target.index, step.fields, step.entry, new_period=period)
        arrivals.setdefault(step.target.path, []).append(arrival)
    out = {}
    for name, (bom, text) in revised.items():
        if name in removals or name in arrivals:
            text = apply_changes(
                text, FileChanges(removals=tuple(removals.get(name, ())), arrivals=tuple(arrivals.get(name, ())))
            )
        out[name] = (bom + text).encode("utf-8")
    return {name: new for name, new in out.items() if new != data[name]}


def _check(before: Plan, data: dict[str, bytes], root: str, steps: Sequence[Step], cache: FileCache) -> None:
    """Load the edited files as the loader would (the others come from ``cache``), and compare with what was asked."""
    try:
        after = load_files(data, root, cache)
    except PlanInvalid as exc:
        first = "; ".join(f"{p.message} ({p.hint})" if p.hint else p.message for p in exc.problems[:3])
        raise WriteRefused(
            _("the change would leave the plan invalid: {problems}; nothing was written").format(problems=first)
        ) from None
    if outline(after) != expected_outline(before, steps):
        raise WriteFailed(
            "the edited file would not say what was asked (for "
            f"{', '.join(s.task_id for s in steps)}); nothing was written. This is a bug in "
            "pmtasks: please report it with the file"
        )
