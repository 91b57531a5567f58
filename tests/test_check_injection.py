"""Hostile task text in every ``check`` format: nothing in it may act as a CI workflow command,
an escape sequence or markup, and the XML and JSON outputs must still parse.

The GitHub Actions runner reads a line as a command when, after leading whitespace, it starts
with ``::``. So apart from pmtasks's own annotation and stop-commands lines, no output line may.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Runner

HOSTILE = [
    r"::error::injected title",
    r"%0A::warning::encoded newline",
    r"first\r\n::error::after CRLF",
    r"first\n::set-env name=EVIL::1",
    r"\e[31mred\e[0m \e]8;;http://evil.example\a link",
    r"[bold]markup[/bold] [link=http://evil.example]x[/link]",
    r"\x9b31m C1 escape \x07 bell \x00 nul",
    r"@someone | a ` b <b>html</b> ![img](http://evil.example/x.png)",
    r"\u2028::error::after a line separator",
    r"::stop-commands::guessed",
]
ANNOTATION = re.compile(r"^::(error|warning) (file=[^,:]*,line=\d+,col=\d+,title=[^,:]*)::(.*)$")
EVIL_FILE = "::warning::evil.yaml"
FORMATS = ("text", "json", "github", "junit", "sarif")


def hostile_plan(root: Path) -> Path:
    folder = root / "2026"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: 注入测试\nyear: 2026\n", encoding="utf-8")
    tasks = "".join(f'      - id: X-{n}\n        title: "{title}"\n' for n, title in enumerate(HOSTILE, 1))
    body = f"line: 注入\ncode: X\nperiods:\n  - period: 1-3月\n    goal: 测试\n    tasks:\n{tasks}"
    (folder / EVIL_FILE).write_text(body, encoding="utf-8")
    return folder


def hostile_keys(root: Path) -> Path:
    """An invalid plan whose loader messages quote hostile keys."""
    folder = root / "bad"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: 注入测试\nyear: 2026\n", encoding="utf-8")
    body = (
        "line: 注入\ncode: X\nperiods:\n  - period: 1-3月\n    goal: 测试\n    tasks:\n"
        '      - id: X-1\n        title: t\n        "::error::key\\n::warning::two": 1\n'
        '        "\\e[2J%0A::set-output name=a::b": 2\n'
    )
    (folder / EVIL_FILE).write_text(body, encoding="utf-8")
    return folder


def run_all(cli: Runner, folder: Path, summary: Path) -> dict[str, str]:
    outputs = {}
    for fmt in FORMATS:
        result = cli(
            "check",
            "--plans",
            ".",
            "--as-of",
            "2026-06-15",
            "--format",
            fmt,
            cwd=folder,
            env={"GITHUB_STEP_SUMMARY": str(summary)},
        )
        assert result.exit_code == 1, result.stderr
        assert result.stderr == ""
        outputs[fmt] = result.stdout
    return outputs


def unescape(value: str) -> str:
    for code, char in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        value = value.replace(code, char)
    return value


def assert_no_foreign_commands(fmt: str, text: str, findings: int) -> None:
    lines = text.split("\n")
    assert not any(ch in text for ch in "\r\x1b\x9b\x07\x00\u2028"), fmt
    if fmt != "github":
        assert [line for line in lines if line.lstrip().startswith("::")] == [], fmt
        return
    stop = re.fullmatch(r"::stop-commands::([0-9a-f]{32})", lines[findings])
    assert stop is not None, lines[findings]
    token = stop.group(1)
    assert lines[2 * findings + 1] == f"::{token}::"
    for line in lines[:findings]:
        match = ANNOTATION.match(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match.group(2).split(","))
        assert unescape(props["file"]) == EVIL_FILE
        assert "\n" not in unescape(match.group(3))
    for line in lines[findings + 1 :]:
        assert not line.lstrip().startswith("::") or line == f"::{token}::", line


@pytest.mark.parametrize("make", [hostile_plan, hostile_keys], ids=["titles", "keys"])
def test_hostile_text_cannot_inject(cli: Runner, tmp_path: Path, make: Callable[[Path], Path]) -> None:
    folder = make(tmp_path / "plans")
    summary = tmp_path / "summary.md"
    outputs = run_all(cli, folder, summary)
    findings = len(json.loads(outputs["json"])["findings"])
    assert findings >= 2
    for fmt, text in outputs.items():
        assert_no_foreign_commands(fmt, text, findings)
    ET.fromstring(outputs["junit"])
    json.loads(outputs["sarif"])
    table = summary.read_text(encoding="utf-8")
    assert not any(ch in table for ch in "\r\x1b\x9b\x07\x00")
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 6 for row in rows), "a cell broke the table"
    assert re.search(r"@(?!\u200d)", table) is None, "an @-mention got through"


def test_text_shows_markup_literally_and_strips_escapes(cli: Runner, tmp_path: Path) -> None:
    folder = hostile_plan(tmp_path / "plans")
    out = cli("check", "--plans", ".", "--as-of", "2026-06-15", "--format", "json", cwd=folder).stdout
    titles = [f["title"] for f in json.loads(out)["findings"]]
    assert titles[4] == "red  link"
    assert titles[5] == "[bold]markup[/bold] [link=http://evil.example]x[/link]"
    assert titles[2] == "first ::error::after CRLF"
    text = cli("check", "--plans", ".", "--as-of", "2026-06-15", "--format", "text", cwd=folder).stdout
    assert text.split("\n")[0] == "./::warning::evil.yaml"
    assert "  17:9  error    PMT002  X-6 [bold]markup[/bold] [li…: was due" in text
