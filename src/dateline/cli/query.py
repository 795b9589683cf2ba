"""``dateline quotes|entities|timeline|show|network|summary``: reading the knowledge base.

Each command opens the store read-only, calls one function of :mod:`dateline.query`
and prints its rows as a table (default), JSON or CSV.
"""

from __future__ import annotations

import csv
import json
import sys

import click

from dateline import settings
from dateline.cli import cli
from dateline.errors import printable

#: Widest a text cell gets in a table; longer text is cut with "...".
CELL = 70


def db_option(func):
    return click.option(
        "--db",
        metavar="PATH_OR_URL",
        default=lambda: str(settings.get("db")),
        show_default="$DATELINE_DB or dateline.db",
        help="Knowledge base: a SQLite file or a postgresql:// URL.",
    )(func)


def commit_every_option(func):
    """``--commit-every N``: articles per store transaction (``ingest``, ``load``)."""
    return click.option(
        "--commit-every",
        type=click.IntRange(min=1),
        metavar="N",
        default=200,
        show_default=True,
        help="Articles per store transaction: a killed run loses at most this many, "
        "and running it again adds them.",
    )(func)


def format_option(func):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        show_default=True,
        help="Output: a readable table, JSON, or CSV.",
    )(func)


def open_for_reading(db: str):
    """Open read-only; a store from an older Dateline is migrated once first."""
    from dateline.store import SchemaOutdated, open_store

    try:
        return open_store(db, readonly=True)
    except SchemaOutdated:
        open_store(db).close()
        return open_store(db, readonly=True)


def wide_option(func):
    """``--wide``: table cells in full (the default when the output is not a terminal)."""
    return click.option(
        "--wide",
        is_flag=True,
        help="Show table cells in full (always so when the output is not a terminal).",
    )(func)


def quote_format_option(func):
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "jsonl", "csv", "atom"]),
        default="table",
        show_default=True,
        help="Output: a readable table; JSON, JSON Lines or CSV with the citation fields "
        "(url, title, outlet, cue, act, speaker id and title, date and its origin); an "
        "Atom feed.",
    )(func)


def emit_quotes(rows: list[dict], fmt: str, columns: list[str], wide: bool, title: str) -> None:
    """Print quote rows as a table or in one of :data:`dateline.query.formats.FORMATS`."""
    from dateline.query import formats

    if fmt == "table":
        emit(rows, fmt, columns, "quotes", wide=wide)
        return
    formats.write(rows, fmt, sys.stdout, title=title, feed_id=f"urn:dateline:cli:{title}")
    if not rows:
        click.echo("dateline: no quotes match", err=True)


def emit(rows: list[dict], fmt: str, columns: list[str], what: str, *, wide: bool = False) -> None:
    """Print ``rows``; an empty result is a message on stderr, not an error. Table cells
    are cut at :data:`CELL` characters on a terminal unless ``wide``."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({c: _cell(r.get(c), None) for c in columns} for r in rows)
    elif rows:
        full = wide or not sys.stdout.isatty()
        click.echo(table(rows, columns, None if full else CELL))
    if not rows:
        click.echo(f"dateline: no {what} match", err=True)


def table(rows: list[dict], columns: list[str], width: int | None = CELL) -> str:
    """Rows as an aligned text table; cells cut at ``width`` characters (None: in full)."""
    cells = [[_cell(r.get(c), width, table=True) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]  # fmt: skip
    return "\n".join(lines)


def _cell(value, width: int | None, *, table: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(v["title"] if isinstance(v, dict) else str(v) for v in value)
    text = " ".join(str(value).split())
    if width or table:  # a table may reach a terminal: no raw escape sequence from an article
        text = printable(text)
        if width and len(text) > width:
            text = text[: width - 3] + "..."
    return text


def _lines(text: str | None) -> str:
    """Text for ``show``: its lines kept, any other control character escaped."""
    return "\n".join(printable(line) for line in (text or "").split("\n"))


def _filters(func):
    options = [
        click.option("--about", metavar="NAME", help="Quotes that mention this entity."),
        click.option("--text", metavar="WORDS", help="Full-text search in the quote."),
        click.option(
            "--since", metavar="DATE", help="Said on or after: YYYY-MM-DD, YYYY-MM or YYYY."
        ),
        click.option(
            "--until", metavar="DATE", help="Said on or before: YYYY-MM-DD, YYYY-MM or YYYY."
        ),
        click.option("--source", metavar="OUTLET", help="Only quotes from this outlet."),
        click.option("--kind", type=click.Choice(["direct", "mixed", "indirect"])),
        click.option(
            "--act",
            type=click.Choice(["statement", "belief", "intention"]),
            help="What the cue reports: a statement (said, told), a belief or stance "
            "(believes, criticized), an intention or plan (plans, offered).",
        ),
        click.option(
            "--speaker-kind",
            type=click.Choice(["named", "unnamed", "unknown"]),
            help="Who the speaker is: an entity (named), a description such as "
            "'analysts' or 'a Treasury spokesman' (unnamed), or not known (unknown).",
        ),
        click.option(
            "--affiliation",
            metavar="NAME",
            help="Quotes of unnamed speakers who speak for this organisation or country "
            "('a spokesman for the ministry', 'Japanese officials').",
        ),
        click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True),
        click.option("--offset", type=click.IntRange(min=0), default=0),
    ]
    for option in reversed(options):
        func = option(func)
    return func


QUOTE_COLUMNS = ["date", "speaker", "kind", "act", "text", "outlet", "article"]


@cli.command()
@click.option("--speaker", metavar="NAME", help="Said by (fuzzy name, alias or entity id).")
@_filters
@click.option(
    "--sort",
    type=click.Choice(["newest", "oldest", "relevance"]),
    default="newest",
    show_default=True,
    help="relevance: best --text match first.",
)
@click.option(
    "--group-syndicated",
    "group",
    is_flag=True,
    help="One row per statement: the same quote in syndicated copies of a story is the "
    "row of its earliest copy, with the number of copies and their outlets.",
)
@db_option
@quote_format_option
@wide_option
def quotes(db, fmt, wide, limit, offset, sort, group, **filters) -> None:
    """Quotes, newest first, filtered by speaker, topic, words, dates, outlet, kind, act.

    \b
    Examples:
      dateline quotes --speaker "Sergey Lavrov" --about Kosovo
      dateline quotes --text "independence" --since 2008-01 --format csv
      dateline quotes --speaker Lavrov --about Kosovo --format atom > lavrov-kosovo.xml
      dateline quotes --speaker Baker --act statement
    """
    from dateline import query

    with open_for_reading(db) as store:
        for role in ("speaker", "about"):
            if filters.get(role):
                say_candidates(store, filters[role])
        rows = query.quotes(store, **filters, limit=limit, offset=offset, sort=sort)
        if group:
            from dateline.query.claims import group_syndicated

            rows = group_syndicated(store, rows)
    title = "Quotes" + "".join(f" {k}={v}" for k, v in filters.items() if v is not None)
    columns = [*QUOTE_COLUMNS, "copies", "outlets"] if group else QUOTE_COLUMNS
    emit_quotes(rows, fmt, columns, wide, title)


def say_candidates(store, name: str) -> None:
    """A one-word name that several people have: say who, with counts, rather than
    pick one silently (the rows are those of every candidate)."""
    from dateline.cli import say
    from dateline.query.names import people_named

    people = people_named(store, str(name))
    if people:
        listed = ", ".join(f"{p.name} {p.n_quotes}" for p in people)
        say(
            f"{name}: {listed} (quotes each); showing all of them: give a full name or an "
            "entity id to choose one"
        )


@cli.command()
@click.argument("speaker")
@_filters
@db_option
@quote_format_option
@wide_option
def timeline(speaker, db, fmt, wide, limit, offset, **filters) -> None:
    """What SPEAKER said, in date order (speech-act date, else the article's)."""
    from dateline import query

    with open_for_reading(db) as store:
        say_candidates(store, speaker)
        rows = query.timeline(store, speaker, **filters, limit=limit, offset=offset)
    columns = ["date", "kind", "text", "speaker", "outlet", "article"]
    emit_quotes(rows, fmt, columns, wide, f"Timeline of {speaker}")


@cli.command()
@click.option("--name", metavar="NAME", help="Only entities this name can mean.")
@click.option("--type", "type_", metavar="TYPE", help="PERSON, ORG, GPE, NORP, LOC or FAC.")
@click.option("--order", type=click.Choice(["mentions", "quotes", "articles"]), default="mentions")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@db_option
@format_option
@wide_option
def entities(name, type_, order, limit, offset, db, fmt, wide) -> None:
    """People and organisations across articles, with counts, aliases and titles."""
    from dateline import query

    with open_for_reading(db) as store:
        rows = query.entities(store, name=name, type=type_, order=order, limit=limit, offset=offset)
    columns = ["id", "name", "type", "articles", "mentions", "quotes", "aliases", "titles"]
    emit(rows, fmt, columns, "entities", wide=wide)


@cli.command()
@click.argument("name")
@click.option(
    "--by",
    type=click.Choice(["article", "about", "quoted"]),
    default="article",
    show_default=True,
    help="article: mentioned in the same articles; about: mentioned in NAME's quotes; "
    "quoted: quoted in the same articles.",
)
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@db_option
@format_option
def network(name, by, limit, db, fmt) -> None:
    """Who goes with NAME: co-mentions, whom NAME talks about, who is quoted alongside."""
    from dateline import query

    with open_for_reading(db) as store:
        rows = query.co_mentions(store, name, by=by, limit=limit)
    emit(rows, fmt, ["n", "id", "name", "type"], "entities")


@cli.command()
@click.argument("article_id", metavar="ARTICLE")
@db_option
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show(article_id, db, fmt) -> None:
    """An article (id or id prefix) with its entities, quotes and times."""
    from dateline import query

    with open_for_reading(db) as store:
        record = query.article(store, article_id)
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        return
    head = f"{record['id']}  {record['published'] or 'undated'}  {record['source'] or ''}"
    click.echo(printable(head))
    if record["title"]:
        click.echo(printable(record["title"]))
    if d := record.get("dateline"):
        parts = [d["place"], d["date"] or "no date", d["agency"]]
        click.echo(f"Dateline: {d['text']!r} ({', '.join(p for p in parts if p)})")
    click.echo(f"\n{_lines(record['text'])}\n")
    click.echo("Entities:")
    for e in record["entities"]:
        titles = f" ({'; '.join(e['titles'])})" if e["titles"] else ""
        click.echo(printable(f"  {e['id']:>4} -> #{e['kb_id']}  {e['name']} [{e['type']}]"
                             f"{titles}, {len(e['mentions'])} mention(s)"))  # fmt: skip
    click.echo("Quotes:" if record["quotes"] else "Quotes: none")
    for q in record["quotes"]:
        who = printable(q["speaker"]["name"]) if q["speaker"] else "(unknown speaker)"
        click.echo(f"  {q['id']:>4} {q['date'] or 'undated'} [{q['kind']}] {who}: "
                   f"“{_cell(q['text'], CELL * 2)}”")  # fmt: skip
    click.echo("Times:" if record["times"] else "Times: none")
    for t in record["times"]:
        click.echo(f"  {t['id']:>4} {t['text']!r} {t['type']} {t['value']}")


@cli.command()
@db_option
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def summary(db, top, fmt) -> None:
    """What the knowledge base holds: counts, top entities and speakers, one timeline."""
    from dateline import query

    with open_for_reading(db) as store:
        data = query.summary(store, top=top)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(query.format_summary(data))
