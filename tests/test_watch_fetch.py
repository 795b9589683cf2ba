"""The polite fetcher against a local server: caps, deadlines, addresses, manners."""

from __future__ import annotations

import asyncio
import ipaddress
import time

import pytest

from dateline.errors import ItemError
from dateline.ingest.addresses import AddressRefused, AllowList, is_public
from dateline.ingest.fetch import FetchPolicy
from dateline.ingest.polite import (
    HTTPStatusError,
    PoliteFetcher,
    Politeness,
    RobotsDisallowed,
    retry_after,
)
from watch_helpers import Route, Server, gzip_bomb, gzipped, rss

LOCAL = AllowList.parse(["127.0.0.1"])
#: 256 MB of zeros in a quarter of a megabyte of gzip.
BOMB = Route(gzip_bomb(), headers={"Content-Encoding": "gzip"})
POLICY = FetchPolicy(deadline=3.0, max_bytes=1_000_000, max_redirects=3)


def fetch(url: str, *, allow=LOCAL, policy=POLICY, delay=0.0, **kwargs):
    async def go():
        manners = Politeness(host_delay=delay, allow=allow, contact="ops@example.org")
        async with PoliteFetcher(policy, manners) as fetcher:
            return await fetcher.get(url, **kwargs)

    return asyncio.run(go())


@pytest.fixture()
def server():
    with Server("127.0.0.1") as s:
        yield s


def test_conditional_get_etag_and_last_modified(server):
    server.routes["/feed"] = Route(
        rss([]), etag='"v1"', last_modified="Tue, 14 Nov 2023 22:13:20 GMT"
    )
    first = fetch(server.url("/feed"))
    assert first.status == 200 and first.format == "feed" and first.etag == '"v1"'
    again = fetch(server.url("/feed"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.data == b""
    sent = server.hits[-1].headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Tue, 14 Nov 2023 22:13:20 GMT"
    server.routes["/feed"] = Route(rss([]), etag='"v2"')
    changed = fetch(server.url("/feed"), etag='"v1"')
    assert changed.status == 200 and changed.etag == '"v2"'


def test_user_agent_names_dateline_and_the_contact(server):
    server.routes["/feed"] = Route(rss([]))
    fetch(server.url("/feed"))
    agent = server.hits[-1].headers["User-Agent"]
    assert agent.startswith("Dateline/") and "ops@example.org" in agent


def test_gzip_body_is_inflated(server):
    server.routes["/feed"] = Route(gzipped(rss([])), headers={"Content-Encoding": "gzip"})
    assert fetch(server.url("/feed")).data == rss([])


@pytest.mark.parametrize(
    ("route", "error", "reason"),
    [
        (Route(b"oops", status=500), HTTPStatusError, "HTTP 500"),
        (Route(b"gone", status=404), HTTPStatusError, "HTTP 404"),
        (BOMB, ItemError, "inflates to over 1,000,000 bytes"),
        (Route(special="huge"), ItemError, "over 1,000,000 bytes"),
        (Route(b"x" * 2_000_000), ItemError, "2,000,000 bytes, over 1,000,000"),
        (
            Route(b"x", headers={"Content-Encoding": "br"}),
            ItemError,
            "unsupported Content-Encoding",
        ),
        (Route(b"not gzip", headers={"Content-Encoding": "gzip"}), ItemError, "corrupt gzip"),
    ],
    ids=["500", "404", "gzip-bomb", "2GB-stream", "declared-too-big", "brotli", "bad-gzip"],
)
def test_bad_responses_are_one_line_errors(server, route, error, reason):
    server.routes["/bad"] = route
    started = time.monotonic()
    with pytest.raises(error) as caught:
        fetch(server.url("/bad"))
    assert reason in caught.value.reason
    assert time.monotonic() - started < POLICY.deadline + 1


def test_hanging_server_is_cut_at_the_total_deadline(server):
    server.routes["/hang"] = Route(special="hang")
    started = time.monotonic()
    with pytest.raises(ItemError, match="timed out"):
        fetch(
            server.url("/hang"), policy=FetchPolicy(deadline=0.5, max_bytes=1000, max_redirects=1)
        )
    assert 0.4 < time.monotonic() - started < 2.0


def test_redirect_loop_is_capped(server):
    server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(ItemError, match="too many redirects"):
        fetch(server.url("/a"))
    assert len([p for p in server.paths() if p in ("/a", "/b")]) == POLICY.max_redirects + 1


def test_redirect_followed_and_validators_not_carried(server):
    server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Route(rss([]), etag='"n"')
    got = fetch(server.url("/old"), etag='"stale"')
    assert got.url.endswith("/new") and got.status == 200
    assert "If-None-Match" not in server.hits[-1].headers


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "http://[::1"], ids=str
)
def test_redirect_to_a_bad_scheme_or_url_is_refused(server, location):
    server.routes["/r"] = Route(status=302, headers={"Location": location})
    with pytest.raises(ItemError, match="redirect to a bad URL"):
        fetch(server.url("/r"))


def test_loopback_refused_unless_allowed_by_name(server):
    server.routes["/feed"] = Route(rss([]))
    with pytest.raises(AddressRefused, match="loopback"):
        fetch(server.url("/feed"), allow=AllowList())
    assert server.hits == []  # refused before any connection


def test_redirect_to_a_host_not_allowed_is_refused():
    with Server("127.0.0.1") as allowed, Server("127.0.0.2") as other:
        other.routes["/secret"] = Route(b"internal")
        allowed.routes["/r"] = Route(status=302, headers={"Location": other.url("/secret")})
        with pytest.raises(AddressRefused, match="127.0.0.2"):
            fetch(allowed.url("/r"))
        assert other.hits == []


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # the cloud metadata address
        ("0.0.0.0", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("224.0.0.1", False),
        ("93.184.216.34", True),
        ("2606:4700::1111", True),
    ],
)
def test_which_addresses_are_public(address, public):
    assert is_public(ipaddress.ip_address(address)) is public


def test_allow_list_names_and_networks():
    allow = AllowList.parse(["LocalHost", "[::1]", "127.0.0.0/8"])
    assert allow.allows("localhost", ipaddress.ip_address("127.0.0.1"))
    assert allow.allows("::1", ipaddress.ip_address("::1"))
    assert allow.allows("anything", ipaddress.ip_address("127.3.4.5"))
    assert not allow.allows("anything", ipaddress.ip_address("10.0.0.1"))
    with pytest.raises(ValueError, match="not a network"):
        AllowList.parse(["10.0.0.0/99"])


PRIVATE = b"User-agent: *\nDisallow: /private/\n"


@pytest.mark.parametrize(
    ("robots", "path", "allowed"),
    [
        (Route(PRIVATE, content_type="text/plain"), "/private/x", False),
        (Route(PRIVATE, content_type="text/plain"), "/feed", True),
        (Route(b"User-agent: Dateline\nDisallow: /\n", content_type="text/plain"), "/feed", False),
        (Route(b"nope", status=404), "/feed", True),  # no robots.txt: all allowed
    ],
    ids=["disallowed-path", "other-path", "our-agent-banned", "missing"],
)  # fmt: skip
def test_robots_txt_is_honoured(server, robots, path, allowed):
    server.routes["/robots.txt"] = robots
    server.routes[path] = Route(rss([]))
    if allowed:
        assert fetch(server.url(path)).status == 200
    else:
        with pytest.raises(RobotsDisallowed):
            fetch(server.url(path))
        assert path not in server.paths()
    assert server.paths().count("/robots.txt") == 1


def test_a_robots_txt_that_cannot_be_read_stops_the_host_for_now(server):
    server.routes["/robots.txt"] = Route(b"down", status=503)
    server.routes["/feed"] = Route(rss([]))
    with pytest.raises(ItemError, match=r"robots.txt cannot be read \(HTTP 503") as caught:
        fetch(server.url("/feed"))
    assert not isinstance(caught.value, RobotsDisallowed)  # not for good: asked again later
    assert "/feed" not in server.paths()


def test_per_host_delay_and_crawl_delay(server):
    for n in range(3):
        server.routes[f"/p{n}"] = Route(b"x", content_type="text/plain")

    async def go(delay):
        manners = Politeness(host_delay=delay, allow=LOCAL)
        async with PoliteFetcher(POLICY, manners) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url(f"/p{n}")) for n in range(3)))

    asyncio.run(go(0.5))
    times = sorted(h.at for h in server.hits if h.path.startswith("/p"))
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    # Seen at the server, a gap carries the jitter of connecting; the span does not add up.
    assert times[-1] - times[0] >= 0.95 and min(gaps) >= 0.3, gaps
    server.hits.clear()
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"
    )
    asyncio.run(go(0.0))
    times = sorted(h.at for h in server.hits if h.path.startswith("/p"))
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert times[-1] - times[0] >= 1.9 and min(gaps) >= 0.8, gaps  # Crawl-delay: 1 wins


def test_hosts_are_not_delayed_by_each_other():
    with Server("127.0.0.1") as a, Server("127.0.0.2") as b:
        for s in (a, b):
            s.routes["/f"] = Route(b"x", content_type="text/plain")

        async def go():
            manners = Politeness(
                host_delay=1.0, allow=AllowList.parse(["127.0.0.0/8"]), robots=False
            )
            async with PoliteFetcher(POLICY, manners) as fetcher:
                await asyncio.gather(fetcher.get(a.url("/f")), fetcher.get(b.url("/f")))

        started = time.monotonic()
        asyncio.run(go())
        assert time.monotonic() - started < 0.9


@pytest.mark.parametrize(
    ("value", "seconds"), [("120", 120.0), (None, None), ("soon", None), ("", None)]
)
def test_retry_after(value, seconds):
    assert retry_after(value) == seconds


@pytest.mark.parametrize(("connections", "least", "most"), [(1, 1.15, 3.0), (3, 0.35, 0.75)])
def test_connections_per_host_are_capped(server, connections, least, most):
    for n in range(3):
        server.routes[f"/slow{n}"] = Route(b"x", content_type="text/plain", special="slow")

    async def go():
        manners = Politeness(
            host_delay=0.0, host_connections=connections, allow=LOCAL, robots=False
        )
        async with PoliteFetcher(POLICY, manners) as fetcher:
            await asyncio.gather(*(fetcher.get(server.url(f"/slow{n}")) for n in range(3)))

    started = time.monotonic()
    asyncio.run(go())
    assert least <= time.monotonic() - started <= most


def test_memory_per_host_stays_bounded(monkeypatch):
    from dateline.ingest import polite, robots

    monkeypatch.setattr(polite, "MAX_HOSTS", 2)
    monkeypatch.setattr(robots, "MAX_HOSTS", 2)
    servers = [Server("127.0.0.1") for _ in range(5)]  # five ports: five hosts
    for s in servers:
        s.routes["/f"] = Route(b"x", content_type="text/plain")
        s.__enter__()
    try:

        async def go():
            async with PoliteFetcher(POLICY, Politeness(host_delay=0.0, allow=LOCAL)) as fetcher:
                for s in servers:
                    assert (await fetcher.get(s.url("/f"))).data == b"x"
                return len(fetcher._hosts), len(fetcher.robots._cache)

        hosts, rules = asyncio.run(go())
    finally:
        for s in servers:
            s.__exit__()
    assert hosts <= 3 and rules <= 2


def test_a_dropped_connection_is_tried_again(server):
    server.routes["/flaky"] = Route(b"fine", content_type="text/plain", special="drop_once")
    assert fetch(server.url("/flaky")).data == b"fine"
    assert server.paths().count("/flaky") == 2


def test_a_refused_connection_fails_after_its_retries():
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.monotonic()
    with pytest.raises(ItemError, match="ConnectError"):
        fetch(f"http://127.0.0.1:{port}/feed", robots=False)
    assert 0.7 <= time.monotonic() - started < POLICY.deadline  # 0.25 s + 0.5 s of pauses


@pytest.mark.parametrize(
    ("url", "address", "target"),
    [
        ("http://news.example:8080/rss?x=1", "93.184.216.34", "http://93.184.216.34:8080/rss?x=1"),
        ("http://news.example/rss", "2606:4700::1111", "http://[2606:4700::1111]/rss"),
        ("https://news.example/rss", "93.184.216.34", "https://news.example/rss"),
    ],
)
def test_plain_http_connects_to_the_address_checked(url, address, target):
    from urllib.parse import urlsplit

    from dateline.ingest.polite import _pinned

    assert _pinned(urlsplit(url), ipaddress.ip_address(address)) == target
