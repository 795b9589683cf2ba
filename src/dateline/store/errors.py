"""The store's named errors: each message says what happened and what to do."""

from __future__ import annotations

from dateline.errors import DatelineError


class StoreError(DatelineError):
    """Base class of every knowledge-base error."""


class StoreNotFound(StoreError):
    """A read-only open of a SQLite store that does not exist."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"no knowledge base at {where}; create one with `dateline ingest SOURCES --db {where}`"
        )


class StoreLocked(StoreError):
    """Another process holds the write lock longer than the busy timeout.

    ``committed``: articles a multi-transaction ingest had committed before the lock
    stopped it; 0 or None (one transaction: a merge, a split, a migration) means the
    failed step was rolled back whole.
    """

    def __init__(self, where: str, seconds: float, committed: int | None = None) -> None:
        if not committed:
            done = "nothing was written"
        else:
            done = (
                f"{committed} article{'s' if committed != 1 else ''} of this run were committed "
                "before it and stay; running it again adds the rest"
            )
        super().__init__(
            f"the knowledge base {where} is locked by another writer (waited {seconds:g} s); "
            f"wait for that ingest to finish and run again - {done}"
        )
        self.where = where
        self.seconds = seconds
        self.committed = committed


class StoreUnavailable(StoreError):
    """The database server cannot be reached or the file cannot be opened."""


class SchemaTooNew(StoreError):
    """The store was migrated by a newer Dateline than this one."""

    def __init__(self, where: str, unknown: list[str]) -> None:
        super().__init__(
            f"the knowledge base {where} was written by a newer Dateline (unknown migrations: "
            f"{', '.join(unknown)}); upgrade Dateline to read it - nothing was changed"
        )


class SchemaOutdated(StoreError):
    """A read-only open of a store that still needs migrations."""

    def __init__(self, where: str, pending: list[str]) -> None:
        super().__init__(
            f"the knowledge base {where} needs upgrading ({', '.join(pending)}); "
            "open it once for writing (any `dateline ingest --db ...`) to migrate it"
        )
