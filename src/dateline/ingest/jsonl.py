"""JSON Lines (one article object a line) and whole JSON documents (an object or an
array of objects, as ``.json`` exports often are); field names mapped by ``ReadOptions``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from dateline.article import Article
from dateline.ingest.common import decode_item, make_article
from dateline.ingest.options import DEFAULT_FIELDS, ReadOptions
from dateline.ingest.report import Report

#: Largest whole JSON document read into memory at once (bytes).
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024


def read_jsonl(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    first = True
    for lineno, raw in enumerate(stream, start=1):
        where = f"{item}:{lineno}"
        if not raw.strip():
            continue
        line = decode_item(raw, where, report)
        if line is None:
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            if first and line.strip()[:1] in ("{", "["):
                # Not JSON Lines but one pretty-printed document: read it whole.
                yield from _read_document(raw + stream.read(MAX_DOCUMENT_BYTES), item, opts, report)
                return
            report.skip(where, f"invalid JSON ({err.msg} at column {err.colno})", "invalid JSON")
            continue
        first = False
        if isinstance(obj, list) and lineno == 1:
            yield from _from_objects(obj, item, opts, report)
            continue
        yield from _object_article(obj, where, opts, report)


def _read_document(data: bytes, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    text = decode_item(data, item, report)
    if text is None:
        return
    try:
        obj = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        where = f"{item}:{getattr(err, 'lineno', '?')}"
        report.skip(where, f"invalid JSON ({getattr(err, 'msg', err)})", "invalid JSON")
        return
    yield from _from_objects(obj if isinstance(obj, list) else [obj], item, opts, report)


def _from_objects(objs: list, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
    """Articles from the objects of a JSON array; ``item#N`` names the N-th (from 1)."""
    for n, obj in enumerate(objs, start=1):
        yield from _object_article(obj, f"{item}#{n}", opts, report)


def _object_article(
    obj: object, where: str, opts: ReadOptions, report: Report
) -> Iterator[Article]:
    """The article of one JSON value, which must be an object."""
    if not isinstance(obj, dict):
        report.skip(where, f"expected a JSON object, got {type(obj).__name__}", "invalid JSON")
        return
    article = article_from_mapping(obj, where, opts, report)
    if article is not None:
        yield article


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
