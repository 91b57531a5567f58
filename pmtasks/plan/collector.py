"""The garbage collector held off while a plan is built: its many long-lived objects are no garbage.

Building thousands of tasks (loading a plan, reading the tasks of a cached block, reading a
history of revisions) makes hundreds of thousands of container objects, which would trigger
repeated full collections that find nothing to free. They are built with the collector paused,
then frozen (moved out of its generations), so that no later collection walks them either.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def building() -> Iterator[None]:
    """Pause the collector for the block, and freeze what exists when it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
