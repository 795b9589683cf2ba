"""View functions: what each page shows, as JSON-ready dicts (the page's JSON twin).

They read through :mod:`dateline.query`; the templates only lay the dicts out. Errors the
visitor can act on become :class:`~dateline.web.errors.NotFound` or ``BadRequest``. The
search page's view is :mod:`dateline.web.search`; quote cards are :mod:`dateline.web.cards`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from dateline import query
from dateline.query import ArticleNotFound, InvalidQuery, UnknownEntity, attention
from dateline.web.attention import MAX_SERIES, attention_table
from dateline.web.cards import cards, downloads, entity_link, quote_view
from dateline.web.errors import BadRequest, NotFound
from dateline.web.limits import (
    ABOUT_QUOTES,
    ARTICLE_HITS,
    COUNT_CAP,
    LATEST_QUOTES,
    NETWORK_SIZE,
)
from dateline.web.reads import Reader
from dateline.web.render import article_path, entity_path, safe_url
from dateline.web.search import SearchParams, search

#: Characters of a quote shown on its card in the article's side bar.
EXCERPT_CHARS = 160


def home(reader: Reader) -> dict:
    store = reader.store()
    memo = reader.memo()  # the figures and top lists, kept until the store changes
    counts = memo.get("counts", store.counts)
    # what the page shows of `dateline summary`, read alone (no aliases, titles, timeline)
    kinds = memo.get("quote kinds", lambda: _quote_kinds(store))
    span = memo.get(
        "article span",
        lambda: store.one("SELECT MIN(published) AS first, MAX(published) AS last FROM articles"),
    )
    top = {"order": "quotes", "limit": TOP_SPEAKERS, "listings": False}
    return {
        "figures": {
            "articles": counts["articles"],
            "quotes": counts["quotes"],
            "entities": counts["entities"],
            "dates": counts["times"],
        },
        "figures_range": span if span["first"] else None,
        "quote_kinds": kinds,
        "top_speakers": [entity_link(e, "quotes") for e in memo.call(query.entities, **top)],
        # people apart from the organisations and places quoted as speakers
        "top_people": [
            entity_link(e, "quotes") for e in memo.call(query.entities, type="PERSON", **top)
        ],
        "top_organisations": [
            entity_link(e, "quotes")
            for e in memo.call(query.entities, type=",".join(NON_PERSON), **top)
        ],
        "latest": [quote_view(r) for r in cards(store, query.quotes(store, limit=LATEST_QUOTES))],
    }


def _quote_kinds(store) -> dict[str, int]:
    rows = store.rows("SELECT kind, COUNT(*) AS n FROM quotes GROUP BY kind ORDER BY kind")
    return {r["kind"]: r["n"] for r in rows}


#: Entity types the list's filter offers (the record's entity types).
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")
#: Speakers that are not people: organisations, countries and other places, groups.
NON_PERSON = tuple(t for t in ENTITY_TYPES if t != "PERSON")
#: Speakers listed in each of the home page's "Most quoted" lists.
TOP_SPEAKERS = 10
#: Columns the entity list sorts by: the query API's order for each.
ENTITY_ORDERS = ("mentions", "quotes", "articles", "name")


def entities(
    reader: Reader,
    q: str | None,
    page: int,
    size: int,
    type: str | None = None,  # noqa: A002 - the query parameter's name
    order: str | None = None,
) -> dict:
    """Entities by name, type and count; sortable by each count (most first) or name."""
    store = reader.store()
    q = (q or "").strip() or None
    type = (type or "").strip().upper() or None  # noqa: A001
    order = order or "mentions"
    notice, suggestions = None, []
    try:
        rows = query.entities(
            store, name=q, type=type, order=order, limit=size + 1, offset=(page - 1) * size
        )
    except UnknownEntity as err:
        rows, notice = [], str(err)
        suggestions = [
            {
                "name": " ".join(n.split()),
                "href": "/entities?" + urlencode({"q": " ".join(n.split())}),
            }
            for n in err.suggestions
        ]
    except InvalidQuery as err:
        raise BadRequest(str(err)) from err
    base = {k: v for k, v in (("q", q), ("type", type)) if v}
    if order != "mentions":
        base["order"] = order

    def href(n: int, **changes) -> str:
        pairs = {**base, **changes, "page": n}
        if pairs["page"] == 1:
            del pairs["page"]
        if size != 50:
            pairs["size"] = size
        return "/entities" + (f"?{urlencode(pairs)}" if pairs else "")

    current = href(1)
    return {
        "q": q,
        "type": type,
        "order": order,
        "notice": notice,
        "suggestions": suggestions,
        "types": [
            {"value": t, "selected": t == type, "href": href(1, type=t)} for t in ENTITY_TYPES
        ],
        "orders": [
            {"value": o, "selected": o == order, "href": href(1, order=o)} for o in ENTITY_ORDERS
        ],
        "entities": [
            {
                **{k: e[k] for k in ("id", "name", "type", "quotes", "mentions", "articles")},
                "aliases": e["aliases"],
                "titles": [t["title"] for t in e["titles"]],
                "href": entity_path(e["id"]),
            }
            for e in rows[:size]
        ],  # fmt: skip
        "pages": {
            "page": page,
            "prev": href(page - 1) if page > 1 else None,
            "next": href(page + 1) if len(rows) > size else None,
        },
        "downloads": downloads(current, ("csv", "jsonl")),
    }


def entity_head(reader: Reader, entity_id: str) -> dict:
    """An entity's id and name (the best match for a name); NotFound when none matches."""
    store = reader.store()
    try:
        eid = query.find_entities(store, entity_id)[0]
    except UnknownEntity as err:
        raise NotFound(str(err)) from err
    return store.one("SELECT id, name FROM entities WHERE id = ?", (eid,))


def entity(
    reader: Reader,
    entity_id: str,
    page: int,
    size: int,
    apage: int = 1,
    with_: str | None = None,
    period: str = "month",
) -> dict:
    """An entity (by id, or by any name the knowledge base knows): its attention over
    time, the articles that mention it (paged; ``with_``: those that mention another too),
    its quotes, the quotes about it, its top outlets and its network."""
    store = reader.store()
    # The entity is resolved once; what the page counts over all of its quotes and articles
    # (networks, timelines, totals) is kept until the store changes (web.memo); the quotes,
    # the quotes about it and the articles listed are read for each request.
    memo = reader.memo()
    try:
        eid = memo.call(_resolve, entity_id)
        other = memo.call(_resolve, with_) if with_ else None
    except UnknownEntity as err:
        raise NotFound(str(err)) from err
    e = memo.call(query.entity, eid)
    # the quote lists' filters (the names resolved, surnames joined) are kept; their rows not
    by, about = memo.call(query.quote_filter, speaker=eid), memo.call(query.quote_filter, about=eid)
    rows = query.quotes(store, prepared=by, limit=size + 1, offset=(page - 1) * size)
    about_rows = query.quotes(store, prepared=about, limit=ABOUT_QUOTES)
    cards(store, rows + about_rows)  # both lists' sentences and carriers in one read each
    aoffset = (apage - 1) * ARTICLE_HITS
    articles = attention.entity_articles(
        store, eid, with_=other, limit=ARTICLE_HITS + 1, offset=aoffset
    )
    articles_total = memo.call(attention.count_entity_articles, eid, with_=other)
    try:
        trend = memo.call(attention.entity_attention, eid, period)
    except InvalidQuery as err:
        raise BadRequest(str(err)) from err
    base = entity_path(eid)

    def href(n: int, an: int = 1) -> str:
        pairs: dict = {"page": n} if n != 1 else {}
        if size != 20:
            pairs["size"] = size
        if an != 1:
            pairs["apage"] = an
        if other is not None:
            pairs["with"] = other
        return base + (f"?{urlencode(pairs)}" if pairs else "")

    def with_href(oid: int) -> str:
        return f"{base}?{urlencode({'with': oid})}#articles"

    other_name = None
    if other is not None:
        other_name = memo.call(_entity_name, other)
    return {
        "entity": {
            **{k: e[k] for k in ("id", "name", "type", "quotes", "mentions", "articles")},
            "aliases": [a for a in e["aliases"] if a != e["name"]],
            "titles": e["titles"],
            "href": base,
            "read_as": [{**r, "href": entity_path(r["id"])} for r in e["read_as"]],
            "stands_for": {**e["stands_for"], "href": entity_path(e["stands_for"]["id"])}
            if e["stands_for"]
            else None,
        },
        "timeline": [
            {"date": r["date"], "kind": r["kind"], "count": r["n"]}
            for r in memo.call(attention.quote_days, eid)
        ],
        "attention": trend,
        "quotes": [quote_view(r) for r in rows[:size]],
        "pages": {
            "page": page,
            "prev": href(page - 1, apage) if page > 1 else None,
            "next": href(page + 1, apage) if len(rows) > size else None,
        },
        "quotes_about": [quote_view(r) for r in about_rows],
        "quotes_about_total": memo.call(query.count_quotes, about=eid, cap=COUNT_CAP),
        "quotes_about_href": f"/search?{urlencode({'about': eid})}",
        "articles": [
            {
                **{k: a[k] for k in ("id", "title", "source", "published", "mentions")},
                "href": article_path(a["id"]),
            }
            for a in articles[:ARTICLE_HITS]
        ],  # fmt: skip
        "articles_total": articles_total,
        "articles_with": {"id": other, "name": other_name, "remove": base + "#articles"}
        if other is not None
        else None,
        "articles_pages": {
            "page": apage,
            "first": aoffset + 1 if articles else 0,
            "last": aoffset + min(len(articles), ARTICLE_HITS),
            "prev": href(page, apage - 1) + "#articles" if apage > 1 else None,
            "next": href(page, apage + 1) + "#articles" if len(articles) > ARTICLE_HITS else None,
        },
        "outlets": [
            {
                "source": o["source"],
                "count": o["n"],
                "href": f"/search?{urlencode({'about': eid, 'source': o['source']})}",
            }
            for o in memo.call(attention.top_outlets, eid, limit=NETWORK_SIZE)
        ],  # fmt: skip
        "mentioned_with": [
            {**entity_link(r), "articles_href": with_href(r["id"])} for r in e["co_mentioned"]
        ],
        "quoted_with": [
            entity_link(r)
            for r in memo.call(query.co_mentions, eid, by="quoted", limit=NETWORK_SIZE)
        ],
        "speaks_about": [
            entity_link(r)
            for r in memo.call(query.co_mentions, eid, by="about", limit=NETWORK_SIZE)
        ],
        "quoted_about": [
            {"id": r["id"], "name": r["name"], "count": r["n"], "href": entity_path(r["id"])}
            for r in memo.call(attention.quoted_about, eid, limit=NETWORK_SIZE)
        ],
        "compare_href": f"/compare?{urlencode({'e': eid})}",
        "period": period,
        "periods": [
            {
                "value": p,
                "selected": p == period,
                "href": base + (f"?{urlencode({'period': p})}" if p != "month" else ""),
            }
            for p in attention.PERIODS
        ],  # fmt: skip
        "downloads": {
            **downloads(base, ("csv", "jsonl", "atom")),
            "about.csv": f"{base}?format=csv&list=about",
            "about.atom": f"{base}?format=atom&list=about",
        },
    }


def _resolve(store, name: str | int) -> int:
    """The entity a name or id means (the best match)."""
    return query.find_entities(store, name)[0]


def _entity_name(store, eid: int) -> str:
    return store.scalar("SELECT name FROM entities WHERE id = ?", (eid,))


def compare(reader: Reader, entities: list[str], terms: list[str], period: str) -> dict:
    """Attention over time for up to four entities and terms on one chart."""
    memo = reader.memo()  # each series is an aggregate: kept until the store changes
    asked = [("entity", e.strip()) for e in entities if e.strip()]
    asked += [("term", t.strip()) for t in terms if t.strip()]
    if len(asked) > MAX_SERIES:
        raise BadRequest(f"compare at most {MAX_SERIES} entities and terms, not {len(asked)}")
    series, notices = [], []
    for kind, value in asked:
        try:
            if kind == "entity":
                eid = memo.call(_resolve, value)
                label = memo.call(_entity_name, eid)
                rows = memo.call(attention.entity_attention, eid, period)
                href = entity_path(eid)
            else:
                label, href = f"“{value}”", "/search?" + urlencode({"q": value})
                rows = memo.call(attention.term_attention, value, period)
        except UnknownEntity as err:
            notices.append(str(err))
            continue
        except InvalidQuery as err:
            if "no words" in str(err):
                notices.append(str(err))
                continue
            raise BadRequest(str(err)) from err
        series.append(
            {"kind": kind, "value": value, "label": label, "href": href, "rows": rows,
             "articles": sum(r["n"] for r in rows)}
        )  # fmt: skip
    pairs = [("e", v) for k, v in asked if k == "entity"] + [
        ("t", v) for k, v in asked if k == "term"
    ]
    if period != "month":
        pairs.append(("period", period))
    href = "/compare" + (f"?{urlencode(pairs)}" if pairs else "")
    return {
        "asked": [{"kind": k, "value": v} for k, v in asked],
        "period": period,
        "notices": notices,
        "series": series,
        "table": attention_table(series),
        "periods": [
            {
                "value": p,
                "selected": p == period,
                "href": "/compare?"
                + urlencode(
                    [
                        *[x for x in pairs if x[0] != "period"],
                        *([("period", p)] if p != "month" else []),
                    ]
                ),
            }
            for p in attention.PERIODS
        ],  # fmt: skip
        "downloads": downloads(href, ("csv",)),
    }


def article(reader: Reader, article_id: str) -> dict:
    """An article as its record, with one card per quote (speaker, cue, date)."""
    try:
        record = query.article(reader.store(), article_id)
    except ArticleNotFound as err:
        raise NotFound(str(err)) from err
    kb = {e["id"]: e.get("kb_id") for e in record["entities"]}
    times = {t["id"]: t for t in record["times"]}
    cards = []
    for q in record["quotes"]:
        speaker = (q.get("speaker") or {}).get("name") or (q.get("source") or {}).get("text")
        speaker_kb = q.get("kb_speaker") or kb.get((q.get("speaker") or {}).get("entity"))
        text = " ".join(q["text"].split())
        cards.append(
            {
                "id": q["id"],
                "kind": q["kind"],
                "excerpt": text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…",
                "speaker": speaker or "unknown speaker",
                "speaker_href": entity_path(speaker_kb) if speaker_kb is not None else None,
                "cue": (q.get("cue") or {}).get("text"),
                "date": q.get("date") or (times.get(q.get("time") or "") or {}).get("value"),
                "date_text": (times.get(q.get("time") or "") or {}).get("text"),
            }
        )
    return {"article": record, "cards": cards, "link": safe_url(record.get("url"))}


__all__ = [
    "SearchParams",
    "article",
    "compare",
    "entities",
    "entity",
    "entity_head",
    "home",
    "quote_view",
    "search",
]
