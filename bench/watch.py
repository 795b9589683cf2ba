"""Watch benchmark: polling many feeds politely, and publish-to-quote latency.

    python bench/watch.py [--feeds 500] [--entries 20] [--rounds 3] [--idle 20]
    python bench/watch.py --e2e            # one story, publish -> `dateline quotes`

Polling (issue 20): a server process answers ``--feeds`` RSS feeds of ``--entries``
entries each (full text in ``content:encoded``), feed *i* on its own loopback address
(127.0.0.2, 127.0.0.3, ... 127.0.1.254: one host each, so per-host politeness applies
as on the web), with ETags and ``304 Not Modified``. The watcher (one event loop,
:class:`dateline.ingest.polite.PoliteFetcher`, a fresh SQLite store) polls them:

* round 1: every feed new (fetch, parse, 10,000 entries queued);
* rounds 2..: 10% of the feeds gain an entry (new ETag), the rest answer 304;
* a round with nothing changed (all 304): the target is under 10 s;
* idle: the watcher's loop runs with nothing due for ``--idle`` seconds; its CPU share
  (process time / wall time) and resident memory are printed (target: under 5%).

Annotation is left out of these rounds (the queued entries are dropped, not stored):
they measure the polling layer. ``--annotate WORKERS`` puts it in: round 1 marks its
10,000 entries read without annotating them (a store already following these feeds),
and each later round annotates its new entries in WORKERS processes and stores them.
``--e2e`` measures the whole path instead: a real ``dateline watch --every 1m
--workers 1`` process, a story published on a local feed, and the seconds until
``dateline quotes`` and the web's search show its quote.

Nothing leaves 127.0.0.0/8.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def hosts(feeds: int) -> list[str]:
    out, n = [], 2
    while len(out) < feeds:
        third, fourth = divmod(n, 256)
        if 1 <= fourth <= 254:
            out.append(f"127.0.{third}.{fourth}")
        n += 1
    return out


def feed_body(i: int, version: int, entries: int) -> bytes:
    items = []
    for k in range(version, version + entries):
        text = (
            f"<p>MOSCOW - Foreign Minister Sergei Lavrov said on day {k} that talks on item "
            f"{k} of feed {i} would go on.</p><p>&quot;We will not give up,&quot; Lavrov "
            "told reporters.</p>"
        )
        items.append(
            f"<item><title>Feed {i} story {k}</title><link>http://example.invalid/{i}/{k}</link>"
            f"<guid>{i}-{k}</guid><content:encoded><![CDATA[{text}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Feed {i}</title>{''.join(items)}</channel></rss>"
    ).encode()


def serve(addresses: list[str], port: int, versions, entries: int, ready) -> None:
    """The server process: one listening socket per address, a minimal HTTP/1.1 with
    keep-alive, ETags and 304s."""

    async def handle(reader, writer, i: int) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                version = versions[i]
                etag = f'"{version}"'
                if path != "/feed":
                    status, body, extra = "404 Not Found", b"no", ""
                elif headers.get("if-none-match") == etag:
                    status, body, extra = "304 Not Modified", b"", f"ETag: {etag}\r\n"
                else:
                    status, body = "200 OK", feed_body(i, version, entries)
                    extra = f"ETag: {etag}\r\nContent-Type: application/rss+xml\r\n"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n{extra}\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        for i, host in enumerate(addresses):
            await asyncio.start_server(lambda r, w, i=i: handle(r, w, i), host, port)
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def polling(args) -> None:
    from dateline.ingest.addresses import AllowList
    from dateline.ingest.fetch import FetchPolicy
    from dateline.ingest.polite import PoliteFetcher, Politeness
    from dateline.store import open_store
    from dateline.store import sources as state
    from dateline.watch.runner import Watcher, signature
    from dateline.watch.schedule import SystemClock

    addresses = hosts(args.feeds)
    versions = multiprocessing.Array("i", [0] * args.feeds, lock=False)
    ready = multiprocessing.Event()
    port = 18000 + os.getpid() % 1000
    server = multiprocessing.Process(
        target=serve, args=(addresses, port, versions, args.entries, ready), daemon=True
    )
    server.start()
    ready.wait(60)
    urls = [f"http://{host}:{port}/feed" for host in addresses]
    seeding = [True]
    store_ref = []

    def annotate(articles, report, failures):
        if seeding[0] and args.annotate:
            # Round 1 with --annotate: the 10,000 first entries are marked read unannotated
            # (a store already following these feeds), so later rounds annotate only news.
            for article in articles:
                state.record_item(
                    store_ref[0], url=article.url, source_url="seed", article_id=None,
                    signature=signature(article), content_hash=None, now=time.time(),
                    new_version=False,
                )  # fmt: skip
            return iter(())
        if args.annotate:
            from dateline.scale.local import extract_parallel

            return extract_parallel(articles, args.annotate, report=report, on_failed=failures)
        return iter(())  # polling only: queued entries are dropped

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "kb.db") as store:
        store_ref.append(store)
        clock = SystemClock()
        state.add_sources(store, [(u, "feed") for u in urls], clock.now())
        manners = Politeness(
            host_delay=1.0, allow=AllowList.parse(["127.0.0.0/8"]), contact="bench@localhost"
        )
        policy = FetchPolicy(deadline=20.0, max_bytes=10_000_000, max_redirects=5)
        async with PoliteFetcher(policy, manners) as fetcher:
            watcher = Watcher(store, fetcher, annotate, every=900.0, clock=clock)
            print(f"{args.feeds} feeds x {args.entries} entries on {len(set(addresses))} hosts")
            for n in range(1, args.rounds + 2):
                if n > 1:
                    changing = range(0, args.feeds, 10) if n <= args.rounds else range(0)
                    for i in changing:  # 10% of feeds gain an entry
                        versions[i] += 1
                requests = fetcher.requests
                cpu, wall = time.process_time(), time.perf_counter()
                result = await watcher.run(once=True, now=True)
                seeding[0] = False
                wall = time.perf_counter() - wall
                cpu = time.process_time() - cpu
                label = "unchanged" if n == args.rounds + 1 else ("first" if n == 1 else "10%")
                print(
                    f"round {n} ({label}): {wall:.2f} s wall, {cpu:.2f} s CPU, "
                    f"{fetcher.requests - requests} requests, {result.polled} polled, "
                    f"{result.not_modified} x 304, {result.new} new entries queued, "
                    f"{result.stored} stored, {result.failed} failed; "
                    f"RSS {rss_kb() / 1024:.0f} MB"
                )
            # Idle: the loop with nothing due (next polls are 15+ minutes away).
            stop_at = time.monotonic() + args.idle
            watcher.should_stop = lambda: time.monotonic() > stop_at
            cpu, wall = time.process_time(), time.perf_counter()
            usage = resource.getrusage(resource.RUSAGE_SELF)
            await watcher.run()
            wall = time.perf_counter() - wall
            cpu = time.process_time() - cpu
            after = resource.getrusage(resource.RUSAGE_SELF)
            print(
                f"idle {wall:.1f} s: CPU {cpu:.3f} s = {100 * cpu / wall:.2f}% of one core; "
                f"RSS {rss_kb() / 1024:.0f} MB (max {after.ru_maxrss / 1024:.0f} MB; "
                f"{after.ru_nvcsw - usage.ru_nvcsw} voluntary switches)"
            )
    server.kill()


def e2e(args) -> None:
    """Publish one story on a local feed while ``dateline watch`` runs; time until its quote
    is listed by ``dateline quotes``."""
    sys.path.insert(0, str(ROOT / "tests"))
    from watch_helpers import Route, Server, page, rss

    dateline = str(Path(sys.executable).with_name("dateline"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    with tempfile.TemporaryDirectory() as tmp, Server("127.0.0.1") as server:
        db = str(Path(tmp) / "kb.db")
        server.routes["/feed"] = Route(rss([]), etag='"0"')
        proc = subprocess.Popen(
            [dateline, "watch", server.url("/feed"), "--db", db, "--every", "1m",
             "--workers", "1", "--allow-host", "127.0.0.1"],
            env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(5)  # the first poll of the empty feed
        word = f"Zanzibar{int(time.time())}"
        server.routes["/story"] = Route(
            page(
                "Lavrov on talks",
                [
                    "MOSCOW - Russia's Foreign Minister Sergei Lavrov said on Monday that talks "
                    "with Serbia would go on for as long as they were needed, and more.",
                    f'"We will not give up on {word}," Lavrov told reporters in Moscow.',
                    "The talks began last year. Diplomats are expected to meet next month.",
                ],
            ),
            content_type="text/html",
        )
        link = {"title": "Lavrov", "link": server.url("/story"), "description": "Lavrov."}
        from fastapi.testclient import TestClient

        from dateline.web.app import create_app

        web = TestClient(create_app(db))
        published = time.monotonic()
        server.routes["/feed"] = Route(rss([link]), etag='"1"')
        seen: dict[str, float] = {}
        while time.monotonic() - published < 240 and len(seen) < 2:
            if "quotes" not in seen:
                out = subprocess.run(
                    [dateline, "quotes", "--db", db, "--format", "jsonl"],
                    env=env, capture_output=True, text=True,
                ).stdout  # fmt: skip
                if word in out:
                    seen["quotes"] = time.monotonic() - published
            # The page's data, not its HTML (which echoes the query in its search box).
            answer = web.get("/search", params={"q": word, "format": "jsonl"})
            if "web" not in seen and answer.status_code == 200 and "give up on" in answer.text:
                seen["web"] = time.monotonic() - published
            time.sleep(0.5)
        proc.terminate()
        proc.wait(60)
    for where, label in (("quotes", "`dateline quotes`"), ("web", "the web's /search page")):
        print(
            f"end to end: published -> in {label} after {seen[where]:.1f} s (the next poll, "
            "then fetching and annotating in a worker)"
            if where in seen
            else f"end to end: not in {label} within 240 s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3, help="rounds before the unchanged one")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of idle to measure")
    parser.add_argument(
        "--annotate",
        type=int,
        default=0,
        metavar="WORKERS",
        help="annotate and store the new entries of rounds 2.. in WORKERS processes "
        "(round 1's entries are marked read unannotated)",
    )
    parser.add_argument("--e2e", action="store_true")
    args = parser.parse_args()
    if args.e2e:
        e2e(args)
    else:
        asyncio.run(polling(args))


if __name__ == "__main__":
    main()
