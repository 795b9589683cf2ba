"""Aggregates kept until the store changes: what a page counts over all of its matches (a
search's total and facets, an entity's networks, timelines and totals, the home page's
figures) changes only when an article is ingested, replaced, merged or split, so each
server thread keeps the answers it read and reads them again after any write.

This is not the page cache (``dateline.web.cache``, off with ``serve --no-cache``): every
page is still made for each request, and what it lists page by page (quote cards, article
hits) is read each time; only the aggregates beside them are kept.

Validity: each entry belongs to the store's *data version*, checked once per request
(:meth:`Memo.check`): SQLite's ``PRAGMA data_version``, which changes when another
connection commits (an ingest in another process), and the connection's own
``total_changes``, which counts its own writes. Any write empties the memo before the
next request reads it. A PostgreSQL store has no such cheap version: nothing is kept
there from one request to the next. The memo also lends the store a place for the reads
that several parts of one page share (``Store.keep``: the names read as a person), emptied
with it (on PostgreSQL, at each request). Entries are bounded
(:data:`~dateline.web.limits.MEMO_ENTRIES`, least recently used dropped first; the store's
shared reads are emptied when they outgrow that bound). Callers must not change a value
they get: it is shared.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, TypeVar

from dateline.web.limits import MEMO_ENTRIES

if TYPE_CHECKING:
    from dateline.store import Store

T = TypeVar("T")


def data_version(store: Store) -> Hashable | None:
    """A token that changes with every write to the store seen by this connection (its own
    or another's); None where the store cannot tell (PostgreSQL)."""
    if store.dialect != "sqlite":
        return None
    cursor = store.execute("PRAGMA data_version")
    row = cursor.fetchone()
    return (next(iter(row.values())), cursor.connection.total_changes)


class Memo:
    """One store connection's kept aggregates, valid for one data version."""

    def __init__(self, store: Store, entries: int = MEMO_ENTRIES) -> None:
        self.store = store
        self.limit = entries
        self.version: Hashable | None = None
        self.entries: OrderedDict[Hashable, object] = OrderedDict()
        self.hits = self.misses = 0
        # The store keeps its own shared reads (Store.keep) for as long as this memo is valid;
        # on PostgreSQL, with no data version, for one request.
        store.kept = {}

    def check(self) -> Memo:
        """Forget every entry if the store changed since the last check (once a request)."""
        version = data_version(self.store)
        if version is None or version != self.version:
            self.clear()
        elif self.store.kept is not None and len(self.store.kept) > self.limit:
            self.store.kept.clear()  # bounded as the entries are, more bluntly
        self.version = version
        return self

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value kept for ``key``, or ``compute()`` kept (errors are not kept)."""
        if self.version is None:  # a store without a data version: read every time
            return compute()
        try:
            value = self.entries[key]
        except KeyError:
            self.misses += 1
            value = self.entries[key] = compute()
            if len(self.entries) > self.limit:
                self.entries.popitem(last=False)
            return value
        self.hits += 1
        self.entries.move_to_end(key)
        return value  # type: ignore[return-value]

    def call(self, fn: Callable[..., T], *args: Hashable, **kwargs: Hashable) -> T:
        """``fn(store, *args, **kwargs)`` (a query function), kept by its arguments."""
        key = (fn.__module__, fn.__qualname__, args, tuple(sorted(kwargs.items())))
        return self.get(key, lambda: fn(self.store, *args, **kwargs))

    def clear(self) -> None:
        """Forget every entry and the store's shared reads."""
        self.entries.clear()
        if self.store.kept is not None:
            self.store.kept.clear()


__all__ = ["Memo", "data_version"]
