"""Syndicated copies: one story carried by several outlets, as the store linked them
(:mod:`dateline.store.syndication`). A cluster is its first stored article (the root)
and the copies linked to it; it is shown earliest first, by publication date."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.store.db import Store

_COLUMNS = "id, source, published, url, title"


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values)


def _earliest_first(row: dict) -> tuple:
    # Undated copies last; the id breaks ties, so the order (and the group key) is stable.
    return (row["published"] is None, row["published"] or "", row["id"])


def roots(store: Store, article_ids: list[str]) -> dict[str, str]:
    """Article id -> its cluster's root (itself when it is a root or not syndicated)."""
    roots = {aid: aid for aid in article_ids}
    for chunk in _chunks(article_ids):
        for row in store.rows(
            f"SELECT article_id, root_id FROM syndication WHERE article_id IN ({_marks(chunk)})",
            chunk,
        ):
            roots[row["article_id"]] = row["root_id"]
    return roots


def _chunks(values: list, size: int = 500) -> list[list]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def members(store: Store, roots: list[str]) -> dict[str, list[dict]]:
    """Root -> the stored articles of its cluster (root included), earliest first."""
    out: dict[str, list[dict]] = {}
    for chunk in _chunks(roots):
        marks = _marks(chunk)
        rows = store.rows(
            f"SELECT {_COLUMNS}, id AS root FROM articles WHERE id IN ({marks}) "
            f"UNION ALL SELECT a.id, a.source, a.published, a.url, a.title, y.root_id "
            f"FROM syndication y JOIN articles a ON a.id = y.article_id "
            f"WHERE y.root_id IN ({marks})",
            chunk + chunk,
        )
        for row in rows:
            root = row.pop("root")
            out.setdefault(root, []).append(row)
    for rows in out.values():
        rows.sort(key=_earliest_first)
    return out


def carried_by(store: Store, article_id: str) -> list[dict]:
    """Every stored copy of the article's story, the article itself included, earliest
    first: dicts of ``id``, ``source`` (= ``outlet``), ``published``, ``url``, ``title``.
    A story carried once gives the article alone; an unknown id gives []."""
    if store.one("SELECT 1 FROM articles WHERE id = ?", (article_id,)) is None:
        return []
    root = roots(store, [article_id])[article_id]
    rows = members(store, [root]).get(root, [])
    return [{**row, "outlet": row["source"]} for row in rows]


def group_keys(store: Store, article_ids: list[str]) -> dict[str, str]:
    """Article id -> a key its syndicated copies share: the id of the cluster's earliest
    article (by publication date, then id). An article carried once keys to itself;
    ids not stored are left out."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return {}
    root_of = roots(store, ids)
    clusters = members(store, sorted(set(root_of.values())))
    keys = {}
    for aid, root in root_of.items():
        cluster = clusters.get(root)
        if cluster and any(row["id"] == aid for row in cluster):
            keys[aid] = cluster[0]["id"]
    return keys
