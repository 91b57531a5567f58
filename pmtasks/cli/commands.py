"""Every command by name: the module that defines it and its one-line help.

``pmtasks --help`` lists commands from this table without importing their modules, and
``pmtasks NAME`` imports only NAME's module. To add a command, write its module (a
``commands = typer.Typer()`` with the command on it) and add a row here; the tests check
that each row's help is the first line of the command's own.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    module: str
    help: str


# The order is the order `pmtasks --help` lists them in.
COMMANDS: dict[str, Entry] = {
    "check": Entry(
        "pmtasks.cli.check",
        "Validate the plan and apply the deadline rules; exit 1 on findings at --fail-on or above.",
    ),
    "diff": Entry(
        "pmtasks.cli.diff",
        "Compare the plans at two git revisions: tasks added, removed, rescheduled, reassigned, updated.",
    ),
    "history": Entry(
        "pmtasks.cli.history",
        "The plan's history from git: one task's story, the changes in a window, or the slips.",
    ),
    "trend": Entry(
        "pmtasks.cli.history",
        "Progress over time: mean progress against 序时进度 (the elapsed share of each task's span), done, overdue.",
    ),
    "status": Entry(
        "pmtasks.cli.status",
        "The dashboard: progress, overdue and due-soon counts per business line, and what is overdue.",
    ),
    "list": Entry("pmtasks.cli.listing", "List tasks, filtered and sorted."),
    "show": Entry("pmtasks.cli.show", "One task: every field, its period's goal and resources, and its log."),
    "timeline": Entry(
        "pmtasks.cli.timeline",
        "A Gantt chart of the plan: bars from start to due, progress filled, coloured by state, the as-of date marked.",
    ),
    "report": Entry(
        "pmtasks.cli.report", "A governance report for the last full week, month or quarter before the as-of date."
    ),
    "start": Entry("pmtasks.cli.write", "Mark tasks as doing."),
    "done": Entry("pmtasks.cli.write", "Mark tasks as done: status done, progress 100."),
    "block": Entry("pmtasks.cli.write", "Mark a task as blocked, saying why."),
    "reopen": Entry(
        "pmtasks.cli.write", "Reopen a done, dropped or blocked task: doing if it has progress, else todo."
    ),
    "progress": Entry("pmtasks.cli.write", "Set a task's progress in percent."),
    "assign": Entry("pmtasks.cli.write", "Give a task an owner."),
    "note": Entry("pmtasks.cli.write", "Add a note to a task's log, changing nothing else."),
    "schema": Entry(
        "pmtasks.cli.schema", "Print the JSON Schema of a kind of plan file, with descriptions in English and Chinese."
    ),
    "import": Entry("pmtasks.cli.table", "Make plan files from a department's table."),
    "export": Entry(
        "pmtasks.cli.table",
        "Export the plan: the department's table and every task as a workbook, or the due dates as a calendar.",
    ),
    "add": Entry("pmtasks.cli.edit", "Add a task at the end of a period; print its ID."),
    "drop": Entry("pmtasks.cli.edit", "Drop tasks from the plan (status dropped), saying why."),
    "reschedule": Entry("pmtasks.cli.edit", "Move a task's due date (and start), with the reason in its log."),
    "edit": Entry("pmtasks.cli.edit", "Change a task's title, notes, tags, dependencies or dates."),
    "move": Entry("pmtasks.cli.edit", "Move tasks, with their comments and log, to another period or business line."),
    "ledger": Entry(
        "pmtasks.cli.ledger",
        "Decision lists and rectification ledgers (决议清单、整改台账): plans/<year>/ledgers/*.yaml.",
    ),
    "kpi": Entry(
        "pmtasks.cli.money", "List every KPI: target, actual, share met, and the pace (序时进度) of its period."
    ),
    "budget": Entry("pmtasks.cli.money", "Budgets against spending, and planned against used person-days, rolled up."),
    "spend": Entry("pmtasks.cli.money", "Record money spent on a task: added to its `spent`, with a log entry."),
    "effort": Entry(
        "pmtasks.cli.money", "Record person-days used on a task: added to its `effort_actual`, with a log entry."
    ),
}


READS = frozenset({"status", "list", "show", "timeline", "check"})
"""Commands that load the plan once and print: they run with the garbage collector paused."""
