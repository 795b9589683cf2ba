"""``dateline extract``: records as JSON Lines on standard output."""

from __future__ import annotations

import json
import sys

import click

from dateline import settings
from dateline.cli import _finish, _load_pipeline, _read_options, cli, progress, reading_options
from dateline.ingest import Report, read_sources


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@reading_options
@click.option(
    "--model",
    metavar="NAME",
    help="spaCy pipeline (package name or folder). "
    f"[default: $DATELINE_MODEL or {settings.get('model')}]",
)
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
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    metavar="N",
    help="Annotate with N processes (one model each); records stay in input order.",
)
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
    from dateline.extract import extract as run_extract

    quiet = ctx.obj["quiet"]
    opts = _read_options(date, source, fields, fmt)
    report = Report()
    articles = read_sources(paths, opts, report)
    if workers > 1:
        from dateline.scale.local import check_model, extract_parallel

        check_model(model)  # a missing model fails here, once, not in every worker
        records = extract_parallel(
            articles, workers, model, batch_size, max_chars=max_chars, report=report
        )
    else:
        records = run_extract(
            articles,
            _load_pipeline(model),
            report=report,
            batch_size=batch_size,
            max_chars=max_chars,
        )
    out = sys.stdout
    for record in progress(records, quiet):
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
    out.flush()
    _finish(report, quiet)
