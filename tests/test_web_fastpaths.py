"""The web's fast paths give what the general code they stand in for gives: path segments
(urllib's quote), a template's ``x.name`` on a dict (Jinja's getattr) and a search's links
(the dataclass copy and urlencode they replaced)."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment

from dateline.web.app import dict_first_getattr
from dateline.web.render import _path_part, article_path, entity_path
from dateline.web.search import SearchParams

_ID_CHARS = st.characters(codec="utf-8") | st.sampled_from(list("azAZ09_.-~ /#?%&+:é\u2028"))


@given(st.text(_ID_CHARS, max_size=30) | st.integers())
@settings(max_examples=500, deadline=None)
def test_path_part_is_urlquote(value):
    assert _path_part(value) == quote(str(value), safe="")


def test_paths_quote_what_a_url_cannot_hold():
    assert entity_path(42) == "/entity/42"
    assert article_path("reuters-1", "q3") == "/article/reuters-1#q3"
    assert article_path("a/b c", "q 1") == "/article/a%2Fb%20c#q%201"


@pytest.mark.parametrize(
    ("obj", "name"),
    [
        ({"name": "Lavrov"}, "name"),
        ({"items": 1, "values": 2}, "items"),  # a dict's method, as Jinja has it
        ({"values": [1]}, "values"),
        ({}, "missing"),
        ({1: "x"}, "get"),
        (["a"], "name"),
        ("text", "upper"),
        (None, "name"),
    ],
)
def test_dict_first_getattr_is_jinjas(obj, name):
    env = Environment()
    fast = dict_first_getattr(env.getattr)
    expected, got = env.getattr(obj, name), fast(obj, name)
    assert type(got) is type(expected)
    if callable(expected):
        assert got == expected  # the same bound method
    elif not isinstance(expected, type(env.undefined())):
        assert got == expected


def _old_href(p: SearchParams, path: str = "/search", **changes) -> str:
    """SearchParams.href as it was (dataclasses.replace, then urlencode)."""
    changes.setdefault("page", 1)
    changes.setdefault("apage", 1)
    params = replace(p, **changes)
    pairs = {k: v for k, v in vars(params).items() if v not in (None, "")}
    for key in ("page", "size", "sort", "apage"):
        if pairs.get(key) == getattr(SearchParams, key):
            del pairs[key]
    return path + (f"?{urlencode(pairs)}" if pairs else "")


_TEXT = st.none() | st.text(_ID_CHARS, max_size=12)


@given(
    st.builds(
        SearchParams,
        q=_TEXT, speaker=_TEXT, about=_TEXT, source=_TEXT,
        kind=st.sampled_from([None, "direct", "mixed"]), since=_TEXT, until=_TEXT,
        page=st.integers(1, 3), size=st.sampled_from([20, 50]), act=_TEXT,
        sort=st.sampled_from(["newest", "oldest", "relevance"]), apage=st.integers(1, 3),
    ),
    st.dictionaries(
        st.sampled_from(["q", "speaker", "source", "page", "apage", "sort", "since", "until"]),
        st.none() | st.integers(1, 3) | st.text(_ID_CHARS, max_size=8),
        max_size=3,
    ),
)  # fmt: skip
@settings(max_examples=400, deadline=None)
def test_search_href_is_the_old_href(params, changes):
    assert params.href(**changes) == _old_href(params, **changes)
    assert params.href("/other") == _old_href(params, "/other")


def test_search_href_refuses_an_unknown_parameter():
    with pytest.raises(TypeError):
        SearchParams().href(nonsense=1)


def test_a_words_page_is_the_same_walked_along_the_date_index_or_sorted(tmp_path, monkeypatch):
    """query.quotes walks the date index for dense matches of the words (QUOTE_WALK_FACTOR)
    and sorts them otherwise: the same rows in the same order either way."""
    from dateline import query
    from dateline.query import api
    from dateline.store import open_store
    from store_records import lavrov

    with open_store(tmp_path / "kb.db") as store:
        # 40 stories over 7 days: dates tie, so the order's second key (the id) counts too
        store.add_records([lavrov(f"a{i:02d}", f"2008-04-{1 + i % 7:02d}") for i in range(40)])
        pages = [(sort, limit, offset) for sort in ("newest", "oldest")
                 for limit, offset in ((5, 0), (5, 5), (21, 20), (10, 37))]  # fmt: skip
        sql: list[str] = []
        rows_of = store.rows
        monkeypatch.setattr(store, "rows", lambda q, p=(): sql.append(q) or rows_of(q, p))
        walked = {pg: query.quotes(store, text="Kosovo", sort=pg[0], limit=pg[1], offset=pg[2])
                  for pg in pages}  # fmt: skip
        assert all("INDEXED BY quotes_date" in q for q in sql) and len(sql) == len(pages)
        monkeypatch.undo()
        assert api.quote_filter(store, text="Kosovo").walk == (40, 40)
        monkeypatch.setattr(api, "QUOTE_WALK_FACTOR", 0)  # never walk: sort every match
        for (sort, limit, offset), rows in walked.items():
            assert rows == query.quotes(store, text="Kosovo", sort=sort, limit=limit, offset=offset)
            assert len(rows) == min(limit, 40 - offset)
        # another filter: no walk (the matches thin out along the index)
        assert api.quote_filter(store, text="Kosovo", kind="direct").walk is None
