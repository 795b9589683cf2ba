"""``dateline ingest``: sources -> readers -> pipeline -> knowledge base."""

from __future__ import annotations

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
@click.argument("paths", nargs=-1, required=True, metavar="SOURCE...")
@reading_options
@db_option
@pipeline_options
@commit_every_option
@click.pass_context
def ingest(
    ctx, paths, date, source, fields, fmt, db, model, max_chars, batch_size, workers, commit_every
) -> None:
    """Annotate articles and add them to the knowledge base.

    SOURCE... are files, folders or - for standard input, as for `dateline extract`.
    Ingesting the same articles again adds nothing; an interrupted run can simply be
    run again.

    \b
    Examples:
      dateline ingest data/sample/wikinews/articles.jsonl --db build/demo.db
      dateline ingest corpus/ --db postgresql://dateline@localhost/news --workers 4
    """
    from dateline.store import ingest as run_ingest
    from dateline.store import open_store

    quiet = ctx.obj["quiet"]
    opts = _read_options(date, source, fields, fmt)
    report = Report()
    with open_store(db) as store:  # before the model loads: a bad --db fails fast
        articles = read_sources(paths, opts, report)
        records = annotate(articles, report, model, batch_size, max_chars, workers)
        result = run_ingest(progress(records, quiet), store, batch_size=commit_every, report=report)
        say_added(result, store, quiet)
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
