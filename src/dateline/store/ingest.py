"""The ingest loop: records in, committed batches out. Any producer can feed it.

Memory stays flat: records are consumed as a stream and only one batch is held.
A batch is one transaction, so a run killed at any moment leaves whole articles
only; running it again skips the articles already stored and adds the rest.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING

from dateline.article import Article
from dateline.ingest.report import Report
from dateline.kb.resolve import Resolver
from dateline.store.batching import BATCH_SIZE
from dateline.store.errors import StoreLocked
from dateline.store.syndication import Screen, sign
from dateline.store.writer import insert_record, storable

if TYPE_CHECKING:
    from dateline.store.db import Store

log = logging.getLogger("dateline.store")

_ARTICLE_FIELDS = frozenset(Article.__dataclass_fields__)


def _store_errors() -> tuple[type[Exception], ...]:
    from dateline.store.errors import StoreError

    errors: list[type[Exception]] = [StoreError, sqlite3.OperationalError, sqlite3.InternalError]
    try:
        import psycopg

        errors += [psycopg.OperationalError, psycopg.InterfaceError, psycopg.InternalError]
    except ImportError:  # pragma: no cover - psycopg is pinned
        pass
    return tuple(errors)


def _fatal(err: Exception) -> bool:
    """Whether an error writing one record is the store's (locked, full, gone, corrupt: the
    batch stops) rather than the record's (a malformed record, a value a driver refuses, a
    bug on one input: that record alone is skipped)."""
    return isinstance(err, _store_errors()) or type(err) is sqlite3.DatabaseError


@dataclass
class IngestResult:
    added: int = 0
    duplicates: int = 0
    failed: int = 0  # records that could not be written
    recorded_failed: int = 0  # articles written to failed_articles (not annotated)


def ingest(
    records: Iterable[dict],
    store: Store,
    *,
    batch_size: int = BATCH_SIZE,
    report: Report | None = None,
    on_batch: Callable[[IngestResult], None] | None = None,
    failures: Failures | None = None,
    screen: Screen | None = None,
) -> IngestResult:
    """Write ``records`` to ``store`` in transactions of ``batch_size`` articles.

    An article id already stored (or repeated in the input) is counted as a
    duplicate and skipped; a malformed record is rolled back alone, reported
    and counted, and the batch goes on. ``on_batch`` is called after each commit.
    Articles a producer could not annotate, appended to ``failures`` as it runs, are
    written to ``failed_articles`` with the batch that follows (see :class:`Failures`).
    Each article is signed and linked to the stored copies it is a near-duplicate of
    (:mod:`dateline.store.syndication`); the articles a ``screen`` left out before
    annotation, as already stored, are counted as duplicates.
    """
    result = IngestResult()
    resolver = Resolver(store)
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        try:
            _write_batch(store, resolver, batch, result, report, failures)
        except StoreLocked as err:
            # Say what this run already committed: those articles stay.
            raise StoreLocked(err.where, err.seconds, committed=result.added) from err
        if on_batch is not None:
            on_batch(result)
    if failures:
        with store.transaction():
            _write_failures(store, failures, result)
    if screen is not None:
        result.duplicates += screen.known
    if report is not None:
        report.duplicates += result.duplicates
    return result


def _write_batch(
    store: Store,
    resolver: Resolver,
    batch: list[dict],
    result: IngestResult,
    report: Report | None,
    failures: Failures | None = None,
) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    added = duplicates = failed = 0
    with store.transaction():
        if failures:
            _write_failures(store, failures, result)
        ids = [r.get("id") for r in batch if isinstance(r, dict)]
        present = _present(store, [i for i in ids if isinstance(i, str)])
        for record in batch:
            aid = record.get("id") if isinstance(record, dict) else None
            if aid in present:
                duplicates += 1
                continue
            try:
                with store.savepoint():
                    insert_record(store, resolver, record, now)
                    sign(store, aid, storable(record["text"]))
            except Exception as err:
                if _fatal(err):
                    raise
                failed += 1
                item = f"record {aid!r}" if aid else "a record without an id"
                reason = f"not a valid record ({type(err).__name__}: {err})"
                if report is not None:
                    report.reject(item, reason, "invalid record")
                else:
                    log.warning("skipped %s: %s", item, reason)
                continue
            present.add(aid)
            added += 1
        # An article now stored is failed no longer (a retry that worked, or a new source).
        _forget_failed(store, [i for i in present if isinstance(i, str)])
    # Counted only once the batch is committed: a rolled-back batch adds nothing.
    result.added += added
    result.duplicates += duplicates
    result.failed += failed


class Failures(list[tuple[Article, str]]):
    """Articles that were read but not annotated, with the reason, on their way to the
    store's ``failed_articles`` table; call it as an ``on_failed`` callback
    (:func:`dateline.scale.extract_parallel`, :func:`dateline.extract`)."""

    def __call__(self, article: Article, reason: str) -> None:
        self.append((article, reason))


def _write_failures(store: Store, failures: Failures, result: IngestResult) -> None:
    """Record (or update: one more attempt, the latest reason) each failed article, unless
    it is already stored; empties ``failures``."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    items, failures[:] = list(failures), []
    present = _present(store, [a.id for a, _ in items])
    for article, reason in items:
        if article.id in present:
            continue
        store.execute(
            "INSERT INTO failed_articles (id, origin, reason, failed_at, attempts, article) "
            "VALUES (?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, "
            "reason = excluded.reason, failed_at = excluded.failed_at, "
            "attempts = failed_articles.attempts + 1, article = excluded.article",
            (article.id, article.origin, reason, now, _article_json(article)),
        )
        result.recorded_failed += 1


def _article_json(article: Article) -> str:
    # ASCII: a lone surrogate read from a broken file is escaped, not refused by the driver.
    return json.dumps(asdict(article), ensure_ascii=True, default=str)


def _forget_failed(store: Store, ids: list[str]) -> None:
    if ids:
        marks = ", ".join("?" for _ in ids)
        store.execute(f"DELETE FROM failed_articles WHERE id IN ({marks})", ids)


def failed_articles(store: Store) -> list[Article]:
    """The articles recorded as failed, oldest failure first, ready to annotate again (read
    at once: retrying them writes to the same table; there are few)."""
    rows = store.rows("SELECT article FROM failed_articles ORDER BY failed_at, id")
    fields = [json.loads(row["article"]) for row in rows]
    return [Article(**{k: v for k, v in f.items() if k in _ARTICLE_FIELDS}) for f in fields]


def count_failed(store: Store) -> int:
    """How many articles are recorded as failed."""
    return int(store.scalar("SELECT COUNT(*) FROM failed_articles"))


def _present(store: Store, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    rows = store.rows(f"SELECT id FROM articles WHERE id IN ({marks})", ids)
    return {r["id"] for r in rows}
