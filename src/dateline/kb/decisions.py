"""The user's word over the resolver: merge entities, split an alias off an entity.

A decision moves the entity's *keys* (see :mod:`dateline.kb.keys`), not only its
rows, so every later ingest resolves new articles the way the user decided, and
it is logged in ``entity_decisions``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dateline.errors import DatelineError
from dateline.kb.derived import refresh_about, refresh_counts, refresh_listings
from dateline.kb.keys import entity_keys, fold
from dateline.kb.resolve import Resolver, keys_of, move_entity

if TYPE_CHECKING:
    from dateline.store.db import Store


class DecisionError(DatelineError):
    """A merge or split that cannot be done (unknown entity, nothing to split)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _entity(store: Store, eid: int) -> dict:
    from dateline.store.db import row_id

    row = None
    if row_id(eid) is not None:  # 2**63 and up name no row: "no entity", not an overflow
        row = store.one("SELECT id, name, type, merged_into FROM entities WHERE id = ?", (eid,))
    if row is None:
        raise DecisionError(f"no entity with id {eid}; list them with `dateline entities`")
    if row["merged_into"] is not None:
        live = Resolver(store).live(eid)
        return _entity(store, live)
    return row


def merge(store: Store, target: int, others: list[int]) -> dict:
    """Merge ``others`` into ``target``; return the surviving entity."""
    with store.transaction():
        keep = _entity(store, target)
        for other in others:
            gone = _entity(store, other)
            if gone["id"] == keep["id"]:
                raise DecisionError(f"entity {other} is already {keep['name']!r} ({keep['id']})")
            move_entity(store, gone["id"], keep["id"])
            store.execute(
                "INSERT INTO entity_decisions (action, entity_id, other_id, alias, made_at) "
                "VALUES ('merge', ?, ?, ?, ?)",
                (keep["id"], gone["id"], gone["name"], _now()),
            )
        return _entity(store, keep["id"])


def split(store: Store, eid: int, alias: str) -> dict:
    """Move the articles that call entity ``eid`` ``alias`` to a new entity; return it.

    ``alias`` matches an article's name for the entity up to case, accents and
    transliteration ("Sergey Lavrov" matches "Sergei Lavrov").
    """
    with store.transaction():
        entity = _entity(store, eid)
        eid = entity["id"]
        rows = store.rows(
            "SELECT article_id, local_id, name FROM article_entities WHERE entity_id = ?", (eid,)
        )
        wanted = _alias_keys(alias, entity["type"])
        moved = [r for r in rows if _alias_keys(r["name"], entity["type"]) == wanted]
        if not moved:
            names = sorted({r["name"] for r in rows})
            raise DecisionError(
                f"no article calls {entity['name']!r} ({eid}) {alias!r}; "
                f"its names are: {', '.join(names) or 'none'}"
            )
        if len(moved) == len(rows):
            raise DecisionError(
                f"every article calls {entity['name']!r} ({eid}) {alias!r}: nothing to split"
            )
        new = store.scalar(
            "INSERT INTO entities (name, type) VALUES (?, ?) RETURNING id",
            (moved[0]["name"], entity["type"]),
        )
        for row in moved:
            store.execute(
                "UPDATE article_entities SET entity_id = ? WHERE article_id = ? AND local_id = ?",
                (new, row["article_id"], row["local_id"]),
            )
            store.execute(
                "UPDATE quotes SET speaker_id = ? WHERE article_id = ? AND speaker_local = ?",
                (new, row["article_id"], row["local_id"]),
            )
        for article_id in sorted({r["article_id"] for r in moved}):
            refresh_about(store, article_id)
        for changed in (eid, new):
            refresh_counts(store, changed)
            refresh_listings(store, changed)
        # Keys follow the names: the alias's now lead to the new entity only, for every
        # later ingest; the old entity keeps those of the names it still has.
        alias_keys = entity_keys(alias, entity["type"], [alias])
        store.execute("DELETE FROM entity_keys WHERE entity_id = ?", (eid,))
        store.executemany(
            "INSERT INTO entity_keys (key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(k, eid) for k in keys_of(store, eid) if k not in alias_keys.strong]
            + [(k, new) for k in alias_keys.all],
        )
        store.execute(
            "INSERT INTO entity_distinct (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING", (eid, new)
        )
        store.execute(
            "INSERT INTO entity_decisions (action, entity_id, other_id, alias, made_at) "
            "VALUES ('split', ?, ?, ?, ?)",
            (eid, new, alias, _now()),
        )
        return {"id": new, "name": moved[0]["name"], "type": entity["type"], "from": eid}


def _alias_keys(name: str, type_: str) -> tuple[str, ...]:
    keys = entity_keys(name, type_, [name])
    return tuple(keys.strong) or (fold(name),)
