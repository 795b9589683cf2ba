"""The ingest loop: records in, committed batches out. Any producer can feed it.

Memory stays flat: records are consumed as a stream and only one batch is held.
A batch is one transaction, so a run killed at any moment leaves whole articles
only; running it again skips the articles already stored and adds the rest.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice

from dateline.ingest.report import Report
from dateline.kb.resolve import Resolver
from dateline.store.db import BATCH_SIZE, Store
from dateline.store.writer import insert_record

log = logging.getLogger("dateline.store")


def _integrity_errors() -> tuple[type[Exception], ...]:
    errors: list[type[Exception]] = [sqlite3.IntegrityError]
    try:
        import psycopg

        errors.append(psycopg.errors.IntegrityError)
    except ImportError:  # pragma: no cover - psycopg is pinned
        pass
    return tuple(errors)


#: Errors a malformed record can raise while its rows are written (two quotes "q1" in
#: one record, a missing key, a span that is not a number).
_BAD_RECORD = (KeyError, TypeError, ValueError, AttributeError, IndexError, *_integrity_errors())


@dataclass
class IngestResult:
    added: int = 0
    duplicates: int = 0
    failed: int = 0


def ingest(
    records: Iterable[dict],
    store: Store,
    *,
    batch_size: int = BATCH_SIZE,
    report: Report | None = None,
    on_batch: Callable[[IngestResult], None] | None = None,
) -> IngestResult:
    """Write ``records`` to ``store`` in transactions of ``batch_size`` articles.

    An article id already stored (or repeated in the input) is counted as a
    duplicate and skipped; a malformed record is rolled back alone, reported
    and counted, and the batch goes on. ``on_batch`` is called after each commit.
    """
    result = IngestResult()
    resolver = Resolver(store)
    iterator = iter(records)
    while batch := list(islice(iterator, batch_size)):
        _write_batch(store, resolver, batch, result, report)
        if on_batch is not None:
            on_batch(result)
    if report is not None:
        report.duplicates += result.duplicates
    return result


def _write_batch(
    store: Store,
    resolver: Resolver,
    batch: list[dict],
    result: IngestResult,
    report: Report | None,
) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    added = duplicates = failed = 0
    with store.transaction():
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
            except _BAD_RECORD as err:
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
    # Counted only once the batch is committed: a rolled-back batch adds nothing.
    result.added += added
    result.duplicates += duplicates
    result.failed += failed


def _present(store: Store, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    rows = store.rows(f"SELECT id FROM articles WHERE id IN ({marks})", ids)
    return {r["id"] for r in rows}
