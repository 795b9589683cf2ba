"""The Apache Spark job: shards of WARC, JSON Lines or text in, Parquet of records out.

Each input file (a glob or any URI Hadoop reads: ``file:``, ``hdfs://``, ``s3a://``)
is read on an executor by Dateline's own readers (:func:`~dateline.scale.shard.read_blob`);
its articles are annotated in ``mapPartitions`` by the shard function every path
shares (:func:`~dateline.scale.shard.process_shard`), with the pipeline loaded once
per executor Python process and never pickled. The output is Parquet, one row per
article (the record as JSON beside its id, date and source) or per skipped item
(``error`` and ``kind`` say why), sorted in input order; ``dateline load``
(:mod:`dateline.scale.parquet`) bulk-loads it into the store.

Run it from the CLI (``dateline spark``), from Python (:func:`run_job`) or with
``spark-submit .../dateline/scale/spark.py INPUT... --output DIR``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from importlib import resources
from pathlib import Path

from dateline.errors import DatelineError
from dateline.ingest import ReadOptions
from dateline.scale.shard import EventReport, article_dict, process_shard, read_blob

#: Parquet columns, one row per article or skipped item. ``file`` and ``seq`` (the
#: item's place in its file) give back the input order; ``origin`` names the item.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "string"),
    ("seq", "long"),
    ("origin", "string"),
    ("id", "string"),
    ("published", "string"),
    ("source", "string"),
    ("url", "string"),
    ("record", "string"),
    ("error", "string"),
    ("kind", "string"),
)

#: ``kind`` of the rows of exact duplicates (not counted as skipped, as in ``extract``).
DUPLICATE = "duplicate"

#: The log4j2 configuration of local sessions (Spark's own log at level error).
LOG4J = "data/spark/log4j2.properties"


class OutputExists(DatelineError):
    """The job's output folder is already there."""

    def __init__(self, output: str) -> None:
        super().__init__(f"{output} already exists; remove it or pass --overwrite")


@dataclass
class JobSummary:
    """What a job wrote: records, and skipped items by kind."""

    output: str
    records: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0

    def line(self) -> str:
        parts = [f"{self.records} records", f"{sum(self.skipped.values())} skipped"]
        if self.skipped:
            kinds = sorted(self.skipped.items(), key=lambda kv: -kv[1])
            parts[-1] += " (" + ", ".join(f"{k}: {v}" for k, v in kinds) + ")"
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicates")
        return ", ".join(parts) + f" -> {self.output}"


def session(master: str | None = "local[2]", app_name: str = "dateline", conf=None):
    """A SparkSession. A local master gets a quiet loopback-only setup; under
    ``spark-submit`` pass ``master=None`` and the submit options rule."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        # Workers must start the Python that has Dateline and the model installed; on a
        # cluster that is the submitter's choice (spark.pyspark.python, see docs/scale.md).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        log4j = resources.files("dateline").joinpath(LOG4J)
        java = f"-Dlog4j2.configurationFile=file:{log4j} -XX:-UsePerfData"
        for key, value in {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",
            "spark.driver.extraJavaOptions": java,
            "spark.executor.extraJavaOptions": java,
            "spark.sql.shuffle.partitions": "8",
        }.items():
            builder = builder.config(key, value)
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _row(file: str, seq: int, origin: str | None, **values) -> tuple:
    row = dict.fromkeys(name for name, _ in COLUMNS)
    row.update(file=file, seq=seq, origin=origin, **values)
    return tuple(row[name] for name, _ in COLUMNS)


def _skips(report: EventReport) -> Iterator[tuple[str, str, str]]:
    """Drain the report's skips and rejections as (item, reason, kind)."""
    events, report.events = report.events, []
    for method, item, reason, kind in events:
        if method != "warn":
            yield item, reason, kind or reason


def read_file_items(opts: ReadOptions, path_and_bytes: tuple[str, bytes]) -> Iterator[tuple]:
    """One file's items in order: ``("article", file, seq, article dict)`` or
    ``("skip", row)`` for an item its reader skipped; ``seq`` is the place in the file."""
    from dateline.ingest.language import filter_language

    path, data = path_and_bytes
    report = EventReport()
    seq = 0
    articles = read_blob(path, data, opts, report)
    for article in filter_language(articles, report, keep_non_english=opts.keep_non_english):
        for item, reason, kind in _skips(report):
            yield ("skip", _row(path, seq, item, error=reason, kind=kind))
            seq += 1
        yield ("article", path, seq, article_dict(article))
        seq += 1
    for item, reason, kind in _skips(report):
        yield ("skip", _row(path, seq, item, error=reason, kind=kind))
        seq += 1


def _url_key(item: tuple) -> str | None:
    from dateline.ingest.dedup import canonical_url

    article = item[3]
    return canonical_url((article.get("meta") or {}).get("canonical_url") or article.get("url"))


def _text_key(item: tuple) -> str:
    from dateline.ingest.dedup import normalise_text

    return hashlib.sha1(normalise_text(item[3]["text"]).encode("utf-8")).hexdigest()


def _earlier(a: tuple[tuple, list], b: tuple[tuple, list]) -> tuple[tuple, list]:
    """Of two copies, the one earlier in the input wins; the other becomes a skip row."""
    (first, dropped_a), (second, dropped_b) = a, b
    if second[1:3] < first[1:3]:
        first, second = second, first
    row = _row(
        second[1],
        second[2],
        second[3].get("origin"),
        id=second[3].get("id"),
        error=f"duplicate of {first[3].get('id')}",
        kind=DUPLICATE,
    )
    return first, dropped_a + dropped_b + [("skip", row)]


def _keep_earliest(articles, key):
    """Articles with one copy per ``key`` (keyless ones kept), and skip rows for the rest."""
    keyed = articles.map(lambda item: (key(item), item))
    merged = (
        keyed.filter(lambda kv: kv[0] is not None)
        .mapValues(lambda item: (item, []))
        .reduceByKey(_earlier)
    )
    keyless = keyed.filter(lambda kv: kv[0] is None).values()
    return merged.map(lambda kv: kv[1][0]).union(keyless), merged.flatMap(lambda kv: kv[1][1])


def drop_duplicates(items):
    """Exact duplicates across the whole input, as ``dateline.ingest.dedup`` finds them
    (the same canonical URL, or the same normalised text), dropped: the copy earliest in
    the input (by file, then place in file) is kept. Near-duplicates are not linked
    here: the link is not part of the record."""
    articles = items.filter(lambda item: item[0] == "article")
    skips = items.filter(lambda item: item[0] == "skip")
    articles, by_url = _keep_earliest(articles, _url_key)
    articles, by_text = _keep_earliest(articles, _text_key)
    return articles.union(skips).union(by_url).union(by_text)


#: Articles a partition annotates at a time: a partition may hold millions, and only
#: this many (with their records) are held in memory at once.
CHUNK_ARTICLES = 512


def annotate_partition(
    model: str | None, batch_size: int | None, max_chars: int | None, items: Iterable[tuple]
) -> Iterator[tuple]:
    """``mapPartitions`` body: annotate a partition's articles; pass skip rows through."""
    chunk: list[tuple[str, int, dict]] = []
    for item in items:
        if item[0] == "skip":
            yield item[1]
            continue
        chunk.append(item[1:])
        if len(chunk) >= CHUNK_ARTICLES:
            yield from _annotate_chunk(chunk, model, batch_size, max_chars)
            chunk = []
    yield from _annotate_chunk(chunk, model, batch_size, max_chars)


def _annotate_chunk(
    chunk: list[tuple[str, int, dict]],
    model: str | None,
    batch_size: int | None,
    max_chars: int | None,
) -> Iterator[tuple]:
    report = EventReport()
    records = process_shard(
        (a for _, _, a in chunk),
        model=model,
        batch_size=batch_size,
        max_chars=max_chars,
        report=report,
    )
    # Records come in article order, minus the rejected: walk the articles alongside.
    place = iter(chunk)
    for record in records:
        file, seq, article = next(place)
        while article["id"] != record["id"]:
            file, seq, article = next(place)
        yield _row(
            file,
            seq,
            article.get("origin"),
            id=record["id"],
            published=record["published"],
            source=record["source"],
            url=record["url"],
            record=json.dumps(record, ensure_ascii=False),
        )
    rejected = {a.get("origin") or a["id"]: (f, s) for f, s, a in chunk}
    for item, reason, kind in _skips(report):
        file, seq = rejected.get(item, (None, None))
        yield _row(file, seq, item, error=reason, kind=kind)


def run_job(
    spark,
    inputs: list[str],
    output: str,
    *,
    model: str | None = None,
    batch_size: int | None = None,
    max_chars: int | None = None,
    opts: ReadOptions | None = None,
    partitions: int | None = None,
    overwrite: bool = False,
) -> JobSummary:
    """Read ``inputs`` (paths, globs, URIs), annotate every article, write Parquet to ``output``.

    ``partitions`` spreads the articles over that many tasks after reading (one big
    JSON Lines file would otherwise be one task); by default Spark's default
    parallelism is used.
    """
    from pyspark import StorageLevel
    from pyspark.sql.types import StructType

    schema = StructType.fromDDL(", ".join(f"{name} {kind}" for name, kind in COLUMNS))
    context = spark.sparkContext
    if not overwrite and _exists(spark, output):
        raise OutputExists(output)
    items = context.binaryFiles(",".join(_uri(p) for p in inputs)).flatMap(
        partial(read_file_items, opts or ReadOptions())
    )
    if (opts or ReadOptions()).dedup:
        items = drop_duplicates(items)
    items = items.repartition(partitions or context.defaultParallelism)
    rows = items.mapPartitions(partial(annotate_partition, model, batch_size, max_chars))
    # Sorting samples the rows before it sorts them: keep them on disk in between, so
    # each article is annotated once. The sorted output reads back in input order.
    rows.persist(StorageLevel.DISK_ONLY)
    try:
        frame = spark.createDataFrame(rows, schema).orderBy("file", "seq")
        frame.write.mode("overwrite" if overwrite else "errorifexists").parquet(output)
    finally:
        rows.unpersist()
    summary = JobSummary(output)
    for row in spark.read.parquet(output).groupBy("kind").count().collect():
        if row["kind"] is None:
            summary.records = row["count"]
        elif row["kind"] == DUPLICATE:
            summary.duplicates = row["count"]
        else:
            summary.skipped[row["kind"]] = row["count"]
    return summary


def error_line(err: BaseException) -> str:
    """The line of a Spark error that says what went wrong (not the Py4J call that failed)."""
    lines = [line.strip() for line in str(err).splitlines() if line.strip()]
    for line in lines:
        if "Exception: " in line or "Error: " in line:
            return line.removeprefix(": ")
    return lines[0] if lines else type(err).__name__


def _exists(spark, output: str) -> bool:
    """Whether ``output`` exists, asked of Hadoop's file system so any URI works."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(_uri(output))
    return path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(path)


def _uri(path: str) -> str:
    """Local paths made absolute (executors may run elsewhere); URIs left alone."""
    if "://" in path or path.startswith("file:"):
        return path
    return str(Path(path).absolute())


def main(argv: list[str] | None = None) -> int:
    """``spark-submit dateline/scale/spark.py INPUT... --output DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="files, globs or URIs")
    parser.add_argument("--output", required=True, help="Parquet folder to write")
    parser.add_argument("--model")
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--max-chars", type=int)
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    spark = session(master=None)
    try:
        summary = run_job(
            spark,
            args.inputs,
            args.output,
            model=args.model,
            batch_size=args.batch_size,
            max_chars=args.max_chars,
            partitions=args.partitions,
            overwrite=args.overwrite,
        )
    finally:
        spark.stop()
    print(f"dateline spark: {summary.line()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
