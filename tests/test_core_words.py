"""The core does not know the command line's words: no option names in its messages. Where what
to do next means naming an option, the core gives a subject and the command line words the remedy."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import PLANS, ROOT, Runner

from pmtasks.cli.boundary import OPTION_OF, REMEDY_OF

CORE = ("check", "git", "govern", "ledger", "plan", "table", "usecases", "write")
CORE_MODULES = ("errors.py", "query.py", "text.py", "timeline.py")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
COMMAND = re.compile(r"`pmtasks [^`]*`")  # a whole command to run, quoted: the user's next step, spelled out
GIT_COMMAND = re.compile(r"git [a-z-]+(?: [^ ;)`]+)* --[a-z-]+")  # `git log --oneline`: git's options, not ours


def _core_files() -> list[Path]:
    files = [p for name in CORE for p in sorted((ROOT / "pmtasks" / name).rglob("*.py"))]
    return files + [ROOT / "pmtasks" / name for name in CORE_MODULES]


def _raised(path: Path) -> list[tuple[int, str, str | None]]:
    """Each exception the module raises: (line, its message's literal text, its subject when given)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            first, *rest = node.exc.args
            text = "".join(n.value for n in ast.walk(first) if isinstance(n, ast.Constant) and isinstance(n.value, str))
            subject = rest[0].value if rest and isinstance(rest[0], ast.Constant) else None
            found.append((node.lineno, text, subject if isinstance(subject, str) else None))
    return found


def _translated(path: Path) -> list[tuple[int, str, None]]:
    """Each message the module marks for translation (a message built before it is raised)."""
    return [
        (node.lineno, node.args[0].value, None)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("_", "N_")
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def test_no_core_message_names_a_command_line_option() -> None:
    named = [
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in _core_files()
        for line, text, _subject in [*_raised(path), *_translated(path)]
        if OPTION.search(COMMAND.sub("", GIT_COMMAND.sub("", text)))
    ]
    assert not named, "say it with a subject the command line words instead:\n" + "\n".join(named)


def test_every_subject_the_core_gives_is_worded_by_the_command_line() -> None:
    subjects = {s for path in _core_files() for _line, _text, s in _raised(path) if s}
    assert {"plans-missing", "plans-file", "plans-folder", "plans-in-git", "colour", "source"} <= subjects
    assert not subjects - set(OPTION_OF) - set(REMEDY_OF), "add the option or the remedy to cli/boundary.py"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--plans", str(PLANS / "2026" / "plan.yaml"), "list"), "is a file; --plans takes the plans folder"),
        (("--plans", "no-such-folder", "list"), "does not exist; pass --plans DIR or set PMTASKS_PLANS"),
        (("--plans", str(PLANS), "list", "--colour", "purple"), "--colour 'purple' is not a colour; use red"),
        (("--plans", str(PLANS), "ledger", "list", "--kind", "x"), "--kind 'x': use decision or rectification"),
    ],
)
def test_the_command_line_still_names_the_option(cli: Runner, args: tuple[str, ...], message: str) -> None:
    result = cli(*args)
    assert result.exit_code in (2, 3)
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_no_plans_folder_says_how_to_name_one(cli: Runner, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = cli("list", cwd=tmp_path)
    assert result.exit_code == 3
    assert result.stderr == (
        f"pmtasks: no plans/ directory in {tmp_path} or above it (up to the repository root); "
        "run pmtasks inside a plan repository, or pass --plans DIR / set PMTASKS_PLANS\n"
    )


def test_the_ledger_refusals_name_their_options_in_the_command_line_only(tmp_path: Path) -> None:
    from datetime import date

    from ledger_fixtures import plan_with_ledgers

    from pmtasks.cli.boundary import usage_message
    from pmtasks.ledger import edits
    from pmtasks.ledger.load import load_all

    _plan, book = load_all(plan_with_ledgers(tmp_path))
    item = next(i for i in book.items if i.id == "JY-1")  # done, awaiting verification
    with pytest.raises(edits.LedgerRefused) as no_evidence:
        edits.done(next(i for i in book.items if i.id == "ZG-1"), date(2026, 7, 1), [], None, None)
    with pytest.raises(edits.LedgerRefused) as no_verifier:
        edits.verify(item, date(2026, 7, 1), None)
    assert (str(no_evidence.value), str(no_verifier.value)) == (
        "ZG-1: give the evidence that it is done",
        "no one is named as the verifier",
    )
    assert usage_message(no_evidence.value) == (
        "ZG-1: give the evidence that it is done; --evidence takes a commit, a file in the repository, "
        "or a URL such as the pull request's"
    )
    assert usage_message(no_verifier.value) == (
        "no one is named as the verifier; set `git config user.name`, or pass --as NAME"
    )
