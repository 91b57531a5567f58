"""The shape of the code: a pure core, renderers that alone import rich, a CLI that alone imports typer."""

import ast
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "pmtasks"
MODULES = sorted(PACKAGE.rglob("*.py"))
# Only these modules touch the outside world (files, processes); the rest of the core is pure.
IO_MODULES = {"load.py", "store.py", "repo.py"}
IO_CALLS = {"open", "print", "input"}
IO_IMPORTS = {"subprocess", "shutil", "tempfile", "fcntl"}


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


@pytest.mark.parametrize("path", MODULES, ids=_where)
def test_only_renderers_import_rich_and_only_the_cli_imports_typer(path: Path) -> None:
    imported = _imports(path)
    where = _where(path)
    if not where.startswith("render/"):
        assert "rich" not in imported
    if not where.startswith("cli/"):
        assert "typer" not in imported and "click" not in imported


@pytest.mark.parametrize("path", [p for p in MODULES if "render" not in p.parts and "cli" not in p.parts], ids=_where)
def test_core_modules_do_no_io(path: Path) -> None:
    if path.name in IO_MODULES or path.name in ("__main__.py",):
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = {n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    assert not calls & IO_CALLS
    assert not _imports(path) & IO_IMPORTS
    assert "sys" not in _imports(path) or path.name == "__main__.py"
