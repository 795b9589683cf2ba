"""Helpers every reader shares: decoding with a warning, building valid Articles."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from dateline.article import Article, parse_date
from dateline.errors import ItemError
from dateline.ingest.decode import decode
from dateline.ingest.options import ReadOptions
from dateline.ingest.report import Report

T = TypeVar("T")


def decode_item(data: bytes, item: str, report: Report) -> str | None:
    """Decode bytes, warning when an encoding had to be guessed; ``None`` if skipped."""
    try:
        decoded = decode(data, item)
    except ItemError as err:
        report.skip(item, err.reason, kind=_kind(err.reason))
        return None
    if decoded.guessed:
        report.warn(
            item,
            f"not valid UTF-8; read as {decoded.encoding} (detected by charset-normalizer)",
            kind="encoding guessed",
        )
    return decoded.text


def _kind(reason: str) -> str:
    if reason.startswith("binary"):
        return "binary file"
    if "UTF-" in reason:
        return "bad encoding"
    return reason


def make_article(item: str, report: Report, opts: ReadOptions, **fields: object) -> Article | None:
    """An Article from reader fields, or ``None`` (skipped and counted) if it has no body."""
    text = fields.pop("text", None)
    if not isinstance(text, str) or not text.strip():
        report.skip(item, "empty article (no text)", kind="empty article")
        return None
    raw_date = fields.pop("published", None)
    published = parse_date(raw_date)
    if raw_date and published is None:
        report.warn(item, f"unreadable date {raw_date!r} ignored", kind="bad date")
    source = fields.pop("source", None) or opts.source
    article = Article(
        text=text,
        published=published or opts.published,
        source=source if isinstance(source, str) else None,
        origin=item,
        **{k: (str(v) if v is not None else None) for k, v in fields.items()},
    )
    report.ok()
    return article


#: Longest exception text quoted in a skip reason (a message may quote the input).
MAX_ERROR_CHARS = 200


def describe_error(err: BaseException) -> str:
    """``Type: message``, cut short, for a skip reason."""
    text = str(err)
    if len(text) > MAX_ERROR_CHARS:
        text = text[:MAX_ERROR_CHARS] + "…"
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def guarded(where: str, report: Report, build: Callable[..., T | None], *args: object) -> T | None:
    """``build(*args)``, or ``None`` with a named, counted skip if it raises anything.

    The per-item guard: whatever one item's value does to a reader (a JSON
    integer over Python's digit limit, nesting too deep, a field of a type no
    one expected), that item alone is lost.
    """
    try:
        return build(*args)
    except Exception as err:  # noqa: BLE001 - any failure of one item is that item's skip
        report.skip(where, f"item cannot be read ({describe_error(err)})", "bad item")
        return None
