"""report: the KPI and budget sections, over the example plan with money (examples/budget/plans).

Goldens pin every format; the figures are computed again here from the YAML alone and compared with
the JSON; a plan without KPIs or money keeps its report exactly as before (the other goldens).
"""

from __future__ import annotations

import calendar
import json
import re
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, Runner, golden

PLANS = ROOT / "examples" / "budget" / "plans"
SUFFIX = {"text": "txt", "markdown": "md", "html": "html", "json": "json"}
AS_OF, WINDOW_END = "2026-07-01", date(2026, 6, 30)  # the June bulletin


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("money")
    shutil.copytree(PLANS, root / "plans")
    return root


@pytest.mark.parametrize("fmt", list(SUFFIX))
def test_budget_report_golden(cli: Runner, folder: Path, fmt: str) -> None:
    result = cli("report", "monthly", "--as-of", AS_OF, "--format", fmt, cwd=folder)
    assert result.exit_code == 0, result.stderr
    golden(f"report/budget-monthly.{SUFFIX[fmt]}", result.stdout)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_budget_report_in_chinese(cli: Runner, folder: Path, fmt: str) -> None:
    result = cli("report", "monthly", "--as-of", AS_OF, "--lang", "zh-CN", "-f", fmt, cwd=folder)
    assert result.exit_code == 0, result.stderr
    golden(f"report/budget-monthly.zh-CN.{SUFFIX[fmt]}", result.stdout)
    for heading in ("## 关键指标完成情况", "## 预算执行情况"):
        assert heading in result.stdout if fmt == "markdown" else heading[3:] in result.stdout


def _amount(value: Any) -> Decimal:
    """``8万`` → 80000, ``"30,000"`` → 30000, ``28000元`` → 28000, 7.6万 → 76000."""
    match = re.fullmatch(r"([\d,.]+)(万?)元?", str(value))
    assert match, value
    number = Decimal(match[1].replace(",", ""))
    return number * 10000 if match[2] else number


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _pace(start: date, end: date, day: date) -> int:
    if day < start:
        return 0
    return min(100, _half_up(Decimal(100 * ((day - start).days + 1)) / ((end - start).days + 1)))


def _span(label: str | None) -> tuple[date, date]:
    if label is None:
        return date(2026, 1, 1), date(2026, 12, 31)
    first, last = (int(m) for m in re.fullmatch(r"(\d+)-(\d+)月", label).groups())  # type: ignore[union-attr]
    return date(2026, first, 1), date(2026, last, calendar.monthrange(2026, last)[1])


def _kpi(kpi: dict[str, Any], label: str | None, line: str | None, threshold: int) -> dict[str, Any]:
    target, actual = Decimal(str(kpi["target"])), kpi.get("actual")
    actual = None if actual is None else Decimal(str(actual))
    down = kpi.get("direction") == "down"
    share: Decimal | None = None
    if actual is not None:
        share = (Decimal(100) if actual <= target else 100 * target / actual) if down else 100 * actual / target
    pace = _pace(*_span(label), WINDOW_END)
    met = actual is not None and (actual <= target if down else actual >= target)
    behind = (actual is not None and actual > target) if down else pace - (share or 0) > threshold
    return {
        "name": kpi["name"],
        "line": line,
        "period": label,
        "met_percent": None if share is None else _half_up(share),
        "pace": pace,
        "met": met,
        "behind": behind,
    }


def _expected() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    folder = PLANS / "2026"
    plan = yaml.safe_load((folder / "plan.yaml").read_text(encoding="utf-8"))
    threshold = plan["check"]["kpi_threshold"]
    kpis = [_kpi(k, None, None, threshold) for k in plan["kpis"]]
    lines, everything = [], []
    for path in sorted(folder.glob("0*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        tasks = []
        for block in doc["periods"]:
            kpis += [_kpi(k, block["period"], doc["line"], threshold) for k in block.get("kpis", [])]
            tasks += block["tasks"]
        lines.append(_sums(doc["line"], tasks) | {"code": doc["code"]})
        everything += tasks
    return kpis, lines, _sums(plan["title"], everything)


def _sums(name: str, tasks: list[dict[str, Any]]) -> dict[str, Any]:
    budget = sum((_amount(t["budget"]) for t in tasks if "budget" in t), Decimal(0))
    spent = sum((_amount(t["spent"]) for t in tasks if "spent" in t), Decimal(0))
    weighted = sum((_amount(t["budget"]) * t["progress"] for t in tasks if "budget" in t), Decimal(0))
    return {
        "name": name,
        "tasks": len(tasks),
        "budget": f"{budget.normalize():f}",
        "spent": f"{spent.normalize():f}",
        "spent_percent": _half_up(100 * spent / budget),
        "progress": _half_up(weighted / budget),
    }


def test_the_sections_figures_are_recomputed_from_the_yaml(cli: Runner, folder: Path) -> None:
    out = json.loads(cli("report", "monthly", "--as-of", AS_OF, "-f", "json", cwd=folder).stdout)
    kpis, lines, total = _expected()
    keys = ("name", "line", "period", "met_percent", "pace", "met", "behind")
    assert [{k: s[k] for k in keys} for s in out["kpis"]["states"]] == kpis
    keys = ("name", "tasks", "budget", "spent", "spent_percent", "progress")
    assert [{k: row[k] for k in (*keys, "code")} for row in out["budget"]["lines"]] == lines
    assert {k: out["budget"]["total"][k] for k in keys} == total
    assert out["budget"]["currency"] == "元"
    # The sums agree with `pmtasks budget` over the same plan.
    budget = json.loads(cli("budget", "--format", "json", cwd=folder).stdout)
    assert budget["total"] == out["budget"]["total"]


def test_a_line_filter_narrows_both_sections(cli: Runner, folder: Path) -> None:
    out = json.loads(cli("report", "monthly", "--as-of", AS_OF, "--line", "EM", "-f", "json", cwd=folder).stdout)
    assert [(s["line"], s["name"]) for s in out["kpis"]["states"]] == [
        ("外部市场拓展", "新签外部合同"),
        ("外部市场拓展", "投标响应周期"),
    ]
    assert [row["code"] for row in out["budget"]["lines"]] == ["EM"]
    assert out["budget"]["total"]["budget"] == "170000"
    assert out["budget"]["total"]["spent"] == "153000"


def test_a_plan_without_kpis_or_money_has_neither_section(cli: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "plans" / "2026"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: 无预算计划\nyear: 2026\n", encoding="utf-8")
    (folder / "01-im.yaml").write_text(
        (PLANS / "2026" / "01-internal-market.yaml").read_text(encoding="utf-8").split("\n  - period: 4-9月")[0],
        encoding="utf-8",
    )
    text = (folder / "01-im.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n    kpis:\n(      - .*\n)+", "\n", text)
    text = re.sub(r"\n +(budget|spent|effort|effort_actual): [^\n]*", "", text)
    text = re.sub(r', (budget|spent): ("[^"]*"|[^,}]+)', "", text)
    (folder / "01-im.yaml").write_text(text, encoding="utf-8")
    result = cli("report", "monthly", "--as-of", AS_OF, "-f", "json", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert "kpis" not in out
    assert "budget" not in out
    for fmt, words in (("text", "KPIs"), ("markdown", "## Budget"), ("html", 'id="budget"')):
        assert words not in cli("report", "monthly", "--as-of", AS_OF, "-f", fmt, cwd=tmp_path).stdout
