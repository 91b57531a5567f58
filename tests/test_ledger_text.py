"""Ledger text is untrusted: any title reads back exactly as given, and is shown as text, never markup."""

from __future__ import annotations

import json

import pytest
from ledger_fixtures import AS_OF, plan_with_ledgers
from writes_fixtures import author  # noqa: F401  (a fixture)

from pmtasks.ledger.load import load_all

pytestmark = pytest.mark.usefixtures("author")

TRICKY = [
    "no",
    "2026",
    "2026-07-01",
    "a: b",
    "#标签",
    "- 列表",
    "[x], {y}",
    '"引号"',
    "it's",
    "::error::x",
    "[bold]粗体[/bold]",
    "@someone",
    "~",
    "null",
    "0x1F",
    "  前后空格  ",
    "a #b",
    "https://x.example.com/a?b=1",
]


@pytest.mark.parametrize("title", TRICKY)
def test_any_title_reads_back_exactly(cli, tmp_path, title):
    folder = plan_with_ledgers(tmp_path)
    result = cli(
        "ledger",
        "add",
        "--source",
        "2026-q1-review.yaml",
        "--kind",
        "decision",
        "--title",
        title,
        "--owner",
        title.strip() or "x",
        "--due",
        "2026-09-30",
        "--acceptance",
        title,
        "--plans",
        str(folder),
        "--as-of",
        AS_OF,
    )
    assert (result.exit_code, result.stdout) == (0, "JY-4\n"), result.stderr
    _, book = load_all(folder)
    item = book.find("JY-4")
    assert item is not None
    assert (item.title, item.owner, item.acceptance) == (title.strip(), title.strip(), title.strip())
    shown = json.loads(cli("ledger", "show", "JY-4", "-f", "json", "--plans", str(folder), "--as-of", AS_OF).stdout)
    assert shown["item"]["title"] == title.strip()


def test_markup_and_escapes_are_shown_as_text(cli, tmp_path):
    folder = plan_with_ledgers(tmp_path)
    path = folder / "ledgers" / "2026-q1-review.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "title: 建立与集团新兴事业部的双周对接例会", 'title: "[red]红[/red] \\e[31m逃逸\\u202e反转"'
    )
    path.write_text(text, encoding="utf-8")
    for args in (("ledger", "list"), ("ledger", "show", "JY-2"), ("check", "--format", "text")):
        out = cli(*args, "--plans", str(folder), "--as-of", AS_OF).stdout
        assert "\x1b" not in out
        assert "\u202e" not in out
        if args[1] != "--format":
            assert "[red]红[/red]" in out
        assert not any(line.startswith("::") for line in out.splitlines())


@pytest.mark.parametrize("bad", ["两行\n文字", "制表\t符", "\x1b[31m"])
def test_control_characters_are_refused(cli, tmp_path, bad):
    folder = plan_with_ledgers(tmp_path)
    result = cli("ledger", "progress", "JY-3", "--note", bad, "--plans", str(folder), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "control character" in result.stderr
