"""Timeline layout: what goes in each row, which column each date falls in, how each bar is filled.

Pure functions over dates and integers; the Rich renderer and the Mermaid writer only draw what
this module decides, so the geometry is tested here, apart from any terminal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pmtasks.errors import UsageError
from pmtasks.plan.model import Plan, Status, Task
from pmtasks.query import overdue, percent_complete
from pmtasks.text import cell_width

MIN_GRID_WIDTH = 60  # below this many columns the chart becomes a plain list
MIN_LABEL_WIDTH = 20


class Scale(StrEnum):
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"


class By(StrEnum):
    TASK = "task"
    PERIOD = "period"
    LINE = "line"


class State(StrEnum):
    """What a bar's colour says. Overdue wins over everything that is still open."""

    DONE = "done"
    DOING = "doing"
    TODO = "todo"
    BLOCKED = "blocked"
    OVERDUE = "overdue"
    DROPPED = "dropped"


def state_of(task: Task, as_of: date) -> State:
    if task.status is Status.DONE:
        return State.DONE
    if task.status is Status.DROPPED:
        return State.DROPPED
    if overdue(task, as_of):
        return State.OVERDUE
    return {Status.BLOCKED: State.BLOCKED, Status.DOING: State.DOING}.get(task.status, State.TODO)


def rollup_state(tasks: Sequence[Task], as_of: date) -> State:
    """The state of a group: done when all is closed, else the most pressing state inside it."""
    states = {state_of(t, as_of) for t in tasks}
    if states <= {State.DROPPED}:
        return State.DROPPED
    if states <= {State.DONE, State.DROPPED}:
        return State.DONE
    for state in (State.OVERDUE, State.BLOCKED):
        if state in states:
            return state
    started = State.DOING in states or State.DONE in states or any(t.progress for t in tasks)
    return State.DOING if started else State.TODO


@dataclass(frozen=True)
class Item:
    """One bar: a task, or a period or business line rolled up."""

    ident: str
    title: str
    start: date
    due: date
    progress: int
    state: State
    line: str
    blocked: bool = False  # the task, or a task in the group, is blocked: shown beside overdue too


def shown_states(item: Item) -> tuple[State, ...]:
    """The states a bar's marks tell: its own, and blocked beside overdue when it is both."""
    if item.state is State.OVERDUE and item.blocked:
        return (State.OVERDUE, State.BLOCKED)
    return (item.state,)


@dataclass(frozen=True)
class Row:
    """A heading (``item`` is None; level 0 a business line, 1 a track or period) or a bar."""

    level: int
    text: str
    item: Item | None = None


def _blocked(tasks: Iterable[Task]) -> bool:
    return any(t.status is Status.BLOCKED for t in tasks)


def task_item(task: Task, as_of: date) -> Item:
    state = state_of(task, as_of)
    return Item(task.id, task.title, task.start, task.due, task.progress, state, task.line, _blocked([task]))


def group_item(
    ident: str, title: str, line: str, tasks: Sequence[Task], as_of: date, span: tuple[date, date] | None = None
) -> Item:
    start = min(t.start for t in tasks) if span is None else min(span[0], *(t.start for t in tasks))
    due = max(t.due for t in tasks) if span is None else max(span[1], *(t.due for t in tasks))
    state = rollup_state(tasks, as_of)
    return Item(ident, title, start, due, percent_complete(tasks), state, line, _blocked(tasks))


def rows(plan: Plan, tasks: Iterable[Task], by: By, as_of: date) -> list[Row]:
    """The chart's rows, in plan order, for the chosen tasks only."""
    chosen = {t.id: t for t in tasks}  # by ID, unique in a loaded plan: no block's other tasks are read
    out: list[Row] = []
    for line in plan.lines:
        blocks = [(b, [chosen[i] for i in b.ids if i in chosen]) for b in line.periods]
        blocks = [(b, ts) for b, ts in blocks if ts]
        if not blocks:
            continue
        if by is By.LINE:
            mine = [t for _, ts in blocks for t in ts]
            out.append(Row(0, line.name, group_item(line.code, line.name, line.name, mine, as_of)))
            continue
        out.append(Row(0, f"{line.name} ({line.code})"))
        for block, mine in blocks:
            label = f"{block.period.label} {block.track}" if block.track else block.period.label
            if by is By.PERIOD:
                title = f"{block.track}：{block.goal}" if block.track else block.goal
                span = (block.period.start, block.period.end)
                out.append(Row(1, label, group_item(block.period.label, title, line.name, mine, as_of, span)))
                continue
            out.append(Row(1, label))
            out.extend(Row(2, t.title, task_item(t, as_of)) for t in mine)
    return out


# --- the time axis -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One step of the axis (a week, month or quarter), cut to the window."""

    start: date
    end: date
    label: str
    short: str
    major: bool = True  # weeks: only the first week of a month gets a label when space is short
    new_year: bool = False  # the first unit of a year after the window's first year: labelled first
    cut: bool = False  # the window's edge cuts it: it may go unlabelled when its label does not fit

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _unit_start(day: date, scale: Scale) -> date:
    if scale is Scale.WEEK:
        return day - timedelta(days=day.weekday())
    if scale is Scale.MONTH:
        return day.replace(day=1)
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _next_start(start: date, scale: Scale) -> date:
    if scale is Scale.WEEK:
        return start + timedelta(days=7)
    return add_months(start, 1 if scale is Scale.MONTH else 3)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, kept within the month it lands in (January 31st
    plus one month is the last day of February), as dateutil's ``relativedelta(months=…)`` does."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, month_days(year, month + 1)))


def month_days(year: int, month: int) -> int:
    """How many days ``month`` of ``year`` has."""
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - timedelta(days=1)).day


def _labels(start: date, scale: Scale) -> tuple[str, str, bool]:
    if scale is Scale.WEEK:
        text = f"{start.month}/{start.day}"
        return text, text, start.day <= 7
    if scale is Scale.MONTH:
        return f"{start.month}月", str(start.month), True
    text = f"Q{(start.month - 1) // 3 + 1}"
    return text, text, True


def units(start: date, end: date, scale: Scale) -> list[Unit]:
    """The calendar weeks (Monday first), months or quarters that cover ``start``..``end``, cut to it.

    A unit that begins a year after the window's first year is labelled with the year."""
    out = []
    step = _unit_start(start, scale)
    while step <= end:
        nxt = _next_start(step, scale)
        label, short, major = _labels(step, scale)
        new_year = step.year > start.year and major and step.month == 1 and step.day <= 7
        if new_year:
            label, short = f"{step.year} {label}", str(step.year)
        cut = step < start or nxt - timedelta(days=1) > end
        out.append(Unit(max(step, start), min(nxt - timedelta(days=1), end), label, short, major, new_year, cut))
        step = nxt
    return out


def default_window(
    items: Sequence[Item], year: int, start: date | None = None, end: date | None = None
) -> tuple[date, date]:
    """The plan's year, widened to hold every bar; ``start``/``end`` win when given."""
    first = start if start is not None else min([date(year, 1, 1), *(i.start for i in items)])
    last = end if end is not None else max([date(year, 12, 31), *(i.due for i in items)])
    if last < first:
        raise UsageError(f"the window ends ({last}) before it starts ({first})", "window")
    return first, last


@dataclass(frozen=True)
class Axis:
    """Units laid over ``width`` columns: unit j takes columns edges[j] to edges[j+1]-1."""

    units: tuple[Unit, ...]
    edges: tuple[int, ...]

    @property
    def start(self) -> date:
        return self.units[0].start

    @property
    def end(self) -> date:
        return self.units[-1].end

    @property
    def width(self) -> int:
        return self.edges[-1]

    def column(self, day: date) -> int | None:
        """The column ``day`` falls in, or None outside the window."""
        if not self.start <= day <= self.end:
            return None
        for j, unit in enumerate(self.units):
            if day <= unit.end:
                span = self.edges[j + 1] - self.edges[j]
                col = self.edges[j] + (day - unit.start).days * span // unit.days
                return min(col, self.width - 1)
        raise AssertionError("unreachable: day is inside the window")

    def last_column(self, day: date) -> int | None:
        """The last column ``day`` covers (a day can span several columns), or None outside."""
        first = self.column(day)
        if first is None or day >= self.end:
            return None if first is None else self.width - 1
        following = self.column(day + timedelta(days=1))
        return max(first, (following if following is not None else self.width) - 1)


def make_axis(start: date, end: date, scale: Scale, width: int) -> Axis:
    """Spread the units over ``width`` columns: whole units alike, a unit cut by the window edge
    in proportion to the share of it that is left (a 1-day week gets a seventh of a week)."""
    found = tuple(units(start, end, scale))
    weights = [
        u.days / ((_next_start(_unit_start(u.start, scale), scale) - _unit_start(u.start, scale)).days) for u in found
    ]
    total = sum(weights)
    edges, done = [0], 0.0
    for weight in weights:
        done += weight
        edges.append(round(done * width / total))
    return Axis(found, tuple(edges))


def split_width(total: int, n_units: int) -> tuple[int, int]:
    """(label columns, grid columns) for a chart ``total`` columns wide; two go to the borders.

    With room for four or more columns per unit the grid gets a whole number per unit, so months
    look alike; with less, it takes all the room (units then differ by one column); with more
    units than columns, it gets one per unit if the labels can spare it.
    """
    target = min(56, max(24, round(total * 0.35)))
    room = total - 2 - target
    if room >= 4 * n_units:
        grid = room // n_units * n_units
    elif room >= n_units:
        grid = room
    elif total - 2 - n_units >= MIN_LABEL_WIDTH:
        grid = n_units
    else:
        grid = max(1, total - 2 - MIN_LABEL_WIDTH)
    return total - 2 - grid, grid


def axis_labels(axis: Axis) -> list[tuple[int, str]]:
    """(column, text) for the axis: every long label if all fit, else every short one, else the
    short labels of the years, then of the other major units, wherever each keeps a gap to the next.
    A unit cut by the window's edge (a week when the window starts mid-week) too narrow for its
    label goes unlabelled rather than costing every other unit its label."""
    spans = [axis.edges[j + 1] - axis.edges[j] for j in range(len(axis.units))]
    for attr in ("label", "short"):
        texts = [getattr(u, attr) for u in axis.units]
        fits = [cell_width(t) < s for t, s in zip(texts, spans, strict=True)]
        if all(f or u.cut for f, u in zip(fits, axis.units, strict=True)) and any(fits):
            return [(col, t) for col, t, f in zip(axis.edges, texts, fits, strict=False) if f]
    placed: list[tuple[int, int, str]] = []
    for wanted in (True, False):
        for col, unit in zip(axis.edges, axis.units, strict=False):
            end = col + cell_width(unit.short)
            free = all(end < a or col > b for a, b, _ in placed)
            if unit.major and unit.new_year is wanted and end <= axis.width and free:
                placed.append((col, end, unit.short))
    return sorted((col, text) for col, _, text in placed)


# --- bars --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """The visible part of a bar: columns ``first``..``last`` (None when it is all outside),
    ``filled`` of them from the left filled with progress; ``before``/``after`` say it goes on
    past the window's left or right edge."""

    first: int | None
    last: int | None
    filled: int
    before: bool
    after: bool


def fill_until(item: Item) -> date | None:
    """The last day the progress made covers, or None when nothing is done yet."""
    if item.state is State.DONE or item.progress >= 100:
        return item.due
    if item.progress <= 0:
        return None
    days = (item.due - item.start).days + 1
    return item.start + timedelta(days=math.ceil(days * item.progress / 100) - 1)


def place(item: Item, axis: Axis) -> Bar:
    before, after = item.start < axis.start, item.due > axis.end
    if item.due < axis.start or item.start > axis.end:
        return Bar(None, None, 0, before, after)
    first = axis.column(max(item.start, axis.start))
    last = axis.last_column(min(item.due, axis.end))
    assert first is not None
    assert last is not None
    return Bar(first, last, _filled(item, axis, first, last, after), before, after)


def _filled(item: Item, axis: Axis, first: int, last: int, after: bool) -> int:
    until = fill_until(item)
    if until is None or until < axis.start:
        return 0
    complete = item.state is State.DONE or item.progress >= 100
    end = last if until > axis.end else axis.last_column(until)
    assert end is not None
    filled = min(end, last) - first + 1
    if not complete and not after and filled >= last - first + 1:
        filled = last - first  # an unfinished bar inside the window always shows some of it still open
    return filled


EMPTY, MARK, FILL, OPEN = " ", "|", "#", "-"


def cells(bar: Bar, width: int, mark: int | None) -> str:
    """The row's grid as codes: EMPTY, MARK (the as-of column), FILL (progress), OPEN (still to do).

    The as-of marker shows only where no bar covers it, so it never hides progress."""
    row = [EMPTY] * width
    if mark is not None:
        row[mark] = MARK
    if bar.first is not None and bar.last is not None:
        for col in range(bar.first, bar.last + 1):
            row[col] = FILL if col - bar.first < bar.filled else OPEN
    return "".join(row)
