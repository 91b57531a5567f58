"""``check`` reports as JSON, JUnit XML and SARIF 2.1.0: plain strings for CI systems.

Every text that comes from a plan file goes through :func:`plain` first, so no escape sequence,
control character or character XML cannot hold reaches the output.

``check``'s text listing uses the helpers here too, so JSON is imported by the formats that write it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import groupby
from typing import Any
from urllib.parse import quote

from pmtasks import __version__
from pmtasks.check.registry import Rule, Severity, all_rules
from pmtasks.check.report import Finding, Report, fails
from pmtasks.i18n import N_, _
from pmtasks.text import clean

SEVERITY_WORDS = {"error": N_("error"), "warning": N_("warning"), "red": N_("red")}

# Surrogates and the two non-characters XML 1.0 refuses; control characters go in clean().
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def plain(text: str) -> str:
    """Untrusted text on one line, with nothing a terminal, CI log or XML parser would act on."""
    return _NOT_XML.sub("", clean(text))


def display_path(path: str) -> str:
    """A file's path as shown at the start of a line: one that starts with ``:`` gets ``./``,
    so a file name can never begin a CI workflow command."""
    shown = plain(path)
    return "./" + shown if shown.lstrip().startswith(":") else shown


def summary_line(report: Report) -> str:
    """``2 errors, 1 warning (as of 2026-11-23; failing on error)``."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    error_s = (_("{n} error") if errors == 1 else _("{n} errors")).format(n=errors)
    warning_s = (_("{n} warning") if warnings == 1 else _("{n} warnings")).format(n=warnings)
    counts = (
        _("{errors}, {warnings}").format(errors=error_s, warnings=warning_s) if report.findings else _("no problems")
    )
    skipped = _("; deadlines not checked") if report.policy.deadlines == "off" else ""
    level = _(SEVERITY_WORDS[report.policy.fail_on])
    return _("{counts} (as of {date}; failing on {level}{skipped})").format(
        counts=counts, date=report.as_of, level=level, skipped=skipped
    )


def finding_record(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "rule": f.rule.name,
        "severity": f.severity.value,
        "file": plain(f.path),
        "line": f.line,
        "col": f.col,
        "task": f.task_id,
        "title": plain(f.title) if f.title is not None else None,
        "message": plain(f.message),
    }


def report_json(report: Report) -> str:
    from pmtasks.render.data import dumps

    policy = report.policy
    return dumps(
        {
            "as_of": report.as_of.isoformat(),
            "policy": {
                "deadlines": policy.deadlines,
                "fail_on": policy.fail_on,
                "warn_days": policy.warn_days,
                "at_risk_threshold": policy.at_risk_threshold,
            },
            "summary": {
                "errors": report.count(Severity.ERROR),
                "warnings": report.count(Severity.WARNING),
                "failed": report.failed,
            },
            "findings": [finding_record(f) for f in report.findings],
        }
    )


def by_file(report: Report) -> Iterator[tuple[str, list[Finding]]]:
    """Findings grouped by file, the files in the order the report has them."""
    order = list(dict.fromkeys(f.path for f in report.findings))
    ranked = sorted(report.findings, key=lambda f: order.index(f.path))
    for path, group in groupby(ranked, key=lambda f: f.path):
        yield path, list(group)


def report_junit(report: Report) -> str:
    """One test suite per file, one test case per finding; those at the failure level fail."""
    import xml.etree.ElementTree as ET  # only this format needs it, not `check`'s text listing

    failing = sum(fails(f, report.policy) for f in report.findings)
    root = ET.Element(
        "testsuites",
        name="pmtasks check",
        tests=str(max(1, len(report.findings))),
        failures=str(failing),
        errors="0",
    )
    if not report.findings:
        suite = ET.SubElement(
            root,
            "testsuite",
            name="pmtasks check",
            tests="1",
            failures="0",
            errors="0",
            skipped="0",
        )
        ET.SubElement(suite, "testcase", name=f"plan checked as of {report.as_of}", classname="pmtasks")
    for path, group in by_file(report):
        name = plain(path)
        suite = ET.SubElement(
            root,
            "testsuite",
            name=name,
            tests=str(len(group)),
            failures=str(sum(fails(f, report.policy) for f in group)),
            errors="0",
            skipped="0",
        )
        for f in group:
            case = ET.SubElement(
                suite,
                "testcase",
                name=plain(f"{f.code} {f.rule.name} {f.task_id or ''}").strip(),
                classname=name,
                file=name,
                line=str(f.line),
            )
            detail = f"{name}:{f.line}:{f.col}: {f.severity.value} {f.code} {plain(f.text())}"
            if fails(f, report.policy):
                failure = ET.SubElement(case, "failure", type=f.code, message=plain(f.text()))
                failure.text = detail
            else:
                ET.SubElement(case, "system-out").text = detail
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _sarif_rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.description},
        "help": {"text": rule.fix},
        "defaultConfiguration": {"level": rule.severity.value},
    }


def _fingerprint(f: Finding) -> dict[str, str]:
    if f.task_id is not None:
        return {"pmtasksTask/v1": f.key}
    import hashlib  # SARIF only: the text listing loads no OpenSSL

    return {"pmtasksProblem/v1": hashlib.sha256(plain(f.key).encode("utf-8")).hexdigest()[:32]}


def _sarif_result(f: Finding) -> dict[str, Any]:
    uri = quote(plain(f.path).replace("\\", "/"), safe="/")
    return {
        "ruleId": f.code,
        "ruleIndex": [r.code for r in all_rules()].index(f.code),
        "level": f.severity.value,
        "message": {"text": plain(f.text())},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": f.line, "startColumn": f.col},
                }
            }
        ],
        "partialFingerprints": _fingerprint(f),
    }


def report_sarif(report: Report) -> str:
    """SARIF 2.1.0: every rule described, results fingerprinted by task ID so they survive edits."""
    import json

    run = {
        "tool": {
            "driver": {
                "name": "pmtasks",
                "version": __version__,
                "rules": [_sarif_rule(r) for r in all_rules()],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(f) for f in report.findings],
        "properties": {"asOf": report.as_of.isoformat()},
    }
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
