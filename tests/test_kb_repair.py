"""Stores built before a6c9c20 joined organisations through a description ("The company"):
``kb.repair.split_description_joins`` (migration m012) splits them by the keys their
articles' names give now, and leaves the user's decisions and true joins alone."""

from __future__ import annotations

import pytest

from dateline.kb import merge
from dateline.kb.repair import split_description_joins
from dateline.kb.resolve import move_entity
from dateline.query import entities, quotes
from dateline.store import open_store
from store_records import record


@pytest.fixture()
def store(store_url):
    """A fresh store on each backend (SQLite, then PostgreSQL)."""
    with open_store(store_url) as s:
        yield s


def company(aid: str, name: str) -> dict:
    text = f'{name} posted a loss. The company said: "Sales fell."'
    return record(
        aid,
        text,
        entities=[(name, "ORG", [name, "The company"], [])],
        quotes=[{"content": "Sales fell.", "cue": "said", "source": "The company", "speaker": 0}],
    )


def ids(store, *aids: str) -> list[int]:
    marks = ", ".join("?" for _ in aids)
    rows = store.rows(
        f"SELECT entity_id FROM article_entities WHERE article_id IN ({marks}) ORDER BY article_id",
        aids,
    )
    return [r["entity_id"] for r in rows]


def old_join(store, *aids: str) -> int:
    """What a store built before a6c9c20 held: the articles' entities joined in one, with
    the description's key registered to it."""
    first, *rest = ids(store, *aids)
    with store.transaction():
        for other in sorted(set(rest) - {first}):
            move_entity(store, other, first)
        store.execute("INSERT INTO entity_keys (key, entity_id) VALUES ('o:company', ?)", (first,))
    return first


def test_organisations_joined_by_the_company_are_split(store):
    store.add_records([company("a1", "Rogers Corp"), company("a2", "Emhart Corp"),
                       company("a3", "Rogers Corp"), company("a4", "Genentech Inc")])  # fmt: skip
    giant = old_join(store, "a1", "a2", "a3", "a4")
    assert len(set(ids(store, "a1", "a2", "a3", "a4"))) == 1
    with store.transaction():
        made = split_description_joins(store)
    assert sorted(m["name"] for m in made) == ["Emhart Corp", "Genentech Inc"]
    a1, a2, a3, a4 = ids(store, "a1", "a2", "a3", "a4")
    assert a1 == a3 == giant and len({a1, a2, a4}) == 3
    by_id = {e["id"]: e for e in entities(store)}
    assert by_id[giant]["name"] == "Rogers Corp" and by_id[giant]["articles"] == 2
    assert by_id[a2]["quotes"] == 1 and by_id[a4]["quotes"] == 1
    assert [q["article"] for q in quotes(store, speaker=a2)] == ["a2"]
    # The stale key leads nowhere: a later "The company" joins no one.
    keys = {r["key"] for r in store.rows("SELECT key FROM entity_keys WHERE entity_id = ?",
                                         (giant,))}  # fmt: skip
    assert "o:company" not in keys and "o:rogers corp" in keys
    store.add_records([company("a5", "Emhart Corp"), company("a6", "Polaroid Corp")])
    a5, a6 = ids(store, "a5", "a6")
    assert a5 == a2 and a6 not in {a1, a2, a4}


def test_a_second_run_splits_nothing(store):
    store.add_records([company("a1", "Rogers Corp"), company("a2", "Emhart Corp")])
    old_join(store, "a1", "a2")
    with store.transaction():
        assert len(split_description_joins(store)) == 1
    with store.transaction():
        assert split_description_joins(store) == []


def test_an_acronym_and_its_long_form_stay_one(store):
    store.add_records(
        [
            record("a1", "The EU said no.", entities=[("EU", "ORG", ["EU"], [])]),
            record("a2", "The European Union (EU) met.",
                   entities=[("European Union", "ORG", ["European Union", "EU"], [])]),
            record("a3", "The European Union said yes.",
                   entities=[("European Union", "ORG", ["European Union"], [])]),
        ]
    )  # fmt: skip
    assert len(set(ids(store, "a1", "a2", "a3"))) == 1
    with store.transaction():
        assert split_description_joins(store) == []


def test_a_merge_the_user_made_is_kept(store):
    store.add_records([company("a1", "Rogers Corp"), company("a2", "Rogers Group")])
    one, two = ids(store, "a1", "a2")
    merge(store, one, [two])
    with store.transaction():
        assert split_description_joins(store) == []
    assert len(set(ids(store, "a1", "a2"))) == 1


def test_a_fresh_store_has_the_migration_applied(tmp_path):
    with open_store(tmp_path / "kb.db") as s:
        names = {r["name"] for r in s.rows("SELECT name FROM _dateline_migrations")}
    assert "m012_split_description_joins" in names
