"""The asynchronous, polite fetcher that ``dateline watch`` polls with.

The same limits as :mod:`dateline.ingest.fetch` (:class:`FetchPolicy`: one total
deadline per fetch, redirects included; a byte cap; at most ``max_redirects``
redirects, each only to http(s); malformed URLs refused), and the manners of a
crawler that visits the same hosts all day:

* **conditional GET**: the caller passes the ETag and Last-Modified it holds, and a
  ``304 Not Modified`` comes back as such, with no body to parse;
* **one host at a time, gently**: a host is its scheme, name and port; requests to
  one host start at least ``host_delay`` seconds apart (longer if its robots.txt
  asks with ``Crawl-delay``) and at most ``host_connections`` run at once;
* **robots.txt** honoured (:mod:`dateline.ingest.robots`);
* a **User-Agent** that names Dateline and, when set, a contact address;
* **compressed bodies** inflated here, step by step, with the byte cap on the
  inflated size as well as on the bytes received: a gzip bomb stops at the cap;
* **no internal addresses**: every host, the first and each redirect's, is resolved
  and refused if not public unless allowed (:mod:`dateline.ingest.addresses`); plain
  http connects to the address checked (see :func:`_pinned` for https).

One :class:`PoliteFetcher` is one event loop's connection pool (httpx, connections
reused). A failure is an :class:`ItemError` with a one-line reason.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import SplitResult, urljoin

import httpx

from dateline import __version__, settings
from dateline.errors import ItemError
from dateline.ingest.addresses import AllowList, resolve
from dateline.ingest.fetch import CONTENT_TYPES, REDIRECT_STATUSES, FetchPolicy, check_url
from dateline.ingest.hosts import HostKey, HTTPStatusError, host_key
from dateline.ingest.robots import Robots, RobotsDisallowed

__all__ = ["HTTPStatusError", "PoliteFetcher", "Politeness", "Response", "RobotsDisallowed"]


def user_agent(contact: str | None) -> str:
    """``Dateline/<version> (+docs/watch.md; contact)``: who is fetching and how to reach them."""
    extra = f"; {contact}" if contact else ""
    return f"Dateline/{__version__} (+docs/watch.md{extra})"


@dataclass(frozen=True)
class Politeness:
    """How a long-running poller treats the hosts it visits."""

    host_delay: float = 1.0  # seconds between the starts of two requests to one host
    host_connections: int = 2  # requests in flight to one host at most
    contact: str | None = None
    allow: AllowList = field(default_factory=AllowList)
    robots: bool = True
    retries: int = 2  # more tries of a request whose connection failed before any answer

    @classmethod
    def from_settings(
        cls, allow: AllowList | None = None, contact: str | None = None
    ) -> Politeness:
        return cls(
            host_delay=float(settings.get("host_delay")),
            host_connections=max(1, int(settings.get("host_connections"))),
            contact=contact or str(settings.get("contact") or "") or None,
            allow=allow or AllowList(),
        )


@dataclass(frozen=True)
class Response:
    """What one polite GET returned. ``not_modified``: a 304; ``data`` is then empty."""

    url: str  # after redirects
    status: int
    data: bytes
    format: str | None  # the reader its Content-Type names, if any
    content_type: str
    etag: str | None
    last_modified: str | None
    retry_after: float | None = None  # seconds, from a 429/503's Retry-After

    @property
    def not_modified(self) -> bool:
        return self.status == 304


#: Hosts remembered at most; past it, idle hosts are forgotten (weeks of entries linking
#: to ever more hosts must not grow memory). A forgotten host only loses its gap timer.
MAX_HOSTS = 10_000
#: The pause before the first retry of a failed connection; it doubles each time.
RETRY_PAUSE_S = 0.25


@dataclass
class _Host:
    slots: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    next_at: float = 0.0
    delay: float = 0.0
    users: int = 0  # requests waiting for or holding this host


class PoliteFetcher:
    """Polite GETs from one event loop. Use as ``async with PoliteFetcher(...) as f``."""

    def __init__(
        self, policy: FetchPolicy | None = None, manners: Politeness | None = None
    ) -> None:
        self.policy = policy or FetchPolicy.from_settings()
        self.manners = manners or Politeness()
        self.policy = replace(self.policy, user_agent=user_agent(self.manners.contact))
        self._hosts: dict[HostKey, _Host] = {}
        self._client: httpx.AsyncClient | None = None
        self.robots = Robots(self.get, self.set_crawl_delay)
        #: requests sent, and the bytes their bodies took on the wire (for the benchmark)
        self.requests = 0

    async def __aenter__(self) -> PoliteFetcher:
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            trust_env=False,  # a source URL goes where it says, never via an env proxy
            timeout=httpx.Timeout(self.policy.deadline),
            limits=httpx.Limits(max_connections=None, max_keepalive_connections=200),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def set_crawl_delay(self, key: HostKey, seconds: float) -> None:
        self._host(key).delay = max(0.0, seconds)

    def _host(self, key: HostKey) -> _Host:
        host = self._hosts.get(key)
        if host is None:
            if len(self._hosts) >= MAX_HOSTS:
                self._forget_idle_hosts()
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.manners.host_connections))
        return host

    def _forget_idle_hosts(self) -> None:
        now = time.monotonic()
        for key in [k for k, h in self._hosts.items() if not h.users and h.next_at < now]:
            del self._hosts[key]

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        robots: bool = True,
    ) -> Response:
        """GET ``url`` politely within the policy's total deadline (see the module doc)."""
        policy = self.policy if max_bytes is None else replace(self.policy, max_bytes=max_bytes)
        try:
            async with asyncio.timeout(policy.deadline):
                return await self._get(url, etag, last_modified, policy, robots)
        except TimeoutError:
            raise ItemError(
                url,
                f"timed out: no complete response within {policy.deadline:g} s (fetch_timeout)",
            ) from None

    async def _get(
        self,
        url: str,
        etag: str | None,
        last_modified: str | None,
        policy: FetchPolicy,
        use_robots: bool,
    ) -> Response:
        current = url
        for hop in range(policy.max_redirects + 1):
            try:
                parts = check_url(current, policy.schemes)
            except ItemError as err:
                if hop == 0:
                    raise
                raise ItemError(url, f"redirect to a bad URL: {err.reason}") from err
            if use_robots and self.manners.robots:
                await self.robots.check(current)
            # Validators belong to the URL they came from, not to a redirect's target.
            validators = (etag, last_modified) if hop == 0 else (None, None)
            response = await self._one(current, parts, policy, *validators)
            if response.status not in REDIRECT_STATUSES:
                return response
            location = response.data.decode("utf-8", "replace")
            if not location:
                raise ItemError(url, f"HTTP {response.status} redirect with no Location")
            current = urljoin(current, location.strip())
        raise ItemError(url, f"too many redirects (more than {policy.max_redirects})")

    async def _one(
        self,
        url: str,
        parts: SplitResult,
        policy: FetchPolicy,
        etag: str | None,
        last_modified: str | None,
    ) -> Response:
        """One request to one host, in its turn; a redirect's Location comes back as data."""
        assert self._client is not None, "use PoliteFetcher in 'async with'"
        key = host_key(parts)
        address = await resolve(url, parts.hostname or "", key[2], self.manners.allow)
        host = self._host(key)
        host.users += 1
        try:
            async with host.slots:
                async with host.lock:
                    wait = host.next_at - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    host.next_at = time.monotonic() + max(self.manners.host_delay, host.delay)
                return await self._send(url, parts, address, policy, etag, last_modified)
        finally:
            host.users -= 1

    async def _send(
        self,
        url: str,
        parts: SplitResult,
        address: object,
        policy: FetchPolicy,
        etag: str | None,
        last_modified: str | None,
    ) -> Response:
        assert self._client is not None
        headers = {
            "User-Agent": policy.user_agent,
            "Accept": "application/rss+xml, application/atom+xml, application/feed+json, "
            "application/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
            "Host": parts.netloc.rsplit("@", 1)[-1],
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        target = _pinned(parts, address)
        request = self._client.build_request("GET", target, headers=headers)
        self.requests += 1
        attempt = 0
        while True:
            try:
                response = await self._client.send(request, stream=True)
                break
            except httpx.RemoteProtocolError as err:
                if "location header" in str(err).lower():  # httpx parses a redirect's target
                    raise ItemError(url, f"redirect to a bad URL: {err}") from err
                failure: httpx.HTTPError = err
            except (httpx.ConnectError, httpx.ReadError, httpx.WriteError) as err:
                failure = err
            except httpx.HTTPError as err:
                raise ItemError(url, f"cannot fetch ({type(err).__name__}: {err})") from err
            # A connection refused or dropped before any answer (a kept-alive connection the
            # server closed, a restart) is tried again, after a pause that doubles, within
            # the deadline; what fails on every try is the poll's failure, backed off.
            if attempt >= self.manners.retries:
                reason = f"cannot fetch ({type(failure).__name__}: {failure})"
                raise ItemError(url, reason) from failure
            await asyncio.sleep(RETRY_PAUSE_S * 2**attempt)
            attempt += 1
            self.requests += 1
        try:
            return await self._read(url, response, policy)
        except httpx.HTTPError as err:
            raise ItemError(url, f"cannot fetch ({type(err).__name__}: {err})") from err
        finally:
            await response.aclose()

    async def _read(self, url: str, response: httpx.Response, policy: FetchPolicy) -> Response:
        status = response.status_code
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if status in REDIRECT_STATUSES:
            location = response.headers.get("Location", "").encode("utf-8", "replace")
            return Response(url, status, location, None, "", None, None)
        if status == 304:
            return Response(url, 304, b"", None, content_type, etag, modified)
        if not 200 <= status < 300:
            retry = retry_after(response.headers.get("Retry-After"))
            raise HTTPStatusError(url, status, response.reason_phrase, retry)
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > policy.max_bytes:
            raise ItemError(url, f"response is {int(length):,} bytes, over {policy.max_bytes:,}")
        body = await _capped_body(
            url, response.aiter_raw(), response.headers.get("Content-Encoding"), policy.max_bytes
        )
        return Response(
            url, status, body, CONTENT_TYPES.get(content_type), content_type, etag, modified
        )


def _pinned(parts: SplitResult, address: object) -> str:
    """The URL to request. Plain http connects to the address checked, not to whatever a
    second lookup says (DNS rebinding gains nothing). https keeps the name: connections
    are pooled by the URL's host, and one TLS connection must never serve two names that
    share an address; a name rebound to an internal address fails TLS instead, since
    nothing inside holds a certificate for it."""
    if parts.scheme.lower() == "https":
        return parts.geturl()
    ip = str(address)
    netloc = f"[{ip}]" if ":" in ip else ip
    if parts.port:
        netloc += f":{parts.port}"
    return parts._replace(netloc=netloc).geturl()


async def _capped_body(url: str, chunks, encoding: str | None, cap: int) -> bytes:
    """The body, inflated if compressed; :class:`ItemError` once the bytes received or the
    bytes inflated pass ``cap`` (inflating asks zlib for no more than fits)."""
    encoding = (encoding or "identity").strip().lower()
    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
        raise ItemError(url, f"unsupported Content-Encoding {encoding!r}")
    inflater = None
    if encoding != "identity":
        # 47: gzip or zlib headers; a raw deflate stream is retried below.
        inflater = zlib.decompressobj(47 if "gzip" in encoding else 15)
    received = 0
    body = bytearray()
    raw_deflate_tried = False
    async for chunk in chunks:
        received += len(chunk)
        if received > cap:
            raise ItemError(url, f"response is over {cap:,} bytes")
        if inflater is None:
            body += chunk
            continue
        data = chunk
        while data:
            try:
                out = inflater.decompress(data, cap - len(body) + 1)
            except zlib.error as err:
                if encoding == "deflate" and not raw_deflate_tried and not body:
                    # Some servers send raw deflate under "deflate": try it once, from the start.
                    raw_deflate_tried = True
                    inflater = zlib.decompressobj(-15)
                    continue
                raise ItemError(url, f"corrupt {encoding} body ({err})") from err
            body += out
            if len(body) > cap:
                raise ItemError(url, f"response inflates to over {cap:,} bytes ({encoding})")
            data = inflater.unconsumed_tail
    if inflater is not None:
        body += inflater.flush()
        if len(body) > cap:
            raise ItemError(url, f"response inflates to over {cap:,} bytes ({encoding})")
    return bytes(body)


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date); ``None`` if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())


async def fetch_all(urls: Iterable[str], fetcher: PoliteFetcher) -> list[Response | ItemError]:
    """Fetch ``urls`` concurrently (hosts still one at a time); each a Response or its error."""

    async def one(url: str) -> Response | ItemError:
        try:
            return await fetcher.get(url)
        except ItemError as err:
            return err

    return list(await asyncio.gather(*(one(u) for u in urls)))
