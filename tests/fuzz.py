"""Hypothesis settings for the property tests: a few seconds each in the normal run.

PMTASKS_FUZZ_EXAMPLES=N runs N examples per test, with fresh random seeds, for a longer hunt.
The normal run is derandomized, so it passes or fails the same way every time.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("PMTASKS_FUZZ_EXAMPLES", "0") or 0)


def fuzz(default: int) -> settings:
    return settings(
        max_examples=EXAMPLES or default,
        deadline=None,  # tests never time; inputs are bounded in size instead
        derandomize=not EXAMPLES,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
    )
