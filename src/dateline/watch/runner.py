"""The watcher: poll what is due, read what is new, annotate it, store it, say how it went.

One poll of a source (:meth:`Watcher.poll`): a conditional GET; a 304 costs no
parse. A feed's entries are read with the feed reader; an entry whose feed
carries only a summary has its page fetched and read with the HTML reader (a
sitemap's pages always are). Each page is known by its URL (``watch_items``):

* an entry whose title and text are as last seen is only marked seen;
* a page never seen becomes a new article;
* a page whose text changed (wire stories are updated at the same URL) is a new
  version of the *same* article (it keeps its id, so links to it hold) whose
  annotations :func:`dateline.store.replace.replace_records` replaces.

Nothing is marked read before its article is stored, so a watch killed at any
moment and run again reads the rest: nothing is lost, and nothing is doubled
(an article already stored under its id is not added again). Every bad source
or entry is logged and kept in the source's health; the others go on.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dateline.article import Article, article_id
from dateline.errors import ItemError
from dateline.ingest.addresses import AddressRefused
from dateline.ingest.feeds import read_feed
from dateline.ingest.html import read_html
from dateline.ingest.options import ReadOptions
from dateline.ingest.polite import HTTPStatusError, PoliteFetcher, RobotsDisallowed
from dateline.ingest.report import Report
from dateline.ingest.sources import FEED, SITEMAP, PageRef, is_sitemap, read_sitemap
from dateline.store import sources as state
from dateline.store.db import Store
from dateline.store.errors import StoreLocked
from dateline.store.ingest import Failures, ingest
from dateline.store.replace import replace_records
from dateline.watch.schedule import Clock, SystemClock, after_error, after_success

log = logging.getLogger("dateline.watch")

#: Sources polled at once (each host still gets one request at a time, politely).
CONCURRENT_SOURCES = 64
#: Longest wait between two looks at the schedule (and at a stop request).
TICK_S = 1.0

Annotate = Callable[[list[Article], Report, Failures], Iterable[dict]]


@dataclass
class Work:
    """A page to annotate and store, and what to record once it is stored."""

    article: Article
    url: str
    source_url: str
    signature: str
    content_hash: str
    update: bool  # a new version of an article already stored
    done: bool = False  # stored, or given up on (failed, too long): not to be read again now


@dataclass
class RoundResult:
    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    new: int = 0
    updated: int = 0
    unchanged_entries: int = 0
    entry_errors: int = 0
    stored: int = 0
    work: list[Work] = field(default_factory=list)
    #: Sources with new work, and what to save once all of it is stored.
    pending: dict[str, state.SourceState] = field(default_factory=dict)


def signature(article: Article) -> str:
    """What a feed says of an entry (title, text, updated time): while it is unchanged, the
    page is not fetched again."""
    said = f"{article.title or ''}\0{article.meta.get('entry_updated') or ''}\0{article.text}"
    return hashlib.sha1(said.encode("utf-8", "replace")).hexdigest()[:16]


class Watcher:
    """Polls the sources in ``store``'s ``watch_sources`` and stores what they publish."""

    def __init__(
        self,
        store: Store,
        fetcher: PoliteFetcher,
        annotate: Annotate,
        *,
        every: float,
        clock: Clock | None = None,
        report: Report | None = None,
        opts: ReadOptions | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.annotate = annotate
        self.every = every
        self.clock = clock or SystemClock()
        self.report = report if report is not None else Report()
        # No in-memory near-duplicate filter: weeks of running must not grow memory.
        self.opts = opts or ReadOptions(dedup=False)
        self.should_stop = should_stop

    # -- the loop -----------------------------------------------------------------------------

    async def run(
        self, *, once: bool = False, now: bool = False, urls: list[str] | None = None
    ) -> RoundResult:
        """Poll due sources until stopped (``once``: one round, then return; ``now``: the
        first round polls every source, due or not). Returns the totals of all rounds."""
        total = RoundResult()
        first = True
        while not self.should_stop():
            if (now and first) or urls is not None:
                sources = state.list_sources(self.store, urls)
                due = [s for s in sources if (now and first) or s.next_due <= self.clock.now()]
            else:
                due = state.due_sources(self.store, self.clock.now())
            first = False
            if due:
                try:
                    result = await self.round(due)
                except StoreLocked as err:
                    # What was stored stays; the sources not finished stay due (see _finish).
                    log.warning("round cut short, the store is busy: %s", err)
                    result = RoundResult()
                for name in ("polled", "not_modified", "failed", "new", "updated", "stored"):
                    setattr(total, name, getattr(total, name) + getattr(result, name))
                total.unchanged_entries += result.unchanged_entries
                total.entry_errors += result.entry_errors
            if once:
                break
            if urls is None:
                soonest = state.soonest_due(self.store)
            else:
                soonest = min(
                    (s.next_due for s in state.list_sources(self.store, urls)), default=None
                )
            wait = (soonest - self.clock.now()) if soonest is not None else TICK_S
            await self.clock.sleep(min(max(wait, 0.0), TICK_S))
        return total

    async def round(self, due: list[state.SourceState]) -> RoundResult:
        """Poll ``due`` sources concurrently, then annotate and store what they had new."""
        result = RoundResult()
        gate = asyncio.Semaphore(CONCURRENT_SOURCES)

        async def one(source: state.SourceState) -> None:
            async with gate:
                if self.should_stop():
                    return
                try:
                    await self.poll(source, result)
                except StoreLocked as err:
                    # Another writer held the store past the busy timeout: this source stays
                    # due and is polled again next round; the others go on.
                    log.warning("source %s not polled: %s", source.url, err)

        await asyncio.gather(*(one(s) for s in due))
        if result.work and not self.should_stop():
            self.store_work(result.work, result)
        self._finish(result)
        return result

    def _finish(self, result: RoundResult) -> None:
        """Save the validators and next due time of each source whose new pages are all
        stored. One killed or stopped before that keeps its old validators and stays due,
        so the next run fetches it whole again and reads the pages not yet stored."""
        unfinished = {w.source_url for w in result.work if not w.done}
        for url, final in result.pending.items():
            if url not in unfinished:
                state.save_poll(self.store, final)

    # -- one source ---------------------------------------------------------------------------

    async def poll(self, source: state.SourceState, result: RoundResult) -> None:
        now = self.clock.now()
        source.last_checked = state.iso(now)
        result.polled += 1
        try:
            response = await self.fetcher.get(
                source.url, etag=source.etag, last_modified=source.last_modified
            )
        except ItemError as err:
            self._failed(source, err, result)
            return
        source.last_status = response.status
        if response.not_modified:
            result.not_modified += 1
            self._succeeded(
                source,
                0,
                response.etag or source.etag,
                response.last_modified or source.last_modified,
                result,
            )
            return
        try:
            if is_sitemap(response.data):
                source.kind = SITEMAP
                new = await self._read_sitemap(source, response.data, response.url, result)
            else:
                source.kind = FEED
                new = await self._read_feed(source, response.data, response.url, result)
        except ItemError as err:
            self._failed(source, err, result)
            return
        self._succeeded(source, new, response.etag, response.last_modified, result)

    def _succeeded(
        self,
        source: state.SourceState,
        new: int,
        etag: str | None,
        modified: str | None,
        result: RoundResult,
    ) -> None:
        now = self.clock.now()
        final = dataclasses.replace(source, etag=etag, last_modified=modified)
        final.last_success, final.last_error, final.failures = state.iso(now), None, 0
        final.unchanged = 0 if new else source.unchanged + 1
        final.interval_s = after_success(self.every, source.interval_s, new)
        final.next_due = now + final.interval_s
        if not new:
            state.save_poll(self.store, final)
            return
        # New pages: until they are stored the source keeps its old validators and is due now.
        source.last_success, source.last_error, source.failures = final.last_success, None, 0
        source.next_due = now
        state.save_poll(self.store, source)
        result.pending[source.url] = final

    def _failed(self, source: state.SourceState, err: ItemError, result: RoundResult) -> None:
        result.failed += 1
        source.failures += 1
        source.last_error = err.reason
        if isinstance(err, HTTPStatusError):
            source.last_status = err.status
        retry = err.retry_after if isinstance(err, HTTPStatusError) else None
        source.next_due = self.clock.now() + after_error(self.every, source.failures, retry)
        log.warning("source %s failed (%d in a row): %s", source.url, source.failures, err.reason)
        state.save_poll(self.store, source)

    async def _read_feed(
        self, source: state.SourceState, data: bytes, url: str, result: RoundResult
    ) -> int:
        report = _Reasons()
        entries = list(read_feed(io.BytesIO(data), url, self.opts, report))
        if not entries and report.n_skipped:
            reasons = "; ".join(report.reasons)
            raise ItemError(url, f"not a feed: {reasons or 'no entries'}")
        found = await asyncio.gather(*(self._entry(source, a, result) for a in entries))
        return sum(found)

    async def _read_sitemap(
        self, source: state.SourceState, data: bytes, url: str, result: RoundResult
    ) -> int:
        pages, children = read_sitemap(data, url)
        for child in children:  # an index: its sitemaps are followed one level down
            try:
                response = await self.fetcher.get(child)
                more, _ = read_sitemap(response.data, child)
            except ItemError as err:
                self._entry_error(source, err.reason, result)
                continue
            pages.extend(more)
        found = await asyncio.gather(*(self._page(source, p, result) for p in pages))
        return sum(found)

    # -- one entry ----------------------------------------------------------------------------

    async def _entry(self, source: state.SourceState, entry: Article, result: RoundResult) -> int:
        """Queue an entry's page if it is new or changed; 1 when it is."""
        url = entry.url or entry.meta.get("entry_id") or entry.origin or entry.id
        sig = signature(entry)
        known = state.get_item(self.store, url)
        if known is not None and known.signature == sig:
            result.unchanged_entries += 1
            state.touch_items(self.store, [url], self.clock.now())
            return 0
        article = entry
        if entry.meta.get("body_source") != "content" and entry.url:
            page = await self._fetch_page(source, entry.url, result, sig)
            if page is None:
                return 0
            article = _merge(page, entry)
        return self._queue(source, url, sig, article, known, result)

    async def _page(self, source: state.SourceState, ref: PageRef, result: RoundResult) -> int:
        sig = hashlib.sha1(f"{ref.lastmod}\0{ref.title}".encode()).hexdigest()[:16]
        known = state.get_item(self.store, ref.url)
        if known is not None and known.signature == sig:
            result.unchanged_entries += 1
            state.touch_items(self.store, [ref.url], self.clock.now())
            return 0
        page = await self._fetch_page(source, ref.url, result, sig)
        if page is None:
            return 0
        page.title = page.title or ref.title
        page.published = page.published or (ref.published or "")[:10] or None
        return self._queue(source, ref.url, sig, page, known, result)

    async def _fetch_page(
        self, source: state.SourceState, url: str, result: RoundResult, sig: str
    ) -> Article | None:
        """The article of the page at ``url``, or ``None`` (the reason in the source's health).
        A page refused for good (an address not allowed, robots.txt) or that holds no article
        is remembered with the entry's signature, so it is not asked again until the entry
        changes; one that failed for now (a timeout, a 503) is asked again next poll."""
        try:
            response = await self.fetcher.get(url)
        except ItemError as err:
            self._entry_error(source, err.reason, result, url=url)
            if isinstance(err, AddressRefused | RobotsDisallowed):
                self._remember_unread(source, url, sig)
            return None
        report = _Reasons()
        pages = list(read_html(io.BytesIO(response.data), response.url, self.opts, report))
        if not pages:
            reasons = "; ".join(report.reasons) or "no article text"
            self._entry_error(source, reasons, result, url=url)
            self._remember_unread(source, url, sig)
            return None
        page = pages[0]
        page.url = page.url or url
        return page

    def _remember_unread(self, source: state.SourceState, url: str, sig: str) -> None:
        state.record_item(
            self.store, url=url, source_url=source.url, article_id=None, signature=sig,
            content_hash=None, now=self.clock.now(), new_version=False,
        )  # fmt: skip

    def _entry_error(
        self, source: state.SourceState, reason: str, result: RoundResult, url: str | None = None
    ) -> None:
        result.entry_errors += 1
        text = f"{url}: {reason}" if url and not reason.startswith(url) else reason
        log.warning("source %s: entry skipped: %s", source.url, text)
        state.note_entry_error(self.store, source.url, text)

    def _queue(
        self,
        source: state.SourceState,
        url: str,
        sig: str,
        article: Article,
        known: state.ItemState | None,
        result: RoundResult,
    ) -> int:
        content = article_id(article.text, None)
        now = self.clock.now()
        if known is not None and known.article_id and known.content_hash == content:
            # The feed changed its words, the page did not: a new signature, no new version.
            state.record_item(
                self.store, url=url, source_url=source.url, article_id=known.article_id,
                signature=sig, content_hash=content, now=now, new_version=False,
            )  # fmt: skip
            result.unchanged_entries += 1
            return 0
        update = known is not None and bool(known.article_id)
        if update:
            assert known is not None and known.article_id
            article.id = known.article_id  # the same article, a new version: links to it hold
            result.updated += 1
        else:
            article.id = article_id(article.text, article.url)
            result.new += 1
        result.work.append(Work(article, url, source.url, sig, content, update))
        return 1

    # -- annotate and store -------------------------------------------------------------------

    def store_work(self, work: list[Work], result: RoundResult) -> None:
        """Annotate ``work`` and store each record as it comes, one short transaction each."""
        by_id: dict[str, Work] = {}
        articles = []
        for item in work:
            if item.article.id in by_id:  # two feeds with the same page in one round
                continue
            by_id[item.article.id] = item
            articles.append(item.article)
        failures = Failures()
        for record in self.annotate(articles, self.report, failures):
            item = by_id.get(record.get("id", ""))
            if item is None:
                continue
            _patiently(lambda: self._store_one(record, item))  # noqa: B023 - called at once
            item.done = True
            result.stored += 1
        if not self.should_stop():
            # The annotation ran to its end: what was not stored was failed or refused, and
            # is not read again until its entry changes (failed ones: ingest --retry-failed).
            for item in work:
                item.done = True
        if failures:
            # Articles not annotated go to failed_articles (dateline ingest --retry-failed);
            # their pages are not marked read, so the next poll tries them again too.
            ingest([], self.store, failures=failures)

    def _store_one(self, record: dict, item: Work) -> None:
        if item.update and state.article_present(self.store, record["id"]):
            # The same article id, new text: its earlier annotations go, derived counts and
            # the user's merges and splits stay right (store.replace).
            replace_records(self.store, [record], batch_size=1)
        else:
            ingest([record], self.store, batch_size=1)
        state.record_item(
            self.store, url=item.url, source_url=item.source_url, article_id=record["id"],
            signature=item.signature, content_hash=item.content_hash, now=self.clock.now(),
            new_version=item.update,
        )  # fmt: skip
        log.info("%s %s (%s)", "updated" if item.update else "stored", item.url, record["id"])


#: Tries of one article's write while another process holds the store (each waits for the
#: store's busy timeout), before the round gives up (its sources stay due).
WRITE_TRIES = 3


def _patiently(write: Callable[[], None]) -> None:
    for attempt in range(WRITE_TRIES):
        try:
            write()
            return
        except StoreLocked:
            if attempt == WRITE_TRIES - 1:
                raise
            log.warning("the store is busy (another writer); trying again")


def _merge(page: Article, entry: Article) -> Article:
    """The page's text with what the feed says better: title, date, outlet."""
    page.title = entry.title or page.title
    page.published = entry.published or page.published
    page.source = entry.source or page.source
    page.url = entry.url or page.url
    page.meta = {**page.meta, **{k: v for k, v in entry.meta.items() if k != "body_source"}}
    page.meta["body_source"] = "page"
    return page


@dataclass
class _Reasons(Report):
    """A report that also keeps the reasons, for the source's health."""

    reasons: list[str] = field(default_factory=list)

    def skip(self, item: str, reason: str, kind: str | None = None) -> None:
        if len(self.reasons) < 5:
            self.reasons.append(reason)
        super().skip(item, reason, kind)
