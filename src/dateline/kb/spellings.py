"""A full name misspelt in a few stories, read as the spelling the store mostly uses.

Wire copy misspells names: "George Schultz" for George Shultz, "Paul Vocker", "Malcolm
Baldridge". Each spelling gets its own key, so the rare one's statements miss the
person's page, and a bare "Schultz" elsewhere joins the misspelling. Here a full-name
person stands for another when the given names are the same, the surnames differ by one
letter (changed, added, dropped or two swapped) neither at the first letter nor by a
letter added at the end ("Wood"/"Woods", "Lanka"/"Lankan" are other names), and the
other spelling is far more common: in at least :data:`MIN_COMMON` articles and
:data:`RATIO` times as many as this one, within the two years around it, with no title
of its own that contradicts this one's.

Like ``kb.surnames`` (which reads a bare surname's candidates through it) it is read
from the store as it is, never written: a user's split (``entity_distinct``) keeps the
two apart and a user's merge has already joined them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.kb.resolve import distinct
from dateline.kb.sightings import seen_between, title_heads, window
from dateline.store.db import starts_with

if TYPE_CHECKING:
    from dateline.store.db import Store

#: Fewest articles the common spelling must be named in.
MIN_COMMON = 5
#: How many times as many articles the common spelling must have.
RATIO = 4
#: Shortest surname (folded) compared: short names differ by a letter as often as not.
MIN_LENGTH = 5


def one_edit(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one letter changed, added, dropped, or two neighbours
    swapped, the first letter kept and no letter added or dropped at the end."""
    if a == b or a[:1] != b[:1] or min(len(a), len(b)) < MIN_LENGTH:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long = sorted((a, b), key=len)
    if len(long) - len(short) != 1 or long[:-1] == short:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(1, len(long) - 1))


def _one_letter_off(store: Store, eid: int) -> list[tuple[int, int, int]]:
    """(id, its articles, ``eid``'s articles) of the live people whose full name is
    ``eid``'s with the surname one letter off (``one_edit``); empty when ``eid`` is not a
    live person named in full."""
    row = store.one(
        "SELECT k.key, e.n_articles FROM entity_keys k JOIN entities e ON e.id = k.entity_id "
        "WHERE k.entity_id = ? AND k.key LIKE 'p:%' AND e.type = 'PERSON' "
        "AND e.merged_into IS NULL ORDER BY k.key LIMIT 1",
        (eid,),
    )
    if row is None:
        return []
    words = row["key"][2:].split()
    # The given names and the surname's first letter: one range of the key index.
    where, params = starts_with(store, "k.key", "p:" + " ".join([*words[:-1], words[-1][:1]]))
    rows = store.rows(
        "SELECT DISTINCT e.id, k.key, e.n_articles FROM entity_keys k "
        "JOIN entities e ON e.id = k.entity_id "
        f"WHERE {where} AND e.type = 'PERSON' AND e.merged_into IS NULL AND e.id <> ?",
        [*params, eid],
    )
    out = []
    for r in rows:
        theirs = r["key"][2:].split()
        if len(theirs) == len(words) and one_edit(words[-1], theirs[-1]):
            out.append((r["id"], r["n_articles"], row["n_articles"]))
    return out


def common_spelling(store: Store, eid: int) -> int | None:
    """The person ``eid`` is a rare misspelling of, or None."""
    found: list[int] = []
    for other, m, n in _one_letter_off(store, eid):
        common = m >= max(MIN_COMMON, RATIO * n)
        if common and other not in found and not distinct(store, eid, other):
            found.append(other)
    if len(found) != 1:
        return None
    (other,) = found
    lo, hi = window(store, [eid])
    if lo is not None and not seen_between(store, other, lo, hi):
        return None
    heads = title_heads(store, eid)
    theirs = title_heads(store, other) if heads else set()
    if heads and theirs and not heads & theirs:
        return None  # "Judge John Harrington" is not Energy Secretary John Herrington
    return other


def misspelt_as(store: Store, ids: list[int]) -> list[int]:
    """The rare spellings that stand for one of ``ids``: "George Schultz" for George
    Shultz."""
    out: list[int] = []
    for eid in ids:
        for other, m, n in _one_letter_off(store, eid):
            if RATIO * m > n or other in out or other in ids:
                continue
            if common_spelling(store, other) == eid:
                out.append(other)
    return out
