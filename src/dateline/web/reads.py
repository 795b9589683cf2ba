"""The web's read-only access to the knowledge base.

Pages read through :mod:`dateline.query`, the API the CLI uses too. This module holds what
the web adds: one read-only connection per server thread (a SQLite connection must not be
shared by threads that run at once) and full-text search over articles, which the query API
does not offer yet. Its SQL is fixed text per dialect; every value the visitor typed is a
bound parameter, never part of the SQL.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from dateline.store import Store, open_store

_WORDS = re.compile(r"\w+", re.UNICODE)
#: Marks around the matched words in an FTS5 snippet; control characters never in the text.
HIT_START, HIT_END = "\x02", "\x03"
#: Words of context in an article snippet.
SNIPPET_WORDS = 16
SNIPPET_CHARS = 240

# The best matches are chosen first, then only their snippets are made: SQLite would
# otherwise make a snippet for every match before sorting.
_ARTICLES_SQLITE_BEST = (
    "SELECT articles_fts.rowid FROM articles_fts JOIN articles a "
    "ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?"
)
_ARTICLES_SQLITE = (
    "SELECT a.id, a.title, a.source, a.published, "
    f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_WORDS}) AS snippet "
    "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
    "WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({best}) ORDER BY rank, a.id"
)
_ARTICLES_PG = (
    "SELECT a.id, a.title, a.source, a.published, "
    f"substr(a.text, 1, {SNIPPET_CHARS}) AS snippet FROM articles a "
    "WHERE to_tsvector('english', coalesce(a.title, '') || ' ' || a.text) "
    "@@ plainto_tsquery('english', ?)"
)


class Reader:
    """Read-only stores for the server's threads, opened on first use, closed together."""

    def __init__(self, db_url: str | Path) -> None:
        self.db_url = str(db_url)
        self._local = threading.local()
        self._all: list[Store] = []
        self._lock = threading.Lock()
        self.store()  # fail now, with the store's own message, if it cannot be opened

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db_url, readonly=True)
            self._local.store = store
            with self._lock:
                self._all.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            stores, self._all = self._all, []
        for store in stores:
            store.close()

    def search_articles(
        self,
        text: str,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 0,
        offset: int = 0,
        count: int = 0,
    ) -> list[dict] | int:
        """Articles whose title or text has every word of ``text``, best match first.

        Each row: id, title, source, published and a snippet around the matched words
        (on SQLite the words are between :data:`HIT_START` and :data:`HIT_END`).
        With ``count``: how many match instead, counting up to ``count``.
        """
        words = _WORDS.findall(text)
        if not words:
            return 0 if count else []
        store = self.store()
        postgres = store.dialect == "postgresql"
        if postgres:
            sql, match, order = _ARTICLES_PG, " ".join(words), "a.published DESC, a.id"
        else:
            sql, match = _ARTICLES_SQLITE_BEST, " ".join(f'"{w}"' for w in words)
            order = "rank, a.id"
        params: list = [match]
        if source:
            sql += " AND a.source = ?"
            params.append(source)
        if since:
            sql += " AND a.published >= ?"
            params.append(since)
        if until:
            sql += " AND a.published <= ?"
            params.append(until)
        if count:
            if not postgres and len(params) == 1:  # no filter: the index alone counts
                sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
            return store.scalar(f"SELECT COUNT(*) FROM ({sql} LIMIT ?) t", [*params, count])
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        params += [limit, offset]
        if postgres:
            return store.rows(sql, params)
        return store.rows(_ARTICLES_SQLITE.format(best=sql), [match, *params])


__all__ = ["HIT_END", "HIT_START", "Reader"]
