"""``check`` for GitHub Actions: workflow-command annotations and the job's Markdown summary.

Each annotation is one line whose data and properties are escaped the way GitHub documents,
so task text cannot end the command or start another. The readable listing that follows,
which carries the same untrusted text, is fenced by ``::stop-commands::`` with a token nobody
can guess, so the runner reads none of it as a command.
"""

from __future__ import annotations

from pmtasks.check.registry import Severity
from pmtasks.check.report import Finding, Report
from pmtasks.render.findings import display_path, plain, summary_line
from pmtasks.text import md_escape

SUMMARY_ROWS = 200
_ICON = {Severity.ERROR: "🔴 error", Severity.WARNING: "🟡 warning"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    """``::error file=…,line=…,col=…,title=…::message`` for one finding."""
    title = f"{f.code} {f.rule.name}" + (f" {f.task_id}" if f.task_id else "")
    props = {"file": plain(f.path), "line": str(f.line), "col": str(f.col), "title": title}
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    return f"::{f.severity.value} {joined}::{escape_data(plain(f.text()))}"


def listing_line(f: Finding) -> str:
    return f"{display_path(f.path)}:{f.line}:{f.col}: {f.severity.value} {f.code} {plain(f.text())}"


def report_github(report: Report, token: str) -> str:
    """Annotations, then the listing between ``::stop-commands::TOKEN`` and ``::TOKEN::``."""
    if not token.isalnum():
        raise ValueError("the stop-commands token must be letters and digits")
    lines = [annotation(f) for f in report.findings]
    lines.append(f"::stop-commands::{token}")
    lines += [listing_line(f) for f in report.findings]
    lines.append(f"::{token}::")
    lines.append(f"pmtasks check: {summary_line(report)}")
    return "\n".join(lines) + "\n"


def step_summary(report: Report) -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY; every cell from a plan file is escaped."""
    head = f"### pmtasks check: {summary_line(report)}\n\n"
    if not report.findings:
        return head + "Nothing to report.\n\n"
    rows = ["| Severity | Rule | Task | Where | What to do |", "|---|---|---|---|---|"]
    for f in report.findings[:SUMMARY_ROWS]:
        task = md_escape(f"{f.task_id} {f.title or ''}".strip()) if f.task_id else ""
        where = md_escape(f"{f.path}:{f.line}:{f.col}")
        rows.append(f"| {_ICON[f.severity]} | {f.code} {f.rule.name} | {task} | {where} | {md_escape(f.message)} |")
    more = len(report.findings) - SUMMARY_ROWS
    tail = f"\n… and {more} more; see the job log.\n" if more > 0 else ""
    return head + "\n".join(rows) + "\n" + tail + "\n"
