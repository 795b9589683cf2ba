"""The SQLite store: schema and migrations, idempotent transactional writes, bad input, exports."""

from __future__ import annotations

import asyncio
import importlib
import json
import sqlite3

import pytest

from dateline import Report, validate
from dateline.query import article, quotes
from dateline.store import (
    SchemaOutdated,
    SchemaTooNew,
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreUnavailable,
    ingest,
    open_store,
)
from dateline.store.export import ExportError, export
from dateline.store.migrations import MIGRATIONS
from store_records import lavrov, record

#: The final schema: every table and its columns, in order. Update with each migration.
SCHEMA = {
    "_dateline_migrations": ["name", "applied_at"],
    "articles": [
        "id", "url", "title", "source", "published", "text", "ingested_at", "pipeline",
    ],
    "entities": ["id", "name", "type", "merged_into", "n_articles", "n_mentions", "n_quotes"],
    "entity_keys": ["key", "entity_id"],
    "article_entities": ["article_id", "local_id", "entity_id", "name", "type", "n_mentions"],
    "mentions": ["article_id", "local_id", "start_char", "end_char", "text"],
    "titles": ["article_id", "local_id", "title"],
    "times": ["article_id", "local_id", "start_char", "end_char", "text", "type", "value"],
    "quotes": [
        "id", "article_id", "local_id", "kind", "start_char", "end_char", "text",
        "cue_start", "cue_end", "cue_text", "source_start", "source_end", "source_text",
        "speaker_local", "speaker_name", "speaker_id", "time_local", "date", "date_from", "outlet",
        "rule", "act", "parent_local", "speaker_kind", "speaker_via", "speaker_confidence",
        "speaker_description", "affiliation_local",
    ],
    "quote_entities": ["entity_id", "quote_id", "date"],
    "entity_decisions": ["id", "action", "entity_id", "other_id", "alias", "made_at"],
    "entity_distinct": ["a", "b"],
    "entity_names": ["entity_id", "name", "n"],
    "entity_titles": ["entity_id", "title", "first", "last", "n"],
    "entity_pairs": ["a", "b", "n"],
    "failed_articles": ["id", "origin", "reason", "failed_at", "attempts", "article"],
    "datelines": [
        "article_id", "text", "start_char", "end_char", "place", "place_start", "place_end",
        "date", "agency", "entity_local", "time_local",
    ],
    "watch_sources": [
        "url", "kind", "added_at", "etag", "last_modified", "last_checked", "last_success",
        "last_status", "last_error", "next_due", "interval_s", "failures", "unchanged",
        "items_seen", "entry_errors", "last_entry_error",
    ],
    "watch_items": [
        "url", "source_url", "article_id", "signature", "content_hash", "first_seen",
        "last_seen", "versions",
    ],
    "article_signatures": ["article_id", "text_hash", "signature"],
    "signature_bands": ["bucket", "article_id"],
    "syndication": ["article_id", "root_id", "similarity"],
    "entity_days": ["entity_id", "day", "n"],
    "entity_outlets": ["entity_id", "source", "n"],
    "article_days": ["day", "n"],
    "quotes_fts": ["text"],
    "articles_fts": ["title", "text"],
}  # fmt: skip


@pytest.fixture()
def db(tmp_path):
    return tmp_path / "kb.db"


@pytest.fixture()
def store(db):
    with open_store(db) as s:
        yield s


def many(n: int, start: int = 0) -> list[dict]:
    return [lavrov(f"a{i}", published=f"2008-{1 + i % 12:02d}-01") for i in range(start, n)]


def table_counts(store) -> dict[str, int]:
    return {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in SCHEMA if "fts" not in t}


def test_final_schema(store):
    tables = {
        r["name"]
        for r in store.rows("SELECT name FROM sqlite_master WHERE type IN ('table')")
        if not r["name"].startswith("sqlite_") and "_fts_" not in r["name"]
    }
    assert tables == set(SCHEMA)
    for table, columns in SCHEMA.items():
        got = [r["name"] for r in store.rows(f"PRAGMA table_info({table})")]
        assert got == columns, table
    applied = [r["name"] for r in store.rows("SELECT name FROM _dateline_migrations")]
    assert applied == [m.__name__ for m in MIGRATIONS]
    assert applied == [
        "m001_initial",
        "m002_full_text",
        "m003_listings",
        "m004_failed_articles",
        "m005_datelines",
        "m006_quote_provenance",
        "m007_pipeline_versions",
        "m008_syndication",
        "m009_watch_sources",
        "m010_speaker_kinds",
        "m011_web_aggregates",
        "m012_split_description_joins",
        "m013_family_name_keys",
    ]
    assert store.scalar("PRAGMA journal_mode") == "wal"


def test_reopening_applies_nothing_twice(db):
    open_store(db).close()
    with open_store(db) as store:
        assert store.scalar("SELECT COUNT(*) FROM _dateline_migrations") == len(MIGRATIONS)


def test_same_records_twice_add_nothing(store):
    assert store.add_records(many(5)) == 5
    before = table_counts(store)
    assert store.add_records(many(5)) == 0
    assert store.add_records(many(5) + many(5), batch_size=3) == 0
    assert table_counts(store) == before
    assert before["articles"] == 5 and before["quotes"] == 5 and before["mentions"] == 25


def test_repeated_id_within_one_batch_is_one_article(store):
    report = Report()
    result = ingest([lavrov("a1"), lavrov("a1"), lavrov("a2")], store, report=report)
    assert (result.added, result.duplicates) == (2, 1)
    assert report.duplicates == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "bad", "text": "no entities key"},
        {**lavrov("bad"), "quotes": [{"id": "q1"}]},
        {**lavrov("bad"), "quotes": lavrov()["quotes"] * 2},  # two quotes "q1"
        "not a dict",
        {**lavrov("bad"), "entities": [{"id": "e1", "name": "X", "type": "PERSON"}]},
    ],
)
def test_a_bad_record_is_skipped_alone(store, bad):
    report = Report(read=3)
    result = ingest([lavrov("a1"), bad, lavrov("a2")], store, report=report)
    assert (result.added, result.failed) == (2, 1)
    assert report.skipped["invalid record"] == 1 and report.read == 2
    assert store.scalar("SELECT COUNT(*) FROM articles WHERE id = 'bad'") == 0
    assert store.scalar("SELECT COUNT(*) FROM mentions WHERE article_id = 'bad'") == 0
    assert table_counts(store)["quotes"] == 2


def test_a_failing_batch_is_rolled_back_whole(store, monkeypatch):
    store.add_records(many(4))
    before = table_counts(store)
    ingest_module = importlib.import_module("dateline.store.ingest")

    calls = {"n": 0}
    real = ingest_module.insert_record

    def failing(*args):
        calls["n"] += 1
        if calls["n"] == 3:
            # the store's failure, not the record's (a record's own error skips it alone)
            raise StoreError("disk on fire")
        return real(*args)

    monkeypatch.setattr(ingest_module, "insert_record", failing)
    with pytest.raises(StoreError, match="disk on fire"):
        store.add_records(many(10, start=4), batch_size=5)
    assert table_counts(store) == before  # the first two records of the batch are gone too
    monkeypatch.setattr(ingest_module, "insert_record", real)
    assert store.add_records(many(10, start=4)) == 6


def test_a_record_round_trips(store):
    original = lavrov("a1")
    store.add_records([original])
    back = article(store, "a1")
    validate(back)
    for key in ("id", "url", "title", "source", "published", "text", "times"):
        assert back[key] == original[key]
    strip = ("kb_id", "kb_speaker", "date")
    assert [{k: v for k, v in e.items() if k not in strip} for e in back["entities"]] == original[
        "entities"
    ]
    assert [{k: v for k, v in q.items() if k not in strip} for q in back["quotes"]] == original[
        "quotes"
    ]


def test_readonly_open_of_a_missing_store_says_how_to_make_one(db):
    with pytest.raises(StoreNotFound, match="dateline ingest"):
        open_store(db, readonly=True)
    assert not db.exists()


def test_readonly_store_refuses_writes(db):
    open_store(db).close()
    with open_store(db, readonly=True) as store, pytest.raises(StoreError, match="read-only"):
        store.add_records([lavrov()])


def test_a_store_from_a_newer_dateline_is_refused_untouched(db):
    with open_store(db) as store:
        store.add_records([lavrov()])
        store.execute("INSERT INTO _dateline_migrations VALUES ('m099_future', 'x')")
    before = db.read_bytes()
    for readonly in (False, True):
        with pytest.raises(SchemaTooNew, match="m099_future.*upgrade Dateline"):
            open_store(db, readonly=readonly)
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM articles").fetchone() == (1,)
    assert db.read_bytes() == before


def test_an_older_store_is_migrated_on_a_writable_open_only(db):
    with open_store(db) as store:
        store.execute("DELETE FROM _dateline_migrations WHERE name = 'm002_full_text'")
        store.execute("DELETE FROM _dateline_migrations WHERE name = 'm003_listings'")
        for name in ("entity_names", "entity_titles", "entity_pairs"):
            store.execute(f"DROP TABLE {name}")
        store.execute("DROP INDEX quote_entities_date")
        store.execute("ALTER TABLE quote_entities DROP COLUMN date")
        for name in ("quotes_ai", "quotes_ad", "articles_ai", "articles_ad"):
            store.execute(f"DROP TRIGGER {name}")
        for name in ("quotes_fts", "articles_fts"):
            store.execute(f"DROP TABLE {name}")
    with pytest.raises(SchemaOutdated, match="m002_full_text, m003_listings"):
        open_store(db, readonly=True)
    with open_store(db) as store:
        store.add_records([lavrov()])
        assert quotes(store, text="independence")


def test_a_locked_store_fails_cleanly_and_writes_nothing(db, monkeypatch):
    import dateline.store.db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)
    open_store(db).close()
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        with open_store(db) as store, pytest.raises(StoreLocked, match="locked by another writer"):
            store.add_records([lavrov()])
    finally:
        other.execute("ROLLBACK")
        other.close()
    with open_store(db) as store:
        assert store.counts()["articles"] == 0


def test_a_file_that_is_not_a_store_is_named(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises((StoreUnavailable, StoreError), match="junk.db"):
        open_store(junk)


def test_export_jsonl_records_validate(store, tmp_path):
    store.add_records(many(3))
    out = tmp_path / "records.jsonl"
    assert export(store, "jsonl", out) == {str(out): 3}
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a0", "a1", "a2"]
    for r in records:
        validate(r)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export_tables(store, tmp_path, fmt):
    store.add_records(many(3))
    written = export(store, fmt, tmp_path / "out")
    counts = {p.rsplit("/", 1)[1].split(".")[0]: n for p, n in written.items()}
    assert counts == {"articles": 3, "entities": 4, "mentions": 15, "quotes": 3, "times": 3,
                      "aliases": 4, "titles": 1}  # fmt: skip
    quotes_file = tmp_path / "out" / f"quotes.{fmt}"
    if fmt == "csv":
        import csv

        rows = list(csv.DictReader(quotes_file.open()))
    else:
        import pyarrow.parquet as pq

        rows = pq.read_table(quotes_file).to_pylist()
    assert {r["speaker_name"] for r in rows} == {"Sergei Lavrov"}
    assert not list((tmp_path / "out").glob("*.part"))


def test_export_refuses_unknown_format(store, tmp_path):
    with pytest.raises(ExportError, match="unknown export format"):
        export(store, "xml", tmp_path / "x")


def test_the_sqlite_file_reads_in_datasette(store, db):
    from datasette.app import Datasette

    store.add_records(many(3))
    store.close()

    async def fetch():
        ds = Datasette([str(db)], immutables=[])
        tables = await ds.client.get("/kb.json")
        quotes_json = await ds.client.get("/kb/quotes.json?_shape=array")
        search = await ds.client.get("/kb/quotes.json?_search=independence&_shape=array")
        return tables, quotes_json, search

    tables, quotes_json, search = asyncio.run(fetch())
    assert tables.status_code == 200
    names = {t["name"] for t in tables.json()["tables"]}
    assert {"articles", "quotes", "entities", "quotes_fts"} <= names
    assert quotes_json.status_code == 200 and len(quotes_json.json()) == 3
    assert search.status_code == 200 and len(search.json()) == 3


def test_quotes_are_dated_by_speech_act_then_article(store):
    text = 'Smith said on Monday: "Go." Later Smith said "Stop."'
    store.add_records(
        [
            record(
                "a1",
                text,
                entities=[("Smith", "PERSON", ["Smith", "Smith"], [])],
                quotes=[{"content": "Go.", "speaker": 0, "time": "t1"},
                        {"content": "Stop.", "speaker": 0}],
                times=[("Monday", "DATE", "2008-03-31")],
                published="2008-04-02",
            )
        ]
    )  # fmt: skip
    rows = store.rows("SELECT text, date, date_from FROM quotes ORDER BY id")
    assert rows == [
        {"text": "Go.", "date": "2008-03-31", "date_from": "speech"},
        {"text": "Stop.", "date": "2008-04-02", "date_from": "article"},
    ]
