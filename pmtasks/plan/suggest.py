""" "Did you mean …?" for unknown task IDs, in time that does not grow with the plan.

A plan with thousands of unknown ``depends`` would otherwise compare each of them with every ID
(n² work). Here only the first few unknown IDs get a search, and each search looks at the IDs
nearest in sorted order, where a typo that keeps the start of an ID lands.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from pmtasks.i18n import _

SEARCHES = 20  # unknown IDs in one plan that get a "did you mean"
WINDOW = 250  # IDs on each side of where the unknown one would sort


class Suggestions:
    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = sorted(ids, key=str.casefold)
        self.keys = [i.casefold() for i in self.ids]
        self.left = SEARCHES

    def hint(self, unknown: str, own: str) -> str:
        """``did you mean IM-2?`` or, past the searches or without a match, where to look."""
        close: list[str] = []
        if self.left > 0:
            self.left -= 1
            at = bisect.bisect(self.keys, unknown.casefold())
            import difflib  # only when an ID is unknown

            near = [i for i in self.ids[max(0, at - WINDOW) : at + WINDOW] if i != own]
            close = difflib.get_close_matches(unknown, near, n=3)
        if close:
            return _("did you mean {ids}?").format(ids=", ".join(close))
        return _("`pmtasks list` shows every task ID")
