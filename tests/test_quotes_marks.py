"""Quoted spans from the raw text: no model needed."""

from __future__ import annotations

import pytest

from dateline.nlp.quotemarks import find_quoted


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quoted(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" today.', ["we will win"]),
        ("He said “we will win” today.", ["we will win"]),
        ("Il a dit « nous gagnerons » hier.", [" nous gagnerons "]),
        ("He said ''we will win,'' and left.", ["we will win,"]),
        ("He said ``we will win'' and left.", ["we will win"]),
        ("„Wir gewinnen” he said.", ["Wir gewinnen"]),
        ("“One,” he said. “Two.”", ["One,", "Two."]),
        # Quotes within quotes belong to the outer quote.
        ("She said: “He told me ‘no’ twice.”", ["He told me ‘no’ twice."]),
        ('He read: "The sign said “stop” there." Then left.', ["The sign said “stop” there."]),
        # A paragraph that opens with a mark and does not close continues in the next one.
        (
            "He said: “First paragraph.\n\n“Second paragraph.”",
            ["First paragraph.\n\n“Second paragraph."],
        ),
        (
            "“One.\n“Two.\n“Three.” Done.",
            ["One.\n“Two.\n“Three."],
        ),
        # A closing curly mark that opens a paragraph stands for an opener.
        ("Intro.\n”Fear is real.” ― Ed Monroy", ["Fear is real."]),
        # A paragraph opening with a mark of another family does not continue a stray
        # opener that nothing closes: it starts afresh.
        ('Intro.\n\n"Kevin was snoring.\n\n“Here he is, babe,” she said.', ["Here he is, babe,"]),
        # ... but it does continue a block that a mark of the opener's family closes later.
        (
            'He reported:\n\n"The hearing was closed.\n\n“He stated it.'
            '\n\n“It was clear," he said.',
            ["The hearing was closed.\n\n“He stated it.\n\n“It was clear,"],
        ),
        # An opening curly mark set where a closing one belongs (after a word, before a space).
        ("“It’s unusual,“ said Larry Noble. “It’s hard.”", ["It’s unusual,", "It’s hard."]),
        ("The site “Cape Breton If Trump Wins“ pitches the island.", ["Cape Breton If Trump Wins"]),
        # A quote closed with a mark of the other family (a typesetting slip) ends there.
        (
            '“It’s mind-boggling,” he said. “No one is speaking to them."',
            [
                "It’s mind-boggling,",
                "No one is speaking to them.",
            ],
        ),
        (
            '"Just when you thought it was over, it got worse,” he said.',
            ["Just when you thought it was over, it got worse,"],
        ),
        (
            '“I am so sick of the campaign lying" about her record, she said.',
            ["I am so sick of the campaign lying"],
        ),
    ],
)
def test_quoted_spans(text, expected):
    assert spans(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An opener never closed drops only its own quote.
        ("He said “this breaks.\n\nLater she said “this works.”", ["this works."]),
        ("A “broken one and then “a good one” here.", ["a good one"]),
        # A stray closer is ignored.
        ("A stray ” mark, then “fine” here.", ["fine"]),
        # The broken outer quote keeps the well-formed quote inside it.
        ('Broken “quote here. Then he said "ok fine" and left.', ["ok fine"]),
        # Apostrophes are not quotation marks.
        ("It's the minister's view, isn't it?", []),
        ("No marks at all.", []),
        ("", []),
    ],
)
def test_broken_marks_drop_only_the_broken_quote(text, expected):
    assert spans(text) == expected


def test_offsets_exclude_the_marks():
    text = "x “abc” y"
    (q,) = find_quoted(text)
    assert text[q.start - 1] == "“" and text[q.end] == "”"
    assert not q.multi_paragraph


@pytest.mark.parametrize(
    ("before", "inside", "next_quote"),
    [
        ("He", False, "We"),  # before both quotations
        ("He said: “We will", True, "They"),  # inside the first
        ("He said: “We will continue.” Lav", False, "They"),  # between them
        ("He said: “We will continue.” Lavrov said: “They", True, None),  # in the last
    ],
)
def test_a_position_is_looked_up_among_the_quotations(before, inside, next_quote):
    import spacy

    from dateline.nlp import quotemarks

    text = "He said: “We will continue.” Lavrov said: “They will not.”"
    doc = spacy.blank("en")(text)
    pos = len(before)
    assert quotemarks.inside(doc, pos) is inside
    held = quotemarks.around(doc, pos)
    assert (held is not None) is inside
    if held is not None:
        assert held.start <= pos < held.end
    expected = text.index(next_quote) if next_quote else None
    assert quotemarks.next_start(doc, pos) == expected


def test_the_text_of_a_doc_is_read_once_and_kept_with_it():
    import spacy

    from dateline.nlp.doctext import doc_text

    nlp = spacy.blank("en")
    doc = nlp("He said: “We will continue.”")
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)  # kept, not joined again
    # A Doc that carries another's user_data (a copy, a user's own) reads its own text.
    other = nlp("Lavrov said: “They will not.”")
    other.user_data.update(doc.user_data)
    assert doc_text(other) == "Lavrov said: “They will not.”"
    assert doc_text(nlp("")) == ""
