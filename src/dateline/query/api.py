"""The read side of the knowledge base: one API for the CLI, the web UI and Python users.

Every function takes an open :class:`~dateline.store.Store` and returns plain
JSON-ready dicts. A name the store does not know raises
:class:`~dateline.query.names.UnknownEntity`; a filter that cannot match (a date
range that ends before it starts) raises :class:`InvalidQuery`; no match is an
empty list, not an error.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.article import parse_date
from dateline.errors import DatelineError
from dateline.query.names import everyone_for, find_entities, read_as, stands_for
from dateline.store.db import MAX_ID

if TYPE_CHECKING:
    from dateline.store.db import Store

KINDS = ("direct", "mixed", "indirect")
#: What a quote reports (record ``act``): a statement, a belief or stance, an intention.
ACTS = ("statement", "belief", "intention")
#: The most rows one call returns; page with ``offset``.
MAX_LIMIT = 10_000
#: Co-mention networks: by shared article, by mention inside the entity's quotes, or
#: by being quoted in the same article.
NETWORKS = ("article", "about", "quoted")


class InvalidQuery(DatelineError):
    """A filter that is malformed or cannot match anything."""


class ArticleNotFound(DatelineError):
    """No stored article has this id (or the prefix given starts several: ``candidates``)."""

    def __init__(self, message: str, candidates: list[str] | None = None) -> None:
        super().__init__(message)
        self.candidates = candidates or []


#: Full-text matches from which walking the date index beats sorting them (SQLite), and
#: from which probing each walked quote beats listing every match.
COMMON_MATCHES = 5_000
DENSE_MATCHES = 100_000
#: Below COMMON_MATCHES, the date index is still walked for a page of a full-text search
#: (the words its only filter) when the matches are dense enough to fill the page soon:
#: n² × QUOTE_WALK_FACTOR ≥ (offset + limit) × all quotes. Sorting reads each match's row
#: (about 1 µs); the walk reads (offset + limit) × all / n index entries (about 0.2 µs).
#: Measured on Reuters-21578, 10,000 stories (35,179 quotes): "bank" oldest first (1,188
#: matches) 1.71 -> 0.23 ms, "oil" page 2 (944) 0.91 -> 0.26 ms; "said" (186) and "oil"
#: page 21 keep the sort (0.12 and 1.0 ms; walking: 0.34 and 1.4 ms).
QUOTE_WALK_FACTOR = 2

_QUOTE_COLUMNS = (
    "q.id, q.article_id AS article, q.local_id AS quote, q.kind, "
    "COALESCE(q.act, 'statement') AS act, q.rule, q.text, q.start_char, q.end_char, "
    "q.date, q.date_from, "
    "q.speaker_id, COALESCE(e.name, q.speaker_name) AS speaker, q.source_text AS source, "
    # the title the article itself gave the speaker: their title at that date
    "(SELECT MIN(t.title) FROM titles t WHERE t.article_id = q.article_id "
    "AND t.local_id = q.speaker_local) AS speaker_title, "
    "q.cue_text AS cue, q.outlet, a.title, a.url, a.published, "
    "COALESCE(q.speaker_kind, CASE WHEN q.speaker_local IS NOT NULL THEN 'named' END) "
    "AS speaker_kind, q.speaker_via, q.speaker_description, "
    "(SELECT ae.entity_id FROM article_entities ae WHERE ae.article_id = q.article_id "
    "AND ae.local_id = q.affiliation_local) AS affiliation_id, "
    "(SELECT x.name FROM article_entities ae JOIN entities x ON x.id = ae.entity_id "
    "WHERE ae.article_id = q.article_id AND ae.local_id = q.affiliation_local) AS affiliation"
)
#: Who a quote's speaker is (record ``speaker.kind``): an entity, a description, unknown.
SPEAKER_KINDS = ("named", "unnamed", "unknown")
#: A quote's speaker kind; quotes stored before m010 are named when they have a speaker.
SPEAKER_KIND_SQL = (
    "COALESCE(q.speaker_kind, CASE WHEN q.speaker_local IS NOT NULL THEN 'named' END)"
)
#: Orders of a quote list: newest or oldest first (by date), or best full-text match first.
SORTS = ("newest", "oldest", "relevance")


@dataclass
class QuoteFilter:
    """The FROM and WHERE of a quote query: what :func:`quotes`, :func:`count_quotes` and
    :func:`quote_facet` share. Each filter adds its clause in :func:`quote_filter`."""

    source_sql: str = "quotes q"
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    date_col: str = "q.date"
    id_col: str = "q.id"
    rank: str | None = None  # an ORDER BY expression for relevance, when text is searched
    rank_params: list = field(default_factory=list)
    #: Words alone, by date, fewer than COMMON_MATCHES: their matches and all quotes, from
    #: which :func:`quotes` chooses per page between sorting and walking the date index.
    walk: tuple[int, int] | None = None

    def add(self, clause: str, *values) -> None:
        self.where.append(clause)
        self.params.extend(values)

    @property
    def where_sql(self) -> str:
        return f" WHERE {' AND '.join(self.where)}" if self.where else ""


def quote_filter(
    store: Store,
    *,
    speaker: str | int | None = None,
    about: str | int | None = None,
    text: str | None = None,
    since: str | None = None,
    until: str | None = None,
    source: str | None = None,
    kind: str | None = None,
    act: str | None = None,
    speaker_kind: str | None = None,
    affiliation: str | int | None = None,
    sort: str = "newest",
    ordered: bool = True,
) -> QuoteFilter:
    """The clauses for the filters given (see :func:`quotes`); raise on a bad one.

    ``ordered=False``: for a count or a grouping, which reads every match in no order, so
    the plans that walk the date index for a common word's newest matches do not apply."""
    f = QuoteFilter()
    if sort not in SORTS:
        raise InvalidQuery(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    if about is not None:
        ids = everyone_for(store, find_entities(store, about, "entity"))
        if len(ids) == 1:
            # Walk the entity's quotes in date order from the (entity_id, date) index.
            f.source_sql = "quote_entities qe JOIN quotes q ON q.id = qe.quote_id"
            f.date_col, f.id_col = "qe.date", "qe.quote_id"
            f.add("qe.entity_id = ?", *ids)
        else:
            f.add(
                f"q.id IN (SELECT quote_id FROM quote_entities WHERE entity_id IN ({_marks(ids)}))",
                *ids,
            )
    if speaker is not None:
        # "Yeutter" in stories that never give his first name speaks for Clayton Yeutter.
        ids = everyone_for(store, find_entities(store, speaker, "speaker"))
        f.add(f"q.speaker_id IN ({_marks(ids)})", *ids)
    if text is not None:
        clause, value = _full_text(store, text)
        if sort == "relevance":
            if store.dialect == "postgresql":
                f.rank = (
                    "ts_rank(to_tsvector('english', q.text), plainto_tsquery('english', ?)) DESC"
                )
                f.rank_params = [value]
            else:
                f.source_sql += " JOIN quotes_fts fts ON fts.rowid = q.id"
                clause, f.rank = "fts.quotes_fts MATCH ?", "fts.rank"
        elif store.dialect == "sqlite" and speaker is None and about is None and ordered:
            # Newest matches first: a rare word's few matches are sorted; for a common
            # word the date index is walked instead (sorting 100,000s of matches is slow).
            n = store.scalar(
                "SELECT COUNT(*) FROM (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? "
                "LIMIT ?)",
                (value, DENSE_MATCHES),
            )
            if n >= COMMON_MATCHES:
                f.source_sql = "quotes q INDEXED BY quotes_date"
            else:
                total = store.scalar("SELECT COALESCE(MAX(id), 0) FROM quotes")
                f.walk = (n, total)  # kept below if the words stay the only filter
            if n >= DENSE_MATCHES:
                clause = (
                    "EXISTS (SELECT 1 FROM quotes_fts f WHERE f.quotes_fts MATCH ? "
                    "AND f.rowid = q.id)"
                )
        f.add(clause, value)
    since, until = _date_range(since, until)
    if since:
        f.add("q.date >= ?", since)
    if until:
        f.add("q.date <= ?", until)
    if source is not None:
        f.add("q.outlet = ?", source)
    if kind is not None:
        if kind not in KINDS:
            raise InvalidQuery(f"unknown quote kind {kind!r}; use one of {', '.join(KINDS)}")
        f.add("q.kind = ?", kind)
    if act is not None:
        if act not in ACTS:
            raise InvalidQuery(f"unknown act {act!r}; use one of {', '.join(ACTS)}")
        f.add("COALESCE(q.act, 'statement') = ?", act)
    if speaker_kind is not None:
        if speaker_kind not in SPEAKER_KINDS:
            raise InvalidQuery(
                f"unknown speaker kind {speaker_kind!r}; use one of {', '.join(SPEAKER_KINDS)}"
            )
        f.add(f"{SPEAKER_KIND_SQL} = ?", speaker_kind)
    if affiliation is not None:
        # The affiliation is the article's own entity id: article_entities maps it to the
        # knowledge base, so merges and splits are followed.
        ids = find_entities(store, affiliation, "affiliation")
        f.add(
            "EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = q.article_id "
            f"AND ae.local_id = q.affiliation_local AND ae.entity_id IN ({_marks(ids)}))",
            *ids,
        )
    if len(f.where) != 1:  # another filter thins the matches out along the date index
        f.walk = None
    return f


def quotes(
    store: Store,
    *,
    limit: int = 50,
    offset: int = 0,
    oldest_first: bool = False,
    sort: str = "newest",
    prepared: QuoteFilter | None = None,
    **filters,
) -> list[dict]:
    """Quotes matching every filter given, newest first (``oldest_first`` for a timeline).

    * ``speaker``/``about``: a name (fuzzy, any transliteration or alias) or an entity id;
      ``about`` keeps quotes whose text mentions that entity.
    * ``text``: full-text search of the quote (every word must occur).
    * ``since``/``until``: YYYY-MM-DD (or YYYY-MM, YYYY: the first / last day it names),
      inclusive, on the speech-act date (the quote's own time expression) falling back to
      the article's date.
    * ``source``: the outlet, exactly as stored; ``kind``: direct, mixed or indirect.
    * ``act``: statement, belief or intention (what the cue reports; quotes stored
      before the store kept it count as statements).
    * ``sort``: newest (default), oldest, or relevance (best full-text match first; with
      no ``text``, newest).

    Each row carries the article's title, URL and publication date, the cue, the date's
    origin (``date_from``), the quote's character offsets and the speaker's title in that
    article (``speaker_title``).

    ``prepared``: the filters as :func:`quote_filter` made them (with this ``sort``), in
    place of ``filters``: a caller that lists several pages of one query (the web UI, which
    keeps it until the store changes) resolves its names and plan once. It is not changed.
    """
    if oldest_first:
        sort = "oldest"
    if prepared is not None and filters:
        raise TypeError("quotes() takes prepared filters or filters, not both")
    f = prepared if prepared is not None else quote_filter(store, sort=sort, **filters)
    order = "ASC" if sort == "oldest" else "DESC"
    limit, offset = _page(limit, offset)
    source = f.source_sql
    if f.walk is not None:
        n, total = f.walk
        if n * n * QUOTE_WALK_FACTOR >= (offset + limit) * total:
            source = "quotes q INDEXED BY quotes_date"
    # The page's quote ids first (in the filter's order, from its indexes), then their
    # columns: the speaker's title and affiliation are looked up for the page's rows only,
    # not for every match before the sort.
    keys, order_sql, outer = f"{f.id_col} AS i, {f.date_col} AS d", "", ""
    if f.rank:
        rank, desc = f.rank.removesuffix(" DESC"), " DESC" if f.rank.endswith(" DESC") else ""
        keys += f", {rank} AS r"
        order_sql, outer = f"r{desc}, ", f"p.r{desc}, "
    order_sql += f"{f.date_col} {order}, {f.id_col} {order}"
    outer += f"p.d {order}, p.i {order}"
    sql = (
        f"SELECT {_QUOTE_COLUMNS} FROM (SELECT {keys} FROM {source}{f.where_sql} "
        f"ORDER BY {order_sql} LIMIT ? OFFSET ?) p JOIN quotes q ON q.id = p.i "
        "JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id "
        f"ORDER BY {outer}"
    )
    return store.rows(sql, [*f.rank_params, *f.params, limit, offset])


def count_quotes(store: Store, *, cap: int | None = None, **filters) -> int:
    """How many quotes match every filter (as for :func:`quotes`): all of them, counted
    in the store (up to ``cap`` when given, which bounds the work on a huge store)."""
    f = quote_filter(store, **{k: v for k, v in filters.items() if k != "sort"}, ordered=False)
    inner = f"SELECT 1 FROM {f.source_sql}{f.where_sql}" + (" LIMIT ?" if cap else "")
    return store.scalar(f"SELECT COUNT(*) FROM ({inner}) t", [*f.params, *([cap] if cap else [])])


#: Facets of a quote search: the grouped expression and the label it shows.
FACETS: dict[str, tuple[str, str]] = {
    "speaker": ("q.speaker_id", "COALESCE(MIN(e.name), MIN(q.speaker_name))"),
    "source": ("q.outlet", "q.outlet"),
    "kind": ("q.kind", "q.kind"),
    "act": ("COALESCE(q.act, 'statement')", "COALESCE(q.act, 'statement')"),
    "speaker_kind": (SPEAKER_KIND_SQL, SPEAKER_KIND_SQL),
    "year": ("substr(q.date, 1, 4)", "substr(q.date, 1, 4)"),
}


def quote_facet(store: Store, facet: str, *, top: int = 10, **filters) -> list[dict]:
    """The ``top`` values of one facet over every quote matching the filters, most
    frequent first: rows of value, label, n. Facets: see :data:`FACETS`."""
    if facet not in FACETS:
        raise InvalidQuery(f"unknown facet {facet!r}; use one of {', '.join(FACETS)}")
    expr, label = FACETS[facet]
    f = quote_filter(store, **{k: v for k, v in filters.items() if k != "sort"}, ordered=False)
    join = " LEFT JOIN entities e ON e.id = q.speaker_id" if facet == "speaker" else ""
    where = f.where_sql + (" AND " if f.where else " WHERE ") + f"{expr} IS NOT NULL"
    return store.rows(
        f"SELECT {expr} AS value, {label} AS label, COUNT(*) AS n FROM {f.source_sql}{join}"
        f"{where} GROUP BY {expr} ORDER BY n DESC, value LIMIT ?",
        [*f.params, _page(top, 0)[0]],
    )


def timeline(store: Store, speaker: str | int, **filters) -> list[dict]:
    """A speaker's quotes in date order, oldest first; filters as for :func:`quotes`."""
    filters.setdefault("limit", 1000)
    return quotes(store, speaker=speaker, oldest_first=True, **filters)


def entities(
    store: Store,
    *,
    name: str | None = None,
    type: str | None = None,  # noqa: A002 - the record field's name
    order: str = "mentions",
    limit: int = 50,
    offset: int = 0,
    listings: bool = True,
) -> list[dict]:
    """Entities with their counts, most mentioned (or ``order="quotes"``: most quoted;
    ``"articles"``; ``"name"``: by name) first.

    Each row: id, name, type, articles, mentions, quotes, aliases (the names articles
    used, most frequent first) and titles (with the first and last date each was used);
    ``listings=False`` leaves out aliases and titles (two reads a row fewer).
    """
    column = {"mentions": "n_mentions", "quotes": "n_quotes", "articles": "n_articles"}.get(order)
    if column is None and order != "name":
        raise InvalidQuery(f"unknown order {order!r}; use mentions, quotes, articles or name")
    where, params = ["merged_into IS NULL", f"{column or 'n_mentions'} > 0"], []
    if name is not None:
        ids = find_entities(store, name)
        where.append(f"id IN ({_marks(ids)})")
        params += ids
    if type is not None:  # one type, or several separated by commas ("ORG,GPE,NORP")
        types = [t.strip().upper() for t in type.split(",") if t.strip()]
        where.append(f"type IN ({_marks(types)})")
        params += types
    rows = store.rows(
        "SELECT id, name, type, n_articles AS articles, n_mentions AS mentions, "
        f"n_quotes AS quotes FROM entities WHERE {' AND '.join(where)} "
        f"ORDER BY {f'{column} DESC' if column else 'name'}, id LIMIT ? OFFSET ?",
        [*params, *_page(limit, offset)],
    )
    if not listings:
        return rows
    for row in rows:
        row["aliases"] = aliases(store, row["id"])
        row["titles"] = titles(store, row["id"])
    return rows


def entity(store: Store, name: str | int) -> dict:
    """One entity (the best match for ``name``) with aliases, dated titles, its network,
    the entities read as it (``read_as``: misspellings and bare surnames) and the person
    it is read as (``stands_for``), if any."""
    eid = find_entities(store, name)[0]
    row = store.one(
        "SELECT id, name, type, n_articles AS articles, n_mentions AS mentions, "
        "n_quotes AS quotes FROM entities WHERE id = ?",
        (eid,),
    )
    row["aliases"] = aliases(store, eid)
    row["titles"] = titles(store, eid)
    row["merged"] = [
        r["id"] for r in store.rows("SELECT id FROM entities WHERE merged_into = ?", (eid,))
    ]
    row["read_as"] = read_as(store, eid)
    row["stands_for"] = stands_for(store, eid)
    row["co_mentioned"] = co_mentions(store, eid, limit=10)
    return row


def aliases(store: Store, eid: int, limit: int = 10) -> list[str]:
    """The names articles used for the entity, most frequent first."""
    rows = store.rows(
        "SELECT name FROM entity_names WHERE entity_id = ? ORDER BY n DESC, name LIMIT ?",
        (eid, limit),
    )
    return [r["name"] for r in rows]


def titles(store: Store, eid: int, limit: int = 10) -> list[dict]:
    """The entity's titles, each with when it was first and last used ("president-elect")."""
    return store.rows(
        "SELECT title, first, last, n FROM entity_titles WHERE entity_id = ? "
        "ORDER BY n DESC, title LIMIT ?",
        (eid, limit),
    )


def co_mentions(
    store: Store, name: str | int, *, by: str = "article", limit: int = 20
) -> list[dict]:
    """Who goes with an entity, most often first, as rows of id, name, type, n.

    ``by="article"``: mentioned in the same articles; ``"about"``: mentioned inside the
    entity's own quotes (whom it talks about); ``"quoted"``: quoted in the same articles.
    """
    ids = find_entities(store, name)
    marks = _marks(ids)
    if by == "article":
        sql = (
            f"SELECT b AS id, SUM(n) AS n FROM entity_pairs WHERE a IN ({marks}) "
            f"AND b NOT IN ({marks}) GROUP BY b"
        )
        params = ids + ids
    elif by == "about":
        sql = (
            "SELECT qe.entity_id AS id, COUNT(*) AS n FROM quotes q "
            "JOIN quote_entities qe ON qe.quote_id = q.id "
            f"WHERE q.speaker_id IN ({marks}) AND qe.entity_id NOT IN ({marks}) "
            "GROUP BY qe.entity_id"
        )
        params = ids + ids
    elif by == "quoted":
        sql = (
            "SELECT o.speaker_id AS id, COUNT(DISTINCT o.article_id) AS n FROM quotes me "
            "JOIN quotes o ON o.article_id = me.article_id "
            f"WHERE me.speaker_id IN ({marks}) AND o.speaker_id IS NOT NULL "
            f"AND o.speaker_id NOT IN ({marks}) GROUP BY o.speaker_id"
        )
        params = ids + ids
    else:
        raise InvalidQuery(f"unknown network {by!r}; use one of {', '.join(NETWORKS)}")
    return store.rows(
        f"SELECT c.id, e.name, e.type, c.n FROM ({sql}) c JOIN entities e ON e.id = c.id "
        "ORDER BY c.n DESC, c.id LIMIT ?",
        [*params, _page(limit, 0)[0]],
    )


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values)


def _page(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidQuery(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= MAX_ID:  # a larger number reaches no driver: it cannot page
        raise InvalidQuery(f"offset must be between 0 and {MAX_ID}, got {offset}")
    return limit, offset


def _date_range(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    """``since``/``until`` as full dates: YYYY-MM-DD, or YYYY-MM / YYYY meaning the first
    day (``since``) or the last day (``until``) of that month or year."""
    parsed = []
    for label, value in (("since", since), ("until", until)):
        if value is None:
            parsed.append(None)
            continue
        day = whole_day(str(value).strip(), last=label == "until")
        if day is None:
            raise InvalidQuery(
                f"--{label} {value!r} is not a date in YYYY-MM-DD form (or YYYY-MM, YYYY)"
            )
        parsed.append(day)
    if parsed[0] and parsed[1] and parsed[0] > parsed[1]:
        raise InvalidQuery(
            f"the date range is empty: --since {parsed[0]} is after --until {parsed[1]}"
        )
    return parsed[0], parsed[1]


def whole_day(value: str, *, last: bool = False) -> str | None:
    """YYYY-MM-DD as is; YYYY-MM or YYYY as its first (or ``last``) day; None if no date."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if m is None:
        return None
    if m.group(3):
        return parse_date(value)
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else (12 if last else 1)
    if not 1 <= month <= 12:
        return None
    day = calendar.monthrange(year, month)[1] if last else 1
    return f"{year:04d}-{month:02d}-{day:02d}"


_WORDS = re.compile(r"\w+", re.UNICODE)


def _full_text(store: Store, text: str) -> tuple[str, str]:
    """A full-text clause; the user's words are quoted, so no input is a syntax error."""
    words = _WORDS.findall(text)
    if not words:
        raise InvalidQuery(f"the search text {text!r} has no words to search for")
    if store.dialect == "postgresql":
        return "to_tsvector('english', q.text) @@ plainto_tsquery('english', ?)", " ".join(words)
    return (
        "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)",
        " ".join(f'"{w}"' for w in words),
    )


def _full_text_articles(store: Store, text: str) -> tuple[str, str]:
    """A full-text clause on articles ``a`` (title and text), as :func:`_full_text`."""
    words = _WORDS.findall(text)
    if not words:
        raise InvalidQuery(f"the search text {text!r} has no words to search for")
    if store.dialect == "postgresql":
        return (
            "to_tsvector('english', coalesce(a.title, '') || ' ' || a.text) "
            "@@ plainto_tsquery('english', ?)",
            " ".join(words),
        )
    return (
        "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
        " ".join(f'"{w}"' for w in words),
    )
