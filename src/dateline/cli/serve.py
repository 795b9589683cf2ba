"""``dateline serve``: the knowledge base in a browser, read-only, on 127.0.0.1 by default."""

from __future__ import annotations

import ipaddress

import click

from dateline import settings
from dateline.cli import cli

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command()
@click.option(
    "--db",
    metavar="PATH_OR_URL",
    help=f"Knowledge base to serve (opened read-only). [default: $DATELINE_DB or "
    f"{settings.get('db')}]",
)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on (this machine only by default).",
)
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True)
@click.pass_context
def serve(ctx, db, host, port) -> None:
    """Serve the knowledge base as web pages, each with a JSON twin under /api/.

    Search quotes and articles, follow a speaker over time, read an article with its
    quotes, speakers, entities and dates highlighted. The server never writes.

    \b
    Examples:
      dateline serve --db build/demo.db
      dateline serve --db postgresql://dateline@db.example/news --port 8080
    """
    import uvicorn

    from dateline.web import create_app

    app = create_app(db or settings.get("db"))  # StoreNotFound etc.: a one-line error, exit 2
    if not _is_loopback(host):
        click.echo(f"dateline: warning: serving on {host}: other machines can read it", err=True)
    click.echo(
        f"dateline: serving {app.state.reader.store().where} on http://{host}:{port}/", err=True
    )
    log_level = "warning" if ctx.obj.get("quiet") else "info"
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
