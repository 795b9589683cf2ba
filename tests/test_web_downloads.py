"""The web's ``format`` switch: every list page answers ?format=csv|jsonl|atom for the same
query (streamed), links to those twins, and names it suggests are links; the entity list
filters by type and sorts by each column."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from dateline.store import open_store
from dateline.web import create_app
from store_records import lavrov, record
from test_cli_formats import ATOM, parse_atom
from test_web_api import entity_id, evil, putin


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("downloads") / "kb.db"
    wrapped = record(
        "w1",
        "Jean-Claude\nJuncker spoke.",
        entities=[("Jean-Claude\nJuncker", "PERSON", ["Jean-Claude\nJuncker"], [])],
    )
    with open_store(path) as store:
        store.add_records([lavrov("a1"), lavrov("a2", "2008-05-02"), putin(), evil(), wrapped])
    with TestClient(create_app(str(path), cache=False)) as c:
        yield c


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.text)))


@pytest.mark.parametrize(
    ("params", "articles"),
    [
        ({}, ["evil<1>", "a2", "p1", "p1", "a1"]),
        ({"speaker": "Lavrov"}, ["a2", "a1"]),
        ({"q": "fine job"}, ["p1"]),
        ({"since": "2008-05", "until": "2008-05"}, ["a2"]),
        ({"kind": "indirect"}, ["p1"]),
        ({"sort": "oldest"}, ["a1", "p1", "p1", "a2", "evil<1>"]),
    ],
)
def test_search_csv_is_the_same_query(client, params, articles):
    page = client.get("/api/search", params=params).json()
    response = client.get("/search", params={**params, "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = csv_rows(response)
    assert [r["article"] for r in rows] == articles == [q["article_id"] for q in page["quotes"]]
    assert {
        "url",
        "title",
        "outlet",
        "cue",
        "act",
        "speaker_id",
        "speaker_title",
        "date_from",
    } <= set(rows[0])


def test_jsonl_streams_past_one_chunk(client, monkeypatch):
    from dateline.web import downloads

    monkeypatch.setattr(downloads, "CHUNK", 2)  # 5 quotes: three reads
    lines = client.get("/search?format=jsonl").text.splitlines()
    keys = [json.loads(line)["key"] for line in lines]
    assert len(keys) == len(set(keys)) == 5


def test_search_atom_feed(client):
    response = client.get(
        "/search", params={"speaker": "Lavrov", "about": "Kosovo", "format": "atom"}
    )
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = parse_atom(response.text)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert [e.findtext(f"{ATOM}id").split(":")[3] for e in entries] == ["a2", "a1"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/article/a2#q1"
    assert "format" not in root.findtext(f"{ATOM}id")  # the feed's id is the page
    assert "Lavrov" in root.findtext(f"{ATOM}title")


def test_feeds_of_an_entity_by_and_about(client):
    lav = entity_id(client, "Sergei Lavrov")
    by = parse_atom(client.get(f"/entity/{lav}?format=atom").text)
    about = parse_atom(client.get(f"/entity/{lav}?format=atom&list=about").text)
    texts = [e.findtext(f"{ATOM}summary") for e in by.findall(f"{ATOM}entry")]
    assert len(texts) == 2 and all("Kosovo" in t for t in texts)
    (entry,) = about.findall(f"{ATOM}entry")  # Putin about Lavrov
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Vladimir Putin"
    rows = csv_rows(client.get(f"/entity/{lav}?format=csv"))
    assert [r["article"] for r in rows] == ["a2", "a1"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/entity/999999?format=csv", 404),
        ("/entity/Nobody%20Atall?format=atom", 404),
        ("/search?speaker=Nobody+Atall&format=csv", 400),
        ("/search?format=xml", 422),
        ("/?format=csv", 422),
        ("/search?since=2009&until=2008&format=csv", 400),
    ],
)
def test_bad_downloads_are_errors_not_broken_files(client, url, status):
    assert client.get(url).status_code == status


@pytest.mark.parametrize("path", ["/search?q=Kosovo", "/entities?type=PERSON"])
def test_list_pages_link_their_twins(client, path):
    page = client.get(path).text
    data = client.get(path + "&format=json").json()
    for fmt, href in data["downloads"].items():
        assert href.replace("&", "&amp;") in page
        assert client.get(href).status_code == 200, fmt


def test_entities_csv_and_type_filter(client):
    rows = csv_rows(client.get("/entities?type=GPE&format=csv"))
    assert rows and {r["type"] for r in rows} == {"GPE"}
    assert {"Kosovo", "Moscow"} <= {r["name"] for r in rows}
    people = client.get("/api/entities", params={"type": "person"}).json()
    assert {e["type"] for e in people["entities"]} == {"PERSON"}
    assert [t["value"] for t in people["types"] if t["selected"]] == ["PERSON"]


@pytest.mark.parametrize(
    ("order", "key", "reverse"),
    [("name", "name", False), ("quotes", "quotes", True), ("articles", "articles", True)],
)
def test_entities_sort_by_column(client, order, key, reverse):
    data = client.get("/api/entities", params={"order": order, "size": 100}).json()
    values = [e[key] for e in data["entities"]]
    assert values == sorted(values, reverse=reverse) and len(values) >= 3
    page = client.get(f"/entities?order={order}").text
    assert 'aria-sort="' in page


def test_suggestions_are_links_on_one_line(client):
    data = client.get("/api/search", params={"speaker": "Junkr"}).json()
    assert [s["name"] for s in data["suggestions"]] == ["Jean-Claude Juncker"]
    href = data["suggestions"][0]["href"]
    assert "\n" not in data["suggestions"][0]["name"] and "speaker=Jean-Claude+Juncker" in href
    page = client.get("/search", params={"speaker": "Junkr"}).text
    assert f'<a href="{href}">Jean-Claude Juncker</a>' in page and "\\n" not in page
    found = client.get(href + "&format=json").json()
    assert found["notice"] is None
    listed = client.get("/api/entities", params={"q": "Junkr"}).json()
    assert [s["name"] for s in listed["suggestions"]] == ["Jean-Claude Juncker"]


@pytest.mark.parametrize("common", [1, 500])  # 1: the date index is walked
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_article_hits_follow_the_sort(client, monkeypatch, sort, common):
    from dateline.web import reads

    monkeypatch.setattr(reads, "COMMON_ARTICLES", common)
    hits = client.get("/api/search", params={"q": "Moscow", "sort": sort}).json()["articles"]
    dates = [a["published"] for a in hits]
    assert len(hits) == 3 and dates == sorted(dates, reverse=sort == "newest")
