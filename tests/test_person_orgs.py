"""A campaign, an administration or a team named after its leader speaks for itself: "The
Trump campaign said …" is filed under an organisation "Trump campaign", never under Donald
Trump (the speaker stage's ``_led_by``; nouns in ``person_org_nouns.txt``)."""

from __future__ import annotations

import pytest

from dateline import Article, validate
from dateline.extraction import extract


def speakers(nlp, text: str) -> tuple[dict[str, tuple[str | None, str | None]], dict]:
    rec = next(extract([Article(text=text, published="2016-10-01")], nlp=nlp))
    validate(rec)
    entities = {e["id"]: e for e in rec["entities"]}
    found = {
        q["source"]["text"]: (
            entities[q["speaker"]["entity"]]["name"] if q["speaker"]["entity"] else None,
            entities[q["speaker"]["entity"]]["type"] if q["speaker"]["entity"] else None,
        )
        for q in rec["quotes"]
        if q["source"]
    }
    return found, entities


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "name", "type_"),
    [
        ("Donald Trump spoke in Ohio on Friday.\n\nThe Trump campaign said the rally drew "
         "10,000 people.", "The Trump campaign", "Trump campaign", "ORG"),
        ("Hillary Clinton spoke in Ohio on Friday.\n\nHillary Clinton's campaign said the "
         "numbers were inflated.", "Hillary Clinton's campaign", "Clinton campaign", "ORG"),
        ("Barack Obama met the king on Friday.\n\nThe Obama administration said it would "
         "not comment.", "The Obama administration", "Obama administration", "ORG"),
        # A government named by its country speaks for the country.
        ("New Zealand plans a vote.\n\nOn Tuesday, the New Zealand government announced "
         "the start of a public process.", "the New Zealand government", "New Zealand",
         "GPE"),
        # An adjective: the country, made for it where the article does not name it.
        ("The talks resumed in Geneva.\n\nThe Chinese government said the talks would "
         "resume.", "The Chinese government", "China", "GPE"),
        # A lower-case adjective between does not matter.
        ("WARSAW, Feb 26 - Poland's communist government said it had taken an economic "
         "risk.", "Poland's communist government", "Poland", "GPE"),
    ],
)  # fmt: skip
def test_a_campaign_is_its_own_organisation_and_a_government_its_country(
    nlp, text, source, name, type_
):
    found, _ = speakers(nlp, text)
    assert found[source] == (name, type_)


@pytest.mark.model
def test_the_campaign_named_twice_is_one_organisation(nlp):
    text = (
        "Donald Trump spoke in Ohio on Friday.\n\nThe Trump campaign said the rally drew "
        "10,000 people. Later, Trump's campaign said the figure was 12,000."
    )
    found, entities = speakers(nlp, text)
    assert found["The Trump campaign"] == found["Trump's campaign"] == ("Trump campaign", "ORG")
    assert [e["name"] for e in entities.values()].count("Trump campaign") == 1


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "name"),
    [
        ("Hillary Clinton spoke in Ohio on Friday. Her campaign said the event drew "
         "10,000 people.", "Her campaign", "Clinton campaign"),
        ("Barack Obama met the king on Friday. His administration said it would not "
         "comment.", "His administration", "Obama administration"),
    ],
)  # fmt: skip
def test_his_campaign_is_the_organisation_of_the_person_he_stands_for(nlp, text, source, name):
    rec = next(extract([Article(text=text, published="2016-10-01")], nlp=nlp))
    entities = {e["id"]: e for e in rec["entities"]}
    [quote] = [q for q in rec["quotes"] if q["source"] and q["source"]["text"] == source]
    assert entities[quote["speaker"]["entity"]]["name"] == name
    assert quote["speaker"]["via"] == "pronoun"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "name"),
    [
        ("A new ad from Donald Trump’s presidential campaign is seizing on recent comments. "
         "The ad uses footage of Hillary Clinton. The campaign says the ad will air "
         "nationally.",
         "The campaign", "Trump campaign"),
        ("Barack Obama met the king on Friday. The Obama administration plans talks. The "
         "administration said it would not comment.", "The administration",
         "Obama administration"),
        # One "the campaign" after another: the organisation the first was found for.
        ("In an email thread with Cruz’s campaign, Breitbart News asked again. The "
         "campaign said it would not answer. Later the campaign said it had no comment.",
         "the campaign", "Cruz campaign"),
    ],
)  # fmt: skip
def test_the_campaign_is_the_one_named_before(nlp, text, source, name):
    rec = next(extract([Article(text=text, published="2016-10-01")], nlp=nlp))
    entities = {e["id"]: e for e in rec["entities"]}
    [quote] = [q for q in rec["quotes"] if q["source"] and q["source"]["text"] == source]
    assert quote["speaker"]["entity"] is not None, quote
    assert entities[quote["speaker"]["entity"]]["name"] == name
    assert quote["speaker"]["via"] == "description"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source"),
    [
        # The nearest candidate is no evidence: only a campaign the text named.
        ("Hillary Clinton spoke in Ohio on Friday.\n\nThe campaign said the rally drew "
         "10,000 people.", "The campaign"),
        # The nearest campaign named is no one person's; and "the campaigns" are several.
        ("The Trump campaign met the press. The ad campaign starts soon. The campaign "
         "said the rally drew 10,000 people.", "The campaign"),
        ("The Clinton campaign met the press. The campaigns said the debate would go "
         "ahead.", "The campaigns"),
        # "his" that names no one, or a team (a club's as well as a leader's), is no
        # organisation of one leader.
        ("His campaign said the rally drew 10,000 people.", "His campaign"),
        ("Donald Trump met Mike Pence on Friday. His campaign said the rally drew 10,000 "
         "people.", "His campaign"),
        ("Jose Mourinho spoke on Friday. His team said the match would go ahead.",
         "His team"),
        # The nearest who may be "her" is one whose gender the article never told.
        ("Hillary Clinton spoke in Harlem. Sanders met Al Sharpton there the next "
         "morning. Her campaign said the mothers would campaign for her.", "Her campaign"),
        # A campaign named by no person, or by two, is no organisation of one leader.
        ("The campaign said the rally drew 10,000 people.", "The campaign"),
        ("Donald Trump met Mike Pence on Friday.\n\nThe Trump and Pence campaign said the "
         "rally drew 10,000 people.", "The Trump and Pence campaign"),
    ],
)  # fmt: skip
def test_a_campaign_without_one_leader_is_not_made_an_organisation(nlp, text, source):
    found, _ = speakers(nlp, text)
    assert found[source] == (None, None)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "name"),
    [
        # A text written in the person's name: the author speaks.
        ("Senator John Cornyn criticized the decision. Cornyn's statement added, "
         "\"There is no question Houston should have been selected.\"",
         "Cornyn's statement", "John Cornyn"),
        # A spokesman is someone else: never the person he speaks for.
        ("Donald Trump spoke on Monday. Trump's spokesman said the rally would go ahead.",
         "Trump's spokesman", None),
    ],
)  # fmt: skip
def test_a_statement_of_a_person_is_theirs_but_their_spokesman_is_not(nlp, text, source, name):
    found, _ = speakers(nlp, text)
    assert found[source][0] == name
