"""Entity pages for everyone (attention over time as a share of each period's articles, the
articles that mention it, quotes about it, top outlets, co-mentions linked to the articles
holding both) and the compare page for entities and terms."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from dateline import query
from dateline.query import attention
from dateline.store import open_store
from dateline.web import create_app
from store_records import lavrov, record
from test_web_api import entity_id, evil, putin


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("entity") / "kb.db"
    with open_store(path) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-05-02"), putin(), evil()])
    return str(path)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db, cache=False)) as c:
        yield c


def test_attention_is_a_share_of_each_period(db):
    with open_store(db, readonly=True) as store:
        assert attention.entity_attention(store, "Moscow") == [
            {"period": "2008-04", "n": 2, "total": 2, "share": 1.0},
            {"period": "2008-05", "n": 1, "total": 1, "share": 1.0},
        ]
        assert attention.entity_attention(store, "Vladimir Putin", "year") == [
            {"period": "2008", "n": 1, "total": 3, "share": 0.3333}
        ]
        assert attention.term_attention(store, "fine job") == [
            {"period": "2008-04", "n": 1, "total": 2, "share": 0.5}
        ]
        weeks = attention.entity_attention(store, "Moscow", "week")
        assert [(w["period"], w["n"]) for w in weeks] == [("2008-03-31", 2), ("2008-04-28", 1)]
        with pytest.raises(query.InvalidQuery, match="unknown period"):
            attention.entity_attention(store, "Moscow", "decade")


def test_entity_articles_paged_and_with_another(db):
    with open_store(db, readonly=True) as store:
        assert [a["id"] for a in attention.entity_articles(store, "Moscow")] == ["a2", "p1", "a1"]
        assert [a["id"] for a in attention.entity_articles(store, "Moscow", limit=1, offset=1)] == [
            "p1"
        ]
        both = attention.entity_articles(store, "Moscow", with_="Vladimir Putin")
        assert [a["id"] for a in both] == ["p1"]
        assert attention.count_entity_articles(store, "Moscow") == 3
        assert attention.count_entity_articles(store, "Moscow", with_="Putin") == 1
        assert [o["source"] for o in attention.top_outlets(store, "Moscow")] == [
            "RIA Novosti",
            "Interfax",
        ]


def test_a_place_never_quoted_has_a_full_page(client):
    """The issue's /entity/Japan: mentioned, never quoted, and yet a page with content."""
    mid = entity_id(client, "Moscow")
    data = client.get(f"/api/entities/{mid}").json()
    assert data["entity"]["quotes"] == 0 and data["quotes"] == []
    assert [a["id"] for a in data["articles"]] == ["a2", "p1", "a1"] and data["articles_total"] == 3
    assert [(p["period"], p["share"]) for p in data["attention"]] == [
        ("2008-04", 1.0),
        ("2008-05", 1.0),
    ]
    assert {o["source"] for o in data["outlets"]} == {"RIA Novosti", "Interfax"}
    page = client.get(f"/entity/{mid}").text
    svg = ET.fromstring(
        page[
            page.index('<svg class="attention"') : page.index(
                "</svg>", page.index('<svg class="attention"')
            )
            + 6
        ]
    )
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}circle")) == 2
    assert "attention-table" in page and 'href="/article/p1"' in page


def test_quotes_about_and_co_mentions_link_both(client):
    kid = entity_id(client, "Kosovo")
    data = client.get(f"/api/entities/{kid}").json()
    assert data["quotes_about_total"] == 2
    assert {q["article_id"] for q in data["quotes_about"]} == {"a1", "a2"}
    lavrov_link = next(e for e in data["mentioned_with"] if e["name"] == "Sergei Lavrov")
    both = client.get(lavrov_link["articles_href"].split("#")[0] + "&format=json").json()
    assert {a["id"] for a in both["articles"]} == {"a1", "a2"}
    assert both["articles_with"]["name"] == "Sergei Lavrov"


def test_entity_articles_page_on(client):
    mid = entity_id(client, "Moscow")
    from dateline.web import views

    old, views.ARTICLE_HITS = views.ARTICLE_HITS, 2
    try:
        first = client.get(f"/api/entities/{mid}").json()
        nxt = first["articles_pages"]["next"]
        second = client.get(nxt.split("#")[0] + ("&" if "?" in nxt else "?") + "format=json").json()
    finally:
        views.ARTICLE_HITS = old
    assert [a["id"] for a in first["articles"]] == ["a2", "p1"]
    assert [a["id"] for a in second["articles"]] == ["a1"] and not second["articles_pages"]["next"]


def test_compare_entities_and_a_term(client):
    data = client.get("/api/compare", params={"e": ["Moscow", "Putin"], "t": ["Kosovo"]}).json()
    assert [s["label"] for s in data["series"]] == ["Moscow", "Vladimir Putin", "“Kosovo”"]
    assert [r["period"] for r in data["table"]] == ["2008-04", "2008-05"]
    assert [v["n"] for v in data["table"][0]["values"]] == [2, 1, 1]
    page = client.get("/compare", params={"e": ["Moscow", "Putin"], "t": ["Kosovo"]}).text
    assert page.count("<polyline") == 3
    rows = list(csv.DictReader(io.StringIO(client.get(data["downloads"]["csv"]).text)))
    assert {r["label"] for r in rows} == {"Moscow", "Vladimir Putin", "“Kosovo”"}


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"e": ["a", "b", "c"], "t": ["d", "e"]}, 400, "at most 4"),
        ({"e": ["Nobody Atall"]}, 200, "Nobody Atall"),
        ({"period": "decade"}, 422, "period"),
        ({}, 200, "Compare"),
    ],
)
def test_compare_bad_and_empty(client, params, status, text):
    response = client.get("/compare", params=params)
    assert response.status_code == status and text in response.text


def test_no_script_or_style_from_elsewhere(client):
    mid = entity_id(client, "Moscow")
    for url in (f"/entity/{mid}", "/compare?e=Moscow&t=Kosovo"):
        page = client.get(url).text
        assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "https://" not in page and "<script>" not in page


def test_home_separates_people_from_organisations(tmp_path):
    text = 'The Kremlin said "no comment." Lavrov said "We will see."'
    rec = record(
        "k1",
        text,
        entities=[("Kremlin", "ORG", ["Kremlin"], []), ("Sergei Lavrov", "PERSON", ["Lavrov"], [])],
        quotes=[
            {"content": "no comment.", "speaker": 0},
            {"content": "We will see.", "speaker": 1},
        ],
    )
    with open_store(tmp_path / "kb.db") as store:
        store.add_records([rec])
    with TestClient(create_app(str(tmp_path / "kb.db"), cache=False)) as c:
        home = c.get("/?format=json").json()
        page = c.get("/").text
    assert [e["name"] for e in home["top_people"]] == ["Sergei Lavrov"]
    assert [(e["name"], e["type"]) for e in home["top_organisations"]] == [("Kremlin", "ORG")]
    assert page.index("People") < page.index("Sergei Lavrov") < page.index("Organisations")
    assert page.index("Organisations") < page.index(">Kremlin<")


def test_search_links_the_term_over_time(client):
    page = client.get("/search", params={"q": "fine job"}).text
    assert 'href="/compare?t=fine+job"' in page
    data = client.get("/api/compare", params={"t": "fine job"}).json()
    assert [(r["period"], r["n"]) for r in data["series"][0]["rows"]] == [("2008-04", 1)]


def test_new_views_on_both_backends(store_url):
    """Search counts and sorts, entity attention and articles, compare, downloads: the same
    answers on SQLite and PostgreSQL."""
    with open_store(store_url) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-05-02"), putin()])
    with TestClient(create_app(store_url, cache=False)) as c:
        search = c.get("/api/search", params={"q": "Kosovo", "sort": "relevance"}).json()
        assert search["total"] == 2 and search["articles_total"] == 2
        assert {f["param"] for f in search["facets"]} >= {"speaker", "source", "since"}
        mid = entity_id(c, "Moscow")
        data = c.get(f"/api/entities/{mid}", params={"period": "week"}).json()
        assert [(p["period"], p["n"]) for p in data["attention"]] == [
            ("2008-03-31", 2),
            ("2008-04-28", 1),
        ]
        assert data["articles_total"] == 3
        compare = c.get("/api/compare", params={"e": "Moscow", "t": "fine job"}).json()
        assert [v["n"] for v in compare["table"][0]["values"]] == [2, 1]
        rows = list(csv.DictReader(io.StringIO(c.get("/search?q=Kosovo&format=csv").text)))
        assert [r["article"] for r in rows] == ["a2", "a1"]
        feed = ET.fromstring(c.get(f"/entity/{entity_id(c, 'Sergei Lavrov')}?format=atom").text)
        assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 2


@pytest.mark.parametrize("factor", [10**9, 0])  # 10**9: the date index is walked; 0: sorted
def test_entity_articles_the_same_by_either_plan(db, monkeypatch, factor):
    monkeypatch.setattr(attention, "WALK_FACTOR", factor)
    with open_store(db, readonly=True) as store:
        rows = attention.entity_articles(store, "Sergei Lavrov")
        assert [(a["id"], a["mentions"]) for a in rows] == [("a2", 2), ("p1", 3), ("a1", 2)]
        paged = attention.entity_articles(store, "Sergei Lavrov", limit=1, offset=1)
        assert [(a["id"], a["mentions"]) for a in paged] == [("p1", 3)]
        both = attention.entity_articles(store, "Sergei Lavrov", with_="Putin", limit=1)
        assert [a["id"] for a in both] == ["p1"]


def test_entity_attention_per_year_or_week(client):
    mid = entity_id(client, "Moscow")
    data = client.get(f"/api/entities/{mid}", params={"period": "year"}).json()
    assert [(p["period"], p["n"], p["total"]) for p in data["attention"]] == [("2008", 3, 3)]
    assert [p["value"] for p in data["periods"] if p["selected"]] == ["year"]
    page = client.get(f"/entity/{mid}").text
    assert f'href="/entity/{mid}?period=week"' in page and "<b>month</b>" in page
    assert client.get(f"/entity/{mid}?period=decade").status_code == 422


def test_entity_articles_the_same_on_postgresql(db, tmp_path, pg_server):
    from conftest import new_pg_database

    url = new_pg_database(pg_server)
    with open_store(url) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-05-02"), putin(), evil()])
    answers = []
    for where in (db, url):
        with open_store(where, readonly=True) as store:
            answers.append(
                [
                    [(a["id"], a["mentions"]) for a in attention.entity_articles(store, name, **kw)]
                    for name, kw in (
                        ("Sergei Lavrov", {}),
                        ("Sergei Lavrov", {"limit": 1, "offset": 1}),
                        ("Moscow", {"with_": "Vladimir Putin"}),
                    )
                ]
            )
    assert answers[0] == answers[1]
    assert answers[0][1] == [("p1", 3)]
    # quotes are paged first too: the same rows, in every order and with every filter
    lists = []
    for where in (db, url):
        with open_store(where, readonly=True) as store:
            lists.append(
                [
                    [
                        (q["article"], q["quote"], q["speaker_title"])
                        for q in query.quotes(store, **kw)
                    ]
                    for kw in (
                        {},
                        {"limit": 1, "offset": 1},
                        {"sort": "oldest"},
                        {"text": "Kosovo"},
                        {"speaker": "Sergei Lavrov", "sort": "oldest"},
                        {"about": "Kosovo"},
                    )
                ]  # fmt: skip
            )
            best = query.quotes(store, text="Kosovo", sort="relevance")
            assert {q["article"] for q in best} == {"a1", "a2"}
    assert lists[0] == lists[1]
    assert lists[0][1] == [lists[0][0][1]]
