"""Shell completion through the real entry point (a pmtasks process), for bash, zsh and fish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT


def complete(shell: str, words: str, cwd: Path = ROOT, plans: Path | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMTASKS_", "_PMTASKS_", "COMP_", "_TYPER"))}
    env["_PMTASKS_COMPLETE"] = f"complete_{shell}"
    if plans is not None:
        env["PMTASKS_PLANS"] = str(plans)
    if shell == "bash":
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split(" ")) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    proc = subprocess.run(
        [sys.executable, "-m", "pmtasks"], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return proc.stdout


def test_bash_completes_task_ids_from_the_plan() -> None:
    assert complete("bash", "pmtasks show IM-").split() == [f"IM-{n}" for n in range(1, 11)]
    assert complete("bash", "pmtasks done EC-").split() == [f"EC-{n}" for n in range(1, 7)]
    assert complete("bash", "pmtasks progress IN-2").split() == ["IN-2", "IN-20", "IN-21"]


def test_zsh_and_fish_show_each_title_beside_its_id() -> None:
    zsh = complete("zsh", "pmtasks show IM-1")
    assert '"IM-1":"完成西南公司、华东公司、北方公司需求调研，明确内部市场核心痛点与服务需求"' in zsh
    assert '"IM-10":"向系统内施工单位及中建合作伙伴推介"' in zsh
    fish = complete("fish", "pmtasks start EC-1").splitlines()
    assert fish == ["EC-1\t与集团新兴事业部建立常态化对接机制，明确合作分工与资源支持"]


def test_lines_owners_statuses_and_sort_keys() -> None:
    assert complete("bash", "pmtasks list --line ").split() == [
        "IM",
        "EC",
        "EM",
        "IN",
        "内部市场巩固",
        "代建业务深耕",
        "外部市场拓展",
        "创新赛道开拓",
    ]
    assert complete("zsh", "pmtasks timeline --line E").count('"E') == 2
    assert complete("bash", "pmtasks list --status d").split() == ["doing", "done", "dropped"]
    assert complete("bash", "pmtasks list --sort p").split() == ["plan", "progress"]
    assert "1-3月" in complete("bash", "pmtasks list --period ").split()


def test_owners_come_from_the_plan_named_by_plans(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "2026" / "01-internal-market.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - id: IM-2\n", "      - id: IM-2\n        owner: 市场组\n"), encoding="utf-8")
    assert complete("bash", "pmtasks list --owner ", plans=plans).split() == ["市场组"]
    assert complete("bash", "pmtasks assign IM-1 市", plans=plans).split() == ["市场组"]
    zsh = complete("zsh", f"pmtasks --plans {plans} list --owner 市")
    assert '"市场组"' in zsh


def test_a_broken_plan_still_completes_and_no_plan_completes_nothing(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    (plans / "2026" / "04-innovation.yaml").write_text("line: [unclosed\n", encoding="utf-8")
    assert complete("bash", "pmtasks show IN-", plans=plans).split() == []
    assert complete("bash", "pmtasks show IM-1", plans=plans).split() == ["IM-1", "IM-10"]
    assert complete("bash", "pmtasks show IM-", cwd=tmp_path, plans=tmp_path / "nowhere").split() == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_hostile_titles_cannot_break_the_completion_protocol(tmp_path: Path, shell: str) -> None:
    plans = tmp_path / "plans"
    shutil.copytree(PLANS, plans)
    path = plans / "2026" / "01-internal-market.yaml"
    text = path.read_text(encoding="utf-8")
    hostile = '"\\u001b]0;pwned\\u0007 line\\none\\tTwo"'
    path.write_text(text.replace("title: 形成可复制的服务标准与流程", f"title: {hostile}"), encoding="utf-8")
    out = complete(shell, "pmtasks show IM-7", plans=plans)
    assert "\x1b" not in out
    assert "\x07" not in out
