"""View functions: what each page shows, as JSON-ready dicts (the page's JSON twin).

They read through :mod:`dateline.query`; the templates only lay the dicts out. Errors the
visitor can act on become :class:`~dateline.web.errors.NotFound` or ``BadRequest``.
"""

from __future__ import annotations

import calendar
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, replace
from urllib.parse import urlencode

from dateline import query
from dateline.query import ArticleNotFound, InvalidQuery, UnknownEntity, attention, claims
from dateline.web.attention import MAX_SERIES, attention_table
from dateline.web.errors import BadRequest, NotFound
from dateline.web.limits import (
    ABOUT_QUOTES,
    ARTICLE_HITS,
    COUNT_CAP,
    FACET_SAMPLE,
    FACET_VALUES,
    LATEST_QUOTES,
    NETWORK_SIZE,
    TIMELINE_QUOTES,
)
from dateline.web.reads import HIT_END, HIT_START, Reader
from dateline.web.render import article_path, entity_path, safe_url

_WORD = re.compile(r"\w+")
#: Characters of a quote shown on its card in the article's side bar.
EXCERPT_CHARS = 160


@dataclass(frozen=True)
class SearchParams:
    """A search as typed: words, speaker, topic, outlet, kind, act, dates, page."""

    q: str | None = None
    speaker: str | None = None
    about: str | None = None
    source: str | None = None
    kind: str | None = None
    since: str | None = None
    until: str | None = None
    page: int = 1
    size: int = 20
    act: str | None = None
    sort: str = "newest"
    apage: int = 1

    @classmethod
    def parse(
        cls, q, speaker, about, source, kind, since, until, page, size, act=None, sort=None,
        apage=1,
    ) -> SearchParams:  # fmt: skip
        def clean(value: str | None) -> str | None:
            value = (value or "").strip()
            return value or None

        params = cls(
            clean(q), clean(speaker), clean(about), clean(source), clean(kind),
            clean(since), clean(until), page, size, clean(act), clean(sort) or "newest", apage,
        )  # fmt: skip
        first, last = params.since_day, params.until_day
        if first and last and first > last:
            raise BadRequest(f"the date range is empty: {params.since} is after {params.until}")
        return params

    @property
    def since_day(self) -> str | None:
        """``since`` as the first day it names (2008 -> 2008-01-01)."""
        return _day(self.since, last=False)

    @property
    def until_day(self) -> str | None:
        """``until`` as the last day it names (2008-02 -> 2008-02-29)."""
        return _day(self.until, last=True)

    def href(self, path: str = "/search", **changes) -> str:
        """The search page for these parameters with ``changes`` applied (page 1 unless given)."""
        changes.setdefault("page", 1)
        changes.setdefault("apage", 1)
        params = replace(self, **changes)
        pairs = {k: v for k, v in vars(params).items() if v not in (None, "")}
        for key in ("page", "size", "sort", "apage"):
            if pairs.get(key) == getattr(SearchParams, key):
                del pairs[key]
        return path + (f"?{urlencode(pairs)}" if pairs else "")

    def filters(self) -> dict:
        """The query API's filters for this search (those given), with its sort order."""
        given = {
            "speaker": self.speaker, "about": self.about, "text": self.q,
            "since": self.since_day, "until": self.until_day, "source": self.source,
            "kind": self.kind, "act": self.act,
        }  # fmt: skip
        return {**{k: v for k, v in given.items() if v is not None}, "sort": self.sort}

    def describe(self) -> str:
        """The search in words, for a feed's title."""
        parts = [f"{label} {getattr(self, p)}" for p, label in _FILTERS.items() if getattr(self, p)]
        return "quotes" + (" – " + ", ".join(parts) if parts else "")


def _day(value: str | None, last: bool) -> str | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD value as a full date; BadRequest when it is no date."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        year = parts[0]
        month = parts[1] if len(parts) > 1 else (12 if last else 1)
        end = calendar.monthrange(year, month)[1] if last else 1
        day = parts[2] if len(parts) > 2 else end
        calendar.weekday(year, month, day)  # raises ValueError for 2008-02-30
    except ValueError:
        raise BadRequest(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return f"{year:04d}-{month:02d}-{day:02d}"


def quote_view(row: dict) -> dict:
    """A quote row of the query API, with links to its speaker and its sentence."""
    speaker = None
    if row.get("speaker_id") is not None:
        speaker = {
            "id": row["speaker_id"],
            "name": row.get("speaker"),
            "href": entity_path(row["speaker_id"]),
        }
    view = {
        "id": row["id"],
        "article_id": row["article"],
        "quote_id": row["quote"],
        "kind": row["kind"],
        "act": row.get("act") or "statement",
        "rule": row.get("rule"),
        "text": row["text"],
        "date": row.get("date"),
        "date_from": row.get("date_from"),
        "cue": row.get("cue"),
        "speaker": speaker,
        "source_text": row.get("source") or (None if speaker else row.get("speaker")),
        "outlet": row.get("outlet"),
        "article_title": row.get("title"),
        "href": article_path(row["article"], row["quote"]),
    }
    if "context" in row:  # a claim card (see cards())
        cite = claims.citation(row)
        view.update(
            key=cite["json"]["key"],
            speaker_title=row.get("speaker_title"),
            context=row["context"],
            url=safe_url(row.get("url")),
            published=row.get("published"),
            citation=cite["text"],
            citation_json=json.dumps(cite["json"], ensure_ascii=False, indent=1),
            carried_by=[
                {
                    "id": c["id"],
                    "outlet": c.get("outlet"),
                    "published": c.get("published"),
                    "href": article_path(c["id"]),
                }
                for c in row.get("carried_by", [])
            ],  # fmt: skip
        )
    return view


def cards(store, rows: list[dict]) -> list[dict]:
    """Quote rows made claim cards: each with its sentence, citation and the other outlets
    that carried its story (read for these rows only: one page)."""
    return claims.with_carriers(store, claims.with_context(store, rows))


def _entity_link(row: dict, count_key: str = "n") -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row.get("type"),
        "count": row.get(count_key),
        "href": entity_path(row["id"]),
    }


# -- pages --------------------------------------------------------------------------------------


def home(reader: Reader) -> dict:
    store = reader.store()
    counts = store.counts()
    summary = query.summary(store, top=10)
    return {
        "figures": {
            "articles": counts["articles"],
            "quotes": counts["quotes"],
            "entities": counts["entities"],
            "dates": counts["times"],
        },
        "figures_range": summary["published"] if summary["published"]["first"] else None,
        "quote_kinds": summary["quote_kinds"],
        "top_speakers": [_entity_link(e, "quotes") for e in summary["top_speakers"]],
        # people apart from the organisations and places quoted as speakers
        "top_people": [
            _entity_link(e, "quotes")
            for e in query.entities(store, type="PERSON", order="quotes", limit=TOP_SPEAKERS)
        ],
        "top_organisations": [
            _entity_link(e, "quotes")
            for e in query.entities(
                store, type=",".join(NON_PERSON), order="quotes", limit=TOP_SPEAKERS
            )
        ],
        "latest": [quote_view(r) for r in cards(store, query.quotes(store, limit=LATEST_QUOTES))],
    }


def search(reader: Reader, p: SearchParams) -> dict:
    """Quotes matching every filter (newest first, or as sorted), their total and facets
    over all matches, and the matching articles (paged on their own, ``apage``)."""
    store = reader.store()
    filters = p.filters()
    offset = (p.page - 1) * p.size
    notice, suggestions = None, []
    total, facets = 0, []
    try:
        rows = cards(store, query.quotes(store, **filters, limit=p.size + 1, offset=offset))
        total = query.count_quotes(store, **filters, cap=COUNT_CAP)
        facets = _facets(store, filters, p)
    except UnknownEntity as err:
        rows, notice, suggestions = [], str(err), _suggestions(p, err)
    except InvalidQuery as err:
        if "no words" in str(err):  # punctuation only: nothing to match, not an error
            rows, notice = [], str(err)
        else:
            raise BadRequest(str(err)) from err
    has_more = len(rows) > p.size
    articles, articles_total, apages = [], 0, None
    if p.q:
        aoffset = (p.apage - 1) * ARTICLE_HITS
        hits = reader.search_articles(
            p.q, source=p.source, since=p.since_day, until=p.until_day,
            limit=ARTICLE_HITS + 1, offset=aoffset,
        )  # fmt: skip
        articles_total = reader.search_articles(
            p.q, source=p.source, since=p.since_day, until=p.until_day, count=COUNT_CAP
        )
        articles = [
            {**{k: a[k] for k in ("id", "title", "source", "published")},
             "snippet": _snippet(a.get("snippet")), "href": article_path(a["id"])}
            for a in hits[:ARTICLE_HITS]
        ]  # fmt: skip
        apages = {
            "page": p.apage,
            "first": aoffset + 1 if articles else 0,
            "last": aoffset + len(articles),
            "prev": p.href(page=p.page, apage=p.apage - 1) + "#articles" if p.apage > 1 else None,
            "next": p.href(page=p.page, apage=p.apage + 1) + "#articles"
            if len(hits) > ARTICLE_HITS
            else None,
        }
    return {
        "params": asdict(p),
        "notice": notice,
        "suggestions": suggestions,
        "total": total,
        "total_exact": total < COUNT_CAP,
        "quotes": [
            {**quote_view(r), "segments": _mark_words(r["text"], p.q)} if p.q else quote_view(r)
            for r in rows[: p.size]
        ],
        "pages": {
            "page": p.page,
            "first": offset + 1 if rows else 0,
            "last": offset + min(len(rows), p.size),
            "prev": p.href(page=p.page - 1, apage=p.apage) if p.page > 1 else None,
            "next": p.href(page=p.page + 1, apage=p.apage) if has_more else None,
        },
        "sorts": [
            {"value": s, "selected": s == p.sort, "href": p.href(sort=s)}
            for s in query.SORTS
            if s != "relevance" or p.q
        ],
        "filters": _active_filters(p, rows),
        "facets": facets,
        "facets_note": None if total < COUNT_CAP else f"Counted up to {COUNT_CAP:,} matches.",
        "articles": articles,
        "articles_total": articles_total,
        "articles_pages": apages,
        "downloads": downloads(p.href(), ("csv", "jsonl", "atom")),
    }


def downloads(href: str, formats: tuple[str, ...]) -> dict[str, str]:
    """Links to a page's twins in ``formats`` and JSON: the same query, another form."""
    sep = "&" if "?" in href else "?"
    return {fmt: f"{href}{sep}format={fmt}" for fmt in ("json", *formats)}


def _suggestions(p: SearchParams, err: UnknownEntity) -> list[dict]:
    """The names an unknown-name message suggests, each a link to the search with it."""
    param = "speaker" if "speaker" in str(err).split(" in the ")[0] else "about"
    if getattr(p, param) is None:
        param = "about" if param == "speaker" else "speaker"
    out = []
    for name in err.suggestions:
        shown = " ".join(name.split())  # a name wrapped in its article: one line here
        out.append({"name": shown, "href": p.href(**{param: shown})})
    return out


def _mark_words(text: str, words: str) -> list[dict]:
    """``text`` as segments ``{"text", "hit"}``, hits being the searched words (whole words,
    any case, as the full-text index matches them)."""
    found = _WORD.findall(words)
    if not found:
        return [{"text": text, "hit": False}]
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, found)) + r")\b", re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        if m.start() > last:
            out.append({"text": text[last : m.start()], "hit": False})
        out.append({"text": m.group(), "hit": True})
        last = m.end()
    if last < len(text):
        out.append({"text": text[last:], "hit": False})
    return out


#: Search parameters shown as removable filters, with their labels.
_FILTERS = {
    "q": "words", "speaker": "speaker", "about": "about", "source": "source",
    "kind": "kind", "act": "act", "since": "from", "until": "to",
}  # fmt: skip


def _active_filters(p: SearchParams, rows: list[dict]) -> list[dict]:
    """The filters in force, each with a link to the same search without it. A speaker
    given by id (a facet link) is shown by name."""
    names = {str(r["speaker_id"]): r["speaker"] for r in rows if r.get("speaker_id") is not None}
    out = []
    for param, label in _FILTERS.items():
        value = getattr(p, param)
        if value is None:
            continue
        shown = names.get(value, value) if param == "speaker" else value
        out.append(
            {"param": param, "label": label, "value": shown, "remove": p.href(**{param: None})}
        )
    return out


def _snippet(text: str | None) -> list[dict]:
    """A snippet as segments ``{"text", "hit"}``: the template bolds hits, escaping all."""
    out = []
    for i, part in enumerate((text or "").replace(HIT_END, HIT_START).split(HIT_START)):
        if part:
            out.append({"text": part, "hit": i % 2 == 1})
    return out


#: The facets of a search: label, the parameter a value sets, the query API's facet.
_FACETS = [
    ("Speaker", "speaker", "speaker"), ("Source", "source", "source"), ("Kind", "kind", "kind"),
    ("Act", "act", "act"), ("Year", "since", "year"),
]  # fmt: skip


def _facets(store, filters: dict, p: SearchParams) -> list[dict]:
    """Each facet's most frequent values over every matching quote (grouped in the store)."""
    filters = {k: v for k, v in filters.items() if k != "sort"}
    out = []
    for label, param, facet in _FACETS:
        values = []
        for row in query.quote_facet(store, facet, top=FACET_VALUES, **filters):
            value, shown = str(row["value"]), str(row["label"])
            if facet == "year":  # a year sets both ends of the range
                href, selected = p.href(since=value, until=value), p.since == p.until == value
            else:
                href, selected = p.href(**{param: value}), str(getattr(p, param)) == value
            values.append({"value": shown, "count": row["n"], "selected": selected, "href": href})
        if values:
            out.append({"label": label, "param": param, "values": values})
    return out


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
    try:
        e = query.entity(store, entity_id)
        other = query.find_entities(store, with_)[0] if with_ else None
    except UnknownEntity as err:
        raise NotFound(str(err)) from err
    eid = e["id"]
    by_day: Counter = Counter()
    for r in query.timeline(store, eid, limit=TIMELINE_QUOTES):
        if r.get("date"):
            by_day[(r["date"], r["kind"])] += 1
    rows = cards(store, query.quotes(store, speaker=eid, limit=size + 1, offset=(page - 1) * size))
    about_rows = query.quotes(store, about=eid, limit=FACET_SAMPLE)
    quoted_about = Counter(
        r["speaker_id"] for r in about_rows if r["speaker_id"] not in (None, eid)
    )
    names = {r["speaker_id"]: r["speaker"] for r in about_rows}
    aoffset = (apage - 1) * ARTICLE_HITS
    articles = attention.entity_articles(
        store, eid, with_=other, limit=ARTICLE_HITS + 1, offset=aoffset
    )
    articles_total = attention.count_entity_articles(store, eid, with_=other)
    try:
        trend = attention.entity_attention(store, eid, period)
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
        other_name = store.scalar("SELECT name FROM entities WHERE id = ?", (other,))
    return {
        "entity": {
            **{k: e[k] for k in ("id", "name", "type", "quotes", "mentions", "articles")},
            "aliases": [a for a in e["aliases"] if a != e["name"]],
            "titles": e["titles"],
            "href": base,
        },
        "timeline": [{"date": d, "kind": k, "count": n} for (d, k), n in sorted(by_day.items())],
        "attention": trend,
        "quotes": [quote_view(r) for r in rows[:size]],
        "pages": {
            "page": page,
            "prev": href(page - 1, apage) if page > 1 else None,
            "next": href(page + 1, apage) if len(rows) > size else None,
        },
        "quotes_about": [quote_view(r) for r in cards(store, about_rows[:ABOUT_QUOTES])],
        "quotes_about_total": query.count_quotes(store, about=eid, cap=COUNT_CAP),
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
            for o in attention.top_outlets(store, eid, limit=NETWORK_SIZE)
        ],  # fmt: skip
        "mentioned_with": [
            {**_entity_link(r), "articles_href": with_href(r["id"])} for r in e["co_mentioned"]
        ],
        "quoted_with": [
            _entity_link(r) for r in query.co_mentions(store, eid, by="quoted", limit=NETWORK_SIZE)
        ],
        "speaks_about": [
            _entity_link(r) for r in query.co_mentions(store, eid, by="about", limit=NETWORK_SIZE)
        ],
        "quoted_about": [
            {"id": sid, "name": names[sid], "count": n, "href": entity_path(sid)}
            for sid, n in quoted_about.most_common(NETWORK_SIZE)
        ],
        "compare_href": f"/compare?{urlencode({'e': eid})}",
        "downloads": {
            **downloads(base, ("csv", "jsonl", "atom")),
            "about.csv": f"{base}?format=csv&list=about",
            "about.atom": f"{base}?format=atom&list=about",
        },
    }


def compare(reader: Reader, entities: list[str], terms: list[str], period: str) -> dict:
    """Attention over time for up to four entities and terms on one chart."""
    store = reader.store()
    asked = [("entity", e.strip()) for e in entities if e.strip()]
    asked += [("term", t.strip()) for t in terms if t.strip()]
    if len(asked) > MAX_SERIES:
        raise BadRequest(f"compare at most {MAX_SERIES} entities and terms, not {len(asked)}")
    series, notices = [], []
    for kind, value in asked:
        try:
            if kind == "entity":
                eid = query.find_entities(store, value)[0]
                label = store.scalar("SELECT name FROM entities WHERE id = ?", (eid,))
                rows = attention.entity_attention(store, eid, period)
                href = entity_path(eid)
            else:
                label, href = f"“{value}”", "/search?" + urlencode({"q": value})
                rows = attention.term_attention(store, value, period)
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
