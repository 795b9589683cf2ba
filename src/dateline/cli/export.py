"""``dateline export``: the knowledge base as JSON Lines records, CSV or Parquet tables."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from dateline.cli import cli, say
from dateline.cli.query import db_option, open_for_reading


@cli.command()
@click.argument("out", type=click.Path(path_type=Path))
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "parquet"]),
    default="jsonl",
    show_default=True,
    help="jsonl: OUT is a file of records (docs/record.md); csv, parquet: OUT is a "
    "folder with one file per table.",
)
@click.option(
    "--table",
    "tables",
    multiple=True,
    type=click.Choice(["articles", "entities", "mentions", "quotes", "times", "aliases", "titles"]),
    help="csv/parquet: export only these tables (repeatable). [default: all]",
)
@click.option("--force", is_flag=True, help="Overwrite files that are already there.")
@click.pass_context
def export(ctx, out, db, fmt, tables, force) -> None:
    """Write the knowledge base to OUT (jsonl: "-" is standard output).

    \b
    Examples:
      dateline export records.jsonl --db dateline.db
      dateline export - | gzip > records.jsonl.gz
      dateline export tables/ --format parquet --table quotes --table entities
    """
    from dateline.store.export import export as run_export
    from dateline.store.export import write_jsonl

    if str(out) == "-":
        if fmt != "jsonl":
            raise click.UsageError("only --format jsonl can be written to standard output")
        with open_for_reading(db) as store:
            write_jsonl(store, sys.stdout)
        return
    with open_for_reading(db) as store:
        written = run_export(store, fmt, out, list(tables) or None, force=force)
    if not ctx.obj["quiet"]:
        for path, n in written.items():
            say(f"wrote {n} rows to {path}")
