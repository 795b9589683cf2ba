"""``dateline ingest``: sources -> readers -> pipeline -> knowledge base."""

from __future__ import annotations

import signal
import sys

import click

from dateline.cli import (
    _finish,
    _read_options,
    annotate,
    cli,
    pipeline_options,
    progress,
    reading_options,
)
from dateline.cli.query import commit_every_option, db_option
from dateline.ingest import Report, read_sources


@cli.command()
@click.argument("paths", nargs=-1, metavar="SOURCE...")
@reading_options
@db_option
@pipeline_options
@commit_every_option
@click.option(
    "--time-budget",
    type=click.FloatRange(min=0),
    metavar="SECONDS",
    help="Seconds one article may take to annotate; an article over it is recorded as "
    "failed and the run goes on. 0: no limit. [default: $DATELINE_TIME_BUDGET or 300]",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Annotate again the articles --db records as failed (instead of SOURCE...); "
    "those that now succeed are stored and no longer failed.",
)
@click.pass_context
def ingest(
    ctx,
    paths,
    date,
    source,
    fields,
    fmt,
    db,
    model,
    max_chars,
    batch_size,
    workers,
    commit_every,
    time_budget,
    retry_failed,
) -> None:
    """Annotate articles and add them to the knowledge base.

    SOURCE... are files, folders or - for standard input, as for `dateline extract`.
    Ingesting the same articles again adds nothing; an interrupted run can simply be
    run again. Articles not annotated (over the time budget, or their annotation
    failed) are recorded in the store; --retry-failed tries them again.

    \b
    Examples:
      dateline ingest data/sample/wikinews/articles.jsonl --db build/demo.db
      dateline ingest corpus/ --db postgresql://dateline@localhost/news --workers 4
      dateline ingest --retry-failed --db build/demo.db --time-budget 900
    """
    from dateline.scale.local import stop_on_signals
    from dateline.store import ingest as run_ingest
    from dateline.store import open_store
    from dateline.store.ingest import Failures, count_failed, failed_articles

    if bool(paths) == retry_failed:
        raise click.UsageError(
            "--retry-failed takes no SOURCE" if paths else "give a SOURCE, or --retry-failed"
        )
    quiet = ctx.obj["quiet"]
    report = Report()
    failures = Failures()
    # SIGTERM or Ctrl-C: stop annotating, commit what is annotated, exit (twice: at once).
    with open_store(db) as store, stop_on_signals((signal.SIGTERM, signal.SIGINT)) as stop:
        if retry_failed:
            articles = failed_articles(store)
            report.read += len(articles)
        else:
            articles = read_sources(paths, _read_options(date, source, fields, fmt), report)
        records = annotate(
            articles,
            report,
            model,
            batch_size,
            max_chars,
            workers,
            time_budget=time_budget,
            on_failed=failures,
        )
        result = run_ingest(
            progress(records, quiet),
            store,
            batch_size=commit_every,
            report=report,
            failures=failures,
        )
        say_added(result, store, quiet)
        say_failed(result.recorded_failed, count_failed(store), store, quiet, retried=retry_failed)
    if stop.requested:
        click.echo(
            f"dateline: stopped by {signal.Signals(stop.signum).name}; what was annotated is "
            "stored: run the same command again to add the rest",
            err=True,
        )
        sys.exit(stop.exit_code)
    _finish(report, quiet)


def say_added(result, store, quiet: bool) -> None:
    """One line on stderr: what a run added and what the store now holds."""
    if quiet:
        return
    counts = store.counts()
    click.echo(
        f"dateline: {result.added} articles added to {store.where} "
        f"({result.duplicates} already there); it now holds {counts['articles']} articles, "
        f"{counts['entities']} entities, {counts['quotes']} quotes",
        err=True,
    )


def say_failed(recorded: int, left: int, store, quiet: bool, *, retried: bool) -> None:
    """One line on stderr about the articles recorded as failed, when there are some."""
    if quiet or not (recorded or left or retried):
        return
    now = f"{recorded} failed in this run" if recorded else "none failed in this run"
    retry = f"; try them again: dateline ingest --retry-failed --db {store.where}" if left else ""
    click.echo(f"dateline: {now}; {left} recorded as failed in the store{retry}", err=True)
