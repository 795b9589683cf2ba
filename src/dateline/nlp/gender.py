"""A person's likely gender, guessed from the article, only to rule readings out.

"Mr."/"Mrs."/"Ms." before a mention, a gendered title ("chairwoman") or a common given
name (``first_names_*.txt``) tell it. The guess keeps "he" from a woman's name and
"Mr. Khan" from Ghazala Khan; it is never stored or shown.
"""

from __future__ import annotations

from dateline import lexicons, names
from dateline.types import Entity, Mention

_HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f"}


def of_mention(text: str, mention: Mention) -> str | None:
    """ "m" or "f" where an honorific opens the mention or stands right before it (the
    entity stage trims "Mr."/"Mrs." off the name: read them before it)."""
    before = text[max(0, mention.start - 6) : mention.start].split()
    words = (before[-1:] if before else []) + mention.text.split()[:1]
    return next(
        (_HONORIFIC_GENDER[w.lower()] for w in words if w.lower() in _HONORIFIC_GENDER), None
    )


def of_entity(text: str, entity: Entity) -> str | None:
    """ "m" or "f" where an honorific of a mention, a title or a common given name tells
    it, in that order; None where nothing does."""
    for m in entity.mentions:
        found = of_mention(text, m)
        if found:
            return found
    return of_person(entity) if entity.type == "PERSON" else None


def of_person(entity: Entity) -> str | None:
    """ "m" or "f" where a title or a common given name of the person tells it."""
    for title in entity.titles:
        low = title.lower()
        if "woman" in low or "chairwoman" in low:
            return "f"
        if "man" in low.split():
            return "m"
    first = names.name_parts(entity.name)[:1]
    if first and first[0] in lexicons.load("first_names_female"):
        return "f"
    if first and first[0] in lexicons.load("first_names_male"):
        return "m"
    return None


def genders(text: str, entities: list[Entity]) -> dict[str, str]:
    """Entity id -> "m" or "f" for the entities whose gender the article tells."""
    out: dict[str, str] = {}
    for e in entities:
        found = of_entity(text, e)
        if found:
            out[e.id] = found
    return out
