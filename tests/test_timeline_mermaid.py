"""`pmtasks timeline --format mermaid`: pinned text, escaping, splitting, and Mermaid's gantt grammar.

The charts were also parsed and rendered with Mermaid itself (see the CHANGELOG); here the
lexer rules of Mermaid's gantt grammar (mermaid 11, ``gantt.jison``, INITIAL state, in order:
the first rule that matches wins) check every line without needing node.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import EXAMPLES, PLANS, Runner, golden

from pmtasks.plan.load import load_plan
from pmtasks.render.mermaid import charts, escape, markdown, task_line
from pmtasks.timeline import By, Item, State, rows

AS_OF = date(2026, 6, 30)
EXAMPLE = EXAMPLES / "timeline" / "plans"

# (token, pattern) in the order gantt.jison lists them for the INITIAL state; None is skipped.
_RULES: list[tuple[str | None, str]] = [
    ("directive", r"%%\{"),
    ("accTitle", r"accTitle\s*:\s*"),
    ("accDescr", r"accDescr\s*:\s*"),
    ("accDescrMultiline", r"accDescr\s*\{\s*"),
    (None, r"%%(?!\{)*[^\n]*"),
    (None, r"[^\}]%%*[^\n]*"),
    (None, r"%%*[^\n]*[\n]*"),
    ("NL", r"[\n]+"),
    (None, r"\s+"),
    (None, r"%[^\n]*"),
    ("href", r'href[\s]+["]'),
    ("call", r"call[\s]+"),
    ("click", r"click[\s]+"),
    ("gantt", r"gantt\b"),
    ("dateFormat", r"dateFormat\s[^#\n;]+"),
    ("inclusiveEndDates", r"inclusiveEndDates\b"),
    ("topAxis", r"topAxis\b"),
    ("axisFormat", r"axisFormat\s[^#\n;]+"),
    ("tickInterval", r"tickInterval\s[^#\n;]+"),
    ("includes", r"includes\s[^#\n;]+"),
    ("excludes", r"excludes\s[^#\n;]+"),
    ("todayMarker", r"todayMarker\s[^\n;]+"),
    ("weekday", r"weekday\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"),
    ("weekend", r"weekend\s+(?:friday|saturday)\b"),
    ("date", r"\d\d\d\d-\d\d-\d\d\b"),
    ("title", r"title\s[^\n]+"),
    ("accDescription", r"accDescription\s[^#\n;]+"),
    ("section", r"section\s[^\n]+"),
    ("taskTxt", r"[^:\n]+"),
    ("taskData", r":[^#\n;]+"),
    (":", r":"),
    ("INVALID", r"."),
]
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _RULES]
_DIRECTIVES = {"dateFormat", "inclusiveEndDates", "axisFormat", "tickInterval", "todayMarker", "title", "section"}
_DATA = re.compile(r"^:(?:(?:done|active|crit|milestone), )*\d{4}-\d\d-\d\d, (?:\d{4}-\d\d-\d\d|0d)$")


def lex(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(text):
        for name, pattern in _COMPILED:
            match = pattern.match(text, pos)
            if match and match.end() > pos:
                if name is not None:
                    tokens.append((name, match.group()))
                pos = match.end()
                break
    return tokens


def statements(chart: str) -> list[list[tuple[str, str]]]:
    """The chart's token lines; fails unless it is `gantt` then directives and `text :data` tasks."""
    tokens = lex(chart)
    assert tokens[:2] == [("gantt", "gantt"), ("NL", "\n")]
    lines: list[list[tuple[str, str]]] = [[]]
    for token in tokens[2:]:
        if token[0] == "NL":
            lines.append([])
        else:
            lines[-1].append(token)
    lines = [line for line in lines if line]
    for line in lines:
        kinds = [k for k, _ in line]
        assert kinds in ([k] for k in _DIRECTIVES) or kinds == ["taskTxt", "taskData"], line
        if kinds == ["taskTxt", "taskData"]:
            assert _DATA.match(line[1][1]), line
    return lines


def tasks_of(chart: str) -> list[str]:
    return [line[0][1].strip() for line in statements(chart) if line[0][0] == "taskTxt"]


def test_real_plan_is_pinned(cli: Runner) -> None:
    result = cli("timeline", "--format", "mermaid", "--as-of", "2026-06-30")
    assert result.exit_code == 0
    golden("timeline/plan.mermaid.md", result.stdout)


def test_real_plan_follows_the_gantt_grammar() -> None:
    plan = load_plan(PLANS)
    (chart,) = charts(plan.title, rows(plan, list(plan.tasks), By.TASK, AS_OF), AS_OF)
    found = tasks_of(chart)
    assert len(found) == 45  # 44 tasks and the as-of milestone
    assert found[0] == "IM-1 完成西南公司、华东公司、北方公司需求调… · 0% · overdue"
    assert [line[0][1] for line in statements(chart) if line[0][0] == "section"] == [
        "section 内部市场巩固",
        "section 代建业务深耕",
        "section 外部市场拓展",
        "section 创新赛道开拓",
        "section as of",
    ]


def test_example_is_pinned_and_hostile_text_stays_text(cli: Runner) -> None:
    result = cli("timeline", "--plans", str(EXAMPLE), "--format", "mermaid", "--as-of", "2026-06-30")
    golden("timeline/example.mermaid.md", result.stdout)
    (chart,) = re.findall(r"```mermaid\n(.*?)```", result.stdout, re.DOTALL)
    assert tasks_of(chart)[-4:] == [
        "[section starts with a Mermaid keyword once the …] · 10%",
        "EG-2 Budget： 50％； see ＃12 and ｀｀｀mermaid fen… · 0%",
        "[2026-07-01 an ID that looks like a date ＃quot； ent…] · 0%",
        "as of 2026-06-30",
    ]


def test_by_period_and_by_line_keep_one_section_per_line() -> None:
    plan = load_plan(PLANS)
    for by, count in ((By.PERIOD, 15), (By.LINE, 4)):
        (chart,) = charts(plan.title, rows(plan, list(plan.tasks), by, AS_OF), AS_OF)
        assert len(tasks_of(chart)) == count + 1
        assert sum(line.startswith("    section ") for line in chart.splitlines()) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: b", "a： b"),
        ("#12; `x` 50%%", "＃12； ｀x｀ 50％％"),
        ("line\nbreak\x1b[31m", "line break"),
        ("Section one", "[Section one]"),
        ("click here", "[click here]"),
        ("2026-07-01 launch", "[2026-07-01 launch]"),
        ("sections", "[sections]"),
        ("普通文本", "普通文本"),
    ],
)
def test_escape(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_tags_and_labels() -> None:
    def line(state: State, progress: int) -> str:
        return task_line(Item("X-1", "t", date(2026, 1, 1), date(2026, 2, 1), progress, state, "L"))

    assert line(State.DONE, 100) == "    X-1 t · 100% :done, 2026-01-01, 2026-02-01"
    assert line(State.DOING, 30) == "    X-1 t · 30% :active, 2026-01-01, 2026-02-01"
    assert line(State.OVERDUE, 0) == "    X-1 t · 0% · overdue :crit, 2026-01-01, 2026-02-01"
    assert line(State.BLOCKED, 5) == "    X-1 t · 5% · blocked :2026-01-01, 2026-02-01"
    assert line(State.TODO, 0) == "    X-1 t · 0% :2026-01-01, 2026-02-01"
    both = Item("X-1", "t", date(2026, 1, 1), date(2026, 2, 1), 5, State.OVERDUE, "L", blocked=True)
    assert task_line(both) == "    X-1 t · 5% · overdue · blocked :crit, 2026-01-01, 2026-02-01"


def test_large_plans_split_under_the_limit() -> None:
    plan = load_plan(PLANS)
    found = rows(plan, list(plan.tasks), By.TASK, AS_OF)
    parts = charts(plan.title, found, AS_OF, limit=1500)
    assert len(parts) > 1
    assert all(len(p) <= 1500 for p in parts)
    assert parts[0].splitlines()[1] == f"    title {plan.title} (1/{len(parts)})"
    every = [t for p in parts for t in tasks_of(p) if not t.startswith("as of")]
    assert every == [t for t in tasks_of(charts(plan.title, found, AS_OF)[0]) if not t.startswith("as of")]
    assert all(p.rstrip().endswith("as of 2026-06-30 :milestone, 2026-06-30, 0d") for p in parts)
    for part in parts:  # a chart that starts inside a business line opens that line's section again
        assert part.splitlines()[7].startswith("    section ")


def test_markdown_fences_each_chart() -> None:
    assert markdown(["gantt\n", "gantt\n"]) == "```mermaid\ngantt\n```\n\n```mermaid\ngantt\n```\n"


def test_output_does_not_depend_on_the_clock(cli: Runner) -> None:
    first = cli("timeline", "-f", "mermaid", "--as-of", "2026-06-30").stdout
    assert "    todayMarker off" in first.splitlines()
    assert first == cli("timeline", "-f", "mermaid", "--as-of", "2026-06-30").stdout
