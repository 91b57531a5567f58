"""A block's tasks as the cache stores them read back the same, all together or a few alone.

The stored form (:mod:`pmtasks.plan.packed`) lets a search or ``show`` read only the tasks it
needs. Everything read from it is compared with the tasks it was made from, and everything it
answers without reading them (IDs, dependencies, searches, the checks across the plan) with what
the tasks themselves answer.
"""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import EXAMPLES, PLANS
from fuzz import fuzz
from hypothesis import given
from hypothesis import strategies as st
from test_fast_paths import PERIODS, TEXT, tasks

from pmtasks.plan.build import FileResult
from pmtasks.plan.cache import FileCache
from pmtasks.plan.integrity import cross_checks
from pmtasks.plan.load import load_plan
from pmtasks.plan.model import Line, Loc, LogEntry, PeriodBlock, Status, Task
from pmtasks.plan.packed import Packed, pack


@st.composite
def task_lists(draw: st.DrawFn) -> list[Task]:
    count = draw(st.integers(0, 14))
    return [draw(tasks("市场", n)) for n in range(count)]


def stored(block: PeriodBlock) -> PeriodBlock:
    """``block`` as a cached file's result gives it back: pickled and read again."""
    copy = pickle.loads(pickle.dumps(block, protocol=pickle.HIGHEST_PROTOCOL))
    assert isinstance(copy, PeriodBlock)
    return copy


def unread(block: PeriodBlock) -> bool:
    return "tasks" not in vars(block)


@fuzz(200)
@given(task_lists(), st.data())
def test_tasks_read_back_together_and_alone(found: list[Task], data: st.DataObject) -> None:
    packed = pack(found)
    assert packed.tasks() == tuple(found)
    assert packed.ids == tuple(t.id for t in found)
    assert packed.links == tuple((t.id, t.depends) for t in found if t.depends)
    indexes = data.draw(st.lists(st.integers(0, len(found) - 1), max_size=8) if found else st.just([]))
    assert packed.some(indexes) == [found[i] for i in indexes]
    # Each read alone, last first: no task's pickle refers to what another's stores.
    for index in reversed(range(len(found))):
        assert packed.some([index]) == [found[index]]


@fuzz(200)
@given(task_lists(), st.lists(TEXT, min_size=1, max_size=3))
def test_search_finds_what_matches_finds(found: list[Task], needles: list[str]) -> None:
    packed = pack(found)
    for needle in (n.casefold() for n in needles):
        if "\0" in needle:
            continue  # the block searches its tasks then (see the next test)
        assert packed.matching(needle) == [i for i, t in enumerate(found) if t.matches(needle)]


@fuzz(100)
@given(task_lists(), TEXT)
def test_a_stored_block_answers_without_reading_its_tasks(found: list[Task], needle: str) -> None:
    block = PeriodBlock(PERIODS[0], "目标", Loc("f.yaml", 1, 1), tasks=tuple(found))
    copy = stored(block)
    assert unread(copy)
    assert copy.ids == block.ids
    assert copy.links == block.links
    folded = needle.casefold()
    assert copy.matching(folded) == [t for t in found if t.matches(folded)]
    for task in found[:3]:
        assert copy.find(task.id.casefold()) == task
    assert copy.find("no-such-task") is None
    assert unread(copy) is ("\0" not in folded)  # with NUL the search reads the tasks
    assert copy == block  # reads them
    assert not unread(copy)
    assert copy.tasks == block.tasks
    assert stored(copy) == block  # read or not, it stores the same


# Objects that tasks share by identity, as tasks built by hand or edited may: each is stored once,
# in the table, and a task that uses it must still read back alone.
SHARED_DAYS = [PERIODS[0].start + timedelta(days=n) for n in range(3)]
SHARED = st.sampled_from(
    [Decimal("1"), Decimal("10"), Decimal("-0"), Decimal("1.50"), "", "1", "市场", "\ud800", (), ("a",), *SHARED_DAYS]
)


@st.composite
def sharing_tasks(draw: st.DrawFn) -> list[Task]:
    entries = draw(
        st.lists(st.builds(LogEntry, date=st.sampled_from(SHARED_DAYS), note=st.none() | SHARED.filter(_is_str)))
    )
    found = []
    for n in range(draw(st.integers(1, 6))):
        task = draw(tasks("市场", n))
        pick = draw(st.lists(SHARED, min_size=6, max_size=6))
        found.append(
            replace(
                task,
                title=pick[0] if isinstance(pick[0], str) else task.title,
                budget=pick[1] if isinstance(pick[1], Decimal) else None,
                spent=pick[2] if isinstance(pick[2], Decimal) else None,
                tags=pick[3] if isinstance(pick[3], tuple) else task.tags,
                start=pick[4] if isinstance(pick[4], date) else task.start,
                log=tuple(entries[: draw(st.integers(0, len(entries)))]),
            )
        )
    return [*found, *draw(st.lists(st.sampled_from(found), max_size=2))]  # the very same task again


def _is_str(value: object) -> bool:
    return isinstance(value, str)


@fuzz(200)
@given(sharing_tasks())
def test_tasks_that_share_objects_read_back_alone(found: list[Task]) -> None:
    packed = pack(found)
    assert packed.tasks() == tuple(found)
    for index in reversed(range(len(found))):
        assert packed.some([index]) == [found[index]]


IDS = st.sampled_from(["A-1", "a-1", "A-2", "B-1", "B-2", "C-1", "D-ß", "d-SS"])


@st.composite
def linked_lines(draw: st.DrawFn) -> list[Line]:
    """Lines whose tasks often share an ID, depend on unknown tasks or on each other in a cycle."""
    lines = []
    for index in range(draw(st.integers(1, 3))):
        blocks = []
        for _ in range(draw(st.integers(1, 2))):
            rows = []
            for n in range(draw(st.integers(0, 4))):
                task = draw(tasks("市场", n))
                depends = tuple(draw(st.lists(IDS | st.just("Z-9"), max_size=2)))
                rows.append(replace(task, id=draw(IDS), depends=depends, loc=Loc(f"{index}.yaml", 10 * n + 1, 3)))
            blocks.append(PeriodBlock(PERIODS[0], "", Loc(f"{index}.yaml", 1, 1), tasks=tuple(rows)))
        lines.append(Line(f"线{index}", f"L{index}", f"{index}.yaml", tuple(blocks), Loc(f"{index}.yaml", 1, 1)))
    return lines


@fuzz(300)
@given(linked_lines())
def test_checks_across_the_plan_are_the_same_on_stored_blocks(lines: list[Line]) -> None:
    copies = [replace(line, periods=tuple(stored(b) for b in line.periods)) for line in lines]
    assert cross_checks(copies) == cross_checks(lines)


@fuzz(300)
@given(linked_lines())
def test_a_plan_is_told_sound_exactly_when_it_has_no_problem(lines: list[Line]) -> None:
    """Whether the checks across the plan find nothing, against the rules worked out here by brute force."""
    tasks = [t for line in lines for t in line.tasks]
    ids = [t.id.casefold() for t in tasks]
    edges = {t.id.casefold(): {d.casefold() for d in t.depends} for t in tasks}
    reach = {key: set(deps) for key, deps in edges.items()}
    for _ in ids:  # the transitive closure, one step a round: as many rounds as there are tasks
        reach = {key: found.union(*(reach.get(k, set()) for k in found)) for key, found in reach.items()}
    sound = (
        len(set(ids)) == len(ids)
        and all(d in edges for deps in edges.values() for d in deps)
        and not any(key in found for key, found in reach.items())
    )
    for plan_lines in (lines, [replace(line, periods=tuple(stored(b) for b in line.periods)) for line in lines]):
        assert (cross_checks(plan_lines) == []) is sound


def test_a_sound_plan_is_checked_without_reading_its_tasks() -> None:
    blocks = [
        PeriodBlock(PERIODS[0], "", Loc("f.yaml", 1, 1), tasks=(task("A-1"), task("A-2", "a-1"))),
        PeriodBlock(PERIODS[1], "", Loc("f.yaml", 9, 1), tasks=(task("B-1", "A-2", "a-1"),)),
    ]
    copies = [stored(b) for b in blocks]
    assert cross_checks([Line("线", "L", "f.yaml", tuple(copies), Loc("f.yaml", 1, 1))]) == []
    assert all(unread(b) for b in copies)


def task(task_id: str, *depends: str) -> Task:
    period = PERIODS[0]
    return Task(
        task_id, "标题", Status.TODO, 0, period.start, period.end, "线", period, Loc("f.yaml", 1, 1), depends=depends
    )


def test_every_task_of_real_plans_reads_back_alone(tmp_path: Path) -> None:
    """The department's plan and the examples, read from a cache: every task alone equals it among all."""
    for plans in (PLANS, EXAMPLES / "timeline" / "plans"):
        built = load_plan(plans)
        cache = FileCache(tmp_path / "cache", "stamp")
        for line in built.lines:
            result = FileResult(line=line)
            cache.put(line.path, result)
            again = cache.get(line.path)
            assert isinstance(again, FileResult)
            assert again.line is not None
            for block, copy in zip(line.periods, again.line.periods, strict=True):
                stored_tasks = vars(copy)["_packed"]
                assert isinstance(stored_tasks, Packed)
                assert [stored_tasks.some([i])[0] for i in range(len(block.tasks))] == list(block.tasks)


def test_show_reads_only_the_task_it_shows(cached: Path) -> None:
    """Finding a task and its block (what ``show`` does) reads no block's tasks from the cache."""
    from pmtasks.render.task_plain import task_lines

    load_plan(PLANS)  # fills the cache
    plan = load_plan(PLANS)
    task = plan.find("im-7")
    assert task is not None
    block = plan.block_of(task)
    assert task.id in block.ids
    assert all(unread(b) for line in plan.lines for b in line.periods)
    assert task_lines(plan, task, date(2026, 6, 30), 100) is not None
    assert all(unread(b) for line in plan.lines for b in line.periods if b is not block)


def test_a_failed_read_keeps_the_stored_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    block = stored(PeriodBlock(PERIODS[0], "目标", Loc("f.yaml", 1, 1), tasks=(task("A-1"), task("A-2"))))

    def broken(self: Packed) -> tuple[Task, ...]:
        raise MemoryError

    with monkeypatch.context() as patch:
        patch.setattr(Packed, "tasks", broken)
        with pytest.raises(MemoryError):
            _ = block.tasks
    assert unread(block)
    assert [t.id for t in block.tasks] == ["A-1", "A-2"]  # read on the next try


def test_a_timeline_search_reads_only_the_tasks_it_finds(cached: Path) -> None:
    from pmtasks.query import TaskFilter
    from pmtasks.timeline import By, rows

    load_plan(PLANS)  # fills the cache
    plan = load_plan(PLANS)
    found = TaskFilter(search="调研").select(plan, date(2026, 6, 30))
    drawn = [r.item.ident for r in rows(plan, found, By.TASK, date(2026, 6, 30)) if r.item]
    assert drawn == [t.id for t in found]
    assert drawn
    assert all(unread(b) for line in plan.lines for b in line.periods)
