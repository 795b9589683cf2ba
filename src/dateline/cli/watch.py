"""``dateline watch``: follow feeds and sitemaps; ``dateline sources``: their health."""

from __future__ import annotations

import asyncio
import signal
import sys
from datetime import UTC, datetime

import click

from dateline.cli import EXIT_OK, EXIT_SKIPPED, annotate, cli, pipeline_options, say
from dateline.cli.query import db_option


@cli.command()
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@db_option
@pipeline_options
@click.option(
    "--every",
    default="15m",
    show_default=True,
    metavar="DURATION",
    help="How often each source is polled (90s, 15m, 2h; at least a minute). Quiet sources "
    "are polled less often, failing ones back off, fast ones sooner.",
)
@click.option(
    "--once",
    is_flag=True,
    help="Poll the sources that are due (on their own schedule, kept in --db) and exit: "
    "for cron or a systemd timer.",
)
@click.option("--now", "poll_now", is_flag=True, help="Poll every source now, due or not.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="HOST",
    help="Allow fetching from this host although it is loopback, private or link-local "
    "(by name as written in URLs, or a network such as 127.0.0.0/8). Repeatable.",
)
@click.option(
    "--contact",
    metavar="EMAIL_OR_URL",
    help="Put in the User-Agent so sites can reach you. [default: $DATELINE_CONTACT]",
)
@click.pass_context
def watch(
    ctx,
    sources,
    db,
    model,
    max_chars,
    batch_size,
    workers,
    every,
    once,
    poll_now,
    allow_hosts,
    contact,
) -> None:
    """Follow feeds and sitemaps and keep the knowledge base current.

    SOURCE... are feed URLs (RSS, Atom, JSON Feed), news sitemaps, OPML files of feeds or
    text files of URLs (one a line). They are added to the sources --db keeps; with no
    SOURCE, the sources already kept are watched. New stories are fetched, annotated and
    stored; a story updated at the same URL is re-read. SIGTERM finishes the article in
    hand and exits 0; a watch killed any other way resumes where it stopped.

    \b
    Examples:
      dateline watch https://example.org/rss.xml --db news.db --contact ops@example.org
      dateline watch feeds.opml --db news.db --once --workers 2
      dateline sources --db news.db
    """
    from dateline.errors import UsageError
    from dateline.ingest import Report
    from dateline.ingest.addresses import AllowList
    from dateline.ingest.fetch import FetchPolicy
    from dateline.ingest.polite import PoliteFetcher, Politeness
    from dateline.ingest.sources import expand
    from dateline.scale.local import stop_on_signals
    from dateline.store import open_store
    from dateline.store import sources as state
    from dateline.watch.runner import Watcher
    from dateline.watch.schedule import SystemClock, parse_every

    try:
        seconds = parse_every(every)
        allow = AllowList.parse(allow_hosts)
    except ValueError as err:
        raise click.BadParameter(str(err)) from None
    found = expand(sources)
    quiet = ctx.obj["quiet"]
    report = Report()
    clock = SystemClock()

    def annotator(articles, report_, failures):
        return annotate(
            articles, report_, model, batch_size, max_chars, workers, on_failed=failures
        )

    with open_store(db) as store, stop_on_signals((signal.SIGTERM, signal.SIGINT)) as stop:
        added = state.add_sources(store, [(s.url, s.kind) for s in found], clock.now())
        urls = [s.url for s in found] or None
        if not state.list_sources(store, urls):
            raise UsageError(f"no sources to watch: give SOURCE..., none are kept in {store.where}")
        if not quiet:
            kept = len(state.list_sources(store))
            say(f"watching {len(urls or []) or kept} sources ({added} new) into {store.where}")
        manners = Politeness.from_settings(allow=allow, contact=contact)

        async def main():
            async with PoliteFetcher(FetchPolicy.from_settings(), manners) as fetcher:
                watcher = Watcher(
                    store,
                    fetcher,
                    annotator,
                    every=seconds,
                    clock=clock,
                    report=report,
                    should_stop=lambda: stop.requested,
                )
                return await watcher.run(once=once, now=poll_now, urls=urls)

        total = asyncio.run(main())
    if not quiet:
        say(
            f"{total.polled} polls ({total.not_modified} not modified, {total.failed} failed), "
            f"{total.new} new and {total.updated} updated stories, {total.stored} stored, "
            f"{total.entry_errors} entries skipped"
        )
    if stop.requested:
        say(f"stopped by {signal.Signals(stop.signum).name}; run it again to go on")
        sys.exit(EXIT_OK)
    sys.exit(EXIT_SKIPPED if total.failed or total.entry_errors else EXIT_OK)


@cli.command("sources")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@click.option(
    "--remove",
    "remove",
    multiple=True,
    metavar="URL",
    help="Stop watching URL (what was read from it stays). Repeatable.",
)
def sources_command(db, as_json, remove) -> None:
    """The sources `dateline watch` follows, with their health."""
    import json

    from dateline.errors import UsageError
    from dateline.store import open_store
    from dateline.store import sources as state

    if remove:
        with open_store(db) as store:
            missing = [url for url in remove if not state.remove_source(store, url)]
        if missing:
            raise UsageError(f"not a watched source: {', '.join(missing)}")
        say(f"{len(remove)} sources no longer watched")
        return
    with open_store(db, readonly=True) as store:
        rows = state.list_sources(store)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row.__dict__, ensure_ascii=False))
        return
    if not rows:
        click.echo(f"no sources kept in {db}; add some with: dateline watch SOURCE... --db {db}")
        return
    click.echo("health\tkind\titems\tlast success\tnext due\turl\tlast error")
    for row in rows:
        click.echo(
            "\t".join(
                [
                    health(row),
                    row.kind,
                    str(row.items_seen),
                    row.last_success or "never",
                    datetime.fromtimestamp(row.next_due, UTC).isoformat(timespec="seconds"),
                    row.url,
                    (row.last_error or row.last_entry_error or "").replace("\t", " ")[:200],
                ]
            )
        )


def health(row) -> str:
    """``ok``, ``new`` (never polled), ``failing xN``, or ``ok, N entries skipped``."""
    if row.failures:
        return f"failing x{row.failures}"
    if not row.last_checked:
        return "new"
    return f"ok ({row.entry_errors} entries skipped)" if row.entry_errors else "ok"
