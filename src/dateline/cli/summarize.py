"""``dateline summarize``: a readable summary of records from ``dateline extract``."""

from __future__ import annotations

import json

import click

from dateline.cli import cli


@cli.command()
@click.argument("records", type=click.File("r", encoding="utf-8"), default="-")
def summarize(records) -> None:
    """Summarise a JSON Lines file of records (default: standard input)."""
    from dateline.summary import summarize as run

    def rows():
        for lineno, line in enumerate(records, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    msg = f"{records.name}:{lineno}: not JSON ({err.msg})"
                    raise click.ClickException(msg) from err

    click.echo(run(rows()))
