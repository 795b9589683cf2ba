"""WARC and ARC archives (plain or gzip) with warcio: HTML responses become articles.

Each response (or resource) record whose payload is HTML is one page; its
WARC-Date is the fallback publication date when the page declares none. Every
other record (requests, metadata, images, redirects) is skipped and counted. A
truncated or corrupt archive keeps the articles read before the break.
"""

from __future__ import annotations

import contextlib
import io
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from dateline.article import Article
from dateline.ingest.bounded import byte_cap, over_cap
from dateline.ingest.common import describe_error
from dateline.ingest.decode import looks_binary
from dateline.ingest.html import NoArticle, extract_page, page_article
from dateline.ingest.options import ReadOptions
from dateline.ingest.report import Report

_PAGE_RECORDS = {"response", "resource"}
#: Bytes the gzip watch reads, and inflates, at a time.
_WATCH_CHUNK = 1 << 20
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    from warcio.archiveiterator import ArchiveIterator

    limit = byte_cap()
    watched = _GzipWatch(stream) if _peek(stream, 2) == b"\x1f\x8b" else None
    records = ArchiveIterator(watched or stream, arc2warc=True)
    offset = 0
    noise = _Noise()
    seen = 0
    try:
        while True:
            with noise:
                record = next(records, None)
            if record is None:
                if not seen:
                    report.skip(item, "no WARC or ARC records", "empty archive")
                break
            seen += 1
            # ``offset`` is where this record starts; get_record_offset() would consume it.
            offset = records.offset
            where = f"{item}#{offset}"
            try:
                with noise:
                    article = _record_article(record, where, limit, opts, report)
                    missing = _missing_bytes(record)
            except Exception as err:  # noqa: BLE001 - one bad record must not lose the rest
                report.skip(where, f"record cannot be read ({describe_error(err)})", "bad record")
                noise.report(where, report)
                continue
            if missing:
                # warcio ends quietly at a cut gzip member; a short record is how it shows.
                report.warn(where, f"record cut short ({missing:,} bytes missing)", "cut record")
            noise.report(where, report)
            if article is not None:
                yield article
        if watched is not None and not watched.complete():
            report.skip(f"{item}#{offset}", "gzip stream ends mid-member", "truncated file")
    except Exception as err:  # noqa: BLE001 - warcio raises many kinds on corrupt input
        # warcio reads records lazily: a break mid-file loses only what follows it.
        report.skip(
            f"{item}#{offset}",
            f"archive stops being readable ({describe_error(err)})",
            "truncated file",
        )
    noise.report(f"{item}#{offset}", report)


class _Noise:
    """warcio writes what it finds wrong (zlib errors, bad record lengths) straight to
    stderr, a line per read; this catches it while warcio runs, so that a damaged
    record makes one named warning, not dozens of raw lines."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._buffer = io.StringIO()

    def __enter__(self) -> _Noise:
        self._redirect = contextlib.redirect_stderr(self._buffer)
        self._redirect.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._redirect.__exit__(*exc)

    def report(self, where: str, report: Report) -> None:
        text = self._buffer.getvalue()
        if not text.strip():
            return
        self._buffer.seek(0)
        self._buffer.truncate()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        more = f" (and {len(lines) - 1} more messages)" if len(lines) > 1 else ""
        report.warn(where, f"damaged archive data: {lines[0][:200]}{more}", "corrupt record")


def _peek(stream: BinaryIO, n: int) -> bytes:
    return stream.peek(n)[:n] if hasattr(stream, "peek") else b""


class _GzipWatch:
    """Pass bytes through to warcio while checking that the last gzip member is whole.

    warcio stops quietly where a gzipped archive is cut; a second, cheap
    decompression of the same bytes tells a clean end from a cut one.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self._pending = False  # bytes of an unfinished member seen

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        try:
            self._feed(data)
        except zlib.error:
            self._pending = True  # corrupt: warcio will say how
        return data

    def _feed(self, data: bytes) -> None:
        if not data:
            return
        while True:
            # Output is thrown away, a bounded piece at a time: a gzip bomb costs time here,
            # never memory.
            out = self._inflate.decompress(data, _WATCH_CHUNK)
            if self._inflate.eof:
                data = self._inflate.unused_data
                self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
                self._pending = False
                if not data:
                    return
            else:
                self._pending = True
                data = self._inflate.unconsumed_tail
                if not data and len(out) < _WATCH_CHUNK:
                    return  # all input taken, no output held back

    def complete(self) -> bool:
        """Whether the stream ends with a whole member; what warcio left is read in pieces."""
        while chunk := self._stream.read(_WATCH_CHUNK):
            self._feed(chunk)
        return not self._pending


def _missing_bytes(record) -> int:
    """Read what is left of the record (warcio would skip it anyway); bytes it lacks."""
    stream = record.raw_stream
    while stream.read(1 << 16):
        pass
    return max(0, int(getattr(stream, "limit", 0) or 0))


def _record_article(
    record, where: str, limit: int, opts: ReadOptions, report: Report
) -> Article | None:
    kind = record.rec_type
    if kind not in _PAGE_RECORDS:
        report.pass_over(where, f"{kind} record, not a page", "not an HTML response")
        return None
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            report.pass_over(where, f"HTTP status {status}", "not an HTML response")
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = record.rec_headers.get_header("Content-Type") or ""
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        report.skip(where, over_cap("record", limit), "too large")
        return None
    if content_type and not content_type.lower().startswith(_HTML_TYPES):
        report.pass_over(where, f"{content_type.split(';')[0]} payload", "not an HTML response")
        return None
    if not content_type and (looks_binary(data) or b"<html" not in data[:4096].lower()):
        report.pass_over(where, "payload is not HTML", "not an HTML response")
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    warc_date = record.rec_headers.get_header("WARC-Date")
    try:
        page = extract_page(data, url, fallback_date=warc_date, fallback_source="warc-date")
    except NoArticle as err:
        report.skip(where, str(err), "no article")
        return None
    return page_article(page, where, opts, report, warc_date=warc_date, crawled_url=url)


def sniff_warc(head: bytes) -> str | None:
    """WARC by its version line, ARC by its ``filedesc://`` header."""
    start = head.lstrip(b"\r\n")
    return "warc" if start.startswith((b"WARC/", b"filedesc://")) else None
