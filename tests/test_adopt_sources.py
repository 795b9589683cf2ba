"""A named source the speaker stage left without a speaker, that the coreference stage
has since made one entity's mention ("Rei Shiratori … “…,” Shiratori said": NER missed
both), gets that entity as its speaker (``quotes.adopt_named_sources``): a record whose
entity holds the source while its speaker is unknown would say two things at once."""

from __future__ import annotations

import pytest
import spacy

from dateline.nlp import extensions
from dateline.nlp.quotes import adopt_named_sources
from dateline.types import Entity, Mention, Quote

extensions.register()

TEXT = (
    "Rei Shiratori teaches politics at Dokkyo University. "
    '"I expect a new leader soon," Shiratori said.'
)
SOURCE = TEXT.index("Shiratori said")
QUOTE = (TEXT.index('"I expect'), TEXT.index(" Shiratori said"))


def _doc(holders: list[tuple[str, str]], kind: str = "unknown", via: str = "name"):
    """A document whose quote's source "Shiratori" is held by ``holders`` (type, name)."""
    doc = spacy.blank("en")(TEXT)
    source = Mention(SOURCE, SOURCE + len("Shiratori"), "Shiratori")
    doc._.entities = [
        Entity(id=f"e{i}", name=name, type=type_, mentions=[source])
        for i, (type_, name) in enumerate(holders, start=1)
    ]
    doc._.quotes = [
        Quote(
            id="q1",
            kind="direct",
            start=QUOTE[0],
            end=QUOTE[1],
            text=TEXT[slice(*QUOTE)],
            source=source,
            speaker_kind=kind,
            via=via,
            description="Shiratori",
        )
    ]
    return doc


def test_a_named_source_an_entity_now_holds_is_that_entitys():
    doc = _doc([("PERSON", "Rei Shiratori")])
    assert adopt_named_sources(doc) == 1
    quote = doc._.quotes[0]
    assert (quote.speaker, quote.speaker_kind, quote.via) == ("e1", "named", "surname")
    assert quote.confidence == pytest.approx(0.9)
    assert quote.description is None
    # The quote's "I" is now its speaker's mention too.
    mentions = {(m.start, m.text) for m in doc._.entities[0].mentions}
    assert (TEXT.index("I expect"), "I") in mentions


@pytest.mark.parametrize(
    ("holders", "kind", "via"),
    [
        ([("PERSON", "Rei Shiratori"), ("ORG", "Shiratori Corp")], "unknown", "name"),
        ([("GPE", "Shiratori")], "unknown", "name"),  # a place speaks through no one
        ([("PERSON", "Rei Shiratori")], "unnamed", "description"),
        ([("PERSON", "Rei Shiratori")], "unknown", "pronoun"),
        ([], "unknown", "name"),
    ],
)
def test_no_speaker_where_the_holder_is_not_one_named_speaker(holders, kind, via):
    doc = _doc(holders, kind, via)
    assert adopt_named_sources(doc) == 0
    assert doc._.quotes[0].speaker is None


def test_a_common_word_is_a_noun_before_it_is_a_name():
    # "Anchor Expressed Fear …": a one-word source that is an English word stays unknown.
    doc = _doc([("PERSON", "Rei Shiratori")])
    assert adopt_named_sources(doc, common=frozenset({"shiratori"})) == 0
    assert doc._.quotes[0].speaker is None
