"""m011's per-day tables (entity_days, entity_outlets, article_days), kept by the
derived-data owner (dateline.kb.derived): after ingest, re-ingest, replace, merge and
split they equal a recount from the base tables, on SQLite and PostgreSQL, and the
attention, article totals and outlets read from them equal the same figures grouped
from the base tables."""

from __future__ import annotations

from collections import Counter, defaultdict

from dateline.kb.decisions import merge, split
from dateline.query import attention
from dateline.store import open_store
from dateline.store.replace import replace_records
from store_records import lavrov, record


def _kept(store) -> dict:
    return {
        "entity_days": {
            (r["entity_id"], r["day"]): r["n"]
            for r in store.rows("SELECT entity_id, day, n FROM entity_days")
        },
        "entity_outlets": {
            (r["entity_id"], r["source"]): r["n"]
            for r in store.rows("SELECT entity_id, source, n FROM entity_outlets")
        },
        "article_days": {r["day"]: r["n"] for r in store.rows("SELECT day, n FROM article_days")},
    }


def _recount(store) -> dict:
    """The same figures counted in Python from articles and article_entities."""
    articles = {
        r["id"]: ((r["published"] or "")[:10], r["source"])
        for r in store.rows("SELECT id, published, source FROM articles")
    }
    by_entity: dict[int, set[str]] = defaultdict(set)
    for r in store.rows("SELECT entity_id, article_id FROM article_entities"):
        by_entity[r["entity_id"]].add(r["article_id"])
    days: Counter = Counter()
    outlets: Counter = Counter()
    for eid, aids in by_entity.items():
        for aid in aids:
            day, source = articles[aid]
            days[(eid, day)] += 1
            if source is not None:
                outlets[(eid, source)] += 1
    return {
        "entity_days": dict(days),
        "entity_outlets": dict(outlets),
        "article_days": dict(Counter(day for day, _ in articles.values())),
    }


def _entity(store, name: str) -> int:
    return store.scalar(
        "SELECT id FROM entities WHERE name = ? AND merged_into IS NULL ORDER BY id", (name,)
    )


def _twice_in_one(aid: str) -> dict:
    """An article whose two local entities are one place (one KB entity, one article)."""
    text = "MOSCOW said no. Officials in Moscow said yes to Kosovo."
    return record(
        aid,
        text,
        entities=[
            ("Moscow", "GPE", ["Moscow"], []),
            ("Moscow", "GPE", ["MOSCOW"], []),
            ("Kosovo", "GPE", ["Kosovo"], []),
        ],
        published="2008-04-20",
        source="Reuters",
    )


def test_per_day_tables_equal_a_recount_after_every_change(store_url):
    with open_store(store_url) as store:
        undated = {**lavrov("u1"), "published": None, "times": [], "source": None}
        undated["quotes"] = [{**undated["quotes"][0], "time": None}]
        records = [lavrov("a1"), lavrov("a2", "2008-05-03"), _twice_in_one("a3"), undated]
        assert store.add_records(records) == 4
        kept = _kept(store)
        assert kept == _recount(store)
        moscow = _entity(store, "Moscow")
        assert [r["entity_id"] for r in store.rows(
            "SELECT entity_id FROM article_entities WHERE article_id = 'a3' AND name = 'Moscow'"
        )] == [moscow, moscow]  # fmt: skip
        assert kept["entity_days"][(moscow, "2008-04-20")] == 1  # once, though named twice
        assert kept["article_days"] == {"2008-04-01": 1, "2008-05-03": 1, "2008-04-20": 1, "": 1}

        assert store.add_records(records) == 0  # re-ingest: nothing changes
        assert _kept(store) == kept

        # a new reading moves a1 to another day and outlet, and drops Lavrov and Kosovo
        new = {**lavrov("a1", "2009-01-15"), "source": "TASS"}
        new["entities"] = [e for e in new["entities"] if e["name"] in ("Moscow", "EU")]
        new["quotes"] = []
        assert replace_records(store, [new]) == 1
        assert _kept(store) == _recount(store)
        assert _kept(store)["article_days"]["2009-01-15"] == 1
        assert "2008-04-01" not in _kept(store)["article_days"]

        kosovo, eu = _entity(store, "Kosovo"), _entity(store, "EU")
        merge(store, kosovo, [eu])
        assert _kept(store) == _recount(store)
        assert not any(eid == eu for eid, _ in _kept(store)["entity_days"])
        split(store, kosovo, "EU")
        assert _kept(store) == _recount(store)


def test_attention_totals_and_outlets_read_from_them_equal_the_base_tables(store_url):
    with open_store(store_url) as store:
        store.add_records(
            [lavrov("a1"), lavrov("a2", "2008-04-09"), lavrov("a3", "2008-06-30"),
             _twice_in_one("a4"), record("b1", "Nothing here.", published="2008-06-01")]
        )  # fmt: skip
        moscow = _entity(store, "Moscow")
        for period in attention.PERIODS:
            p = attention._period(store, "a.published", period)
            base = store.rows(
                f"SELECT {p} AS period, COUNT(DISTINCT ae.article_id) AS n "
                "FROM article_entities ae JOIN articles a ON a.id = ae.article_id "
                f"WHERE ae.entity_id = ? AND a.published IS NOT NULL GROUP BY {p} ORDER BY {p}",
                (moscow,),
            )
            totals = store.rows(
                f"SELECT {p} AS period, COUNT(*) AS n FROM articles a "
                f"WHERE a.published IS NOT NULL GROUP BY {p}"
            )
            got = attention.entity_attention(store, moscow, period)
            assert [(r["period"], r["n"]) for r in got] == [(r["period"], r["n"]) for r in base]
            assert attention.article_totals(store, period) == {r["period"]: r["n"] for r in totals}
        assert [r["n"] for r in attention.entity_attention(store, moscow, "month")] == [3, 1]
        assert attention.article_totals(store, "month") == {"2008-04": 3, "2008-06": 2}
        assert attention.count_entity_articles(store, moscow) == 4
        assert attention.top_outlets(store, moscow) == [
            {"source": "RIA Novosti", "n": 3},
            {"source": "Reuters", "n": 1},
        ]


def test_m011_fills_the_tables_of_a_store_written_before_it(store_url):
    with open_store(store_url) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-05-03"), _twice_in_one("a3")])
        kept = _kept(store)
        with store.transaction():
            for table in ("entity_days", "entity_outlets", "article_days"):
                store.execute(f"DROP TABLE {table}")
            store.execute("DELETE FROM _dateline_migrations WHERE name = 'm011_web_aggregates'")
    with open_store(store_url) as store:  # opening migrates
        assert _kept(store) == kept == _recount(store)
