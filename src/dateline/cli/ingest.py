"""``dateline ingest``: sources -> readers -> pipeline -> knowledge base."""

from __future__ import annotations

import dataclasses
import signal
import sys
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

import click

from dateline.cli import (
    Progress,
    _finish,
    _read_options,
    annotate,
    cli,
    pipeline_options,
    reading_options,
)
from dateline.cli.query import commit_every_option, db_option
from dateline.ingest import Report, read_sources
from dateline.ingest.language import filter_language


def time_budget_option(over: str):
    """``--time-budget``, saying what happens to an article ``over`` it."""
    return click.option(
        "--time-budget",
        type=click.FloatRange(min=0),
        metavar="SECONDS",
        help=f"Seconds one article may take to annotate; {over}. 0: no limit. "
        "[default: $DATELINE_TIME_BUDGET or 300]",
    )


@cli.command()
@click.argument("paths", nargs=-1, metavar="SOURCE...")
@reading_options
@db_option
@pipeline_options
@commit_every_option
@time_budget_option("an article over it is recorded as failed and the run goes on")
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
    from dateline.ingest.count import count_articles
    from dateline.scale.local import stop_on_signals
    from dateline.store import ingest as run_ingest
    from dateline.store import open_store
    from dateline.store.ingest import Failures, count_failed, failed_articles
    from dateline.store.syndication import Screen

    if bool(paths) == retry_failed:
        raise click.UsageError(
            "--retry-failed takes no SOURCE" if paths else "give a SOURCE, or --retry-failed"
        )
    quiet = ctx.obj["quiet"]
    report = Report()
    failures = Failures()
    # SIGTERM or Ctrl-C: stop annotating, commit what is annotated, exit (twice: at once).
    with open_store(db) as store, stop_on_signals((signal.SIGTERM, signal.SIGINT)) as stop:
        _sign_older(store, quiet)
        if retry_failed:
            articles = failed_articles(store)
            report.read += len(articles)
            total = len(articles)
            screen = Screen(store, None, exact=False)
            fresh = screen.filter(articles, report)
        else:
            opts = _read_options(date, source, fields, fmt)
            total = count_articles(paths, opts)
            # The store-backed screen does the exact de-duplication in bounded memory and
            # leaves out what the store holds; the language is detected after it, so a
            # known article costs a read and an index lookup.
            as_read = dataclasses.replace(opts, dedup=False)
            screen = Screen(store, None, exact=opts.dedup)
            fresh = filter_language(
                screen.filter(read_sources(paths, as_read, report, language=False), report),
                report,
                keep_non_english=opts.keep_non_english,
            )
        bar = Progress(quiet, total=total)
        fresh = _ticking(fresh, screen, bar)
        records = _annotate_any(
            fresh,
            report,
            model,
            batch_size,
            max_chars,
            workers,
            time_budget=time_budget,
            on_failed=failures,
        )
        result = run_ingest(
            bar(records),
            store,
            batch_size=commit_every,
            report=report,
            failures=failures,
            screen=screen,
        )
        say_added(result, store, quiet)
        say_stale(store, model, quiet)
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


def current_pipeline(model: str | None) -> str | None:
    """The ``pipeline`` this run's records will carry (:mod:`dateline.nlp.version`), from
    the model's meta.json without loading the model; None when it cannot be read."""
    from types import SimpleNamespace

    from spacy import util

    from dateline import settings
    from dateline.nlp.version import pipeline_version

    name = model or str(settings.get("model"))
    try:
        path = Path(name) if Path(name).exists() else util.get_package_path(name)
        meta = util.get_model_meta(path)
    except (OSError, ImportError, ValueError):
        return None
    view = bool(int(settings.get("parse_view")))
    return pipeline_version(SimpleNamespace(meta=meta)) + ("" if view else ".noview")


def _ticking(articles: Iterable, screen, bar: Progress) -> Iterator:
    """``articles`` as they pass; each one the screen leaves out moves the bar on."""
    left_out = 0
    for article in articles:
        done = screen.known + screen.duplicates
        if done > left_out:
            bar.advance(done - left_out)
            left_out = done
        yield article
    done = screen.known + screen.duplicates
    if done > left_out:
        bar.advance(done - left_out)


def _annotate_any(articles: Iterator, report, *args, **guard) -> Iterator[dict]:
    """The records of ``articles``; no worker (nor model) is started when none is left
    to annotate, so re-ingesting known articles costs reading them only."""
    first = next(articles, None)
    if first is None:
        return iter(())
    return annotate(chain([first], articles), report, *args, **guard)


def _sign_older(store, quiet: bool) -> None:
    """Sign the articles stored before syndication was kept (once, resumable)."""
    from dateline.store.syndication import backfill, unsigned

    if unsigned(store):
        n = backfill(store)
        if not quiet:
            click.echo(
                f"dateline: signed {n} articles stored before syndication was kept", err=True
            )


def say_stale(store, model: str | None, quiet: bool) -> None:
    """One line when the store holds articles another pipeline annotated."""
    from dateline.store.replace import count_stale

    if quiet or not store.counts()["articles"]:
        return
    pipeline = current_pipeline(model)
    stale = count_stale(store, pipeline) if pipeline else 0
    if stale:
        click.echo(
            f"dateline: {stale} articles in the store were annotated by another pipeline; "
            f"bring them up to date: dateline reannotate --db {store.where}",
            err=True,
        )


@cli.command()
@db_option
@pipeline_options
@commit_every_option
@time_budget_option("one over it keeps its earlier annotations")
@click.pass_context
def reannotate(ctx, db, model, max_chars, batch_size, workers, commit_every, time_budget) -> None:
    """Annotate again the stored articles an older pipeline annotated.

    Each article's earlier annotations are replaced (entities, quotes, times, ...);
    the user's merges and splits still hold. Articles this pipeline annotated are left
    as they are, so a run that was stopped can simply be run again.

    \b
    Examples:
      dateline reannotate --db build/demo.db
      dateline reannotate --db postgresql://dateline@localhost/news --workers 4
    """
    from dateline.scale.local import stop_on_signals
    from dateline.store import open_store
    from dateline.store.ingest import Failures
    from dateline.store.replace import count_stale, replace_records, stale_articles

    quiet = ctx.obj["quiet"]
    pipeline = current_pipeline(model)
    if pipeline is None:
        raise click.UsageError(f"cannot read the version of model {model!r}")
    report = Report()
    failures = Failures()
    with open_store(db) as store, stop_on_signals((signal.SIGTERM, signal.SIGINT)) as stop:
        total = count_stale(store, pipeline)
        articles = stale_articles(store, pipeline)
        report.read += total
        records = _annotate_any(
            articles, report, model, batch_size, max_chars, workers,
            time_budget=time_budget, on_failed=failures,
        )  # fmt: skip
        bar = Progress(quiet, total=total)
        written = replace_records(store, _checked(bar(records), pipeline), commit_every)
        if not quiet:
            left = count_stale(store, pipeline)
            click.echo(
                f"dateline: {written} articles annotated again in {store.where}; "
                f"{len(failures)} kept their earlier annotations (failed); {left} left",
                err=True,
            )
    if stop.requested:
        click.echo(
            f"dateline: stopped by {signal.Signals(stop.signum).name}; run the same command "
            "again to annotate the rest",
            err=True,
        )
        sys.exit(stop.exit_code)
    # Nothing stale is nothing to do, a success (not "no articles found").
    if report.read or report.n_skipped:
        _finish(report, quiet)


def _checked(records: Iterable[dict], pipeline: str) -> Iterator[dict]:
    """The records, refusing one that another pipeline than ``pipeline`` made (it would
    leave its article stale, and every later run would annotate it again)."""
    for record in records:
        if record.get("pipeline") != pipeline:
            raise click.ClickException(
                f"the records carry pipeline {record.get('pipeline')!r}, not {pipeline!r}"
            )
        yield record
