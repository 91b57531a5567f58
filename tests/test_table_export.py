"""`pmtasks export`: the workbook and the calendar, read back by openpyxl and icalendar, with untrusted text kept inert."""

import io
import re
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS, ROOT, Runner, golden
from icalendar import Calendar
from openpyxl import load_workbook

from pmtasks.plan.load import load_plan
from pmtasks.table.ics import fold

DATA = Path(__file__).resolve().parent / "data"
AS_OF = "2026-05-20"
HOSTILE = """line: 危险文本
code: HX
periods:
  - period: Q1
    goal: "=HYPERLINK(\\"http://example.com\\",\\"点我\\")"
    resources: ["+86 热线", "-1"]
    tasks:
      - {id: HX-1, title: "=1+1", owner: "\\e[31m红\\e[0m"}
      - {id: HX-2, title: "  @SUM(A1:A9)", notes: "第一行\\n第二行; 逗号, 反斜杠 \\\\ 完"}
      - {id: HX-3, title: "+cmd|' /C calc'!A0", status: done, progress: 100}
      - {id: HX-4, title: "-2+3", status: dropped}
      - {id: HX-5, title: "分号; 逗号, 反斜杠\\\\ 换行\\n后", status: blocked}
"""


def _hostile_plan(tmp_path: Path) -> Path:
    folder = tmp_path / "plans" / "2026"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: 测试; 计划, 名称\nyear: 2026\n", encoding="utf-8")
    (folder / "01-hx.yaml").write_text(HOSTILE, encoding="utf-8")
    return tmp_path / "plans"


def _export(cli: Runner, plans: Path, out: Path, *args: str) -> bytes:
    """Export into the file ``out`` (never beside the plans: they may be the repository's own)."""
    result = cli("export", "--plans", str(plans), "--as-of", AS_OF, *args, "--output", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return out.read_bytes()


# ---- iCalendar -------------------------------------------------------------------------------------------------


def test_ics_golden_and_stdout(cli: Runner) -> None:
    result = cli("export", "--format", "ics", "--plans", str(EXAMPLES / "valid" / "full"), "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert "\n" not in result.stdout.replace("\r\n", "")  # every line ends in CRLF
    golden("table/export-full.ics", result.stdout.replace("\r\n", "\n"))


def test_ics_has_one_event_per_open_task_and_passes_the_parser(cli: Runner, tmp_path: Path) -> None:
    data = _export(cli, PLANS, tmp_path / "export.bin", "--format", "ics")
    calendar = Calendar.from_ical(data)
    assert calendar.errors == []
    events = calendar.walk("VEVENT")
    plan = load_plan(PLANS)
    open_tasks = [t for t in plan.tasks if t.status.value not in ("done", "dropped")]
    assert len(events) == len(open_tasks) == 44
    for event, task in zip(events, open_tasks, strict=True):
        assert event.errors == []
        assert event["SUMMARY"] == f"[{task.id}] {task.title}"
        assert event.decoded("DTSTART") == task.due
        assert (event.decoded("DTEND") - event.decoded("DTSTART")).days == 1
        for name in ("UID", "DTSTAMP"):
            assert name in event
    assert len({str(e["UID"]) for e in events}) == 44


def test_ics_lines_are_crlf_and_folded_at_75_octets(cli: Runner, tmp_path: Path) -> None:
    data = _export(cli, PLANS, tmp_path / "export.bin", "--format", "ics")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert any(line.startswith(b" ") for line in data.split(b"\r\n"))  # long Chinese titles were folded
    data.decode("utf-8")  # no character was cut in two


@pytest.mark.parametrize("line", ["SUMMARY:" + "项" * 60, "X:" + "a" * 200, "DESCRIPTION:" + "é" * 80 + "b"])
def test_fold_keeps_every_character_and_unfolds_to_the_line(line: str) -> None:
    folded = fold(line)
    pieces = folded.removesuffix("\r\n").split("\r\n")
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert pieces[0] + "".join(p.removeprefix(" ") for p in pieces[1:]) == line


def test_ics_uids_are_stable_across_dates_and_edits(cli: Runner, plan_copy: Path, tmp_path: Path) -> None:
    before = Calendar.from_ical(_export(cli, plan_copy, tmp_path / "export.bin", "--format", "ics"))
    path = plan_copy / "2026" / "01-internal-market.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: 完成西南公司", "title: 改了标题，完成西南公司", 1),
        encoding="utf-8",
    )
    result = cli("export", "--format", "ics", "--plans", str(plan_copy), "--as-of", "2026-09-01")
    after = Calendar.from_ical(result.stdout.encode())
    assert [str(e["UID"]) for e in before.walk("VEVENT")] == [str(e["UID"]) for e in after.walk("VEVENT")]
    assert str(after.walk("VEVENT")[0]["SUMMARY"]).startswith("[IM-1] 改了标题")


def test_ics_text_is_escaped_and_closed_tasks_left_out(cli: Runner, tmp_path: Path) -> None:
    plans = _hostile_plan(tmp_path)
    data = _export(cli, plans, tmp_path / "export.bin", "--format", "ics")
    assert b"\x1b" not in data
    calendar = Calendar.from_ical(data)
    assert calendar.errors == []
    assert "X-WR-CALNAME:测试\\; 计划\\, 名称\r\n".encode() in data  # an X- property is TEXT, escaped too
    events = {str(e["SUMMARY"]).split("]")[0][1:]: e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["HX-1", "HX-2", "HX-5"]  # HX-3 is done, HX-4 dropped
    assert str(events["HX-5"]["SUMMARY"]) == "[HX-5] 分号; 逗号, 反斜杠\\ 换行 后"
    assert "备注 第一行 第二行; 逗号, 反斜杠 \\ 完" in str(events["HX-2"]["DESCRIPTION"])
    assert "负责人 红" in str(events["HX-1"]["DESCRIPTION"])
    assert b"SUMMARY:[HX-5] \xe5\x88\x86\xe5\x8f\xb7\\; \xe9\x80\x97\xe5\x8f\xb7\\," in data


# ---- Excel -----------------------------------------------------------------------------------------------------


def _seed_rows() -> list[list[str]]:
    rows = []
    for raw in (DATA / "seed-2026.md").read_text(encoding="utf-8").splitlines():
        if raw.startswith("|") and not raw.startswith("|---"):
            rows.append(raw.strip()[1:-1].split("|"))
    return rows


def test_xlsx_department_sheet_is_the_seed_table_and_task_sheet_has_every_field(cli: Runner, tmp_path: Path) -> None:
    book = load_workbook(io.BytesIO(_export(cli, PLANS, tmp_path / "export.bin", "--format", "xlsx")))
    assert book.sheetnames == ["工作任务清单", "任务明细"]
    department = [[c or "" for c in row] for row in book["工作任务清单"].iter_rows(values_only=True)]
    assert department == _seed_rows()
    assert sorted(str(r) for r in book["工作任务清单"].merged_cells.ranges) == ["A11:A16", "A2:A4", "A5:A7", "A8:A10"]
    tasks = list(book["任务明细"].iter_rows(values_only=True))
    assert tasks[0] == (
        "编号",
        "核心业务板块",
        "赛道",
        "完成时限",
        "具体任务",
        "负责人",
        "状态",
        "进度(%)",
        "开始",
        "截止",
        "依赖",
        "标签",
        "备注",
        "记录",
        "预算(元)",
        "已支出(元)",
        "计划人天",
        "实际人天",
        "逾期",
    )
    plan = load_plan(PLANS)
    assert len(tasks) == 45
    for row, task in zip(tasks[1:], plan.tasks, strict=True):
        assert row[0] == task.id
        assert row[4] == task.title
        assert row[7] == task.progress == 0
        assert row[8] == datetime.combine(task.start, datetime.min.time())
        assert row[9] == datetime.combine(task.due, datetime.min.time())
        assert row[14:18] == (None, None, None, None)  # the 2026 plan has no budgets yet
        assert row[18] == ("是" if task.due < date(2026, 5, 20) else None)


def test_xlsx_full_example_keeps_every_field(cli: Runner, tmp_path: Path) -> None:
    full = EXAMPLES / "valid" / "full"
    book = load_workbook(io.BytesIO(_export(cli, full, tmp_path / "export.bin", "--format", "xlsx")))
    rows = {r[0]: r for r in book["任务明细"].iter_rows(values_only=True)}
    assert rows["IM-1"][1:8] == (
        "内部市场巩固",
        "城市更新、适老化改造",
        "1-3月",
        rows["IM-1"][4],
        "市场组",
        "进行中",
        30,
    )
    assert rows["IM-1"][10:14] == (
        "PF-1",
        "调研、西南",
        "状态: 进行中",
        "2026-02-01 30% 完成西南公司调研 （市场组）\n2026-02-10 进行中 负责人 市场组",
    )


def test_xlsx_text_never_becomes_a_formula(cli: Runner, tmp_path: Path) -> None:
    data = _export(cli, _hostile_plan(tmp_path), tmp_path / "export.bin", "--format", "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets
    assert not any(re.search(rb"<(\w+:)?f[ >]", s) for s in sheets)
    book = load_workbook(io.BytesIO(data))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.lstrip()[:1] in "=+-@"]
    assert {c.value for c in risky} >= {
        '=HYPERLINK("http://example.com","点我")',
        "=1+1",
        "  @SUM(A1:A9)",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "+86 热线；-1",
    }
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)
    assert not any("\x1b" in c.value for c in cells)
    assert "第一行\n第二行; 逗号, 反斜杠 \\ 完" in [c.value for c in cells]


def test_xlsx_is_reproducible_and_imports_back_to_the_same_plan(cli: Runner, tmp_path: Path) -> None:
    first = _export(cli, PLANS, tmp_path / "export.bin", "--format", "xlsx")
    assert _export(cli, PLANS, tmp_path / "export.bin", "--format", "xlsx") == first
    (tmp_path / "plan.xlsx").write_bytes(first)
    result = cli("import", "plan.xlsx", "--line-codes", "IM,EC,EM,IN", "--year", "2026", "--out", "back", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    back, real = load_plan(tmp_path / "back"), load_plan(PLANS)
    assert back.title == real.title
    assert [(t.id, t.title, t.period, t.track) for t in back.tasks] == [
        (t.id, t.title, t.period, t.track) for t in real.tasks
    ]
    assert [(b.goal, b.resources) for x in back.lines for b in x.periods] == [
        (b.goal, b.resources) for x in real.lines for b in x.periods
    ]


def test_xlsx_needs_a_file(cli: Runner) -> None:
    result = cli("export", "--format", "xlsx", "--plans", str(PLANS))
    assert result.exit_code == 2
    assert "an Excel workbook is not text; give a file name, e.g. --output plan.xlsx" in " ".join(
        line.strip("│ ") for line in result.stderr.splitlines()
    )
    assert result.stdout == ""


def test_export_replaces_an_old_file_whole(cli: Runner, plan_copy: Path, tmp_path: Path) -> None:
    target = tmp_path / "export.bin"
    target.write_bytes(b"old" * 100_000)
    new = _export(cli, plan_copy, tmp_path / "export.bin", "--format", "ics")
    assert new.startswith(b"BEGIN:VCALENDAR")
    assert not list(tmp_path.glob(".export.bin.*"))


def test_export_of_an_invalid_plan_writes_nothing(cli: Runner, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "invalid" / "unknown-key", tmp_path / "plans")
    result = cli("export", "--format", "ics", "--plans", str(tmp_path / "plans"), "--output", str(tmp_path / "x.ics"))
    assert result.exit_code == 3
    assert not (tmp_path / "x.ics").exists()


def test_export_and_import_run_as_use_cases_without_the_command_line(tmp_path: Path) -> None:
    from pmtasks.table.imports import ImportAsk
    from pmtasks.usecases.context import Request
    from pmtasks.usecases.table import TableImport, export_plan, run_import

    def no_clock(timezone: str) -> date:
        raise AssertionError("the clock was read")

    request = Request(PLANS, date(2026, 5, 20), tmp_path, no_clock)
    assert export_plan(request, "ics").count(b"BEGIN:VEVENT") == 44
    export_plan(request, "xlsx", tmp_path / "plan.xlsx")
    done = run_import(TableImport(tmp_path / "plan.xlsx", tmp_path / "back", ImportAsk(2026, ["IM", "EC", "EM", "IN"])))
    assert [p.name for p in done.written] == ["plan.yaml", "01-im.yaml", "02-ec.yaml", "03-em.yaml", "04-in.yaml"]
    assert len(list(done.plan.tasks)) == 44


def test_export_into_a_missing_folder_says_so(cli: Runner, tmp_path: Path) -> None:
    result = cli("export", "--format", "ics", "--plans", str(PLANS), "--output", "no/x.ics", cwd=tmp_path)
    assert result.exit_code == 3
    assert result.stderr == "pmtasks: the folder no does not exist; create it, or write the export elsewhere\n"


def test_xlsx_carries_budgets_and_person_days_exactly(cli: Runner, tmp_path: Path) -> None:
    plans = ROOT / "examples" / "budget" / "plans"
    book = load_workbook(io.BytesIO(_export(cli, plans, tmp_path / "export.bin", "--format", "xlsx")))
    rows = {r[0]: r for r in book["任务明细"].iter_rows(values_only=True)}
    # As the file writes them: budget 8万, spent 7.6万, effort 30人天, effort_actual 28; budget 5万, spent 5.4万.
    assert rows["IM-1"][14:18] == (80000, 76000, 30, 28)
    assert rows["IM-2"][14:16] == (50000, 54000)

    kpis = list(book["指标"].iter_rows(values_only=True))
    assert kpis[0] == ("核心业务板块", "完成时限", "指标", "目标", "单位", "实际", "方向")
    assert ("全计划", None, "成本超支率", 5, "%", 3.2, "越小越好") in kpis
    assert ("内部市场巩固", "1-3月", "完成区域公司需求调研", 3, "家", 3, "越大越好") in kpis


def test_xlsx_has_no_kpi_sheet_when_the_plan_has_no_kpis(cli: Runner, tmp_path: Path) -> None:
    book = load_workbook(io.BytesIO(_export(cli, PLANS, tmp_path / "export.bin", "--format", "xlsx")))
    assert book.sheetnames == ["工作任务清单", "任务明细"]
