"""Finding entities by a name the user typed: fuzzy, transliteration-tolerant."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

from dateline.errors import DatelineError
from dateline.kb import spellings, surnames
from dateline.kb.keys import entity_keys, is_acronym, translit
from dateline.store.db import like_escape, row_id, starts_with

if TYPE_CHECKING:
    from dateline.store.db import Store

#: How many close names an "unknown name" message suggests.
SUGGESTIONS = 5
#: How similar (difflib ratio) a name must be to be suggested.
SIMILAR = 0.75


class UnknownEntity(DatelineError):
    """No entity in the store matches a name."""

    def __init__(self, name: str, role: str, suggestions: list[str]) -> None:
        suggestions = [" ".join(s.split()) for s in suggestions]  # a wrapped name: one line
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
        eid = row_id(name)  # None for 2**63 and up: no row can have that id
        row = None
        if eid is not None:
            row = store.one("SELECT id, merged_into FROM entities WHERE id = ?", (eid,))
        if row is None:
            raise UnknownEntity(str(name).strip(), role, [])
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
    tiers = [sorted(set(person.strong + org.strong)), weak]
    if len(name.split()) == 1:
        # One word is as likely a surname as a name: "Volcker" is Paul Volcker even
        # where one article's "Volcker" was taken for an organisation.
        tiers = [sorted(set(tiers[0] + tiers[1]))]
    for keys in tiers:
        if keys and not found:
            found = _ids(store, "SELECT DISTINCT entity_id FROM entity_keys WHERE key IN "
                         f"({', '.join('?' for _ in keys)})", keys)  # fmt: skip
    if not found:
        words = [translit(w) for w in name.split() if len(translit(w)) >= 2]
        if words:
            where = " AND ".join("key LIKE ? ESCAPE '\\'" for _ in words)
            found = _ids(
                store,
                f"SELECT DISTINCT entity_id FROM entity_keys WHERE {where}",
                [f"%{like_escape(w)}%" for w in words],
            )
    if not found:
        raise UnknownEntity(name, role, suggest(store, name))
    return through_surnames(store, found)


def through_surnames(store: Store, ids: list[int]) -> list[int]:
    """``ids`` with each surname-only person that stands for one full-name person
    (``kb.surnames``), and each rare misspelling of a full name (``kb.spellings``),
    replaced by that person; full-name people first."""
    out: list[int] = []
    for eid in ids:
        target, _ = _person_read(store, eid)
        if target is not None and target not in out:
            out.append(target)
        elif target is None and eid not in out:
            out.append(eid)
    full = [e for e in out if surnames.surname_key(store, e) is None]
    return full + [e for e in out if e not in full]


def everyone_for(store: Store, ids: list[int]) -> list[int]:
    """``ids`` and the entities read as one of them: their rare misspellings ("George
    Schultz" for George Shultz) and the bare surnames that stand for them ("Yeutter")."""
    spelt, bare = _read_as_ids(store, ids)
    return [*ids, *spelt, *bare]


def read_as(store: Store, eid: int) -> list[dict]:
    """The names read as ``eid`` (rows of id, name, articles, how): its rare misspellings
    (how "misspelling") and the bare surnames that stand for it ("surname"), so a page can
    say how its statements reached it. The entities of one name are one row ("Reagan" in
    344 stories, an entity each): their articles summed, the id of the first."""
    out: dict[tuple[str, str], dict] = {}
    for how, ids in zip(("misspelling", "surname"), _read_as_ids(store, [eid]), strict=True):
        for i in ids:
            row = store.one("SELECT name, n_articles FROM entities WHERE id = ?", (i,))
            name = " ".join(row["name"].split())
            seen = out.setdefault((name, how), {"id": i, "name": name, "articles": 0, "how": how})
            seen["articles"] += row["n_articles"]
    return sorted(out.values(), key=lambda r: (r["how"] != "misspelling", -r["articles"]))


def _read_as_ids(store: Store, ids: list[int]) -> tuple[list[int], list[int]]:
    """The rare misspellings of ``ids`` (``kb.spellings``), and the bare surnames that
    stand for one of them or of those misspellings (``kb.surnames``), none in ``ids``.
    Kept while the store is unchanged (``Store.keep``): a person's page asks three times,
    for the quotes by them, the quotes about them and what is read as them."""

    def compute() -> tuple[list[int], list[int]]:
        spelt = [e for e in spellings.misspelt_as(store, ids) if e not in ids]
        bare = [e for e in surnames.joined_to(store, [*ids, *spelt]) if e not in ids + spelt]
        return spelt, bare

    spelt, bare = store.keep(("read as", tuple(ids)), compute)
    return list(spelt), list(bare)


def stands_for(store: Store, eid: int) -> dict | None:
    """The person ``eid`` is read as (id, name, how), when it is a bare surname that stands
    for one full-name person ("surname") or a rare misspelling ("misspelling"); else None."""
    target, how = _person_read(store, eid)
    if target is None:
        return None
    name = store.scalar("SELECT name FROM entities WHERE id = ?", (target,))
    return {"id": target, "name": name, "how": how}


def _person_read(store: Store, eid: int) -> tuple[int | None, str]:
    """(the person ``eid`` is read as, how): a bare surname's one full-name person
    ("surname", ``kb.surnames``), else the usual spelling of a rare misspelling
    ("misspelling", ``kb.spellings``); (None, "") when it is read as no one else."""
    return store.keep(("person read", eid), lambda: _person_read_now(store, eid))


def _person_read_now(store: Store, eid: int) -> tuple[int | None, str]:
    reading = surnames.read(store, eid)
    if reading is not None:
        return reading.target, "surname" if reading.target is not None else ""
    common = spellings.common_spelling(store, eid)
    return common, "misspelling" if common is not None else ""


def people_named(store: Store, name: str) -> list[surnames.Candidate]:
    """Every full-name person a one-word name can be, with counts, when it can be more
    than one ("Baker": James Baker 12, Howard Baker 3); else an empty list."""
    if len(name.split()) != 1:
        return []
    try:
        ids = find_entities(store, name)
    except UnknownEntity:
        return []
    rows = [
        store.one("SELECT id, name, type, n_quotes, n_articles FROM entities WHERE id = ?", (e,))
        for e in ids
    ]
    people = [
        surnames.Candidate(r["id"], r["name"], r["n_quotes"], r["n_articles"])
        for r in rows
        if r is not None and r["type"] == "PERSON" and surnames.surname_key(store, r["id"]) is None
    ]
    # A one-off form ("Paul A Volcker" in one story, no quote) is no rival worth naming.
    people = [p for p in people if p.n_quotes or p.n_articles > 1]
    people.sort(key=lambda c: (-c.n_quotes, -c.n_articles, c.id))
    return people if len(people) > 1 else []


def _ids(store: Store, sql: str, params: list) -> list[int]:
    rows = store.rows(
        f"SELECT e.id, COALESCE(e.merged_into, e.id) AS live FROM entities e WHERE e.id IN ({sql})",
        params,
    )
    return sorted({r["live"] for r in rows})


def suggest(store: Store, name: str, n: int = SUGGESTIONS) -> list[str]:
    """Entity names close to ``name``, whole or word by word ("Lavrof" -> "Sergei Lavrov").

    Bounded: only entities with a key that starts like one of the typed words (its first
    :data:`PREFIX` letters, after transliteration folding) are compared, at most
    :data:`CANDIDATES` keys per word, read from the ``entity_keys`` index; a misspelt
    first letter finds nothing. The cost no longer grows with the store.
    """
    matcher = difflib.SequenceMatcher(None)
    matcher.set_seq2(name.lower())  # difflib indexes the second sequence once
    scored: dict[str, float] = {}
    for candidate in _candidate_names(store, name):
        for part in (candidate.lower(), *candidate.lower().split()):
            matcher.set_seq1(part)
            # The cheap upper bounds first: most candidates stop there.
            if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
                continue
            score = matcher.ratio()
            if score >= SIMILAR:
                scored[candidate] = max(score, scored.get(candidate, 0.0))
    return [c for c, _ in sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


#: Letters a typed word and a suggested name's key must share at their start.
PREFIX = 2
#: The most keys read per typed word and key kind when looking for suggestions.
CANDIDATES = 500


def _candidate_names(store: Store, name: str) -> list[str]:
    """Names of live entities with a key starting like a word of ``name``: the first word
    against full names (``p:``, ``o:``), every word against surnames (``s:``)."""
    words = [translit(w) for w in name.split()]
    words = [w for w in words if len(w) >= PREFIX]
    if not words:
        return []
    starts = {f"p:{words[0][:PREFIX]}", f"o:{words[0][:PREFIX]}"}
    starts |= {f"s:{w[:PREFIX]}" for w in words}
    ids: set[int] = set()
    for start in sorted(starts):
        sql, params = starts_with(store, "key", start)  # the (key, entity_id) primary key
        rows = store.rows(
            f"SELECT entity_id FROM entity_keys WHERE {sql} LIMIT ?", [*params, CANDIDATES]
        )
        ids.update(r["entity_id"] for r in rows)
    if not ids:
        return []
    found = sorted(ids)
    names = []
    for i in range(0, len(found), 500):  # SQLite's bound-parameter limit
        chunk = found[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = store.rows(
            f"SELECT name FROM entities WHERE id IN ({marks}) AND merged_into IS NULL", chunk
        )
        names += [r["name"] for r in rows]
    return sorted(set(names))
