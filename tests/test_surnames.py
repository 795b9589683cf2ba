"""Surname-only people reach the full-name person across articles, when read (issue 18):
"Yeutter" in a story that never gives his first name is Clayton Yeutter when he is the one
Yeutter the store knows around that time; two Bakers mean no join and a list of both."""

from __future__ import annotations

import pytest

from dateline import query
from dateline.kb import surnames
from dateline.query.names import people_named
from dateline.store import open_store
from store_records import record, said, speaker_texts, split_apart


def full(aid: str, first: str, surname: str, published: str) -> dict:
    text = f"{first} {surname} said the talks would go on. {surname} spoke in Geneva."
    return record(
        aid,
        text,
        entities=[(f"{first} {surname}", "PERSON", [f"{first} {surname}", surname], [])],
        quotes=[{"content": "the talks would go on", "cue": "said", "kind": "indirect",
                 "source": f"{first} {surname}", "speaker": 0}],
        published=published,
    )  # fmt: skip


def bare(aid: str, surname: str, published: str, speaks: bool = True) -> dict:
    text = f"{surname} said farm exports would rise. The {surname} plan was new."
    quotes = [{"content": "farm exports would rise", "cue": "said", "kind": "indirect",
               "source": surname, "speaker": 0}] if speaks else []  # fmt: skip
    return record(
        aid,
        text,
        entities=[(surname, "PERSON", [surname, surname], [])],
        quotes=quotes,
        published=published,
    )


YEUTTER = [
    full("f1", "Clayton", "Yeutter", "1987-03-01"),
    full("f2", "Clayton", "Yeutter", "1987-04-01"),
    bare("b1", "Yeutter", "1987-05-01"),
]


@pytest.mark.parametrize("order", [YEUTTER, YEUTTER[::-1]], ids=["full-first", "bare-first"])
def test_a_bare_surname_reaches_the_one_full_name_person(store_url, order):
    with open_store(store_url) as store:
        store.add_records(order)
        both = {"the talks would go on", "farm exports would rise"}
        assert speaker_texts(store, "Clayton Yeutter") == both
        assert speaker_texts(store, "Yeutter") == both
        # The entity a page for "Yeutter" opens is Clayton Yeutter.
        [first, *_] = query.find_entities(store, "Yeutter")
        assert query.entity(store, first)["name"] == "Clayton Yeutter"
        # ... and says which entity it reads as him.
        read_as = query.entity(store, first)["read_as"]
        assert [(r["name"], r["how"]) for r in read_as] == [("Yeutter", "surname")]


def test_a_second_person_of_that_surname_reopens_the_question(store_url):
    with open_store(store_url) as store:
        store.add_records(
            [full("j1", "James", "Baker", "1987-03-01"), full("j2", "James", "Baker", "1987-03-05"),
             bare("b1", "Baker", "1987-04-01")]
        )  # fmt: skip
        assert "farm exports would rise" in speaker_texts(store, "James Baker")
        howard = [full(f"h{i}", "Howard", "Baker", f"1987-03-0{i}") for i in (2, 9)]
        store.add_records(howard)
        assert "farm exports would rise" not in speaker_texts(store, "James Baker")
        assert "farm exports would rise" not in speaker_texts(store, "Howard Baker")
        names = [(c.name, c.n_quotes) for c in people_named(store, "Baker")]
        assert names == [("Howard Baker", 2), ("James Baker", 2)] or names == [
            ("James Baker", 2),
            ("Howard Baker", 2),
        ]


@pytest.mark.parametrize(
    ("bare_record", "why"),
    [
        (bare("b1", "Yeutter", "1991-06-01"), "four years after the full name"),
        (bare("b1", "Yeutter", "1987-05-01", speaks=False), "no sign it is a person"),
    ],
)
def test_no_join_without_evidence(store_url, bare_record, why):
    with open_store(store_url) as store:
        store.add_records([*YEUTTER[:2], bare_record])
        [bare_id] = [r["id"] for r in store.rows("SELECT id FROM entities WHERE name = 'Yeutter'")]
        reading = surnames.read(store, bare_id)
        assert reading is not None and reading.target is None, why


def test_a_user_split_keeps_them_apart(store_url):
    with open_store(store_url) as store:
        store.add_records(YEUTTER)
        split_apart(store, "Clayton Yeutter", "Yeutter")
        assert speaker_texts(store, "Clayton Yeutter") == {"the talks would go on"}


def test_one_seen_once_is_no_anchor(store_url):
    with open_store(store_url) as store:
        store.add_records([YEUTTER[0], YEUTTER[2]])
        assert speaker_texts(store, "Clayton Yeutter") == {"the talks would go on"}


DENG = [
    said("d1", "Deng Xiaoping", "China would open its doors", "1987-03-01"),
    said("d2", "Deng Xiaoping", "reform would go on", "1987-04-01"),
    said("d3", "Deng", "the economy was sound", "1987-05-01"),
]


def test_a_family_name_written_first_reaches_the_person(store_url):
    with open_store(store_url) as store:
        store.add_records(DENG)
        assert "the economy was sound" in speaker_texts(store, "Deng Xiaoping")


def test_a_store_from_before_family_name_keys_gets_them(store_url):
    from dateline.store.migrations import m013_family_name_keys

    with open_store(store_url) as store:
        store.add_records(DENG)
        with store.transaction():
            store.execute(
                "DELETE FROM entity_keys WHERE key = 's:deng' AND entity_id IN "
                "(SELECT id FROM entities WHERE name = 'Deng Xiaoping')"
            )
        assert "the economy was sound" not in speaker_texts(store, "Deng Xiaoping")
        with store.transaction():
            m013_family_name_keys(store)
        assert "the economy was sound" in speaker_texts(store, "Deng Xiaoping")


def test_the_page_lists_a_surname_once_with_its_articles(store_url):
    with open_store(store_url) as store:
        store.add_records([*YEUTTER, bare("b2", "Yeutter", "1987-06-01")])
        [first, *_] = query.find_entities(store, "Clayton Yeutter")
        read_as = query.entity(store, first)["read_as"]
        assert [(r["name"], r["articles"], r["how"]) for r in read_as] == [
            ("Yeutter", 2, "surname")
        ]


def test_a_page_reads_the_surname_joins_once_and_again_after_a_write(store_url, monkeypatch):
    """The entity page asks three times who is read as the person (quotes by, quotes about,
    "read as"); with the store's kept reads on, as the web server's memo sets them, the
    joins are worked out once, and a write makes them worked out again."""
    calls = []
    joined_to = surnames.joined_to
    monkeypatch.setattr(surnames, "joined_to", lambda *a: calls.append(1) or joined_to(*a))
    with open_store(store_url) as store:
        store.add_records(YEUTTER)
        [clayton, *_] = query.find_entities(store, "Clayton Yeutter")
        store.kept = {}
        query.entity(store, clayton)
        query.quote_filter(store, speaker=clayton)
        query.quote_filter(store, about=clayton)
        assert len(calls) == 1
        store.add_records([bare("b2", "Yeutter", "1987-06-01")])  # empties the kept reads
        assert [r["articles"] for r in query.entity(store, clayton)["read_as"]] == [2]
        assert len(calls) == 2
        store.kept = None  # nothing kept (the command line): worked out on every ask
        query.quote_filter(store, speaker=clayton)
        query.quote_filter(store, speaker=clayton)
        assert len(calls) == 4
