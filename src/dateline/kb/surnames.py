"""Surname-only people joined, when read, to the one full-name person they can be.

An article that calls someone only "Yeutter" gives a surname-only entity (the resolver
joins it at write time only with a shared title). Here it stands for the full-name person
of that surname who was mentioned within ``sightings.WINDOW_DAYS`` around its articles,
when exactly one such person exists. With two or more ("Baker": James Baker, Howard
Baker) nothing is joined and queries list every candidate with its counts.

Computed from the store as it is when read, never written: so the answer does not depend
on which article came first, and a second Baker arriving later re-opens the question. A
user's split (``entity_distinct``) keeps two entities apart; a user's merge has already
joined them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.kb import spellings
from dateline.kb.sightings import seen_between, title_heads, window

if TYPE_CHECKING:
    from dateline.store.db import Store

#: Fewest articles a full-name person must be named in to stand for a bare surname: a
#: name seen once is too little to know whom a surname elsewhere means.
MIN_ARTICLES = 2
#: An honorific just before a mention ("Mr Nakasone", "Mrs. Thatcher").
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.?\s+$")


@dataclass
class Candidate:
    id: int
    name: str
    n_quotes: int
    n_articles: int


@dataclass
class SurnameReading:
    """What a surname-only entity can stand for: one candidate is a join."""

    id: int
    surname: str
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def target(self) -> int | None:
        return self.candidates[0].id if len(self.candidates) == 1 else None


def surname_key(store: Store, eid: int) -> str | None:
    """The ``s:`` key of a live person known only by a surname, else None."""
    rows = store.rows(
        "SELECT k.key FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
        "WHERE k.entity_id = ? AND e.type = 'PERSON' AND e.merged_into IS NULL",
        (eid,),
    )
    keys = [r["key"] for r in rows]
    if any(k.startswith("p:") for k in keys):
        return None
    weak = [k for k in keys if k.startswith("s:")]
    return weak[0] if len(weak) == 1 else None


def read(store: Store, eid: int) -> SurnameReading | None:
    """The full-name people a surname-only entity ``eid`` can be; None when ``eid`` is
    not a surname-only person."""
    key = surname_key(store, eid)
    if key is None:
        return None
    reading = SurnameReading(eid, key[2:])
    heads = title_heads(store, eid)
    before = _written_before(store, eid)
    # NER also calls oil fields ("the Miller field"), plans ("the Marshall plan") and firms
    # ("Phillips and Drew") people: a bare surname joins only when the text shows a person
    # (they speak, hold a title or carry an honorific: "Mr Nakasone"). And a name particle
    # NER left out ("Orlando dos Santos … dos Santos said" read as "Santos") names the
    # person by a longer name, which another Santos of the store does not share.
    speaks = bool(store.scalar("SELECT n_quotes FROM entities WHERE id = ?", (eid,)))
    if not (speaks or heads or any(_HONORIFIC.search(b) for b in before)):
        return reading
    if any(_PARTICLE.search(b) for b in before):
        return reading
    here = _named_in_same_article(store, eid, key)
    if here:
        # "dos Santos said" in a story that names Orlando dos Santos is him, whoever else
        # of that surname the store knows.
        reading.candidates = [Candidate(**r) for r in _through_spellings(store, here)]
        return reading
    lo, hi = window(store, [eid])
    rows = store.rows(
        "SELECT DISTINCT e.id, e.name, e.n_quotes, e.n_articles FROM entity_keys k "
        "JOIN entities e ON e.id = COALESCE((SELECT merged_into FROM entities m "
        "WHERE m.id = k.entity_id), k.entity_id) "
        "WHERE k.key = ? AND e.type = 'PERSON' AND e.merged_into IS NULL AND e.id <> ? "
        "AND EXISTS (SELECT 1 FROM entity_keys p WHERE p.entity_id = e.id AND p.key LIKE 'p:%') "
        "AND NOT EXISTS (SELECT 1 FROM entity_distinct d WHERE (d.a = e.id AND d.b = ?) "
        "OR (d.a = ? AND d.b = e.id)) "
        "ORDER BY e.n_quotes DESC, e.n_articles DESC, e.id",
        (key, eid, eid, eid),
    )
    for r in _through_spellings(store, rows):
        if r["n_articles"] < MIN_ARTICLES or not r["name"][:1].isupper():
            continue  # "bill Reagan" (a bill) is no one's full name
        if lo is not None and not seen_between(store, r["id"], lo, hi):
            continue
        # "King Hussein" is not the Hussein titled President elsewhere.
        theirs = title_heads(store, r["id"]) if heads else set()
        if heads and theirs and not heads & theirs:
            continue
        reading.candidates.append(Candidate(r["id"], r["name"], r["n_quotes"], r["n_articles"]))
    return reading


def _through_spellings(store: Store, people: list[dict]) -> list[dict]:
    """``people`` (rows of id, name, n_quotes, n_articles) with a rare misspelling
    ("George Schultz") read as the spelling the store mostly uses (George Shultz,
    ``kb.spellings``), each person once: the checks that follow are on that person."""
    out: list[dict] = []
    for r in people:
        common = spellings.common_spelling(store, r["id"])
        if common is not None:
            r = store.one(
                "SELECT id, name, n_quotes, n_articles FROM entities WHERE id = ?", (common,)
            )
        if all(o["id"] != r["id"] for o in out):
            out.append(dict(r))
    return out


def joined_to(store: Store, ids: list[int]) -> list[int]:
    """The surname-only entities whose one candidate is among ``ids`` (full-name people):
    "Yeutter" in the stories that never write his given name, for Clayton Yeutter; with a
    misspelling of one of them in ``ids`` ("George Schultz"), its bare surname too."""
    out: list[int] = []
    wanted = set(ids)
    for eid in ids:
        keys = store.rows(
            "SELECT key FROM entity_keys WHERE entity_id = ? AND key LIKE 's:%'", (eid,)
        )
        for key in {r["key"] for r in keys}:
            rows = store.rows(
                "SELECT DISTINCT e.id FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
                "WHERE k.key = ? AND e.merged_into IS NULL AND e.type = 'PERSON' AND e.id <> ?",
                (key, eid),
            )
            for r in rows:
                reading = read(store, r["id"])
                if reading is not None and reading.target in wanted and r["id"] not in out:
                    out.append(r["id"])
    return out


#: Name particles: "dos Santos", "de Clercq", "van den Broek", "bin Laden".
_PARTICLE = re.compile(
    r"\b(?:dos|das|do|da|de|del|della|di|du|van|von|der|den|ter|bin|ibn|al|el|le|la)\s+$"
)


def _written_before(store: Store, eid: int) -> list[str]:
    """The few characters before each of an entity's mentions (its first 20)."""
    rows = store.rows(
        "SELECT m.start_char, a.text FROM article_entities ae JOIN mentions m "
        "ON m.article_id = ae.article_id AND m.local_id = ae.local_id "
        "JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id = ? LIMIT 20",
        (eid,),
    )
    return [r["text"][max(0, r["start_char"] - 6) : r["start_char"]] for r in rows]


def _named_in_same_article(store: Store, eid: int, key: str) -> list[dict]:
    """Full-name people of that surname in the surname's own articles."""
    rows = store.rows(
        "SELECT DISTINCT e.id, e.name, e.n_quotes, e.n_articles FROM article_entities mine "
        "JOIN article_entities other ON other.article_id = mine.article_id "
        "JOIN entity_keys k ON k.entity_id = other.entity_id AND k.key = ? "
        "JOIN entities e ON e.id = other.entity_id "
        "WHERE mine.entity_id = ? AND e.id <> ? AND e.type = 'PERSON' "
        "AND e.merged_into IS NULL "
        "AND EXISTS (SELECT 1 FROM entity_keys p WHERE p.entity_id = e.id AND p.key LIKE 'p:%') "
        "ORDER BY e.id",
        (key, eid, eid),
    )
    return [dict(r) for r in rows]
