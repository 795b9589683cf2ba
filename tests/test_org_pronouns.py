""" "its" and "it" join the organisation or country that is their clause's subject."""

from __future__ import annotations

import re

import pytest

from dateline.nlp.org_pronouns import link_org_pronouns, retype_neuter_persons
from dateline.types import Entity, Mention


def linked(nlp, text: str) -> dict[str, list[str]]:
    doc = nlp(text)
    link_org_pronouns(doc, doc._.entities)  # idempotent: the coref stage may have run
    return {
        e.name: [m.text for m in e.mentions if m.text.lower() in {"it", "its"}]
        for e in doc._.entities
        if e.type in {"ORG", "GPE"}
    }


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "pronouns"),
    [
        ("Apple Inc said its profits rose.", "Apple Inc", ["its"]),
        ("General Motors Corp said it would cut its forecast.", "General Motors Corp",
         ["it", "its"]),
        ("Japan said it would not devalue its currency.", "Japan", ["it", "its"]),
        ("Reuters reported that the Bank of Japan raised its rates.", "Bank of Japan",
         ["its"]),
        # Written after the pronoun: the clause that reports it, or the pronoun's own.
        ("It will appeal the ruling, the Justice Department said.", "Justice Department",
         ["It"]),
        ("In its ruling, the Supreme Court rejected the appeal.", "Supreme Court", ["its"]),
    ],
)  # fmt: skip
def test_its_is_the_organisation_its_clause_speaks_of(nlp, text, name, pronouns):
    assert linked(nlp, text)[name] == pronouns


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # Another subject stands between: its "its" is the plan's.
        "The plan lost its support in Congress, Apple Inc said.",
        # An "it" of nobody.
        "It is likely that Apple Inc will raise prices.",
        "Apple Inc said the deal, which lost its backers, was dead.",
        # The subject of a clause above, written after the pronoun, that does not report
        # it: the "it" is the site's, not the interviewer's.
        "The site is a wiki. It recently published its 50,000th article, and to discuss "
        "what the site has achieved since its creation, Reuters interviewed the site's "
        "founder.",
    ],
)
def test_no_link_where_the_subject_is_something_else(nlp, text):
    assert not any(linked(nlp, text).values())


def test_no_entities_no_work():
    import spacy

    doc = spacy.blank("en")("Its profits rose.")
    assert link_org_pronouns(doc, []) == 0


@pytest.mark.model
def test_a_pronoun_in_a_verbless_line_ends_the_walk(nlp):
    # The walk up from "its" reaches a root that is no verb: no link, and it stops.
    assert not any(linked(nlp, "Apple Inc news. Its shares up, its profits too.").values())


@pytest.mark.model
def test_two_entities_holding_one_span_do_not_stop_the_stage(nlp):
    from dateline.types import Entity, Mention

    doc = nlp("Apple Inc said its profits rose.")
    twins = [
        Entity(f"x{i}", "Apple Inc", "ORG", mentions=[Mention(0, 9, "Apple Inc")]) for i in (1, 2)
    ]
    assert link_org_pronouns(doc, twins) == 1
    assert [m.text for m in twins[0].mentions + twins[1].mentions].count("its") == 1


def _person(text: str, name: str) -> Entity:
    """A PERSON entity with every occurrence of ``name`` as a mention (as NER may type a
    one-word firm)."""
    mentions = [Mention(m.start(), m.end(), name) for m in re.finditer(rf"\b{name}\b", text)]
    return Entity("e1", name, "PERSON", mentions=mentions)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        # A one-word "person" that its own clauses call "itself" and "its".
        (
            "Twitter has positioned itself as a town square. Twitter has struggled since its "
            "listing in 2013.",
            "Twitter",
            "ORG",
        ),
        # Once is not enough.
        (
            "Twitter has positioned itself as a town square. Twitter has struggled.",
            "Twitter",
            "PERSON",
        ),
        # "its" after another noun is that noun's.
        (
            "Smith criticised the firm for its prices. Smith also faulted the bank for its fees.",
            "Smith",
            "PERSON",
        ),
        # "Smith said it …" is no evidence: no walk up to a reporting clause.
        ("Smith said its plan failed. Smith said it would cut its losses.", "Smith", "PERSON"),
        # A given name is a person's.
        (
            "Maria has positioned itself badly. Maria has struggled since its start.",
            "Maria",
            "PERSON",
        ),
    ],
)
def test_a_one_word_person_the_text_calls_its_is_an_organisation(nlp, text, name, kind):
    doc = nlp(text)
    entity = _person(text, name)
    given = frozenset({"maria"})
    retype_neuter_persons(doc, [entity], given)
    assert entity.type == kind
