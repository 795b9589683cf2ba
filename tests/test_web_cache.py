"""The page cache: replays unchanged pages, never a stale one after the store changes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from dateline.store import open_store
from dateline.web import cache as cache_module
from dateline.web import create_app
from store_records import lavrov


def test_repeated_page_is_replayed_with_the_same_bytes_and_headers(lavrov_db):
    with TestClient(create_app(lavrov_db, cache=True)) as client:
        first, second = client.get("/search?q=Kosovo"), client.get("/search?q=Kosovo")
        assert first.headers["x-dateline-cache"] == "miss"
        assert second.headers["x-dateline-cache"] == "hit"
        assert first.content == second.content
        assert "script-src 'self'" in second.headers["content-security-policy"]
        assert second.headers["content-type"] == first.headers["content-type"]
        # another query string is another page
        assert client.get("/search?q=Moscow").headers["x-dateline-cache"] == "miss"


def test_a_change_to_the_store_is_seen_at_once(lavrov_db):
    with TestClient(create_app(lavrov_db, cache=True)) as client:
        assert client.get("/api/home").json()["figures"]["articles"] == 1
        assert client.get("/api/home").headers["x-dateline-cache"] == "hit"
        with open_store(lavrov_db) as writer:  # an ingest in another process, while serving
            writer.add_records([lavrov("a2", "2008-05-02")])
        fresh = client.get("/api/home")
        assert fresh.headers["x-dateline-cache"] == "miss"
        assert fresh.json()["figures"]["articles"] == 2


@pytest.mark.parametrize("url", ["/article/nope", "/api/search?size=1000", "/no/page"])
def test_errors_are_never_replayed(lavrov_db, url):
    with TestClient(create_app(lavrov_db, cache=True)) as client:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code >= 400
            assert response.headers["x-dateline-cache"] == "miss"


def test_cache_can_be_turned_off(lavrov_db, monkeypatch):
    with TestClient(create_app(lavrov_db, cache=False)) as client:
        client.get("/")
        assert "x-dateline-cache" not in client.get("/").headers
    monkeypatch.setenv("DATELINE_WEB_CACHE", "0")
    with TestClient(create_app(lavrov_db)) as client:
        client.get("/")
        assert "x-dateline-cache" not in client.get("/").headers


def test_cache_is_bounded(lavrov_db, monkeypatch):
    monkeypatch.setattr(cache_module, "CACHE_ENTRIES", 2)
    app = create_app(lavrov_db, cache=True)
    with TestClient(app) as client:
        for q in ("a", "b", "c", "d"):
            client.get("/api/search", params={"q": q})
        assert client.get("/api/search", params={"q": "a"}).headers["x-dateline-cache"] == "miss"
        assert client.get("/api/search", params={"q": "d"}).headers["x-dateline-cache"] == "hit"
    layer = app.middleware_stack
    while not isinstance(layer, cache_module.PageCache):
        layer = layer.app
    assert len(layer.entries) == 2


def test_postgres_urls_use_a_time_window(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: clock[0])
    version = cache_module.store_version("postgresql://u@127.0.0.1/kb")
    before = version()
    clock[0] += cache_module.CACHE_WINDOW_S
    assert version() != before
