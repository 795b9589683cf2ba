"""``dateline extract``: records as JSON Lines on standard output."""

from __future__ import annotations

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
from dateline.ingest import Report, read_sources
from dateline.store.export import json_line


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@reading_options
@pipeline_options
@click.pass_context
def extract(ctx, paths, date, source, fields, fmt, model, max_chars, batch_size, workers) -> None:
    """Print one JSON record per article on standard output.

    The record (see docs/record.md) holds the text as read, its entities with
    every mention, quotes with cue, source and speaker, and normalised times.

    \b
    Examples:
      dateline extract story.txt --date 2008-04-01 --source "RIA Novosti"
      dateline extract articles.jsonl --field text=body --field published=pubDate
      cat story.txt | dateline extract - --date 2008-04-01
    """
    quiet = ctx.obj["quiet"]
    opts = _read_options(date, source, fields, fmt)
    report = Report()
    articles = read_sources(paths, opts, report)
    records = annotate(articles, report, model, batch_size, max_chars, workers)
    out = sys.stdout
    for record in progress(records, quiet):
        out.write(json_line(record))  # a lone surrogate is escaped: always valid UTF-8
        out.write("\n")
    out.flush()
    _finish(report, quiet)
