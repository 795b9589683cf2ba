"""The one owner of derived data: an entity's counts and listings, recomputed from the
rows they derive from. The writer keeps them incrementally as it adds articles; a
merge, a split or a join made while resolving recomputes them here.

It sits below the store and the resolver (it reads and writes through any ``Store``),
so both can call it without importing each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.store.db import Store


def refresh_counts(store: Store, eid: int) -> None:
    """Recount one entity's articles, mentions and quotes (after a merge or split)."""
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
