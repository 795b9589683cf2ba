"""Reading a Spark job's Parquet back, and bulk-loading it into the knowledge base.

Needs pyarrow only, not Spark: the machine that loads the store need not run Spark.
The job writes its rows sorted by (file, place in file), so reading the part files
in name order gives the records in input order with one batch in memory at a time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

from dateline.errors import DatelineError
from dateline.ingest.common import describe_error
from dateline.ingest.jsonvalues import JSON_ERRORS, describe
from dateline.ingest.report import Report

log = logging.getLogger("dateline.scale")


class NotAJobOutput(DatelineError):
    """The folder is not the Parquet output of ``dateline spark``."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(
            f"{where} is not the output of `dateline spark` ({why}); "
            "give the folder its --output named"
        )


def part_files(parquet_dir: str | Path) -> list[Path]:
    """The job's Parquet part files in name (= row) order."""
    folder = Path(parquet_dir)
    if not folder.is_dir():
        raise NotAJobOutput(str(folder), "no such folder")
    files = sorted(p for p in folder.glob("*.parquet") if p.is_file())
    if not files and not (folder / "_SUCCESS").exists():
        raise NotAJobOutput(str(folder), "no Parquet files and no _SUCCESS marker")
    return files


def read_rows(
    parquet_dir: str | Path, columns: list[str] | None = None, report: Report | None = None
) -> Iterator[dict]:
    """The job's rows, in order, batch by batch, as dicts.

    With a ``report``, a part file that breaks (corrupt, cut) is reported and the
    next one read: the rows before the break are kept. Without one, it raises.
    """
    import pyarrow.parquet as pq

    for path in part_files(parquet_dir):
        try:
            source = pq.ParquetFile(path)
            missing = [c for c in columns or () if c not in source.schema_arrow.names]
            if missing:
                raise NotAJobOutput(str(path), f"no column {', '.join(missing)}")
            for batch in source.iter_batches(columns=columns):
                yield from batch.to_pylist()
        except NotAJobOutput:
            raise
        except Exception as err:  # noqa: BLE001 - pyarrow raises many kinds on a damaged file
            if report is None:
                raise
            report.skip(
                str(path),
                f"part file stops being readable ({describe_error(err)})",
                "truncated file",
            )


def read_records(parquet_dir: str | Path, report: Report | None = None) -> Iterator[dict]:
    """The contract records in a job's output, in input order, exactly as the job made them.

    Rows for items the job skipped are counted in ``report`` (as skipped upstream);
    a row whose record is not JSON is reported and skipped.
    """
    report = report if report is not None else Report()
    for row in read_rows(parquet_dir, ["origin", "record", "error", "kind"], report):
        if row["record"] is None:
            if row["kind"] == "duplicate":
                report.duplicates += 1
            else:
                report.skipped[f"skipped by the job: {row['kind'] or row['error']}"] += 1
            continue
        try:
            record = json.loads(row["record"])
        except JSON_ERRORS as err:
            # Any value the parser refuses (a 5,000-digit number, nesting too deep) costs
            # only its own row.
            report.skip(str(row["origin"]), f"record is {describe(err)}", "bad record")
            continue
        if not isinstance(record, dict):
            report.skip(str(row["origin"]), "record is not a JSON object", "bad record")
            continue
        report.ok()
        yield record


def read_skips(parquet_dir: str | Path) -> Iterator[dict]:
    """The items the job skipped: ``origin``, ``error`` and ``kind``."""
    for row in read_rows(parquet_dir, ["origin", "error", "kind"]):
        if row["error"] is not None:
            yield row


def load(parquet_dir: str | Path, store, *, batch_size: int | None = None, report=None):
    """Bulk-load a job's records into ``store``, in input order; return the IngestResult.

    The store resolves each article's entities against the whole knowledge base as
    it adds them (cross-article entity resolution), so loading in input order gives
    the same knowledge base as ``dateline ingest`` of the same sources. Articles
    already in the store are skipped: loading twice adds nothing.
    """
    from dateline.store import BATCH_SIZE, ingest

    report = report if report is not None else Report()
    return ingest(
        read_records(parquet_dir, report), store, batch_size=batch_size or BATCH_SIZE, report=report
    )
