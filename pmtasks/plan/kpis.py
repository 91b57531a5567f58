"""KPIs as the plan holds them: built from the validated files, each with its place, names unique per goal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pmtasks.errors import Problem
from pmtasks.i18n import _
from pmtasks.plan.model import Kpi, Line, Loc

if TYPE_CHECKING:  # a plan read from the cache needs neither pydantic nor YAML
    from pmtasks.plan.schema import KpiSpec
    from pmtasks.plan.yamlread import Located


def kpis(specs: Sequence[KpiSpec], located: Located, path: str, at: tuple[str | int, ...]) -> tuple[Kpi, ...]:
    """The KPIs under ``at`` (a period, or the plan itself), each located at its name."""
    built = []
    for index, spec in enumerate(specs):
        line, col = located.where(at + ("kpis", index, "name"))
        built.append(Kpi(spec.name, spec.target, spec.unit, Loc(path, line, col), spec.actual, spec.direction))
    return tuple(built)


def duplicate_kpis(lines: Iterable[Line], plan_kpis: Sequence[Kpi]) -> list[Problem]:
    """A KPI name appears once per goal: two targets with one name cannot both be reported."""
    groups = [list(plan_kpis)] + [list(block.kpis) for line in lines for block in line.periods]
    problems = []
    for group in groups:
        first: dict[str, Kpi] = {}
        for kpi in group:
            if kpi.name in first:
                seen = first[kpi.name].loc
                problems.append(
                    Problem(
                        kpi.loc.path,
                        kpi.loc.line,
                        kpi.loc.col,
                        _("duplicate KPI `{name}` (first at line {line}, column {col})").format(
                            name=kpi.name, line=seen.line, col=seen.col
                        ),
                        _("give each KPI of a goal its own name, or merge the two"),
                    )
                )
            first.setdefault(kpi.name, kpi)
    return problems
