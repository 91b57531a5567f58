"""Verify an edit by reading again only the task items it changed.

A write has the plan as the full loader read it before the edit. For each edited file the items
of its old text are taken from that reading (see :meth:`pmtasks.plan.items.ItemReader.seed`), and
the new text is read item by item, so only the items the edit changed are parsed and validated.
The result, exactly what the full loader makes of the new text, goes into the write's cache,
where the load that verifies the edit finds it and runs the checks across the plan as always.
A file that cannot be read that way (another layout, an alias or an anchor, any problem in the
new text) is left out, and that load reads it whole: it reports every problem, located.
"""

from __future__ import annotations

from collections.abc import Mapping

from pmtasks.plan.build import FileResult
from pmtasks.plan.cache import FileCache, blob_id
from pmtasks.plan.items import ItemReader
from pmtasks.plan.load import file_key
from pmtasks.plan.model import Plan


def prime(cache: FileCache, plan: Plan, before: Mapping[str, bytes], after: Mapping[str, bytes]) -> list[str]:
    """Store in ``cache`` the result of each file of ``after`` that could be read item by item; their names."""
    if not cache.enabled:
        return []
    reader = ItemReader()
    lines = {line.path: line for line in plan.lines}
    primed = []
    for name, new in after.items():
        line = lines.get(name)
        if line is None or name not in before:
            continue
        if not reader.seed(before[name], name, plan.year, plan.currency, line):
            continue
        view = reader.read(new, name, plan.year, plan.currency)
        if view is None:
            continue
        key = file_key(cache, "line", plan.year, plan.currency, name, blob_id(new))  # the key the loader looks up
        cache.put(key, FileResult(line=view.line(), names=view.names()))
        primed.append(name)
    return primed
