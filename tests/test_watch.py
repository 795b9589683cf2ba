"""The watcher on a real store and the real pipeline, against a local server (127.0.0.x only):
new, unchanged and updated stories, 304s, bad sources, and the schedule on a fake clock."""

from __future__ import annotations

import asyncio

import pytest

from dateline.extraction import extract
from dateline.ingest.addresses import AllowList
from dateline.ingest.fetch import FetchPolicy
from dateline.ingest.polite import PoliteFetcher, Politeness
from dateline.store import open_store
from dateline.store import sources as state
from dateline.watch.runner import Watcher
from dateline.watch.schedule import FakeClock
from watch_helpers import BOMB_ROUTE, Route, Server, page, rss

pytestmark = pytest.mark.model

EVERY = 900.0
POLICY = FetchPolicy(deadline=2.0, max_bytes=500_000, max_redirects=3)
LOCAL = AllowList.parse(["127.0.0.1"])


def story(n: int, extra: str = "") -> list[str]:
    return [
        f"MOSCOW - Russia's Foreign Minister Sergei Lavrov said on Monday that talks with "
        f"Serbia about story number {n} would go on for as long as they were needed.",
        f'"We will not give up on Kosovo," Lavrov told reporters in Moscow. {extra}',
        "The talks, which began last year, have made little progress, officials in Belgrade "
        "said. Diplomats from both countries are expected to meet again next month.",
    ]


def publish(server: Server, n: int, extra: str = "", summary_only: bool = True) -> dict:
    server.routes[f"/story/{n}"] = Route(
        page(f"Lavrov on story {n}", story(n, extra)), content_type="text/html"
    )
    item = {"title": f"Lavrov on story {n}", "link": server.url(f"/story/{n}")}
    if summary_only:
        item["description"] = f"Lavrov speaks on story {n}. {extra}"
    else:
        item["content"] = "".join(f"<p>{p}</p>" for p in story(n, extra))
    return item


class Harness:
    """A watcher over ``store`` with the real pipeline in this process and a fake clock."""

    def __init__(self, store, nlp, allow: AllowList = LOCAL) -> None:
        self.store, self.nlp, self.allow = store, nlp, allow
        self.clock = FakeClock()
        self.annotated: list[str] = []

    def annotate(self, articles, report, failures):
        self.annotated += [a.url or a.id for a in articles]
        return extract(articles, self.nlp, report=report, on_failed=failures)

    def add(self, *urls: str) -> None:
        state.add_sources(self.store, [(u, "feed") for u in urls], self.clock.now())

    def round(self, now: bool = True):
        async def go():
            manners = Politeness(host_delay=0.0, allow=self.allow)
            async with PoliteFetcher(POLICY, manners) as fetcher:
                watcher = Watcher(self.store, fetcher, self.annotate, every=EVERY, clock=self.clock)
                return await watcher.run(once=True, now=now)

        return asyncio.run(go())


@pytest.fixture()
def server():
    with Server("127.0.0.1") as s:
        yield s


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "kb.db") as s:
        yield s


def article_urls(store) -> list[str]:
    return sorted(r["url"] for r in store.rows("SELECT url FROM articles"))


@pytest.mark.parametrize("summary_only", [True, False], ids=["summary-feed", "full-content-feed"])
def test_new_entries_are_stored_once_and_a_304_costs_no_parse(server, store, nlp, summary_only):
    items = [publish(server, n, summary_only=summary_only) for n in range(3)]
    server.routes["/feed"] = Route(rss(items), etag='"v1"')
    watch = Harness(store, nlp)
    watch.add(server.url("/feed"))
    first = watch.round()
    assert (first.new, first.stored, first.failed) == (3, 3, 0)
    assert article_urls(store) == sorted(i["link"] for i in items)
    pages = [p for p in server.paths() if p.startswith("/story/")]
    assert len(pages) == (3 if summary_only else 0)  # full content: no page fetched
    assert store.scalar("SELECT COUNT(*) FROM quotes") >= 3
    source = state.get_source(store, server.url("/feed"))
    assert (source.etag, source.items_seen, source.failures) == ('"v1"', 3, 0)

    server.hits.clear()
    watch.annotated.clear()
    again = watch.round()
    assert (again.not_modified, again.new, again.stored) == (1, 0, 0)
    # A new fetcher (a new --once run) asks robots.txt again; no page is fetched.
    assert server.paths() == ["/robots.txt", "/feed"]
    assert server.hits[1].headers["If-None-Match"] == '"v1"'
    assert watch.annotated == []


def test_a_changed_feed_reads_only_its_new_entries(server, store, nlp):
    items = [publish(server, n) for n in range(2)]
    server.routes["/feed"] = Route(rss(items), etag='"v1"')
    watch = Harness(store, nlp)
    watch.add(server.url("/feed"))
    watch.round()
    items.append(publish(server, 2))
    server.routes["/feed"] = Route(rss(items), etag='"v2"')
    server.hits.clear()
    watch.annotated.clear()
    result = watch.round()
    assert (result.new, result.unchanged_entries, result.stored) == (1, 2, 1)
    assert [p for p in server.paths() if p.startswith("/story/")] == ["/story/2"]
    assert watch.annotated == [server.url("/story/2")]
    assert len(article_urls(store)) == 3
    seen = store.rows("SELECT url, versions FROM watch_items ORDER BY url")
    assert [r["versions"] for r in seen] == [1, 1, 1]


def test_an_updated_story_keeps_its_article_id_and_counts_a_version(server, store, nlp):
    items = [publish(server, 0)]
    server.routes["/feed"] = Route(rss(items))
    watch = Harness(store, nlp)
    watch.add(server.url("/feed"))
    watch.round()
    first_id = store.scalar("SELECT id FROM articles")
    items = [publish(server, 0, extra='Lavrov later added: "Nothing has changed."')]
    server.routes["/feed"] = Route(rss(items))
    result = watch.round()
    assert (result.updated, result.new) == (1, 0)
    assert store.scalar("SELECT COUNT(*) FROM articles") == 1
    assert store.scalar("SELECT id FROM articles") == first_id
    assert "Nothing has changed" in store.scalar("SELECT text FROM articles")
    item = state.get_item(store, server.url("/story/0"))
    assert item.versions == 2 and item.first_seen <= item.last_seen


BAD_SOURCES = {
    "500": Route(b"oops", status=500),
    "hang": Route(special="hang"),
    "redirect-loop": Route(status=302, headers={"Location": "/bad"}),
    "2GB": Route(special="huge"),
    "gzip-bomb": BOMB_ROUTE,
    "html-not-xml": Route(page("Home", ["Welcome to our site. " * 20]), content_type="text/html"),
}
BAD_REASONS = {
    "500": "HTTP 500",
    "hang": "timed out",
    "redirect-loop": "too many redirects",
    "2GB": "over 500,000 bytes",
    "gzip-bomb": "inflates to over 500,000 bytes",
    "html-not-xml": "not a feed",
}


@pytest.mark.parametrize("kind", list(BAD_SOURCES))
def test_a_bad_source_is_named_in_its_health_and_the_others_go_on(server, store, nlp, kind):
    server.routes["/bad"] = BAD_SOURCES[kind]
    server.routes["/feed"] = Route(rss([publish(server, 0)]))
    watch = Harness(store, nlp)
    watch.add(server.url("/bad"), server.url("/feed"))
    result = watch.round()
    assert (result.failed, result.stored) == (1, 1)
    bad = state.get_source(store, server.url("/bad"))
    assert BAD_REASONS[kind] in bad.last_error
    assert bad.failures == 1 and bad.last_success is None
    assert bad.next_due == pytest.approx(watch.clock.now() + EVERY)  # backed off, not hammered
    good = state.get_source(store, server.url("/feed"))
    assert good.last_error is None and good.items_seen == 1


def test_an_entry_linking_to_a_host_not_allowed_is_skipped_and_named(store, nlp):
    with Server("127.0.0.1") as server, Server("127.0.0.2") as internal:
        internal.routes["/admin"] = Route(page("Admin", story(9)), content_type="text/html")
        items = [publish(server, 0), {"title": "Look", "link": internal.url("/admin"),
                                      "description": "A link inward."}]  # fmt: skip
        server.routes["/feed"] = Route(rss(items))
        watch = Harness(store, nlp)
        watch.add(server.url("/feed"))
        result = watch.round()
        assert (result.stored, result.entry_errors) == (1, 1)
        assert internal.hits == []  # never contacted
        source = state.get_source(store, server.url("/feed"))
        assert source.entry_errors == 1 and "127.0.0.2" in source.last_entry_error
        assert source.failures == 0
        # Refused for good: not asked again while the entry is unchanged.
        watch.round()
        assert state.get_source(store, server.url("/feed")).entry_errors == 1


def test_polls_follow_the_schedule_on_a_fake_clock(server, store, nlp):
    server.routes["/feed"] = Route(rss([publish(server, 0)]), etag='"1"')
    server.routes["/bad"] = Route(b"oops", status=503, headers={"Retry-After": "3000"})
    watch = Harness(store, nlp)
    watch.add(server.url("/feed"), server.url("/bad"))
    watch.round(now=False)
    start = watch.clock.now()
    polls = {"/feed": [], "/bad": []}
    for _ in range(12):  # three hours in steps of a quarter
        watch.clock.advance(EVERY)
        before = len(server.hits)
        watch.round(now=False)
        for hit in server.hits[before:]:
            if hit.path in polls:
                polls[hit.path].append(watch.clock.now() - start)
    # The unchanged feed: 1.5 x 15 min, then 2.25 x, then 3.375 x...; the failing one obeys
    # Retry-After (50 min) then doubles (1 h, 2 h).
    assert len(polls["/feed"]) < 12 and len(polls["/bad"]) <= 3
    bad = state.get_source(store, server.url("/bad"))
    assert bad.failures == 1 + len(polls["/bad"]) and "HTTP 503" in bad.last_error
    feed = state.get_source(store, server.url("/feed"))
    assert feed.unchanged == len(polls["/feed"]) and feed.interval_s > EVERY


def test_a_news_sitemap_is_followed_like_a_feed(server, store, nlp):
    for n in range(2):
        publish(server, n)
    urls = "".join(
        f"<url><loc>{server.url(f'/story/{n}')}</loc><lastmod>2024-05-0{n + 1}</lastmod></url>"
        for n in range(2)
    )
    sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    server.routes["/sitemap.xml"] = Route(sitemap.encode(), content_type="application/xml")
    watch = Harness(store, nlp)
    watch.add(server.url("/sitemap.xml"))
    first = watch.round()
    assert (first.new, first.stored) == (2, 2)
    assert state.get_source(store, server.url("/sitemap.xml")).kind == "sitemap"
    server.hits.clear()
    again = watch.round()
    assert (again.new, again.unchanged_entries) == (0, 2)
    assert not [p for p in server.paths() if p.startswith("/story/")]


def test_watch_state_on_both_backends(server, store_url, nlp):
    server.routes["/feed"] = Route(rss([publish(server, 0)]), etag='"v1"')
    with open_store(store_url) as store:
        watch = Harness(store, nlp)
        watch.clock.advance(0.25)  # a fraction of a second survives (no single precision)
        watch.add(server.url("/feed"))
        first = watch.round()
        assert (first.new, first.stored) == (1, 1)
        again = watch.round()
        assert (again.not_modified, again.new) == (1, 0)
        source = state.get_source(store, server.url("/feed"))
        assert source.next_due == watch.clock.now() + source.interval_s
        assert source.etag == '"v1"' and source.items_seen == 1 and source.unchanged == 1
        item = state.get_item(store, server.url("/story/0"))
        assert item.versions == 1 and item.article_id == store.scalar("SELECT id FROM articles")
        assert state.due_sources(store, watch.clock.now()) == []
        assert state.soonest_due(store) == source.next_due


def test_a_store_held_by_another_writer_delays_the_round_and_loses_nothing(
    server, tmp_path, nlp, monkeypatch
):
    import sqlite3

    from dateline.store import db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)
    server.routes["/feed"] = Route(rss([publish(server, 0)]), etag='"v1"')
    path = tmp_path / "kb.db"
    with open_store(path) as store:
        watch = Harness(store, nlp)
        watch.add(server.url("/feed"))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # a long write transaction elsewhere
        try:
            blocked = watch.round()
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert blocked.stored == 0 and store.scalar("SELECT COUNT(*) FROM articles") == 0
        source = state.get_source(store, server.url("/feed"))
        assert source.etag is None and source.next_due <= watch.clock.now()  # still due
        after = watch.round(now=False)
        assert (after.new, after.stored) == (1, 1)
        assert state.get_source(store, server.url("/feed")).etag == '"v1"'


def atom(entries: list[tuple[str, str, str]]) -> bytes:
    """An Atom feed of ``(link, summary, updated)`` entries."""
    body = "".join(
        f"<entry><id>{link}</id><title>Lavrov</title><link href='{link}'/>"
        f"<updated>{updated}</updated><summary>{summary}</summary></entry>"
        for link, summary, updated in entries
    )
    return (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        f"<id>urn:wire</id><updated>2024-05-01T00:00:00Z</updated>{body}</feed>"
    ).encode()


def test_an_atom_entry_updated_in_place_is_read_again(server, store, nlp):
    publish(server, 0)
    link = server.url("/story/0")
    server.routes["/atom"] = Route(atom([(link, "Lavrov speaks.", "2024-05-01T10:00:00Z")]))
    watch = Harness(store, nlp)
    watch.add(server.url("/atom"))
    assert watch.round().stored == 1
    first_id = store.scalar("SELECT id FROM articles")
    # Same summary: only the page and the entry's <updated> change, as wire updates do.
    publish(server, 0, extra='He added: "The door stays open."')
    server.routes["/atom"] = Route(atom([(link, "Lavrov speaks.", "2024-05-01T12:30:00Z")]))
    again = watch.round()
    assert (again.updated, again.new, again.stored) == (1, 0, 1)
    assert store.scalar("SELECT id FROM articles") == first_id
    assert "The door stays open" in store.scalar("SELECT text FROM articles")
    assert state.get_item(store, link).versions == 2
    # Nothing changes: the page is not fetched again.
    server.hits.clear()
    assert watch.round().stored == 0
    assert "/story/0" not in server.paths()


def test_the_running_loop_sleeps_until_a_source_is_due(server, store, nlp):
    server.routes["/feed"] = Route(rss([publish(server, 0)]), etag='"1"')
    watch = Harness(store, nlp)
    watch.add(server.url("/feed"))
    start = watch.clock.now()

    async def go():
        manners = Politeness(host_delay=0.0, allow=LOCAL)
        async with PoliteFetcher(POLICY, manners) as fetcher:
            watcher = Watcher(
                store,
                fetcher,
                watch.annotate,
                every=EVERY,
                clock=watch.clock,
                should_stop=lambda: watch.clock.now() > start + 2 * 3600,
            )
            return await watcher.run()

    total = asyncio.run(go())
    feed_polls = [h for h in server.hits if h.path == "/feed"]
    # Two hours: polls at 0 (a new story), 15 min (--every), then 22.5 and 33.75 min apart
    # (quiet: x1.5 each); the next would be at 2 h 1 min.
    assert len(feed_polls) == total.polled == 4
    assert (total.stored, total.not_modified) == (1, 3)
