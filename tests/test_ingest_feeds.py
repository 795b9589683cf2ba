"""RSS, Atom and JSON Feed: one article an entry; ill-formed feeds skipped and named.

Feeds are built at test time from the bundled Wikinews articles (CC BY 2.5);
the ill-formed ones are feedparser's own test feeds (BSD-2-Clause, shipped).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from dateline.ingest import ReadOptions, Report, read_sources
from dateline.ingest.feeds import sniff_feed

FIXTURES = Path(__file__).parent / "fixtures" / "ingest" / "feedparser"


def read(paths, **opts):
    report = Report()
    articles = list(read_sources([str(p) for p in paths], ReadOptions(**opts), report))
    return articles, report


def rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC))


def paragraphs_html(text: str) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())


@pytest.fixture(scope="module")
def news(sample_articles):
    return [a for a in sample_articles if a.get("genre") == "news"][:3]


def rss(news) -> str:
    """Entry 0 has full content, entry 1 only a summary, entry 2 nothing to read."""
    items = [
        f"""<item><title>{escape(news[0]["title"])}</title><link>{escape(news[0]["url"])}</link>
<pubDate>{rfc822(news[0]["date"])}</pubDate><dc:creator>Ann Writer</dc:creator>
<description>Short teaser.</description>
<content:encoded><![CDATA[{paragraphs_html(news[0]["text"])}]]></content:encoded></item>""",
        f"""<item><title>{escape(news[1]["title"])}</title><link>{escape(news[1]["url"])}</link>
<pubDate>{rfc822(news[1]["date"])}</pubDate>
<description>{escape(paragraphs_html(news[1]["text"][:600]))}</description></item>""",
        "<item><title>Only a title</title><link>https://example.org/empty</link></item>",
    ]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Wikinews Latest</title><link>https://en.wikinews.org/</link>
<language>en</language>{"".join(items)}</channel></rss>"""


def test_rss_entries_become_articles(tmp_path, news):
    path = tmp_path / "latest.rss"
    path.write_text(rss(news), encoding="utf-8")
    articles, report = read([path])
    assert [a.title for a in articles] == [news[0]["title"], news[1]["title"]]
    full, summary = articles
    assert full.meta["body_source"] == "content" and summary.meta["body_source"] == "summary"
    assert "Short teaser" not in full.text and "<p>" not in full.text
    assert [a.published for a in articles] == [news[0]["date"], news[1]["date"]]
    assert full.meta["date_source"] == "feed published"
    assert [a.url for a in articles] == [news[0]["url"], news[1]["url"]]
    assert full.source == "Wikinews Latest" and full.meta["authors"] == ["Ann Writer"]
    assert full.origin == f"{path}#entry0"
    assert report.read == 2 and report.skipped == {"empty article": 1}


def test_atom_feed_sniffed_without_extension(tmp_path, news):
    art = news[2]
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
<entry><title>{escape(art["title"])}</title><link href="{escape(art["url"])}"/>
<id>urn:x:1</id><updated>{art["date"]}T08:00:00Z</updated>
<content type="html">{escape(paragraphs_html(art["text"]))}</content></entry></feed>"""
    (tmp_path / "feed").write_text(atom, encoding="utf-8")
    (article,), _ = read([tmp_path / "feed"])
    assert article.title == art["title"] and article.published == art["date"]
    assert article.meta["date_source"] == "feed updated" and article.meta["entry_id"] == "urn:x:1"


def test_json_feed(tmp_path, news):
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON News",
        "items": [
            {
                "id": "1",
                "url": news[0]["url"],
                "title": news[0]["title"],
                "content_text": news[0]["text"],
                "date_published": f"{news[0]['date']}T10:00:00Z",
                "authors": [{"name": "Ann Writer"}],
            },
            {"id": "2", "title": "no body"},
            "not an object",
        ],
    }
    # Escaped slashes, as PHP's json_encode writes them, must not hide the version.
    (tmp_path / "feed.json").write_text(json.dumps(feed).replace("/", "\\/"), encoding="utf-8")
    (article,), report = read([tmp_path / "feed.json"])
    assert article.text == news[0]["text"] and article.published == news[0]["date"]
    assert article.source == "JSON News" and article.meta["authors"] == ["Ann Writer"]
    assert report.skipped == {"empty article": 1, "bad entry": 1}


def test_utf16_feed(tmp_path, news):
    (tmp_path / "u16").write_bytes(rss(news).replace("utf-8", "utf-16").encode("utf-16"))
    articles, _ = read([tmp_path / "u16"])
    assert [a.title for a in articles] == [news[0]["title"], news[1]["title"]]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("aaa_illformed.xml", "ill-formed feed"),
        ("rss_empty_document.xml", "ill-formed feed"),
        ("undeclared_namespace.xml", "ill-formed feed"),
        ("rss_incomplete_cdata.xml", "empty article"),
    ],
)
def test_feedparser_illformed_feeds_are_skipped_and_named(name, kind, caplog):
    articles, report = read([FIXTURES / name])
    assert articles == [] and report.skipped == {kind: 1}
    assert name in caplog.text


def test_illformed_feed_in_a_folder_does_not_stop_the_batch(tmp_path, news):
    (tmp_path / "good.rss").write_text(rss(news), encoding="utf-8")
    (tmp_path / "bad.xml").write_bytes((FIXTURES / "aaa_illformed.xml").read_bytes())
    articles, report = read([tmp_path])
    assert len(articles) == 2 and report.skipped["ill-formed feed"] == 1


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": []}', "feed"),
        (b'{"text": "a JSON Lines article"}', None),
        (b"<!DOCTYPE html><html><head>", None),
        (b"Just some text.", None),
    ],
)
def test_sniff_feed(head, expected):
    assert sniff_feed(head) == expected
