"""The search page: quotes matching every filter, their total and facets over all matches,
sort orders, and the articles that match the words (paged on their own)."""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from urllib.parse import quote_plus

from dateline import query
from dateline.query import InvalidQuery, UnknownEntity
from dateline.web.cards import cards, downloads, quote_view
from dateline.web.errors import BadRequest
from dateline.web.limits import ARTICLE_HITS, COUNT_CAP, FACET_VALUES
from dateline.web.memo import Memo
from dateline.web.reads import HIT_END, HIT_START, Reader
from dateline.web.render import article_path

_WORD = re.compile(r"\w+")


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
        """The search page for these parameters with ``changes`` applied (page 1 unless given).

        Parameters in field order, those not given and the defaults left out; the query
        string as :func:`urllib.parse.urlencode` writes it (a search page makes about 60 of
        these links: its facets, filters, sorts and pages)."""
        unknown = changes.keys() - _FIELDS
        if unknown:
            raise TypeError(f"unknown search parameters: {', '.join(sorted(unknown))}")
        changes.setdefault("page", 1)
        changes.setdefault("apage", 1)
        pairs = []
        for key in _FIELDS:
            value = changes[key] if key in changes else getattr(self, key)
            if value is None or value == "" or _DEFAULTS.get(key, _NO_DEFAULT) == value:
                continue
            pairs.append(f"{_quote(key)}={_quote(str(value))}")
        return path + ("?" + "&".join(pairs) if pairs else "")

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


#: The search's parameters in their order, and those left out of a link at their default.
_FIELDS = tuple(f.name for f in fields(SearchParams))
_DEFAULTS = {key: getattr(SearchParams, key) for key in ("page", "size", "sort", "apage")}
_NO_DEFAULT = object()
#: ``quote_plus``, as urlencode quotes each key and value; a page quotes the same few
#: values (its words, speaker, outlet) again in every link.
_quote = lru_cache(maxsize=4096)(quote_plus)


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


def search(reader: Reader, p: SearchParams) -> dict:
    """Quotes matching every filter (newest first, or as sorted), their total and facets
    over all matches, and the matching articles (paged on their own, ``apage``)."""
    store = reader.store()
    # The total and the facets count every match: kept until the store changes (web.memo),
    # for every page and sort order of this search; the quotes and articles listed are
    # read for each request.
    memo = reader.memo()
    filters = p.filters()
    counted = {k: v for k, v in filters.items() if k != "sort"}
    offset = (p.page - 1) * p.size
    notice, suggestions = None, []
    total, facets = 0, []
    try:
        prepared = memo.call(query.quote_filter, **filters)  # names resolved, plan chosen
        rows = cards(
            store,
            query.quotes(store, prepared=prepared, sort=p.sort, limit=p.size + 1, offset=offset),
        )
        total = memo.call(query.count_quotes, **counted, cap=COUNT_CAP)
        facets = _facets(memo, counted, p)
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
            limit=ARTICLE_HITS + 1, offset=aoffset, order=p.sort,
        )  # fmt: skip
        articles_total = memo.get(
            ("articles matching", p.q, p.source, p.since_day, p.until_day),
            lambda: reader.search_articles(
                p.q, source=p.source, since=p.since_day, until=p.until_day, count=COUNT_CAP
            ),
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


def _facets(memo: Memo, filters: dict, p: SearchParams) -> list[dict]:
    """Each facet's most frequent values over every matching quote (grouped in the store,
    kept until it changes)."""
    out = []
    for label, param, facet in _FACETS:
        values = []
        for row in memo.call(query.quote_facet, facet, top=FACET_VALUES, **filters):
            value, shown = str(row["value"]), str(row["label"])
            if facet == "year":  # a year sets both ends of the range
                href, selected = p.href(since=value, until=value), p.since == p.until == value
            else:
                href, selected = p.href(**{param: value}), str(getattr(p, param)) == value
            values.append({"value": shown, "count": row["n"], "selected": selected, "href": href})
        if values:
            out.append({"label": label, "param": param, "values": values})
    return out
