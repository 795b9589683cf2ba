"""``dateline merge`` / ``dateline split``: the user corrects entity resolution.

Decisions are stored with the knowledge base and hold for every later ingest.
"""

from __future__ import annotations

import click

from dateline.cli import cli
from dateline.cli.query import db_option


@cli.command()
@click.argument("target", type=int)
@click.argument("others", nargs=-1, required=True, type=int, metavar="OTHER...")
@db_option
def merge(target, others, db) -> None:
    """Merge entities OTHER... into TARGET (ids from `dateline entities`)."""
    from dateline.kb import merge as run_merge
    from dateline.store import open_store

    with open_store(db) as store:
        kept = run_merge(store, target, list(others))
    click.echo(f"merged {', '.join(map(str, others))} into {kept['name']!r} ({kept['id']})")


@cli.command()
@click.argument("entity", type=int)
@click.argument("alias")
@db_option
def split(entity, alias, db) -> None:
    """Move the articles that call ENTITY by ALIAS to an entity of their own.

    \b
    Example: dateline split 12 "George Bush"   # apart from "George W. Bush"
    """
    from dateline.kb import split as run_split
    from dateline.store import open_store

    with open_store(db) as store:
        new = run_split(store, entity, alias)
    click.echo(f"split {new['name']!r} off entity {new['from']} as entity {new['id']}")
