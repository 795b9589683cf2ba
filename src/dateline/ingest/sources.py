"""What ``dateline watch`` is told to follow: feed URLs, news sitemaps, OPML, lists of them.

* a URL: a feed (RSS, Atom, JSON Feed) or a sitemap, told apart by what it serves;
* an OPML file (what every feed reader exports): every outline's ``xmlUrl``;
* any other file: one URL a line; blank lines and ``#`` comments are skipped.

Sitemaps (sitemaps.org, with Google's news extension) are read here too: a
``<urlset>`` lists pages, a ``<sitemapindex>`` lists more sitemaps. XML is parsed
with entities and network access off (no XXE, no billion laughs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from dateline.errors import ItemError, UsageError
from dateline.ingest.fetch import check_url, is_url

FEED, SITEMAP = "feed", "sitemap"


@dataclass(frozen=True)
class Source:
    url: str
    kind: str  # FEED or SITEMAP (a guess from the name until the first fetch says)
    origin: str  # the argument it came from


@dataclass(frozen=True)
class PageRef:
    """One page a sitemap lists."""

    url: str
    published: str | None = None
    title: str | None = None
    lastmod: str | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, recover=False
    )


def kind_of(url: str) -> str:
    name = url.lower().split("?", 1)[0].rsplit("/", 1)[-1]
    return SITEMAP if name.startswith("sitemap") or "sitemap" in name else FEED


def expand(arguments: Iterable[str]) -> list[Source]:
    """The sources named by ``arguments``, each URL once, in order.
    :class:`UsageError` for a file that cannot be read or holds a bad URL."""
    seen: set[str] = set()
    found: list[Source] = []
    for argument in arguments:
        for source in _one(argument):
            if source.url not in seen:
                seen.add(source.url)
                found.append(source)
    return found


def _one(argument: str) -> Iterator[Source]:
    if is_url(argument):
        yield Source(_checked(argument, argument), kind_of(argument), argument)
        return
    if "://" in argument:
        raise UsageError(f"{argument}: not an http(s) URL")
    path = Path(argument)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UsageError(
            f"{argument}: not a URL, and cannot read it as a file ({err.strerror})"
        ) from None
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if path.suffix.lower() == ".opml" or b"<opml" in head:
        for url in opml_feeds(data, argument):
            yield Source(_checked(url, argument), kind_of(url), argument)
        return
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{argument}:{number}"
        if not is_url(line):
            raise UsageError(f"{where}: {line[:80]!r} is not an http(s) URL")
        yield Source(_checked(line, where), kind_of(line), where)


def _checked(url: str, where: str) -> str:
    try:
        check_url(url)
    except ItemError as err:
        raise UsageError(f"{where}: {err.reason}") from None
    return url


def opml_feeds(data: bytes, where: str) -> list[str]:
    """The ``xmlUrl`` of every outline, nested ones included, in document order."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as err:
        raise UsageError(f"{where}: not a readable OPML file ({err})") from None
    urls = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url:
            urls.append(url)
    if not urls:
        raise UsageError(f"{where}: the OPML file lists no feeds (no outline with an xmlUrl)")
    return urls


def is_sitemap(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:2048]
    return b"<urlset" in head or b"<sitemapindex" in head


def read_sitemap(data: bytes, url: str) -> tuple[list[PageRef], list[str]]:
    """The pages a sitemap lists and the sitemaps an index lists. :class:`ItemError` if the
    document is not a sitemap."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as err:
        raise ItemError(url, f"not a readable sitemap ({err})") from None
    local = etree.QName(root).localname
    if local == "sitemapindex":
        children = [_text(node, "loc") for node in root if _local(node) == "sitemap"]
        return [], [c for c in children if c and is_url(c)]
    if local != "urlset":
        raise ItemError(url, f"not a sitemap (root element <{local}>)")
    pages = []
    for node in root:
        if _local(node) != "url":
            continue
        loc = _text(node, "loc")
        if not loc or not is_url(loc):
            continue
        news = next((child for child in node if _local(child) == "news"), None)
        pages.append(
            PageRef(
                loc,
                published=_text(news, "publication_date") if news is not None else None,
                title=_text(news, "title") if news is not None else None,
                lastmod=_text(node, "lastmod"),
            )
        )
    return pages, []


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _text(node: etree._Element | None, name: str) -> str | None:
    if node is None:
        return None
    for child in node:
        if _local(child) == name:
            return (child.text or "").strip() or None
    return None
