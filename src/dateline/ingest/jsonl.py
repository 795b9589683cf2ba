"""JSON Lines (one article object a line) and whole JSON documents (an object or an
array of objects, as ``.json`` exports often are); field names mapped by ``ReadOptions``.

Each line is one item under the byte cap (``max_page_bytes``) and the per-item
guard: a line that is too long, not JSON, or whose value breaks the parser is
skipped alone. A first line that is not JSON is read as the start of one
pretty-printed document only when the whole file is one (it fits the cap and
parses, or its second line does not parse on its own); otherwise it is one bad
line and the rest of the file is read.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import BinaryIO

from dateline.article import Article
from dateline.ingest.bounded import byte_cap, capped_lines, over_cap
from dateline.ingest.common import decode_item, guarded, make_article
from dateline.ingest.jsonvalues import JSON_ERRORS, array_items, describe
from dateline.ingest.options import DEFAULT_FIELDS, ReadOptions
from dateline.ingest.report import Report


def read_jsonl(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    limit = byte_cap()
    lines = capped_lines(stream, limit)
    for lineno, raw in lines:  # noqa: B007 - the first line that is not blank is used below
        if raw is None or raw.strip():
            break
    else:
        return
    if raw is not None and _starts_document(raw) and not _parses(raw):
        # Either a pretty-printed document or JSON Lines whose first line is broken.
        head = raw + stream.read(max(0, limit + 1 - len(raw)))
        if len(head) <= limit and _is_document(head):
            yield from _read_document(head, item, opts, report)
            return
        if not _second_line_parses(head):
            # One document, broken or too large: one skip for the whole file.
            if len(head) > limit:
                report.skip(item, over_cap("JSON document", limit), "too large")
            else:
                yield from _read_document(head, item, opts, report)
            return
        # JSON Lines with a bad first line: read again from it, line by line.
        offset = lineno - 1  # the blank lines before it
        lines = ((offset + n, line) for n, line in capped_lines(_replay(head, stream), limit))
    else:
        yield from _line_articles(lineno, raw, item, opts, report, limit)
    for lineno, raw in lines:
        yield from _line_articles(lineno, raw, item, opts, report, limit)


def _line_articles(
    lineno: int, raw: bytes | None, item: str, opts: ReadOptions, report: Report, limit: int
) -> Iterator[Article]:
    where = f"{item}:{lineno}"
    if raw is None:
        report.skip(where, over_cap("line", limit), "too large")
        return
    if not raw.strip():
        return
    line = decode_item(raw, where, report)
    if line is None:
        return
    try:
        obj = json.loads(line)
    except JSON_ERRORS as err:
        report.skip(where, describe(err), "invalid JSON")
        return
    if isinstance(obj, list) and lineno == 1:
        yield from _from_objects(obj, item, opts, report)
        return
    article = guarded(where, report, _object_article, obj, where, opts, report)
    if article is not None:
        yield article


def _starts_document(raw: bytes) -> bool:
    return raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _parses(raw: bytes) -> bool:
    try:
        json.loads(raw.decode("utf-8-sig", "replace"))
    except JSON_ERRORS:
        return False
    return True


def _is_document(data: bytes) -> bool:
    """Whether ``data`` is one JSON document, whole or with bad values inside an array."""
    text = data.decode("utf-8-sig", "replace")
    if _parses(data):
        return True
    return text.lstrip()[:1] == "[" and any(isinstance(v, dict) for v in array_items(text))


def _second_line_parses(data: bytes) -> bool:
    lines = [line for line in data.split(b"\n") if line.strip()]
    return len(lines) > 1 and _parses(lines[1])


def _replay(head: bytes, rest: BinaryIO) -> BinaryIO:
    return io.BufferedReader(_Replay(head, rest))


class _Replay(io.RawIOBase):
    """Bytes already read, then the rest of the stream."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_document(data: bytes, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    """One JSON document under the cap: an object, or an array read element by element
    when the whole will not parse."""
    text = decode_item(data, item, report)
    if text is None:
        return
    try:
        obj = json.loads(text)
    except JSON_ERRORS as err:
        if text.lstrip()[:1] != "[":
            report.skip(item, describe(err), "invalid JSON")
            return
        yield from _from_objects(array_items(text), item, opts, report)
        return
    yield from _from_objects(obj if isinstance(obj, list) else [obj], item, opts, report)


def _from_objects(objs, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    """Articles from the values of a JSON array; ``item#N`` names the N-th (from 1).

    A value that is an exception is the one element the parser could not read.
    """
    n = 0
    for n, obj in enumerate(objs, start=1):  # noqa: B007 - n counts them too
        where = f"{item}#{n}"
        if isinstance(obj, BaseException):
            report.skip(where, describe(obj), "invalid JSON")
            continue
        article = guarded(where, report, _object_article, obj, where, opts, report)
        if article is not None:
            yield article
    if n == 0:
        report.skip(item, "empty JSON array", "empty article")


def _object_article(obj: object, where: str, opts: ReadOptions, report: Report) -> Article | None:
    """The article of one JSON value, which must be an object."""
    if not isinstance(obj, dict):
        report.skip(where, f"expected a JSON object, got {type(obj).__name__}", "invalid JSON")
        return None
    return article_from_mapping(obj, where, opts, report)


def article_from_mapping(
    obj: dict, where: str, opts: ReadOptions, report: Report
) -> Article | None:
    """Map a JSON object onto Article fields using the configured key names."""
    fields: dict[str, object] = {}
    for name in DEFAULT_FIELDS:
        for key in opts.keys(name):
            if obj.get(key) not in (None, ""):
                fields[name] = obj[key]
                break
    if "text" in fields and not isinstance(fields["text"], str):
        report.skip(where, f"field {opts.keys('text')[0]!r} is not a string", "invalid JSON")
        return None
    if "text" not in fields:
        tried = ", ".join(repr(k) for k in opts.keys("text"))
        report.skip(
            where,
            f"no article text (looked for {tried}; map it with --field text=KEY)",
            "empty article",
        )
        return None
    return make_article(where, report, opts, **fields)
