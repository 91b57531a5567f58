"""One plan file as flat lines that read well in a plain ``git diff`` (a git textconv filter).

Every line carries what it belongs to (``IM-1 due: 2026-03-31``), so a hunk tells which task
changed without scrolling up for context. A file that does not parse is shown as it is: a
textconv filter must never fail, or ``git diff`` fails with it.
"""

from __future__ import annotations

from typing import Any

from pmtasks.plan.yamlread import decode, read_yaml
from pmtasks.text import clean


def readable(data: bytes, name: str) -> str:
    """Flat ``owner key: value`` lines for a plan file; the text unchanged when it does not parse."""
    text, _ = decode(data, name)
    if text is None:
        return data.decode("utf-8", "replace")
    located = read_yaml(text, name)
    if located.problems or not isinstance(located.data, dict):
        return text
    out: list[str] = []
    _mapping("", located.data, out)
    return "".join(f"{line}\n" for line in out)


def _scalar(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in value.items()) + "}"
    return clean(str(value))


def _mapping(prefix: str, data: dict[str, Any], out: list[str]) -> None:
    for key, value in data.items():
        if key == "periods" and isinstance(value, list):
            for block in value:
                _period(block, out)
        elif key == "items" and isinstance(value, list):  # a ledger file: each item's lines name it
            for item in value:
                _task(None, item, out)
        else:
            out.append(f"{prefix}{key}: {_scalar(value)}")


def _period(block: Any, out: list[str]) -> None:
    if not isinstance(block, dict):
        out.append(f"period: {_scalar(block)}")
        return
    name = _scalar(block.get("period", "?"))
    if block.get("track"):
        name += f" · {_scalar(block['track'])}"
    out.append(f"[{name}]")
    for key, value in block.items():
        if key == "tasks" and isinstance(value, list):
            for task in value:
                _task(name, task, out)
        elif key == "resources" and isinstance(value, list):
            out += [f"[{name}] resource: {_scalar(r)}" for r in value]
        elif key not in ("period", "track"):
            out.append(f"[{name}] {key}: {_scalar(value)}")


def _task(period: str | None, task: Any, out: list[str]) -> None:
    if not isinstance(task, dict):
        out.append(f"{'task' if period is not None else 'item'}: {_scalar(task)}")
        return
    ident = _scalar(task.get("id", "?"))
    if period is not None:
        out.append(f"{ident} period: {period}")
    for key, value in task.items():
        if key == "log" and isinstance(value, list):
            out += [f"{ident} log: {_scalar(entry)}" for entry in value]
        elif key != "id":
            out.append(f"{ident} {key}: {_scalar(value)}")
