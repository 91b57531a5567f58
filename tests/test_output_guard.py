"""No output line of any human format, on stdout or stderr, acts as a CI workflow command.

The guard sits where lines are written (both streams), so these tests drive whole commands with
hostile notes, titles and file names, and the guard itself with lines cut at every point.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Runner, git
from hostile import TASK, small_plan, workflow_commands
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.render.lines import GuardedStream, guard_line, guard_text, own_commands, valid_utf8


def test_show_wrapping_a_long_note_cannot_start_a_line_with_a_command(cli: Runner, tmp_path: Path) -> None:
    note = "x" * 66 + " ::warning title=Injected::from the notes"
    folder = small_plan(tmp_path, TASK + f'        notes: "{note}"\n')
    result = cli("show", "X-1", "--plans", str(folder), "--as-of", "2026-02-01", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert "Injected::from the notes" in result.stdout  # the text is shown, only defused
    assert workflow_commands(result.stdout) == []


def test_diff_wrapping_a_long_title_cannot_start_a_line_with_a_command(
    cli: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    small_plan(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "v1")
    title = "完成调研 " + "推进项目 " * 14 + "::error title=Injected::from a title"
    small_plan(tmp_path, TASK.replace("title: t", f'title: "{title}"'))
    git(tmp_path, "commit", "-q", "-am", "v2")
    for fmt in ("text", "markdown"):
        result = cli("diff", "HEAD~1", "HEAD", "--format", fmt, cwd=tmp_path, env={"COLUMNS": "80"})
        assert result.exit_code == 0, result.stderr
        assert "Injected" in result.stdout
        assert workflow_commands(result.stdout + result.stderr) == [], fmt


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("list",),
        ("list", "--format", "json"),
        ("list", "--format", "csv"),
        ("show", "X-1"),
        ("timeline",),
        ("check",),
        ("check", "--format", "json"),
    ],
)
def test_a_file_name_that_is_a_command_never_starts_a_line(cli: Runner, tmp_path: Path, args: tuple[str, ...]) -> None:
    folder = small_plan(tmp_path, TASK + "        colour: red\n", name="::error title=Injected::y.yaml")
    result = cli(*args, "--plans", ".", "--as-of", "2026-02-01", cwd=folder)
    assert result.exit_code in (1, 3), result.stderr
    assert "Injected" in result.stderr + result.stdout
    assert workflow_commands(result.stdout) == []
    assert workflow_commands(result.stderr) == []


def test_a_file_name_that_is_a_command_in_a_valid_plan(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path, TASK.replace("title: t", "title: ok"), name="::error title=Injected::y.yaml")
    for args in (("list",), ("list", "--format", "json"), ("show", "X-1"), ("timeline",), ("status",)):
        result = cli(*args, "--plans", ".", "--as-of", "2026-02-01", cwd=folder)
        assert result.exit_code == 0, result.stderr
        assert workflow_commands(result.stdout + "\n" + result.stderr) == [], args


def test_check_github_keeps_its_own_commands(cli: Runner, tmp_path: Path) -> None:
    folder = small_plan(tmp_path, TASK.replace("title: t", 'title: "::error::x"') + "        due: 2026-01-01\n")
    result = cli("check", "--plans", ".", "--as-of", "2026-06-01", "--format", "github", cwd=folder)
    commands = workflow_commands(result.stdout)
    assert commands[0].startswith("::error file=01-x.yaml,line=9,")  # not defused: it is pmtasks's own
    assert any(c.startswith("::stop-commands::") for c in commands)


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("::error::x", "'::error::x"),
        ("   ::warning x", "  '::warning x"),
        ("\t::x", "\t'::x"),
        ("\u3000::x", "\u3000'::x"),
        ("a ::x", "a ::x"),
        (":x", ":x"),
        ("", ""),
    ],
)
def test_guard_line(line: str, shown: str) -> None:
    assert guard_line(line) == shown


def test_guard_text_splits_at_cr_as_runners_do() -> None:
    assert workflow_commands(guard_text("a\r::error::x\n  ::y\r\n::z")) == []


def test_the_stream_guards_lines_cut_at_any_point() -> None:
    text = "ok\n  ::error::one\n::two\r::three\nplain :: text\n   \n:\n::\n"
    for cut in range(len(text) + 1):
        for second in range(cut, len(text) + 1):
            out = io.StringIO()
            stream = GuardedStream(out)
            for piece in (text[:cut], text[cut:second], text[second:]):
                stream.write(piece)
            stream.release()
            assert out.getvalue() == guard_text(text), (cut, second)
            assert workflow_commands(out.getvalue()) == []


def test_the_stream_lets_own_commands_through_and_keeps_utf8() -> None:
    out = io.StringIO()
    stream = GuardedStream(out)
    with own_commands():
        stream.write("::error file=a::b\n")
    stream.write("::x \udcff\n")
    assert out.getvalue() == "::error file=a::b\n'::x \ufffd\n"


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(" :\n\ra\t中"), max_size=40), st.lists(st.integers(0, 40), max_size=6))
def test_the_stream_guards_any_text_written_in_any_pieces(text: str, cuts: list[int]) -> None:
    """Pieces with and without ``::``, ending mid-line or not: the same text as guarding it whole."""
    out = io.StringIO()
    stream = GuardedStream(out)
    points = sorted({min(c, len(text)) for c in cuts})
    for start, end in zip([0, *points], [*points, len(text)], strict=True):
        stream.write(text[start:end])
    stream.release()
    assert out.getvalue() == guard_text(text)


@given(
    st.text(st.characters(codec=None, exclude_categories=()))
    | st.lists(st.sampled_from(["a", "梧", "\ud800", "\udfff", "😀"])).map("".join)
)
def test_valid_utf8_replaces_exactly_the_lone_surrogates(text: str) -> None:
    made = valid_utf8(text)
    assert made == "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    made.encode("utf-8")  # never raises
