"""HTML pages: the article body and its metadata, with trafilatura.

trafilatura finds the main text, title, author, site name and canonical URL.
The publication date is looked up first in the page's own structured metadata
(JSON-LD ``datePublished``, ``article:published_time`` and kin), which publishers
set for search engines and which name the *first* publication; only then in
trafilatura's date search (htmldate), then in a fallback the caller knows (the
WARC-Date of a crawl, a feed entry's date). ``Article.meta["date_source"]`` says
which one gave the date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from dateline.article import Article, parse_date
from dateline.ingest.bounded import byte_cap, over_cap, read_capped
from dateline.ingest.common import make_article
from dateline.ingest.decode import looks_binary, transcode_bom
from dateline.ingest.options import ReadOptions
from dateline.ingest.report import Report

#: Bodies shorter than this are navigation, a paywall notice or an error page, not an article.
MIN_ARTICLE_CHARS = 200

#: JSON-LD types whose ``datePublished`` is the article's (schema.org Article and subtypes).
_ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "webpage",
}
#: ``<meta>`` names/properties that carry the first-publication date, most trusted first.
_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "publishdate",
    "publish-date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}
_SPACES = re.compile(r"[ \t\r\f\v]+")
_WORD = re.compile(r"\w+")
#: Separators between a headline and the site's name in ``<title>``.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—:·»]\s+")
#: Share of words a ``<h1>`` and the metadata title must share for the ``<h1>`` to be used.
HEADLINE_AGREEMENT = 0.5
MAX_TITLE_CHARS = 400
_BLANK_LINES = re.compile(r"\n\s*\n+")


@dataclass
class Page:
    """What one HTML page yields: the body and its metadata."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    date_source: str | None = None
    authors: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None
    description: str | None = None

    def meta(self) -> dict:
        """The metadata that has no Article field of its own, ``None`` values left out."""
        out = {
            "authors": self.authors or None,
            "site_name": self.site_name,
            "date_source": self.date_source,
            "canonical_url": self.url,
            "description": self.description,
            "declared_language": self.language,
        }
        return {k: v for k, v in out.items() if v}


class NoArticle(Exception):  # noqa: N818 - a reason, not a failure of the code
    """The page holds no article; ``str(err)`` says why."""


def extract_page(
    data: bytes | str,
    url: str | None = None,
    *,
    fallback_date: str | None = None,
    fallback_source: str | None = None,
) -> Page:
    """Extract the article of one HTML page; raise :class:`NoArticle` when there is none."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    tree = load_html(data)
    if tree is None:
        raise NoArticle("not an HTML document")
    published, date_source = structured_date(tree)
    headline = first_heading(tree)
    language = declared_language(tree)
    # bare_extraction prunes the tree it is given: structured metadata is read first.
    doc = bare_extraction(tree, url=url, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise NoArticle("no article text found on the page")
    text = doc.text.strip()
    if len(text) < MIN_ARTICLE_CHARS:
        raise NoArticle(f"only {len(text)} characters of text, too short for an article")
    if published is None and doc.date:
        published, date_source = parse_date(doc.date), "htmldate"
    if published is None and fallback_date:
        published, date_source = parse_date(fallback_date), fallback_source
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    site_name = _clean(doc.sitename)
    return Page(
        text=text,
        title=choose_title(headline, _clean(doc.title), site_name, doc.hostname),
        url=doc.url or url,
        published=published,
        date_source=date_source if published else None,
        authors=authors,
        site_name=site_name,
        language=language or _clean(doc.language),
        description=_clean(doc.description),
    )


def declared_language(tree) -> str | None:
    """The language the page says it is in: ``<html lang>``, Content-Language, ``og:locale``."""
    candidates = [
        tree.get("lang"),
        tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
        *tree.xpath(
            '//meta[translate(@http-equiv, "CONTENT-LANGUAGE", "content-language")'
            '="content-language"]/@content'
        ),
        *tree.xpath('//meta[@property="og:locale"]/@content'),
    ]
    for value in candidates:
        value = (value or "").strip()
        if value:
            return value
    return None


def first_heading(tree) -> str | None:
    """The page's first non-empty ``<h1>``: where most sites print the headline itself."""
    for node in tree.iterfind(".//h1"):
        text = " ".join(node.text_content().split())
        if text and len(text) <= MAX_TITLE_CHARS:
            return text
    return None


def choose_title(
    headline: str | None, meta_title: str | None, site_name: str | None, host: str | None
) -> str | None:
    """The article's headline.

    The ``<title>``/``og:title`` that trafilatura reads is written for search results
    and often carries the site's name ("Story - The Namibian") or an SEO rewording.
    The page's ``<h1>`` is the printed headline, but on some pages it is a section
    name or a logo; it is taken only when it shares most of its words with the
    metadata title.
    """
    stripped = strip_site_name(meta_title, site_name, host)
    if headline and stripped:
        ours, theirs = _words(headline), _words(stripped)
        if len(ours & theirs) >= HEADLINE_AGREEMENT * len(ours | theirs):
            return headline
    return stripped or headline


def strip_site_name(title: str | None, site_name: str | None, host: str | None) -> str | None:
    """``"Story | TechCrunch"`` -> ``"Story"`` when the last part names the site or its host."""
    if not title:
        return title
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    last = parts[-1]
    site_words = _words(site_name) | _words((host or "").removeprefix("www.").split(".")[0])
    compact = "".join(_WORD.findall(last.casefold()))
    names_site = _words(last) <= site_words or (
        bool(host) and len(compact) > 2 and compact in (host or "").replace(".", "")
    )
    if not names_site:
        return title
    return title[: title.rfind(last)].rstrip(" |-–—:·»")


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").casefold()))


def structured_date(tree) -> tuple[str | None, str | None]:
    """The first-publication date a page declares for machines, and where it was found."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        for obj in _json_ld_objects(script.text_content()):
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                found = parse_date(obj.get("datePublished"))
                if found:
                    return found, "json-ld"
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and key not in metas:
            metas[key] = meta.get("content")
    for key in _META_DATE_KEYS:
        found = parse_date(metas.get(key))
        if found:
            return found, f"meta {key}"
    for node in tree.xpath('//*[@itemprop="datePublished"][@datetime or @content]'):
        found = parse_date(node.get("datetime") or node.get("content"))
        if found:
            return found, "microdata"
    return None, None


def _json_ld_objects(raw: str) -> Iterator[dict]:
    """Every JSON object in a JSON-LD block, ``@graph`` members included; bad JSON yields none."""
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        return
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            yield item
            if isinstance(item.get("@graph"), list):
                stack.extend(item["@graph"])


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): blocks become paragraphs."""
    import lxml.html
    from lxml import etree

    if "<" not in markup:
        return markup.strip()
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return markup.strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    parts: list[str] = []
    for node in root.iter():
        if isinstance(node.tag, str) and node.tag.lower() in _BLOCK_TAGS:
            parts.append("\n\n")
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        if node is not root and node.tail:
            parts.append(node.tail)
    text = _SPACES.sub(" ", "".join(parts))
    return _BLANK_LINES.sub("\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()


def page_article(
    page: Page, item: str, opts: ReadOptions, report: Report, **extra: object
) -> Article | None:
    """An Article (counted as read) from an extracted page; extra meta merged in."""
    article = make_article(
        item,
        report,
        opts,
        text=page.text,
        title=page.title,
        url=page.url,
        published=page.published,
        source=page.site_name,
        language=page.language,
    )
    if article is not None:
        article.meta.update(page.meta())
        article.meta.update({k: v for k, v in extra.items() if v})
    return article


def read_html(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    """One HTML file (or fetched page) is one article."""
    limit = byte_cap()
    data = read_capped(stream, limit)
    if data is None:
        report.skip(item, over_cap("page", limit), "too large")
        return
    data = transcode_bom(data)  # a UTF-16 page is read like any other
    if not data.strip():
        report.skip(item, "empty page", "empty article")
        return
    if looks_binary(data):
        report.skip(item, "binary file, not text", "binary file")
        return
    url = item if item.startswith(("http://", "https://")) else None
    try:
        page = extract_page(data, url)
    except NoArticle as err:
        report.skip(item, str(err), "no article")
        return
    article = page_article(page, item, opts, report)
    if article is not None:
        yield article


def sniff_html(head: bytes) -> str | None:
    """HTML by its first tag: a doctype, ``<html`` or ``<head``."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    opens = start.startswith((b"<!doctype html", b"<html", b"<head", b"<!--"))
    if opens and b"<html" in head.lower():
        return "html"
    return None
