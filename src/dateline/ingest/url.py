"""http(s) sources: fetch a page or feed politely, within limits, then read it like a file.

Limits: a timeout (setting ``fetch_timeout``), a size cap (``max_page_bytes``),
at most :data:`MAX_REDIRECTS` redirects and only to http(s). Every request
names itself with :data:`USER_AGENT`. A failure is an :class:`ItemError` whose
reason the reader reports; nothing is retried.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from dateline import __version__, settings
from dateline.errors import ItemError

USER_AGENT = f"Dateline/{__version__} (+docs/ingest.md)"
MAX_REDIRECTS = 5
#: Content types and the reader each one goes to; anything else is sniffed like a file.
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/feed+json": "feed",
    "application/warc": "warc",
    "text/plain": "text",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
}


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    format: str | None  # from the Content-Type, when it names one


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise urllib.error.HTTPError(newurl, code, "redirect to a non-http(s) URL", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # No proxy handler from the environment: a source URL goes where it says.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _Redirects())


def fetch(url: str, *, timeout: float | None = None, max_bytes: int | None = None) -> Fetched:
    """GET ``url``; raise :class:`ItemError` on a network error, bad status or oversize body."""
    timeout = timeout if timeout is not None else float(settings.get("fetch_timeout"))
    max_bytes = max_bytes if max_bytes is not None else int(settings.get("max_page_bytes"))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ItemError(url, f"response is {int(length):,} bytes, over {max_bytes:,}")
            data = response.read(max_bytes + 1)
            final_url = response.geturl()
            content_type = _content_type(response.headers)
    except urllib.error.HTTPError as err:
        if err.code in (301, 302, 303, 307, 308):
            raise ItemError(url, f"too many or bad redirects ({err.reason})") from err
        raise ItemError(url, f"HTTP {err.code} {err.reason}") from err
    except urllib.error.URLError as err:
        raise ItemError(url, f"cannot fetch ({err.reason})") from err
    except (TimeoutError, OSError, ValueError) as err:
        raise ItemError(url, f"cannot fetch ({type(err).__name__}: {err})") from err
    if len(data) > max_bytes:
        raise ItemError(url, f"response is over {max_bytes:,} bytes")
    return Fetched(final_url, data, CONTENT_TYPES.get(content_type))


def _content_type(headers: Message) -> str:
    return (headers.get_content_type() or "").lower()
