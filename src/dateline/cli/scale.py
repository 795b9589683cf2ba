"""``dateline spark`` (annotate shards on Apache Spark) and ``dateline load`` (Parquet -> store)."""

from __future__ import annotations

import sys

import click

from dateline import settings
from dateline.cli import _finish, _read_options, cli, reading_options
from dateline.cli.query import commit_every_option, db_option
from dateline.ingest import Report


@cli.command(short_help="Annotate shards (files, globs, URIs) on Apache Spark into Parquet.")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option(
    "--output",
    "-o",
    required=True,
    metavar="DIR",
    help="Parquet folder to write (a path or URI: hdfs://, s3a://).",
)
@reading_options
@click.option(
    "--master",
    default="local[2]",
    show_default=True,
    help="Spark master: local[N], spark://host:7077, yarn, k8s://... "
    "Under spark-submit run dateline/scale/spark.py instead.",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    metavar="N",
    help="Spread the articles over N tasks. [default: Spark's default parallelism]",
)
@click.option("--model", metavar="NAME", help="spaCy pipeline on the executors.")
@click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    metavar="N",
    help=f"Skip articles longer than N characters. [default: {settings.get('max_chars')}]",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    metavar="N",
    help=f"Articles per spaCy batch. [default: {settings.get('batch_size')}]",
)
@click.option("--overwrite", is_flag=True, help="Replace DIR if it exists.")
@click.pass_context
def spark(
    ctx,
    inputs,
    output,
    date,
    source,
    fields,
    fmt,
    master,
    partitions,
    model,
    max_chars,
    batch_size,
    overwrite,
) -> None:
    """Annotate INPUT... (files, globs or URIs of WARC, JSON Lines, text) on Apache Spark.

    Every article becomes one Parquet row holding its record as JSON; skipped
    items become rows saying why. Load the result with `dateline load`.

    \b
    Examples:
      dateline spark 'crawl/*.warc.gz' -o build/records.parquet --master local[8]
      dateline load build/records.parquet --db news.db
    """
    from dateline.scale.spark import OutputExists, error_line, run_job, session

    quiet = ctx.obj["quiet"]
    opts = _read_options(date, source, fields, fmt)
    try:
        import pyspark  # noqa: F401
    except ImportError as err:
        raise click.ClickException(
            "pyspark is not installed; install it with `pip install -r requirements/scale.txt`"
        ) from err
    spark_session = session(master)
    try:
        summary = run_job(
            spark_session,
            list(inputs),
            output,
            model=model,
            batch_size=batch_size,
            max_chars=max_chars,
            opts=opts,
            partitions=partitions,
            overwrite=overwrite,
        )
    except OutputExists:
        raise  # a DatelineError: main() prints it on one line
    except Exception as err:
        # Spark's own errors (no input matched the glob, ...) end in one line.
        raise click.ClickException(f"the Spark job failed: {error_line(err)}") from err
    finally:
        spark_session.stop()
    if not quiet:
        click.echo(f"dateline: {summary.line()}", err=True)
    sys.exit(1 if summary.skipped else 0)


@cli.command()
@click.argument("parquet_dir", metavar="PARQUET_DIR", type=click.Path(file_okay=False))
@db_option
@commit_every_option
@click.pass_context
def load(ctx, parquet_dir, db, commit_every) -> None:
    """Bulk-load the Parquet output of `dateline spark` into the knowledge base.

    Entities are resolved across the whole corpus as the articles are added, in
    input order; articles already in the store are skipped, so loading twice
    adds nothing.
    """
    from dateline.cli.ingest import say_added
    from dateline.scale.parquet import load as run_load
    from dateline.store import open_store

    quiet = ctx.obj["quiet"]
    report = Report()
    with open_store(db) as store:
        result = run_load(parquet_dir, store, batch_size=commit_every, report=report)
        say_added(result, store, quiet)
    _finish(report, quiet)
