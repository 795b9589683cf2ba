"""A blank line starts a sentence for the parser; a single line break does not."""

from __future__ import annotations

import pytest
import spacy

from dateline.nlp.paragraphs import paragraph_starts


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("Why do you think so?\n\nSports matter here.", ["Sports"]),
        ("One.\n \nTwo three.\n\n\nFour", ["Two", "Four"]),
        # Hard-wrapped wire copy: a line break inside a sentence starts nothing.
        ("Baker told reporters the\ndollar had fallen far enough.", []),
        ("\n\nLeading blank lines start nothing.", []),
        ("Trailing blank lines end it.\n\n", []),
    ],
)
def test_the_first_word_after_a_blank_line_starts_a_sentence(text, starts):
    doc = spacy.blank("en")(text)
    assert [doc[i].text for i in paragraph_starts(doc)] == starts


@pytest.mark.model
def test_the_parser_keeps_a_question_apart_from_the_next_paragraph(nlp):
    doc = nlp(
        "Why do you think the movement has so little visibility in the US compared to "
        "countries like Australia and even Canada?\n\nSports in the United States "
        "largely reaffirm the values of society."
    )
    assert [s.text.strip()[:6] for s in doc.sents] == ["Why do", "Sports"]
    assert nlp.pipe_names.index("dateline_paragraphs") < nlp.pipe_names.index("parser")
