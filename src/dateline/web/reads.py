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
from dateline.web.memo import Memo

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
# By date: the date index is walked and each article probed in the full-text index, so a
# common word's thousands of matches are neither ranked nor sorted.
_ARTICLES_SQLITE_DATED = (
    "SELECT a.rowid FROM articles a WHERE a.rowid IN "
    "(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
)
# Then the page's rows with their snippets: the full-text index is read once, over the
# page's range of rowids (one rowid constraint), and the rows are kept by a filter that
# the index does not see (``+``): as an index constraint, IN reads the index once a rowid.
_ARTICLES_SQLITE = (
    "SELECT a.id, a.title, a.source, a.published, "
    f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', '…', {SNIPPET_WORDS}) AS snippet "
    "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
    "WHERE articles_fts MATCH ? AND articles_fts.rowid >= ? AND articles_fts.rowid <= ? "
    "AND +articles_fts.rowid IN ({marks}) ORDER BY {order}"
)
#: Orders of the article list (the search's sort); on SQLite a date order breaks ties by
#: rowid, which the date index holds, so the index alone gives the order.
ARTICLE_ORDERS = {
    "newest": "a.published DESC, a.id",
    "oldest": "a.published ASC, a.id",
    "relevance": "rank, a.id",
}
_SQLITE_DATE_ORDERS = {
    "newest": "a.published DESC, a.rowid DESC",
    "oldest": "a.published ASC, a.rowid ASC",
}
#: Matching articles from which walking the date index beats sorting the matches.
COMMON_ARTICLES = 500
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
        #: Each thread's kept aggregates (``dateline.web.memo``), one per store.
        self.memos: list[Memo] = []
        self._lock = threading.Lock()
        self.store()  # fail now, with the store's own message, if it cannot be opened

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.db_url, readonly=True)
            self._local.store = store
            self._local.memo = Memo(store)
            with self._lock:
                self._all.append(store)
                self.memos.append(self._local.memo)
        return store

    def memo(self) -> Memo:
        """This thread's kept aggregates (``dateline.web.memo``), emptied first if the store
        changed: a view calls it once, at its start."""
        self.store()
        return self._local.memo.check()

    def close(self) -> None:
        with self._lock:
            stores, self._all, self.memos = self._all, [], []
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
        order: str = "relevance",
    ) -> list[dict] | int:
        """Articles whose title or text has every word of ``text``, best match first
        (``order``: or ``newest`` / ``oldest`` first).

        Each row: id, title, source, published and a snippet around the matched words
        (on SQLite the words are between :data:`HIT_START` and :data:`HIT_END`).
        With ``count``: how many match instead, counting up to ``count``.
        """
        words = _WORDS.findall(text)
        if not words:
            return 0 if count else []
        store = self.store()
        postgres = store.dialect == "postgresql"
        by = ARTICLE_ORDERS.get(order, ARTICLE_ORDERS["relevance"])
        rank: list = []
        if postgres:
            sql, match = _ARTICLES_PG, " ".join(words)
            if order == "relevance":
                by = (
                    "ts_rank(to_tsvector('english', coalesce(a.title, '') || ' ' || a.text), "
                    "plainto_tsquery('english', ?)) DESC, a.id"
                )
                rank = [match]
        else:
            match = " ".join(f'"{w}"' for w in words)
            sql = _ARTICLES_SQLITE_BEST
            if order in _SQLITE_DATE_ORDERS and not count:
                sql, by = _ARTICLES_SQLITE_DATED, _SQLITE_DATE_ORDERS[order]
                # whether the words are common: the plan of every page of this search, kept
                # until the store changes (web.memo)
                common = self.memo().get(
                    ("articles matching, up to", match, COMMON_ARTICLES),
                    lambda: store.scalar(
                        "SELECT COUNT(*) FROM (SELECT rowid FROM articles_fts "
                        "WHERE articles_fts MATCH ? LIMIT ?) t",
                        (match, COMMON_ARTICLES),
                    ),
                )
                if common >= COMMON_ARTICLES:
                    sql = sql.replace(
                        "FROM articles a", "FROM articles a INDEXED BY articles_published"
                    )
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
        sql += f" ORDER BY {by} LIMIT ? OFFSET ?"
        params += [*rank, limit, offset]
        if postgres:
            return store.rows(sql, params)
        page = [next(iter(r.values())) for r in store.rows(sql, params)]
        if not page:
            return []
        marks = ", ".join("?" for _ in page)
        return store.rows(
            _ARTICLES_SQLITE.format(marks=marks, order=by), [match, min(page), max(page), *page]
        )


__all__ = ["HIT_END", "HIT_START", "Reader"]
