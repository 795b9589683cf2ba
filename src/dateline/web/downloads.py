"""A list page's download twins: ``?format=csv|jsonl|atom`` (``json`` is the page's own
dict), for the same query as the page, streamed in chunks of :data:`CHUNK` rows.

The first chunk is read before the response starts, so a bad query still answers 400 or
404 rather than a broken download. Each later chunk takes the store of the thread that
reads it (the server's threads each have their own connection).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi import Request
from fastapi.responses import StreamingResponse

from dateline import query
from dateline.query import InvalidQuery, UnknownEntity, formats
from dateline.web.errors import BadRequest, NotFound
from dateline.web.reads import Reader
from dateline.web.render import article_path

#: Rows read per query while streaming a download.
CHUNK = 1_000
#: The most rows one download holds (the query API's own cap on one call times ten);
#: narrow the query, or use ``dateline quotes`` / ``dateline export``, for more.
DOWNLOAD_ROWS = 100_000
#: The most entities a download of the entity list holds.
DOWNLOAD_ENTITIES = 5_000
#: Entries in a feed: the newest ones, as feed readers expect.
FEED_ENTRIES = 50

#: Download formats a quote list answers, and those a table of entities answers.
QUOTE_FORMATS = ("csv", "jsonl", "atom")
ENTITY_FIELDS = ["id", "name", "type", "articles", "mentions", "quotes", "aliases", "titles"]


def quote_download(
    request: Request, reader: Reader, filters: dict, fmt: str, title: str, *, missing=NotFound
) -> StreamingResponse:
    """The quotes matching ``filters`` (as :func:`dateline.query.quotes` takes them) in
    ``fmt``. An unknown name is ``missing`` (404 on an entity's page; a search: 400)."""

    def read(limit: int, offset: int) -> list[dict]:
        return query.quotes(reader.store(), **filters, limit=limit, offset=offset)

    try:
        first = read(FEED_ENTRIES if fmt == "atom" else CHUNK, 0)
    except UnknownEntity as err:
        raise missing(str(err)) from err
    except InvalidQuery as err:
        raise BadRequest(str(err)) from err
    if fmt == "atom":
        base = str(request.base_url).rstrip("/")
        page = str(request.url.remove_query_params("format"))
        body = formats.chunks(
            first, "atom", title=f"Dateline: {title}", feed_id=page, link=page,
            self_url=str(request.url),
            article_link=lambda r: base + article_path(r["article"], r["quote"]),
        )  # fmt: skip
    else:
        body = formats.chunks(_rows(first, read), fmt)
    return _stream(body, fmt, "quotes")


def table_download(rows: list[dict], fmt: str, fields: list[str], name: str) -> StreamingResponse:
    """Rows already read (one page of a table) as CSV or JSON Lines."""
    if fmt not in ("csv", "jsonl"):
        raise BadRequest(f"this list has no {fmt} form; use csv, json or jsonl")
    return _stream(formats.chunks(rows, fmt, fields=fields), fmt, name)


def _rows(first: list[dict], read: Callable[[int, int], list[dict]]) -> Iterator[dict]:
    yield from first
    offset, last = len(first), first
    while len(last) == CHUNK and offset < DOWNLOAD_ROWS:
        last = read(min(CHUNK, DOWNLOAD_ROWS - offset), offset)
        yield from last
        offset += len(last)


def _stream(body: Iterator[str], fmt: str, name: str) -> StreamingResponse:
    headers = {}
    if fmt != "atom":  # a feed is read in place; a table is saved
        headers["Content-Disposition"] = f'attachment; filename="dateline-{name}.{fmt}"'
    return StreamingResponse(
        (chunk.encode("utf-8") for chunk in body),
        media_type=formats.MEDIA_TYPES[fmt],
        headers=headers,
    )
