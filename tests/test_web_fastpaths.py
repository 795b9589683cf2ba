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
