"""A person's "we" inside their quote is the organisation their title names, when the
article names one (``nlp/speaks_for.py``); otherwise it is no one's."""

from __future__ import annotations

import pytest

from dateline import Article, validate
from dateline.extraction import extract


def mentions(nlp, text: str) -> dict[str, list[str]]:
    rec = next(extract([Article(text=text, published="1987-04-01")], nlp=nlp))
    validate(rec)
    return {e["name"]: sorted(m["text"] for m in e["mentions"]) for e in rec["entities"]}


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "organisation", "expected"),
    [
        ("“We expect sales to rise next year,” said Acme Corp spokesman John Smith. “Our "
         "plants are full.”", "Acme Corp", ["Acme Corp", "Our", "We"]),
        ("John Smith, chief executive of Acme Corp, said: “We will not cut jobs.”",
         "Acme Corp", ["Acme Corp", "We"]),
        ("Acme Corp's chairman, John Smith, said: “We will not cut jobs.”", "Acme Corp",
         ["Acme Corp", "We"]),
        # Two organisations in the title: whose "we" it is, the article does not say.
        ("John Smith, a lawyer for Acme Corp and Beta Inc, said: “We will appeal.”",
         "Acme Corp", ["Acme Corp"]),
        # An organisation in a clause of the title says what was done to him, not
        # whom he speaks for.
        ("John Smith, the site's founder interviewed by Reuters, said: “We grew fast.”",
         "Reuters", ["Reuters"]),
        ("John Smith, a lawyer who sued Acme Corp last year, said: “We will appeal.”",
         "Acme Corp", ["Acme Corp"]),
        # A place without a title is no one he speaks for.
        ("Iowa farmer John Smith said: “We need rain.”", "Iowa", ["Iowa"]),
    ],
)  # fmt: skip
def test_we_in_a_quote_is_the_organisation_the_speakers_title_names(
    nlp, text, organisation, expected
):
    found = mentions(nlp, text)
    assert found[organisation] == expected
    assert "We" not in found["John Smith"]


@pytest.mark.model
def test_we_outside_the_quote_marks_is_not_the_organisations(nlp):
    text = "Acme Corp spokesman John Smith said we should expect higher prices."
    assert mentions(nlp, text)["Acme Corp"] == ["Acme Corp"]
