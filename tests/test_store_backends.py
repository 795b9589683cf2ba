"""The store end to end on both backends: one parametrised fixture (``store_url`` in
conftest.py: a SQLite file, then a database on a session-wide PostgreSQL server) runs
every test here on SQLite and on PostgreSQL.

The records are real pipeline output, annotated once per session: the three shortest
bundled Wikinews articles (CC BY 2.5) and two short wire stories written for this test,
the second of which names the minister by title and surname only (the resolver's
bare-surname path, which used to crash PostgreSQL ingests).
"""

from __future__ import annotations

import csv
import json

import pytest
from fastapi.testclient import TestClient

from dateline import query, validate
from dateline.article import Article
from dateline.kb import merge, split
from dateline.store import open_store
from dateline.store.export import export
from dateline.web import create_app

pytestmark = pytest.mark.model

WIRE = [
    (
        "wire-lavrov-1",
        "2008-04-01",
        "MOSCOW, April 1 (Reuters) - Russian Foreign Minister Sergei Lavrov said on Tuesday "
        'that Moscow would keep opposing the independence of Kosovo. "We will not change our '
        'position," Lavrov told reporters after talks with European Union officials.',
    ),
    (
        "wire-lavrov-2",
        "2008-04-02",
        "BELGRADE, April 2 (Reuters) - Foreign Minister Lavrov said on Wednesday that Serbia "
        'had Russia\'s full support. "Kosovo is Serbia," Lavrov said.',
    ),
]


@pytest.fixture(scope="session")
def e2e_records(nlp, sample_articles) -> list[dict]:
    from dateline.extraction import extract

    shortest = sorted(sample_articles, key=lambda r: len(r["text"]))[:3]
    articles = [
        Article(r["text"], id=r["id"], title=r.get("title"), url=r.get("url"),
                source=r.get("source"), published=r.get("date"))
        for r in shortest
    ]  # fmt: skip
    articles += [Article(text, id=aid, source="Reuters", published=day) for aid, day, text in WIRE]
    records = list(extract(articles, nlp))
    assert [r["id"] for r in records] == [a.id for a in articles]
    # the precondition of the surname path: a bare "Lavrov" with a title, after a full name
    bare = [e for e in records[-1]["entities"] if e["name"] == "Lavrov"]
    assert bare and bare[0]["titles"], records[-1]["entities"]
    return records


def _lavrov_ids(store) -> set[int]:
    rows = store.rows(
        "SELECT entity_id FROM article_entities WHERE article_id IN (?, ?) AND type = 'PERSON'",
        [aid for aid, _, _ in WIRE],
    )
    return {r["entity_id"] for r in rows}


def test_ingest_reingest_and_the_surname_path(store_url, e2e_records):
    with open_store(store_url) as store:
        assert store.add_records(e2e_records[:3], batch_size=2) == 3
        assert store.add_records(e2e_records) == 2  # the first three are already there
        assert store.add_records(e2e_records) == 0
        counts = store.counts()
        assert counts["articles"] == 5 and counts["quotes"] >= 4
        assert len(_lavrov_ids(store)) == 1  # "Foreign Minister Lavrov" is Sergei Lavrov
        lavrov = query.entity(store, "Lavrov")
        assert lavrov["name"] == "Sergei Lavrov" and lavrov["articles"] == 2
        said = query.timeline(store, "Sergey Lavrov")
        assert [q["date"] for q in said] == sorted(q["date"] for q in said)
        assert {q["article"] for q in said} == {aid for aid, _, _ in WIRE}


def test_records_come_back_and_export(store_url, e2e_records, tmp_path):
    with open_store(store_url) as store:
        store.add_records(e2e_records)
        for original in e2e_records:
            back = query.article(store, original["id"])
            validate(back)
            assert back["text"] == original["text"]
            assert len(back["quotes"]) == len(original["quotes"])
        written = export(store, "jsonl", tmp_path / "records.jsonl")
        assert list(written.values()) == [5]
        lines = (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()
        assert {json.loads(line)["id"] for line in lines} == {r["id"] for r in e2e_records}
        export(store, "csv", tmp_path / "tables", ["quotes", "entities"])
        with (tmp_path / "tables" / "quotes.csv").open(encoding="utf-8") as f:
            assert len(list(csv.DictReader(f))) == store.counts()["quotes"]
    assert not list(tmp_path.rglob("*.part"))


def test_merge_and_split_hold_for_later_ingests(store_url, e2e_records):
    with open_store(store_url) as store:
        store.add_records(e2e_records[3:4])  # the full name only
        lavrov = query.find_entities(store, "Sergei Lavrov")[0]
        eu = query.find_entities(store, "European Union")[0]
        merge(store, lavrov, [eu])
        assert query.find_entities(store, "European Union") == [lavrov]
        new = split(store, lavrov, "European Union")
        assert query.find_entities(store, "European Union") == [new["id"]]
        store.add_records(e2e_records[4:])  # the surname story still joins the minister
        assert _lavrov_ids(store) == {lavrov}


def test_web_pages_as_json(store_url, e2e_records):
    with open_store(store_url) as store:
        store.add_records(e2e_records)
        lavrov = query.find_entities(store, "Sergei Lavrov")[0]
    client = TestClient(create_app(store_url, cache=False))
    try:
        home = client.get("/api/home").json()
        assert home["figures"]["articles"] == 5 and home["latest"]
        found = client.get("/api/search", params={"q": "Kosovo"}).json()
        assert found["quotes"] and found["articles"]
        entity = client.get(f"/api/entities/{lavrov}").json()
        assert entity["entity"]["name"] == "Sergei Lavrov" and entity["quotes"]
        article = client.get(f"/api/articles/{WIRE[1][0]}").json()
        assert article["article"]["id"] == WIRE[1][0] and article["cards"]
        assert client.get("/api/entities", params={"q": "Lavrof"}).json()["notice"]
        assert client.get(f"/entity/{2**63}").status_code == 404
        head = client.head(f"/article/{WIRE[0][0]}")
        assert head.status_code == 200 and head.content == b""
    finally:
        client.app.state.reader.close()


def test_both_backends_give_the_same_answers(tmp_path, pg_server, e2e_records):
    from conftest import new_pg_database

    answers = []
    for url in (str(tmp_path / "kb.db"), new_pg_database(pg_server)):
        with open_store(url) as store:
            store.add_records(e2e_records, batch_size=2)
            answers.append(
                {
                    "counts": store.counts(),
                    "entities": query.entities(store, limit=100),
                    "quotes": query.quotes(store, limit=100),
                    "about": query.quotes(store, about="Kosovo"),
                    "network": query.co_mentions(store, "Lavrov"),
                    "records": [query.article(store, r["id"]) for r in e2e_records],
                }
            )
    sqlite, postgres = answers
    assert sqlite["counts"] == postgres["counts"]
    for key in ("entities", "quotes", "about", "network", "records"):
        assert sqlite[key] == postgres[key], key
