"""A page cache: a read-only server answers the same GET with the same bytes until the store
changes, so it keeps the responses it made and sends them again.

Entries are keyed by path and query and are valid while the store's version token is
unchanged (for SQLite: the size and modification time of the database and its WAL file,
which every commit changes; for other stores a short time window). Only complete 200
responses up to :data:`~dateline.web.limits.CACHE_ENTRY_BYTES` are kept, at most
:data:`~dateline.web.limits.CACHE_ENTRIES` of them, least recently used dropped first.
Each response says ``X-Dateline-Cache: hit`` or ``miss``.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

from dateline.web.limits import CACHE_BYTES, CACHE_ENTRIES, CACHE_ENTRY_BYTES, CACHE_WINDOW_S

HIT = [(b"x-dateline-cache", b"hit")]
MISS = [(b"x-dateline-cache", b"miss")]


def store_version(db_url: str) -> Callable[[], Hashable]:
    """A function whose value changes whenever the store may have changed."""
    path = Path(db_url.removeprefix("sqlite:///"))
    if "://" in db_url and not db_url.startswith("sqlite:///"):
        return lambda: int(time.monotonic() // CACHE_WINDOW_S)  # a server: a time window
    files = [path, path.with_name(path.name + "-wal")]

    def version() -> Hashable:
        out = []
        for f in files:
            try:
                st = os.stat(f)
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(None)
        return tuple(out)

    return version


class PageCache:
    """ASGI middleware that replays complete 200 responses to repeated GETs."""

    def __init__(self, app, version: Callable[[], Hashable]) -> None:
        self.app = app
        self.version = version
        self.entries: OrderedDict[bytes, tuple[Hashable, dict, bytes]] = OrderedDict()
        self.size = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        key = scope.get("raw_path", scope["path"].encode()) + b"?" + scope["query_string"]
        now = self.version()
        entry = self.entries.get(key)
        if entry is not None and entry[0] == now:
            self.entries.move_to_end(key)
            _, start, body = entry
            await send({**start, "headers": [*start["headers"], *HIT]})
            await send({"type": "http.response.body", "body": body})
            return
        captured: dict = {}
        chunks: list[bytes] = []

        async def capture(message) -> None:
            if message["type"] == "http.response.start":
                captured["start"] = message
                message = {**message, "headers": [*message.get("headers", []), *MISS]}
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    captured["done"] = True
            await send(message)

        await self.app(scope, receive, capture)
        start = captured.get("start")
        if start and start["status"] == 200 and captured.get("done"):
            body = b"".join(chunks)
            if len(body) <= CACHE_ENTRY_BYTES:
                self._put(key, (now, start, body))

    def _put(self, key: bytes, entry: tuple[Hashable, dict, bytes]) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.size -= len(old[2])
        self.entries[key] = entry
        self.size += len(entry[2])
        while len(self.entries) > CACHE_ENTRIES or self.size > CACHE_BYTES:
            _, dropped = self.entries.popitem(last=False)
            self.size -= len(dropped[2])


__all__ = ["PageCache", "store_version"]
