"""A report as JSON: every figure, with the formulas' settings, for scripts and for checking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pmtasks.govern.changes import Event
from pmtasks.govern.colour import Colour
from pmtasks.govern.redblack import Standing
from pmtasks.govern.report import Report
from pmtasks.govern.sections import Row
from pmtasks.ledger.model import Item
from pmtasks.plan.model import Task
from pmtasks.render.data import dumps
from pmtasks.render.money_data import kpi_record, rollup_record


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _colours(counts: dict[Colour, int]) -> dict[str, int]:
    return {c.value: n for c, n in counts.items()}


def _task(task: Task) -> dict[str, Any]:
    return {
        "id": task.id,
        "title": task.title,
        "line": task.line,
        "owner": task.owner,
        "start": task.start.isoformat(),
        "due": task.due.isoformat(),
        "status": task.status.value,
    }


def _standing(s: Standing) -> dict[str, Any]:
    return {
        "unit": s.unit,
        "tasks": s.tasks,
        "due": s.due,
        "on_time": s.on_time,
        "on_time_rate": _num(s.on_time_rate),
        "green": s.green,
        "green_share": _num(s.green_share),
        "score": _num(s.score),
        "rank": s.rank,
        "missed": list(s.missed),
        "exempt": list(s.exempt),
        "met": s.met,
    }


def _row(row: Row) -> dict[str, Any]:
    return {
        **_standing(row.standing),
        "code": row.code,
        "done": row.done,
        "progress": _num(row.progress),
        "pace": _num(row.pace),
        "colour": row.colour.value if row.colour else None,
        "colours": _colours(row.colours),
    }


def _event(e: Event) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "task": _task(e.task),
        "old": e.old,
        "new": e.new,
        "days": e.days,
        "reason": e.reason,
        "who": e.who,
        "on_time": e.on_time,
        "when": e.when.isoformat() if e.when else None,
    }


def _money(report: Report) -> dict[str, Any]:
    """The KPI and budget sections, each only when the report has it (so a plan without keeps its JSON)."""
    out: dict[str, Any] = {}
    if report.kpis is not None:
        out["kpis"] = {"threshold": report.kpis.threshold, "states": [kpi_record(k) for k in report.kpis.states]}
    money = report.budget
    if money is not None:
        out["budget"] = {
            "currency": money.currency,
            "lines": [{"code": code, **rollup_record(row)} for code, row in money.lines],
            "total": rollup_record(money.total),
        }
    return out


def _ledgers(report: Report) -> dict[str, Any]:
    """The ledger section, only when the plan has ledgers (so a plan without keeps its JSON)."""
    section = report.ledgers
    if section is None:
        return {}

    def item(i: Item) -> dict[str, Any]:
        return {
            "id": i.id,
            "kind": i.kind.value,
            "title": i.title,
            "owner": i.owner,
            "due": i.due.isoformat(),
            "state": i.state.value,
            "source": i.source.name,
        }

    return {
        "ledgers": {
            "counts": {
                "items": section.total,
                "open": len(section.open),
                "overdue": len(section.overdue),
                "closed": len(section.closed),
                "awaiting_verification": len(section.awaiting),
            },
            "open": [item(i) for i in section.open],
            "overdue": [item(x.item) | {"days_late": x.days_late} for x in section.overdue],
            "closed": [item(x.item) | {"closed_on": x.on.isoformat()} for x in section.closed],
            "awaiting_verification": [item(i) for i in section.awaiting],
        }
    }


def report_json(report: Report) -> str:
    r, h = report, report.headline
    rb = r.red_black
    return dumps(
        {
            "kind": r.kind,
            "title": r.title,
            "org": r.org,
            "window": {"label": r.window.label, "start": r.window.start.isoformat(), "end": r.window.end.isoformat()},
            "as_of": r.as_of.isoformat(),
            "revision": r.revision,
            "filters": list(r.filters),
            "policy": vars(r.policy) | {"force_majeure": list(r.policy.force_majeure)},
            "headline": {
                "due": h.due,
                "done": h.done,
                "on_time": h.on_time,
                "on_time_rate": _num(h.on_time_rate),
                "overdue": h.overdue,
                "newly_overdue": h.newly_overdue,
                "colours": _colours(h.colours),
            },
            "lines": [_row(x) for x in r.lines],
            "owners": [_row(x) for x in r.owners],
            "changes": None
            if r.changes is None
            else {"base": r.changes.base, "head": r.changes.head, "events": [_event(e) for e in r.changes.events]},
            "red": [
                {
                    "task": _task(i.task),
                    "progress": i.progress,
                    "pace": i.pace,
                    "behind": i.pace - i.progress,
                    "days_late": i.days_late,
                    "reason": i.reason,
                    "who": i.who,
                    "action": i.action,
                }
                for i in r.red
            ],
            "coming_due": {
                "window": r.ahead.label,
                "tasks": [
                    {"task": _task(i.task), "progress": i.progress, "colour": i.colour.value if i.colour else None}
                    for i in r.coming
                ],
            },
            "goals": [
                {
                    "line": g.line,
                    "period": g.block.period.label,
                    "track": g.block.track,
                    "goal": g.block.goal,
                    "tasks": g.tasks,
                    "done": g.done,
                    "verdict": g.verdict,
                }
                for g in r.goals
            ],
            "red_black": None
            if rb is None
            else {
                "unit": rb.unit,
                "standings": [_standing(s) for s in rb.standings],
                "red": [s.unit for s in rb.red],
                "black": [s.unit for s in rb.black],
            },
            "tasks": [
                {
                    "id": x.task.id,
                    "progress": x.progress,
                    "pace": x.pace,
                    "colour": x.colour.value if x.colour else None,
                    "status": x.task.status.value,
                }
                for x in r.states
            ],
            "trend": [{"day": p.day.isoformat(), "progress": _num(p.progress), "pace": _num(p.pace)} for p in r.trend],
        }
        | _money(r)
        | _ledgers(r)
    )
