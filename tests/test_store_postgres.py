"""The same store on a real PostgreSQL server that the tests start (Debian's postgresql).

Skipped, with the reason, where the server binaries are not installed; `make test`
installs them (scripts/system-deps.sh).
"""

from __future__ import annotations

import socket

import pytest

from conftest import new_pg_database
from dateline import query, validate
from dateline.kb import merge, split
from dateline.store import SchemaTooNew, StoreError, StoreUnavailable, open_store
from dateline.store.export import export
from store_records import lavrov, record
from test_store import SCHEMA


@pytest.fixture()
def pg_url(pg_server):
    """A fresh, empty database on the session's test server (conftest.py)."""
    return new_pg_database(pg_server)


@pytest.fixture()
def store(pg_url):
    with open_store(pg_url) as s:
        yield s


def test_final_schema_matches_sqlite(store):
    rows = store.rows(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
    )
    got: dict[str, list[str]] = {}
    for r in rows:
        got.setdefault(r["table_name"], []).append(r["column_name"])
    assert got == {t: c for t, c in SCHEMA.items() if not t.endswith("_fts")}
    indexes = {r["indexname"] for r in store.rows("SELECT indexname FROM pg_indexes")}
    assert {"quotes_fts", "articles_fts", "quotes_speaker"} <= indexes


def test_idempotent_ingest_and_round_trip(store):
    records = [lavrov(f"a{i}", published=f"2008-0{i + 1}-01") for i in range(4)]
    assert store.add_records(records, batch_size=3) == 4
    assert store.add_records(records) == 0
    assert store.counts() == {"articles": 4, "entities": 4, "mentions": 20, "quotes": 4, "times": 4}
    back = query.article(store, "a2")
    validate(back)
    assert back["text"] == records[2]["text"]


def test_queries(store):
    text = 'Sergey Lavrov said "Serbia will not agree." Ban Ki-moon said Serbia must talk.'
    store.add_records(
        [
            lavrov("a1"),
            record(
                "a2",
                text,
                entities=[("Sergey Lavrov", "PERSON", ["Sergey Lavrov"], []),
                          ("Serbia", "GPE", ["Serbia", "Serbia"], []),
                          ("Ban Ki-moon", "PERSON", ["Ban Ki-moon"], [])],
                quotes=[{"content": "Serbia will not agree.", "speaker": 0},
                        {"content": "Serbia must talk", "kind": "indirect", "speaker": 2}],
                published="2008-05-01",
            ),
        ]
    )  # fmt: skip
    assert len(query.quotes(store, speaker="Lavrov")) == 2
    assert len(query.quotes(store, about="Serbia")) == 2
    assert [q["text"] for q in query.quotes(store, text="agree")] == ["Serbia will not agree."]
    assert [q["date"] for q in query.timeline(store, "Sergei Lavrov")] == [
        "2008-04-01",
        "2008-05-01",
    ]
    assert len(query.quotes(store, since="2008-04-15", until="2008-12-31")) == 2
    quoted = query.co_mentions(store, "Ban Ki-moon", by="quoted")
    assert [r["name"] for r in quoted] == ["Sergei Lavrov"]
    assert query.entities(store, order="quotes")[0]["name"] == "Sergei Lavrov"
    with pytest.raises(query.UnknownEntity):
        query.quotes(store, speaker="Nobody Known")


def test_merge_split_and_export(store, tmp_path):
    store.add_records(
        [
            record("a1", "Kim Jong-il spoke.", entities=[("Kim Jong-il", "PERSON",
                   ["Kim Jong-il"], [])]),
            record("a2", "Kim Jong-un spoke.", entities=[("Kim Jong-un", "PERSON",
                   ["Kim Jong-un"], [])]),
        ]
    )  # fmt: skip
    il, un = (query.find_entities(store, n)[0] for n in ("Kim Jong-il", "Kim Jong-un"))
    merge(store, un, [il])
    new = split(store, un, "Kim Jong-il")
    store.add_records([record("a3", "Kim Jong-il again.", entities=[("Kim Jong-il", "PERSON",
                              ["Kim Jong-il"], [])])])  # fmt: skip
    assert query.find_entities(store, "Kim Jong-il") == [new["id"]]
    written = export(store, "parquet", tmp_path / "pq")
    assert written[str(tmp_path / "pq" / "articles.parquet")] == 3
    assert export(store, "jsonl", tmp_path / "r.jsonl") == {str(tmp_path / "r.jsonl"): 3}


def test_newer_schema_is_refused(pg_url):
    with open_store(pg_url) as store:
        store.execute("INSERT INTO _dateline_migrations VALUES ('m099_future', 'x')")
    with pytest.raises(SchemaTooNew, match="m099_future"):
        open_store(pg_url)


def test_readonly_refuses_writes(pg_url):
    open_store(pg_url).close()
    with open_store(pg_url, readonly=True) as store:
        with pytest.raises(Exception, match="read-only"):
            store.add_records([lavrov()])
        assert store.counts()["articles"] == 0


def test_a_server_that_is_down_is_a_clear_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://dateline:secret@127.0.0.1:{port}/news"
    with pytest.raises(StoreUnavailable, match="cannot connect to PostgreSQL") as err:
        open_store(url)
    assert "secret" not in str(err.value) and "is the server running" in str(err.value)
    assert isinstance(err.value, StoreError)
