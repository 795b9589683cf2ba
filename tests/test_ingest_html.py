"""HTML pages: body, title, date (and how it was found), author, site, canonical URL.

Pages are built at test time from the bundled Wikinews articles (CC BY 2.5),
wrapped in the furniture real news sites have: navigation, share links, a
newsletter box, related stories and a footer.
"""

from __future__ import annotations

import html
import json

import pytest

from dateline.ingest import ReadOptions, Report, read_sources
from dateline.ingest.html import NoArticle, extract_page, fragment_text, structured_date

BOILERPLATE = "Subscribe to our newsletter for the best stories every morning"
RELATED = "Related stories you may have missed this week"


def page_html(
    art: dict,
    *,
    date_in: str = "json-ld",
    canonical: str | None = None,
    site: str = "Wikinews",
    lang: str = "en",
    author: str = "Jane Reporter",
    charset: str = "utf-8",
) -> str:
    """A news page around a Wikinews article; ``date_in`` places the date (json-ld/meta/none)."""
    title = html.escape(art["title"])
    # Lines 1-2 of a Wikinews text are its title and dateline; the page has its own.
    paragraphs = [p for p in art["text"].split("\n") if p.strip()][2:]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    url = canonical or art["url"]
    head = [
        f'<meta charset="{charset}">',
        f"<title>{title} - {site}</title>",
        f'<link rel="canonical" href="{html.escape(url)}">',
        f'<meta property="og:site_name" content="{site}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta name="author" content="{author}">',
    ]
    if date_in == "json-ld":
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": art["title"],
            "datePublished": f"{art['date']}T09:30:00Z",
            "dateModified": "2024-01-01T00:00:00Z",
            "author": {"@type": "Person", "name": author},
        }
        head.append(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    elif date_in == "meta":
        head.append(f'<meta property="article:published_time" content="{art["date"]}T09:30">')
    nav = " ".join(f'<a href="/s/{s}">{s.title()}</a>' for s in ("world", "politics", "sport"))
    related = "".join(f'<li><a href="/story/{i}">Another story no. {i}</a></li>' for i in range(8))
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head>{"".join(head)}</head>
<body>
<header><nav>{nav}</nav><div class="newsletter">{BOILERPLATE}</div></header>
<main><article>
<h1>{title}</h1>
<div class="byline">By {author}</div>
{body}
</article>
<aside><h2>{RELATED}</h2><ul>{related}</ul></aside></main>
<footer><p>Copyright {site}. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
</body></html>"""


def read(paths, **opts):
    report = Report()
    articles = list(read_sources([str(p) for p in paths], ReadOptions(**opts), report))
    return articles, report


@pytest.fixture(scope="module")
def news(sample_articles):
    """Wikinews articles of the news genre, long enough to be articles."""
    return [a for a in sample_articles if a.get("genre") == "news" and len(a["text"]) > 1500]


def test_page_body_and_metadata(tmp_path, news):
    art = news[0]
    path = tmp_path / "story.html"
    path.write_text(page_html(art, site="Example News"), encoding="utf-8")
    (article,), report = read([path])
    first = [p for p in art["text"].split("\n") if p.strip()][2]
    assert first in article.text
    assert BOILERPLATE not in article.text and RELATED not in article.text
    assert article.title == art["title"]
    assert article.published == art["date"]
    assert article.url == art["url"]
    assert article.source == "Example News"
    assert article.meta["date_source"] == "json-ld"
    assert article.meta["authors"] == ["Jane Reporter"]
    assert article.meta["site_name"] == "Example News"
    assert article.origin == str(path)
    assert report.read == 1 and report.n_skipped == 0


@pytest.mark.parametrize(
    ("date_in", "expected_source"),
    [("json-ld", "json-ld"), ("meta", "meta article:published_time")],
)
def test_date_and_how_it_was_found(news, date_in, expected_source):
    page = extract_page(page_html(news[1], date_in=date_in))
    assert (page.published, page.date_source) == (news[1]["date"], expected_source)


def test_page_without_a_date_uses_the_callers_fallback(news):
    page = extract_page(
        page_html(news[2], date_in="none", canonical="https://example.org/story"),
        fallback_date="2011-05-06T12:00:00Z",
        fallback_source="warc-date",
    )
    assert (page.published, page.date_source) == ("2011-05-06", "warc-date")


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2019-03-04T23:10:00-05:00"}</script>',
            ("2019-03-04", "json-ld"),
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, '
            '{"@type": ["ReportageNewsArticle"], "datePublished": "2020-01-02"}]}</script>',
            ("2020-01-02", "json-ld"),
        ),
        (
            # a product's date is not the article's; the meta tag is
            '<script type="application/ld+json">{"@type": "Product", "datePublished": '
            '"1999-01-01"}</script><meta name="pubdate" content="20200102">',
            ("2020-01-02", "meta pubdate"),
        ),
        ('<time itemprop="datePublished" datetime="2018-07-08T10:00">8 July</time>', None),
        ('<script type="application/ld+json">{not json</script>', (None, None)),
        ('<meta property="article:published_time" content="yesterday">', (None, None)),
        ("<p>No date here.</p>", (None, None)),
    ],
)
def test_structured_date(markup, expected):
    from trafilatura.utils import load_html

    tree = load_html(f"<html><head></head><body>{markup}<p>text</p></body></html>")
    expected = expected or ("2018-07-08", "microdata")
    assert structured_date(tree) == expected


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three."),
        ("Plain text, no tags.", "Plain text, no tags."),
        ("<div>A<br>B</div><script>evil()</script>", "A\n\nB"),
        ("", ""),
    ],
)
def test_fragment_text(markup, expected):
    assert fragment_text(markup) == expected


def test_page_in_a_declared_legacy_encoding(tmp_path, news):
    paragraph = "Le ministre a déclaré à la presse: « Non, la réunion est reportée. » " * 3
    art = dict(news[0], text="Titre\n\nLundi\n\n" + "\n\n".join([paragraph] * 4))
    page = page_html(art, charset="windows-1252").encode("cp1252")
    (tmp_path / "latin.html").write_bytes(page)
    (article,), _ = read([tmp_path / "latin.html"], keep_non_english=True)
    assert "déclaré" in article.text and "Ã" not in article.text


def test_html_is_sniffed_without_an_extension(tmp_path, news):
    (tmp_path / "page").write_text(page_html(news[0]), encoding="utf-8")
    (article,), _ = read([tmp_path / "page"])
    assert article.title == news[0]["title"] and "<p>" not in article.text


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        (b"", "empty article"),
        (b"   \n  ", "empty article"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
        (b"<html><body><p>Too short to be news.</p></body></html>", "no article"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
    ],
)
def test_pages_without_an_article_are_skipped_and_named(tmp_path, caplog, content, kind):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    articles, report = read([path])
    assert articles == [] and report.skipped == {kind: 1}
    assert str(path) in caplog.text


def test_oversize_page_is_skipped(tmp_path, news, monkeypatch):
    monkeypatch.setenv("DATELINE_MAX_PAGE_BYTES", "2000")
    (tmp_path / "big.html").write_text(page_html(news[0]), encoding="utf-8")
    articles, report = read([tmp_path / "big.html"])
    assert articles == [] and report.skipped == {"too large": 1}


def test_extract_page_raises_for_non_html():
    with pytest.raises(NoArticle):
        extract_page(b"")


@pytest.mark.parametrize(
    ("title", "site", "host", "expected"),
    [
        (
            "Mining blasts shatter homes - Lesotho Times",
            "Lesotho Times",
            None,
            "Mining blasts shatter homes",
        ),
        (
            "How vendors stay relevant | TechCrunch",
            None,
            "techcrunch.com",
            "How vendors stay relevant",
        ),
        ("Kyiv hit - National | Global News", "Global News", None, "Kyiv hit - National"),
        (
            "Climate change: Labor on track",
            "The West Australian",
            None,
            "Climate change: Labor on track",
        ),
        ("Biden - Trump debate", "Example News", "example.org", "Biden - Trump debate"),
        ("No separator here", "Site", "site.com", "No separator here"),
        (None, "Site", None, None),
    ],
)
def test_strip_site_name(title, site, host, expected):
    from dateline.ingest.html import strip_site_name

    assert strip_site_name(title, site, host) == expected


@pytest.mark.parametrize(
    ("h1", "meta", "expected"),
    [
        # the printed headline, when it agrees with the metadata title
        (
            "Sweden tells households how to survive in war pamphlet",
            "Sweden tells households how to survive in new war pamphlet | Metro",
            "Sweden tells households how to survive in war pamphlet",
        ),
        # an <h1> that is a section name or logo is not the headline
        (
            "World News",
            "Palestinians say his appointment could ruin talks | CBC News",
            "Palestinians say his appointment could ruin talks",
        ),
        (None, "Story - Metro", "Story"),
        ("Only a heading", None, "Only a heading"),
    ],
)
def test_choose_title(h1, meta, expected):
    from dateline.ingest.html import choose_title

    assert choose_title(h1, meta, "Metro" if meta and "Metro" in meta else "CBC News", None) == (
        expected
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<html lang="en-GB"><head></head><body></body></html>', "en-GB"),
        (
            '<html><head><meta http-equiv="Content-Language" content="de"></head><body></body>'
            "</html>",
            "de",
        ),
        ('<html><head><meta property="og:locale" content="fr_FR"></head></html>', "fr_FR"),
        ("<html><head></head><body><p>x</p></body></html>", None),
    ],
)
def test_declared_language(markup, expected):
    from trafilatura.utils import load_html

    from dateline.ingest.html import declared_language

    assert declared_language(load_html(markup)) == expected


def test_page_language_is_declared_then_detected(tmp_path, news):
    (tmp_path / "p.html").write_text(page_html(news[0], lang="de"), encoding="utf-8")
    (article,), _ = read([tmp_path / "p.html"])
    # The page claims German; its text is English: detection wins, the claim is kept.
    assert article.language == "en" and article.meta["declared_language"] == "de"
