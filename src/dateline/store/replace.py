"""Replace stored articles' annotations with new records (a newer pipeline, an updated
story): the article's earlier rows go, the new record's come in, and the derived data
of every entity the old annotations touched is recounted by its owner,
:mod:`dateline.kb.derived`.

The ``articles`` row is updated in place, never deleted, so rows elsewhere that name
the article (versions, syndication links) stay valid; its ``ingested_at`` keeps the
date the article first came in. Entities are resolved again through the store's keys,
so the user's merges and splits (:mod:`dateline.kb.decisions`) still hold.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING

from dateline.article import Article
from dateline.kb.derived import count_article, day_of, refresh_counts, refresh_listings
from dateline.kb.resolve import Resolver
from dateline.store.batching import BATCH_SIZE
from dateline.store.syndication import sign
from dateline.store.writer import checked, insert_annotations, insert_record

if TYPE_CHECKING:
    from dateline.store.db import Store

log = logging.getLogger("dateline.store")

#: Tables of one article's annotations, keyed by ``article_id`` (quotes' own rows are
#: removed first, through :data:`QUOTE_TABLES`). A migration that adds a table of
#: annotations adds it here.
ARTICLE_TABLES = ("mentions", "titles", "times", "article_entities", "datelines")
#: Tables keyed by ``quote_id``.
QUOTE_TABLES = ("quote_entities",)


def replace_records(store: Store, records: Iterable[dict], batch_size: int = BATCH_SIZE) -> int:
    """Write each record over the stored article of the same id (or add it when there is
    none), one transaction per ``batch_size`` records; return how many were written.

    A record the writer refuses (malformed) is rolled back alone, logged and not
    counted; the article keeps its earlier annotations.
    """
    from dateline.store.ingest import _fatal

    written = 0
    resolver = Resolver(store)
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with store.transaction():
            touched: set[int] = set()
            done: list[str] = []
            for record in batch:
                try:
                    with store.savepoint():
                        touched |= _replace_one(store, resolver, record, now)
                except Exception as err:
                    if _fatal(err):
                        raise
                    aid = record.get("id") if isinstance(record, dict) else None
                    log.warning("not replaced: record %r (%s: %s)", aid, type(err).__name__, err)
                    continue
                done.append(record["id"])
            for eid in sorted(_live(store, touched)):
                refresh_counts(store, eid)
                refresh_listings(store, eid)
            _forget_failed(store, done)
        written += len(done)  # counted once committed
    return written


def _replace_one(store: Store, resolver: Resolver, record: dict, now: str) -> set[int]:
    """Replace one article's annotations; return the entities its old ones linked."""
    record, aid = checked(record)
    if store.one("SELECT 1 FROM articles WHERE id = ?", (aid,)) is None:
        insert_record(store, resolver, record, now)
        sign(store, aid, record["text"])
        return set()
    touched = delete_annotations(store, aid)
    before = store.scalar("SELECT published FROM articles WHERE id = ?", (aid,))
    if day_of(before) != day_of(record.get("published")):  # the article moves to its new day
        count_article(store, before, -1)
        count_article(store, record.get("published"), 1)
    fts = store.dialect == "sqlite"
    if fts:  # external-content FTS5 has no update trigger: out with the old text ...
        store.execute(
            "INSERT INTO articles_fts (articles_fts, rowid, title, text) "
            "SELECT 'delete', rowid, title, text FROM articles WHERE id = ?",
            (aid,),
        )
    store.execute(
        "UPDATE articles SET url = ?, title = ?, source = ?, published = ?, text = ?, "
        "pipeline = ? WHERE id = ?",
        (record.get("url"), record.get("title"), record.get("source"), record.get("published"),
         record["text"], record.get("pipeline"), aid),
    )  # fmt: skip
    if fts:  # ... and in with the new
        store.execute(
            "INSERT INTO articles_fts (rowid, title, text) "
            "SELECT rowid, title, text FROM articles WHERE id = ?",
            (aid,),
        )
    insert_annotations(store, resolver, record)
    sign(store, aid, record["text"])  # a new text, new signature; its links stay
    return touched


def delete_annotations(store: Store, aid: str) -> set[int]:
    """Delete one article's annotations (its ``articles`` row stays); return the
    entities they linked, whose derived data the caller must refresh."""
    touched = {
        r["entity_id"]
        for r in store.rows("SELECT entity_id FROM article_entities WHERE article_id = ?", (aid,))
    }
    touched |= {
        r["speaker_id"]
        for r in store.rows(
            "SELECT speaker_id FROM quotes WHERE article_id = ? AND speaker_id IS NOT NULL",
            (aid,),
        )
    }
    for table in QUOTE_TABLES:
        store.execute(
            f"DELETE FROM {table} WHERE quote_id IN (SELECT id FROM quotes WHERE article_id = ?)",
            (aid,),
        )
    store.execute("DELETE FROM quotes WHERE article_id = ?", (aid,))
    for table in ARTICLE_TABLES:
        store.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
    return touched


def _live(store: Store, ids: set[int]) -> set[int]:
    """The entities among ``ids`` not merged into another (a merged one has no rows)."""
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    rows = store.rows(
        f"SELECT id FROM entities WHERE id IN ({marks}) AND merged_into IS NULL", sorted(ids)
    )
    return {r["id"] for r in rows}


def _forget_failed(store: Store, ids: list[str]) -> None:
    if ids:
        marks = ", ".join("?" for _ in ids)
        store.execute(f"DELETE FROM failed_articles WHERE id IN ({marks})", ids)


def count_stale(store: Store, pipeline: str) -> int:
    """How many stored articles another pipeline (or none recorded) annotated."""
    return int(
        store.scalar(
            "SELECT COUNT(*) FROM articles WHERE pipeline IS NULL OR pipeline <> ?", (pipeline,)
        )
    )


def stale_articles(store: Store, pipeline: str) -> Iterator[Article]:
    """The stored articles another pipeline (or none recorded) annotated, in the order
    they came in, as Articles to annotate again (their wire dateline field included)."""
    order = "rowid" if store.dialect == "sqlite" else "ingested_at, id"
    # Ids first: the writes of the caller go on while this is read (PostgreSQL cursors).
    ids = [
        r["id"]
        for r in store.iterate(
            f"SELECT id FROM articles WHERE pipeline IS NULL OR pipeline <> ? ORDER BY {order}",
            (pipeline,),
        )
    ]
    for aid in ids:
        row = store.one(
            "SELECT a.id, a.text, a.title, a.url, a.source, a.published, d.text AS field "
            "FROM articles a LEFT JOIN datelines d ON d.article_id = a.id "
            "AND d.start_char IS NULL WHERE a.id = ? AND (a.pipeline IS NULL OR a.pipeline <> ?)",
            (aid, pipeline),
        )
        if row is None:  # replaced meanwhile
            continue
        yield Article(
            text=row["text"], id=row["id"], title=row["title"], url=row["url"],
            source=row["source"], published=row["published"], origin=f"store:{row['id']}",
            dateline=row["field"],
        )  # fmt: skip
