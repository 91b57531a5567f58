"""Property: any task text, through every format of every reading command, stays text.

No output line (stdout or stderr) starts with ``::`` unless it is ``check --format github``'s own
command; no escape, C1 or bidi character reaches the output raw; JSON, CSV, JUnit, SARIF and
Markdown tables still parse.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import Runner, git
from fuzz import fuzz
from hostile import workflow_commands
from hypothesis import given
from hypothesis import strategies as st

from pmtasks.render.data import CSV_FIELDS

FRAGMENTS = [
    "::error::x",
    "::warning title=T::m",
    "%0A::",
    "\n::set-output name=a::b",
    "\r\n::error::y",
    "\x1b[31m",
    "\x1b]8;;http://e.example\x07",
    "\x9b31m",
    "\x85",
    "\u202e",
    "\u2066",
    "\u2028::x",
    "[bold]",
    "<b>",
    "|",
    "`",
    "@all",
    "http://e.example",
    "=1+1",
    " ",
    "   ",
    "调研",
    "\t",
    "#",
    "'",
    '"',
]
TEXT = (
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), min_size=1, max_size=8)
    .map("".join)
    .filter(bool)
)
NAMES = st.sampled_from(["01-x.yaml", "::error::f.yaml", "a\u202eb.yaml", "  ::x.yaml", "@all|x.yaml"])
GITHUB_OWN = re.compile(
    r"::(error|warning) file=[^,:]*,line=\d+,col=\d+,title=[^,:]*::.*|::stop-commands::[0-9a-f]{32}"
    r"|::[0-9a-f]{32}::"
)
RAW = re.compile("[\x1b\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
RUNS = [
    ("status", ()),
    ("status", ("--format", "json")),
    ("list", ()),
    ("list", ("--format", "json")),
    ("list", ("--format", "csv")),
    ("list", ("--format", "markdown")),
    ("show", ("X-1",)),
    ("show", ("X-1", "--format", "json")),
    ("timeline", ()),
    ("timeline", ("--format", "mermaid")),
    ("check", ()),
    ("check", ("--format", "json")),
    ("check", ("--format", "github")),
    ("check", ("--format", "junit")),
    ("check", ("--format", "sarif")),
    ("diff", ()),
    ("diff", ("--format", "json")),
    ("diff", ("--format", "markdown")),
]


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: every character that YAML may not hold raw is escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif (ch.isprintable() and ch not in "\x85\u2028\u2029\ufeff") or ch == " ":
            out.append(ch)
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return '"' + "".join(out) + '"'


def line_file(title: str, notes: str, owner: str, tag: str, goal: str) -> str:
    return (
        f"line: {yaml_string(goal + 'L')}\ncode: X\nperiods:\n  - period: 1-3月\n    goal: {yaml_string(goal)}\n"
        f"    track: {yaml_string(tag)}\n    tasks:\n"
        f"      - id: X-1\n        title: {yaml_string(title)}\n        owner: {yaml_string(owner)}\n"
        f"        tags: [{yaml_string(tag)}]\n        notes: {yaml_string(notes)}\n        status: doing\n"
        f"        progress: 10\n        due: 2026-02-01\n"
        f"        log:\n          - {{date: 2026-01-10, note: {yaml_string(notes)}}}\n"
        f"      - id: X-2\n        title: {yaml_string(title)}\n        depends: [X-1]\n"
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz-output")
    folder = root / "plans" / "2026"
    folder.mkdir(parents=True)
    (folder / "plan.yaml").write_text("title: t\nyear: 2026\n", encoding="utf-8")
    (folder / "01-x.yaml").write_text(line_file("t", "n", "o", "g", "g"), encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "v1")
    return root


def markdown_tables_are_whole(text: str) -> None:
    block: list[int] = []
    for line in [*text.split("\n"), ""]:
        if line.startswith("|"):
            block.append(len(re.findall(r"(?<!\\)\|", line)))
        elif block:
            assert len(set(block)) == 1, f"a cell broke a table: {block}"
            block = []


def check_output(command: str, args: tuple[str, ...], out: str, err: str) -> None:
    fmt = args[args.index("--format") + 1] if "--format" in args else "text"
    for stream in (out, err):
        commands = workflow_commands(stream)
        if fmt == "github" and stream is out:
            commands = [c for c in commands if not GITHUB_OWN.fullmatch(c)]
        assert commands == [], (command, fmt)
        assert not RAW.search(stream), (command, fmt, RAW.findall(stream))
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "junit":
        ET.fromstring(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        assert len(rows) == 3
        assert all(len(row) == len(CSV_FIELDS) for row in rows)
    elif fmt in ("markdown", "mermaid"):
        markdown_tables_are_whole(out)
        assert sum(1 for line in out.split("\n") if line.startswith("```")) % 2 == 0


@fuzz(5)
@given(title=TEXT, notes=TEXT, owner=TEXT, tag=TEXT, goal=TEXT, name=NAMES)
def test_any_text_through_every_format(
    cli: Runner, repo: Path, title: str, notes: str, owner: str, tag: str, goal: str, name: str
) -> None:
    folder = repo / "plans" / "2026"
    for old in folder.glob("*.yaml"):
        if old.name != "plan.yaml":
            old.unlink()
    (folder / name).write_text(line_file(title, notes, owner, tag, goal), encoding="utf-8")
    for command, args in RUNS:
        extra = ("--as-of", "2026-03-01") if command != "diff" else ()
        result = cli(command, *args, *extra, cwd=repo)
        assert result.exit_code in (0, 1), (command, args, result.stderr)
        check_output(command, args, result.stdout, result.stderr)
