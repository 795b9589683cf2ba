"""Routes: each page and its JSON twin call the same view function (``dateline.web.views``).

``api`` holds the JSON endpoints (in OpenAPI); ``pages`` the HTML ones, which also answer
``?format=json``. Only GET: the server has no write endpoint.

The handlers (and the search's parameter dependency) are ``async def`` that call the
synchronous views directly: a view runs on the event loop's own thread, one at a time, and
is not handed to a worker thread and back. Views are Python and SQLite work that holds the
GIL, so a second thread only took turns with the loop (and paid for each switch): under 50
concurrent clients the server's CPU a page fell by about a fifth (docs/web.md). A
download's later chunks are still read on the thread pool (``limits.VIEW_THREADS``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from dateline.web import schema, views
from dateline.web.downloads import (
    DOWNLOAD_ENTITIES,
    ENTITY_FIELDS,
    QUOTE_FORMATS,
    quote_download,
    table_download,
)
from dateline.web.errors import BadRequest
from dateline.web.limits import (
    MAX_ID_CHARS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    PAGE_SIZE,
)
from dateline.web.reads import Reader
from dateline.web.schema import documented

api = APIRouter(prefix="/api", tags=["api"])
pages = APIRouter(include_in_schema=False)

_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"
_KIND = r"^(direct|mixed|indirect)?$"
Kind = Annotated[str | None, Query(pattern=_KIND, description="direct, mixed or indirect")]
_ACT = r"^(statement|belief|intention)?$"
Act = Annotated[
    str | None, Query(pattern=_ACT, description="statement, belief or intention (the cue's act)")
]
Day = Annotated[str | None, Query(pattern=_DATE, description="YYYY, YYYY-MM or YYYY-MM-DD")]
Sort = Annotated[
    str | None,
    Query(pattern=r"^(newest|oldest|relevance)?$", description="newest, oldest or relevance"),
]

Text = Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)]
With = Annotated[
    str | None,
    Query(alias="with", max_length=MAX_QUERY_CHARS, description="only articles naming this too"),
]
Period = Annotated[str, Query(pattern="^(month|year|week)$", description="month, year or week")]
Names = Annotated[list[str] | None, Query(max_length=MAX_QUERY_CHARS)]
EntityType = Annotated[
    str | None, Query(pattern=r"^[A-Za-z_]{0,20}$", description="PERSON, ORG, GPE, …")
]
EntityOrder = Annotated[
    str | None,
    Query(pattern=r"^(mentions|quotes|articles|name)?$", description="the column to sort by"),
]

PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)]
Id = Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS)]


def _reader(request: Request) -> Reader:
    return request.app.state.reader


async def _search_params(
    q: Text = None,
    speaker: Text = None,
    about: Text = None,
    source: Text = None,
    kind: Kind = None,
    since: Day = None,
    until: Day = None,
    page: PageNo = 1,
    size: PageSize = PAGE_SIZE,
    act: Act = None,
    sort: Sort = None,
    apage: PageNo = 1,
) -> views.SearchParams:
    return views.SearchParams.parse(
        q, speaker, about, source, kind, since, until, page, size, act, sort, apage
    )


Search = Annotated[views.SearchParams, Depends(_search_params)]


# -- the JSON API -------------------------------------------------------------------------------


@api.get("/home", summary="Corpus figures and the latest quotes", **documented(schema.Home))
async def api_home(request: Request) -> Response:
    return JSONResponse(views.home(_reader(request)))


@api.get(
    "/search",
    summary="Quotes and articles by full text, speaker, source, kind and date",
    **documented(schema.Search),
)
async def api_search(request: Request, params: Search) -> Response:
    return JSONResponse(views.search(_reader(request), params))


@api.get(
    "/entities",
    summary="Entities with their quote and mention counts",
    **documented(schema.Entities),
)
async def api_entities(
    request: Request,
    q: Text = None,
    page: PageNo = 1,
    size: PageSize = 50,
    type: EntityType = None,  # noqa: A002 - the query parameter's name
    order: EntityOrder = None,
) -> Response:
    return JSONResponse(views.entities(_reader(request), q, page, size, type, order))


@api.get(
    "/entities/{entity_id}",
    summary="An entity (by id or any of its names): titles, timeline, quotes, network",
    **documented(schema.Entity),
)
async def api_entity(
    request: Request,
    entity_id: Id,
    page: PageNo = 1,
    size: PageSize = PAGE_SIZE,
    apage: PageNo = 1,
    with_: With = None,
    period: Period = "month",
) -> Response:
    data = views.entity(_reader(request), entity_id, page, size, apage, with_, period)
    return JSONResponse(data)


@api.get(
    "/compare",
    summary="Attention over time (share of each period's articles) for up to four "
    "entities (e) and terms (t)",
    **documented(schema.Compare),
)
async def api_compare(
    request: Request, e: Names = None, t: Names = None, period: Period = "month"
) -> Response:
    return JSONResponse(views.compare(_reader(request), e or [], t or [], period))


@api.get(
    "/articles/{article_id:path}",
    summary="An article with its annotations (the record) and one card per quote",
    **documented(schema.Article),
)
async def api_article(request: Request, article_id: Id) -> Response:
    return JSONResponse(views.article(_reader(request), article_id))


# -- the pages ----------------------------------------------------------------------------------


def _page(request: Request, template: str, data: dict, fmt: str | None) -> Response:
    if fmt == "json":
        return JSONResponse(data)
    return request.app.state.templates.TemplateResponse(request, template, data)


Fmt = Annotated[
    str | None,
    Query(
        alias="format",
        pattern="^(html|json|csv|jsonl|atom)?$",
        description="html (the page), json (its data), or the list as csv, jsonl or atom",
    ),
]
PageFmt = Annotated[str | None, Query(alias="format", pattern="^(html|json)?$")]


@pages.get("/", response_class=HTMLResponse)
async def home_page(request: Request, fmt: PageFmt = None) -> Response:
    return _page(request, "home.html", views.home(_reader(request)), fmt)


@pages.get("/search", response_class=HTMLResponse)
async def search_page(request: Request, params: Search, fmt: Fmt = None) -> Response:
    if fmt in QUOTE_FORMATS:
        title = params.describe()
        return quote_download(
            request, _reader(request), params.filters(), fmt, title, missing=BadRequest
        )
    return _page(request, "search.html", views.search(_reader(request), params), fmt)


@pages.get("/entities", response_class=HTMLResponse)
async def entities_page(
    request: Request,
    q: Text = None,
    page: PageNo = 1,
    size: PageSize = 50,
    fmt: Fmt = None,
    type: EntityType = None,  # noqa: A002 - the query parameter's name
    order: EntityOrder = None,
) -> Response:
    if fmt in QUOTE_FORMATS:  # the whole list (to a bound), not this page of it
        data = views.entities(_reader(request), q, 1, DOWNLOAD_ENTITIES, type, order)
        return table_download(data["entities"], fmt, ENTITY_FIELDS, "entities")
    data = views.entities(_reader(request), q, page, size, type, order)
    return _page(request, "entities.html", data, fmt)


EntityList = Annotated[
    str | None,
    Query(
        alias="list",
        pattern="^(by|about)?$",
        description="with format=csv|jsonl|atom: the quotes by the entity (default) or about it",
    ),
]


@pages.get("/entity/{entity_id}", response_class=HTMLResponse)
async def entity_page(
    request: Request,
    entity_id: Id,
    page: PageNo = 1,
    size: PageSize = PAGE_SIZE,
    fmt: Fmt = None,
    which: EntityList = None,
    apage: PageNo = 1,
    with_: With = None,
    period: Period = "month",
) -> Response:
    if fmt in QUOTE_FORMATS:
        reader = _reader(request)
        e = views.entity_head(reader, entity_id)
        role = "about" if which == "about" else "speaker"
        title = f"{'quotes about' if role == 'about' else 'quotes by'} {e['name']}"
        return quote_download(request, reader, {role: e["id"]}, fmt, title)
    data = views.entity(_reader(request), entity_id, page, size, apage, with_, period)
    return _page(request, "entity.html", data, fmt)


COMPARE_FIELDS = ["period", "label", "kind", "value", "n", "total", "share"]


@pages.get("/compare", response_class=HTMLResponse)
async def compare_page(
    request: Request,
    e: Names = None,
    t: Names = None,
    period: Period = "month",
    fmt: Fmt = None,
) -> Response:
    data = views.compare(_reader(request), e or [], t or [], period)
    if fmt in QUOTE_FORMATS:
        rows = [
            {**r, "label": s["label"], "kind": s["kind"], "value": s["value"]}
            for s in data["series"]
            for r in s["rows"]
        ]
        return table_download(rows, fmt, COMPARE_FIELDS, "compare")
    return _page(request, "compare.html", data, fmt)


@pages.get("/article/{article_id:path}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: Id, fmt: Fmt = None) -> Response:
    return _page(request, "article.html", views.article(_reader(request), article_id), fmt)
