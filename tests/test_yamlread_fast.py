"""The reader's shortcuts for plain scalars give exactly what PyYAML's resolver and constructor give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmtasks.plan import yamlread

SCALARS = st.text(st.sampled_from(list("0123456789-_:.+eExob年月中 ")), min_size=1, max_size=12) | st.sampled_from(
    [
        "2026-02-30",
        "2026-13-01",
        "2026-3-1",
        "0",
        "00",
        "010",
        "12345678901234567890",
        "1_000",
        "2026-03-31",
        "0x1F",
        "1:30",
        "中文",
        "yes",
        "no",
        "~",
        "",
        "null",
        "=",
        "<<",
    ]
)


def read(text: str) -> yamlread.Located:
    return yamlread.read_yaml(f"key: {text}\nlist: [{text}]\n", "f.yaml")


@settings(max_examples=400, deadline=None)
@given(SCALARS)
def test_shortcuts_match_the_resolver(text: str) -> None:
    fast = read(text)
    original = yamlread._FAST
    try:
        yamlread._FAST = False
        slow = read(text)
    finally:
        yamlread._FAST = original
    assert (fast.data, fast.problems, fast.values, fast.keys) == (slow.data, slow.problems, slow.values, slow.keys)
    assert [type(v) for v in (fast.data or {}).values()] == [type(v) for v in (slow.data or {}).values()]


@pytest.mark.parametrize(("text", "value"), [("40", 40), ("0", 0), ("2026-03-31", "date"), ("完成", "完成")])
def test_common_scalars(text: str, value: object) -> None:
    data = read(text).data
    assert data is not None
    if value == "date":
        assert data["key"].isoformat() == text
    else:
        assert data["key"] == value
        assert type(data["key"]) is type(value)


def test_the_loader_locates_every_task_key() -> None:
    from pmtasks.plan.build import TASK_KEYS
    from pmtasks.plan.schema import FIELDS

    assert FIELDS["task"] == TASK_KEYS


def test_the_cache_knows_which_parser_reads_yaml() -> None:
    import yaml

    from pmtasks.plan.cache import _yaml_parser

    assert _yaml_parser() == ("libyaml" if hasattr(yaml, "CSafeLoader") else "pyyaml")


@pytest.mark.parametrize("text", ["0x_", "-0x_", "0b_"])
def test_a_number_yaml_cannot_make_is_a_located_problem(text: str) -> None:
    """PyYAML resolves these as integers and then fails to make them: a problem, never a crash."""
    found = read(text)
    assert [(p.line, p.col) for p in found.problems] == [(1, 6), (2, 8)]
    assert found.problems[0].message == f"`{text}` looks like a number to YAML 1.1 but is not one"
    assert found.problems[0].hint == f'quote it: "{text}", or write the number without leading zeros'
