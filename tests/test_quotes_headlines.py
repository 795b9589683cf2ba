"""Title-case headlines, which the small model's parser reads as strings of names."""

from __future__ import annotations

import pytest

from quote_helpers import quotes_of

pytestmark = pytest.mark.model

BODY = "\n\nThe statement came on Monday."


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        (
            "Lavrov Says West Must Respect Russian Interests In Kosovo",
            ("indirect", "West Must Respect Russian Interests In Kosovo", "Says", "Lavrov"),
        ),
        (
            "Obama Says African-American Museum Will Tell of 'Suffering and Delight.'",
            (
                "indirect",
                "African-American Museum Will Tell of 'Suffering and Delight",
                "Says",
                "Obama",  # not "Obama Says": the verb is cut off the name
            ),
        ),
        # The source after the content: "…, Lindsey Graham Says."
        (
            "Trump Could Address Clean Energy, Lindsey Graham Says.",
            ("indirect", "Trump Could Address Clean Energy", "Says", "Lindsey Graham"),
        ),
    ],
)
def test_title_case_headline(nlp, headline: str, expected: tuple) -> None:
    assert expected in quotes_of(nlp, headline + BODY)


@pytest.mark.parametrize(
    "headline",
    [
        "Obama Power Plant Rules Face Key Test In U.S. Court.",  # "Rules" is a noun here
        "Small Steps Toward College Savings.",  # no verb of speech
    ],
)
def test_title_case_headline_without_a_statement(nlp, headline: str) -> None:
    assert quotes_of(nlp, headline + BODY) == []


def test_label_the_tagger_reads_as_a_noun_names_the_person_below(nlp) -> None:
    # "Sanders" opening the line is tagged as a noun; the article names him below.
    text = (
        "Sanders: Clinton Email Story Has Moved.\n\nDemocratic presidential candidate "
        "Senator Bernie Sanders stated that the story had moved on."
    )
    assert ("indirect", "Clinton Email Story Has Moved.", ":", "Bernie Sanders") in quotes_of(
        nlp, text
    )


def test_a_common_word_before_a_colon_is_no_label(nlp) -> None:
    text = "Warning: Storms Will Hit The Coast Tonight.\n\nThe weather service said so."
    assert [q for q in quotes_of(nlp, text) if q[2] == ":"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Clinton to Planned Parenthood: Trump will reverse Roe v. Wade.\n\n"
            "WASHINGTON -- Hillary Clinton spoke on Friday.",
            ("indirect", "Trump will reverse Roe v. Wade.", ":", "Hillary Clinton"),
        ),
        # The quote marks of a quote headline stay out of the content.
        (
            "Trump: ‘I’m the Worst Thing That Ever Happened to the Establishment’\n\n"
            "Donald Trump spoke on Friday.",
            (
                "indirect",
                "I’m the Worst Thing That Ever Happened to the Establishment",
                ":",
                "Donald Trump",
            ),
        ),
    ],
)
def test_label_with_whom_the_speaker_addressed(nlp, text: str, expected: tuple) -> None:
    assert expected in quotes_of(nlp, text)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # an editor's tag before the label
        (
            "EXCLUSIVE – Boris Tadic: Serbia Will Never Recognise Kosovo.\n\n"
            "Boris Tadic spoke in Belgrade.",
            "Boris Tadic",
        ),
        # a name and the group that speaks for it
        (
            "Merkel camp: the coalition will hold until the election.\n\n"
            "BERLIN -- Angela Merkel's allies spoke on Friday.",
            "Merkel camp",
        ),
        # a newspaper heads a line as a poll or a report does
        (
            "Newspaper: the minister used a private phone for state business.\n\n"
            "LONDON -- A report published on Friday said so.",
            "Newspaper",
        ),
    ],
)
def test_label_after_a_tag_or_with_a_group(nlp, text: str, source: str) -> None:
    doc = nlp(text)
    assert [q.source.text for q in doc._.quotes if q.cue and q.cue.text == ":"] == [source]


def test_a_place_before_a_colon_is_no_label(nlp) -> None:
    text = "Live at the Apollo: The show goes on tonight.\n\nThe theatre opened."
    assert quotes_of(nlp, text) == []


TRANSCRIPT = (
    "Republican vice presidential nominee Mike Pence spoke to Fox News on Sunday.\n\n"
    "WALLACE: Will Gennifer Flowers be there tomorrow night?\n\n"
    "PENCE: Gennifer Flowers will not be attending the debate tomorrow night.\n\n"
    "Hillary Clinton wants to continue the policies of this administration.\n\n"
    "WALLACE: Do you really see those two as equivalent?\n\n"
    "The interview ended there."
)


def test_a_transcript_turn_runs_over_paragraphs_until_the_next_label(nlp) -> None:
    found = {(q[2], q[3]): q[1] for q in quotes_of(nlp, TRANSCRIPT) if q[2] == ":"}
    assert found[(":", "Mike Pence")] == (
        "Gennifer Flowers will not be attending the debate tomorrow night.\n\n"
        "Hillary Clinton wants to continue the policies of this administration."
    )
    # The last turn has no label after it: the article's own text is nobody's turn.
    assert [c for c in found.values() if "interview ended" in c] == []


def test_a_headline_label_does_not_take_the_article_below(nlp) -> None:
    text = (
        "Lavrov: Russia will not recognise Kosovo.\n\n"
        "Russian Foreign Minister Sergei Lavrov spoke as Moscow opposed the plan.\n\n"
        "Ban: The talks will go on in Vienna.\n\n"
        "UN Secretary General Ban Ki-moon met both sides."
    )
    contents = [q[1] for q in quotes_of(nlp, text) if q[2] == ":"]
    assert "Russia will not recognise Kosovo." in contents
    assert not any("Moscow" in c for c in contents)


def test_a_clarification_note_is_no_speaker(nlp) -> None:
    text = (
        "CLARIFICATION: The first sentence has been clarified to reflect that Fowler is "
        "calling for a process to identify a successor.\n"
    )
    assert [q for q in quotes_of(nlp, text) if q[2] == ":"] == []


def test_an_editors_note_is_no_speaker(nlp) -> None:
    """ "Ed.:" is an editor's note; "Ed:" may still be a person in a transcript."""
    text = (
        "The catalog lists every recording.\n\n"
        "Ed.: See the LibriVox catalog for a full index.\n\n"
        "Ed: I think the catalog is very good indeed.\n"
    )
    assert [q[1] for q in quotes_of(nlp, text) if q[2] == ":"] == [
        "I think the catalog is very good indeed."
    ]
