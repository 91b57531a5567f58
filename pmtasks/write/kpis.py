"""Setting a KPI's actual value: the one key spliced into its mapping, checked, written atomically.

A KPI is found by its goal (a business line's period, or the plan itself) and its name. Its
``actual`` is replaced where it stands, or added after its last key: inside the braces of a flow
mapping (``{name: 服务方案, target: 1, unit: 份, actual: 1}``), or as a line of its own in block
style. Every other byte of the file stays as it was.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pmtasks.errors import PlanInvalid, UsageError
from pmtasks.i18n import _
from pmtasks.plan.amounts import days
from pmtasks.plan.cache import FileCache
from pmtasks.plan.load import display, load_files, plan_files
from pmtasks.plan.model import Kpi, Plan
from pmtasks.text import split_bom
from pmtasks.write.edits import WriteRefused, verify_same
from pmtasks.write.store import Outcome, WriteFailed, _diff, check_writable, locked, replace_files
from pmtasks.write.yamledit import EditRefused

PLAN_GOAL = "plan"  # the address of plan.yaml's own KPIs


@dataclass(frozen=True)
class KpiAddress:
    """Where a KPI is: ``line`` and ``period`` (None for the plan's own KPIs) and its name."""

    line: str | None
    period: str | None
    name: str


def parse_address(goal: str, name: str) -> KpiAddress:
    """``IM/4-9月`` (a line's name or code, then a period label) or ``plan``."""
    if goal.strip().casefold() == PLAN_GOAL:
        return KpiAddress(None, None, name.strip())
    line, sep, period = goal.partition("/")
    if not sep or not line.strip() or not period.strip():
        raise UsageError(
            _("{goal} does not name a goal; write LINE/PERIOD (e.g. IM/4-9月), or `plan`").format(goal=repr(goal))
        )
    return KpiAddress(line.strip(), period.strip(), name.strip())


def find_kpi(plan: Plan, address: KpiAddress) -> tuple[Kpi, str, int | None, int]:
    """The KPI, its file, its period's index in that file (None: plan.yaml) and its index there."""
    if address.line is None:
        for index, kpi in enumerate(plan.kpis):
            if kpi.name == address.name:
                return kpi, kpi.loc.path, None, index
        raise WriteRefused(
            _("the plan has no KPI {name}; its KPIs: {names}").format(name=repr(address.name), names=_names(plan.kpis))
        )
    wanted = address.line.casefold()
    line = next((x for x in plan.lines if wanted in (x.name.casefold(), x.code.casefold())), None)
    if line is None:
        known = ", ".join(f"{x.code} ({x.name})" for x in plan.lines)
        raise WriteRefused(
            _("no business line {line}; the plan has: {lines}").format(line=repr(address.line), lines=known)
        )
    blocks = [(i, b) for i, b in enumerate(line.periods) if b.period.label == address.period]
    if not blocks:
        labels = ", ".join(dict.fromkeys(b.period.label for b in line.periods))
        raise WriteRefused(
            _("{line} has no period {period}; its periods: {periods}").format(
                line=line.name, period=repr(address.period), periods=labels
            )
        )
    found = [(k, i, j) for i, b in blocks for j, k in enumerate(b.kpis) if k.name == address.name]
    if not found:
        names = _names([k for _, b in blocks for k in b.kpis])
        raise WriteRefused(
            _("{line} {period} has no KPI {name}; its KPIs: {names}").format(
                line=line.name, period=address.period, name=repr(address.name), names=names
            )
        )
    if len(found) > 1:
        raise WriteRefused(
            f"two periods {address.period} of {line.name} have a KPI {address.name!r}; rename one of them"
        )
    kpi, period_index, kpi_index = found[0]
    return kpi, line.path, period_index, kpi_index


def _names(kpis: object) -> str:
    names = [k.name for k in kpis] if isinstance(kpis, list | tuple) else []
    return ", ".join(names) if names else "none"


def _items(node: Node | None, key: str) -> list[Node]:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == key and isinstance(v, SequenceNode):
                return list(v.value)
    return []


def splice_actual(text: str, period_index: int | None, kpi_index: int, value: Decimal) -> str:
    """``text`` with the KPI's ``actual`` set to ``value``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise EditRefused(f"the file does not parse as YAML ({exc})") from None
    holder = root if period_index is None else _items(root, "periods")[period_index]
    node = _items(holder, "kpis")[kpi_index]
    assert isinstance(node, MappingNode)
    shown = days(value)
    for key, old in node.value:
        if isinstance(key, ScalarNode) and key.value == "actual":
            if not isinstance(old, ScalarNode) or old.style or old.value == "":
                raise EditRefused(_("the KPI's `actual` is not a plain number; write it as one, then run again"))
            return text[: old.start_mark.index] + shown + text[old.end_mark.index :]
    last = node.value[-1][1]
    at = int(last.end_mark.index)
    if node.flow_style:
        return text[:at] + f", actual: {shown}" + text[at:]
    newline = "\r\n" if "\r\n" in text else "\n"
    column = int(node.value[0][0].start_mark.column)
    end = text.find("\n", at)
    line = f"{' ' * column}actual: {shown}{newline}"
    if end < 0:
        return text + newline + line[: -len(newline)]
    return text[: end + 1] + line + text[end + 1 :]


def with_actual(plan: Plan, address: KpiAddress, value: Decimal) -> Plan:
    """The plan as it must read back: the one KPI's actual changed."""

    def update(kpis: tuple[Kpi, ...], here: bool) -> tuple[Kpi, ...]:
        return tuple(replace(k, actual=value) if here and k.name == address.name else k for k in kpis)

    if address.line is None:
        return replace(plan, kpis=update(plan.kpis, True))
    wanted = address.line.casefold()
    lines = []
    for line in plan.lines:
        mine = wanted in (line.name.casefold(), line.code.casefold())
        blocks = tuple(replace(b, kpis=update(b.kpis, mine and b.period.label == address.period)) for b in line.periods)
        lines.append(replace(line, periods=blocks))
    return replace(plan, lines=tuple(lines))


def set_actual(
    folder: Path, address: KpiAddress, value: Decimal, *, dry_run: bool = False, year_hint: int | None = None
) -> tuple[Kpi, Outcome]:
    """Write the KPI's new actual (or, with ``dry_run``, only say what would change)."""
    if value < 0:
        raise WriteRefused(_("{value} is negative; a KPI's actual cannot be").format(value=days(value)))
    files = {display(p): p for p in plan_files(folder)}
    root = display(folder)
    cache = FileCache.near(folder, memory=True)  # each file is parsed at most once per write
    read = {name: p.read_bytes() for name, p in files.items()}
    first = load_files(read, root, cache, year_hint=year_hint)
    target = files[find_kpi(first, address)[1]]
    if not dry_run:
        check_writable(target)
    with contextlib.nullcontext() if dry_run else locked([target]):
        data = {name: p.read_bytes() for name, p in files.items()}
        plan = first if data == read else load_files(data, root, cache, year_hint=year_hint)
        kpi, name, period_index, kpi_index = find_kpi(plan, address)
        if files[name] != target:
            raise WriteFailed.plan_changed()
        bom, text = split_bom(data[name])
        new = (bom + splice_actual(text, period_index, kpi_index, value)).encode("utf-8")
        try:
            after = load_files({**data, name: new}, root, cache, year_hint=year_hint)
        except PlanInvalid:
            raise WriteFailed(
                "the edited file would not load; nothing was written. This is a bug in pmtasks: "
                "please report it with the file"
            ) from None
        if not verify_same(with_actual(plan, address, value), after):
            raise WriteFailed(
                "the edited file would not say what was asked; nothing was written. This is a bug "
                "in pmtasks: please report it with the file"
            )
        before = "—" if kpi.actual is None else f"{days(kpi.actual)}{kpi.unit}"
        line = _("KPI {name}: actual {before} → {after} (target {target})").format(
            name=kpi.name, before=before, after=f"{days(value)}{kpi.unit}", target=f"{days(kpi.target)}{kpi.unit}"
        )
        outcome = Outcome([line], _diff(name, data[name], new))
        if not dry_run and new != data[name]:
            replace_files([(target, data[name], new)])
            outcome.written.append(name)
    return kpi, outcome
