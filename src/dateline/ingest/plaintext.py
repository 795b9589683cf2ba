"""Plain-text files: the whole file is the article body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from dateline.article import Article
from dateline.ingest.common import decode_item, make_article
from dateline.ingest.options import ReadOptions
from dateline.ingest.report import Report


def read_text(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    text = decode_item(stream.read(), item, report)
    if text is None:
        return
    article = make_article(item, report, opts, text=text)
    if article is not None:
        yield article
