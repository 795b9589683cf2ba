"""JSON Lines: one article object a line, field names mapped by ``ReadOptions``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from dateline.article import Article
from dateline.ingest.common import decode_item, make_article
from dateline.ingest.options import DEFAULT_FIELDS, ReadOptions
from dateline.ingest.report import Report


def read_jsonl(stream: BinaryIO, item: str, opts: ReadOptions, report: Report) -> Iterator[Article]:
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
            report.skip(where, f"invalid JSON ({err.msg} at column {err.colno})", "invalid JSON")
            continue
        if not isinstance(obj, dict):
            report.skip(where, f"expected a JSON object, got {type(obj).__name__}", "invalid JSON")
            continue
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
