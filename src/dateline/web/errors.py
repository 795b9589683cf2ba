"""Exceptions mapped to HTTP statuses in one place, rendered as a page or as JSON.

A request under ``/api/`` (or with ``?format=json``) gets ``{"error": {"status", "message"}}``;
any other gets the error page. Unexpected exceptions are logged with their traceback and
answered with a plain 500 that reveals nothing of the server.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline.errors import DatelineError
from dateline.query import ArticleNotFound, InvalidQuery, UnknownEntity
from dateline.store.errors import StoreError, StoreLocked, StoreNotFound, StoreUnavailable

log = logging.getLogger("dateline.web")


class WebError(DatelineError):
    """An error a visitor caused or can act on; ``status`` is its HTTP status."""

    status = 400


class NotFound(WebError):
    """No article, entity or page by that name."""

    status = 404


class BadRequest(WebError):
    """Parameters out of range: a date that is not a date, a page past the limit."""

    status = 400


#: The one table from exception class to status; the first match in order wins.
STATUSES: tuple[tuple[type[BaseException], int], ...] = (
    (WebError, 0),  # 0: the exception's own ``status``
    (UnknownEntity, 404),
    (ArticleNotFound, 404),
    (InvalidQuery, 400),
    (StoreLocked, 503),
    (StoreUnavailable, 503),
    (StoreNotFound, 503),
    (StoreError, 500),
)

TITLES = {
    400: "Bad request",
    404: "Not found",
    405: "Method not allowed",
    422: "Bad request",
    500: "Server error",
    503: "Knowledge base unavailable",
}


def status_of(exc: BaseException) -> int:
    """The HTTP status for an exception (500 when it is not one of ours)."""
    for cls, status in STATUSES:
        if isinstance(exc, cls):
            return status or getattr(exc, "status", 500)
    return 500


def wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith("/api/")
        or request.url.path == "/openapi.json"
        or request.query_params.get("format") == "json"
    )


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else err.get("msg", ""))
    return "; ".join(parts) or "invalid parameters"


def install(app: FastAPI, templates: Jinja2Templates) -> None:
    """Register the handlers that turn exceptions into error pages and JSON errors."""

    def respond(request: Request, status: int, message: str) -> Response:
        title = TITLES.get(status, "Error")
        if wants_json(request):
            return JSONResponse(
                {"error": {"status": status, "title": title, "message": message}}, status
            )
        return templates.TemplateResponse(
            request,
            "error.html",
            {"status": status, "title": title, "message": message},
            status_code=status,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else TITLES.get(exc.status_code, "")
        if exc.status_code == 404 and message == "Not Found":
            message = f"There is no page at {request.url.path}."
        return respond(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, _validation_message(exc))

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError) -> Response:
        status = status_of(exc)
        if status >= 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return respond(request, status, str(exc) if status < 500 or status == 503 else TITLES[500])

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("%s %s failed", request.method, request.url.path)
        return respond(request, 500, "Something went wrong on the server; it has been logged.")


__all__ = ["BadRequest", "NotFound", "STATUSES", "WebError", "install", "status_of"]
