"""When sources are polled: intervals, backoff, quiet and fast feeds (no clock needed)."""

from __future__ import annotations

import pytest

from dateline.watch.schedule import MAX_BACKOFF_S, after_error, after_success, parse_every

EVERY = 900.0


@pytest.mark.parametrize(
    ("text", "seconds"), [("15m", 900), ("90s", 90), ("2h", 7200), ("1d", 86400), ("60", 60)]
)
def test_parse_every(text, seconds):
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["30s", "0.5m", "soon", "", "m"])
def test_parse_every_refuses_under_a_minute_and_nonsense(text):
    with pytest.raises(ValueError):
        parse_every(text)


def test_backoff_doubles_and_is_capped_and_retry_after_wins():
    waits = [after_error(EVERY, n) for n in range(1, 8)]
    assert waits[:4] == [900, 1800, 3600, 7200]
    assert waits[-1] == MAX_BACKOFF_S
    assert after_error(EVERY, 1, retry_after=5000) == 5000
    assert after_error(EVERY, 1, retry_after=1) == 900  # never sooner than the backoff


def test_quiet_feeds_slow_down_fast_feeds_speed_up():
    interval = None
    for _ in range(10):
        interval = after_success(EVERY, interval, 0)
    assert interval == 4 * EVERY
    assert after_success(EVERY, interval, 1) == EVERY
    fast = after_success(EVERY, EVERY, 10)
    assert fast == EVERY / 2
    for _ in range(10):
        fast = after_success(EVERY, fast, 10)
    assert fast == 60.0  # never under a minute
