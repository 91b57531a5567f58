"""`pmtasks import`: the seed table becomes plans/2026 again; CSV and Excel imports are pinned; every bad input
names its row and column; nothing is ever overwritten unasked or written half."""

import re
import shutil
from pathlib import Path

import pytest
from conftest import PLANS, ROOT, Runner, golden
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from pmtasks.plan.load import load_plan, plan_files
from pmtasks.plan.yamlread import read_yaml
from pmtasks.table.yamlwrite import scalar

DATA = Path(__file__).resolve().parent / "data"
SEED = DATA / "seed-2026.md"
CODES = "IM,EC,EM,IN"


def _files(folder: Path) -> str:
    return "".join(f"==> {p.name} <==\n{p.read_text(encoding='utf-8')}" for p in sorted(folder.iterdir()))


def test_seed_import_loads_to_the_same_plan_as_plans_2026(cli: Runner, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.txt")  # the seed's own name ends in .txt
    result = cli("import", "seed.txt", "--line-codes", CODES, "--year", "2026", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    imported, real = load_plan(tmp_path / "out"), load_plan(PLANS)
    assert imported.year == real.year == 2026
    assert imported.title == "项目管理部2026年工作任务清单表格"  # the table's front matter title
    assert [(line.name, line.code) for line in imported.lines] == [(line.name, line.code) for line in real.lines]
    for mine, theirs in zip(imported.lines, real.lines, strict=True):
        assert [(b.period, b.track, b.goal, b.resources) for b in mine.periods] == [
            (b.period, b.track, b.goal, b.resources) for b in theirs.periods
        ]
        assert [(t.id, t.title, t.status, t.progress, t.start, t.due) for t in mine.tasks] == [
            (t.id, t.title, t.status, t.progress, t.start, t.due) for t in theirs.tasks
        ]
    # Beyond the same plan: each business-line file is the one in plans/2026, byte for byte.
    made = plan_files(tmp_path / "out")[1:]
    assert [p.read_bytes() for p in made] == [p.read_bytes() for p in plan_files(PLANS / "2026")[1:]]
    assert [p.name for p in made] == ["01-im.yaml", "02-ec.yaml", "03-em.yaml", "04-in.yaml"]


def test_csv_import_golden(cli: Runner, tmp_path: Path) -> None:
    shutil.copy(DATA / "table-small.csv", tmp_path / "table.csv")
    result = cli(
        "import",
        "table.csv",
        "--line-codes",
        "CH,NB",
        "--year",
        "2027",
        "--out",
        "plans/2027",
        "--org",
        "市场部",
        cwd=tmp_path,
    )
    assert result.exit_code == 0, result.stderr
    golden("table/import-csv.txt", result.stdout + _files(tmp_path / "plans" / "2027"))
    plan = load_plan(tmp_path / "plans")
    assert plan.title == "市场部2027年工作任务清单"
    assert [t.title for t in plan.tasks] == [
        "梳理渠道清单",
        "建立对接机制",
        "no",
        "#1 客户回访",
        "调研需求",
        "形成方案: 初稿",
        "“代建+服务”模式总结",
    ]
    assert [b.track for b in plan.lines[1].periods] == ["城市更新", None]


def _workbook(path: Path) -> None:
    """A department's sheet as Excel users make it: a title row, merged line cells, a number, columns reordered."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "2027清单"
    ws.append(["工程部2027年重点工作"])
    ws.append(["序号说明", "核心业务板块", "具体任务", "完成时限", "任务目标", "所需资源"])
    ws.append(["", "一、安全生产", "隐患排查；\n专项检查", "1-3月", "零事故", "安全员"])
    ws.append(["", "", "应急演练", "Q2", 100, ""])
    ws.append(["", "二、质量提升", "样板引路：创优申报", "2027-07..2027-09", "-2% 返工率", "质量部；外部专家"])
    ws.merge_cells("B3:B4")
    book.save(path)


def test_xlsx_import_golden(cli: Runner, tmp_path: Path) -> None:
    _workbook(tmp_path / "清单.xlsx")
    result = cli("import", "清单.xlsx", "--line-codes", "AQ,ZL", "--year", "2027", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    golden("table/import-xlsx.txt", result.stdout + _files(tmp_path / "out"))
    plan = load_plan(tmp_path / "out")
    assert plan.title == "工程部2027年重点工作"
    assert [(b.period.label, b.goal) for line in plan.lines for b in line.periods] == [
        ("1-3月", "零事故"),
        ("Q2", "100"),
        ("2027-07..2027-09", "-2% 返工率"),
    ]
    assert [len(list(line.tasks)) for line in plan.lines] == [3, 1]


def test_xlsx_sheet_is_chosen_by_name(cli: Runner, tmp_path: Path) -> None:
    _workbook(tmp_path / "t.xlsx")
    ok = cli(
        "import", "t.xlsx", "--sheet", "2027清单", "--line-codes", "A,B", "--year", "2027", "--out", "o", cwd=tmp_path
    )
    assert ok.exit_code == 0, ok.stderr


BAD_MD = {
    "no-header": "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "missing-column": "|核心业务板块|具体任务|完成时限|\n|---|---|---|\n|一、甲|任务|1-3月|\n",
    "duplicate-column": "|核心业务板块|具体任务|完成时限|任务目标|完成时限|\n|---|---|---|---|---|\n|甲|任务|Q1|目标|Q2|\n",
    "unknown-period": "|核心业务板块|具体任务|完成时限|所需资源|任务目标|\n|---|---|---|---|---|\n|甲|任务|13月|人|目标|\n|"
    "|任务二|第三季度|人|目标|\n",
    "empty-cells": "|核心业务板块|具体任务|完成时限|所需资源|任务目标|\n|---|---|---|---|---|\n||任务|Q1|人|目标|\n"
    "|甲||||目标|\n",
    "cannot-split": "|核心业务板块|具体任务|完成时限|所需资源|任务目标|\n|---|---|---|---|---|\n|甲|任务一；；任务二|Q1|人；；财|目标|\n"
    "||赛道：任务甲<br>；任务乙|Q2||目标|\n",
    "control-and-line-break": "|核心业务板块|具体任务|完成时限|所需资源|任务目标|\n|---|---|---|---|---|\n"
    "|甲|任务\u0007|1-3月<br>4-6月|人|目标\u202e|\n",
    "no-rows": "|核心业务板块|具体任务|完成时限|所需资源|任务目标|\n|---|---|---|---|---|\n",
}


def _run_bad(cli: Runner, folder: Path, name: str, *args: str) -> str:
    result = cli("import", name, *args, cwd=folder)
    assert "Traceback" not in result.stderr
    assert not (folder / "out").exists(), "a failed import wrote nothing"
    return f"$ pmtasks import {name} {' '.join(args)}\n{result.stderr}exit {result.exit_code}\n\n"


def test_bad_tables_name_the_row_and_column(cli: Runner, tmp_path: Path) -> None:
    out = []
    args = ("--line-codes", "A", "--year", "2026", "--out", "out")
    for name, text in BAD_MD.items():
        (tmp_path / f"{name}.md").write_text(text, encoding="utf-8")
        out.append(_run_bad(cli, tmp_path, f"{name}.md", *args))
    (tmp_path / "gbk.md").write_bytes("|核心业务板块|\n".encode("gbk"))
    out.append(_run_bad(cli, tmp_path, "gbk.md", *args))
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 an .xls file")
    out.append(_run_bad(cli, tmp_path, "old.xlsx", *args))
    _workbook(tmp_path / "t.xlsx")
    out.append(_run_bad(cli, tmp_path, "t.xlsx", "--sheet", "Sheet9", *args))
    (tmp_path / "t.ods").write_bytes(b"")
    out.append(_run_bad(cli, tmp_path, "t.ods", *args))
    shutil.copy(SEED, tmp_path / "seed.md")
    for codes in ("IM,EC", "IM,EC,EM,im", "IM,EC,EM,I-N"):
        out.append(_run_bad(cli, tmp_path, "seed.md", "--line-codes", codes, "--year", "2026", "--out", "out"))
    out.append(_run_bad(cli, tmp_path, "seed.md", "--year", "2026", "--out", "out"))
    out.append(_run_bad(cli, tmp_path, "seed.md", "--line-codes", CODES, "--year", "126", "--out", "out"))
    golden("table/import-bad.txt", "".join(out))


def test_csv_in_gbk_as_excel_saves_it(cli: Runner, tmp_path: Path) -> None:
    text = (DATA / "table-small.csv").read_text(encoding="utf-8-sig").replace("“", "").replace("”", "")
    (tmp_path / "t.csv").write_bytes(text.encode("gbk"))
    result = cli("import", "t.csv", "--line-codes", "CH,NB", "--year", "2027", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert [t.title for t in load_plan(tmp_path / "out").tasks][-1] == "代建+服务模式总结"


def test_refuses_to_overwrite_and_writes_nothing(cli: Runner, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.md")
    args = ("import", "seed.md", "--line-codes", CODES, "--year", "2026", "--out", "out")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "02-ec.yaml").write_text("# mine\n", encoding="utf-8")
    result = cli(*args, cwd=tmp_path)
    assert result.exit_code == 3
    assert result.stderr == (
        "pmtasks: out/02-ec.yaml already exists; nothing was written. "
        "Import into another folder, or pass --force to replace them\n"
    )
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["02-ec.yaml"]
    assert (tmp_path / "out" / "02-ec.yaml").read_text(encoding="utf-8") == "# mine\n"
    forced = cli(*args, "--force", cwd=tmp_path)
    assert forced.exit_code == 0, forced.stderr
    assert (tmp_path / "out" / "02-ec.yaml").read_bytes() == (
        PLANS / "2026" / "02-entrusted-construction.yaml"
    ).read_bytes()
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_refuses_a_folder_with_other_plan_files_even_with_force(cli: Runner, tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.md")
    shutil.copytree(PLANS / "2026", tmp_path / "out")
    before = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    result = cli("import", "seed.md", "--line-codes", CODES, "--year", "2026", "--out", "out", "--force", cwd=tmp_path)
    assert result.exit_code == 3
    assert "already holds other plan files (01-internal-market.yaml, 02-entrusted-construction.yaml" in result.stderr
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == before


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_any_text_is_written_so_that_pmtasks_reads_it_back(text: str) -> None:
    located = read_yaml(f"title: {scalar(text)}\n", "x.yaml")
    assert located.problems == []
    assert located.data == {"title": text}


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "yes",
        "010",
        "1.5",
        "2026-01-01",
        "null",
        "~",
        "- a",
        "a: b",
        "a #b",
        "#1",
        "'q'",
        '"q"',
        "@x",
        "`x",
        " lead",
        "trail ",
        "a\nb",
        "<<",
        "[x]",
        "!x",
    ],
)
def test_tricky_titles_are_quoted(text: str) -> None:
    assert scalar(text).startswith('"')
    assert read_yaml(f"t: {scalar(text)}\n", "x.yaml").data == {"t": text}


def test_readme_import_example_is_real(cli: Runner, tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```console\n(.*?)```", readme, flags=re.S) if "$ pmtasks import" in b)
    command, expected = block.split("\n", 1)
    args = command.removeprefix("$ pmtasks ").split()
    exported = cli("export", "--plans", str(PLANS), "--format", "xlsx", "--output", str(tmp_path / args[1]))
    assert exported.exit_code == 0, exported.stderr
    result = cli(*args, cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == expected
    assert load_plan(tmp_path / "plans").org == "项目管理部"


def test_markdown_table_is_found_after_other_tables_and_a_period_may_have_no_tasks_yet(
    cli: Runner, tmp_path: Path
) -> None:
    (tmp_path / "t.md").write_text(
        "# 说明\n\n| 版本 | 日期 |\n|---|---|\n| v1 | 2026-01-01 |\n\n"
        "|任务目标|完成时限|具体任务|核心业务板块|\n|:--|:-:|---|---|\n"
        "|完成立项|Q1|立项<br>评审 \\| 批复|一、新项目|\n|待定|Q2||\n",
        encoding="utf-8",
    )
    result = cli("import", "t.md", "--line-codes", "XM", "--year", "2026", "--out", "out", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    plan = load_plan(tmp_path / "out")
    assert [(b.period.label, b.goal, [t.title for t in b.tasks]) for b in plan.lines[0].periods] == [
        ("Q1", "完成立项", ["立项", "评审 | 批复"]),
        ("Q2", "待定", []),
    ]
    assert plan.title == "t"
    assert "tasks:" not in (tmp_path / "out" / "01-xm.yaml").read_text(encoding="utf-8").split("period: Q2")[1]


_WORD = (
    st.text(st.sampled_from("计划任务调研服务ABCxyz019，、（）“”-+=@#: '\"|%*&!"), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
_PERIODS = st.sampled_from(["1-3月", "Q2", "H2", "全年", "2026-01..2026-03", "3月", "下半年"])
_NAME = _WORD.filter(lambda w: "、" not in w[:-1])  # 一、甲 and 甲 are one line: names differ after the ordinal
_ROW = st.tuples(
    _PERIODS, st.none() | _WORD, st.lists(_WORD, min_size=0, max_size=4), st.lists(_WORD, max_size=3), _WORD
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(_NAME, st.lists(_ROW, min_size=1, max_size=3)), min_size=1, max_size=3, unique_by=lambda x: x[0])
)
def test_any_table_imports_and_exports_back_to_itself(lines: list[tuple[str, list[tuple[object, ...]]]]) -> None:
    import csv
    import io

    from pmtasks.plan.load import load_files
    from pmtasks.table.department import department_rows
    from pmtasks.table.imports import ImportAsk, draft_plan
    from pmtasks.table.yamlwrite import plan_files as draft_files

    rows = [["核心业务板块", "具体任务", "完成时限", "所需资源", "任务目标"]]
    for name, periods in lines:
        for i, (period, track, tasks, resources, goal) in enumerate(periods):
            prefix = f"{track}：" if track else ""
            rows.append([name if i == 0 else "", prefix + "；".join(tasks), period, "；".join(resources), goal])

    def as_csv(table: list[list[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows(table)
        return out.getvalue().encode()

    ask = ImportAsk(2026, [f"L{i}" for i in range(len(lines))], "计划")
    first = draft_files(draft_plan(as_csv(rows), "t.csv", ask))
    plan = load_files({f"p/{n}": t.encode() for n, t in first.items()}, "p")
    again = draft_files(draft_plan(as_csv(department_rows(plan)), "t.csv", ask))
    assert again == first
    assert [[t.title for t in line.tasks] for line in plan.lines] == [
        [t for _, _, tasks, _, _ in periods for t in tasks] for _, periods in lines
    ]


def test_one_business_line_is_not_called_lines() -> None:
    from pmtasks.table.draft import CodesInvalid, LineDraft, assign_codes

    with pytest.raises(CodesInvalid, match=r"the table has 1 business line \(内部市场巩固\); give"):
        assign_codes([LineDraft("内部市场巩固", 2)], None)
    with pytest.raises(CodesInvalid, match=r"2 codes for 1 business line \(内部市场巩固\)"):
        assign_codes([LineDraft("内部市场巩固", 2)], ["IM", "EC"])
