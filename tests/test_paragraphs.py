"""A blank line starts a sentence for the parser, and so does an indent after a full stop
where indents mark paragraphs; a single line break does not."""

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
        # Reuters: an indent after a full stop (here of "Inc.") opens a paragraph.
        ("Sosnoff said talks on Caesars World Inc.\n    Sosnoff said they ended.\n    "
         "He left.", ["Sosnoff", "He"]),
        ("A plan was put to the U.S.\n\tThe Fed agreed.", ["The"]),
    ],
)  # fmt: skip
def test_the_first_word_after_a_blank_line_starts_a_sentence(text, starts):
    doc = spacy.blank("en")(text)
    assert [doc[i].text for i in paragraph_starts(doc)] == starts


@pytest.mark.parametrize(
    "text",
    [
        # An indent after a line that ends mid-sentence: a wrapped line, a list.
        "Shares of Caesars World Inc rose\n    sharply on the news.",
        # Every line indented: the indent marks nothing.
        "    The plan was put to the U.S.\n    Treasury on Monday.",
    ],
)
def test_an_indent_starts_nothing_mid_sentence_or_where_every_line_has_one(text):
    doc = spacy.blank("en")(text)
    assert paragraph_starts(doc) == []


@pytest.mark.model
def test_the_parser_keeps_a_question_apart_from_the_next_paragraph(nlp):
    doc = nlp(
        "Why do you think the movement has so little visibility in the US compared to "
        "countries like Australia and even Canada?\n\nSports in the United States "
        "largely reaffirm the values of society."
    )
    assert [s.text.strip()[:6] for s in doc.sents] == ["Why do", "Sports"]
    assert nlp.pipe_names.index("dateline_paragraphs") < nlp.pipe_names.index("parser")


@pytest.mark.model
def test_a_paragraph_after_a_name_ending_in_a_full_stop_keeps_its_subject(nlp):
    doc = nlp(
        "Investor Martin T. Sosnoff said Southmark Corp has ended talks with his MTS "
        "Acquisition Corp on the acquisition of Caesars World Inc.\n    Sosnoff said the "
        "talks had not been actively pursued since they were announced March 20."
    )
    said = [t for t in doc if t.text == "said"][1]
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["Sosnoff"]
