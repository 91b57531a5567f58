"""The report's figures, computed here from the scripted history's facts without the report code.

The facts are the final plan state that tests/report_repo.py writes (dates, owners, logs); every
formula is written out again from the README's definitions and compared with the JSON output.
"""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import report_repo
from conftest import Runner

YELLOW, RED, TOP, BOTTOM, W_ON_TIME, W_PACE = 10, 30, 1, 2, 60, 40
CASES = {  # kind, as-of, window start, window end
    "weekly": ("2026-11-23", date(2026, 11, 16), date(2026, 11, 22)),
    "monthly": ("2026-12-01", date(2026, 11, 1), date(2026, 11, 30)),
    "quarterly": ("2026-10-01", date(2026, 7, 1), date(2026, 9, 30)),
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("numbers") / "repo"
    report_repo.build(root)
    return root


def facts() -> list[dict[str, Any]]:
    state = report_repo.initial()
    for _, _, change in report_repo.STEPS:
        change(state)
    tasks = []
    for _, (line, periods) in copy.deepcopy(state).items():
        for _, _, items in periods:
            for t in items:
                done = [e["date"] for e in t["log"] if e.get("status") == "done"]
                tasks.append(
                    {
                        "id": t["id"],
                        "line": line,
                        "owner": t["owner"],
                        "status": t["status"],
                        "start": date.fromisoformat(t["start"]),
                        "due": date.fromisoformat(t["due"]),
                        "done": date.fromisoformat(done[-1]) if t["status"] == "done" else None,
                        "logged": [(date.fromisoformat(e["date"]), e["progress"]) for e in t["log"] if "progress" in e],
                        "notes": [e.get("note", "") for e in t["log"]],
                    }
                )
    return tasks


def half_up(value: Fraction, places: str = "0.1") -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def pace(t: dict[str, Any], day: date) -> int:
    if day < t["start"]:
        return 0
    span = (t["due"] - t["start"]).days + 1
    return min(100, int(half_up(Fraction(100 * ((day - t["start"]).days + 1), span), "1")))


def progress(t: dict[str, Any], day: date) -> int:
    if t["done"] and t["done"] <= day:
        return 100
    before = [p for d, p in t["logged"] if d <= day]
    return before[-1] if before else 0


def base_colour(t: dict[str, Any], day: date, lagged: bool = False) -> str:
    if t["done"] and t["done"] <= day:
        return "green"
    lag = pace(t, day) - progress(t, day)
    if day > t["due"] or lag > RED:
        return "red"
    return "yellow" if lag >= YELLOW or lagged else "green"


def colour(t: dict[str, Any], day: date) -> str | None:
    if t["status"] == "dropped":
        return None
    month_end = day.replace(day=1) - timedelta(days=1)
    lagged = month_end >= t["start"] and base_colour(t, month_end) == "red"
    return base_colour(t, day, lagged)


def due_in(tasks: list[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    return [t for t in tasks if t["status"] != "dropped" and start <= t["due"] <= end]


def on_time(t: dict[str, Any]) -> bool:
    return t["done"] is not None and t["done"] <= t["due"]


def pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else float(half_up(Fraction(100 * part, whole)))


@pytest.mark.parametrize("kind", list(CASES))
def test_task_colours_pace_and_progress(cli: Runner, repo: Path, kind: str) -> None:
    as_of, _, end = CASES[kind]
    out = json.loads(cli("report", kind, "--as-of", as_of, "-f", "json", cwd=repo).stdout)
    expected = [
        {"id": t["id"], "progress": progress(t, end), "pace": pace(t, end), "colour": colour(t, end)} for t in facts()
    ]
    assert [{k: x[k] for k in ("id", "progress", "pace", "colour")} for x in out["tasks"]] == expected


@pytest.mark.parametrize("kind", list(CASES))
def test_headline(cli: Runner, repo: Path, kind: str) -> None:
    as_of, start, end = CASES[kind]
    out = json.loads(cli("report", kind, "--as-of", as_of, "-f", "json", cwd=repo).stdout)
    tasks = facts()
    due = due_in(tasks, start, end)
    late = [t for t in tasks if t["status"] != "dropped" and end > t["due"] and not (t["done"] and t["done"] <= end)]
    colours = [colour(t, end) for t in tasks if t["status"] != "dropped"]
    assert out["headline"] == {
        "due": len(due),
        "done": sum(1 for t in tasks if t["done"] and start <= t["done"] <= end),
        "on_time": sum(on_time(t) for t in due),
        "on_time_rate": pct(sum(on_time(t) for t in due), len(due)),
        "overdue": len(late),
        "newly_overdue": sum(t["due"] >= start for t in late),
        "colours": {c: colours.count(c) for c in ("red", "yellow", "green")},
    }


def standings(tasks: list[dict[str, Any]], key: str, start: date, end: date) -> dict[str, dict[str, Any]]:
    units: dict[str, dict[str, Any]] = {}
    for name in dict.fromkeys(t[key] for t in tasks):
        live = [t for t in tasks if t[key] == name and t["status"] != "dropped"]
        due = due_in(live, start, end)
        missed = [t for t in due if not on_time(t)]
        green = sum(colour(t, end) == "green" for t in live)
        rate = half_up(Fraction(100 * (len(due) - len(missed)), len(due))) if due else None
        share = half_up(Fraction(100 * green, len(live))) if live else None
        total = (rate if rate is not None else Decimal(100)) * W_ON_TIME + (
            share if share is not None else 100
        ) * W_PACE
        units[name] = {
            "score": float((total / (W_ON_TIME + W_PACE)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
            "on_time_rate": None if rate is None else float(rate),
            "missed": [t["id"] for t in missed],
            "excused": bool(missed) and all(any("不可抗力" in n for n in t["notes"]) for t in missed),
            "progress": float(half_up(Fraction(sum(progress(t, end) for t in live), len(live)))),
            "pace": float(half_up(Fraction(sum(pace(t, end) for t in live), len(live)))),
        }
    for unit in units.values():
        unit["rank"] = 1 + sum(other["score"] > unit["score"] for other in units.values())
        unit["below"] = sum(other["score"] < unit["score"] for other in units.values())
    return units


@pytest.mark.parametrize("kind", list(CASES))
@pytest.mark.parametrize("key", ["line", "owner"])
def test_unit_tables(cli: Runner, repo: Path, kind: str, key: str) -> None:
    as_of, start, end = CASES[kind]
    out = json.loads(cli("report", kind, "--as-of", as_of, "-f", "json", cwd=repo).stdout)
    units = standings(facts(), key, start, end)
    rows = out["lines" if key == "line" else "owners"]
    assert {r["unit"] for r in rows} == set(units)
    for row in rows:
        want = units[row["unit"]]
        got = {k: row[k] for k in ("score", "on_time_rate", "missed", "progress", "pace", "rank")}
        assert got == {k: want[k] for k in got}, row["unit"]


def test_red_black_list_of_the_quarter(cli: Runner, repo: Path) -> None:
    as_of, start, end = CASES["quarterly"]
    out = json.loads(cli("report", "quarterly", "--as-of", as_of, "-f", "json", cwd=repo).stdout)
    units = standings(facts(), "owner", start, end)
    red = [n for n, u in units.items() if u["rank"] <= TOP and not u["missed"]]
    black = [n for n, u in units.items() if u["below"] < BOTTOM and u["missed"] and not u["excused"]]
    assert out["red_black"]["unit"] == "owner"
    assert sorted(out["red_black"]["red"]) == sorted(red)
    assert sorted(out["red_black"]["black"]) == sorted(black)
    # The scripted history makes these concrete: the ones on time lead, the late one is black-listed,
    # and the one who missed only for a typhoon (不可抗力) is exempt although ranked last.
    assert sorted(red) == ["张伟", "李娜"]
    assert black == ["王强"]
    assert units["赵敏"]["excused"]


def test_changes_of_the_month(cli: Runner, repo: Path) -> None:
    out = json.loads(cli("report", "monthly", "--as-of", "2026-12-01", "-f", "json", cwd=repo).stdout)
    events = [
        (e["kind"], e["task"]["id"], e["old"], e["new"], e["days"], e["reason"], e["who"])
        for e in out["changes"]["events"]
    ]
    assert events == [
        ("completed", "MK-4", None, None, None, "客户延期，推介会改至月底", "张伟"),
        ("rescheduled", "MK-4", "2026-11-15", "2026-11-30", 15, "客户延期，推介会改至月底", "张伟"),
        ("reassigned", "MK-5", "李娜", "王强", None, "人员调整", "李娜"),
        ("added", "BD-4", None, None, None, None, None),
        ("dropped", "BD-6", "todo", "dropped", None, "项目取消", "王强"),
    ]
    assert out["changes"]["events"][0]["on_time"] is True
