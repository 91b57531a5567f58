"""Hostile plan text stays inert in every report format: the HTML parsed by a real HTML5 parser has
exactly the elements and attributes of the same report with harmless text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import html5lib
import pytest
import report_repo
from conftest import Runner

HOSTILE = (
    '<script>alert(1)</script></svg></text><img src=x onerror="alert(2)"> | a | b @user '
    "\u202eevil\u202c [x](https://evil.example) </td></tr><iframe src=//evil.example> & &amp; \x1b[31m"
)


def _quoted(text: str) -> str:
    return (
        '"'
        + text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\x1b", "\\e")
        .replace("\u202e", "\\u202e")
        .replace("\u202c", "\\u202c")
        + '"'
    )


def _plan(repo: Path, text: str) -> None:
    """A small plan whose every free text (title, line, owner, goal, KPI, log notes and authors, ledger items) is ``text``."""
    folder = repo / "plans" / "2026"
    folder.mkdir(parents=True, exist_ok=True)
    q = _quoted(text)
    (folder / "plan.yaml").write_text(f"title: {q}\nyear: 2026\n", encoding="utf-8")
    (folder / "01-x.yaml").write_text(
        f"line: {q}\ncode: X\nperiods:\n  - period: 10-12月\n    goal: {q}\n"
        f"    kpis:\n      - {{name: {q}, target: 3, unit: 家, actual: 1}}\n    tasks:\n"
        f"      - id: X-1\n        title: {q}\n        owner: {q}\n        status: doing\n        progress: 10\n"
        f"        budget: 5万\n        spent: 1万\n        due: 2026-11-20\n        log:\n"
        f"          - {{date: 2026-11-05, progress: 10, note: {q}, author: {q}}}\n"
        f"      - id: X-2\n        title: {q}\n        owner: {q}\n        status: done\n        progress: 100\n"
        f"        due: 2026-11-30\n        log:\n"
        f"          - {{date: 2026-11-25, status: done, progress: 100, note: {q}, author: {q}}}\n",
        encoding="utf-8",
    )
    (folder / "ledgers").mkdir(exist_ok=True)
    (folder / "ledgers" / "x.yaml").write_text(
        f"meeting: {q}\ndate: 2026-10-01\nitems:\n"
        f"  - {{id: L-1, kind: decision, title: {q}, owner: {q}, due: 2026-11-10, acceptance: {q}}}\n"
        f"  - id: L-2\n    kind: rectification\n    title: {q}\n    owner: {q}\n    due: 2026-11-30\n"
        f"    acceptance: {q}\n    status: done\n    evidence: [{q}]\n    log:\n"
        f"      - {{date: 2026-11-20, status: done, note: {q}, author: {q}}}\n",
        encoding="utf-8",
    )


def _repo(root: Path, text: str) -> Path:
    """Two commits: before November and in it, so the changes section shows the text too."""
    root.mkdir(parents=True)
    report_repo._git(root, "2026-10-01T10:00:00+08:00", "init", "-q", "-b", "main")
    _plan(root, "plain")
    report_repo._git(root, "2026-10-01T10:00:00+08:00", "add", "-A")
    report_repo._git(root, "2026-10-01T10:00:00+08:00", "commit", "-q", "-m", "one")
    _plan(root, text)
    report_repo._git(root, "2026-11-26T10:00:00+08:00", "add", "-A")
    report_repo._git(root, "2026-11-26T10:00:00+08:00", "commit", "-q", "-m", "two")
    return root


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("hostile")
    return _repo(base / "hostile", HOSTILE), _repo(base / "plain", "plain text 普通")


def _shape(document: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every element of the parsed document, in order, with its attribute names."""
    tree = html5lib.parse(document, treebuilder="etree", namespaceHTMLElements=False)
    return [(str(el.tag).split("}")[-1], tuple(sorted(el.attrib))) for el in tree.iter() if isinstance(el.tag, str)]


@pytest.mark.parametrize("kind", ["monthly", "quarterly"])
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_html_has_only_the_templates_elements(cli: Runner, repos: tuple[Path, Path], kind: str, lang: str) -> None:
    hostile, plain = (
        cli(
            "report",
            kind,
            "--as-of",
            "2026-12-01" if kind == "monthly" else "2027-01-01",
            "-f",
            "html",
            "--lang",
            lang,
            cwd=repo,
        ).stdout
        for repo in repos
    )
    assert "<script" not in hostile.lower()
    assert '<section id="ledgers"' in hostile  # the hostile ledger items are in the page
    assert "<iframe" not in hostile.lower()
    shape = _shape(hostile)
    assert shape == _shape(plain)
    assert not any(name.startswith("on") for _, attrs in shape for name in attrs)
    assert {tag for tag, _ in shape} <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "h2",
        "p",
        "section",
        "div",
        "span",
        "strong",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "figure",
        "figcaption",
        "svg",
        "rect",
        "line",
        "text",
        "polyline",
        "ul",
        "ol",
        "li",
    }
    assert "\u202e" not in hostile
    assert "\x1b" not in hostile
    # The text is still there, as text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;" in hostile


def test_markdown_escapes_everything(cli: Runner, repos: tuple[Path, Path]) -> None:
    out = cli("report", "monthly", "--as-of", "2026-12-01", "-f", "markdown", cwd=repos[0]).stdout
    assert not re.search(r"(?<!\\)[<>\[\]]", out)  # every < > [ ] of the text is escaped
    assert "https://" not in out  # no bare link either
    assert "@user" not in out
    assert "@\u200duser" in out
    assert "\u202e" not in out
    assert "\x1b" not in out
    for block in re.findall(r"((?:^\|.*\n)+)", out, flags=re.M):
        rows = block.splitlines()
        cells = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(cells) == 1, block  # no text adds a column


def test_text_has_no_escape_sequences(cli: Runner, repos: tuple[Path, Path]) -> None:
    out = cli("report", "monthly", "--as-of", "2026-12-01", cwd=repos[0]).stdout
    assert "\x1b" not in out
    assert "\u202e" not in out
    assert not any(line.startswith("::") for line in out.splitlines())


def test_json_keeps_the_text_verbatim(cli: Runner, repos: tuple[Path, Path]) -> None:
    out = json.loads(cli("report", "monthly", "--as-of", "2026-12-01", "-f", "json", cwd=repos[0]).stdout)
    assert out["title"] == HOSTILE
    assert out["red"][0]["task"]["title"] == HOSTILE if out["red"] else True
    assert {e["task"]["title"] for e in out["changes"]["events"]} == {HOSTILE}
    assert [k["name"] for k in out["kpis"]["states"]] == [HOSTILE]
    assert [row["name"] for row in out["budget"]["lines"]] == [HOSTILE]
    ledgers = out["ledgers"]
    assert [(i["id"], i["title"], i["owner"]) for i in ledgers["overdue"]] == [("L-1", HOSTILE, HOSTILE)]
    assert [(i["id"], i["title"]) for i in ledgers["closed"]] == [("L-2", HOSTILE)]
    assert [i["source"] for i in ledgers["awaiting_verification"]] == [HOSTILE]
