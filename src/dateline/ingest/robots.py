"""robots.txt, fetched once a day per host and honoured, as a well-mannered crawler does.

The rules (RFC 9309): a robots.txt that is missing (4xx) allows everything; one
the server cannot give (5xx, a network error, a timeout) disallows everything
for now and is asked again later; rules are matched for the product token
``Dateline``, else ``*``. A ``Crawl-delay`` widens the gap between requests to
that host (never narrows it).
"""

from __future__ import annotations

import asyncio
import time
import urllib.robotparser
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from dateline.errors import ItemError
from dateline.ingest.addresses import AddressRefused
from dateline.ingest.fetch import check_url
from dateline.ingest.hosts import HostKey, HTTPStatusError, host_key

AGENT = "Dateline"
#: robots.txt is small; a bigger one is read no further than this (RFC 9309 says 500 KiB).
MAX_ROBOTS_BYTES = 512 * 1024
#: How long a robots.txt is trusted, and how soon an unreachable one is asked again.
FRESH_S = 24 * 3600.0
RETRY_S = 15 * 60.0
#: Hosts whose rules are kept; past it, expired ones are dropped first.
MAX_HOSTS = 10_000


@dataclass
class _Rules:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    unreadable: str | None  # why robots.txt could not be read: nothing is fetched for now
    expires: float


class RobotsDisallowed(ItemError):
    """robots.txt asks us not to fetch this URL."""


class Robots:
    """robots.txt per host, cached; :meth:`check` says whether a URL may be fetched."""

    def __init__(
        self,
        get: Callable[..., Awaitable[Any]],
        set_delay: Callable[[HostKey, float], None],
    ) -> None:
        """``get``: the fetcher's GET (called with ``robots=False``); ``set_delay``: widen a
        host's gap between requests."""
        self._get = get
        self._set_delay = set_delay
        self._cache: dict[HostKey, _Rules] = {}
        self._locks: dict[HostKey, asyncio.Lock] = {}

    async def check(self, url: str) -> None:
        """Nothing if ``url`` may be fetched; :class:`RobotsDisallowed` if its robots.txt
        says no, :class:`ItemError` (for now, not for good) if it cannot be read."""
        parts = check_url(url)
        key = host_key(parts)
        rules = self._cache.get(key)
        if rules is None or rules.expires < time.monotonic():
            if len(self._cache) >= MAX_HOSTS:
                self._forget_expired()
            lock = self._locks.setdefault(key, asyncio.Lock())
            async with lock:  # one robots.txt request per host, however many URLs wait
                rules = self._cache.get(key)
                if rules is None or rules.expires < time.monotonic():
                    rules = self._cache[key] = await self._load(key)
        if rules.unreadable:
            raise ItemError(url, rules.unreadable)
        if rules.parser is not None and not rules.parser.can_fetch(AGENT, url):
            raise RobotsDisallowed(url, "disallowed by robots.txt")

    def _forget_expired(self) -> None:
        """Memory stays bounded however many hosts entries link to."""
        now = time.monotonic()
        for key in [k for k, r in self._cache.items() if r.expires < now]:
            del self._cache[key]
        if len(self._cache) >= MAX_HOSTS:  # all fresh: the half asked longest ago goes
            oldest = sorted(self._cache, key=lambda k: self._cache[k].expires)
            for key in oldest[: len(oldest) // 2 + 1]:
                del self._cache[key]
        for key in [k for k, lock in self._locks.items() if not lock.locked()]:
            del self._locks[key]

    async def _load(self, key: HostKey) -> _Rules:
        scheme, name, port = key
        netloc = f"[{name}]" if ":" in name else name
        default = 443 if scheme == "https" else 80
        url = f"{scheme}://{netloc}{'' if port == default else f':{port}'}/robots.txt"
        try:
            response = await self._get(url, max_bytes=MAX_ROBOTS_BYTES, robots=False)
        except HTTPStatusError as err:
            if 400 <= err.status < 500:
                return _Rules(None, None, time.monotonic() + FRESH_S)
            return self._unreadable(err)
        except AddressRefused:
            raise  # the URL's own refusal, not a robots.txt that cannot be read
        except ItemError as err:
            if "over" in err.reason and "bytes" in err.reason:
                return _Rules(None, None, time.monotonic() + FRESH_S)  # too big: not rules
            return self._unreadable(err)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(response.data.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(AGENT)
        if delay:
            self._set_delay(key, float(delay))
        return _Rules(parser, None, time.monotonic() + FRESH_S)

    @staticmethod
    def _unreadable(err: ItemError) -> _Rules:
        reason = f"robots.txt cannot be read ({err.reason}); nothing is fetched from the host"
        return _Rules(None, reason + " for now", time.monotonic() + RETRY_S)
