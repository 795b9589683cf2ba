"""Aggregates kept until the store changes (web.memo): used again while the store is
unchanged, never after a write, whether another process or the same connection wrote."""

from __future__ import annotations

from fastapi.testclient import TestClient

from dateline.store import open_store
from dateline.web import create_app
from dateline.web.memo import Memo, data_version
from store_records import lavrov
from test_web_api import entity_id, putin


def _memo(client: TestClient) -> Memo:
    """The memo of the thread that ran the views (the server runs them on one thread)."""
    memos = [m for m in client.app.state.reader.memos if m.entries]
    assert len(memos) == 1
    return memos[0]


def test_a_write_by_another_connection_changes_the_version(lavrov_db):
    with open_store(lavrov_db, readonly=True) as reader:
        before = data_version(reader)
        assert data_version(reader) == before  # reading changes nothing
        with open_store(lavrov_db) as writer:
            writer.add_records([lavrov("a2", "2008-05-02")])
        assert data_version(reader) != before


def test_a_write_by_the_same_connection_changes_the_version(lavrov_db):
    with open_store(lavrov_db) as store:
        memo = Memo(store).check()
        assert memo.get("n", lambda: store.counts()["articles"]) == 1
        assert memo.check().get("n", lambda: -1) == 1  # unchanged: kept
        store.add_records([lavrov("a2", "2008-05-02")])
        assert memo.check().get("n", lambda: store.counts()["articles"]) == 2


def test_entity_and_search_aggregates_are_read_again_after_an_ingest(lavrov_db):
    with TestClient(create_app(lavrov_db, cache=False)) as client:
        lid = entity_id(client, "Sergei Lavrov")
        page = client.get(f"/api/entities/{lid}").json()
        search = client.get("/api/search", params={"q": "Kosovo"}).json()
        assert (page["articles_total"], len(page["timeline"]), search["total"]) == (1, 1, 1)
        assert client.get("/api/home").json()["figures"]["articles"] == 1
        # the same pages again: the aggregates come from the memo
        hits = _memo(client).hits
        assert client.get(f"/api/entities/{lid}").json() == page
        assert client.get("/api/search", params={"q": "Kosovo"}).json() == search
        assert _memo(client).hits > hits

        with open_store(lavrov_db) as writer:  # an ingest in another process, while serving
            writer.add_records([lavrov("a2", "2008-05-02"), putin()])
        page = client.get(f"/api/entities/{lid}").json()
        assert page["articles_total"] == 3  # Putin's article mentions Lavrov too
        assert [t["date"] for t in page["timeline"]] == ["2008-04-01", "2008-05-02"]
        assert [a["period"] for a in page["attention"]] == ["2008-04", "2008-05"]
        assert {e["name"] for e in page["quoted_with"]} == set()
        assert "Vladimir Putin" in {e["name"] for e in page["mentioned_with"]}
        assert [q["name"] for q in page["quoted_about"]] == ["Vladimir Putin"]
        search = client.get("/api/search", params={"q": "Kosovo"}).json()
        assert search["total"] == 2 and search["articles_total"] == 2
        years = next(f for f in search["facets"] if f["label"] == "Year")
        assert years["values"][0]["count"] == 2
        with open_store(lavrov_db, readonly=True) as store:
            counts = store.counts()
        home = client.get("/api/home").json()
        assert home["figures"]["articles"] == counts["articles"] == 3
        assert home["figures"]["quotes"] == counts["quotes"]


def test_every_page_is_the_same_with_and_without_the_memo(lavrov_db):
    with open_store(lavrov_db) as writer:
        writer.add_records([lavrov("a2", "2008-05-02"), putin()])
    with TestClient(create_app(lavrov_db, cache=False)) as client:
        lid = entity_id(client, "Sergei Lavrov")
        urls = ["/", f"/entity/{lid}", f"/entity/{lid}?period=year", "/search?q=Kosovo",
                "/search?q=Kosovo&sort=oldest", "/search?speaker=Lavrov",
                f"/compare?e={lid}&t=Kosovo"]  # fmt: skip
        first = [client.get(u).text for u in urls]  # made with the memo filling up
        again = [client.get(u).text for u in urls]  # with every aggregate kept
        _memo(client).limit = 0  # nothing kept: each aggregate read for its page
        _memo(client).clear()
        fresh = [client.get(u).text for u in urls]
        assert first == again == fresh


class _ServerStore:
    dialect = "postgresql"


def test_nothing_is_kept_for_a_store_without_a_data_version():
    memo = Memo(_ServerStore()).check()  # type: ignore[arg-type]
    reads = []
    for _ in range(2):
        memo.get("n", lambda: reads.append(1))
    assert len(reads) == 2 and not memo.entries


def test_the_memo_is_bounded(lavrov_db):
    with open_store(lavrov_db, readonly=True) as store:
        memo = Memo(store, entries=2).check()
        for key in "abc":
            memo.get(key, lambda k=key: k)
        assert list(memo.entries) == ["b", "c"]


def test_the_stores_shared_reads_are_bounded_and_emptied_with_the_memo(lavrov_db):
    with open_store(lavrov_db, readonly=True) as store:
        memo = Memo(store, entries=2).check()
        for key in "ab":
            store.keep(key, lambda k=key: k)
        assert memo.check() and list(store.kept) == ["a", "b"]  # within the bound: kept
        store.keep("c", lambda: "c")
        memo.check()
        assert store.kept == {}  # outgrew the bound: emptied
        store.keep("d", lambda: "d")
        memo.clear()
        assert store.kept == {}
