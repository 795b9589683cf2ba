"""The FastAPI application: ``create_app(db_url)`` serves a knowledge base read-only.

Pages are Jinja2 templates; each has a JSON twin under ``/api/`` (listed in ``/openapi.json``)
built by the same view function, so the page and the API cannot disagree. Scripts and styles
are served from the package (``web/static``); the Content-Security-Policy allows nothing else,
which also keeps any markup that slipped into an article from running.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import anyio
import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from dateline import __version__, settings
from dateline.web import errors
from dateline.web.attention import attention_svg, attention_table
from dateline.web.cache import PageCache, store_version
from dateline.web.cards import card_html, cards_html, quote_list_html
from dateline.web.limits import VIEW_THREADS
from dateline.web.reads import Reader
from dateline.web.render import article_html, visible_controls
from dateline.web.timeline import entity_chart

HERE = Path(str(resources.files("dateline.web")))

#: Sent with every response: only Dateline's own scripts, styles and images; no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


#: The attributes of a dict (``items``, ``values``, ``get``…): for these a template's
#: ``d.name`` is the dict's method, as Jinja has it.
_DICT_ATTRIBUTES = frozenset(dir(dict))


def dict_first_getattr(environment_getattr):
    """Jinja's ``environment.getattr`` (a template's ``x.name``) with a fast path for a dict:
    Jinja tries ``getattr(x, "name")`` first and takes ``x["name"]`` after the
    AttributeError, an exception a lookup; the views' dicts are read by key at once
    unless the name is a dict attribute. The value is the same either way."""

    def getattr_(obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return environment_getattr(obj, attribute)

    return getattr_


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response (a plain ASGI middleware: cheap)."""

    def __init__(self, app) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """Answers HEAD like GET without the body (the status and headers of the GET), for
    every route at once: the routes themselves declare GET only."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body"):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def create_app(
    db_url: str | Path, *, reader: Reader | None = None, cache: bool | None = None
) -> FastAPI:
    """The web application over the knowledge base at ``db_url`` (opened read-only).

    The store is opened once here, so a missing or outdated store fails at start-up with
    the store's own message rather than on the first request. ``cache``: keep and replay
    unchanged pages (``dateline.web.cache``); default: the ``web_cache`` setting.
    """
    if cache is None:
        cache = bool(int(settings.get("web_cache")))
    reader = reader or Reader(str(db_url))

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # the thread pool that reads downloads (and static files): see limits.VIEW_THREADS
        anyio.to_thread.current_default_thread_limiter().total_tokens = VIEW_THREADS
        yield
        reader.close()

    app = FastAPI(
        title="Dateline",
        version=__version__,
        summary="Who said what, about whom, where and when: a read-only knowledge base.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI loads its scripts from a CDN: /openapi.json only
        redoc_url=None,
    )
    app.state.reader = reader
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.auto_reload = False  # packaged templates do not change: no stat a page
    templates.env.finalize = visible_controls  # no raw NUL or other control in any page
    templates.env.getattr = dict_first_getattr(templates.env.getattr)
    templates.env.globals.update(
        version=__version__,
        render_article=article_html,
        chart=entity_chart,
        attention_chart=attention_svg,
        attention_rows=attention_table,
        claim_card=card_html,
        claim_cards=cards_html,
        quote_list=quote_list_html,
    )
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    if cache:
        app.add_middleware(PageCache, version=store_version(str(db_url)))
    app.add_middleware(SecurityHeaders)  # added late: outside the cache, so replayed pages get it
    app.add_middleware(HeadAsGet)  # outermost: HEAD is a GET to everything inside
    errors.install(app, templates)
    from dateline.web.routes import api, pages

    app.include_router(api)
    app.include_router(pages)
    return app


def app_from_settings() -> FastAPI:
    """The app over the ``db`` setting (``DATELINE_DB``): the factory each worker process of
    ``dateline serve --workers N`` calls."""
    return create_app(str(settings.get("db")))


__all__ = ["app_from_settings", "create_app"]
