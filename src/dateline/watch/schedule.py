"""When a source is polled next: its own interval, backed off on errors and quiet, sooner
when its items come fast. The clock is injectable, so tests run days in microseconds."""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

#: No source is polled more often than this, whatever it publishes.
MIN_INTERVAL_S = 60.0
#: A quiet feed is polled at most this many times less often than asked.
QUIET_FACTOR_MAX = 4.0
#: Each poll that finds nothing new stretches the interval by this much.
QUIET_STEP = 1.5
#: A failing source is retried after ``every`` x 2^(failures - 1), up to this long.
MAX_BACKOFF_S = 6 * 3600.0
#: A poll with this many new items counts as a fast feed: its interval halves.
FAST_ITEMS = 5


class Clock(Protocol):
    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Wall-clock seconds since the epoch."""

    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class FakeClock:
    """A clock that moves only when slept on (or :meth:`advance`\\ d)."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds

    async def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)
        await asyncio.sleep(0)


def parse_every(text: str) -> float:
    """``90``, ``90s``, ``15m``, ``2h``, ``1d`` -> seconds; ``ValueError`` if unreadable or
    under a minute."""
    value = text.strip().lower()
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    factor = units.get(value[-1:])
    number = value[:-1] if factor else value
    try:
        seconds = float(number) * (factor or 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a duration such as 90s, 15m, 2h or 1d") from None
    if seconds < MIN_INTERVAL_S:
        raise ValueError(f"{text!r} is under a minute; sources are polled at most once a minute")
    return seconds


def after_error(every: float, failures: int, retry_after: float | None = None) -> float:
    """Seconds to wait after the ``failures``-th failure in a row (a server's Retry-After,
    when it asks for longer, wins; capped either way)."""
    wait = min(every * 2 ** max(0, failures - 1), MAX_BACKOFF_S)
    if retry_after is not None:
        wait = max(wait, min(retry_after, MAX_BACKOFF_S))
    return max(MIN_INTERVAL_S, wait)


def after_success(every: float, previous: float | None, new_items: int) -> float:
    """The next interval after a poll that worked: stretched while nothing is new (up to
    ``QUIET_FACTOR_MAX`` x ``every``), halved while items come fast (down to a minute),
    back to ``every`` otherwise."""
    current = previous or every
    if new_items == 0:
        return min(max(current, every) * QUIET_STEP, every * QUIET_FACTOR_MAX)
    if new_items >= FAST_ITEMS:
        return max(MIN_INTERVAL_S, min(current, every) / 2)
    return every
