"""Counts, facets and sort orders over every match, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from dateline import query
from dateline.query import InvalidQuery
from dateline.store import open_store
from store_records import lavrov, record

BAN = 'Ban Ki-moon said "Kosovo talks must go on." Ban Ki-moon met Lavrov.'


@pytest.fixture()
def store(store_url):
    with open_store(store_url) as s:
        s.add_records(
            [
                lavrov("a1", published="2008-04-01"),
                lavrov("a2", published="2009-06-01"),
                record(
                    "b1",
                    BAN,
                    entities=[("Ban Ki-moon", "PERSON", ["Ban Ki-moon"], ["Secretary General"]),
                              ("Kosovo", "GPE", ["Kosovo"], [])],
                    quotes=[{"content": "Kosovo talks must go on.", "speaker": 0, "cue": "said"}],
                    published="2008-05-01",
                    source="AP",
                ),
            ]
        )  # fmt: skip
        yield s


@pytest.mark.parametrize(
    ("filters", "n"),
    [({}, 3), ({"speaker": "Lavrov"}, 2), ({"text": "kosovo"}, 3), ({"text": "talks"}, 1),
     ({"about": "Kosovo"}, 3), ({"since": "2009"}, 1), ({"until": "2008-04"}, 1),
     ({"source": "AP"}, 1), ({"kind": "indirect"}, 0)],
)  # fmt: skip
def test_count_quotes_counts_every_match(store, filters, n):
    assert query.count_quotes(store, **filters) == n
    assert len(query.quotes(store, **filters)) == n
    assert query.count_quotes(store, **filters, cap=1) == min(n, 1)


def test_facets_group_every_match(store):
    speakers = query.quote_facet(store, "speaker", text="kosovo")
    assert [(r["label"], r["n"]) for r in speakers] == [("Sergei Lavrov", 2), ("Ban Ki-moon", 1)]
    years = query.quote_facet(store, "year")
    assert {r["value"]: r["n"] for r in years} == {"2008": 2, "2009": 1}
    assert [r["value"] for r in query.quote_facet(store, "source", top=1)] == ["RIA Novosti"]
    with pytest.raises(InvalidQuery, match="unknown facet"):
        query.quote_facet(store, "colour")


def test_sorts(store):
    def articles(**kw):
        return [r["article"] for r in query.quotes(store, **kw)]

    assert articles() == ["a2", "b1", "a1"]
    assert articles(sort="oldest") == ["a1", "b1", "a2"]
    best = articles(text="Kosovo talks", sort="relevance")
    assert best == ["b1"]
    assert set(articles(text="kosovo", sort="relevance")) == {"a1", "a2", "b1"}
    with pytest.raises(InvalidQuery, match="unknown sort"):
        query.quotes(store, sort="random")


@pytest.mark.parametrize(("common", "dense"), [(1, 1), (1, 10**6), (10**6, 10**6)])
def test_counts_agree_whatever_the_plan_for_the_list(store, monkeypatch, common, dense):
    """A common word's list walks the date index; its count and facets read every match."""
    from dateline.query import api

    monkeypatch.setattr(api, "COMMON_MATCHES", common)
    monkeypatch.setattr(api, "DENSE_MATCHES", dense)
    assert query.count_quotes(store, text="kosovo") == 3
    assert len(query.quotes(store, text="kosovo")) == 3
    assert sum(r["n"] for r in query.quote_facet(store, "kind", text="kosovo")) == 3
