"""The one owner of derived data: an entity's counts and listings, recomputed from the
rows they derive from. The writer keeps them incrementally as it adds articles (through
:func:`count_article` and :func:`count_entity_article` here); a merge, a split or a join
made while resolving recomputes them here.

The per-day tables of m011 (``entity_days``, ``entity_outlets``, ``article_days``) are
what the web's attention, article totals and outlets read: an article's day is the first
10 characters of its ``published`` ('' when it has none).

It sits below the store and the resolver (it reads and writes through any ``Store``),
so both can call it without importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.store.db import Store


#: An article's day in the per-day tables (SQL over an ``articles`` row ``a``).
DAY_SQL = "COALESCE(substr(a.published, 1, 10), '')"


def day_of(published: str | None) -> str:
    """An article's day in the per-day tables: what :data:`DAY_SQL` computes."""
    return (published or "")[:10]


def count_article(store: Store, published: str | None, delta: int) -> None:
    """One article more (``delta`` 1) or less (-1) on its day in ``article_days``."""
    store.execute(
        "INSERT INTO article_days (day, n) VALUES (?, ?) "
        "ON CONFLICT (day) DO UPDATE SET n = article_days.n + excluded.n",
        (day_of(published), delta),
    )
    if delta < 0:
        store.execute("DELETE FROM article_days WHERE day = ? AND n <= 0", (day_of(published),))


def count_entity_article(store: Store, eid: int, published: str | None, source: str | None) -> None:
    """One more article mentions ``eid`` (the writer calls it once per entity and article,
    just after the entity's first ``article_entities`` row of that article)."""
    store.execute(
        "INSERT INTO entity_days (entity_id, day, n) VALUES (?, ?, 1) "
        "ON CONFLICT (entity_id, day) DO UPDATE SET n = entity_days.n + 1",
        (eid, day_of(published)),
    )
    if source is not None:
        store.execute(
            "INSERT INTO entity_outlets (entity_id, source, n) VALUES (?, ?, 1) "
            "ON CONFLICT (entity_id, source) DO UPDATE SET n = entity_outlets.n + 1",
            (eid, source),
        )


def refresh_counts(store: Store, eid: int) -> None:
    """Recount one entity's articles, mentions and quotes, and its articles per day and
    per outlet (after a merge, a split or a replacement)."""
    row = store.one(
        "SELECT COUNT(*) AS a, COALESCE(SUM(n_mentions), 0) AS m FROM article_entities "
        "WHERE entity_id = ?",
        (eid,),
    )
    quotes = store.scalar("SELECT COUNT(*) FROM quotes WHERE speaker_id = ?", (eid,))
    store.execute(
        "UPDATE entities SET n_articles = ?, n_mentions = ?, n_quotes = ? WHERE id = ?",
        (row["a"], row["m"], quotes, eid),
    )
    store.execute("DELETE FROM entity_days WHERE entity_id = ?", (eid,))
    store.execute(
        f"INSERT INTO entity_days (entity_id, day, n) SELECT ?, {DAY_SQL}, COUNT(DISTINCT a.id) "
        "FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
        f"WHERE ae.entity_id = ? GROUP BY {DAY_SQL}",
        (eid, eid),
    )
    store.execute("DELETE FROM entity_outlets WHERE entity_id = ?", (eid,))
    store.execute(
        "INSERT INTO entity_outlets (entity_id, source, n) SELECT ?, a.source, "
        "COUNT(DISTINCT a.id) FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
        "WHERE ae.entity_id = ? AND a.source IS NOT NULL GROUP BY a.source",
        (eid, eid),
    )


def refresh_listings(store: Store, eid: int) -> None:
    """Recompute one entity's names, titles and co-mention pairs from its articles."""
    store.execute("DELETE FROM entity_names WHERE entity_id = ?", (eid,))
    store.execute(
        "INSERT INTO entity_names (entity_id, name, n) SELECT ?, name, COUNT(*) "
        "FROM article_entities WHERE entity_id = ? GROUP BY name",
        (eid, eid),
    )
    store.execute("DELETE FROM entity_titles WHERE entity_id = ?", (eid,))
    store.execute(
        "INSERT INTO entity_titles (entity_id, title, first, last, n) "
        "SELECT ?, t.title, MIN(a.published), MAX(a.published), COUNT(*) FROM titles t "
        "JOIN article_entities ae ON ae.article_id = t.article_id AND ae.local_id = t.local_id "
        "JOIN articles a ON a.id = t.article_id WHERE ae.entity_id = ? GROUP BY t.title",
        (eid, eid),
    )
    store.execute("DELETE FROM entity_pairs WHERE a = ? OR b = ?", (eid, eid))
    pairs = store.rows(
        "SELECT o.entity_id AS other, COUNT(DISTINCT o.article_id) AS n "
        "FROM article_entities me JOIN article_entities o ON o.article_id = me.article_id "
        "WHERE me.entity_id = ? AND o.entity_id <> ? GROUP BY o.entity_id",
        (eid, eid),
    )
    store.executemany(
        "INSERT INTO entity_pairs (a, b, n) VALUES (?, ?, ?)",
        [(eid, p["other"], p["n"]) for p in pairs] + [(p["other"], eid, p["n"]) for p in pairs],
    )


def refresh_about(store: Store, article_id: str) -> None:
    """Recompute which entities each quote of one article mentions (after a split)."""
    quotes = store.rows(
        "SELECT id, start_char, end_char, date FROM quotes WHERE article_id = ?", (article_id,)
    )
    mentions = store.rows(
        "SELECT m.start_char, m.end_char, ae.entity_id FROM mentions m JOIN article_entities ae "
        "ON ae.article_id = m.article_id AND ae.local_id = m.local_id WHERE m.article_id = ?",
        (article_id,),
    )
    for q in quotes:
        store.execute("DELETE FROM quote_entities WHERE quote_id = ?", (q["id"],))
        about = {
            m["entity_id"]
            for m in mentions
            if q["start_char"] <= m["start_char"] and m["end_char"] <= q["end_char"]
        }
        store.executemany(
            "INSERT INTO quote_entities (entity_id, quote_id, date) VALUES (?, ?, ?)",
            [(e, q["id"], q["date"]) for e in sorted(about)],
        )
