"""The knowledge-base connection: one class over SQLite (default) and PostgreSQL.

SQL in Dateline is written once, with ``?`` placeholders and portable syntax
(``RETURNING``, ``ON CONFLICT DO NOTHING``); :class:`Store` adapts the few
differences (placeholders, id columns, full-text search) per dialect.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import time
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.store.batching import BATCH_SIZE
from dateline.store.errors import (
    StoreError,
    StoreLocked,
    StoreNotFound,
    StoreUnavailable,
)

log = logging.getLogger("dateline.store")

#: Seconds a writer waits for another writer's lock before giving up (SQLite).
BUSY_TIMEOUT_S = 5.0
#: Seconds to wait for a PostgreSQL server to answer.
CONNECT_TIMEOUT_S = 5

_PG_URL = re.compile(r"^postgres(ql)?://", re.I)

#: The largest row id either backend holds (a signed 64-bit integer). A larger number
#: cannot name a row: check with :func:`row_id` at the edge, before it reaches a driver
#: (which would raise OverflowError / NumericValueOutOfRange instead of "not found").
MAX_ID = 2**63 - 1


def like_escape(text: str) -> str:
    """``text`` for a ``LIKE ? ESCAPE '\\'`` pattern: its ``%``, ``_`` and ``\\`` match
    only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def starts_with(store: Store, column: str, prefix: str) -> tuple[str, list[str]]:
    """A clause (and its parameters) for the rows whose ``column`` starts with ``prefix``:
    a range in SQLite (it walks an index on the column), ``LIKE`` in PostgreSQL (right
    under any collation; a range is only in C)."""
    if store.dialect == "sqlite":
        return f"{column} >= ? AND {column} < ?", [prefix, prefix + "\uffff"]
    return f"{column} LIKE ? ESCAPE '\\'", [like_escape(prefix) + "%"]


def row_id(value: object) -> int | None:
    """``value`` (an int or a string of digits) as a row id, or None when it cannot be one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
        if not (value.isascii() and value.isdigit()) or len(value) > 19:
            return None
        value = int(value)
    if isinstance(value, int) and 0 <= value <= MAX_ID:
        return value
    return None


def is_postgres(url: str) -> bool:
    return bool(_PG_URL.match(url))


#: ``password=`` (and ``sslpassword=``) in a URL's query or a keyword connection string.
_PASSWORD_PARAM = re.compile(r"((?:^|[?&;\s])(?:ssl)?password\s*=\s*)('[^']*'|[^&;#\s]*)", re.I)


def redact(url: str) -> str:
    """A connection URL (or ``key=value`` string) without its passwords, for messages.

    Covers ``user:secret@host`` (a secret holding ``@`` or ``:`` included),
    ``?password=secret`` and ``&sslpassword=secret`` in any case.
    """
    head, sep, rest = url.partition("://")
    if sep:
        # The user-info ends at the last "@" before the path or query starts.
        cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0),
                  default=len(rest))  # fmt: skip
        at = rest.rfind("@", 0, cut)
        if at < 0 and "@" in rest[cut:]:  # an unescaped "/" or "?" inside the password
            at = rest.rfind("@")
        if at >= 0 and ":" in rest[:at]:
            rest = rest[: rest.index(":")] + ":***" + rest[at:]
        url = head + sep + rest
    return _PASSWORD_PARAM.sub(lambda m: m.group(1) + "***", url)


_SQL_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


@lru_cache(maxsize=1024)
def to_pyformat(query: str) -> str:
    """Portable SQL in psycopg's placeholder style: each ``?`` outside a quoted literal
    becomes ``%s`` and every literal ``%`` (``LIKE 'p:%'``) is doubled, so no text of a
    query can be read as a placeholder."""

    def swap(m: re.Match) -> str:
        token = m.group()
        if token == "?":
            return "%s"
        return token.replace("%", "%%")

    return _SQL_TOKENS.sub(swap, query)


class Store:
    """An open knowledge base. Use :func:`open_store`; close it or use ``with``."""

    def __init__(self, url: str, readonly: bool = False) -> None:
        self.url = url
        self.readonly = readonly
        self.where = redact(url)
        self.dialect = "postgresql" if is_postgres(url) else "sqlite"
        self._conn: Any = None
        #: Driver errors that mean the server, not the query (PostgreSQL only).
        self._server_errors: tuple[type[Exception], ...] = ()
        self._in_tx = False
        #: Reads kept while the store does not change (:meth:`keep`): None keeps nothing.
        #: The web server's memo sets it and empties it whenever the store may have changed.
        self.kept: dict[Hashable, Any] | None = None
        self._connect()
        try:
            from dateline.store.migrations import migrate

            migrate(self)
        except BaseException:
            self.close()
            raise

    # -- connection ---------------------------------------------------------------------------

    def _connect(self) -> None:
        if self.dialect == "postgresql":
            self._connect_postgres()
        else:
            self._connect_sqlite()

    def _connect_sqlite(self) -> None:
        path = (
            self.url.removeprefix("sqlite:///") if self.url.startswith("sqlite:///") else self.url
        )
        self.path = Path(path)
        if self.readonly:
            if not self.path.is_file():
                raise StoreNotFound(str(self.path))
            target, uri = _readonly_uri(self.path), True
        else:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:  # a file where a folder should be, no permission
                raise StoreUnavailable(
                    f"cannot create the knowledge base {self.path}: "
                    f"{err.strerror or err} ({err.filename or self.path.parent})"
                ) from err
            if self.path.is_dir():
                raise StoreUnavailable(f"cannot use {self.path} as a knowledge base: a folder")
            target, uri = str(self.path), False
        try:
            conn = sqlite3.connect(
                target, uri=uri, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                check_same_thread=False,
            )  # fmt: skip
            conn.row_factory = _dict_row
            if self.readonly:
                conn.execute("PRAGMA query_only = ON")  # a mode=rw reader: no write, ever
            conn.execute("PRAGMA foreign_keys = ON")
            if not self.readonly:
                # WAL: readers never block the writer; NORMAL is durable across a process
                # crash (kill -9), which is what an interrupted ingest needs.
                _set_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as err:
            raise self._translate(err) from err
        self._conn = conn

    def _connect_postgres(self) -> None:
        try:
            import psycopg
            from psycopg.rows import dict_row
        except ImportError as err:  # pragma: no cover - psycopg is pinned in requirements
            raise StoreUnavailable(
                "PostgreSQL support needs psycopg: pip install 'psycopg[binary]'"
            ) from err
        try:
            conn = psycopg.connect(
                self.url, autocommit=True, row_factory=dict_row, connect_timeout=CONNECT_TIMEOUT_S
            )
        except psycopg.Error as err:
            text = redact(str(err).strip())
            reason = text.splitlines()[0] if text else type(err).__name__
            raise StoreUnavailable(
                f"cannot connect to PostgreSQL at {self.where}: {reason}; is the server running?"
            ) from err
        if self.readonly:
            conn.execute("SET default_transaction_read_only = on")
        self._conn = conn
        self._server_errors = (psycopg.OperationalError, psycopg.InterfaceError)

    def close(self) -> None:
        """Close the connection; safe to call twice."""
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.where!r}, dialect={self.dialect!r}, readonly={self.readonly})"

    # -- SQL ------------------------------------------------------------------------------------

    def sql(self, query: str) -> str:
        """Adapt portable SQL to this dialect (placeholders; see :func:`to_pyformat`)."""
        return to_pyformat(query) if self.dialect == "postgresql" else query

    def execute(self, query: str, params: Sequence = ()) -> Any:
        if self._conn is None:
            raise StoreError(f"the knowledge base {self.where} is closed")
        try:
            return self._conn.execute(self.sql(query), tuple(params))
        except sqlite3.IntegrityError:
            raise  # a bad record: the caller rolls it back alone
        except sqlite3.DatabaseError as err:
            raise self._translate(err) from err
        except self._server_errors as err:
            raise self._server_gone(err) from err

    def executemany(self, query: str, rows: Iterable[Sequence]) -> None:
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        try:
            if self.dialect == "postgresql":
                with self._conn.cursor() as cur:
                    cur.executemany(self.sql(query), rows)
            else:
                self._conn.executemany(query, rows)
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as err:
            raise self._translate(err) from err
        except self._server_errors as err:
            raise self._server_gone(err) from err

    def rows(self, query: str, params: Sequence = ()) -> list[dict]:
        return list(self.execute(query, params).fetchall())

    def one(self, query: str, params: Sequence = ()) -> dict | None:
        return self.execute(query, params).fetchone()

    def scalar(self, query: str, params: Sequence = ()) -> Any:
        row = self.one(query, params)
        return None if row is None else next(iter(row.values()))

    def iterate(self, query: str, params: Sequence = (), size: int = 1000) -> Iterator[dict]:
        """Stream a large result without holding it all in memory."""
        if self.dialect == "postgresql":
            # A server-side cursor lives in a transaction (a savepoint when inside one).
            try:
                with self._conn.transaction(), self._conn.cursor(name="dateline_iter") as cur:
                    cur.itersize = size
                    cur.execute(self.sql(query), tuple(params))
                    yield from cur
            except self._server_errors as err:
                raise self._server_gone(err) from err
        else:
            cur = self.execute(query, params)
            while batch := cur.fetchmany(size):
                yield from batch

    def keep(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """``compute()``, kept under ``key`` while the store is unchanged where a caller
        asked for that (:attr:`kept`, set by the web server's memo); else computed afresh.
        For a read that several parts of one page need (the names read as a person)."""
        if self.kept is None:
            return compute()
        if key not in self.kept:
            self.kept[key] = compute()
        return self.kept[key]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: commit on success, roll back on any exception (or kill -9)."""
        if self._in_tx:
            raise StoreError("nested transaction")
        self._in_tx = True
        if self.kept is not None:
            self.kept.clear()  # what was read before a write may not hold after it
        try:
            if self.dialect == "postgresql":
                try:
                    with self._conn.transaction():
                        yield
                except self._server_errors as err:  # the commit itself, on a lost server
                    raise self._server_gone(err) from err
            else:
                # IMMEDIATE takes the write lock now, so a locked store fails before any work.
                self.execute("BEGIN IMMEDIATE")
                try:
                    yield
                except BaseException:
                    self._conn.rollback()
                    raise
                try:
                    self._conn.commit()
                except sqlite3.OperationalError as err:
                    self._conn.rollback()
                    raise self._translate(err) from err
        finally:
            self._in_tx = False

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested all-or-nothing step inside :meth:`transaction` (one record)."""
        self.execute("SAVEPOINT dateline_item")
        try:
            yield
        except BaseException:
            self.execute("ROLLBACK TO SAVEPOINT dateline_item")
            self.execute("RELEASE SAVEPOINT dateline_item")
            raise
        self.execute("RELEASE SAVEPOINT dateline_item")

    def _server_gone(self, err: Exception) -> StoreError:
        """A PostgreSQL connection lost, a server shutting down, a cancelled statement."""
        text = redact(str(err).strip())
        reason = text.splitlines()[0] if text else type(err).__name__
        return StoreUnavailable(f"PostgreSQL at {self.where} failed: {reason}")

    def _translate(self, err: sqlite3.DatabaseError) -> StoreError:
        text = str(err)
        if "locked" in text or "busy" in text:
            return StoreLocked(self.where, BUSY_TIMEOUT_S)
        if "not a database" in text:
            return StoreUnavailable(
                f"{self.where} is not a Dateline knowledge base (SQLite says: {text})"
            )
        if "malformed" in text:
            return StoreUnavailable(
                f"the knowledge base {self.where} is damaged (SQLite says: {text}); "
                "restore it from a copy or ingest again into a new file"
            )
        if "unable to open" in text:
            return StoreUnavailable(f"cannot open the knowledge base {self.where}: {text}")
        if "readonly" in text or "read-only" in text:
            return StoreError(f"the knowledge base {self.where} is open read-only: {text}")
        return StoreError(f"{self.where}: {text}")

    # -- the public write API -------------------------------------------------------------------

    def add_records(self, records: Iterable[dict], batch_size: int = BATCH_SIZE) -> int:
        """Add contract records (docs/record.md); return how many articles were new.

        One transaction per ``batch_size`` articles; an article id already in the store
        is skipped, so adding the same records twice adds nothing.
        """
        from dateline.store.ingest import ingest

        return ingest(records, self, batch_size=batch_size).added

    def counts(self) -> dict[str, int]:
        """Rows per table: articles, entities (live), mentions, quotes, times."""
        return {
            "articles": self.scalar("SELECT COUNT(*) FROM articles"),
            "entities": self.scalar("SELECT COUNT(*) FROM entities WHERE merged_into IS NULL"),
            "mentions": self.scalar("SELECT COUNT(*) FROM mentions"),
            "quotes": self.scalar("SELECT COUNT(*) FROM quotes"),
            "times": self.scalar("SELECT COUNT(*) FROM times"),
        }


def _readonly_uri(path: Path) -> str:
    """The URI of a read-only open, which leaves no file behind.

    Where this process cannot write the folder (or the file), SQLite could create neither
    the WAL index nor a journal: ``mode=ro&immutable=1`` reads the file as it is, with no
    lock and no -wal/-shm file. Elsewhere ``mode=rw`` (with ``PRAGMA query_only``, set by
    the caller): SQLite needs the -wal/-shm pair to read beside a writer, and a read-write
    connection, unlike a ``mode=ro`` one, removes the pair when it is the last to close.
    """
    folder = path.resolve().parent
    target = f"file:{_uri_path(path.resolve())}"
    if not (os.access(folder, os.W_OK | os.X_OK) and os.access(path, os.W_OK)):
        return target + "?mode=ro&immutable=1"
    return target + "?mode=rw"


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(path.as_posix(), safe="/")


def _dict_row(cursor: sqlite3.Cursor, row: tuple) -> dict:
    return {col[0]: value for col, value in zip(cursor.description, row, strict=True)}


def open_store(url_or_path: str | Path, readonly: bool = False) -> Store:
    """Open (and create or migrate, unless ``readonly``) a knowledge base.

    ``url_or_path`` is a SQLite file path (``dateline.db``, ``sqlite:///path``) or a
    ``postgresql://user@host:port/dbname`` URL.
    """
    return Store(str(url_or_path), readonly=readonly)


def _set_wal(conn: sqlite3.Connection) -> None:
    """Switch a connection to WAL. On a new file opened by several at once the switch can
    answer "database is locked" at once, without waiting for the busy timeout (SQLite
    calls no busy handler there), so it is tried again for up to ``BUSY_TIMEOUT_S``."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
