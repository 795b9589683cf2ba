"""A local web server for the watch tests: feeds, pages and every kind of bad source.

It listens on a 127.0.0.x address only (no test sends traffic outside 127.0.0.0/8),
keeps a log of the requests it got, and serves :class:`Route`\\ s that the test changes
as it goes (a feed that gains an entry, a page that is updated).
"""

from __future__ import annotations

import contextlib
import gzip
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    #: A behaviour instead of a body: "hang", "slow" (0.4 s, then the body), "huge",
    #: "drop_once" (the first request's connection closed unanswered).
    special: str | None = None


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float
    host: str


class Server:
    """``with Server("127.0.0.1") as s: s.routes["/feed"] = Route(...); s.url("/feed")``."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.routes: dict[str, Route | Callable[[], Route]] = {}
        self.hits: list[Hit] = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def handle(self) -> None:
                # A client that hangs up mid-request (a watch stopped, a deadline) is no error.
                with contextlib.suppress(OSError):
                    super().handle()

            def do_GET(self) -> None:  # noqa: N802 - the http.server name
                # The client gave up (a cap, a deadline): what the test wants.
                with contextlib.suppress(OSError):
                    self._get()

            def _get(self) -> None:
                server.hits.append(
                    Hit(self.path, dict(self.headers), time.monotonic(), server.host)
                )
                route = server.routes.get(self.path)
                if callable(route):
                    route = route()
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.special:
                    getattr(self, f"_{route.special}")(route)
                    return
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                if (route.etag and inm == route.etag) or (
                    route.last_modified and not route.etag and ims == route.last_modified
                ):
                    self.send_response(304)
                    if route.etag:
                        self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                extra = dict(route.headers)
                if route.etag:
                    extra["ETag"] = route.etag
                if route.last_modified:
                    extra["Last-Modified"] = route.last_modified
                self._send(route.status, route.body, route.content_type, extra)

            def _send(self, status, body, content_type, extra=None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            def _hang(self, route) -> None:
                server.stop.wait(30)

            def _drop_once(self, route) -> None:
                # The first request gets its connection closed with no answer; later ones
                # get the body.
                if [h.path for h in server.hits].count(self.path) == 1:
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                self._send(200, route.body, route.content_type)

            def _slow(self, route) -> None:
                server.stop.wait(0.4)
                self._send(200, route.body, route.content_type)

            def _huge(self, route) -> None:
                # 2 GB announced by no Content-Length: streamed, never built in memory.
                self.send_response(200)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<rss>" + b"x" * (1 << 20)
                try:
                    for _ in range(2048):
                        if server.stop.is_set():
                            return
                        self.wfile.write(chunk)
                except OSError:
                    return

            def _bomb(self, route) -> None:
                self._send(
                    200,
                    gzip_bomb(),
                    route.content_type,
                    {"Content-Encoding": "gzip"},
                )

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


_BOMB: bytes | None = None


def gzip_bomb(inflated: int = 1 << 28) -> bytes:
    """~256 KB of gzip that inflates to ``inflated`` bytes of zeros (made once, streamed)."""
    global _BOMB
    if _BOMB is None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b"\0" * (1 << 20)
        parts = [compressor.compress(block) for _ in range(inflated >> 20)]
        parts.append(compressor.flush())
        _BOMB = b"".join(parts)
    return _BOMB


#: A gzip bomb as a route: 256 MB of zeros sent as ~256 KB of gzip.
BOMB_ROUTE = Route(gzip_bomb(), headers={"Content-Encoding": "gzip"})


def rss(items: list[dict], title: str = "Local wire") -> bytes:
    """An RSS 2.0 feed of ``items`` (keys: title, link, description, content, pubDate, guid)."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
        f"<channel><title>{title}</title><link>http://127.0.0.1/</link>",
    ]
    for item in items:
        out.append("<item>")
        for key in ("title", "link", "guid"):
            if item.get(key):
                out.append(f"<{key}>{item[key]}</{key}>")
        out.append(f"<pubDate>{item.get('pubDate') or formatdate(1_700_000_000)}</pubDate>")
        if item.get("description"):
            out.append(f"<description><![CDATA[{item['description']}]]></description>")
        if item.get("content"):
            out.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        out.append("</item>")
    out.append("</channel></rss>")
    return "\n".join(out).encode()


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)
