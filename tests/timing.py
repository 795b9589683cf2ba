"""Timing for the linear-time tests: ratios in one run, never absolute times.

Each input is measured in turn in every round, so that all sizes see the same state of
a shared machine, and the best of the rounds counts. Thread CPU time, not wall time: a
busy host that takes the core away must not read as growth. The garbage collector is
off while timing, as ``timeit`` does: its passes cost in proportion to everything the
test session holds, not to the work timed.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from typing import Any


def best_of(measure: Callable[[Any], float], inputs: Sequence[Any], runs: int) -> list[float]:
    """The least of ``runs`` values of ``measure`` (seconds) for each input, the inputs
    taken in turn in each round."""
    best = [float("inf")] * len(inputs)
    for _ in range(runs):
        for i, item in enumerate(inputs):
            best[i] = min(best[i], measure(item))
    return best


def best_times(fn: Callable[[Any], object], inputs: Sequence[Any], runs: int) -> list[float]:
    """The best of ``runs`` thread-time timings of ``fn`` on each input."""

    def measure(item: Any) -> float:
        start = time.thread_time()
        fn(item)
        return time.thread_time() - start

    enabled = gc.isenabled()
    gc.disable()
    try:
        return best_of(measure, inputs, runs)
    finally:
        if enabled:
            gc.enable()
