"""What every use case runs against: the plans folder (given or found once), the as-of date, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from pmtasks import i18n
from pmtasks.errors import PlanInvalid
from pmtasks.plan import load
from pmtasks.plan.model import DEFAULT_TIMEZONE, Plan

_KEPT: list[Plan] = []  # the plan the last Request.load returned (see there)

_T = TypeVar("_T")
Today = Callable[[str], date]
"""The clock: today's date in the named IANA timezone."""


@dataclass(frozen=True)
class Request:
    """The plans folder the user named (None: find it from ``cwd``), the as-of date they gave, the clock."""

    plans: Path | None
    as_of: date | None
    cwd: Path
    today: Today
    language_given: bool = True  # False: plan.yaml's ``lang:`` may choose the language once it is read

    def plans_folder(self) -> Path:
        """The plans folder: the one given, else the nearest ``plans/`` from ``cwd`` up to the git root."""
        return self.plans if self.plans is not None else load.find_plans(self.cwd)

    def year_folder(self) -> Path:
        """The year folder that holds plan.yaml."""
        return load.plan_dir(self.plans_folder())

    @property
    def year_hint(self) -> int:
        """The year to read periods in when plan.yaml itself cannot say."""
        return (self.as_of or self.today(DEFAULT_TIMEZONE)).year

    def load(self) -> Plan:
        """The plan, kept referenced until the next load.

        A command ends (without tearing the process down) as soon as it has printed, instead of
        first freeing tens of thousands of objects one by one, which costs a 10k-task plan about a
        tenth of a read command.
        """
        _KEPT.clear()  # the previous plan is freed before the next is built, not alongside it
        plan = self.worded(lambda: load.load_plan(self.plans_folder(), year_hint=self.year_hint))
        _KEPT.append(plan)
        return self.adopt(plan)

    def worded(self, read: Callable[[], _T]) -> _T:
        """``read()``, the load of a plan; when the plan does not load and the user chose no language,
        its problems are worded in the language plan.yaml's ``lang:`` asks for (the load runs again)."""
        try:
            return read()
        except PlanInvalid:
            lang = None if self.language_given else load.plan_language(self.plans_folder())
            if lang is None or lang == i18n.language():
                raise
        i18n.use(lang)
        return read()

    def speak_plan_language(self) -> None:
        """Speak plan.yaml's ``lang:`` (unless the user chose a language) before the plan is loaded:
        for the writes, which may refuse (a read-only file) or report before they hand a plan back.
        A plan that then does not load is worded in it already, so a write needs no :meth:`worded`."""
        if not self.language_given and (lang := load.plan_language(self.plans_folder())) is not None:
            i18n.use(lang)

    def adopt(self, plan: Plan) -> Plan:
        """``plan``, once pmtasks speaks its ``lang:`` (unless the user chose a language)."""
        if not self.language_given and plan.lang:
            i18n.use(plan.lang)
        return plan

    def day(self, plan: Plan) -> date:
        """The as-of date: the one given, else today in the plan's timezone."""
        return self.as_of if self.as_of is not None else self.today(plan.timezone)

    def day_without_plan(self) -> date:
        """The as-of date when the plan could not be read: today in the default timezone."""
        return self.as_of if self.as_of is not None else self.today(DEFAULT_TIMEZONE)
