"""Attention: how much the news talks about an entity or a term, period by period, as a
count of articles and as a share of all articles of that period (so that a month with more
stories does not look like more attention); and the articles that mention an entity.

Counts are grouped in the store, so no row list is read into Python: an entity's from its
articles per day and per outlet (``entity_days``, ``entity_outlets``, kept by
``dateline.kb.derived``), a term's from the articles' full-text index, and the share's
denominator from all articles per day (``article_days``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.query.api import InvalidQuery, _full_text_articles, _marks, _page
from dateline.query.names import find_entities

if TYPE_CHECKING:
    from dateline.store.db import Store

#: Periods attention is counted per: a month (YYYY-MM), a year (YYYY) or a week (named by
#: its Monday, YYYY-MM-DD).
PERIODS = ("month", "year", "week")


def _period(store: Store, column: str, period: str) -> str:
    if period == "month":
        return f"substr({column}, 1, 7)"
    if period == "year":
        return f"substr({column}, 1, 4)"
    if period == "week":  # a week is named by its Monday (YYYY-MM-DD), the same on both
        if store.dialect == "postgresql":
            return (
                f"to_char(date_trunc('week', to_date(substr({column}, 1, 10), 'YYYY-MM-DD')), "
                "'YYYY-MM-DD')"
            )
        return f"date(substr({column}, 1, 10), 'weekday 0', '-6 days')"
    raise InvalidQuery(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def article_totals(store: Store, period: str = "month") -> dict[str, int]:
    """All dated articles per period: the denominator of every share (summed from the
    store's articles per day, ``article_days``)."""
    p = _period(store, "day", period)
    rows = store.rows(
        f"SELECT {p} AS period, SUM(n) AS n FROM article_days WHERE day <> '' GROUP BY {p}"
    )
    return {r["period"]: r["n"] for r in rows if r["period"]}


def _with_shares(rows: list[dict], totals: dict[str, int]) -> list[dict]:
    out = []
    for r in rows:
        if not r["period"]:
            continue
        total = totals.get(r["period"], 0)
        share = round(r["n"] / total, 4) if total else None
        out.append({"period": r["period"], "n": r["n"], "total": total, "share": share})
    return out


def entity_attention(store: Store, name: str | int, period: str = "month") -> list[dict]:
    """Articles mentioning the entity per period, oldest first: rows of period, n (its
    articles), total (all articles) and share (n / total)."""
    ids = find_entities(store, name)
    if len(ids) == 1:  # one entity: a sum of its articles per day (m011's entity_days)
        p = _period(store, "day", period)
        rows = store.rows(
            f"SELECT {p} AS period, SUM(n) AS n FROM entity_days WHERE entity_id = ? "
            f"AND day <> '' GROUP BY {p} ORDER BY {p}",
            ids,
        )
    else:  # an article that mentions two of them counts once
        p = _period(store, "a.published", period)
        rows = store.rows(
            f"SELECT {p} AS period, COUNT(DISTINCT ae.article_id) AS n FROM article_entities ae "
            f"JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id IN ({_marks(ids)}) "
            f"AND a.published IS NOT NULL GROUP BY {p} ORDER BY {p}",
            ids,
        )
    return _with_shares(rows, article_totals(store, period))


def term_attention(store: Store, text: str, period: str = "month") -> list[dict]:
    """Articles whose title or text has every word of ``text``, per period (as
    :func:`entity_attention`)."""
    clause, value = _full_text_articles(store, text)
    p = _period(store, "a.published", period)
    rows = store.rows(
        f"SELECT {p} AS period, COUNT(*) AS n FROM articles a WHERE {clause} "
        f"AND a.published IS NOT NULL GROUP BY {p} ORDER BY {p}",
        [value],
    )
    return _with_shares(rows, article_totals(store, period))


#: Walking the date index beats sorting an entity's articles (SQLite) when the share of
#: all articles that mention it is large enough to fill the page soon: n² × WALK_FACTOR ≥
#: (offset + limit) × all articles (measured on Reuters-21578: an entity in 24% of the
#: articles 0.55 -> 0.20 ms a page by walking, one in 2% 0.1 -> 0.25 ms by sorting).
WALK_FACTOR = 3


def entity_articles(
    store: Store,
    name: str | int,
    *,
    with_: str | int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[dict]:
    """The articles that mention the entity (and ``with_``, when given), newest first:
    rows of id, title, source, published, url and mentions (of the entity in it)."""
    ids = find_entities(store, name)
    marks = _marks(ids)
    where = [f"a.id IN (SELECT article_id FROM article_entities WHERE entity_id IN ({marks}))"]
    params: list = list(ids)
    others: list = []
    if with_ is not None:
        others = find_entities(store, with_)
        where.append(
            "a.id IN (SELECT article_id FROM article_entities "
            f"WHERE entity_id IN ({_marks(others)}))"
        )
        params += others
    limit, offset = _page(limit, offset)
    source, order, key = "articles a", "a.published DESC, a.id", "a.id AS k"
    if store.dialect == "sqlite":
        # ties by rowid, which the date index holds: the index alone gives the order, and a
        # much-mentioned entity's articles are read by walking it, not sorted
        order, key = "a.published DESC, a.rowid DESC", "a.rowid AS k"
        row = store.one(
            f"SELECT (SELECT COALESCE(SUM(n_articles), 0) FROM entities WHERE id IN ({marks})) "
            "AS n, (SELECT COALESCE(MAX(rowid), 0) FROM articles) AS total"
            + (
                f", (SELECT COALESCE(SUM(n_articles), 0) FROM entities WHERE id IN "
                f"({_marks(others)})) AS m"
                if others
                else ""
            ),
            [*ids, *others],
        )
        n = min(row["n"], row["m"]) if others else row["n"]  # at most this many match
        if n * n * WALK_FACTOR >= (offset + limit) * row["total"]:
            source = "articles a INDEXED BY articles_published"
            # each walked article is probed in the (entity, article) index: listing all of
            # the entity's articles first cost 1.1 ms for one in 4,071 (0.03 ms probed)
            where = [
                "EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id "
                f"AND ae.entity_id IN ({_marks(group)}))"
                for group in ([ids, others] if others else [ids])
            ]
    # the page first, then the entity's mentions in each of its articles only
    return store.rows(
        "SELECT p.id, p.title, p.source, p.published, p.url, "
        "(SELECT SUM(x.n_mentions) FROM article_entities x WHERE x.article_id = p.id "
        f"AND x.entity_id IN ({marks})) AS mentions FROM ("
        f"SELECT a.id, a.title, a.source, a.published, a.url, {key} FROM {source} "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?) p "
        f"ORDER BY {order.replace('a.rowid', 'p.k').replace('a.', 'p.')}",
        [*ids, *params, limit, offset],
    )


def count_entity_articles(store: Store, name: str | int, *, with_: str | int | None = None) -> int:
    """How many articles :func:`entity_articles` lists in all."""
    ids = find_entities(store, name)
    if with_ is None and len(ids) == 1:
        return store.scalar("SELECT COALESCE(SUM(n), 0) FROM entity_days WHERE entity_id = ?", ids)
    if with_ is None:
        return store.scalar(
            f"SELECT COUNT(DISTINCT article_id) FROM article_entities "
            f"WHERE entity_id IN ({_marks(ids)})",
            ids,
        )
    others = find_entities(store, with_)
    return store.scalar(
        f"SELECT COUNT(DISTINCT ae.article_id) FROM article_entities ae "
        f"WHERE ae.entity_id IN ({_marks(ids)}) AND EXISTS (SELECT 1 FROM article_entities o "
        f"WHERE o.article_id = ae.article_id AND o.entity_id IN ({_marks(others)}))",
        [*ids, *others],
    )


def top_outlets(store: Store, name: str | int, *, limit: int = 10) -> list[dict]:
    """The outlets whose articles mention the entity most: rows of source, n (articles)."""
    ids = find_entities(store, name)
    if len(ids) == 1:  # m011's entity_outlets
        return store.rows(
            "SELECT source, n FROM entity_outlets WHERE entity_id = ? "
            "ORDER BY n DESC, source LIMIT ?",
            [*ids, _page(limit, 0)[0]],
        )
    return store.rows(
        "SELECT a.source AS source, COUNT(DISTINCT a.id) AS n FROM article_entities ae "
        f"JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id IN ({_marks(ids)}) "
        "AND a.source IS NOT NULL GROUP BY a.source ORDER BY n DESC, source LIMIT ?",
        [*ids, _page(limit, 0)[0]],
    )


def quote_days(store: Store, name: str | int) -> list[dict]:
    """The entity's quotes counted per date and kind (rows of date, kind, n), oldest first:
    the points of its quote timeline, grouped in the store."""
    ids = find_entities(store, name, "speaker")
    return store.rows(
        f"SELECT date, kind, COUNT(*) AS n FROM quotes WHERE speaker_id IN ({_marks(ids)}) "
        "AND date IS NOT NULL GROUP BY date, kind ORDER BY date, kind",
        ids,
    )


def quoted_about(store: Store, name: str | int, *, limit: int = 15) -> list[dict]:
    """Who is quoted about the entity (their quotes mention it), most often first: rows of
    id, name, n, over every such quote."""
    ids = find_entities(store, name)
    marks = _marks(ids)
    return store.rows(
        "SELECT q.speaker_id AS id, MIN(e.name) AS name, COUNT(*) AS n FROM quote_entities qe "
        "JOIN quotes q ON q.id = qe.quote_id JOIN entities e ON e.id = q.speaker_id "
        f"WHERE qe.entity_id IN ({marks}) AND q.speaker_id NOT IN ({marks}) "
        "GROUP BY q.speaker_id ORDER BY n DESC, q.speaker_id LIMIT ?",
        [*ids, *ids, _page(limit, 0)[0]],
    )


__all__ = [
    "PERIODS",
    "article_totals",
    "count_entity_articles",
    "entity_articles",
    "entity_attention",
    "quote_days",
    "quoted_about",
    "term_attention",
    "top_outlets",
]
