"""The Chinese UI: the language is chosen as documented, and every marked message has its translation."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS, ROOT, Runner, git, golden, run_subprocess

from pmtasks import i18n

AS_OF = "2026-11-23"
RULES = EXAMPLES / "check" / "rules"


def _marked() -> dict[str, str]:
    """Every message marked with _(), N_() or C_() in the package (a C_ message keyed by its context), and where it is."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "pmtasks").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = _leading_strings(node)
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if node.func.id in ("_", "N_") and texts:
                found.setdefault(texts[0], where)
            elif node.func.id == "C_" and len(texts) == 2:
                found.setdefault(i18n.CONTEXT.join(texts), where)
    return found


def _leading_strings(call: ast.Call) -> list[str]:
    """The string constants a call's arguments start with."""
    texts = []
    for arg in call.args:
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            break
        texts.append(arg.value)
    return texts


def test_every_marked_message_has_a_chinese_translation() -> None:
    catalog = i18n.parse_po(i18n.po_path("zh-CN").read_text(encoding="utf-8"))
    marked = _marked()
    assert len(marked) > 80
    missing = {msg: where for msg, where in marked.items() if not catalog.get(msg)}
    assert not missing, f"add these to pmtasks/locale/zh_CN/LC_MESSAGES/pmtasks.po: {missing}"
    for message, where in marked.items():  # the same {placeholders}, or .format() would fail
        assert _fields(catalog[message]) == _fields(message), where


def test_a_message_in_a_context_has_its_own_translation() -> None:
    po = 'msgid "Days"\nmsgstr "计划"\n\nmsgctxt "slips"\nmsgid "Days"\nmsgstr "天数"\n\nmsgid "Gap"\nmsgstr "差距"\n'
    assert i18n.parse_po(po) == {"Days": "计划", "slips\x04Days": "天数", "Gap": "差距"}
    i18n.use("zh-CN")
    assert (i18n._("Days"), i18n.C_("history", "Days"), i18n.C_("no such context", "Days")) == ("计划", "天数", "Days")
    i18n.use("en")
    assert i18n.C_("history", "Days") == "Days"


def _fields(text: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_catalog_has_no_stale_entries() -> None:
    catalog = i18n.parse_po(i18n.po_path("zh-CN").read_text(encoding="utf-8"))
    assert set(catalog) <= set(_marked())


@pytest.mark.parametrize(
    ("option", "env", "plan", "expected"),
    [
        ("zh-CN", {"PMTASKS_LANG": "en"}, "en", "zh-CN"),
        (None, {"PMTASKS_LANG": "zh", "LANG": "en_US.UTF-8"}, "en", "zh-CN"),
        (None, {"LANG": "zh_CN.UTF-8"}, "en", "en"),
        (None, {"LANG": "en_US.UTF-8"}, "zh-CN", "zh-CN"),
        (None, {"LC_ALL": "zh_CN.GBK", "LANG": "en_US.UTF-8"}, None, "zh-CN"),
        (None, {"LC_MESSAGES": "C", "LANG": "zh_CN.UTF-8"}, None, "en"),
        (None, {}, None, "en"),
        ("fr", {}, None, "en"),
    ],
)
def test_the_language_is_chosen_in_the_documented_order(
    option: str | None, env: dict[str, str], plan: str | None, expected: str
) -> None:
    assert i18n.choose(option, env, plan) == expected


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("status", ("--plans", str(PLANS), "status")),
        ("list", ("--plans", str(PLANS), "list", "--line", "EC")),
        ("show", ("--plans", str(PLANS), "show", "IM-4")),
        ("check", ("--plans", str(EXAMPLES / "check" / "mixed"), "--as-of", "2026-06-15", "check", "-f", "text")),
        ("kpi", ("--plans", str(ROOT / "examples" / "budget" / "plans"), "kpi")),
        ("budget", ("--plans", str(ROOT / "examples" / "budget" / "plans"), "budget")),
        ("status-ascii", ("--ascii", "--plans", str(PLANS), "status")),
        ("timeline", ("--plans", str(PLANS), "timeline")),
        *(
            (f"check-{code}", ("--plans", str(RULES / case / "fires"), "--as-of", "2026-06-15", "check", "-f", "text"))
            for code, case in (
                ("PMT008", "PMT008-rescheduled-too-often"),
                ("PMT101", "PMT101-ledger-overdue"),
                ("PMT102", "PMT102-done-without-evidence"),
                ("PMT106", "PMT106-awaiting-verification"),
            )
        ),
        ("check-money", ("--plans", str(ROOT / "examples" / "budget" / "plans"), "check", "-f", "text")),
    ],
)
def test_chinese_views(cli: Runner, name: str, args: tuple[str, ...]) -> None:
    result = cli("--lang", "zh-CN", "--as-of", AS_OF, *args)
    assert result.exit_code in (0, 1), result.stderr
    golden(f"zh-CN/{name}.txt", result.stdout)


def test_chinese_timeline_on_a_narrow_terminal(cli: Runner) -> None:
    """Below the chart's minimum width the timeline is a list; its heading and the legend's words are Chinese."""
    result = cli(
        "--lang", "zh-CN", "--as-of", AS_OF, "--plans", str(PLANS), "timeline", "--line", "EC", env={"COLUMNS": "40"}
    )
    assert result.exit_code == 0, result.stderr
    golden("zh-CN/timeline-narrow.txt", result.stdout)


def test_chinese_write_confirmations(cli: Runner, plan_copy: Path) -> None:
    """What each write says it did, in Chinese; the plan files keep their English status words."""
    out = []
    for args in (
        ("done", "IM-1", "EC-1"),
        ("progress", "IM-2", "40"),
        ("assign", "IM-2", "设计组"),
        ("start", "IM-2", "--note", "again"),
        ("note", "IM-3", "开会"),
        ("spend", "IM-4", "3万", "-m", "服务费"),
        ("block", "IM-5", "-r", "等待审批", "--dry-run"),
    ):
        result = cli("--lang", "zh-CN", "--plans", str(plan_copy), "--as-of", AS_OF, *args)
        assert result.exit_code == 0, result.stderr
        shown = result.stderr if "--dry-run" in args else result.stdout + result.stderr  # the patch names tmp_path
        out.append(f"$ {' '.join(args)}\n{shown}")
    golden("zh-CN/writes.txt", "".join(out))
    assert "status: done, progress: 100" in (plan_copy / "2026" / "01-internal-market.yaml").read_text(encoding="utf-8")


def test_chinese_diff(cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_diff_git import commit_plans

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    git(tmp_path, "init", "-q", "-b", "main")
    commit_plans(tmp_path, "v1", "plan v1", "v1")
    commit_plans(tmp_path, "v2", "plan v2", "v2")
    result = cli("--lang", "zh-CN", "diff", "v1", "v2", cwd=tmp_path)
    assert (result.exit_code, result.stderr) == (0, "")
    golden("zh-CN/diff.txt", result.stdout)
    data = cli("--lang", "zh-CN", "diff", "v1", "v2", "-f", "json", cwd=tmp_path).stdout
    assert data == cli("--lang", "en", "diff", "v1", "v2", "-f", "json", cwd=tmp_path).stdout


def test_environment_and_plan_yaml_choose_the_language(cli: Runner, tmp_path: Path) -> None:
    english = cli("--plans", str(PLANS), "--as-of", AS_OF, "status", env={"LANG": "C"}).stdout
    chinese = (ROOT / "tests" / "golden" / "zh-CN" / "status.txt").read_text(encoding="utf-8")
    assert cli("--plans", str(PLANS), "--as-of", AS_OF, "status", env={"PMTASKS_LANG": "zh-CN"}).stdout == chinese
    assert cli("--plans", str(PLANS), "--as-of", AS_OF, "status", env={"LANG": "zh_CN.UTF-8"}).stdout == chinese
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    with (plans / "2026" / "plan.yaml").open("a", encoding="utf-8") as out:
        out.write("lang: zh-CN\n")
    assert cli("--plans", str(plans), "--as-of", AS_OF, "status", env={"LANG": "C"}).stdout == chinese
    again = cli("--lang", "en", "--plans", str(plans), "--as-of", AS_OF, "status", env={"LANG": "C"}).stdout
    assert again == english


def test_chinese_write_refusals_change_nothing(cli: Runner, plan_copy: Path) -> None:
    """A write pmtasks refuses says why in Chinese, exits 2 or 3, and leaves the plan files as they were."""
    base = ("--lang", "zh-CN", "--plans", str(plan_copy), "--as-of", AS_OF)
    assert cli(*base, "done", "IM-1").exit_code == 0
    assert cli(*base, "drop", "IM-3", "--reason", "合并").exit_code == 0
    before = {p: p.read_bytes() for p in (plan_copy / "2026").glob("*.yaml")}
    refused = {
        ("start", "IM-1"): "IM-1 已完成；如还有工作要做，请先运行 `pmtasks reopen IM-1`",
        ("done", "IM-3"): "IM-3 已取消；如它重新列入计划，请先运行 `pmtasks reopen IM-3`",
        ("drop", "IM-3", "--reason", "再次"): "IM-3 已经取消；未做任何修改",
        ("edit", "IM-2", "--depends", "IM-2"): "IM-2 不能依赖自身",
        ("edit", "IM-2", "--depends", "IM-99"): "IM-2 不能依赖 'IM-99'：没有这个任务；`pmtasks list` 列出所有编号",
        ("add", "--line", "IM", "--period", "1-3月", "--id", "IM-2", "新任务"): "任务编号 IM-2 已被",
        ("add", "--line", "XX", "--period", "1-3月", "新任务"): "没有业务板块 'XX'；计划中的板块有：IM (内部市场巩固)",
        ("add", "--line", "IM", "--period", "Q3", "新任务"): "IM 没有完成时限 'Q3'；已有的完成时限：1-3月",
        ("drop", "IM-4"): "取消任务需要写明原因：`pmtasks drop IM-4 --reason 原因`",
    }
    for args, message in refused.items():
        result = cli(*base, *args)
        assert result.exit_code in (2, 3), (args, result.stdout, result.stderr)
        assert f"pmtasks: {message}" in result.stderr, (args, result.stderr)
    assert {p: p.read_bytes() for p in (plan_copy / "2026").glob("*.yaml")} == before


def test_writes_speak_plan_yaml_language(plan_copy: Path) -> None:
    """A write to a plan whose plan.yaml asks for Chinese says what it did in Chinese, unless the user chose."""
    with (plan_copy / "2026" / "plan.yaml").open("a", encoding="utf-8") as out:
        out.write("lang: zh-CN\n")
    args = ["--plans", str(plan_copy), "--as-of", AS_OF]
    assert run_subprocess(*args, "done", "IM-1", env={"LANG": "C"}).stdout == "IM-1 待办 → 已完成（100%）\n"
    english = run_subprocess("--lang", "en", *args, "progress", "IM-2", "30", env={"LANG": "C"})
    assert english.stdout == "IM-2 todo → doing (30%)\n"


def test_machine_formats_stay_english(cli: Runner) -> None:
    english = cli("--plans", str(PLANS), "--as-of", AS_OF, "list", "-f", "json", env={"LANG": "C"}).stdout
    assert cli("--lang", "zh-CN", "--plans", str(PLANS), "--as-of", AS_OF, "list", "-f", "json").stdout == english
    assert '"status": "todo"' in english


def test_an_unknown_language_is_a_usage_error(cli: Runner) -> None:
    result = cli("--lang", "fr", "status")
    assert result.exit_code == 2
    assert "'fr' is not a language pmtasks speaks; use en or zh-CN" in result.stderr


@pytest.mark.parametrize(
    "command",
    [["status"], ["check"], ["ledger", "list"], ["report", "weekly"], ["done", "EC-1"], ["drop", "EC-1", "-r", "x"]],
    ids=" ".join,
)
def test_a_plan_that_does_not_load_speaks_plan_yaml_language(tmp_path: Path, command: list[str]) -> None:
    """plan.yaml's ``lang:`` words the problems of a plan that does not load, unless the user chose."""
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    with (plans / "2026" / "plan.yaml").open("a", encoding="utf-8") as out:
        out.write("lang: zh-CN\n")
    line = plans / "2026" / "01-internal-market.yaml"
    line.write_text(line.read_text(encoding="utf-8").replace("progress: 0", "progress: 150", 1), encoding="utf-8")
    args = ["--plans", str(plans), "--as-of", AS_OF, *command]
    chinese = run_subprocess(*args, env={"LANG": "C"})  # real processes: the language is process-wide
    english = run_subprocess("--lang", "en", *args, env={"LANG": "C"})
    assert chinese.exit_code == english.exit_code == (1 if command == ["check"] else 3)
    shown, english_shown = chinese.stdout + chinese.stderr, english.stdout + english.stderr
    assert "01-internal-market.yaml" in shown
    assert "`progress` is a percentage" in english_shown
    assert "`progress` is a percentage" not in shown
    assert ("1 个错误" if command == ["check"] else "请修正后再运行") in shown, shown


def test_ledger_writes_speak_plan_yaml_language(tmp_path: Path) -> None:
    from ledger_fixtures import plan_with_ledgers

    folder = plan_with_ledgers(tmp_path)
    with (folder / "plan.yaml").open("a", encoding="utf-8") as out:
        out.write("lang: zh-CN\n")
    args = ["--plans", str(folder), "--as-of", "2026-07-01"]
    said = run_subprocess(*args, "ledger", "progress", "ZG-2", "--note", "已起草", env={"LANG": "C"})
    assert (said.exit_code, said.stdout) == (0, "ZG-2 待办理 → 进行中，已添加进展说明\n")
    new = (
        "--kind",
        "decision",
        "--title",
        "编制标准",
        "--owner",
        "经营组",
        "--due",
        "2026-09-30",
        "--acceptance",
        "发布",
    )
    tried = run_subprocess(*args, "ledger", "add", "--source", "2026-q1-review.yaml", *new, "-n", env={"LANG": "C"})
    assert tried.exit_code == 0
    assert "JY-4 已加入" in tried.stderr, tried.stderr  # what it would do, said in plan.yaml's language


def test_kpi_set_speaks_plan_yaml_language(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "examples" / "budget" / "plans", plans)
    with (plans / "2026" / "plan.yaml").open("a", encoding="utf-8") as out:
        out.write("lang: zh-CN\n")
    args = ["--plans", str(plans), "--as-of", "2026-07-01", "kpi", "set", "IM/4-9月", "落地示范项目", "2"]
    said = run_subprocess(*args, env={"LANG": "C"})
    assert (said.exit_code, said.stdout) == (0, "指标 落地示范项目：实际值 1个 → 2个（目标值 3个）\n")
    english = run_subprocess("--lang", "en", *args[:-1], "3", env={"LANG": "C"})
    assert english.stdout == "KPI 落地示范项目: actual 2个 → 3个 (target 3个)\n"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["kpi", "set", "IM/4-9月", "不存在", "2"],
            "内部市场巩固 4-9月 没有指标 '不存在'；它的指标有：落地示范项目, 客户满意度",
        ),
        (
            ["kpi", "set", "IM/Q9", "落地示范项目", "2"],
            "内部市场巩固 没有完成时限 'Q9'；已有的完成时限：1-3月, 4-9月, 10-12月",
        ),
        (
            ["edit", "IM-1", "--clear", "title"],
            "只有这些键可以清除：owner, notes, start, due, tags, depends；不能清除 'title'",
        ),
        (["done", "IM-1"], "plans/2026/01-internal-market.yaml 是只读文件；未改动任何内容"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_write_refusals_speak_plan_yaml_language(tmp_path: Path, command: list[str], said: str) -> None:
    """A refusal (even one before the plan is read, of a read-only file) is worded in plan.yaml's language."""
    plans = tmp_path / "plans"
    shutil.copytree(ROOT / "examples" / "budget" / "plans", plans)
    with (plans / "2026" / "plan.yaml").open("a", encoding="utf-8") as out:
        out.write("lang: zh-CN\n")
    line = plans / "2026" / "01-internal-market.yaml"
    before = {p: p.read_bytes() for p in plans.rglob("*.yaml")}
    if command[0] == "done":
        line.chmod(0o444)
    result = run_subprocess("--plans", "plans", "--as-of", "2026-07-01", *command, env={"LANG": "C"}, cwd=tmp_path)
    line.chmod(0o644)
    assert result.exit_code in (2, 3)
    assert said in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in plans.rglob("*.yaml")} == before
