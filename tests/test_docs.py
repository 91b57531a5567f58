"""The README is the contract: its commands are the ones CI runs, and its examples are true."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PLANS, ROOT, Runner

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_two_fresh_machine_commands() -> None:
    install, tests = (b.strip() for b in _blocks("sh")[:2])
    assert install.endswith("pip install -e . && pmtasks status")
    assert tests.endswith("&& pytest")
    assert README.index(install) < README.index("## A short tour")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    tests = _blocks("sh")[1].strip()
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert tests in script


def test_readme_error_example_is_real(cli: Runner, tmp_path: Path) -> None:
    shutil.copytree(PLANS, tmp_path / "plans")
    path = tmp_path / "plans" / "2026" / "01-internal-market.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("        status: todo\n", "        ownr: 市场组\n        status: todo\n", 1)
    text = text.replace("      - id: IM-2\n", "      - id: IM-2\n        notes: no\n", 1)
    path.write_text(text, encoding="utf-8")
    example = next(b for b in _blocks("console") if "problems in plans/2026" in b)
    result = cli("status", cwd=tmp_path)
    assert result.exit_code == 3
    assert "$ pmtasks status\n" + result.stderr == example


def test_goldens_hold_when_pytest_runs_from_another_folder(tmp_path: Path) -> None:
    tests = ROOT / "tests"
    args = ["-q", "-n", "0", "-p", "no:cacheprovider", "--rootdir", str(ROOT)]
    files = [str(tests / name) for name in ("test_timeline_cli.py", "test_read_commands.py", "test_check_formats.py")]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *args, *files], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.rstrip().endswith("[100%]")
