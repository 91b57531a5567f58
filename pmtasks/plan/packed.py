"""A period block's tasks as the cache stores them: readable all at once, or a few on their own.

Most commands read every task, but a search (``list --search``) or one task (``show``) needs a
few, and reading all of a 10,000-task plan's tasks back from the cache (unpickling them) would be
a quarter of such a command's time. So a block's tasks are stored as one stream of pickles:
first a table of every object that two or more tasks share (their period, the file's path,
owners, dates, the names of their fields), then each task on its own, referring to the table for
what it shares. Knowing where each task's pickle starts, any of them can be read by streaming
the table and theirs. Beside the stream are what the checks across the plan need without the
tasks (each task's ID, and the dependencies of those that have some) and each task's search text.

The stream is pickle protocol 3, which puts each object in the unpickler's memo at an index
written in the stream. A task read without the ones before it so finds its own objects where it
refers to them; protocol 4 and later number them by how many came before.
"""

from __future__ import annotations

import bisect
import io
import pickle
from array import array
from collections.abc import Sequence
from itertools import accumulate, compress

from pmtasks.plan.collector import building
from pmtasks.plan.model import SEARCH_SEPARATOR, Kpi, Loc, PeriodBlock, Task
from pmtasks.plan.periods import Period

PROTOCOL = 3
_SEPARATOR = SEARCH_SEPARATOR.encode()


class Packed:
    """The stored tasks of one block; see the module's description."""

    __slots__ = ("ids", "links", "offsets", "starts", "stream", "text")

    def __init__(
        self,
        stream: bytes,
        offsets: array[int],
        ids: tuple[str, ...],
        links: tuple[tuple[str, tuple[str, ...]], ...],
        text: bytes,
        starts: array[int],
    ) -> None:
        self.stream = stream  # the table's pickle, then each task's
        self.offsets = offsets  # where the table ends and each task's pickle ends: one more than the tasks
        self.ids = ids
        self.links = links  # (ID, dependencies) of each task that has dependencies
        self.text = text  # each task's search text as UTF-8, each followed by NUL
        self.starts = starts  # where each task's text starts, and the end: one more than the tasks

    def __reduce__(self) -> tuple[object, ...]:
        return Packed, (self.stream, self.offsets, self.ids, self.links, self.text, self.starts)

    def tasks(self) -> tuple[Task, ...]:
        """All the tasks, in order."""
        return tuple(_read(self.stream, len(self.ids)))

    def some(self, indexes: Sequence[int]) -> list[Task]:
        """The tasks at these indexes, in the order given."""
        if not indexes:
            return []
        view, ends = memoryview(self.stream), self.offsets  # joined without copying each piece first
        return _read(b"".join([view[: ends[0]], *(view[ends[i] : ends[i + 1]] for i in indexes)]), len(indexes))

    def matching(self, needle: str) -> list[int]:
        """The indexes of the tasks whose search text holds ``needle`` (case-folded, without NUL), in order.

        UTF-8 is self-synchronising, so the bytes of ``needle`` are found in the text's bytes exactly
        where the characters are; lone surrogates are encoded alike on both sides.
        """
        key = needle.encode("utf-8", "surrogatepass")
        if not key:
            return list(range(len(self.ids)))  # in every text, as "" is in every string
        text, starts = self.text, self.starts
        found: list[int] = []
        at = text.find(key)
        while at >= 0:
            index = bisect.bisect_right(starts, at) - 1
            found.append(index)
            at = text.find(key, starts[index + 1])  # on to the next task: each is found once
        return found


def stored_block(block: PeriodBlock) -> tuple[object, ...]:
    """How ``block`` pickles: its own fields, and its tasks packed (kept packed if it never read them)."""
    stored = block.__dict__.get("_packed")
    packed = stored if isinstance(stored, Packed) else pack(block.tasks)
    return unpacked_block, (block.period, block.goal, block.loc, block.track, block.resources, block.kpis, packed)


def unpacked_block(
    period: Period,
    goal: str,
    loc: Loc,
    track: str | None,
    resources: tuple[str, ...],
    kpis: tuple[Kpi, ...],
    packed: Packed,
) -> PeriodBlock:
    """A block read back from its pickle, whose tasks are read when first needed."""
    block = object.__new__(PeriodBlock)
    block.__dict__.update(
        period=period, goal=goal, loc=loc, track=track, resources=resources, kpis=kpis, _packed=packed
    )
    return block


def pack(tasks: Sequence[Task]) -> Packed:
    """``tasks`` stored so that any of them can be read back alone."""
    sink = io.BytesIO()
    writer = pickle.Pickler(sink, protocol=PROTOCOL)
    writer.dump(_shared(tasks))
    ends = array("q", [sink.tell()])
    for task in tasks:
        writer.dump(task)
        ends.append(sink.tell())
    texts = [t.search_text.encode("utf-8", "surrogatepass") for t in tasks]
    return Packed(
        sink.getvalue(),
        ends,
        tuple(t.id for t in tasks),
        tuple((t.id, t.depends) for t in tasks if t.depends),
        b"".join(t + _SEPARATOR for t in texts),
        array("q", accumulate((len(t) + 1 for t in texts), initial=0)),
    )


def _read(stream: bytes, count: int) -> list[Task]:
    """The ``count`` tasks after the table in ``stream``."""
    reader = pickle.Unpickler(io.BufferedReader(io.BytesIO(stream)))  # buffered: the unpickler reads ahead
    with building():  # part of loading the plan, only later
        reader.load()  # the table: its objects are now in the memo, where the tasks refer to them
        return [reader.load() for _ in range(count)]


class _Nowhere:
    def write(self, data: bytes) -> int:
        return len(data)


def _shared(tasks: Sequence[Task]) -> list[object]:
    """Every object that the pickles of two or more of ``tasks`` would refer to, in the order first met.

    The tasks are pickled to nowhere, in order, by one pickler as the stream's is, noting each
    object it is asked to store: ``persistent_id`` sees every one, even one already stored. An
    object noted for two tasks is one the second would refer back to. Everything noted is kept
    until the end, so nothing dies and lends its ``id`` to another object; objects that pickling
    makes afresh for each task (a reduced state) are so never taken for shared. A shared object
    met only inside another shared object is stored within that one in the table, so no task's
    pickle refers into another's.
    """
    census = pickle.Pickler(_Nowhere(), protocol=PROTOCOL)
    first: dict[int, object] = {}  # every object met, by id, in the order first met
    shared: set[int] = set()
    for task in tasks:
        met: list[object] = []
        census.persistent_id = met.append  # type: ignore[method-assign]  # returns None: stored as usual
        census.dump(task)
        ids = set(map(id, met))
        shared |= ids & first.keys()
        first.update(zip(map(id, met), met, strict=True))
    return list(compress(first.values(), map(shared.__contains__, first)))
