"""Marking progress: one write command applied to tasks, all files written or none."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pmtasks.errors import UsageError
from pmtasks.git.repo import git_author
from pmtasks.i18n import _
from pmtasks.plan.amounts import AmountError, parse_amount, parse_days
from pmtasks.plan.model import Plan, Task
from pmtasks.usecases.context import Request
from pmtasks.write.edits import Ask, Change, checked_text, decide
from pmtasks.write.store import Outcome, write


@dataclass(frozen=True)
class WriteAsk:
    """What the user asked: the command, the note, the log date (default: the as-of date), its value."""

    command: str
    note: str | None = None
    day: date | None = None
    percent: int | None = None
    owner: str | None = None
    amount: str | None = None  # spend: money as written (50万); effort: person-days


def _amount(asked: WriteAsk, plan: Plan) -> Decimal | None:
    """The amount of spend / effort, read in the plan's currency; a usage error (exit 2) that says what
    to write when it is not one, or is not more than 0."""
    if asked.amount is None:
        return None
    try:
        value = parse_amount(asked.amount, plan.currency) if asked.command == "spend" else parse_days(asked.amount)
    except AmountError as exc:
        message = str(exc)  # it names the amount unless the amount's form was right (e.g. negative)
        problem = message if repr(asked.amount.strip()) in message else f"{asked.amount!r}: {message}"
        if exc.example:
            raise UsageError(problem) from None
    else:
        if value > 0:
            return value
        problem = _("{value}: the amount to add must be more than 0").format(value=repr(asked.amount))
    example = _("3万 or 2500{currency}") if asked.command == "spend" else _("2, 0.5 or 3人天")
    example = example.format(currency=plan.currency)
    raise UsageError(_("{problem}; write e.g. {example}").format(problem=problem, example=example))


def apply_write(request: Request, ids: Sequence[str], asked: WriteAsk, *, dry_run: bool = False) -> Outcome:
    """Decide each task's change, then write every file (or, with ``dry_run``, only say what would change)."""
    note, owner = checked_text(asked.note, "note"), checked_text(asked.owner, "owner")
    folder = request.year_folder()
    author = git_author(folder)
    request.speak_plan_language()  # also for a refusal before the plan is read (a read-only file)

    def change(plan: Plan, task: Task) -> Change:
        day = asked.day or request.day(plan)
        ask = Ask(asked.command, day, note, author, asked.percent, owner, _amount(asked, plan))
        return decide(task, ask)

    return write(folder, ids, change, dry_run=dry_run, year_hint=request.year_hint)


def block_note(reason: str, note: str | None) -> str | None:
    """The log note of ``block``: the reason, then the note when there is one."""
    text = checked_text(reason, "reason")
    return f"{text}; {checked_text(note, 'note')}" if note is not None else text
