"""quick_read reads a plain task item exactly as the YAML reader does, or declines to read it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.plan.quickread import quick_read
from pmtasks.plan.yamlread import read_yaml

TRICKY = [
    "yes", "No", "on", "OFF", "y", "n", "true", "False", "null", "Null", "~", "010", "0", "00", "7", "1_000",
    "0x1F", "0o17", "1:30", "12:30:00", "1.5", ".5", "1e3", "-1", "+1", ".inf", ".NaN", "2026-02-30",
    "2026-1-5", "2026-01-05", "2026-01-05 10:00", "2026-01-05T10:00:00Z", "a: b", "a:b", "a #b", "a#b",
    "#x", "-x", "- x", "?x", "x:", "[a]", "{a}", "a, b", "a,b", "'q'", '"q"', "&a", "*a", "!t", "|", ">",
    "%d", "@x", "`x", "http://例子.cn/a", "中文，标点：全角", "完成L3-1项工作", "todo", "doing", "市场组",
    "x  y", "x ", " x", "\u2028", "\x85", "\ufeff", "\x7f", "é", "tab\there", "长" * 30,
]  # fmt: skip
KEYS = ["id", "title", "owner", "status", "progress", "start", "due", "tags", "notes", "log", "x_1", "Y"]
plain = st.one_of(
    st.integers(min_value=0, max_value=10**20).map(str),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat),
    st.text(alphabet="ab中文工作组，。-_0123456789 ", min_size=1, max_size=10),
)
tricky = st.one_of(st.sampled_from(TRICKY), st.text(alphabet="ab中 :#,[]{}-'\"0123456789", min_size=1, max_size=12))
scalars = st.one_of(plain, plain, plain, plain, plain, tricky)
flow_lists = st.lists(scalars, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
values = st.one_of(scalars, scalars, flow_lists)
entries = st.lists(
    st.tuples(st.sampled_from(["date", "progress", "note", "due", "author"]), values), min_size=1, max_size=4
).map(lambda pairs: "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
odd = st.sampled_from(["", "", "", "", "", "", "", "", "  # note", "\n", "\t", " "])


@st.composite
def items(draw: st.DrawFn) -> tuple[str, int]:
    indent = draw(st.sampled_from([0, 2, 4, 6]))
    pad = " " * (indent + 2)
    lines = []
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=draw(st.booleans()))):
        if key == "log":
            lines.append(f"{pad}log:{draw(odd)}")
            lines += [f"{pad}  - {e}{draw(odd)}" for e in draw(st.lists(entries, max_size=3))]
        elif key == "tags" and draw(st.booleans()):
            lines.append(f"{pad}tags:{draw(odd)}")
            lines += [f"{pad}  - {e}{draw(odd)}" for e in draw(st.lists(st.one_of(scalars, entries), max_size=3))]
        else:
            lines.append(f"{pad}{key}: {draw(values)}{draw(odd)}")
    text = "\n".join(lines)[len(pad) :] + draw(st.sampled_from(["\n", "", "\n\n"]))
    return text, indent


def _typed(value: Any) -> Any:
    """Data with each value's type beside it, so that 1, True and 1.0 are told apart."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, value)


@settings(max_examples=1000, deadline=None)
@given(items())
def test_quick_read_is_read_yaml_or_declines(item: tuple[str, int]) -> None:
    text, indent = item
    quick = quick_read(text, indent)
    if quick is None:
        return
    full = read_yaml(" " * indent + "- " + text + ("" if text.endswith("\n") else "\n"), "p.yaml")
    assert full.problems == []
    assert _typed(quick.data) == _typed(full.data)
    assert quick.keys == full.keys
    assert quick.values == full.values


def test_the_layout_pmtasks_writes_is_read_quickly() -> None:
    text = (
        "id: IM-3\n"
        "        title: 完成需求调研，明确服务方案\n"
        "        owner: 市场组\n"
        "        status: doing\n"
        "        progress: 30\n"
        "        due: 2026-03-31\n"
        "        depends: [IM-1, IM-2]\n"
        "        tags:\n"
        "          - 重点\n"
        "          - 2026\n"
        "        log:\n"
        "          - {date: 2026-01-12, progress: 30, note: 西南公司已调研}\n"
        "          - {date: 2026-01-20, due: [2026-03-31, 2026-04-15], note: 甲方评审推迟, author: 张三}\n"
    )
    quick = quick_read(text, 6)
    assert quick is not None
    assert quick.data == read_yaml("      - " + text, "p.yaml").data
    assert quick.data[0]["log"][1]["due"] == [dt.date(2026, 3, 31), dt.date(2026, 4, 15)]


def test_what_it_declines() -> None:
    for line in ("notes: |\n          多行", "title: '引号'", "status: yes", "progress: 010", "owner: &a 张三"):
        assert quick_read(line, 6) is None, line
    assert quick_read("id: A-1\n        id: A-2\n", 6) is None  # a duplicate key is the YAML reader's to report
    assert quick_read("id: A-1\n        # a comment\n", 6) is None
