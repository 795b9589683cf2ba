"""A full name misspelt in a few wire stories reads as the spelling the store mostly uses
(issue 18): "George Schultz" in one story is George Shultz of fifty, so its quotes reach
his page and a bare "Schultz" joins him, not the misspelling."""

from __future__ import annotations

import pytest

import store_records
from dateline import query
from dateline.kb import spellings
from dateline.store import open_store
from store_records import speaker_texts, split_apart


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("shultz", "schultz", True),  # a letter added
        ("volcker", "vocker", True),  # a letter dropped
        ("weinberger", "weinburger", True),  # a letter changed
        ("papandreou", "papanderou", True),  # two neighbours swapped
        ("baldrige", "baldridge", True),
        ("karnes", "barnes", False),  # the first letter is never the slip
        ("woods", "wood", False),  # too short, and a letter added at the end
        ("lanka", "lankan", False),  # a letter added at the end: another word
        ("hall", "hill", False),  # short names differ by a letter as often as not
        ("greenspan", "greenspan", False),
        ("shultz", "schulze", False),  # two edits
    ],
)
def test_one_edit(a, b, expected):
    assert spellings.one_edit(a, b) is expected
    assert spellings.one_edit(b, a) is expected


def said(aid: str, name: str, content: str, published: str, title: str = "Secretary of State"):
    return store_records.said(aid, name, content, published, title)


COMMON = [
    said(f"c{i}", "George Shultz", "the talks would go on", f"1987-03-0{i}") for i in range(1, 6)
]
RARE = said("r1", "George Schultz", "Moscow had moved", "1987-03-20")
# Titled, a bare "Schultz" would join "George Schultz" as the article is written.
BARE = said("b1", "Schultz", "China was ready", "1987-03-25", title="")


@pytest.mark.parametrize(
    "order", [[*COMMON, RARE], [RARE, *COMMON]], ids=["common-first", "rare-first"]
)
def test_a_rare_misspelling_reaches_the_common_spelling(store_url, order):
    with open_store(store_url) as store:
        store.add_records(order)
        both = {"the talks would go on", "Moscow had moved"}
        assert speaker_texts(store, "George Shultz") == both
        assert speaker_texts(store, "George Schultz") == both
        [first, *_] = query.find_entities(store, "George Schultz")
        assert query.entity(store, first)["name"] == "George Shultz"


def test_a_bare_surname_of_the_misspelling_joins_the_person(store_url):
    with open_store(store_url) as store:
        store.add_records([*COMMON, RARE, BARE])
        assert "China was ready" in speaker_texts(store, "George Shultz")


@pytest.mark.parametrize(
    ("records", "why"),
    [
        ([*COMMON[:4], RARE], "four articles are too few to call the other a slip"),
        (
            [*COMMON, RARE, said("r2", "George Schultz", "it was late", "1987-03-21")],
            "five articles against two is not four times as many",
        ),
        (
            [*COMMON, said("r1", "George Schultz", "Moscow had moved", "1990-03-20")],
            "three years apart",
        ),
        (
            [*COMMON, said("r1", "George Schultz", "Moscow had moved", "1987-03-20", "Judge")],
            "a judge is not the secretary of state",
        ),
    ],
)
def test_no_spelling_join(store_url, records, why):
    with open_store(store_url) as store:
        store.add_records(records)
        assert "Moscow had moved" not in speaker_texts(store, "George Shultz"), why


def test_a_user_split_keeps_the_spellings_apart(store_url):
    with open_store(store_url) as store:
        store.add_records([*COMMON, RARE])
        split_apart(store, "George Shultz", "George Schultz")
        assert speaker_texts(store, "George Shultz") == {"the talks would go on"}


def test_the_page_says_what_it_reads_as_the_person(store_url):
    with open_store(store_url) as store:
        store.add_records([*COMMON, RARE, BARE])
        [eid] = query.find_entities(store, "George Shultz")
        read_as = {
            (r["name"], r["articles"], r["how"]) for r in query.entity(store, eid)["read_as"]
        }
        assert read_as == {("George Schultz", 1, "misspelling"), ("Schultz", 1, "surname")}


def test_the_web_page_and_its_json_say_it_too(tmp_path):
    from fastapi.testclient import TestClient

    from dateline.web import create_app

    db = tmp_path / "kb.db"
    with open_store(db) as store:
        store.add_records([*COMMON, RARE])
        [eid] = query.find_entities(store, "George Shultz")
    with TestClient(create_app(str(db), cache=False)) as client:
        data = client.get(f"/api/entities/{eid}").json()
        [row] = data["entity"]["read_as"]
        assert (row["name"], row["how"]) == ("George Schultz", "misspelling")
        page = client.get(f"/entity/{eid}").text
        assert "Read as George Shultz" in page and "a rare misspelling" in page
        rare = client.get("/api/entities/George Schultz").json()["entity"]
        assert rare["name"] == "George Shultz"  # a name finds the person it is read as
        [rid] = [r["id"] for r in data["entity"]["read_as"]]
        page = client.get(f"/entity/{rid}").text
        assert "Read as <a" in page and "George Shultz</a>" in page


def test_a_misspelling_and_a_bare_surname_say_whom_they_are_read_as(store_url):
    with open_store(store_url) as store:
        store.add_records([*COMMON, RARE, BARE])
        ids = {r["name"]: r["id"] for r in store.rows("SELECT id, name FROM entities")}
        expected = {
            "George Schultz": ("George Shultz", "misspelling"),
            "Schultz": ("George Shultz", "surname"),
            "George Shultz": None,  # the person himself is read as no one else
        }
        for name, want in expected.items():
            got = query.entity(store, ids[name])["stands_for"]
            assert (got and (got["name"], got["how"])) == want, name
