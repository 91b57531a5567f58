"""Each write command on realistic files: the result must equal an expected file byte for byte."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from conftest import golden
from writes_fixtures import AS_OF, author, crafted_plan, real_plan, snapshot  # noqa: F401  (author: a fixture)

pytestmark = pytest.mark.usefixtures("author")

# (case, file, command line, expected stdout); "real:" files come from plans/2026.
CASES = [
    ("real-done", "real:01-internal-market.yaml", "done IM-1 --note 完成调研", "IM-1 todo → done (100%)\n"),
    (
        "real-start-two",
        "real:04-innovation.yaml",
        "start IN-1 in-2 --note 已启动",
        "IN-1 todo → doing (0%)\nIN-2 todo → doing (0%)\n",
    ),
    (
        "real-block",
        "real:02-entrusted-construction.yaml",
        "block EC-2 --reason 等待业主确认图纸",
        "EC-2 todo → blocked (0%)\n",
    ),
    (
        "real-progress",
        "real:03-external-market.yaml",
        "progress EM-3 60 --date 2026-02-15",
        "EM-3 todo → doing (60%)\n",
    ),
    ("real-assign", "real:01-internal-market.yaml", "assign IM-2 市场组", "IM-2 owner — → 市场组\n"),
    ("real-note", "real:04-innovation.yaml", "note IN-21 '预算: 待批'", "IN-21 note added\n"),
    ("comments-assign", "comments.yaml", "assign IM-1 设计组", "IM-1 owner 市场组 → 设计组\n"),
    ("comments-progress", "comments.yaml", "progress IM-1 60 --note '西南: 完成'", "IM-1 doing (30% → 60%)\n"),
    ("comments-done", "comments.yaml", "done IM-2 --note no", "IM-2 todo → done (100%)\n"),
    ("comments-reopen", "comments.yaml", "reopen IM-3 --note 验收未通过 --date 2026-05-06", "IM-3 done → todo (0%)\n"),
    ("crlf-done", "crlf-bom.yaml", "done X-1 --note 已走访", "X-1 todo → done (100%)\n"),
    ("crlf-assign", "crlf-bom.yaml", "assign X-2 '#市场组'", "X-2 owner — → #市场组\n"),
    ("flow-append", "flow-lists.yaml", "progress F-1 50 --note '完成 [一期], 二期'", "F-1 doing (10% → 50%)\n"),
    ("flow-empty", "flow-lists.yaml", "done F-2", "F-2 todo → done (100%)\n"),
    ("flow-missing-keys", "flow-lists.yaml", "progress F-3 20", "F-3 todo → doing (20%)\n"),
    ("flow-empty-owner", "flow-lists.yaml", "assign F-4 2026", "F-4 owner — → 2026\n"),
    ("flow-end-of-file", "flow-lists.yaml", "start F-5", "F-5 todo → doing (0%)\n"),
    ("block-log-note", "block-scalars.yaml", "note B-1 补充", "B-1 note added\n"),
    ("block-notes-done", "block-scalars.yaml", "done B-2 --note 完成", "B-2 todo → done (100%)\n"),
    ("comments-spend", "comments.yaml", "spend IM-1 3万 --note 调研差旅", "IM-1 spent — → 3万\n"),
    ("crlf-effort", "crlf-bom.yaml", "effort X-1 2.5 -m 走访", "X-1 effort_actual — → 2.5\n"),
    ("flow-spend", "flow-lists.yaml", "spend F-1 2,500元 -m '打印, 装订'", "F-1 spent — → 2500\n"),
    ("flow-effort-twice", "flow-lists.yaml", "effort F-2 3人天 -m 评审", "F-2 effort_actual — → 3\n"),
]


def _plan(tmp_path: Path, source: str) -> tuple[Path, str]:
    if source.startswith("real:"):
        return real_plan(tmp_path), source[5:]
    return crafted_plan(tmp_path, source), source


@pytest.mark.parametrize(("case", "source", "line", "stdout"), CASES, ids=[c[0] for c in CASES])
def test_the_file_equals_the_expected_file(cli, tmp_path, case, source, line, stdout):
    folder, name = _plan(tmp_path, source)
    before = snapshot(folder)
    result = cli(*shlex.split(line), "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert (result.exit_code, result.stdout, result.stderr) == (0, stdout, "")
    golden(f"writes/{case}.yaml", (folder / name).read_bytes())
    after = snapshot(folder)
    assert {k for k in before if before[k] != after[k]} == {name}


@pytest.mark.parametrize(("case", "source", "line", "stdout"), CASES, ids=[c[0] for c in CASES])
def test_dry_run_prints_the_diff_and_writes_nothing(cli, tmp_path, case, source, line, stdout):
    folder, _ = _plan(tmp_path, source)
    before = snapshot(folder)
    result = cli(*shlex.split(line), "--dry-run", "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stderr == "".join(f"{s} (dry run: nothing written)\n" for s in stdout.splitlines())
    assert snapshot(folder) == before
    golden(f"writes/{case}.diff", result.stdout.encode("utf-8"))


REFUSALS = [
    (
        "done R-1",
        "pmtasks: task R-1 (line 7) is written as a flow mapping ({…}); pmtasks will not rewrite it. "
        "To fix: write it in block style, one key per line, then run the command again\n",
    ),
    (
        "assign R-2 设计组",
        "pmtasks: task R-2 (line 8) has `owner` as a block scalar or a collection; pmtasks will "
        "not rewrite it. To fix: write `owner` on one line, then run the command again\n",
    ),
]


@pytest.mark.parametrize(("line", "stderr"), REFUSALS, ids=[r[0].split()[1] for r in REFUSALS])
def test_what_cannot_be_spliced_safely_is_refused(cli, tmp_path, line, stderr):
    folder = crafted_plan(tmp_path, "refusals.yaml")
    before = snapshot(folder)
    result = cli(*shlex.split(line), "--plans", str(folder), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", stderr)
    assert snapshot(folder) == before
