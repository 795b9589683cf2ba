"""replace_records: an article's annotations replaced in place, derived data kept right and
the user's decisions still winning, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from dateline.kb.decisions import merge, split
from dateline.store import open_store
from dateline.store.records import to_record
from dateline.store.replace import replace_records
from store_records import lavrov, record

MEDVEDEV_TEXT = (
    'President Dmitry Medvedev said on Friday: "Sanctions will not work." Medvedev spoke in Moscow.'
)


def medvedev(aid: str = "a1", published: str = "2008-04-01") -> dict:
    """A second reading of an article: another speaker, other words."""
    return record(
        aid,
        MEDVEDEV_TEXT,
        entities=[
            ("Dmitry Medvedev", "PERSON", ["Dmitry Medvedev", "Medvedev"], ["President"]),
            ("Moscow", "GPE", ["Moscow"], []),
        ],
        quotes=[{"content": "Sanctions will not work.", "cue": "said", "speaker": 0,
                 "source": "Dmitry Medvedev", "time": "t1"}],
        times=[("Friday", "DATE", published)],
        published=published,
    )  # fmt: skip


def person(aid: str, text: str, name: str, published: str = "2008-04-01") -> dict:
    return record(aid, text, entities=[(name, "PERSON", [name], [])], published=published)


def _by_name(store) -> dict[str, tuple]:
    """Each live entity with articles: its counters and listings, keyed by name (ids differ
    between stores)."""
    out = {}
    for e in store.rows(
        "SELECT id, name, n_articles, n_mentions, n_quotes FROM entities "
        "WHERE merged_into IS NULL AND n_articles > 0"
    ):
        names = store.rows(
            "SELECT name, n FROM entity_names WHERE entity_id = ? ORDER BY name", (e["id"],)
        )
        titles = store.rows(
            "SELECT title, first, last, n FROM entity_titles WHERE entity_id = ? ORDER BY title",
            (e["id"],),
        )
        pairs = store.rows(
            "SELECT o.name, p.n FROM entity_pairs p JOIN entities o ON o.id = p.b "
            "WHERE p.a = ? ORDER BY o.name",
            (e["id"],),
        )
        out[e["name"]] = (e["n_articles"], e["n_mentions"], e["n_quotes"], names, titles, pairs)
    return out


def _derived(store) -> dict:
    return {
        "counts": store.rows(
            "SELECT id, n_articles, n_mentions, n_quotes FROM entities ORDER BY id"
        ),
        "names": store.rows("SELECT * FROM entity_names ORDER BY entity_id, name"),
        "titles": store.rows("SELECT * FROM entity_titles ORDER BY entity_id, title"),
        "pairs": store.rows("SELECT * FROM entity_pairs ORDER BY a, b"),
    }


def _without_kb_ids(rec: dict) -> dict:
    """A stored record without the store's own entity ids (they differ between stores)."""

    def drop(items: list[dict], key: str) -> list[dict]:
        return [{k: v for k, v in item.items() if k != key} for item in items]

    rec = {k: v for k, v in rec.items() if k != "ingested_at"}  # when, not what
    return {**rec, "entities": drop(rec["entities"], "kb_id"),
            "quotes": drop(rec["quotes"], "kb_speaker")}  # fmt: skip


def _article_hits(store, word: str) -> list[str]:
    if store.dialect == "postgresql":
        sql = (
            "SELECT id FROM articles WHERE to_tsvector('english', coalesce(title, '') || ' ' || "
            "text) @@ plainto_tsquery('english', ?) ORDER BY id"
        )
    else:
        sql = (
            "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY a.id"
        )
    return [r["id"] for r in store.rows(sql, (word,))]


def _quote_hits(store, word: str) -> list[str]:
    if store.dialect == "postgresql":
        sql = "SELECT text FROM quotes WHERE to_tsvector('english', text) @@ plainto_tsquery(?)"
    else:
        sql = (
            "SELECT q.text FROM quotes q WHERE q.id IN "
            "(SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"
        )
    return [r["text"] for r in store.rows(sql, (word,))]


def test_replaced_store_equals_one_that_only_ever_saw_the_new_records(store_url, tmp_path):
    other = lavrov("b1", "2008-05-01")
    with open_store(store_url) as store:
        store.add_records([lavrov("a1"), other])
        assert replace_records(store, [medvedev("a1")]) == 1
        replaced = _by_name(store)
        got = _without_kb_ids(to_record(store, store.one("SELECT * FROM articles WHERE id = 'a1'")))
        kept = _derived(store)
        from dateline.kb.derived import refresh_counts, refresh_listings

        with store.transaction():
            for eid in [r["id"] for r in store.rows("SELECT id FROM entities")]:
                refresh_counts(store, eid)
                refresh_listings(store, eid)
        assert _derived(store) == kept  # incremental == a full recount by derived.py
        assert _article_hits(store, "Sanctions") == ["a1"]
        assert _article_hits(store, "Kosovo") == ["b1"]  # the old text left the index
        assert _quote_hits(store, "Sanctions") == ["Sanctions will not work."]
        assert len(_quote_hits(store, "Kosovo")) == 1
    with open_store(tmp_path / "fresh.db") as fresh:
        fresh.add_records([medvedev("a1"), other])
        assert replaced == _by_name(fresh)
        want = _without_kb_ids(
            to_record(fresh, fresh.one("SELECT * FROM articles WHERE id = 'a1'"))
        )
    assert got == want
    assert "Sergei Lavrov" in replaced and replaced["Sergei Lavrov"][:3] == (1, 2, 1)


@pytest.mark.parametrize("times", [1, 2, 3])
def test_replacing_with_the_same_record_doubles_nothing(store_url, times):
    with open_store(store_url) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-05-01")])
        before = _by_name(store)
        rows = {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in
                ("articles", "quotes", "mentions", "titles", "times", "quote_entities",
                 "article_entities", "entity_pairs", "entity_names", "entity_titles")}  # fmt: skip
        for _ in range(times):
            assert replace_records(store, [lavrov("a1")]) == 1
        assert _by_name(store) == before
        for table, n in rows.items():
            assert store.scalar(f"SELECT COUNT(*) FROM {table}") == n, table


def test_article_row_updated_in_place_keeping_its_first_ingest_date(store_url):
    with open_store(store_url) as store:
        store.add_records([lavrov("a1")])
        store.execute("UPDATE articles SET ingested_at = '2001-01-01T00:00:00+00:00'")
        new = {**medvedev("a1"), "pipeline": "9.9+abc", "title": "New title"}
        replace_records(store, [new])
        row = store.one("SELECT * FROM articles WHERE id = 'a1'")
        assert row["ingested_at"] == "2001-01-01T00:00:00+00:00"
        assert (row["pipeline"], row["title"], row["text"]) == (
            "9.9+abc",
            "New title",
            MEDVEDEV_TEXT,
        )


def test_a_record_not_in_the_store_is_added(store_url):
    with open_store(store_url) as store:
        assert replace_records(store, [lavrov("a1"), medvedev("a2")]) == 2
        assert store.counts()["articles"] == 2
        assert store.scalar("SELECT COUNT(*) FROM quotes") == 2


def test_a_merge_still_holds_after_replacing(store_url):
    with open_store(store_url) as store:
        store.add_records(
            [person("a1", "Kim Jong-un spoke.", "Kim Jong-un"),
             person("a2", "Kim Jong-il spoke.", "Kim Jong-il")]
        )  # fmt: skip
        un, il = (store.scalar("SELECT entity_id FROM article_entities WHERE article_id = ?", (a,))
                  for a in ("a1", "a2"))  # fmt: skip
        assert un != il
        merge(store, un, [il])
        replace_records(store, [person("a2", "Kim Jong-il spoke again.", "Kim Jong-il")])
        now = store.scalar("SELECT entity_id FROM article_entities WHERE article_id = 'a2'")
        assert now == un
        assert store.scalar("SELECT n_articles FROM entities WHERE id = ?", (un,)) == 2
        assert store.scalar("SELECT n_articles FROM entities WHERE id = ?", (il,)) == 0


def test_a_split_still_holds_after_replacing(store_url):
    with open_store(store_url) as store:
        store.add_records(
            [person("a1", "Kim Jong-un spoke.", "Kim Jong-un"),
             person("a2", "Kim Jong-il spoke.", "Kim Jong-il")]
        )  # fmt: skip
        un = store.scalar("SELECT entity_id FROM article_entities WHERE article_id = 'a1'")
        merge(store, un, [store.scalar(
            "SELECT entity_id FROM article_entities WHERE article_id = 'a2'")])  # fmt: skip
        new = split(store, un, "Kim Jong-il")["id"]
        replace_records(store, [person("a2", "Kim Jong-il spoke again.", "Kim Jong-il")])
        assert store.scalar("SELECT entity_id FROM article_entities WHERE article_id = 'a2'") == new
        assert store.scalar("SELECT entity_id FROM article_entities WHERE article_id = 'a1'") == un
        counts = {
            r["id"]: r["n_articles"] for r in store.rows("SELECT id, n_articles FROM entities")
        }
        assert (counts[un], counts[new]) == (1, 1)


def test_a_malformed_record_leaves_the_earlier_annotations(store_url, caplog):
    with open_store(store_url) as store:
        store.add_records([lavrov("a1")])
        bad = {**medvedev("a1"), "entities": [{"id": "e1"}]}  # no name, type or mentions
        assert replace_records(store, [bad, medvedev("a2")]) == 1
        assert store.scalar("SELECT text FROM quotes WHERE article_id = 'a1'").startswith("We will")
        assert store.scalar("SELECT text FROM articles WHERE id = 'a1'").startswith("Russian")
        assert "not replaced: record 'a1'" in caplog.text


def test_a_replaced_article_is_failed_no_longer(store_url):
    from dateline.article import Article
    from dateline.store.ingest import Failures, IngestResult, _write_failures, count_failed

    with open_store(store_url) as store:
        store.add_records([lavrov("a9")])
        failures = Failures()
        failures(Article(id="a1", text="x"), "over the time budget")
        with store.transaction():
            _write_failures(store, failures, IngestResult())
        assert count_failed(store) == 1
        replace_records(store, [lavrov("a1")])
        assert count_failed(store) == 0


def test_stale_articles_are_those_another_pipeline_annotated(store_url):
    from dateline.store.replace import count_stale, stale_articles

    field = {"text": "MOSCOW, April 1 -", "start": None, "end": None, "place": "MOSCOW",
             "place_start": None, "place_end": None, "date": None, "agency": None,
             "entity": None, "time": None}  # fmt: skip
    with open_store(store_url) as store:
        store.add_records(
            [
                {**lavrov("old"), "pipeline": "1.0+old", "dateline": field},
                {**medvedev("none"), "title": "T"},  # stored before m007: no pipeline
                {**lavrov("new"), "pipeline": "2.0+new"},
            ]
        )
        assert count_stale(store, "2.0+new") == 2
        assert count_stale(store, "1.0+old") == 2
        got = {a.id: a for a in stale_articles(store, "2.0+new")}
        assert sorted(got) == ["none", "old"]
        old, none = got["old"], got["none"]
        assert (old.text, old.published, old.source) == (lavrov()["text"], "2008-04-01",
                                                          "RIA Novosti")  # fmt: skip
        assert old.dateline == "MOSCOW, April 1 -"  # the wire field, to be read again
        assert (none.dateline, none.title) == (None, "T")
        # Replaced with this pipeline's records, they are stale no longer.
        now = [
            {**lavrov("old"), "pipeline": "2.0+new"},
            {**medvedev("none"), "pipeline": "2.0+new"},
        ]
        assert replace_records(store, now) == 2
        assert count_stale(store, "2.0+new") == 0
        assert list(stale_articles(store, "2.0+new")) == []
