"""People NER typed ORG or GPE, told by a title (``nlp/mistyped.py``).

The unit cases build the parse by hand (no model): the decision reads only the words,
their tags and the dependency tree. The pipeline cases run wire copy, where the small
model types such names ORG or GPE.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dateline.article import Article
from dateline.extraction import make_doc
from dateline.nlp.mistyped import apposition_title, titled_person

# (word, tag, pos, dep, head index); the span judged is given by its token range.
TITLE_BEFORE = [
    ("president", "NN", "NOUN", "compound", 3),
    ("Pierre", "NNP", "PROPN", "compound", 3),
    ("\n", "_SP", "SPACE", "dep", 1),
    ("Peladeau", "NNP", "PROPN", "nsubj", 4),
    ("told", "VBD", "VERB", "ROOT", 4),
    ("Reuters", "NNP", "PROPN", "dobj", 4),
]
LEAD_MANAGER = [
    ("lead", "JJ", "ADJ", "amod", 1),
    ("manager", "NN", "NOUN", "compound", 3),
    ("Societe", "NNP", "PROPN", "compound", 3),
    ("Generale", "NNP", "PROPN", "nsubj", 4),
    ("said", "VBD", "VERB", "ROOT", 4),
]
LEAD_MANAGER_GIVEN = [
    ("manager", "NN", "NOUN", "compound", 2),
    ("John", "NNP", "PROPN", "compound", 2),
    ("Posti", "NNP", "PROPN", "nsubj", 3),
    ("said", "VBD", "VERB", "ROOT", 3),
]
APPOS_AFTER = [
    ("H.W.", "NNP", "PROPN", "compound", 1),
    ("Lichtenberger", "NNP", "PROPN", "nsubj", 5),
    (",", ",", "PUNCT", "punct", 1),
    ("president", "NN", "NOUN", "appos", 1),
    (",", ",", "PUNCT", "punct", 1),
    ("said", "VBD", "VERB", "ROOT", 5),
]
# "the Governor of the Bank of Greece, Dimitris Halikias": the parser hangs the
# apposition on "Greece", the title's last noun.
APPOS_OF_TITLE = [
    ("the", "DT", "DET", "det", 1),
    ("Governor", "NNP", "PROPN", "nsubj", 10),
    ("of", "IN", "ADP", "prep", 1),
    ("the", "DT", "DET", "det", 4),
    ("Bank", "NNP", "PROPN", "pobj", 2),
    ("of", "IN", "ADP", "prep", 4),
    ("Greece", "NNP", "PROPN", "pobj", 5),
    (",", ",", "PUNCT", "punct", 6),
    ("Dimitris", "NNP", "PROPN", "compound", 9),
    ("Halikias", "NNP", "PROPN", "appos", 6),
    ("said", "VBD", "VERB", "ROOT", 10),
]
NO_TITLE = [
    ("Sallie", "NNP", "PROPN", "compound", 1),
    ("Mae", "NNP", "PROPN", "nsubj", 2),
    ("said", "VBD", "VERB", "ROOT", 2),
]
ORG_WORD = [
    ("chairman", "NN", "NOUN", "compound", 2),
    ("Dart", "NNP", "PROPN", "compound", 2),
    ("Group", "NNP", "PROPN", "nsubj", 3),
    ("said", "VBD", "VERB", "ROOT", 3),
]
PLURAL = [
    ("president", "NN", "NOUN", "compound", 2),
    ("Warburg", "NNP", "PROPN", "compound", 2),
    ("Securities", "NNPS", "PROPN", "nsubj", 3),
    ("said", "VBD", "VERB", "ROOT", 3),
]
COUNTRY = [
    ("official", "NN", "NOUN", "compound", 2),
    ("U.S.", "NNP", "PROPN", "compound", 2),
    ("Treasury", "NNP", "PROPN", "nsubj", 3),
    ("said", "VBD", "VERB", "ROOT", 3),
]


VOCAB = spacy.blank("en").vocab  # English lexical attributes ("\n" is a space)


def parsed(rows):
    words = [w for w, *_ in rows]
    spaces = [
        not w.isspace() and not (i + 1 < len(rows) and rows[i + 1][0] in {",", "\n"})
        for i, w in enumerate(words)
    ]
    return Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        tags=[t for _, t, *_ in rows],
        pos=[p for _, _, p, *_ in rows],
        deps=[d for *_, d, _ in rows],
        heads=[h for *_, h in rows],
    )


@pytest.mark.parametrize(
    ("rows", "start", "end", "expected"),
    [
        (TITLE_BEFORE, 1, 4, True),  # a title right before, over a wire line break
        (APPOS_AFTER, 0, 2, True),  # a title in apposition after the name, initials first
        (APPOS_OF_TITLE, 8, 10, True),  # the name in apposition to a title
        (LEAD_MANAGER_GIVEN, 1, 3, True),  # a title firms hold too, before a given name
        (LEAD_MANAGER, 2, 4, False),  # ... before a bank's name
        (NO_TITLE, 0, 2, False),  # a given name alone is no evidence ("Sallie Mae")
        (ORG_WORD, 1, 3, False),  # an organisation's word
        (PLURAL, 1, 3, False),  # a plural ("Securities")
        (COUNTRY, 1, 3, False),  # a country's abbreviation
    ],
)
def test_titled_person(rows, start, end, expected):
    doc = parsed(rows)
    assert titled_person(doc[start:end]) is expected


def test_apposition_title_climbs_the_prepositions():
    doc = parsed(APPOS_OF_TITLE)
    assert apposition_title(doc[8:10]).text == "Governor"
    assert apposition_title(doc[4:5]) is None  # "Bank" is no apposition


WIRE_COPY = [
    (
        "Quebecor Inc is likely to launch a new daily newspaper in Montreal, president\n"
        "Pierre Peladeau told Reuters in an interview.\n"
        "    Peladeau said market studies have indicated a new tabloid would sell well.\n",
        "Pierre Peladeau",
        "president",
    ),
    (
        "Greece aims to reduce foreign borrowing this year, the Governor of the Bank of\n"
        "Greece, Dimitris Halikias, said.\n"
        "    Greece's foreign debts totalled 16.8 billion dlrs at end-1986, Halikias said.\n",
        "Dimitris Halikias",
        "Governor of the Bank of Greece",
    ),
    # A particle inside the name ("de") keeps it person-shaped; NER typed it ORG.
    (
        "EC commissioner Willy de Clercq said the talks would resume.\n"
        "    Clercq said the farm talks were part of the round.\n",
        "Willy de Clercq",
        "EC commissioner",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "name", "title"), WIRE_COPY)
def test_a_titled_name_is_a_person_with_its_surname(nlp, text, name, title):
    doc = nlp(make_doc(nlp, Article(text=text, published="1987-03-01")))
    people = [e for e in doc._.entities if e.type == "PERSON"]
    [person] = [e for e in people if e.name == name]
    surname = name.split()[-1]
    assert [m.text for m in person.mentions if m.text == surname]  # one page, not two
    assert not [e for e in doc._.entities if e.name == surname]
    assert title in [" ".join(t.split()) for t in person.titles]
    assert [q for q in doc._.quotes if q.speaker == person.id]
