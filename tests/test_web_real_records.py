"""Real Wikinews articles through the pipeline, the store and every web page."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from dateline import Article, extract
from dateline.store import open_store
from dateline.web import create_app

pytestmark = pytest.mark.model

#: Articles of the bundled sample to run (the model takes a few seconds for each).
N_ARTICLES = 6


class ArticleText(HTMLParser):
    """The text inside ``<div id="text">`` and the quote ids marked in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.quotes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth:
            self.depth += 1
            if tag == "mark" and "data-quote" in attrs:
                self.quotes.add(attrs["data-quote"])
        elif tag == "div" and attrs.get("id") == "text":
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


@pytest.fixture(scope="module")
def served(nlp, sample_articles, tmp_path_factory):
    articles = [
        Article(id=a["id"], text=a["text"], title=a["title"], published=a["date"],
                url=a["url"], source=a["source"])
        for a in sample_articles[:N_ARTICLES]
    ]  # fmt: skip
    records = list(extract(articles, nlp))
    db = tmp_path_factory.mktemp("real") / "kb.db"
    with open_store(db) as store:
        store.add_records(records)
    with TestClient(create_app(db)) as client:
        yield client, records


def test_every_article_page_shows_its_text_and_quotes(served):
    client, records = served
    assert any(r["quotes"] for r in records), "the sample should yield quotes"
    for record in records:
        response = client.get(f"/article/{quote(record['id'], safe='')}")
        assert response.status_code == 200, record["id"]
        parser = ArticleText()
        parser.feed(response.text)
        assert "".join(parser.parts) == record["text"]  # the text as read, nothing lost
        assert parser.quotes == {q["id"] for q in record["quotes"]}


def test_speakers_and_search_of_real_records(served):
    client, records = served
    home = client.get("/api/home").json()
    assert home["figures"]["articles"] == len(records)
    assert home["figures"]["quotes"] == sum(len(r["quotes"]) for r in records)
    for speaker in home["top_speakers"][:3]:
        page = client.get(speaker["href"])
        assert page.status_code == 200 and speaker["name"] in page.text
        data = client.get(f"/api/entities/{speaker['id']}").json()
        assert sum(t["count"] for t in data["timeline"]) <= data["entity"]["quotes"]
        for q in data["quotes"]:
            assert client.get(q["href"].split("#")[0]).status_code == 200
    word = records[0]["title"].split()[0]
    found = client.get("/api/search", params={"q": word}).json()
    assert records[0]["id"] in {a["id"] for a in found["articles"]}
