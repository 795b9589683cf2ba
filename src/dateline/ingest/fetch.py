"""Fetching http(s) sources under one policy: every reader that fetches goes through here.

The policy (:class:`FetchPolicy`, from the settings ``fetch_timeout``,
``max_page_bytes`` and ``max_redirects``):

* a **total deadline** for the whole fetch — connecting, every redirect, the
  headers and the body — not a timeout per read: a server that drips one byte a
  second is cut off at the deadline, and nothing it sent is kept;
* a **byte cap** on the body (a declared ``Content-Length`` over it is refused
  before reading; a body that grows past it is cut off);
* at most ``max_redirects`` redirects, each only to http(s);
* only ``http``/``https`` URLs with a host; a malformed URL (``http://[::1``) is
  refused before any connection;
* no proxy from the environment (a source URL goes where it says), no content
  encoding (bytes arrive as the server stores them), the user agent
  :data:`USER_AGENT`.

A failure is an :class:`ItemError` whose reason is one line; nothing is retried.
The policy is plain data so that an asynchronous fetcher can apply the same rules.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass, replace
from urllib.parse import SplitResult, urljoin, urlsplit

from dateline import __version__, settings
from dateline.errors import ItemError

USER_AGENT = f"Dateline/{__version__} (+docs/ingest.md)"
SCHEMES = ("http", "https")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Bytes asked of the socket at a time; the deadline is checked between reads.
CHUNK = 64 * 1024
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


@dataclass(frozen=True)
class FetchPolicy:
    """The limits of one fetch."""

    deadline: float  # seconds for the whole fetch
    max_bytes: int
    max_redirects: int
    schemes: tuple[str, ...] = SCHEMES
    user_agent: str = USER_AGENT

    @classmethod
    def from_settings(cls) -> FetchPolicy:
        return cls(
            deadline=float(settings.get("fetch_timeout")),
            max_bytes=int(settings.get("max_page_bytes")),
            max_redirects=int(settings.get("max_redirects")),
        )


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    format: str | None  # from the Content-Type, when it names one


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def check_url(url: str, schemes: tuple[str, ...] = SCHEMES) -> SplitResult:
    """The parts of ``url``; :class:`ItemError` if it is malformed or not http(s)."""
    if any(ord(c) < 33 or ord(c) == 127 for c in url):
        raise ItemError(url, "malformed URL (white space or control characters)")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what raises for a bad one
    except ValueError as err:
        raise ItemError(url, f"malformed URL ({err})") from err
    if parts.scheme.lower() not in schemes:
        raise ItemError(url, f"not an {'/'.join(schemes)} URL")
    if not parts.hostname:
        raise ItemError(url, "malformed URL (no host)")
    return parts


def fetch(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    policy: FetchPolicy | None = None,
) -> Fetched:
    """GET ``url`` under ``policy`` (the settings' by default; ``timeout`` and
    ``max_bytes`` override its deadline and cap). Raise :class:`ItemError` on a
    malformed URL, a network error, a bad status, an oversize body or the deadline."""
    policy = policy or FetchPolicy.from_settings()
    if timeout is not None:
        policy = replace(policy, deadline=timeout)
    if max_bytes is not None:
        policy = replace(policy, max_bytes=max_bytes)
    deadline = time.monotonic() + policy.deadline
    current = url
    for _ in range(policy.max_redirects + 1):
        try:
            parts = check_url(current, policy.schemes)
        except ItemError as err:
            if current == url:
                raise
            raise ItemError(url, f"redirect to a bad URL: {err.reason}") from err
        status, location, data, content_type = _get(url, parts, policy, deadline)
        if status not in REDIRECT_STATUSES:
            return Fetched(current, data, CONTENT_TYPES.get(content_type))
        if not location:
            raise ItemError(url, f"HTTP {status} redirect with no Location")
        current = urljoin(current, location.strip())
    raise ItemError(url, f"too many redirects (more than {policy.max_redirects})")


def _get(
    url: str, parts: SplitResult, policy: FetchPolicy, deadline: float
) -> tuple[int, str | None, bytes, str]:
    """One request: ``(status, Location, body, content type)``; the body only for 2xx."""
    conn = _connection(parts, _remaining(url, policy, deadline))
    # The deadline holds even while a read blocks: a timer shuts the socket at that moment.
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _shut, (conn,))
    watchdog.daemon = True
    watchdog.start()
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn.request(
            "GET",
            path,
            headers={
                "User-Agent": policy.user_agent,
                "Accept": "*/*",
                "Accept-Encoding": "identity",
                "Connection": "close",
            },
        )
        response = conn.getresponse()
        if response.status in REDIRECT_STATUSES:
            return response.status, response.getheader("Location"), b"", ""
        if not 200 <= response.status < 300:
            raise ItemError(url, f"HTTP {response.status} {response.reason}".strip())
        length = response.getheader("Content-Length") or ""
        if length.isdigit() and int(length) > policy.max_bytes:
            raise ItemError(url, f"response is {int(length):,} bytes, over {policy.max_bytes:,}")
        body = bytearray()
        while True:
            if conn.sock is not None:
                conn.sock.settimeout(_remaining(url, policy, deadline))
            chunk = response.read1(CHUNK)
            _remaining(url, policy, deadline)  # a body finished late is no body
            if not chunk:
                break
            body += chunk
            if len(body) > policy.max_bytes:
                raise ItemError(url, f"response is over {policy.max_bytes:,} bytes")
        if length.isdigit() and len(body) < int(length):
            # A body cut short is no body, like one cut off by the deadline.
            raise ItemError(url, f"connection closed after {len(body):,} of {int(length):,} bytes")
        content_type = (response.headers.get_content_type() or "").lower()
        return response.status, None, bytes(body), content_type
    except ItemError:
        raise
    except (OSError, http.client.HTTPException, ValueError) as err:
        _remaining(url, policy, deadline)  # a socket shut by the watchdog is the deadline
        raise ItemError(url, f"cannot fetch ({type(err).__name__}: {err})") from err
    finally:
        watchdog.cancel()
        conn.close()


def _connection(parts: SplitResult, timeout: float) -> http.client.HTTPConnection:
    https = parts.scheme.lower() == "https"
    # An explicit port, so that an IPv6 host ("::1") is not split at its last colon.
    host, port = parts.hostname or "", parts.port or (443 if https else 80)
    if https:
        context = ssl.create_default_context()
        return http.client.HTTPSConnection(host, port, timeout=timeout, context=context)
    return http.client.HTTPConnection(host, port, timeout=timeout)


def _remaining(url: str, policy: FetchPolicy, deadline: float) -> float:
    """Seconds left before the deadline; :class:`ItemError` when none are."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise ItemError(
            url, f"timed out: no complete response within {policy.deadline:g} s (fetch_timeout)"
        )
    return left


def _shut(conn: http.client.HTTPConnection) -> None:
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)
