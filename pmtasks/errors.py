"""The exceptions pmtasks raises on purpose, each with the exit code it maps to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pmtasks.i18n import _

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_CANNOT_PROCEED = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a plan file, at a place in it. Lines and columns count from 1."""

    path: str
    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.message}"
        return text + "\n  " + _("hint: {hint}").format(hint=self.hint) if self.hint else text


MAX_PROBLEMS = 100  # problems reported per file; the rest are counted
MAX_FILE_BYTES = 16 * 1024 * 1024  # room for 25,000 tasks with their logs in one plan file


def capped(problems: Sequence[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS of each file's (sorted) problems, then one that counts the rest."""
    out: list[Problem] = []
    count = 0
    for index, problem in enumerate(problems):
        count = count + 1 if index and problems[index - 1].path == problem.path else 1
        if count <= MAX_PROBLEMS:
            out.append(problem)
        elif count == MAX_PROBLEMS + 1:
            rest = sum(1 for p in problems[index:] if p.path == problem.path)
            more = (
                _("… and {count} more problem in this file")
                if rest == 1
                else _("… and {count} more problems in this file")
            )
            out.append(
                Problem(
                    problem.path,
                    problem.line,
                    problem.col,
                    more.format(count=f"{rest:,}"),
                    _("fix the problems above and run again to see the rest"),
                )
            )
    return out


class PmtasksError(Exception):
    """An expected failure: the message says what went wrong and what to do next.

    The core does not know the command line's words. When what to do next means naming an option
    (``--plans``, ``--line`` …), the message leaves it out and ``subject`` says which input or which
    situation it was ("line", "plans-folder" …); the command line adds the option's name and the
    remedy in its own words.
    """

    exit_code = EXIT_CANNOT_PROCEED

    def __init__(self, message: str = "", subject: str | None = None) -> None:
        super().__init__(message)
        self.subject = subject


class UsageError(PmtasksError):
    """A value the user gave cannot be used. ``subject`` names which input it was ("line",
    "period", "window" …); the command line turns it into the option's name and what to do."""

    exit_code = EXIT_USAGE


class PlansNotFound(PmtasksError):
    """No plan where one was looked for. ``subject``: "plans-missing" (none found from the current
    folder up), "plans-file" (a file was named), "plans-folder" (the folder named does not exist),
    "plans-in-git" (none at either revision compared)."""


class PlanInvalid(PmtasksError):
    """The plan files do not load; ``problems`` holds every located problem, sorted."""

    def __init__(self, problems: Sequence[Problem], where: str = "") -> None:
        self.problems = capped(sorted(problems))
        self.where = where
        count = len(problems)
        if where:
            text = (
                _("{count} problem in {where}; fix them and run again")
                if count == 1
                else _("{count} problems in {where}; fix them and run again")
            )
        else:
            text = (
                _("{count} problem; fix them and run again")
                if count == 1
                else _("{count} problems; fix them and run again")
            )
        super().__init__(text.format(count=count, where=where))


class UnknownTask(PmtasksError):
    def __init__(self, task_id: str, suggestions: Sequence[str]) -> None:
        self.task_id = task_id
        self.suggestions = list(suggestions)
        if self.suggestions:
            text = _("no task with ID {id}. Did you mean {ids}? `pmtasks list` shows every ID.")
        else:
            text = _("no task with ID {id}. `pmtasks list` shows every ID.")
        super().__init__(text.format(id=repr(task_id), ids=", ".join(self.suggestions)))
