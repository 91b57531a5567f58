"""Property: any bytes, and any mutation of the real plan, load to a plan or to located problems.

Never another exception. Inputs are bounded in size, and the loader's limits keep the work per
input in proportion to it (the hostile inputs in test_hostile_loader.py check the limits).
"""

from __future__ import annotations

from conftest import PLANS
from fuzz import fuzz
from hypothesis import given
from hypothesis import strategies as st

from pmtasks.errors import PlanInvalid
from pmtasks.plan.load import load_files

REAL = {f"plans/2026/{p.name}": p.read_bytes() for p in sorted((PLANS / "2026").iterdir())}
LINE_FILES = sorted(name for name in REAL if not name.endswith("/plan.yaml"))
# Pieces that YAML, the schema and the checks give meaning to, so mutations reach past the parser.
TOKENS = [
    b": ",
    b"- ",
    b"\n",
    b"\r\n",
    b"\t",
    b"  ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"#",
    b"&a ",
    b"*a",
    b"!!str ",
    b"<<: ",
    b"'",
    b'"',
    b"|\n",
    b">-\n",
    b"---\n",
    b"...\n",
    b"~",
    b"null",
    b"yes",
    b"0x1f",
    b"1e3",
    b"010",
    b"2026-02-30",
    b"Q5",
    b"13\xe6\x9c\x88",
    b"id: IM-1",
    b"depends: [IM-2]",
    b"status: done",
    b"progress: 101",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xe2\x80\xae",
    b"\x00",
    b"::error::x",
    b"[" * 70,
    b"9" * 30,
]


def check(files: dict[str, bytes]) -> None:
    lines = {name: data.count(b"\n") + data.count(b"\r") + 2 for name, data in files.items()}
    try:
        load_files(files, "plans/2026")
    except PlanInvalid as exc:
        found = exc.problems
    else:
        return  # a plan: fine
    assert found
    for problem in found:
        assert problem.message
        assert problem.path in files or problem.path == "plans/2026" or problem.path.endswith("plan.yaml")
        assert 1 <= problem.line <= lines.get(problem.path, 1), problem
        assert problem.col >= 1, problem


@fuzz(200)
@given(st.binary(max_size=3000))
def test_any_bytes_as_a_line_file(data: bytes) -> None:
    check({"plans/2026/plan.yaml": REAL["plans/2026/plan.yaml"], "plans/2026/01-x.yaml": data})


@fuzz(100)
@given(st.binary(max_size=600))
def test_any_bytes_as_plan_yaml(data: bytes) -> None:
    check({"plans/2026/plan.yaml": data, LINE_FILES[0]: REAL[LINE_FILES[0]]})


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, bytes]:
    files = dict(REAL)
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(sorted(files)))
        data = files[name]
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["delete", "insert", "token", "copy", "flip"]))
        if kind == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif kind == "token":
            data = data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
        elif kind == "copy":
            start = draw(st.integers(0, len(data)))
            data = data[:at] + data[start : start + draw(st.integers(1, 200))] + data[at:]
        elif data:
            index = min(at, len(data) - 1)
            data = data[:index] + bytes([draw(st.integers(0, 255))]) + data[index + 1 :]
        files[name] = data
    return files


@fuzz(150)
@given(mutated())
def test_mutations_of_the_real_plan(files: dict[str, bytes]) -> None:
    check(files)
