"""add, drop, reschedule, edit and move on realistic files: exact bytes, and a dry run that `patch` applies."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import golden
from writes_fixtures import AS_OF, author, crafted_plan, real_plan, snapshot  # noqa: F401  (author: a fixture)

pytestmark = pytest.mark.usefixtures("author")

# (case, files ("real" is plans/2026), command line, expected stdout)
CASES = [
    (
        "add-real",
        "real",
        "add --line IM --period 4-9月 梳理麓湖项目复盘材料 --owner 市场组 --tag 复盘 --depends IM-4",
        "IM-11\n",
    ),
    (
        "add-new-period",
        "real",
        "add -l EC --new-period 2027年1-3月 --goal 启动新年度计划 梳理需求 --id EC-20",
        "EC-20\n",
    ),
    ("add-comments", "comments.yaml", "add -l IM -p 1-3月 '新任务: 二期' --due 2026-03-15", "IM-4\n"),
    ("add-flow", "flow-tasks.yaml", "add -l T -p Q3 推广方案 --tag 推广", "T-3\n"),
    ("add-empty-period", "flow-tasks.yaml", "add -l T -p Q4 推广 --owner 市场组", "T-3\n"),
    ("add-end-of-file", "flow-lists.yaml", "add -l F -p H1 新任务 --depends F-5", "F-6\n"),
    ("add-crlf", "crlf-bom.yaml", "add -l X -p 全年 新客户走访 --tag 走访 --note 新增", "X-3\n"),
    ("drop-comments", "comments.yaml", "drop IM-2 --reason 并入IM-1", "IM-2 todo → dropped\n"),
    ("drop-crlf", "crlf-bom.yaml", "drop X-1 X-2 -r 客户取消", "X-1 todo → dropped\nX-2 doing → dropped\n"),
    (
        "reschedule-real",
        "real",
        "reschedule IM-4 --due 2026-09-15 --reason 业主图纸延迟",
        "IM-4 due 2026-09-30 → 2026-09-15\n",
    ),
    (
        "reschedule-comments",
        "comments.yaml",
        "reschedule IM-1 --start 2026-01-05 --due 2026-02-28 -r 提前",
        "IM-1 start 2026-01-01 → 2026-01-05, due 2026-03-31 → 2026-02-28\n",
    ),
    (
        "reschedule-flow",
        "flow-lists.yaml",
        "reschedule F-1 --due 2026-05-31 -r '延迟: 等待数据'",
        "F-1 due 2026-06-30 → 2026-05-31\n",
    ),
    (
        "reschedule-move",
        "real",
        "reschedule IM-6 --due 2026-11-15 -r 汇报延期 --move-period",
        "IM-6 due 2026-09-30 → 2026-11-15, period 4-9月 → 10-12月\n",
    ),
    (
        "edit-comments",
        "comments.yaml",
        "edit IM-1 --title 新标题 --untag BIM --tag 复盘 --notes 备注",
        "IM-1 edited title, notes, tags\n",
    ),
    ("edit-flow", "flow-lists.yaml", "edit F-5 --untag 试点 --tag 推广 --depends F-3", "F-5 edited tags, depends\n"),
    ("edit-block", "block-scalars.yaml", "edit B-2 --clear notes --title 新标题", "B-2 edited title, notes\n"),
    ("edit-crlf", "crlf-bom.yaml", "edit X-2 --untag 手册 --due 2026-06-30 --reason 提前", "X-2 edited tags, due\n"),
    ("move-real", "real", "move IM-6 --period 10-12月", "IM-6 moved: 内部市场巩固 4-9月 → 内部市场巩固 10-12月\n"),
    ("move-comments", "comments.yaml", "move IM-1 --period Q2", "IM-1 moved: 内部市场巩固 1-3月 → 内部市场巩固 Q2\n"),
    (
        "move-crlf-to-comments",
        "crlf-bom.yaml comments.yaml",
        "move X-2 --line IM --period Q2",
        "X-2 moved: 外部市场拓展 全年 → 内部市场巩固 Q2\n",
    ),
]


def _plan(tmp_path: Path, source: str) -> Path:
    return real_plan(tmp_path) if source == "real" else crafted_plan(tmp_path, *source.split())


def _run(cli, tmp_path: Path, line: str, *extra: str):  # type: ignore[no-untyped-def]
    return cli(*shlex.split(line), *extra, "--plans", "plan", "--as-of", AS_OF, cwd=tmp_path)


@pytest.mark.parametrize(("case", "source", "line", "stdout"), CASES, ids=[c[0] for c in CASES])
def test_the_files_equal_the_expected_files(cli, tmp_path, case, source, line, stdout):
    folder = _plan(tmp_path, source)
    before = snapshot(folder)
    result = _run(cli, tmp_path, line)
    assert (result.exit_code, result.stdout) == (0, stdout), result.stderr
    after = snapshot(folder)
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert changed
    for name in changed:
        suffix = "" if len(changed) == 1 else "-" + name.split(".")[0]
        golden(f"writes/{case}{suffix}.yaml", (folder / name).read_bytes())


@pytest.mark.parametrize(("case", "source", "line", "stdout"), CASES, ids=[c[0] for c in CASES])
def test_the_dry_run_patch_applies_and_gives_the_same_files(cli, tmp_path, case, source, line, stdout):
    folder = _plan(tmp_path, source)
    before = snapshot(folder)
    dry = _run(cli, tmp_path, line, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert snapshot(folder) == before
    golden(f"writes/{case}.diff", dry.stdout.encode("utf-8"))
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy / "plan")
    subprocess.run(["patch", "-p0", "--quiet", "--binary"], cwd=copy, input=dry.stdout.encode("utf-8"), check=True)
    assert _run(cli, tmp_path, line).exit_code == 0
    for name in before:
        assert (copy / "plan" / name).read_bytes() == (folder / name).read_bytes(), name
