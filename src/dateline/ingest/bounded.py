"""The byte cap: nothing a reader holds in memory at once is larger than ``max_page_bytes``.

One setting bounds every unit a reader must hold whole: a plain file, a page, a
feed, a WARC record, one JSON Lines line, one whole JSON document, one http(s)
response. Compressed input is inflated as a stream, so the cap applies to the
decompressed bytes of each unit, never to the archive as a whole: a gzip bomb
costs what its first ``max_page_bytes`` cost, and a genuine 2 GB ``.jsonl.gz``
still streams line by line.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import BinaryIO

from dateline import settings

#: Bytes read at a time while draining the rest of an over-long line.
_DRAIN_CHUNK = 1 << 20


def byte_cap() -> int:
    """The current ``max_page_bytes`` setting."""
    return int(settings.get("max_page_bytes"))


def over_cap(what: str, limit: int) -> str:
    """The reason given for an item over the cap (one wording everywhere)."""
    return f"{what} is over {limit:,} bytes (max_page_bytes)"


def read_capped(stream: BinaryIO, limit: int | None = None) -> bytes | None:
    """All of ``stream`` if it holds at most ``limit`` bytes, else ``None`` (nothing more read)."""
    limit = byte_cap() if limit is None else limit
    data = stream.read(limit + 1)
    return None if len(data) > limit else data


def capped_lines(stream: BinaryIO, limit: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` for each line; ``None`` for a line over ``limit`` bytes.

    An over-long line is drained in chunks, never held whole, so one endless
    line (a 1 GB file with no newline) costs ``limit`` bytes of memory.
    """
    limit = byte_cap() if limit is None else limit
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:
                rest = stream.readline(_DRAIN_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def gunzip_stream(stream: BinaryIO) -> BinaryIO:
    """A gzip stream inflated lazily (multi-member too).

    Nothing is decompressed before it is read, so each reader's own cap bounds
    memory; a cut or corrupt stream raises ``EOFError``/``OSError`` where the
    damage is, after everything before it was read.
    """
    return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
