"""``dateline serve``: the knowledge base in a browser, read-only, on 127.0.0.1 by default."""

from __future__ import annotations

import ipaddress
import os

import click

from dateline import settings
from dateline.cli import cli, say
from dateline.settings import SETTINGS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Seconds a worker process may take to start before it is restarted.
WORKER_START_S = 60


def _env(name: str) -> str:
    return next(s.env for s in SETTINGS if s.name == name)


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
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Server processes; more than one uses more cores for many visitors at once.",
)
@click.option(
    "--cache/--no-cache",
    default=None,
    help="Replay unchanged pages until the store changes. [default: $DATELINE_WEB_CACHE or on]",
)
@click.pass_context
def serve(ctx, db, host, port, workers, cache) -> None:
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

    db = str(db or settings.get("db"))
    if cache is not None:  # worker processes read the settings from the environment
        os.environ[_env("web_cache")] = "1" if cache else "0"
    app = create_app(db)  # StoreNotFound etc.: a one-line error, exit 2
    where = app.state.reader.store().where
    if not _is_loopback(host):
        say(f"warning: serving on {host}: other machines can read it")
    say(f"serving {where} on http://{host}:{port}/")
    options = {
        "host": host,
        "port": port,
        "log_level": "warning" if ctx.obj.get("quiet") else "info",
        "server_header": False,
    }
    if workers == 1:
        uvicorn.run(app, **options)
        return
    app.state.reader.close()
    # Worker processes import the app themselves: they find the store in the environment.
    os.environ[_env("db")] = db
    uvicorn.run(
        "dateline.web.app:app_from_settings",
        factory=True,
        workers=workers,
        # a worker imports spaCy (through dateline) before it answers: seconds on a busy machine
        timeout_worker_healthcheck=WORKER_START_S,
        **options,
    )
