"""A plan draft written out as plan files, in the layout of plans/2026: plan.yaml and one file per line.

Text is written plain when YAML reads it back as the same text, and double-quoted otherwise, so a
title such as ``no``, ``010``, ``a: b`` or ``#1`` stays text.
"""

from __future__ import annotations

import json
import re

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from pmtasks.plan.load import PLAN_FILE
from pmtasks.table.draft import LineDraft, PlanDraft
from pmtasks.text import clean

_RESOLVER = Resolver()
_STR = "tag:yaml.org,2002:str"
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_UNSAFE_INSIDE = re.compile(r": |:$| #|[\t\n\r]")


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that every YAML reader, and pmtasks, reads back as the same text."""
    plain = (
        text
        and text == text.strip()
        and text[0] not in _INDICATORS
        and not _UNSAFE_INSIDE.search(text)
        and _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR  # type: ignore[no-untyped-call]
        and text.isprintable()
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def file_name(index: int, line: LineDraft) -> str:
    """``01-im.yaml``: the line's place in the table, then its code."""
    return f"{index:02d}-{line.code.lower()}.yaml"


def plan_yaml(draft: PlanDraft) -> str:
    lines = [
        f"# {clean(draft.title)}: imported by `pmtasks import` from {clean(draft.source)}.",
        "# Each business line (核心业务板块) has its own file beside this one.",
        f"title: {scalar(draft.title)}",
    ]
    if draft.org:
        lines.append(f"org: {scalar(draft.org)}")
    lines.append(f"year: {draft.year}")
    return "\n".join(lines) + "\n"


def line_yaml(line: LineDraft, year: int) -> str:
    out = [
        f"# {clean(line.name)}: one business line of the {year} plan. Task IDs never change once given.",
        f"line: {scalar(line.name)}",
        f"code: {scalar(line.code)}",
        "periods:",
    ]
    number = 0
    for index, period in enumerate(line.periods):
        if index:
            out.append("")
        out.append(f"  - period: {scalar(period.period)}")
        if period.track:
            out.append(f"    track: {scalar(period.track)}")
        out.append(f"    goal: {scalar(period.goal)}")
        if period.resources:
            out.append("    resources:")
            out.extend(f"      - {scalar(r)}" for r in period.resources)
        out += ["    tasks:"] if period.tasks else []
        for title in period.tasks:
            number += 1
            out += [
                f"      - id: {line.code}-{number}",
                f"        title: {scalar(title)}",
                "        status: todo",
                "        progress: 0",
            ]
    return "\n".join(out) + "\n"


def plan_files(draft: PlanDraft) -> dict[str, str]:
    """File name → text: plan.yaml first, then the business lines in table order."""
    files = {PLAN_FILE: plan_yaml(draft)}
    for index, line in enumerate(draft.lines, start=1):
        files[file_name(index, line)] = line_yaml(line, draft.year)
    return files
