"""What ``dateline watch`` is told to follow: URLs, OPML, text lists; sitemaps read safely."""

from __future__ import annotations

import pytest

from dateline.errors import ItemError, UsageError
from dateline.ingest.sources import FEED, SITEMAP, expand, is_sitemap, read_sitemap

OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="News">
    <outline text="Wire" type="rss" xmlUrl="https://wire.example/rss.xml"/>
    <outline text="Paper" type="rss" xmlUrl="https://paper.example/atom"/>
  </outline>
  <outline text="Dup" type="rss" xmlUrl="https://wire.example/rss.xml"/>
  <outline text="Folder only"/>
</body></opml>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://paper.example/a</loc><lastmod>2024-05-01T10:00:00Z</lastmod>
    <news:news><news:publication_date>2024-05-01</news:publication_date>
      <news:title>Talks resume</news:title></news:news></url>
  <url><loc>https://paper.example/b</loc></url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://paper.example/sitemap-news.xml</loc></sitemap>
<sitemap><loc>file:///etc/passwd</loc></sitemap></sitemapindex>"""

XXE = b"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/&x;</loc>
</url></urlset>"""


def test_urls_opml_and_text_lists(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_bytes(OPML)
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my list\n\nhttps://paper.example/atom\nhttps://x.example/sitemap.xml\n")
    found = expand(["https://first.example/feed", str(opml), str(listing)])
    assert [(s.url, s.kind) for s in found] == [
        ("https://first.example/feed", FEED),
        ("https://wire.example/rss.xml", FEED),
        ("https://paper.example/atom", FEED),
        ("https://x.example/sitemap.xml", SITEMAP),
    ]
    assert found[-1].origin == f"{listing}:4"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "https://ok.example/\nftp://bad.example/feed\n",
            r"list.txt:2: .ftp://bad.example/feed. is not an http\(s\) URL",
        ),
        ("http://[::1\n", "malformed URL"),
        ("<opml><body><outline text='none'/></body></opml>", "lists no feeds"),
        ("<opml><body><outline", "not a readable OPML"),
    ],
)
def test_bad_lists_are_usage_errors(tmp_path, content, message):
    path = tmp_path / "list.txt"
    path.write_text(content)
    with pytest.raises(UsageError, match=message):
        expand([str(path)])


def test_a_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="not a URL"):
        expand([str(tmp_path / "nope.opml")])


@pytest.mark.parametrize("url", ["ftp://x.example/feed", "file:///etc/passwd", "gopher://x"])
def test_other_schemes_are_usage_errors(url):
    with pytest.raises(UsageError, match="not an http"):
        expand([url])


def test_news_sitemap_pages():
    assert is_sitemap(NEWS_SITEMAP)
    pages, children = read_sitemap(NEWS_SITEMAP, "https://paper.example/sitemap.xml")
    assert children == []
    assert [p.url for p in pages] == ["https://paper.example/a", "https://paper.example/b"]
    assert (pages[0].published, pages[0].title) == ("2024-05-01", "Talks resume")
    assert pages[0].lastmod == "2024-05-01T10:00:00Z"


def test_sitemap_index_lists_only_http_sitemaps():
    pages, children = read_sitemap(INDEX, "https://paper.example/sitemap.xml")
    assert (pages, children) == ([], ["https://paper.example/sitemap-news.xml"])


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"<rss><channel/></rss>", "not a sitemap"), (b"<urlset", "not a readable sitemap")],
)
def test_what_is_not_a_sitemap(data, reason):
    with pytest.raises(ItemError, match=reason):
        read_sitemap(data, "https://x.example/s.xml")


def test_external_entities_are_not_resolved():
    pages, _ = read_sitemap(XXE, "https://a.example/s.xml")
    assert all("root:" not in p.url for p in pages)


def test_sources_command_lists_and_removes(tmp_path):
    import json

    from click.testing import CliRunner

    from dateline.cli import _register_commands, cli
    from dateline.store import open_store
    from dateline.store import sources as state

    _register_commands()
    db = str(tmp_path / "kb.db")
    with open_store(db) as store:
        kept = [("https://a.example/rss", "feed"), ("https://b.example/s.xml", "sitemap")]
        state.add_sources(store, kept, 1e9)
    runner = CliRunner()
    listed = runner.invoke(cli, ["sources", "--db", db])
    assert listed.exit_code == 0
    assert listed.output.splitlines()[1].startswith("new\tfeed\t0\tnever\t2001-09-09T01:46:40")
    removed = runner.invoke(cli, ["sources", "--db", db, "--remove", "https://a.example/rss"])
    assert removed.exit_code == 0
    rows = [json.loads(line) for line in runner.invoke(cli, ["sources", "--db", db, "--json"])
            .output.splitlines()]  # fmt: skip
    assert [r["url"] for r in rows] == ["https://b.example/s.xml"]
    unknown = runner.invoke(cli, ["sources", "--db", db, "--remove", "https://nope.example/"])
    assert unknown.exit_code != 0
