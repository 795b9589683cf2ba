"""Readers: sources (paths, folders, ``-`` for stdin) in, ``Article``s out.

One reader a format, chosen by extension, by ``ReadOptions.format`` or by
sniffing the first bytes. A bad item is reported to the :class:`Report`,
skipped and counted; reading goes on. No reader holds more than the byte cap
(``max_page_bytes``, :mod:`dateline.ingest.bounded`) at once, compressed input
is inflated as it is read, and URLs are fetched under one policy
(:mod:`dateline.ingest.fetch`).
"""

from __future__ import annotations

import dataclasses
import errno
import io
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from dateline.article import Article
from dateline.errors import ItemError
from dateline.ingest.bounded import gunzip_stream
from dateline.ingest.common import describe_error
from dateline.ingest.decode import looks_binary, transcode_bom
from dateline.ingest.dedup import Deduplicator
from dateline.ingest.feeds import read_feed, sniff_feed
from dateline.ingest.fetch import fetch, is_url
from dateline.ingest.html import read_html, sniff_html
from dateline.ingest.jsonl import read_jsonl
from dateline.ingest.language import filter_language
from dateline.ingest.options import ReadOptions, parse_field_mappings
from dateline.ingest.plaintext import read_text
from dateline.ingest.report import Report
from dateline.ingest.warc import read_warc, sniff_warc

__all__ = [
    "Deduplicator",
    "ReadOptions",
    "Report",
    "read_sources",
    "read_stream",
    "parse_field_mappings",
    "READERS",
]

Reader = Callable[[BinaryIO, str, ReadOptions, Report], Iterator[Article]]

#: format name -> reader. Other modules register more formats here.
READERS: dict[str, Reader] = {
    "text": read_text,
    "jsonl": read_jsonl,
    "html": read_html,
    "feed": read_feed,
    "warc": read_warc,
}

#: file extension -> format name.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".rdf": "feed",
    ".xml": "feed",  # news XML is feeds; feedparser names what is wrong with any other
    ".warc": "warc",
    ".warc.gz": "warc",
    ".arc": "warc",
    ".arc.gz": "warc",
}

#: Formats whose readers take gzip-compressed streams as they are.
GZIP_AWARE: set[str] = {"warc"}  # warcio reads record-by-record gzip members itself

#: Sniffers tried in order on the first bytes of a file with no known extension.
SNIFFERS: list[Callable[[bytes], str | None]] = []


def _sniff_jsonl(head: bytes) -> str | None:
    # JSON Lines and whole JSON documents alike (a .json file is sniffed, since it
    # may also be a JSON Feed, which the feed sniffer claims first).
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")) else None


SNIFFERS.extend([sniff_warc, sniff_feed, sniff_html, _sniff_jsonl])


def read_sources(
    sources: Iterable[str],
    opts: ReadOptions | None = None,
    report: Report | None = None,
    *,
    language: bool = True,
) -> Iterator[Article]:
    """Yield the articles of every source, in order. ``-`` reads standard input.

    Articles not in English are dropped unless ``opts.keep_non_english``; exact
    duplicates are dropped and near-duplicates linked unless ``opts.dedup`` is off.
    ``language=False`` leaves the language to the caller (``dateline ingest`` detects
    it after leaving out the articles the store already holds).
    """
    opts = opts or ReadOptions()
    report = report if report is not None else Report()
    articles = _read_all(sources, opts, report)
    if language:
        articles = filter_language(articles, report, keep_non_english=opts.keep_non_english)
    if opts.dedup:
        articles = Deduplicator().filter(articles, report)
    yield from articles


def _read_all(sources: Iterable[str], opts: ReadOptions, report: Report) -> Iterator[Article]:
    for source in sources:
        if is_url(source):
            yield from _read_url(source, opts, report)
            continue
        if source == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", "", opts, report)
            continue
        path = Path(source)
        if path.is_dir():
            yield from _read_dir(path, opts, report)
        elif path.is_file():
            yield from _read_file(path, opts, report)
        elif path.exists():
            report.skip(source, "not a regular file or folder", "unreadable")
        else:
            report.skip(source, "no such file or folder", "missing path")


def _read_url(url: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    try:
        fetched = fetch(url)
    except ItemError as err:
        report.skip(url, err.reason, "fetch failed")
        return
    if opts.format is None and fetched.format:
        opts = dataclasses.replace(opts, format=fetched.format)
    name = urlsplit(fetched.url).path.rsplit("/", 1)[-1]
    stream = io.BufferedReader(io.BytesIO(fetched.data))
    yield from read_stream(stream, fetched.url, name, opts, report)


def _read_dir(folder: Path, opts: ReadOptions, report: Report) -> Iterator[Article]:
    found = False
    for path in _walk(folder, report, frozenset()):
        found = True
        yield from _read_file(path, opts, report)
    if not found:
        report.skip(str(folder), "folder has no readable files", "empty folder")


def _walk(folder: Path, report: Report, above: frozenset[tuple[int, int]]) -> Iterator[Path]:
    """The regular files under ``folder`` in path order, hidden ones left out.

    Symlinked folders are followed, except back into a folder above (a loop);
    whatever cannot be read as a file — a FIFO, a device, a socket, a broken or
    looping link, a folder that cannot be listed — is reported, never silently
    passed (and a FIFO is never opened: that would wait forever).
    """
    try:
        here = folder.stat()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as err:
        report.skip(str(folder), f"cannot read folder ({err.strerror or err})", "unreadable")
        return
    above = above | {(here.st_dev, here.st_ino)}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            info = path.stat()
        except OSError as err:
            report.skip(str(path), _stat_failure(path, err), "unreadable")
            continue
        if stat.S_ISDIR(info.st_mode):
            if (info.st_dev, info.st_ino) in above:
                report.skip(str(path), "symlink loop (links to a folder above it)", "unreadable")
                continue
            yield from _walk(path, report, above)
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            report.skip(str(path), f"not a regular file ({_file_kind(info.st_mode)})", "unreadable")


def _stat_failure(path: Path, err: OSError) -> str:
    if err.errno == errno.ELOOP:
        return "symlink loop"
    if path.is_symlink():
        return "broken symlink (its target does not exist)"
    return f"cannot read ({err.strerror or err})"


def _file_kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


def _read_file(path: Path, opts: ReadOptions, report: Report) -> Iterator[Article]:
    item = str(path)
    try:
        stream = path.open("rb")
    except OSError as err:
        report.skip(item, f"cannot open ({err.strerror})", "unreadable")
        return
    with stream:
        yield from read_stream(stream, item, path.name, opts, report)


def read_stream(
    stream: BinaryIO, item: str, name: str, opts: ReadOptions, report: Report
) -> Iterator[Article]:
    """The articles of one source's bytes; ``name`` (a file name) picks the format.

    Whatever goes wrong is reported against ``item`` and ends this source only:
    a stream that breaks half-way (a cut gzip) keeps what was read before the
    break, and a reader that fails in a way no one foresaw loses the rest of its
    source, never the run.
    """
    try:
        yield from _dispatch(stream, item, name, opts, report)
    except (OSError, EOFError, zlib.error) as err:
        reason = f"stopped reading: corrupt or cut ({describe_error(err)})"
        report.skip(item, reason, "truncated file")
    except Exception as err:  # noqa: BLE001 - the per-source guard: the run goes on
        report.skip(item, f"reader failed; rest skipped ({describe_error(err)})", "reader failed")


#: The old name, still used by the Spark shard reader.
_read_stream = read_stream


def _dispatch(
    stream: BinaryIO, item: str, name: str, opts: ReadOptions, report: Report
) -> Iterator[Article]:
    lower = name.lower()
    fmt = opts.format or _format_for_name(lower)
    if fmt not in GZIP_AWARE and (lower.endswith(".gz") or _peek(stream, 2) == b"\x1f\x8b"):
        # Inflated as it is read: each reader's byte cap bounds memory, not the archive size.
        stream = gunzip_stream(stream)
        fmt = fmt or _format_for_name(lower.removesuffix(".gz"))
    fmt = fmt or _sniff(stream)
    if fmt is None:
        if looks_binary(_peek(stream, 4096)):
            report.skip(item, "binary file, not text", "binary file")
            return
        fmt = "text"
    reader = READERS.get(fmt)
    if reader is None:
        report.skip(
            item,
            f"no reader for format {fmt!r} (known: {', '.join(READERS)})",
            "unsupported format",
        )
        return
    yield from reader(stream, item, opts, report)


def _format_for_name(name: str) -> str | None:
    """The format for a file name; longest suffix first, so ``.warc.gz`` beats ``.gz``."""
    suffixes = Path(name).suffixes
    for i in range(len(suffixes)):
        fmt = EXTENSIONS.get("".join(suffixes[i:]))
        if fmt:
            return fmt
    return None


def _peek(stream: BinaryIO, n: int) -> bytes:
    if hasattr(stream, "peek"):
        return stream.peek(n)[:n]
    return b""


def _sniff(stream: BinaryIO) -> str | None:
    head = transcode_bom(_peek(stream, 4096))
    for sniffer in SNIFFERS:
        fmt = sniffer(head)
        if fmt:
            return fmt
    return None
