"""How many articles the sources hold, when that is cheap to know: for a progress bar's
total and its ETA. A file of text or HTML is one article, a JSON Lines file one a
non-blank line, a WARC one a response or resource record (counted only up to
:data:`MAX_WARC_BYTES`); standard input, URLs, feeds and whole JSON documents cannot
be counted without reading them as the run will, so any of them makes the total
unknown (None). Reads no more than a line at a time; errors make it unknown, never fail."""

from __future__ import annotations

import gzip
import os
from collections.abc import Iterable
from pathlib import Path

from dateline.ingest.fetch import is_url
from dateline.ingest.options import ReadOptions

#: Largest WARC (on disk) whose records are counted before the run.
MAX_WARC_BYTES = 256 * 1024 * 1024
_ONE = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html",
        ".xhtml": "html"}  # fmt: skip
_LINES = (".jsonl", ".ndjson")
_WARC = (".warc", ".warc.gz", ".arc", ".arc.gz")


class _Unknown(Exception):
    pass


def count_articles(sources: Iterable[str], opts: ReadOptions | None = None) -> int | None:
    """The number of articles in ``sources`` before de-duplication and language
    filtering, or None when some source cannot be counted cheaply."""
    opts = opts or ReadOptions()
    total = 0
    try:
        for source in sources:
            if source == "-" or is_url(source):
                return None
            path = Path(source)
            if path.is_dir():
                for root, dirs, files in os.walk(path, followlinks=False):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        if not name.startswith("."):
                            total += _count_file(Path(root) / name, opts.format)
            elif path.is_file():
                total += _count_file(path, opts.format)
    except (_Unknown, OSError, EOFError, ValueError):
        return None
    return total


def _count_file(path: Path, fmt: str | None) -> int:
    name = path.name.lower()
    plain = name.removesuffix(".gz")
    if fmt in ("text", "html") or (fmt is None and any(plain.endswith(s) for s in _ONE)):
        return 1
    if fmt == "jsonl" or (fmt is None and plain.endswith(_LINES)):
        return _count_lines(path)
    if fmt == "warc" or (fmt is None and name.endswith(_WARC)):
        return _count_warc(path)
    raise _Unknown(path)


def _count_lines(path: Path) -> int:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    n = 0
    with opener(path, "rb") as f:
        for line in f:
            n += bool(line.strip())
    return n


def _count_warc(path: Path) -> int:
    if path.stat().st_size > MAX_WARC_BYTES:
        raise _Unknown(path)
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as f:
        return sum(
            r.rec_type in ("response", "resource") for r in ArchiveIterator(f, arc2warc=True)
        )
