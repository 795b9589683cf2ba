"""Where a reported content ends: the reporter's trailing gloss stays out, the source's
words stay in."""

from __future__ import annotations

import pytest

from quote_helpers import quotes_of

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # A non-restrictive relative clause on the last noun is the reporter's gloss.
        (
            "Angela Merkel said the euro would survive the crisis, which had cost Greece a "
            "quarter of its economy.",
            "the euro would survive the crisis",
        ),
        # A one-word object keeps its gloss out too; the gloss is a quote of its own.
        (
            "Ted Cruz endorses Trump, who says he is honored.",
            "Trump",
        ),
        # A trailing "although" clause, and an appositive after a name.
        (
            "The minister said the budget would be balanced next year, although he again "
            "refused to give figures.",
            "the budget would be balanced next year",
        ),
        (
            "The senator said she did not support Vladimir Putin, the Russian president.",
            "she did not support Vladimir Putin",
        ),
        # After a dash, any appositive or participle is the reporter's aside.
        (
            "Bernie Sanders said he was encouraged by the plan — a modest boost for the president.",
            "he was encouraged by the plan",
        ),
        (
            "The poll shows working-class voters could help Trump in key states — assuming "
            "a two-way race between Trump and Clinton.",
            "working-class voters could help Trump in key states",
        ),
        # A participle that frames the speech act: cut, and a quote of its own.
        (
            "Boris Tadic said Serbia would never recognise Kosovo, citing the 1999 resolution "
            "of the Security Council.",
            "Serbia would never recognise Kosovo",
        ),
        # ... and so is one that reports what someone said of the noun.
        (
            "Police said the videos do not show whether Scott has anything in his hands, "
            "which his wife said were at his side.",
            "the videos do not show whether Scott has anything in his hands",
        ),
        # A clause after a semicolon, with a subject of its own, is the reporter's.
        (
            "Republicans said the timing of the news was not intentional; they only learned "
            "of the deal on Friday.",
            "the timing of the news was not intentional",
        ),
    ],
)
def test_trailing_gloss_is_cut(nlp, text: str, content: str) -> None:
    assert quotes_of(nlp, text)[0][1] == content


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # A relative clause in the middle is part of what was said.
        (
            "Boris Tadic said the vote, which took place on Sunday, was illegal.",
            "the vote, which took place on Sunday, was illegal",
        ),
        # A list after a comma is no appositive.
        (
            "The senator said the bill would cut taxes, the deficit and spending.",
            "the bill would cut taxes, the deficit and spending",
        ),
        # A participle that goes on with what was said is not a gloss.
        (
            "The mayor said the museum would open in May, allowing visitors to see the collection.",
            "the museum would open in May, allowing visitors to see the collection",
        ),
        # "said X and that Y": a parallel clause is a second part of the same report.
        (
            "Serbia said it would ask the court for an opinion and that it would respect the "
            "ruling.",
            "it would ask the court for an opinion and that it would respect the ruling",
        ),
        # A semicolon inside a list, with no clause after it, cuts nothing.
        (
            "The senator said the bill would cut taxes; the deficit; and spending.",
            "the bill would cut taxes; the deficit; and spending",
        ),
        # A firm's name closes the sentence and its "Inc." reads as the full stop: the
        # parser hangs the name on the cue, and it is still what was said.
        (
            "Acme Corp said it would buy Beta Inc. The company said the deal was done.",
            "it would buy Beta Inc.",
        ),
        (
            "Acme Corp said it would buy Beta Corp. The company said the deal was done.",
            "it would buy Beta Corp.",
        ),
    ],
)
def test_content_that_is_kept(nlp, text: str, content: str) -> None:
    assert quotes_of(nlp, text)[0][1] == content


def test_framing_participle_is_spoken_by_the_first_speaker(nlp) -> None:
    quotes = quotes_of(
        nlp,
        "Boris Tadic said Serbia would never recognise Kosovo, citing the 1999 resolution of "
        "the Security Council.",
    )
    assert ("indirect", "the 1999 resolution of the Security Council", "citing", "Boris Tadic") in (
        quotes
    )


@pytest.mark.parametrize(
    ("text", "second"),
    [
        (
            "China said it was resolutely opposed to the test and warned North Korea to "
            "refrain from further actions.",
            ("indirect", "North Korea to refrain from further actions", "warned", "China"),
        ),
        (
            "Theresa May said the country would leave the union by March and suggested that "
            "it would withdraw from the single market.",
            (
                "indirect",
                "that it would withdraw from the single market",
                "suggested",
                "Theresa May",
            ),
        ),
    ],
)
def test_second_speech_act_hung_on_the_clause_keeps_the_speaker(nlp, text, second) -> None:
    # The parser hangs "and warned" on the reported clause, whose subject is "it".
    assert second in quotes_of(nlp, text)


def test_a_second_speech_act_still_ends_the_clause(nlp) -> None:
    quotes = quotes_of(
        nlp, "Ban Ki-moon said the talks had failed and predicted that violence would follow."
    )
    assert quotes[0][:3] == ("indirect", "the talks had failed", "said")
    assert quotes[1][1:3] == ("that violence would follow", "predicted")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # A verbless quote runs into the sentence: the speaker is the subject by the verb.
        (
            "“He would be a great senator. One of the brightest members of the Senate,” "
            "Rep. Elijah Cummings said in a phone interview.",
            "Rep. Elijah Cummings",
        ),
        (
            "“My reaction, that was outrageous,” the former campaign strategist said.",
            "the former campaign strategist",
        ),
        # A time heading above the paragraph is not the speaker.
        (
            "Live updates.\n\n12:15 p.m.\n\nDonald Trump says political correctness has run amok.",
            "Donald Trump",
        ),
        (
            "Live updates.\n12:15 p.m.\nDonald Trump says political correctness has run amok.",
            "Donald Trump",
        ),
        # Wire copy may put the company alone on the first line: a line break, no blank line.
        (
            "South Atlantic Financial Corp\nsaid it has agreed in principle to merge with "
            "Independence Holding Co.",
            "South Atlantic Financial Corp",
        ),
    ],
)
def test_source_is_the_subject_next_to_the_cue(nlp, text: str, source: str) -> None:
    doc = nlp(text)
    assert [q.source.text for q in doc._.quotes] == [source]


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # A gerund after "by", "after", … is done by the subject of the main clause.
        (
            "Barack Obama responded to the critics by saying the issue was manufactured.",
            "Barack Obama",
        ),
        (
            "After saying her foot was swollen, Hillary Clinton went to the hospital.",
            "Hillary Clinton",
        ),
        # After "for" the doer is the object ("held him in contempt for refusing"): no guess.
        ("The committee held Bryan Pagliano in contempt for refusing to testify.", None),
    ],
)
def test_gerund_after_a_preposition(nlp, text: str, source: str | None) -> None:
    doc = nlp(text)
    gerund = next(q for q in doc._.quotes if q.cue.text in {"saying", "refusing"})
    assert (gerund.source.text if gerund.source else None) == source


def test_a_clause_ending_in_a_colon_introduces_a_quote(nlp) -> None:
    doc = nlp("The Obama campaign is rolling out a new message: “It's about me, and about you.”")
    (quote,) = doc._.quotes
    assert (quote.kind, quote.text, quote.cue.text, quote.source.text) == (
        "direct",
        "It's about me, and about you.",
        "rolling out",
        "The Obama campaign",
    )


def test_a_colon_after_a_pronoun_subject_gives_no_quote(nlp) -> None:
    # "He had one message:" names no one; no cue verb either: left out.
    assert nlp("He had one message: “We will win this fight.”")._.quotes == []


def test_a_quoted_fragment_running_past_the_sentence_makes_one_mixed_quote(nlp) -> None:
    text = (
        "Donald Trump said that “ethanol people” “do a fantastic job. And it’s so important. "
        "It’s another form of independence.”"
    )
    assert quotes_of(nlp, text) == [
        (
            "mixed",
            "that “ethanol people” “do a fantastic job. And it’s so important. It’s another "
            "form of independence.”",
            "said",
            "Donald Trump",
        )
    ]
