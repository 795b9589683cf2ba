"""RSS, Atom and JSON Feed with feedparser: one article an entry.

An entry's full content is used when the feed carries it, else its summary;
markup in either becomes plain text. Entries link to their pages, but nothing is
fetched here: ``dateline extract URL`` of a page does that.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from dateline.article import Article, parse_date
from dateline.ingest.bounded import byte_cap, over_cap, read_capped
from dateline.ingest.common import guarded, make_article
from dateline.ingest.html import fragment_text
from dateline.ingest.jsonvalues import (
    JSON_ERRORS,
    Unreadable,
    array_items,
    describe,
    object_members,
)
from dateline.ingest.options import ReadOptions
from dateline.ingest.report import Report

#: Date fields of an entry, most trusted first, with how each is named in ``date_source``.
_ENTRY_DATES = (("published_parsed", "feed published"), ("updated_parsed", "feed updated"))
#: JSON Feed (jsonfeed.org) announces itself in its ``version`` key; slashes may be escaped.
_JSON_FEED_DATES = (("published_parsed", "date_published"), ("updated_parsed", "date_modified"))
_JSON_FEED = re.compile(rb"jsonfeed\.org\\?/version")


def read_feed(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    import feedparser

    limit = byte_cap()
    data = read_capped(stream, limit)
    if data is None:
        report.skip(item, over_cap("feed", limit), "too large")
        return
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        yield from _read_json_feed(data, item, opts, report)
        return
    try:
        parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    except Exception as err:  # noqa: BLE001 - feedparser's failures are many and undocumented
        report.skip(item, f"feed cannot be parsed ({type(err).__name__}: {err})", "ill-formed feed")
        return
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        reason = parsed.get("bozo_exception") or "not a feed"
        report.skip(item, f"ill-formed feed ({reason})", "ill-formed feed")
        return
    if parsed.get("bozo"):
        # feedparser recovers most ill-formed feeds; the entries it found are kept.
        reason = parsed.get("bozo_exception")
        report.warn(item, f"ill-formed feed read leniently ({reason})", "ill-formed feed")
    if not entries:
        report.skip(item, "feed has no entries", "empty feed")
        return
    feed = parsed.get("feed") or {}
    feed_title = (feed.get("title") or "").strip() or None
    feed_language = (feed.get("language") or "").strip() or None
    for index, entry in enumerate(entries):
        where = f"{item}#entry{index}"
        yield from _one_entry(entry, where, feed_title, feed_language, opts, report)


def _one_entry(
    entry: dict,
    where: str,
    feed_title: str | None,
    feed_language: str | None,
    opts: ReadOptions,
    report: Report,
) -> Iterator[Article]:
    """The article of one entry, if it makes one; an entry that breaks is reported and
    skipped, so one odd entry never loses the others."""
    try:
        article = _entry_article(entry, where, feed_title, feed_language, opts, report)
    except Exception as err:  # noqa: BLE001 - feed entries fail in many undocumented ways
        report.skip(where, f"entry cannot be read ({type(err).__name__}: {err})", "bad entry")
        return
    if article is not None:
        yield article


def _entry_article(
    entry: dict,
    where: str,
    feed_title: str | None,
    feed_language: str | None,
    opts: ReadOptions,
    report: Report,
) -> Article | None:
    body, body_source = _entry_body(entry)
    published, date_source = None, None
    for key, name in _ENTRY_DATES:
        parsed = dict.get(entry, key)  # FeedParserDict.get maps absent keys, with a warning
        if parsed:
            published, date_source = time.strftime("%Y-%m-%d", parsed), name
            break
    authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
    language = (entry.get("content") or [{}])[0].get("language") or feed_language
    article = make_article(
        where,
        report,
        opts,
        text=body,
        title=(entry.get("title") or "").strip() or None,
        url=entry.get("link") or None,
        published=published,
        source=feed_title,
        language=language,
    )
    if article is not None:
        meta = {
            "authors": authors or None,
            "date_source": date_source,
            "feed_title": feed_title,
            "body_source": body_source,
            "entry_id": entry.get("id"),
            "entry_updated": dict.get(entry, "updated"),  # same-URL updates (dateline watch)
        }
        article.meta.update({k: v for k, v in meta.items() if v})
    return article


def _entry_body(entry: dict) -> tuple[str, str | None]:
    """The longest text the entry carries: its content, else its summary."""
    for content in entry.get("content") or []:
        text = fragment_text(content.get("value") or "")
        if text:
            return text, "content"
    text = fragment_text(entry.get("summary") or "")
    return (text, "summary") if text else ("", None)


def _read_json_feed(data: bytes, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    """JSON Feed 1.0/1.1, which feedparser 6 does not read: items mapped onto entries.

    When the document will not parse whole (one item with a 5,000-digit number or
    nesting too deep), its items are read one by one and only the bad one is lost.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        report.skip(item, f"ill-formed JSON feed ({err})", "ill-formed feed")
        return
    try:
        feed = json.loads(text)
    except JSON_ERRORS as err:
        feed, items = _salvage_json_feed(text, err, item, report)
        if feed is None:
            return
    else:
        items = feed.get("items") if isinstance(feed, dict) else None
        if not isinstance(items, list) or not items:
            report.skip(item, "JSON feed has no items", "empty feed")
            return
    feed_title = feed.get("title") if isinstance(feed.get("title"), str) else None
    feed_language = feed.get("language") if isinstance(feed.get("language"), str) else None
    for index, raw in enumerate(items):
        where = f"{item}#entry{index}"
        if isinstance(raw, BaseException):
            report.skip(where, describe(raw), "bad entry")
            continue
        if not isinstance(raw, dict):
            report.skip(where, "item is not a JSON object", "bad entry")
            continue
        entry = guarded(where, report, _json_feed_entry, raw)
        if entry is not None:
            yield from _one_entry(entry, where, feed_title, feed_language, opts, report)


def _salvage_json_feed(
    text: str, err: BaseException, item: str, report: Report
) -> tuple[dict | None, Iterable[object]]:
    """The feed's other members and its items one by one, or ``(None, ())`` if it has none."""
    feed: dict = {}
    items: Iterable[object] | None = None
    try:
        for key, value, start in object_members(text):
            if key == "items":
                items = array_items(text, start) if isinstance(value, BaseException) else value
            elif not isinstance(value, BaseException):
                feed[key] = value
    except Unreadable:
        pass  # the members before the break are kept
    if not isinstance(items, Iterable) or isinstance(items, str | dict):
        report.skip(item, f"ill-formed JSON feed ({describe(err)})", "ill-formed feed")
        return None, ()
    report.warn(item, f"JSON feed read item by item ({describe(err)})", "ill-formed feed")
    return feed, items


def _json_feed_entry(raw: dict) -> dict:
    """A feedparser-like entry from one JSON Feed item."""
    authors = raw.get("authors") or [raw.get("author")]
    entry = {
        "title": raw.get("title") if isinstance(raw.get("title"), str) else None,
        "link": _string(raw.get("url")) or _string(raw.get("external_url")),
        "id": _string(raw.get("id")),
        "summary": _string(raw.get("summary")) or "",
        "authors": [a for a in authors if isinstance(a, dict)] if isinstance(authors, list) else [],
    }
    content = raw.get("content_html") or raw.get("content_text")
    if isinstance(content, str) and content:
        language = raw.get("language")
        entry["content"] = [
            {"value": content, "language": language if isinstance(language, str) else None}
        ]
    for key, field in _JSON_FEED_DATES:
        stamp = parse_date(raw.get(field))
        if stamp:
            entry[key] = time.strptime(stamp, "%Y-%m-%d")
    return entry


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def sniff_feed(head: bytes) -> str | None:
    """RSS, Atom, RDF or JSON Feed by the first bytes (UTF-16 and UTF-32 too)."""
    if b"\x00" in head[:4]:
        for encoding in ("utf-16", "utf-32"):
            try:
                head = head.decode(encoding, "ignore").encode("utf-8")
                break
            except UnicodeError:
                continue
    lower = head[:4096].lower()
    if lower.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "feed" if _JSON_FEED.search(lower) else None
    if lower.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml") and b"<html" not in lower:
        return "feed"  # feedparser says what is wrong with an XML file that is not a feed
    if any(tag in lower for tag in (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")):
        return "feed"
    return None
