"""Claim cards built in Python (web.cards.card_html) are the markup the Jinja macro made,
byte for byte, and their citation JSON is json.dumps's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment, select_autoescape
from markupsafe import Markup, escape

from dateline.web.cards import card_html, cards_html, escape_text, flat_json, quote_list_html
from dateline.web.render import _CONTROL, Shown, _has_control, _picture, visible_controls

# The claim-card macro as it was before card_html replaced it (commit 4480dbf), with a call to
# it: the reference.
MACRO = (Path(__file__).parent / "fixtures" / "claim_card_macro.html").read_text().rstrip("\n")

EVIL = "<script>alert(\"x\")</script> & 'quoted' \x00\x1b\x85"

BASE = {
    "id": 7,
    "article_id": "a1",
    "quote_id": "q1",
    "kind": "direct",
    "act": "statement",
    "rule": "r",
    "text": "We will not give up.",
    "date": "2008-04-01",
    "date_from": "speech",
    "cue": "said",
    "speaker": {"id": 3, "name": "Sergey Lavrov", "href": "/entity/3"},
    "source_text": None,
    "speaker_kind": "named",
    "affiliation": None,
    "outlet": "RIA Novosti",
    "article_title": "Lavrov on Kosovo",
    "href": "/article/a1#q1",
    "key": "a1:10-30",
    "speaker_title": "foreign minister",
    "context": {"before": "Moscow. ", "quote": "We will not give up.", "after": " He left."},
    "url": "https://example.org/a1",
    "published": "2008-04-01",
    "citation": "Sergey Lavrov (foreign minister), said: “We will not give up.”.",
    "citation_json": '{\n "key": "a1:10-30"\n}',
    "carried_by": [
        {"id": "a2", "outlet": "Interfax", "published": "2008-04-02", "href": "/article/a2"},
        {"id": "a3", "outlet": None, "published": None, "href": "/article/a3"},
    ],
}

CASES = {
    "named": BASE,
    "searched words": {
        **BASE,
        "segments": [
            {"text": "We ", "hit": False},
            {"text": "will", "hit": True},
            {"text": " not give up.", "hit": False},
        ],
    },  # fmt: skip
    "unnamed, for an organisation": {
        **BASE,
        "speaker": None,
        "source_text": "a spokesman",
        "speaker_kind": "unnamed",
        "affiliation": {"name": "Gazprom", "href": "/entity/9"},
    },  # fmt: skip
    "unnamed": {**BASE, "speaker": None, "source_text": "officials", "speaker_kind": "unnamed"},
    "speaker not known": {
        **BASE,
        "speaker": None,
        "source_text": "they",
        "speaker_kind": "unknown",
    },  # fmt: skip
    "no speaker": {**BASE, "speaker": None, "source_text": None, "speaker_kind": None},
    "no title, act, other date origin": {
        **BASE,
        "speaker_title": None,
        "act": "belief",
        "date_from": "timex",
        "cue": None,
    },  # fmt: skip
    "undated, no outlet, no link, carried once": {
        **BASE,
        "date": None,
        "outlet": None,
        "article_title": None,
        "url": None,
        "carried_by": [BASE["carried_by"][0]],
    },  # fmt: skip
    "a plain quote (no claim fields)": {
        k: v
        for k, v in BASE.items()
        if k
        not in (
            "context",
            "url",
            "citation",
            "citation_json",
            "carried_by",
            "speaker_title",
            "key",
            "published",
        )
    },  # fmt: skip
    "untrusted text everywhere": {
        **BASE,
        "id": EVIL,
        "kind": EVIL,
        "text": EVIL,
        "cue": EVIL,
        "outlet": EVIL,
        "href": EVIL,
        "article_title": EVIL,
        "url": EVIL,
        "citation": EVIL,
        "citation_json": EVIL,
        "speaker": {"id": 3, "name": EVIL, "href": EVIL},
        "speaker_title": EVIL,
        "context": {"before": EVIL, "quote": EVIL, "after": EVIL},
        "date": EVIL,
        "carried_by": [{"id": EVIL, "outlet": EVIL, "published": EVIL, "href": EVIL}],
    },  # fmt: skip
    "an unnamed speaker with untrusted text": {
        **BASE,
        "speaker": None,
        "source_text": EVIL,
        "speaker_kind": "unnamed",
        "affiliation": {"name": EVIL, "href": EVIL},
        "date_from": EVIL,
    },  # fmt: skip
}


@pytest.mark.parametrize("case", CASES)
def test_card_html_is_the_macro_markup(case):
    env = Environment(autoescape=select_autoescape(default_for_string=True))
    env.finalize = visible_controls
    q = CASES[case]
    expected = env.from_string(MACRO).render(q=q)
    assert visible_controls(card_html(q)) == expected
    assert "<script>" not in card_html(q)


@pytest.mark.parametrize(
    "data",
    [
        {"key": "a:1-2", "quote": "“Quoted” \"text\" \\ é \n\t\x00 \u2028 😀", "speaker": None,
         "speaker_id": 42, "start_char": 0, "flag": True, "off": False},
        {},
        {"share": 0.5, "n": 1},  # a float: json itself
        {"nested": {"a": 1}},
        {1: "an int key"},
    ],
)  # fmt: skip
def test_flat_json_is_json_dumps(data):
    assert flat_json(data) == json.dumps(data, ensure_ascii=False, indent=1)


_CHARS = st.characters(codec=None, exclude_categories=()) | st.sampled_from(
    list("\x00\x07\t\n\r\x1b\x7f\x80\x85\x9f\xa0\xc2\u2028\ud800\udcff“é😀")
)


@given(st.text(_CHARS, max_size=80))
@settings(max_examples=400, deadline=None)
def test_visible_controls_shows_every_control_the_pattern_names(text):
    expected = _CONTROL.sub(_picture, text)
    assert visible_controls(text) == expected
    assert visible_controls(Markup(text)) == Markup(expected)
    assert _has_control(text) == (expected != text)


@given(st.text(_CHARS | st.sampled_from(list("&<>'\"")), max_size=80))
@settings(max_examples=400, deadline=None)
def test_escape_text_is_markupsafe_escape(text):
    assert escape_text(text) == str(escape(text))
    assert type(escape_text(text)) is str


@pytest.mark.parametrize("value", [7, None, 0.5, Markup("<b>kept</b>"), "", "&amp;"])
def test_escape_text_of_other_values_is_markupsafe_escape(value):
    assert escape_text(value) == str(escape(value))


# The quote_list macro as it was before quote_list_html replaced it (commit 9b5a7dd).
LIST_MACRO = (
    "{% macro quote_list(quotes) -%}\n"
    '{% if quotes %}<ol class="quotes">{{ claim_cards(quotes) }}</ol>\n'
    '{% else %}<p class="empty">No quotes.</p>{% endif %}\n'
    "{%- endmacro %}{{ quote_list(qs) }}"
)


@pytest.mark.parametrize("n", [0, 1, len(CASES)])
def test_quote_list_html_is_the_macro_markup(n):
    env = Environment(autoescape=select_autoescape(default_for_string=True))
    env.finalize = visible_controls
    env.globals["claim_cards"] = cards_html
    qs = list(CASES.values())[:n]
    assert quote_list_html(qs) == env.from_string(LIST_MACRO).render(qs=qs)
    assert type(quote_list_html(qs)) is Shown
