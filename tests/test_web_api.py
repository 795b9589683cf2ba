"""The web app through FastAPI's TestClient: pages, JSON twins, limits, errors, safety."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from dateline.store import open_store
from dateline.web import create_app
from store_records import lavrov, record

EVIL_TEXT = (
    'Mallory said: "<script>alert(1)</script> and <img src=x onerror=alert(2)> are fine." '
    '<a href="javascript:alert(3)">click here</a> Mallory <svg onload=alert(4)> left.'
)
PUTIN_TEXT = (
    'President Vladimir Putin said on Friday that Sergei Lavrov "has done a fine job". '
    "Putin added that Lavrov would stay. Putin was speaking in Moscow."
)


def evil() -> dict:
    rec = record(
        "evil<1>",
        EVIL_TEXT,
        entities=[("Mallory <b>", "PERSON", ["Mallory"], ['"><script>alert(5)</script>'])],
        quotes=[
            {
                "content": "<script>alert(1)</script> and <img src=x onerror=alert(2)> are fine.",
                "cue": "said",
                "source": "Mallory",
                "speaker": 0,
            }
        ],
        source="<i>Evil Times</i>",
        title="<script>alert(6)</script> headline",
        published="2010-06-01",
    )
    rec["url"] = "javascript:alert(7)"
    return rec


def putin() -> dict:
    return record(
        "p1",
        PUTIN_TEXT,
        entities=[
            ("Vladimir Putin", "PERSON", ["Vladimir Putin", "Putin"], ["President"]),
            ("Sergei Lavrov", "PERSON", ["Sergei Lavrov", "Lavrov", "Lavrov"], []),
            ("Moscow", "GPE", ["Moscow"], []),
        ],
        quotes=[
            {
                "content": "has done a fine job",
                "cue": "said",
                "source": "Vladimir Putin",
                "speaker": 0,
                "kind": "mixed",
                "time": "t1",
            },
            {
                "content": "Lavrov would stay",
                "cue": "added",
                "speaker": 0,
                "kind": "indirect",
            },
        ],
        times=[("Friday", "DATE", "2008-04-04")],
        source="Interfax",
        published="2008-04-05",
        title="Putin praises his minister",
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("web") / "kb.db"
    with open_store(path) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-05-02"), putin(), evil()])
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    # no page cache: a test that patches a limit must not leave its pages to the next test
    # (the cache has tests of its own; the browser tests run with it on)
    with TestClient(create_app(db, cache=False)) as c:
        yield c


def entity_id(client: TestClient, name: str) -> int:
    rows = client.get("/api/entities", params={"q": name}).json()["entities"]
    return next(e["id"] for e in rows if e["name"] == name)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


# -- pages and their JSON twins ------------------------------------------------------------------


def test_home_shows_figures_latest_quotes_and_search_box(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    data = client.get("/api/home").json()
    assert data["figures"] == {"articles": 4, "quotes": 5, "entities": 6, "dates": 3}
    assert [q["date"] for q in data["latest"]] == sorted(
        (q["date"] for q in data["latest"]), reverse=True
    )
    assert {e["name"] for e in data["top_speakers"]} >= {"Sergei Lavrov", "Vladimir Putin"}
    assert 'name="q"' in page.text and "Sergei Lavrov" in page.text
    assert client.get("/?format=json").json() == data


@pytest.mark.parametrize(
    ("params", "expected_texts"),
    [
        ({"q": "independence Kosovo"}, 2),
        ({"speaker": "Lavrov"}, 2),
        ({"speaker": "Sergey Lavrov"}, 2),  # another transliteration
        ({"since": "2010"}, 1),
        ({"until": "2009-12-31"}, 4),
        ({"speaker": "Lavrov", "until": "2008-03"}, 0),
        ({"source": "Interfax"}, 2),
        ({"kind": "mixed"}, 1),
        ({"since": "2008", "until": "2008"}, 4),
        ({"kind": "indirect", "speaker": "Vladimir Putin"}, 1),
        ({"q": "fine job", "speaker": "Putin"}, 1),
        ({"q": "nothing-matches-this"}, 0),
        ({"about": "Lavrov"}, 1),  # quotes whose text names Lavrov
        ({"about": "Moscow"}, 0),
    ],
)
def test_search_filters(client, params, expected_texts):
    data = client.get("/api/search", params=params).json()
    assert data["total"] == len(data["quotes"]) == expected_texts
    assert data["total_exact"] is True
    page = client.get("/search", params=params)
    assert page.status_code == 200
    assert client.get("/search", params={**params, "format": "json"}).json() == data


def test_search_facets_pages_and_articles(client):
    data = client.get("/api/search", params={"since": "2008", "until": "2008", "size": 2}).json()
    facets = {f["label"]: f["values"] for f in data["facets"]}
    assert {v["value"]: v["count"] for v in facets["Speaker"]} == {
        "Sergei Lavrov": 2,
        "Vladimir Putin": 2,
    }
    assert {v["value"] for v in facets["Source"]} == {"RIA Novosti", "Interfax"}
    assert len(data["quotes"]) == 2 and data["pages"]["next"] and not data["pages"]["prev"]
    second = client.get(data["pages"]["next"] + "&format=json").json()
    assert len(second["quotes"]) == 2 and second["pages"]["prev"] and not second["pages"]["next"]
    seen = {q["id"] for q in data["quotes"]} | {q["id"] for q in second["quotes"]}
    assert len(seen) == 4
    # full text over articles too, with the matched words marked as hits
    hits = client.get("/api/search", params={"q": "Moscow"}).json()["articles"]
    assert {a["id"] for a in hits} == {"a1", "a2", "p1"}
    assert any(part["hit"] and part["text"] == "Moscow" for part in hits[0]["snippet"])


def test_searched_words_are_marked_in_quotes(client):
    (hit,) = client.get("/api/search", params={"q": "FINE job"}).json()["quotes"]
    assert [s["text"] for s in hit["segments"] if s["hit"]] == ["fine", "job"]
    assert "".join(s["text"] for s in hit["segments"]) == hit["text"]
    evil = client.get("/search", params={"q": "script alert"}).text
    assert "&lt;<b>script</b>&gt;<b>alert</b>(1)" in evil  # marked, still escaped


def test_totals_and_facets_count_every_match(client, monkeypatch):
    first = client.get("/api/search", params={"size": 2}).json()
    assert first["total"] == 5 and first["total_exact"] is True and not first["facets_note"]
    kinds = {f["param"]: f for f in first["facets"]}["kind"]["values"]
    assert {v["value"]: v["count"] for v in kinds} == {"direct": 3, "mixed": 1, "indirect": 1}
    pages, seen = first, {q["id"] for q in first["quotes"]}
    while pages["pages"]["next"]:
        pages = client.get(pages["pages"]["next"] + "&format=json").json()
        seen |= {q["id"] for q in pages["quotes"]}
    assert len(seen) == 5  # every quote in the store, once
    from dateline.web import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)  # a huge store: counted up to a bound
    capped = client.get("/api/search").json()
    assert capped["total"] == 3 and capped["total_exact"] is False and capped["facets_note"]
    assert "more than 3 quotes" in client.get("/search").text


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["evil<1>", "a2", "p1", "p1", "a1"]),
        ("oldest", ["a1", "p1", "p1", "a2", "evil<1>"]),
    ],
)
def test_search_sorts_by_date_both_ways(client, sort, expected):
    data = client.get("/api/search", params={"sort": sort}).json()
    assert [q["article_id"] for q in data["quotes"]] == expected
    assert [s["value"] for s in data["sorts"] if s["selected"]] == [sort]
    assert "relevance" not in {s["value"] for s in data["sorts"]}  # no words: no relevance


def test_search_by_relevance(client):
    data = client.get("/api/search", params={"q": "Kosovo", "sort": "relevance"}).json()
    assert {q["article_id"] for q in data["quotes"]} == {"a1", "a2"}
    assert "relevance" in {s["value"] for s in data["sorts"]}
    assert client.get("/api/search", params={"sort": "random"}).status_code == 422


def test_article_hits_are_counted_and_paged(client, monkeypatch):
    from dateline.web import search

    monkeypatch.setattr(search, "ARTICLE_HITS", 2)
    first = client.get("/api/search", params={"q": "Moscow"}).json()
    assert first["articles_total"] == 3 and len(first["articles"]) == 2
    nxt = first["articles_pages"]["next"]
    assert nxt and "apage=2" in nxt and not first["articles_pages"]["prev"]
    second = client.get(nxt.split("#")[0] + "&format=json").json()
    assert len(second["articles"]) == 1 and not second["articles_pages"]["next"]
    both = {a["id"] for a in first["articles"]} | {a["id"] for a in second["articles"]}
    assert both == {"a1", "a2", "p1"}
    # the quotes stay on their own page while the articles page on
    assert second["quotes"] == first["quotes"]


def test_active_filters_name_the_speaker_and_can_be_removed(client):
    pid = entity_id(client, "Vladimir Putin")
    data = client.get("/api/search", params={"speaker": pid, "kind": "mixed"}).json()
    filters = {f["param"]: f for f in data["filters"]}
    assert filters["speaker"]["value"] == "Vladimir Putin"  # a facet's id shown by name
    assert filters["speaker"]["remove"] == "/search?kind=mixed"
    assert filters["kind"]["remove"] == f"/search?speaker={pid}"


def test_unknown_speaker_is_a_notice_not_an_error(client):
    data = client.get("/api/search", params={"speaker": "Nobody Atall"}).json()
    assert data["quotes"] == [] and "Nobody Atall" in data["notice"]
    assert "Nobody Atall" in client.get("/search", params={"speaker": "Nobody Atall"}).text


def test_entity_page_has_names_timeline_quotes_and_network(client):
    eid = entity_id(client, "Sergei Lavrov")
    data = client.get(f"/api/entities/{eid}").json()
    assert data["entity"]["name"] == "Sergei Lavrov" and data["entity"]["quotes"] == 2
    assert [t["title"] for t in data["entity"]["titles"]] == ["Russian Foreign Minister"]
    # the chart counts the quotes the query API dates (speech-act date, else article date)
    dated = client.get("/api/search", params={"speaker": eid}).json()["quotes"]
    days = Counter(q["date"] for q in dated)
    assert {t["date"]: t["count"] for t in data["timeline"]} == days and days.total() == 2
    assert {q["href"] for q in data["quotes"]} == {"/article/a1#q1", "/article/a2#q1"}
    assert [e["name"] for e in data["quoted_about"]] == ["Vladimir Putin"]
    assert data["quoted_with"] == []  # nobody else is quoted in the articles quoting him
    assert {"Kosovo", "Moscow", "Vladimir Putin"} <= {e["name"] for e in data["mentioned_with"]}
    page = client.get(f"/entity/{eid}")
    assert page.status_code == 200
    svg = [a for t, a in elements(page.text) if t == "rect" and a["class"].startswith("kind-")]
    assert len(svg) == len(days) and {r["class"] for r in svg} == {"kind-direct"}
    assert 'href="/article/a1#q1"' in page.text
    # a name works as well as an id, in any transliteration
    assert client.get("/api/entities/Sergey Lavrov").json()["entity"]["id"] == eid


def test_putin_quoted_with_lavrov_network(client):
    pid = entity_id(client, "Vladimir Putin")
    data = client.get(f"/api/entities/{pid}").json()
    assert data["entity"]["aliases"] == [] or "Vladimir Putin" not in data["entity"]["aliases"]
    assert data["timeline"] == [
        {"date": "2008-04-04", "kind": "mixed", "count": 1},
        {"date": "2008-04-05", "kind": "indirect", "count": 1},  # undated: the article's date
    ]
    assert [e["name"] for e in data["speaks_about"]] == ["Sergei Lavrov"]


def test_article_page_highlights_and_links(client):
    data = client.get("/api/articles/p1").json()
    assert data["article"]["text"] == PUTIN_TEXT
    card, indirect = data["cards"]
    assert indirect["kind"] == "indirect" and indirect["date"] == "2008-04-05"
    assert card["speaker"] == "Vladimir Putin" and card["cue"] == "said"
    assert card["date"] == "2008-04-04" and card["date_text"] == "Friday"
    page = client.get("/article/p1").text
    tags = elements(page)
    quote, _ = [a for t, a in tags if t == "mark" and "data-quote" in a]
    assert quote["id"] == "q1" and quote["title"] == "Vladimir Putin (said) - 2008-04-04"
    assert any(t == "span" and a.get("class") == "timex" for t, a in tags)
    assert ("script", {"src": "/static/article.js", "defer": None}) in tags


# -- safety ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/article/evil%3C1%3E",
        "/api/articles/evil%3C1%3E",
        "/",
        "/search?q=alert",
        "/search?source=%3Ci%3EEvil+Times%3C/i%3E",
        "/entities",
    ],
)
def test_untrusted_text_is_inert_everywhere(client, url):
    response = client.get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert response.headers["content-type"] == "application/json"
        return
    for tag, attrs in elements(response.text):
        assert tag not in {"img", "svg"} or "onerror" not in attrs
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript:"), attrs
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs  # only our own script
    assert "<script>alert" not in response.text


def test_evil_article_shows_its_markup_as_text(client):
    page = client.get("/article/evil%3C1%3E").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;svg onload=alert(4)&gt;" in page
    assert "javascript:alert(7)" in page  # shown as text ...
    assert 'href="javascript:' not in page  # ... never as a link


def test_security_headers_forbid_other_origins(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_no_write_endpoint(client):
    spec = client.get("/openapi.json").json()
    methods = {m for ops in spec["paths"].values() for m in ops}
    assert methods == {"get"}
    twins = {"/api/home", "/api/search", "/api/entities/{entity_id}", "/api/articles/{article_id}"}
    assert twins <= set(spec["paths"])
    assert client.post("/api/search").status_code == 405
    assert client.delete("/article/a1").status_code == 405


def test_store_is_opened_read_only(db):
    app = create_app(db)
    try:
        store = app.state.reader.store()
        assert store.readonly
        with pytest.raises(Exception, match="read-only|readonly"):
            store.execute("DELETE FROM quotes")
    finally:
        app.state.reader.close()


# -- limits and errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/article/no-such-article", 404, "no article"),
        ("/api/articles/no-such-article", 404, "no article"),
        ("/entity/999999", 404, "no entity"),
        ("/api/entities/Nobody%20Atall", 404, "Nobody Atall"),
        ("/no/such/page", 404, "no page at /no/such/page"),
        ("/api/search?since=2009&until=2008", 400, "empty"),
        ("/api/search?since=2008-02-30", 400, "not a date"),
        ("/api/search?since=yesterday", 422, "since"),
        ("/api/search?kind=rumour", 422, "kind"),
        ("/api/search?size=101", 422, "size"),
        ("/api/search?page=0", 422, "page"),
        ("/api/search?page=501", 422, "page"),
        ("/api/search?q=" + "x" * 201, 422, "200"),
        ("/api/entities/" + "x" * 301, 422, "entity_id"),
        ("/search?q=" + "x" * 201, 422, "200"),
    ],
)
def test_errors_and_limits(client, url, status, message):
    response = client.get(url)
    assert response.status_code == status
    if url.startswith("/api/"):
        error = response.json()["error"]
        assert error["status"] == status and message in error["message"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert f"{status} ·" in response.text and message in response.text


def test_an_unexpected_failure_is_a_plain_500(db, monkeypatch):
    from dateline.web import views

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.query, "quotes", boom)  # the home page's latest quotes
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        page = c.get("/")
        assert page.status_code == 500 and "secret internals" not in page.text
        api = c.get("/api/home")
        assert api.status_code == 500 and api.json()["error"]["status"] == 500


def test_missing_store_fails_at_start(tmp_path):
    from dateline.store import StoreNotFound

    with pytest.raises(StoreNotFound):
        create_app(tmp_path / "none.db")


def test_an_article_id_with_a_slash(tmp_path):
    path = tmp_path / "kb.db"
    with open_store(path) as store:
        store.add_records([lavrov("wire/2008/04/a1")])
    with TestClient(create_app(path)) as client:
        link = client.get("/api/home").json()["latest"][0]["href"]
        assert link == "/article/wire%2F2008%2F04%2Fa1#q1"
        assert client.get(link.split("#")[0]).status_code == 200
        assert (
            client.get("/api/articles/wire/2008/04/a1").json()["article"]["id"] == "wire/2008/04/a1"
        )


def test_punctuation_only_search_is_empty_not_an_error(client):
    data = client.get("/api/search", params={"q": "!!!"}).json()
    assert data["quotes"] == [] and data["articles"] == []


def test_responses_match_the_documented_shapes(client):
    from dateline.web import schema

    eid = entity_id(client, "Vladimir Putin")
    checks = [
        ("/api/home", schema.Home),
        ("/api/search?q=fine+job", schema.Search),
        ("/api/search?since=2008&until=2008&size=2", schema.Search),
        ("/api/entities", schema.Entities),
        (f"/api/entities/{eid}", schema.Entity),
        ("/api/articles/p1", schema.Article),
        ("/api/articles/no-such-article", schema.Error),
    ]
    spec = client.get("/openapi.json").json()
    for url, model in checks:
        model.model_validate(client.get(url).json())  # raises on any difference
        assert model.__name__ in spec["components"]["schemas"]


def test_search_filters_and_facets_by_act(client):
    """The act facet lists what the quotes report; ?act= keeps one act; a bad one is 422."""
    page = client.get("/api/search").json()
    facets = {f["param"]: f for f in page["facets"]}
    assert "act" in facets
    statements = client.get("/api/search", params={"act": "statement"}).json()
    assert statements["quotes"] and all(q["act"] == "statement" for q in statements["quotes"])
    assert client.get("/api/search", params={"act": "rumour"}).status_code == 422
