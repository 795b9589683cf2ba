"""Finding entities by a name the user typed: fuzzy, transliteration-tolerant."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from dateline.errors import DatelineError
from dateline.kb.keys import entity_keys, is_acronym, translit

if TYPE_CHECKING:
    from dateline.store.db import Store

#: How many close names an "unknown name" message suggests.
SUGGESTIONS = 5
#: How similar (difflib ratio) a name must be to be suggested.
SIMILAR = 0.75


class UnknownEntity(DatelineError):
    """No entity in the store matches a name."""

    def __init__(self, name: str, role: str, suggestions: list[str]) -> None:
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no {role} in the knowledge base matches {name!r}{hint}")
        self.name = name
        self.suggestions = suggestions


def find_entities(store: Store, name: str | int, role: str = "entity") -> list[int]:
    """Ids of the live entities ``name`` can mean, best first; raise :class:`UnknownEntity`.

    ``name`` may be an entity id, a full name in any transliteration ("Sergey Lavrov"),
    a surname or any word of a name ("Lavrov"), an acronym or a long form.
    """
    if isinstance(name, int) or (isinstance(name, str) and name.strip().isdigit()):
        eid = int(name)
        row = store.one("SELECT id, merged_into FROM entities WHERE id = ?", (eid,))
        if row is None:
            raise UnknownEntity(str(name), role, [])
        return [row["merged_into"] or row["id"]]
    name = name.strip()
    if not name:
        raise UnknownEntity(name, role, [])
    # Strong keys first (a full name in any transliteration, an organisation's name);
    # then weak ones (a surname, the long forms of an acronym); then any-word matches.
    person, org = entity_keys(name, "PERSON"), entity_keys(name, "ORG", [name])
    weak = [k for k in person.weak if len(name.split()) == 1]
    if is_acronym(name):  # "EU" also finds "European Union"
        weak.append(f"a:{name.replace('.', '').lower()}")
    found: list[int] = []
    for keys in (sorted(set(person.strong + org.strong)), weak):
        if keys and not found:
            found = _ids(store, "SELECT DISTINCT entity_id FROM entity_keys WHERE key IN "
                         f"({', '.join('?' for _ in keys)})", keys)  # fmt: skip
    if not found:
        words = [translit(w) for w in name.split() if len(translit(w)) >= 2]
        if words:
            where = " AND ".join("key LIKE ?" for _ in words)
            found = _ids(
                store,
                f"SELECT DISTINCT entity_id FROM entity_keys WHERE {where}",
                [f"%{w}%" for w in words],
            )
    if not found:
        raise UnknownEntity(name, role, suggest(store, name))
    return found


def _ids(store: Store, sql: str, params: list) -> list[int]:
    rows = store.rows(
        f"SELECT e.id, COALESCE(e.merged_into, e.id) AS live FROM entities e WHERE e.id IN ({sql})",
        params,
    )
    return sorted({r["live"] for r in rows})


def suggest(store: Store, name: str, n: int = SUGGESTIONS) -> list[str]:
    """Entity names close to ``name``, whole or word by word ("Lavrof" -> "Sergei Lavrov")."""
    wanted = name.lower()
    scored = []
    for row in store.rows("SELECT DISTINCT name FROM entities WHERE merged_into IS NULL"):
        candidate = row["name"]
        parts = [candidate.lower(), *candidate.lower().split()]
        score = max(difflib.SequenceMatcher(None, wanted, p).ratio() for p in parts)
        if score >= SIMILAR:
            scored.append((-score, candidate))
    return [c for _, c in sorted(scored)[:n]]
