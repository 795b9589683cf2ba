"""The store's side of ``dateline watch``: watched sources and the pages read from them.

Every write here is one short transaction, so a long-running watch shares the
store with ``ingest``, ``merge`` and ``split``. Times are ISO-8601 UTC text,
except ``next_due``: seconds since the epoch on the scheduler's clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.store.db import Store

#: Columns a poll may update on its source.
_POLL_FIELDS = (
    "kind",
    "etag",
    "last_modified",
    "last_checked",
    "last_success",
    "last_status",
    "last_error",
    "next_due",
    "interval_s",
    "failures",
    "unchanged",
)


@dataclass
class SourceState:
    """One row of ``watch_sources``."""

    url: str
    kind: str
    added_at: str
    next_due: float
    etag: str | None = None
    last_modified: str | None = None
    last_checked: str | None = None
    last_success: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    interval_s: float | None = None
    failures: int = 0
    unchanged: int = 0
    items_seen: int = 0
    entry_errors: int = 0
    last_entry_error: str | None = None


@dataclass
class ItemState:
    """One row of ``watch_items``: a page (by URL) and the article it is stored as."""

    url: str
    source_url: str
    article_id: str | None
    signature: str | None
    content_hash: str | None
    first_seen: str
    last_seen: str
    versions: int


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def add_sources(store: Store, sources: Iterable[tuple[str, str]], now: float) -> int:
    """Add ``(url, kind)`` pairs not yet watched, due at once; return how many were new."""
    added = 0
    with store.transaction():
        for url, kind in sources:
            if store.scalar("SELECT 1 FROM watch_sources WHERE url = ?", (url,)):
                continue
            store.execute(
                "INSERT INTO watch_sources (url, kind, added_at, next_due, failures, unchanged, "
                "items_seen, entry_errors) VALUES (?, ?, ?, ?, 0, 0, 0, 0)",
                (url, kind, iso(now), now),
            )
            added += 1
    return added


def remove_source(store: Store, url: str) -> bool:
    """Stop watching ``url``; the pages read from it and their articles stay."""
    with store.transaction():
        found = store.scalar("SELECT 1 FROM watch_sources WHERE url = ?", (url,))
        store.execute("DELETE FROM watch_sources WHERE url = ?", (url,))
    return bool(found)


def get_source(store: Store, url: str) -> SourceState | None:
    row = store.one("SELECT * FROM watch_sources WHERE url = ?", (url,))
    return SourceState(**row) if row else None


def list_sources(store: Store, urls: Iterable[str] | None = None) -> list[SourceState]:
    """Every watched source (or those of ``urls``), soonest due first."""
    rows = store.rows("SELECT * FROM watch_sources ORDER BY next_due, url")
    states = [SourceState(**row) for row in rows]
    if urls is not None:
        wanted = set(urls)
        states = [s for s in states if s.url in wanted]
    return states


def soonest_due(store: Store) -> float | None:
    """When the next source is due (one indexed lookup: the idle loop asks every second)."""
    return store.scalar("SELECT MIN(next_due) FROM watch_sources")


def due_sources(store: Store, now: float) -> list[SourceState]:
    rows = store.rows("SELECT * FROM watch_sources WHERE next_due <= ? ORDER BY next_due", (now,))
    return [SourceState(**row) for row in rows]


def save_poll(store: Store, state: SourceState) -> None:
    """Write what one poll learnt about its source."""
    sets = ", ".join(f"{name} = ?" for name in _POLL_FIELDS)
    values = [getattr(state, name) for name in _POLL_FIELDS]
    with store.transaction():
        store.execute(f"UPDATE watch_sources SET {sets} WHERE url = ?", (*values, state.url))


def note_entry_error(store: Store, source_url: str, reason: str) -> None:
    """An entry of the source could not be read (its page would not fetch, ...)."""
    with store.transaction():
        store.execute(
            "UPDATE watch_sources SET entry_errors = entry_errors + 1, last_entry_error = ? "
            "WHERE url = ?",
            (reason, source_url),
        )


def get_item(store: Store, url: str) -> ItemState | None:
    row = store.one("SELECT * FROM watch_items WHERE url = ?", (url,))
    return ItemState(**row) if row else None


def touch_items(store: Store, urls: list[str], now: float) -> None:
    """Pages a feed still lists, unchanged: seen again now."""
    if not urls:
        return
    with store.transaction():
        store.executemany(
            "UPDATE watch_items SET last_seen = ? WHERE url = ?", [(iso(now), u) for u in urls]
        )


def record_item(
    store: Store,
    *,
    url: str,
    source_url: str,
    article_id: str | None,
    signature: str | None,
    content_hash: str | None,
    now: float,
    new_version: bool,
) -> None:
    """Record a page as read: a new one (first seen now, version 1 if stored), or a known one
    seen again (``new_version``: its text changed and the article was re-read). The source's
    ``items_seen`` counts pages seen the first time."""
    when = iso(now)
    with store.transaction():
        known = store.one("SELECT versions FROM watch_items WHERE url = ?", (url,))
        if known is None:
            store.execute(
                "INSERT INTO watch_items (url, source_url, article_id, signature, content_hash, "
                "first_seen, last_seen, versions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (url, source_url, article_id, signature, content_hash, when, when,
                 1 if article_id else 0),
            )  # fmt: skip
            store.execute(
                "UPDATE watch_sources SET items_seen = items_seen + 1 WHERE url = ?",
                (source_url,),
            )
            return
        bump = 1 if new_version else 0
        store.execute(
            "UPDATE watch_items SET article_id = COALESCE(?, article_id), signature = ?, "
            "content_hash = COALESCE(?, content_hash), last_seen = ?, versions = versions + ? "
            "WHERE url = ?",
            (article_id, signature, content_hash, when, bump, url),
        )


def article_present(store: Store, article_id: str) -> bool:
    return bool(store.scalar("SELECT 1 FROM articles WHERE id = ?", (article_id,)))
