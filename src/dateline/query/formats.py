"""Quote lists as CSV, JSON, JSON Lines or Atom: the one ``format`` switch behind
``dateline quotes --format`` and the web's ``?format=`` (each page's download twin).

Writers take an iterable of quote rows (as :func:`dateline.query.quotes` returns them)
and yield text chunks, so a large result streams instead of being built in memory.
An Atom entry's id is made from the article id and the quote's character offsets, not a
row id, so it survives merges, splits and re-annotation of the same text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from urllib.parse import quote as url_quote
from xml.sax.saxutils import escape

FORMATS = ("csv", "json", "jsonl", "atom")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "atom": "application/atom+xml; charset=utf-8",
}

#: A feed's ``updated`` when no entry has a date (Atom requires one).
EPOCH = "1970-01-01T00:00:00Z"

#: The columns of a quote in CSV (and the keys of a JSON row), citation fields included.
QUOTE_FIELDS = [
    "key", "date", "date_from", "speaker", "speaker_id", "speaker_title", "kind", "act",
    "cue", "text", "outlet", "title", "url", "published", "article", "quote", "start_char",
    "end_char", "source", "rule", "speaker_kind", "speaker_via", "speaker_description",
    "affiliation", "affiliation_id",
]  # fmt: skip


def quote_key(row: dict) -> str:
    """A quote's stable id: ``ARTICLE_ID:START-END`` (its offsets in the article text)."""
    return f"{row['article']}:{row['start_char']}-{row['end_char']}"


def quote_record(row: dict) -> dict:
    """A quote row with only the exported fields, in :data:`QUOTE_FIELDS` order."""
    out = {k: row.get(k) for k in QUOTE_FIELDS}
    out["key"] = quote_key(row)
    if "copies" in row:  # grouped syndicated copies (query.claims.group_syndicated)
        out["copies"], out["outlets"] = row["copies"], row["outlets"]
    return out


def csv_chunks(rows: Iterable[dict], fields: list[str] | None = None) -> Iterator[str]:
    """CSV with a header line; a row is a quote unless ``fields`` names other columns."""
    buf = io.StringIO()
    writer = None
    for row in rows:
        record = row if fields else quote_record(row)
        if writer is None:
            writer = csv.DictWriter(buf, fieldnames=fields or list(record), extrasaction="ignore")
            writer.writeheader()
        if isinstance(record.get("outlets"), list):
            record = {**record, "outlets": "; ".join(str(o or "") for o in record["outlets"])}
        writer.writerow(record)
        if buf.tell() > 64_000:
            yield _drain(buf)
    if writer is None:  # no rows: the header alone
        csv.DictWriter(buf, fieldnames=fields or QUOTE_FIELDS).writeheader()
    yield _drain(buf)


def json_chunks(rows: Iterable[dict], fields: list[str] | None = None) -> Iterator[str]:
    """One JSON array, written row by row."""
    yield "["
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + json.dumps(_pick(row, fields), ensure_ascii=False)
    yield "\n]\n"


def jsonl_chunks(rows: Iterable[dict], fields: list[str] | None = None) -> Iterator[str]:
    """One JSON object per line."""
    for row in rows:
        yield json.dumps(_pick(row, fields), ensure_ascii=False) + "\n"


def atom_chunks(
    rows: Iterable[dict],
    *,
    title: str,
    feed_id: str,
    self_url: str | None = None,
    link: str | None = None,
    article_link=None,
    updated: str | None = None,
) -> Iterator[str]:
    """An Atom 1.0 feed (RFC 4287) of quotes, newest first as given.

    ``feed_id``: the feed's permanent id (the page's URL); ``article_link(row)``: the
    entry's link (the article page), else the original URL. The feed's ``updated`` is its
    newest entry's date (``updated`` when it has none), so an unchanged feed reads the same.
    """
    rows = list(rows)
    dates = [_rfc3339(r.get("date") or r.get("published")) for r in rows]
    newest = max((d for d in dates if d), default=None) or updated or EPOCH
    yield '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
    yield f"<title>{escape(title)}</title>\n<id>{escape(feed_id)}</id>\n"
    yield f"<updated>{newest}</updated>\n<author><name>Dateline</name></author>\n"
    yield "<generator>Dateline</generator>\n"
    if self_url:
        yield f'<link rel="self" type="application/atom+xml" href="{_attr(self_url)}"/>\n'
    if link:
        yield f'<link rel="alternate" type="text/html" href="{_attr(link)}"/>\n'
    for row, date in zip(rows, dates, strict=True):
        yield _entry(row, date or newest, article_link)
    yield "</feed>\n"


def _entry(row: dict, updated: str, article_link) -> str:
    who = row.get("speaker") or row.get("source") or "unknown speaker"
    text = " ".join((row.get("text") or "").split())
    headline = f"{who}: “{text[:120]}{'…' if len(text) > 120 else ''}”"
    where = ", ".join(str(v) for v in (row.get("outlet"), row.get("title")) if v)
    summary = f"{who} {row.get('cue') or 'said'}: “{text}”" + (f" ({where})" if where else "")
    href = article_link(row) if article_link else None
    href = href or row.get("url")
    parts = [
        "<entry>",
        f"<id>urn:dateline:quote:{url_quote(str(row['article']), safe='')}:"
        f"{row['start_char']}-{row['end_char']}</id>",
        f"<title>{escape(headline)}</title>",
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(who)}</name></author>",
    ]
    if href:
        parts.append(f'<link rel="alternate" href="{_attr(href)}"/>')
    if row.get("act"):
        parts.append(f'<category term="{_attr(row["act"])}"/>')
    parts.append(f'<summary type="text">{escape(summary)}</summary>')
    parts.append("</entry>\n")
    return "\n".join(parts)


def _rfc3339(day: str | None) -> str | None:
    """A YYYY-MM-DD date as an RFC 3339 time (midnight UTC); None when it is no date."""
    if day is None:
        return None
    try:
        parsed = datetime.strptime(str(day)[:10], "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None
    return parsed.strftime("%Y-%m-%dT%H:%M:%SZ")


def _attr(value: str) -> str:
    return escape(str(value), {'"': "&quot;"})


def _pick(row: dict, fields: list[str] | None) -> dict:
    return {k: row.get(k) for k in fields} if fields else quote_record(row)


def _drain(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text


def write(rows: Iterable[dict], fmt: str, out, *, fields: list[str] | None = None, **atom) -> None:
    """Write ``rows`` in ``fmt`` to the text stream ``out`` (see :data:`FORMATS`)."""
    for chunk in chunks(rows, fmt, fields=fields, **atom):
        out.write(chunk)


def chunks(rows: Iterable[dict], fmt: str, *, fields: list[str] | None = None, **atom):
    """The text of ``rows`` in ``fmt``, chunk by chunk."""
    if fmt == "csv":
        return csv_chunks(rows, fields)
    if fmt == "json":
        return json_chunks(rows, fields)
    if fmt == "jsonl":
        return jsonl_chunks(rows, fields)
    if fmt == "atom":
        return atom_chunks(rows, **atom)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "QUOTE_FIELDS",
    "chunks",
    "quote_key",
    "quote_record",
    "write",
]
