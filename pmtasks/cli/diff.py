"""diff: what changed in the plans between two git revisions."""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from pmtasks.cli.app import app
from pmtasks.cli.options import AsOfOpt, PlansOpt, emit, guarded, session
from pmtasks.errors import EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from pmtasks.git.repo import Repo


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command(
    epilog="Examples:  pmtasks diff  ·  pmtasks diff origin/main...HEAD --format markdown  ·  "
    "pmtasks diff v1 v2 --fail-on-slip  ·  pmtasks diff --cached --exit-code"
)
@guarded
def diff(
    ctx: typer.Context,
    revs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="BASE [HEAD]",
            show_default=False,
            help="No revision: HEAD against the working tree. BASE: BASE against the working tree. "
            "A...B: the merge base of A and B against B (a pull request's view). A..B or A B: A against B.",
        ),
    ] = None,
    cached: Annotated[
        bool, typer.Option("--cached", "--staged", help="Compare with the index (what is staged).")
    ] = False,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text, markdown (a PR comment) or json.")
    ] = DiffFormat.text,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when anything changed.")] = False,
    fail_on_slip: Annotated[
        bool,
        typer.Option("--fail-on-slip", help="Exit 1 when a due date moved later or a task was removed."),
    ] = False,
    textconv: Annotated[
        Path | None,
        typer.Option(
            "--textconv",
            metavar="FILE",
            show_default=False,
            help="Print one plan file as flat lines for a git textconv driver, and exit.",
        ),
    ] = None,
    plans: PlansOpt = None,
    as_of: AsOfOpt = None,
) -> int:
    """Compare the plans at two git revisions: tasks added, removed, rescheduled, reassigned, updated."""
    if textconv is not None:
        return _textconv(textconv)
    from pmtasks.git.diff import compare
    from pmtasks.git.repo import Repo, plan_at, resolve
    from pmtasks.render.diff_data import Sides

    sess = session(ctx, plans, as_of)
    # The repository is the one holding --plans when it is given, else the one around here.
    start = sess.plans if sess.plans is not None and sess.plans.is_dir() else Path.cwd()
    repo = Repo(start)
    folder = _plans_folder(repo, sess.plans)
    base, head = resolve(repo, revs or [], cached)
    old, old_dir = plan_at(repo, base, folder)
    new, new_dir = plan_at(repo, head, folder)
    if old is None and new is None:
        from pmtasks.errors import PlansNotFound

        raise PlansNotFound(
            f"no plan under {folder} at {base.label} or at {head.label}; pass --plans DIR to name the plans folder"
        )
    result = compare(old, new)
    sides = Sides(_name(base), _name(head), base.sha, head.sha, _folders(old_dir, new_dir, folder))
    _render(result, sides, fmt)
    failed = (exit_code and not result.empty) or (fail_on_slip and bool(result.slipped or result.removed))
    return EXIT_FINDINGS if failed else EXIT_OK


def _render(result, sides, fmt: DiffFormat) -> None:  # type: ignore[no-untyped-def]
    if fmt is DiffFormat.text:
        from pmtasks.render.console import make_console
        from pmtasks.render.diff import diff_view

        make_console().print(diff_view(result, sides))
        return
    from pmtasks.render.diff_data import diff_json, diff_markdown

    emit((diff_json if fmt is DiffFormat.json else diff_markdown)(result, sides))


def _plans_folder(repo: "Repo", given: Path | None) -> str:
    """The plans folder relative to the repository root: --plans, else the nearest plans/, else plans."""
    from pmtasks.errors import PlansNotFound
    from pmtasks.plan.load import find_plans

    if given is not None:
        return repo.relative(given)
    try:
        return repo.relative(find_plans(Path.cwd()))
    except PlansNotFound:
        return "plans"


def _name(side) -> str:  # type: ignore[no-untyped-def]
    return f"{side.label} ({side.short})" if side.sha else side.label


def _folders(old: str | None, new: str | None, default: str) -> str:
    if old and new and old != new:
        return f"{old} → {new}"
    return new or old or default


def _textconv(path: Path) -> int:
    from pmtasks.git.textconv import readable

    try:
        data = path.read_bytes()
    except OSError as exc:
        from pmtasks.errors import PmtasksError

        raise PmtasksError(f"cannot read {path}: {exc.strerror}") from None
    emit(readable(data, str(path)))
    return 0
