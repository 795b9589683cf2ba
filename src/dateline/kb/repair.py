"""Repair: split organisations that were joined only through a description.

In stores built before commit a6c9c20, an organisation's mentions "The company", "The Bank", "Our"
gave it keys ("o:company"), so every article's "the company" joined one giant entity
("Rogers Corp" holding 4,071 articles of a 10,000-story store), and the names it
absorbed kept leading there on every later ingest. :func:`split_description_joins`
partitions each such entity by the keys its articles' names give *now*: articles whose
names share a key (or an acronym and its long form) stay together; each other group
becomes an entity of its own (or joins the live entity that already holds its name).

A user's word wins: an entity named in a merge or split decision is left as it is.
Run once by migration ``m012_split_description_joins``; safe to run again (a store
with nothing to split is left untouched).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from dateline.kb.derived import refresh_about, refresh_counts, refresh_listings
from dateline.kb.keys import PERSON, entity_keys
from dateline.kb.resolve import keys_of
from dateline.names import is_acronym, org_key

if TYPE_CHECKING:
    from dateline.store.db import Store

Row = tuple[str, str]  # (article_id, local_id)


def split_description_joins(store: Store) -> list[dict]:
    """Split every organisation or place joined only through descriptions; return the
    splits made ({"from", "id", "name", "articles"}), in the caller's transaction."""
    decided = {
        r["e"]
        for r in store.rows(
            "SELECT entity_id AS e FROM entity_decisions UNION "
            "SELECT other_id AS e FROM entity_decisions WHERE other_id IS NOT NULL"
        )
    }
    names: dict[int, dict[Row, str]] = defaultdict(dict)
    mentions: dict[tuple[int, Row], list[str]] = defaultdict(list)
    types: dict[int, str] = {}
    for r in store.rows(
        "SELECT ae.entity_id, ae.article_id, ae.local_id, ae.name, e.type, m.text "
        "FROM article_entities ae JOIN entities e ON e.id = ae.entity_id "
        "LEFT JOIN mentions m ON m.article_id = ae.article_id AND m.local_id = ae.local_id "
        "WHERE e.type <> ? AND e.merged_into IS NULL AND e.n_articles > 1",
        (PERSON,),
    ):
        eid = r["entity_id"]
        if eid in decided:
            continue
        row = (r["article_id"], r["local_id"])
        names[eid][row] = r["name"]
        types[eid] = r["type"]
        if r["text"] is not None:
            mentions[(eid, row)].append(r["text"])
    out: list[dict] = []
    for eid, rows in names.items():
        groups = _groups(types[eid], rows, {row: mentions[(eid, row)] for row in rows})
        if len(groups) > 1:
            out += _split(store, eid, types[eid], rows, groups)
    return out


def _groups(type_: str, rows: dict[Row, str], texts: dict[Row, list[str]]) -> list[list[Row]]:
    """The rows in groups tied by a shared strong key (union-find), then an acronym row
    ("EU") tied to the one group whose long forms have those initials, as the resolver
    joins them; rows with no key at all (every name a description) stay with the
    largest group. Largest group first."""
    parent = {row: row for row in rows}

    def find(row: Row) -> Row:
        while parent[row] != row:
            parent[row] = parent[parent[row]]
            row = parent[row]
        return row

    by_key: dict[str, Row] = {}
    initials: dict[Row, set[str]] = {}
    keyless: list[Row] = []
    for row, name in rows.items():
        keys = entity_keys(name, type_, [name, *texts[row]])
        if not keys.strong:
            keyless.append(row)
        initials[row] = {k[2:] for k in keys.weak if k.startswith("a:")}
        for key in keys.strong:
            if key in by_key:
                parent[find(row)] = find(by_key[key])
            else:
                by_key[key] = row
    for row, name in rows.items():
        if not is_acronym(name):
            continue
        short = org_key(name)
        fits = {find(other) for other in rows if short in initials[other]}
        if len(fits) == 1:
            parent[find(row)] = fits.pop()
    groups: dict[Row, list[Row]] = defaultdict(list)
    for row in rows:
        if row not in keyless:
            groups[find(row)].append(row)
    ordered = sorted(groups.values(), key=lambda g: (-len(g), min(g)))
    if not ordered:
        return [list(rows)]
    ordered[0].extend(keyless)
    return ordered


def _split(
    store: Store, eid: int, type_: str, rows: dict[Row, str], groups: list[list[Row]]
) -> list[dict]:
    """Keep the group that holds the entity's name (else the largest) on ``eid``; move
    each other group to the live entity that holds its name already, or a new one."""
    own = _row_keys(type_, store.scalar("SELECT name FROM entities WHERE id = ?", (eid,)))
    keep = next((g for g in groups if any(own & _row_keys(type_, rows[r]) for r in g)), None)
    keep = keep or groups[0]
    touched = {eid}
    articles: set[str] = set()
    out = []
    for group in groups:
        if group is keep:
            continue
        label = _most_common([rows[r] for r in group])
        target = _holder(store, eid, type_, label)
        if target is None:
            target = store.scalar(
                "INSERT INTO entities (name, type) VALUES (?, ?) RETURNING id", (label, type_)
            )
        for article_id, local_id in group:
            store.execute(
                "UPDATE article_entities SET entity_id = ? WHERE article_id = ? AND local_id = ?",
                (target, article_id, local_id),
            )
            store.execute(
                "UPDATE quotes SET speaker_id = ? WHERE article_id = ? AND speaker_local = ?",
                (target, article_id, local_id),
            )
            articles.add(article_id)
        touched.add(target)
        out.append({"from": eid, "id": target, "name": label, "articles": len(group)})
    for article_id in sorted(articles):
        refresh_about(store, article_id)
    for changed in sorted(touched):
        refresh_counts(store, changed)
        refresh_listings(store, changed)
        _rekey(store, changed)
    return out


def _row_keys(type_: str, name: str) -> set[str]:
    return set(entity_keys(name, type_, [name]).strong)


def _most_common(labels: list[str]) -> str:
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        counts[label] += 1
    return max(sorted(counts), key=lambda n: counts[n])


def _holder(store: Store, eid: int, type_: str, name: str) -> int | None:
    """The one other live entity of ``type_`` that holds ``name``'s key already."""
    keys = sorted(_row_keys(type_, name))
    if not keys:
        return None
    marks = ", ".join("?" for _ in keys)
    found = store.rows(
        f"SELECT DISTINCT k.entity_id FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
        f"WHERE k.key IN ({marks}) AND e.type = ? AND e.merged_into IS NULL "
        "AND k.entity_id <> ?",
        (*keys, type_, eid),
    )
    return found[0]["entity_id"] if len(found) == 1 else None


def _rekey(store: Store, eid: int) -> None:
    """The entity's keys, recomputed from the names and mentions its articles use now:
    a description's stale key ("o:company") leads nowhere any more."""
    keys = keys_of(store, eid)
    store.execute("DELETE FROM entity_keys WHERE entity_id = ?", (eid,))
    store.executemany(
        "INSERT INTO entity_keys (key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(k, eid) for k in keys],
    )
