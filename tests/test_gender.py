"""The gender guess that rules readings out ("Mr. Khan" is no Ghazala Khan): honorifics,
gendered titles, common given names; None where the article tells nothing. No model."""

from __future__ import annotations

import pytest

from dateline.nlp import gender
from dateline.types import Entity, Mention


def _person(text: str, name: str, titles: tuple[str, ...] = ()) -> Entity:
    start = text.index(name)
    mention = Mention(start, start + len(name), name)
    return Entity(id="e1", name=name, type="PERSON", mentions=[mention], titles=list(titles))


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Mr. Khan said it was over.", "Khan", "m"),  # the honorific before the mention
        ("Mrs. Clinton said it was not.", "Clinton", "f"),
        ("Ms. Warren spoke.", "Warren", "f"),
        ("Khan said it was over.", "Khan", None),  # nothing told
        ("The Mr. Universe contest ended.", "Universe", "m"),  # a guess, not a fact
    ],
)
def test_an_honorific_before_a_mention_tells_its_gender(text, name, expected):
    start = text.index(name)
    assert gender.of_mention(text, Mention(start, start + len(name), name)) == expected


@pytest.mark.parametrize(
    ("name", "titles", "expected"),
    [
        ("Hillary Clinton", (), "f"),  # a common given name
        ("Bill Clinton", (), "m"),
        ("Ghazala Khan", (), None),  # a given name no list holds
        ("Pat Smith", ("chairwoman",), "f"),  # a gendered title
        ("Lee Kim", ("foreign minister",), None),
    ],
)
def test_a_person_s_titles_and_given_name_tell_their_gender(name, titles, expected):
    text = f"{name} spoke on Monday."
    assert gender.of_entity(text, _person(text, name, titles)) == expected


def test_genders_keeps_only_the_people_whose_gender_is_told():
    text = "Mr. Khan met Ghazala Khan and Hillary Clinton."
    names = ("Khan", "Ghazala Khan", "Hillary Clinton")
    people = [_person(text, name) for name in names]
    for i, person in enumerate(people):
        person.id = f"e{i}"
    assert gender.genders(text, people) == {"e0": "m", "e2": "f"}
