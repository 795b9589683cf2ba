"""The country a wire story is filed from, and "the government" of it.

"PARIS, March 18 - The government announced a three billion franc program …": a story
datelined in a national capital (``capitals.tsv``) calls the host country's government
"the government". The speaker rules file such a source under that country, as they
file "the French government" (``DescriptionRules._governed_by``) — only where no other
country is named near it and no other country's government is named before it, so a
Washington story about Brazil's debt keeps its "the government" unresolved.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from dateline import lexicons, names
from dateline.nlp.mention_index import MentionIndex
from dateline.nlp.unnamed import demonym_places, demonyms
from dateline.types import Entity

#: Government nouns a bare "the …" of which is the host country's.
GOVERNMENT_NOUNS = frozenset({"government", "cabinet"})


@cache
def capitals() -> dict[str, str]:
    """Folded capital -> country (``data/lexicons/capitals.tsv``)."""
    return {row["capital"]: row["country"] for row in lexicons.table("capitals")}


@cache
def countries() -> frozenset[str]:
    """Folded names of the countries the lexicons know (capitals' and nationalities')."""
    return demonym_places() | {names.fold(p) for p in capitals().values()}


def home_country(doc: Doc) -> str | None:
    """The country whose capital the story's dateline names ("PARIS" -> France), if any."""
    found = doc._.dateline
    place = found.dateline.place if found is not None else None
    return capitals().get(names.fold(place)) if place else None


def is_country(entity: Entity, country: str) -> bool:
    """Whether the GPE ``entity`` is ``country`` ("U.S." and "United States" are one, and
    so, by ``demonyms.tsv``, are "U.K." and Britain)."""
    if entity.type != "GPE":
        return False
    written = names.fold(entity.name)
    return (
        written == names.fold(country)
        or names.same_org(entity.name, country)
        or demonyms().get(written) == country
    )


def country_entity(index: MentionIndex, country: str, span: tuple[int, int]) -> Entity:
    """The article's entity for ``country``, made if the article never names it, with
    ``span`` added to its mentions."""
    entity = next((e for e in index.entities if is_country(e, country)), None)
    if entity is None:
        entity = Entity(id=f"e{len(index.entities) + 1}", name=country, type="GPE")
        index.entities.append(entity)
    index.add(entity, span)
    return entity
