"""Cross-article entity resolution: each article's entity joins one knowledge-base entity.

The rules (see :mod:`dateline.kb.keys` for the keys):

1. A strong key already in the store (same full name up to transliteration, same
   organisation name or acronym) joins that entity.
2. A bare surname ("Lavrov", "Mr. Smith") joins a known full-name person with that
   surname only with evidence: exactly one such person shares a title with it
   ("Foreign Minister Lavrov" / "Russian Foreign Minister Sergei Lavrov").
   Without evidence it becomes an entity of its own: two "Mr. Smith"s in unrelated
   stories are never merged.
3. An acronym joins the one organisation of the same type whose long form has those
   initials, and a long form the one acronym-named one that has no long form yet;
   two candidates mean no merge.
   An article that names an organisation both ways ("the European Union (EU)") joins
   the entities seen apart so far.
4. Otherwise a new entity. Its keys are recorded, so user merges and splits (which
   move keys) decide how later articles resolve.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.kb.derived import refresh_counts, refresh_listings
from dateline.kb.keys import PERSON, Keys, better_name, entity_keys, is_acronym, title_core

if TYPE_CHECKING:
    from dateline.store.db import Store


class Resolver:
    """Resolves record entities against one store, inside the caller's transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def resolve(self, entity: dict) -> int:
        """The knowledge-base id for a record entity; creates one when nothing matches."""
        name, type_ = entity["name"], entity["type"]
        mentions = [m["text"] for m in entity.get("mentions", ())]
        keys = entity_keys(name, type_, mentions)
        eid = self._by_strong(keys, type_)
        if eid is None and type_ == PERSON and not keys.strong:
            eid = self._bare_surname(keys, entity.get("titles") or [])
        if eid is None and type_ != PERSON:
            eid = self._by_acronym(name, type_, keys)
        if eid is None:
            eid = self._create(name, type_)
        else:
            self._maybe_rename(eid, name)
        self._register(eid, keys)
        return eid

    def live(self, eid: int) -> int:
        """Follow ``merged_into`` to the entity that absorbed ``eid``."""
        seen = set()
        while eid not in seen:
            seen.add(eid)
            target = self.store.scalar("SELECT merged_into FROM entities WHERE id = ?", (eid,))
            if target is None:
                return eid
            eid = target
        return eid

    def _lookup(self, key: str) -> list[int]:
        rows = self.store.rows(
            "SELECT entity_id FROM entity_keys WHERE key = ? ORDER BY entity_id", (key,)
        )
        return sorted({self.live(r["entity_id"]) for r in rows})

    def _by_strong(self, keys: Keys, type_: str) -> int | None:
        found: list[int] = []
        for key in keys.strong:
            found += [e for e in self._lookup(key) if e not in found]
        if not found:
            return None
        if type_ != PERSON:
            # One article named them as one organisation ("the European Union (EU)"):
            # that is the evidence to join entities seen apart so far.
            for other in found[1:]:
                if not self._distinct(found[0], other):
                    move_entity(self.store, other, found[0])
        return found[0]

    def _distinct(self, a: int, b: int) -> bool:
        return distinct(self.store, a, b)

    def _bare_surname(self, keys: Keys, titles: list[str]) -> int | None:
        if not keys.weak or not titles:
            return None
        cores = {title_core(t) for t in titles} - {""}
        candidates = []
        for eid in self._lookup(keys.weak[0]):
            has_full_name = self.store.scalar(
                "SELECT COUNT(*) FROM entity_keys WHERE entity_id = ? AND key LIKE 'p:%'", (eid,)
            )
            if has_full_name and cores & self._title_cores(eid):
                candidates.append(eid)
        return candidates[0] if len(candidates) == 1 else None

    def _title_cores(self, eid: int) -> set[str]:
        return title_cores(self.store, eid)

    def _by_acronym(self, name: str, type_: str, keys: Keys) -> int | None:
        # Initials alone are weak evidence ("US" / "University of Sheffield"): the
        # types must agree too.
        if is_acronym(name):
            # "EU": the one organisation whose long form has the initials E, U.
            initials = name.replace(".", "").lower()
            found = [e for e in self._lookup(f"a:{initials}") if self._type_of(e) == type_]
        else:
            found = []
            for key in keys.weak:  # "European Union": an entity named "EU" with no long form yet
                found += [
                    e
                    for e in self._lookup(f"o:{key[2:]}")
                    if self._type_of(e) == type_ and not self._has_long_form(e)
                ]
        found = sorted(set(found))
        return found[0] if len(found) == 1 else None

    def _has_long_form(self, eid: int) -> bool:
        return bool(
            self.store.scalar(
                "SELECT COUNT(*) FROM entity_keys WHERE entity_id = ? AND key LIKE 'a:%'", (eid,)
            )
        )

    def _type_of(self, eid: int) -> str | None:
        return self.store.scalar("SELECT type FROM entities WHERE id = ?", (eid,))

    def _create(self, name: str, type_: str) -> int:
        return self.store.scalar(
            "INSERT INTO entities (name, type) VALUES (?, ?) RETURNING id", (name, type_)
        )

    def _maybe_rename(self, eid: int, name: str) -> None:
        row = self.store.one("SELECT name, type FROM entities WHERE id = ?", (eid,))
        if row and better_name(row["name"], name, row["type"]):
            self.store.execute("UPDATE entities SET name = ? WHERE id = ?", (name, eid))

    def _register(self, eid: int, keys: Keys) -> None:
        self.store.executemany(
            "INSERT INTO entity_keys (key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(key, eid) for key in keys.all],
        )


def distinct(store: Store, a: int, b: int) -> bool:
    """Whether a user split ``a`` and ``b`` apart (``entity_distinct``): never join them."""
    return bool(
        store.scalar(
            "SELECT COUNT(*) FROM entity_distinct WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
            (a, b, b, a),
        )
    )


def title_cores(store: Store, eid: int) -> set[str]:
    """The cores of the titles the articles gave an entity ("foreign minister")."""
    rows = store.rows(
        "SELECT DISTINCT t.title FROM titles t JOIN article_entities ae "
        "ON ae.article_id = t.article_id AND ae.local_id = t.local_id "
        "WHERE ae.entity_id = ?",
        (eid,),
    )
    return {title_core(r["title"]) for r in rows} - {""}


def move_entity(store: Store, src: int, dst: int) -> None:
    """Fold entity ``src`` into ``dst``: rows, quotes, keys; ``src`` points to ``dst``."""
    store.execute("UPDATE article_entities SET entity_id = ? WHERE entity_id = ?", (dst, src))
    store.execute("UPDATE quotes SET speaker_id = ? WHERE speaker_id = ?", (dst, src))
    store.execute(
        "INSERT INTO quote_entities (entity_id, quote_id, date) SELECT ?, quote_id, date "
        "FROM quote_entities WHERE entity_id = ? ON CONFLICT DO NOTHING",
        (dst, src),
    )
    store.execute("DELETE FROM quote_entities WHERE entity_id = ?", (src,))
    store.execute(
        "INSERT INTO entity_keys (key, entity_id) SELECT key, ? FROM entity_keys "
        "WHERE entity_id = ? ON CONFLICT DO NOTHING",
        (dst, src),
    )
    store.execute("DELETE FROM entity_keys WHERE entity_id = ?", (src,))
    store.execute(
        "UPDATE entities SET merged_into = ? WHERE id = ? OR merged_into = ?", (dst, src, src)
    )
    store.execute(
        "DELETE FROM entity_distinct WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
        (src, dst, dst, src),
    )
    for eid in (src, dst):
        refresh_counts(store, eid)
        refresh_listings(store, eid)
    row = store.one("SELECT name, type FROM entities WHERE id = ?", (src,))
    keep = store.one("SELECT name FROM entities WHERE id = ?", (dst,))
    if row and keep and better_name(keep["name"], row["name"], row["type"]):
        store.execute("UPDATE entities SET name = ? WHERE id = ?", (row["name"], dst))


def keys_of(store: Store, eid: int) -> list[str]:
    """The keys of every name (and, for organisations, mention) the entity's articles use."""
    keys: list[str] = []
    for row in store.rows(
        "SELECT ae.article_id, ae.local_id, ae.name, ae.type FROM article_entities ae "
        "WHERE ae.entity_id = ?",
        (eid,),
    ):
        mentions = [
            m["text"]
            for m in store.rows(
                "SELECT text FROM mentions WHERE article_id = ? AND local_id = ?",
                (row["article_id"], row["local_id"]),
            )
        ]
        keys += [k for k in entity_keys(row["name"], row["type"], mentions).all if k not in keys]
    return keys
