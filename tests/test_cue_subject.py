"""A speech verb the parse left without a subject of its own takes the name written
right before it (``cues._name_before``), or before an apposition after the quote; a
gerund object takes its verb's subject: a broken parse must not lose the speaker, nor
borrow one from inside the quote."""

from __future__ import annotations

import pytest

from dateline import Article, validate
from dateline.extraction import extract


def sources(nlp, text: str) -> list[tuple[str | None, str | None]]:
    rec = next(extract([Article(text=text, published="2016-09-20")], nlp=nlp))
    validate(rec)
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return [
        (
            q["source"]["text"] if q["source"] else None,
            names.get((q["speaker"] or {}).get("entity")),
        )
        for q in rec["quotes"]
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "Tulsa" read as a verb, the name as its object; "said" borrowed "We" from inside
        # the quote.
        ("Police are investigating the shooting.\n\n“I will just make this promise to you: "
         "We will achieve justice in this case,” Tulsa police Chief Chuck Jordan said "
         "Monday.", "Chuck Jordan"),
        # The name before an apposition set off by commas, after the closing mark.
        ("“There is a lot of frustration within the ranks,” Flynn, a top Trump surrogate, "
         "said Thursday morning on Fox News.", "Flynn"),
        # A participle set off by commas took the subject of the verb after it.
        ("Varity Corp, earlier reporting a full year loss against a prior year profit, "
         "said improvement is expected in the balance of fiscal 1987.", "Varity Corp"),
        ("Herrington, asked his reaction to the White House reaction, said, \"If I were "
         "the White House, I would be cool.\"", "Herrington"),
        # A gerund object of a verb ("recalled thinking") is done by that verb's subject.
        ("Loretta Lynch met the client. Lynch said she recalled thinking, \"This is what "
         "people have talked about, from time to time.\"", "Loretta Lynch"),
    ],
)  # fmt: skip
def test_a_broken_parse_keeps_its_speaker(nlp, text, speaker):
    assert speaker in [s for _, s in sources(nlp, text)]


@pytest.mark.model
def test_a_verb_with_its_own_subject_keeps_it(nlp):
    text = "“We thank Jordan,” said the mayor of Tulsa on Monday."
    assert sources(nlp, text) == [("the mayor of Tulsa", None)]


@pytest.mark.model
def test_an_apposition_with_no_name_before_it_gives_no_speaker(nlp):
    # "the ranks" is no name: the apposition after it names no speaker.
    text = "“There is frustration within the ranks, the core of the army,” said nobody."
    assert all(s is None for _, s in sources(nlp, text))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source"),
    [
        # The name in apposition read as a verb whose subject is the spokesman.
        ("But a spokesman for the owners, Townsend Thoresen, said it was also possible "
         "the ferry had been holed.", "a spokesman for the owners"),
        # The participle of the aside read as a noun ("shutdown") heading a clause.
        ("The operator of a major U.S. crude oil pipeline, shutdown because of flood "
         "damage, said it may be several days before repairs are made.",
         "The operator of a major U.S. crude oil pipeline"),
        # A relative clause read as a clause of the verb, an adverb before the verb.
        ("RoseAnn DeMoro, executive director of National Nurses United, a union that has "
         "endorsed Mr. Sanders and that has been busing its members across the country to "
         "campaign for him, also said her group planned to take part.", "RoseAnn DeMoro"),
    ],
)  # fmt: skip
def test_the_subject_before_an_aside_read_as_a_clause_is_the_source(nlp, text, source):
    assert [s for s, _ in sources(nlp, text) if s != "that"] == [source]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The name after the opening phrase read as an apposition of its object.
        ("In a filing with the Securities and Exchange Commission, Halcyon, whose managing "
         "partner is Alan B. Slifka and Co, said it bought 201,800 Purolator common shares.",
         "Halcyon"),
        # ... or as a conjunct of it.
        ("In a filing with the Securities and Exchange Commission, Gabelli and companies he "
         "controls said they bought a total of 142,200 Allegheny common shares.", "Gabelli"),
    ],
)  # fmt: skip
def test_a_name_the_parse_took_into_the_opening_phrase_is_the_speaker(nlp, text, speaker):
    assert [s for _, s in sources(nlp, text)] == [speaker]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # A place after a place is where, not who.
        "At a June Trump campaign event in St. Clairsville, Ohio, 62-year-old Brenda "
        "Johnson also railed against immigrants.",
        # A passive names the one asked, not one who spoke.
        "In a telephone interview with Fox News' Jenna Lee, Pence was asked about the comment.",
    ],
)
def test_the_opening_phrase_lends_no_place_and_no_passive_subject(nlp, text):
    assert all(source not in {"Ohio", "Pence"} for source, _ in sources(nlp, text))


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source"),
    [
        # What was said, with an aside of its own, before a verb with its subject after.
        ("Profits, up 10 pct last year, will rise again, said the company.", "the company"),
        ("The ferry, the largest of its fleet, sank on Friday, said Smith.", "Smith"),
    ],
)
def test_a_reported_clause_with_an_aside_lends_no_subject(nlp, text, source):
    assert [s for s, _ in sources(nlp, text)] == [source]
