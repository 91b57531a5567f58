"""The shape of the code: import-linter's contracts (pyproject.toml) and a pure, I/O-free core."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "pmtasks"
MODULES = sorted(PACKAGE.rglob("*.py"))
# Only these modules touch the outside world (files, processes); the rest of the core is pure.
IO_MODULES = {"load.py", "store.py", "repo.py", "cache.py"}
IO_CALLS = {"open", "print", "input"}
IO_IMPORTS = {"subprocess", "shutil", "tempfile", "fcntl", "socket"}
LINT_IMPORTS = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """import-linter with the project's contracts, on the ``pmtasks`` package found under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_hold() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("query.py", "import rich", "only render/ imports rich"),
        ("plan/model.py", "import typer", "only cli/ imports typer"),
        ("check/rules.py", "from pmtasks.render import console", "the core underneath"),
        ("write/edits.py", "from pmtasks.cli import options", "the core underneath"),
        ("plan/load.py", "from pmtasks.usecases import context", "the core underneath"),
        ("usecases/read.py", "from pmtasks.render import data", "side by side"),
        ("render/data.py", "from pmtasks.usecases import read", "side by side"),
        ("usecases/check.py", "from pmtasks.cli import options", "the core underneath"),
    ],
)
def test_the_contracts_catch_an_import_against_the_layers(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(PACKAGE, tmp_path / "pmtasks", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "pmtasks" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [row for row in result.stdout.splitlines() if row.endswith(" BROKEN")]
    assert any(contract in row for row in broken), result.stdout


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _where(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if not {"render", "cli", "usecases"} & set(p.relative_to(PACKAGE).parts)],
    ids=_where,
)
def test_core_modules_do_no_io(path: Path) -> None:
    if path.name in IO_MODULES or path.name in ("__main__.py",):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert not calls & IO_CALLS
    assert not _imports(path) & IO_IMPORTS
    assert "sys" not in _imports(path)


@pytest.mark.parametrize("path", MODULES, ids=_where)
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400, "split it by what it holds"
