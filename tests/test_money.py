"""KPIs, budgets and effort on the example plan: the views, the writes, and their figures checked by hand."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import PLANS, ROOT, Runner, git, golden

EXAMPLE = ROOT / "examples" / "budget" / "plans"
AS_OF = "2026-08-15"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    target = tmp_path / "plans"
    shutil.copytree(EXAMPLE, target)
    return target


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("kpi.txt", ("kpi",)),
        ("kpi-80.txt", ("kpi",)),
        ("kpi-line.txt", ("kpi", "--line", "EM")),
        ("kpi.json", ("kpi", "--format", "json")),
        ("budget.txt", ("budget",)),
        ("budget-owner.txt", ("budget", "--by", "owner")),
        ("budget-period.txt", ("budget", "--by", "period")),
        ("budget.json", ("budget", "--format", "json")),
        ("budget.csv", ("budget", "--format", "csv", "--by", "plan")),
        ("status.txt", ("status",)),
        ("status.json", ("status", "--format", "json")),
        ("show-IM-4.txt", ("show", "IM-4")),
        ("show-IM-4.json", ("show", "IM-4", "--format", "json")),
        ("list.csv", ("list", "--line", "EM", "--format", "csv")),
        ("list.json", ("list", "--line", "EM", "--format", "json")),
    ],
)
def test_money_views_on_the_example_plan(cli: Runner, name: str, args: tuple[str, ...]) -> None:
    env = {"COLUMNS": "80"} if name.endswith("-80.txt") else None
    result = cli("--plans", str(EXAMPLE), "--as-of", AS_OF, *args, cwd=ROOT, env=env)
    assert result.exit_code == 0, result.stderr
    if name.endswith(".csv"):  # Excel's CSV: a byte-order mark and CRLF line ends, pinned here as LF
        assert result.stdout.startswith("\ufeff")
        assert result.stdout.count("\r\n") == result.stdout.count("\n")
        golden(f"money/{name}", result.stdout.replace("\r\n", "\n"))
        return
    golden(f"money/{name}", result.stdout)


def test_the_figures_match_a_hand_count(cli: Runner) -> None:
    """Sums and shares computed here from the YAML itself, independently of pmtasks's own code."""
    import yaml

    budget = spent = Decimal(0)
    weighted = Decimal(0)
    for path in sorted((EXAMPLE / "2026").glob("0*.yaml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["periods"]:
            for task in block["tasks"]:
                b = _yuan(task.get("budget"))
                budget += b
                spent += _yuan(task.get("spent"))
                weighted += b * task.get("progress", 0)
    data = json.loads(cli("--plans", str(EXAMPLE), "budget", "--format", "json", "--by", "plan").stdout)
    assert Decimal(data["total"]["budget"]) == budget == Decimal(1620000)
    assert Decimal(data["total"]["spent"]) == spent == Decimal(1097000)
    assert data["total"]["spent_percent"] == round(100 * spent / budget) == 68
    assert data["total"]["progress"] == round(weighted / budget) == 46
    kpis = json.loads(cli("--plans", str(EXAMPLE), "--as-of", AS_OF, "kpi", "--format", "json").stdout)["kpis"]
    by_name = {k["name"]: k for k in kpis}
    # 1 of 3 demo projects at 2026-08-15: 137 of 183 days of 4-9月 have passed (75%)
    assert (by_name["落地示范项目"]["met_percent"], by_name["落地示范项目"]["pace"]) == (33, round(100 * 137 / 183))
    assert by_name["落地示范项目"]["behind"] is True
    # the year's 560 of 1200: 47% met at 227/365 = 62% of the year, 15 points behind: within 20
    assert (by_name["全年新签合同额"]["met_percent"], by_name["全年新签合同额"]["pace"]) == (47, 62)
    assert by_name["全年新签合同额"]["behind"] is False
    # a ceiling: 12 days against at most 10 is 10/12 met and behind
    assert (by_name["投标响应周期"]["met_percent"], by_name["投标响应周期"]["behind"]) == (83, True)


def _yuan(value: object) -> Decimal:
    if value is None:
        return Decimal(0)
    text = str(value).replace(",", "").removesuffix("元")
    return Decimal(text[:-1]) * 10000 if text.endswith("万") else Decimal(text)


def test_a_plan_without_money_looks_exactly_as_before(cli: Runner) -> None:
    status = cli("--plans", str(PLANS), "--as-of", "2026-11-23", "status").stdout
    assert "Budget" not in status
    assert "KPI" not in status
    assert '"money"' not in cli("--plans", str(PLANS), "--as-of", "2026-11-23", "status", "-f", "json").stdout
    assert "budget" not in cli("--plans", str(PLANS), "list", "--format", "csv").stdout.splitlines()[0]
    listed = json.loads(cli("--plans", str(PLANS), "list", "--format", "json").stdout)["tasks"]
    assert all("budget" not in t for t in listed)
    assert "kpi" not in cli("--plans", str(PLANS), "show", "IM-1").stdout


def test_kpi_set_changes_only_the_actual(cli: Runner, example: Path) -> None:
    before = {p.name: p.read_bytes() for p in (example / "2026").iterdir()}
    out = cli("--plans", str(example), "kpi", "set", "IM/4-9月", "客户满意度", "88.5")
    assert (out.exit_code, out.stdout) == (0, "KPI 客户满意度: actual — → 88.5分 (target 90分)\n")
    out = cli("--plans", str(example), "kpi", "set", "im/4-9月", "落地示范项目", "2")
    assert out.stdout == "KPI 落地示范项目: actual 1个 → 2个 (target 3个)\n"
    out = cli("--plans", str(example), "kpi", "set", "plan", "全年新签合同额", "620")
    assert out.stdout == "KPI 全年新签合同额: actual 560万元 → 620万元 (target 1200万元)\n"
    after = {p.name: p.read_bytes() for p in (example / "2026").iterdir()}
    golden("money/kpi-set-line.yaml", after["01-internal-market.yaml"].decode())
    golden("money/kpi-set-plan.yaml", after["plan.yaml"].decode())
    assert after["03-external-market.yaml"] == before["03-external-market.yaml"]


def test_kpi_set_in_block_style_adds_one_line(cli: Runner, tmp_path: Path) -> None:
    folder = tmp_path / "plans" / "2026"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: t\nyear: 2026\n", encoding="utf-8")
    text = (
        "line: L\ncode: X\nperiods:\n  - period: 1-3月\n    goal: g\n    kpis:\n"
        "      - name: 调研   # 区域公司\n        target: 3\n        unit: 家\n"
        "      - name: 方案\n        target: 1\n        unit: 份\n        actual: 0  # 未提交\n"
        "    tasks: [{id: X-1, title: t}]\n"
    )
    (folder / "01-x.yaml").write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode())
    assert cli("--plans", str(folder), "kpi", "set", "X/1-3月", "调研", "2").exit_code == 0
    assert cli("--plans", str(folder), "kpi", "set", "L/1-3月", "方案", "1").exit_code == 0
    expected = text.replace("        unit: 家\n", "        unit: 家\n        actual: 2\n").replace(
        "actual: 0", "actual: 1"
    )
    assert (folder / "01-x.yaml").read_bytes() == ("\ufeff" + expected).replace("\n", "\r\n").encode()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("kpi", "set", "IM/4-9月", "不存在", "1"),
            3,
            "内部市场巩固 4-9月 has no KPI '不存在'; its KPIs: 落地示范项目, 客户满意度",
        ),
        (("kpi", "set", "IM/Q9", "x", "1"), 3, "内部市场巩固 has no period 'Q9'; its periods: 1-3月, 4-9月, 10-12月"),
        (("kpi", "set", "ZZ/1-3月", "x", "1"), 3, "no business line 'ZZ'"),
        (("kpi", "set", "IM", "x", "1"), 2, "'IM' does not name a goal; write LINE/PERIOD"),
        (("kpi", "set", "IM/4-9月", "落地示范项目", "两个"), 2, "'两个' is not a number"),
        (("spend", "IM-4", "-3万", "-m", "x"), 2, "'-3万': an amount cannot be negative; write e.g. 3万 or 2500元"),
        (("spend", "IM-4", "5万美元", "-m", "x"), 2, "is in 美元, but the plan counts money in 元"),
        (("spend", "IM-4", "0", "-m", "x"), 2, "'0': the amount to add must be more than 0; write e.g. 3万"),
        (("spend", "IM-4", "999999999999999亿", "-m", "x"), 2, "an amount has more than 15 digits"),
        (("spend", "IM-4", "0.001", "-m", "x"), 2, "an amount has more than 2 decimal places; write e.g."),
        (("effort", "IM-4", "三天", "-m", "x"), 2, "is not a number of person-days; write e.g. 20"),
        (("effort", "IM-4", "0.125", "-m", "x"), 2, "person-days has more than 2 decimal places"),
        (("effort", "IM-4", "-2", "-m", "x"), 2, "'-2': person-days cannot be negative; write e.g. 2, 0.5 or 3人天"),
        (("spend", "IM-4", "1万"), 2, "Missing option '--note'"),
        (("spend", "IM-99", "1万", "-m", "x"), 3, "IM-99"),
    ],
)
def test_bad_money_input_changes_nothing(
    cli: Runner, example: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = {p: p.read_bytes() for p in (example / "2026").glob("*.yaml")}
    result = cli("--plans", str(example), *args)
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (example / "2026").glob("*.yaml")} == before


def test_spend_dry_run_is_a_patch_that_applies(cli: Runner, example: Path) -> None:
    git(example, "init", "-q")  # conftest.git: no inherited GIT_DIR can point it at another repository
    result = cli(
        "--plans",
        str(example),
        "spend",
        "IM-4",
        "3万",
        "-m",
        "二期",
        "--date",
        "2026-08-10",
        "--dry-run",
        cwd=example.parent,
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("--- plans/2026/01-internal-market.yaml")
    patch = subprocess.run(
        ["patch", "-p0", "--dry-run"],
        input=result.stdout,
        text=True,
        cwd=example.parent,
        capture_output=True,
        check=False,
    )
    assert patch.returncode == 0, patch.stdout
    assert "IM-4 spent 78万 → 81万 (dry run: nothing written)" in result.stderr


def test_spending_adds_up_in_the_log_and_the_total(cli: Runner, example: Path) -> None:
    for amount in ("1.2万", "3,500元", "0.05万"):
        assert cli("--plans", str(example), "spend", "IM-5", amount, "-m", "x").exit_code == 0
    shown = json.loads(cli("--plans", str(example), "show", "IM-5", "-f", "json").stdout)["task"]
    # 0.6万 before, then 12000 + 3500 + 500
    assert shown["spent"] == "22000"
    assert [e["spent"] for e in shown["log"]] == ["12000", "3500", "500"]


def test_a_bad_amount_is_named_once(cli: Runner, example: Path) -> None:
    text = cli("--plans", str(example), "spend", "IM-4", "abc", "-m", "x")
    assert text.exit_code == 2  # a bad argument is a usage error, though it is read in the plan's currency
    assert text.stderr == "pmtasks: 'abc' is not an amount; write e.g. 50万, 12.5万元 or 80,000\n"
    negative = cli("--plans", str(example), "spend", "IM-4", "-3万", "-m", "x")
    assert negative.stderr == "pmtasks: '-3万': an amount cannot be negative; write e.g. 3万 or 2500元\n"
