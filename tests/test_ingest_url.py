"""http(s) sources, against a server the tests start on 127.0.0.1 (never any other address)."""

from __future__ import annotations

import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dateline import __version__, settings
from dateline.errors import ItemError
from dateline.ingest import ReadOptions, Report, read_sources
from dateline.ingest.fetch import USER_AGENT, fetch
from test_ingest_feeds import rss
from test_ingest_html import page_html


class Site(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    agents: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        Site.agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
        if self.path.startswith("/loop"):
            n = int(self.path.removeprefix("/loop") or 0)
            return self._send(302, "text/plain", b"", {"Location": f"/loop{n + 1}"})
        if self.path == "/hop":
            return self._send(301, "text/plain", b"", {"Location": "/story"})
        if self.path == "/to-file":
            return self._send(302, "text/plain", b"", {"Location": "file:///etc/passwd"})
        status, ctype, body = Site.routes.get(self.path, (404, "text/plain", b"not found"))
        self._send(status, ctype, body)

    def _send(self, status, ctype, body, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep test output quiet
        pass


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that timed out and hung up is what the slow route is for


@pytest.fixture(scope="module")
def news(sample_articles):
    return [a for a in sample_articles if a.get("genre") == "news" and len(a["text"]) > 1500][:3]


@pytest.fixture(scope="module")
def site(news):
    Site.routes = {
        "/story": (200, "text/html; charset=utf-8", page_html(news[0]).encode("utf-8")),
        "/feed": (200, "application/rss+xml", rss(news).encode("utf-8")),
        "/feed.xml": (200, "text/xml", rss(news).encode("utf-8")),
        "/big": (200, "text/html", b"<html>" + b"x" * 50_000 + b"</html>"),
    }
    server = QuietServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def read(sources, **opts):
    report = Report()
    articles = list(read_sources(sources, ReadOptions(**opts), report))
    return articles, report


def test_page_url_is_read_like_a_file(site, news):
    (article,), report = read([f"{site}/story"])
    assert article.title == news[0]["title"] and article.published == news[0]["date"]
    assert article.url == news[0]["url"]  # the page's canonical link
    assert article.origin == f"{site}/story"
    assert report.read == 1


@pytest.mark.parametrize("path", ["/feed", "/feed.xml"])
def test_feed_url(site, news, path):
    articles, _ = read([site + path])
    assert [a.title for a in articles] == [news[0]["title"], news[1]["title"]]


def test_user_agent_names_dateline(site):
    Site.agents.clear()
    fetch(f"{site}/story")
    assert Site.agents == [USER_AGENT]
    assert USER_AGENT.startswith(f"Dateline/{__version__} (+")


def test_redirect_is_followed(site, news):
    fetched = fetch(f"{site}/hop")
    assert fetched.url == f"{site}/story" and fetched.format == "html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/loop", "redirect"),
        ("/to-file", "redirect to a bad URL: not an http/https URL"),
        ("/missing", "HTTP 404"),
    ],
)
def test_bad_urls_raise_item_errors(site, path, reason):
    with pytest.raises(ItemError, match=re.escape(reason)):
        fetch(site + path)


def test_redirects_are_bounded(site):
    Site.agents.clear()
    with pytest.raises(ItemError):
        fetch(f"{site}/loop")
    assert len(Site.agents) == int(settings.get("max_redirects")) + 1


def test_timeout_and_size_limit(site, monkeypatch):
    with pytest.raises(ItemError, match="timed out"):
        fetch(f"{site}/slow", timeout=1)
    with pytest.raises(ItemError, match="over 1,000"):
        fetch(f"{site}/big", max_bytes=1000)


def test_failed_urls_are_skipped_and_the_batch_goes_on(site, news, monkeypatch, caplog):
    monkeypatch.setenv("DATELINE_FETCH_TIMEOUT", "1")
    articles, report = read([f"{site}/missing", f"{site}/slow", f"{site}/story"])
    assert [a.title for a in articles] == [news[0]["title"]]
    assert report.skipped == {"fetch failed": 2}
    assert f"{site}/missing" in caplog.text and "HTTP 404" in caplog.text
