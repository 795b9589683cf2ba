"""The knowledge base: records from many articles in SQLite (default) or PostgreSQL.

The public API other modules code against::

    from dateline.store import open_store
    with open_store("dateline.db") as store:        # or "postgresql://user@host/db"
        store.add_records(records)                   # idempotent, one transaction a batch

Reading goes through :mod:`dateline.query`.
"""

from __future__ import annotations

from dateline.store.db import BATCH_SIZE, Store, open_store
from dateline.store.errors import (
    SchemaOutdated,
    SchemaTooNew,
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreUnavailable,
)
from dateline.store.ingest import IngestResult, ingest

__all__ = [
    "BATCH_SIZE",
    "IngestResult",
    "SchemaOutdated",
    "SchemaTooNew",
    "Store",
    "StoreError",
    "StoreLocked",
    "StoreNotFound",
    "StoreUnavailable",
    "ingest",
    "open_store",
]
