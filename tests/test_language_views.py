"""history, trend and the ledger views in Chinese: goldens at a fixed width and date, columns that line up in cells."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, Runner, golden
from history_repo import build
from ledger_fixtures import AS_OF as LEDGER_AS_OF
from ledger_fixtures import plan_with_ledgers

from pmtasks.text import cell_width

CASES = [
    (("history", "A-2"), "story"),
    (("history", "--since", "2026-02-01", "--until", "2026-03-31"), "window"),
    (("history", "--slips"), "slips"),
    (("trend", "--as-of", "2026-03-15"), "trend"),
    (("trend", "--as-of", "2026-03-15", "--ascii", "--every", "month", "--by", "owner"), "trend-owner"),
]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("history-zh") / "repo")


@pytest.mark.parametrize(("args", "name"), CASES, ids=[c[1] for c in CASES])
def test_chinese_history_and_trend(cli: Runner, repo: Path, args: tuple[str, ...], name: str) -> None:
    result = cli("--lang", "zh-CN", *args, cwd=repo)
    assert result.exit_code == 0, result.stderr
    assert re.match(r"pmtasks: 提示：已跳过 [0-9a-f]{7}（2026-02-24）：该提交的计划无法读取：", result.stderr)
    golden(f"zh-CN/{name}.txt", result.stdout)


def _starts(line: str, cells: list[str]) -> list[int]:
    """Where (in terminal cells) each of ``cells`` begins in ``line``, searched left to right."""
    starts, at = [], 0
    for cell in cells:
        at = line.index(cell, at)
        starts.append(cell_width(line[:at]))
        at += len(cell)
    return starts


def test_chinese_slip_columns_line_up_in_cells(cli: Runner, repo: Path) -> None:
    """Each header begins in the same terminal cell as its column's left-aligned values."""
    lines = cli("--lang", "zh-CN", "history", "--slips", cwd=repo).stdout.splitlines()
    header, row = lines[2], lines[3]
    assert header.split() == ["编号", "次数", "天数", "原截止", "现截止", "负责人", "调整人", "任务"]
    left = ["原截止", "现截止", "负责人", "调整人", "任务"]
    assert _starts(header, left) == _starts(row, ["2026-03-31", "2026-05-20", "李四", "张三, 李四", "编制服务方案"])
    assert cell_width(header.split("次数")[0] + "次数") == cell_width(row.split(" 3 ")[0] + " 3")  # right-aligned


def test_chinese_trend_bars_start_under_their_header(cli: Runner, repo: Path) -> None:
    out = cli("--lang", "zh-CN", "trend", "--as-of", "2026-03-15", "--by", "owner", cwd=repo).stdout
    blocks = [b.splitlines() for b in out.split("\n\n")[1:]]
    assert len(blocks) == 5
    for block in blocks:
        header, rows = block[1], block[2:]
        column = cell_width(header[: header.index("进度", header.index("差距"))])
        for row in rows:
            bar = re.search(r"[█░│]+$", row)
            assert bar is not None
            assert cell_width(row[: bar.start()]) == column, row


@pytest.mark.parametrize("args", [c[0] for c in CASES])
def test_chinese_history_fits_a_narrow_terminal(cli: Runner, repo: Path, args: tuple[str, ...]) -> None:
    out = cli("--lang", "zh-CN", *args, cwd=repo, env={"COLUMNS": "60"}).stdout
    assert max(cell_width(line) for line in out.splitlines()) <= 60


def test_english_history_is_unchanged_by_the_chinese_catalog(cli: Runner, repo: Path) -> None:
    """The English text is the message IDs themselves: the goldens of test_history_cli pin it byte for byte."""
    out = cli("--lang", "en", "history", "A-2", cwd=repo).stdout
    assert out == (Path(__file__).parent / "golden" / "history" / "story.txt").read_text(encoding="utf-8")


LEDGER_READS = [
    ("ledger-list", ("ledger", "list")),
    ("ledger-show-zg-1", ("ledger", "show", "ZG-1")),
    ("ledger-show-jy-2", ("ledger", "show", "JY-2")),
    ("ledger-status", ("status",)),
]


@pytest.mark.parametrize(("name", "args"), LEDGER_READS, ids=[r[0] for r in LEDGER_READS])
def test_chinese_ledger_views(cli: Runner, tmp_path: Path, name: str, args: tuple[str, ...]) -> None:
    plan_with_ledgers(tmp_path)
    result = cli("--lang", "zh-CN", *args, "--plans", "plan", "--as-of", LEDGER_AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(f"zh-CN/{name}.txt", result.stdout)


def test_chinese_ledger_list_lines_up_in_cells(cli: Runner, tmp_path: Path) -> None:
    """Every row's status and due date begin in the same terminal cell as their headers."""
    plan_with_ledgers(tmp_path)
    lines = cli("--lang", "zh-CN", "ledger", "list", "--plans", "plan", "--as-of", LEDGER_AS_OF, cwd=tmp_path)
    table = lines.stdout.splitlines()
    header, rows = table[1], [r for r in table[3:] if r.strip() and not r.startswith("共")]
    assert header.split() == ["编号", "类别", "状态", "截止", "负责人", "事项"]
    columns = _starts(header, ["状态", "截止", "负责人", "事项"])
    for row in rows:
        cells = row.split()
        assert _starts(row, cells[2:6]) == columns, row
    assert {cell_width(r) for r in table[1:-1] if r.strip()} == {100}


INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())


def test_chinese_located_errors_for_every_invalid_example(cli: Runner) -> None:
    """Each invalid example plan's messages and hints in Chinese, located as in English (same places, same count)."""
    out = []
    for case in INVALID:
        result = cli("--lang", "zh-CN", "--plans", ".", "status", cwd=case)
        assert (result.exit_code, result.stdout) == (3, "")
        english = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
        chinese = result.stderr.splitlines()
        assert len(chinese) == len(english), case.name
        for en, zh in zip(english, chinese, strict=True):
            if en.startswith("  hint: "):
                assert zh.startswith("  提示："), zh
            elif not en.startswith("pmtasks: "):
                assert zh.split(": ", 1)[0] == en.split(": ", 1)[0]  # path:line:col
        out.append(f"== {case.name}\n{result.stderr}")
    golden("zh-CN/invalid-examples.txt", "".join(out))


def test_chinese_ledger_problems(cli: Runner, tmp_path: Path) -> None:
    plan_with_ledgers(tmp_path, "invalid/every-mistake.yaml")
    result = cli("--lang", "zh-CN", "status", "--plans", "plan", "--as-of", LEDGER_AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stdout) == (3, "")
    golden("zh-CN/ledger-problems.txt", result.stderr)


def test_cached_problems_are_worded_in_the_language_of_the_run(cli: Runner, tmp_path: Path) -> None:
    """A file's problems are cached with the language they were worded in: English, then Chinese, then English."""
    plans = tmp_path / "plans"
    shutil.copytree(EXAMPLES / "invalid" / "unknown-key", plans)
    runs = [
        cli("--lang", lang, "--plans", str(plans), "status", env={"PMTASKS_CACHE_DIR": str(tmp_path / "cache")})
        for lang in ("en", "zh-CN", "en")
    ]
    assert [r.exit_code for r in runs] == [3, 3, 3]
    assert "hint:" in runs[0].stderr
    assert "提示：" not in runs[0].stderr
    assert "提示：" in runs[1].stderr
    assert "hint:" not in runs[1].stderr
    assert runs[2].stderr == runs[0].stderr
    assert any((tmp_path / "cache").rglob("*.entry"))


def test_chinese_when_there_is_no_plans_folder(cli: Runner, tmp_path: Path) -> None:
    """The core's message and the command line's remedy, both in Chinese; the option names stay as typed."""
    (tmp_path / ".git").mkdir()
    result = cli("--lang", "zh-CN", "list", cwd=tmp_path)
    assert result.exit_code == 3
    assert result.stderr == (
        f"pmtasks: {tmp_path} 及其上级目录（直到仓库根目录）中没有 plans/ 目录；"
        "请在计划仓库中运行 pmtasks，或用 --plans DIR / 设置 PMTASKS_PLANS 指明计划目录\n"
    )
    missing = cli("--lang", "zh-CN", "--plans", str(tmp_path / "nowhere"), "list")
    assert (
        missing.stderr
        == f"pmtasks: 计划目录 {tmp_path / 'nowhere'} 不存在；请用 --plans DIR 或设置 PMTASKS_PLANS 指明计划目录\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("spend", "IM-4", "abc"), "'abc' 不是金额；请写作如 50万、12.5万元 或 80,000"),
        (("spend", "IM-4", "-3万"), "'-3万': 金额不能为负数；请写作如 3万 或 2500元"),
        (("spend", "IM-4", "0"), "'0'：增加的数额必须大于 0；请写作如 3万 或 2500元"),
        (("effort", "IM-4", "0.125"), "'0.125': 人天数超过 2 位小数；请写作如 0.5、2.25 或 20人天"),
    ],
)
def test_chinese_amount_refusals(cli: Runner, plan_copy: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("--lang", "zh-CN", "--plans", str(plan_copy), *args, "-m", "x")
    assert (result.exit_code, result.stderr) == (2, f"pmtasks: {message}\n")


def test_chinese_check_lists_an_invalid_plan(cli: Runner) -> None:
    """check's text listing of a plan that does not load: PMT001 findings, message and hint in Chinese."""
    case = EXAMPLES / "invalid" / "every-problem-at-once"
    result = cli("--lang", "zh-CN", "--plans", ".", "--as-of", "2026-06-15", "check", "-f", "text", cwd=case)
    assert result.exit_code == 1
    golden("zh-CN/check-invalid.txt", result.stdout)
