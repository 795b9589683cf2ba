"""Exports: JSON Lines records, or CSV / Parquet tables of articles, entities, mentions,
quotes, times, aliases and titles. Streamed in chunks, so an export never holds the store
in memory."""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from dateline.errors import DatelineError

if TYPE_CHECKING:
    from dateline.store.db import Store

FORMATS = ("jsonl", "csv", "parquet")
#: Rows per Parquet row group / fetch.
CHUNK = 10_000

#: table name -> the query that exports it (flat columns, joined to KB ids and names).
TABLES: dict[str, str] = {
    "articles": "SELECT id, url, title, source, published, text, ingested_at FROM articles",
    "entities": (
        "SELECT id, name, type, n_articles AS articles, n_mentions AS mentions, "
        "n_quotes AS quotes, merged_into FROM entities"
    ),
    "mentions": (
        "SELECT m.article_id, m.local_id AS entity_local_id, ae.entity_id, ae.name AS entity_name,"
        " ae.type AS entity_type, m.start_char, m.end_char, m.text FROM mentions m "
        "JOIN article_entities ae ON ae.article_id = m.article_id AND ae.local_id = m.local_id"
    ),
    "quotes": (
        "SELECT id, article_id, local_id, kind, start_char, end_char, text, cue_start, cue_end, "
        "cue_text, source_start, source_end, source_text, speaker_id, speaker_local, "
        "speaker_name, time_local, date, date_from, outlet, speaker_kind, speaker_via, "
        "speaker_confidence, speaker_description, affiliation_local FROM quotes"
    ),
    "times": ("SELECT article_id, local_id, start_char, end_char, text, type, value FROM times"),
    # the names articles used for each entity, and its titles with when each was used
    "aliases": "SELECT entity_id, name, n FROM entity_names",
    "titles": "SELECT entity_id, title, first, last, n FROM entity_titles",
}


class ExportError(DatelineError):
    """Bad export arguments (unknown format or table), or an output that cannot be written
    (a full disk, a folder where a file should go, a file where a folder should go)."""


def json_line(value: object) -> str:
    """``value`` as one line of JSON, non-ASCII kept as is; a lone surrogate (text decoded
    with ``surrogateescape``) is written as a ``\\udXXX`` escape, so the line is always
    valid UTF-8."""
    line = json.dumps(value, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(value, ensure_ascii=True)
    return line


def _write_safely(path: Path, write: Callable[[Path], int]) -> int:
    """Write through ``path.part`` and rename: no half-written file under the final name,
    and no ``.part`` left behind when writing fails."""
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    tmp = path.with_name(path.name + ".part")
    try:
        n = write(tmp)
        tmp.replace(path)
    except OSError as err:
        _remove(tmp)
        raise ExportError(f"cannot write {path}: {err.strerror or err}") from err
    except BaseException:
        _remove(tmp)
        raise
    return n


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):  # never made (its folder is a file), or already gone
        path.unlink()


def export(
    store: Store,
    fmt: str,
    out: Path,
    tables: list[str] | None = None,
    *,
    force: bool = False,
) -> dict[str, int]:
    """Write the store to ``out``; return rows written per file.

    ``jsonl``: ``out`` is a file of contract records (docs/record.md), one per line.
    ``csv``/``parquet``: ``out`` is a folder that gets one file per table (:data:`TABLES`).
    A file already there is an error unless ``force``: nothing is written then.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "jsonl":
        _refuse_overwrite([out], force)
        return {str(out): _write_safely(out, lambda tmp: _jsonl(store, tmp))}
    unknown = sorted(set(tables or ()) - set(TABLES))
    if unknown:
        raise ExportError(f"unknown table {unknown[0]!r}; use any of {', '.join(TABLES)}")
    _refuse_overwrite([out / f"{t}.{fmt}" for t in tables or TABLES], force)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # a file where the folder should be, or above it
        raise ExportError(f"cannot make the folder {out}: {err.strerror or err}") from err
    written = {}
    write = _csv if fmt == "csv" else _parquet
    for table in tables or list(TABLES):
        path = out / f"{table}.{fmt}"
        written[str(path)] = _write_safely(path, lambda tmp, t=table: write(store, t, tmp))
    return written


def _refuse_overwrite(paths: list[Path], force: bool) -> None:
    there = [p for p in paths if p.exists() and not p.is_dir()]
    if there and not force:
        names = ", ".join(str(p) for p in there[:3]) + (", …" if len(there) > 3 else "")
        raise ExportError(f"{names} already exist{'s' if len(there) == 1 else ''}; "
                          "pass --force to overwrite")  # fmt: skip


def write_jsonl(store: Store, stream: TextIO) -> int:
    """Write every record to the text ``stream`` (standard output, say); return how many."""
    from dateline.store.records import records

    n = 0
    for record in records(store):
        stream.write(json_line(record))
        stream.write("\n")
        n += 1
    return n


def _jsonl(store: Store, path: Path) -> int:
    with path.open("w", encoding="utf-8") as f:
        return write_jsonl(store, f)


def _chunks(store: Store, sql: str) -> Iterator[list[dict]]:
    chunk: list[dict] = []
    for row in store.iterate(sql, size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _columns(store: Store, sql: str) -> list[str]:
    cur = store.execute(f"SELECT * FROM ({sql}) t LIMIT 0")
    return [c[0] for c in cur.description]


def _csv(store: Store, table: str, path: Path) -> int:
    sql = TABLES[table]
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=_columns(store, sql))
        writer.writeheader()
        for chunk in _chunks(store, sql):
            writer.writerows(chunk)
            n += len(chunk)
    return n


def _parquet(store: Store, table: str, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    sql = TABLES[table]
    columns = _columns(store, sql)
    schema = pa.schema([(c, _arrow_type(table, c)) for c in columns])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        for chunk in _chunks(store, sql):
            batch = pa.table({c: [row[c] for row in chunk] for c in columns}, schema=schema)
            writer.write_table(batch)
            n += len(chunk)
    return n


_INT_COLUMNS = {
    "id", "entity_id", "speaker_id", "merged_into", "articles", "mentions", "quotes", "n",
}  # fmt: skip


def _arrow_type(table: str, column: str):
    import pyarrow as pa

    if column.endswith(("_char", "_start", "_end")):
        return pa.int64()
    if table != "articles" and column in _INT_COLUMNS:
        return pa.int64()
    return pa.string()
