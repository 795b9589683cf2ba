"""Plain-text files: the whole file (at most ``max_page_bytes``) is the article body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from dateline.article import Article
from dateline.ingest.bounded import byte_cap, over_cap, read_capped
from dateline.ingest.common import decode_item, make_article
from dateline.ingest.options import ReadOptions
from dateline.ingest.report import Report


def read_text(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    limit = byte_cap()
    data = read_capped(stream, limit)
    if data is None:
        # One article a file: a huge one (a log, a dump) is refused before decoding.
        report.skip(item, over_cap("file", limit), "too large")
        return
    text = decode_item(data, item, report)
    if text is None:
        return
    article = make_article(item, report, opts, text=text)
    if article is not None:
        yield article
