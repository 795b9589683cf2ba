"""The article renderer and the timeline chart: safe, well-nested HTML from untrusted records."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from dateline.web.render import Span, article_path, render_article, render_text, safe_url
from dateline.web.timeline import buckets, timeline_svg

VOID = {"br", "img", "input", "meta", "link", "hr"}


class Tree(HTMLParser):
    """Collects elements, attributes and text; fails on mis-nested closing tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    tree.close()
    assert not tree.errors and not tree.stack, (tree.errors, tree.stack)
    return tree


def span(text: str, surface: str) -> dict:
    start = text.index(surface)
    return {"start": start, "end": start + len(surface), "text": surface}


EVIL = (
    'Officials said: "<script>alert(1)</script> is not allowed." '
    '<img src=x onerror="alert(2)"> <a href="javascript:alert(3)">click</a> '
    "Mr. <b>Smith</b> agreed on Monday."
)


def evil_record() -> dict:
    return {
        "id": "x",
        "url": "javascript:alert(4)",
        "published": "2020-01-01",
        "text": EVIL,
        "entities": [
            {
                "id": "e1",
                "name": 'Smith"><script>alert(5)</script>',
                "type": "PERSON",
                "titles": [],
                "mentions": [span(EVIL, "<b>Smith</b>")],
            }
        ],
        "quotes": [
            {
                "id": "q1",
                "kind": "direct",
                **span(EVIL, "<script>alert(1)</script> is not allowed."),
                "cue": span(EVIL, "said"),
                "source": span(EVIL, "Officials"),
                "speaker": {"entity": "e1", "name": '"><img src=x onerror=alert(6)>'},
                "time": "t1",
            }
        ],
        "times": [{"id": "t1", **span(EVIL, "Monday"), "type": "DATE", "value": "2019-12-30"}],
    }


def test_untrusted_text_renders_as_inert_text():
    html = render_article(evil_record(), lambda local: "/entity/7")
    tree = parse(html)
    tags = {tag for tag, _ in tree.elements}
    assert tags <= {"mark", "span", "a"}, tags  # only the renderer's own elements
    for _, attrs in tree.elements:
        assert not any(name.startswith("on") for name in attrs), attrs
        assert not (attrs.get("href") or "").lower().startswith("javascript:"), attrs
    assert "".join(tree.text) == EVIL  # every character shown, none interpreted, none lost
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_spans_are_marked_with_their_layers():
    html = render_article(evil_record(), lambda local: "/entity/7")
    tree = parse(html)
    classes = [(tag, attrs.get("class", "")) for tag, attrs in tree.elements]
    assert ("mark", "quote quote-direct") in classes
    assert ("span", "cue") in classes and ("span", "source") in classes
    assert ("a", "entity entity-person") in classes and ("span", "timex") in classes
    quote = next(a for t, a in tree.elements if t == "mark")
    assert quote["id"] == "q1" and quote["tabindex"] == "0"
    # the attribution tooltip names the speaker, the cue and the date; escaped, not markup
    assert quote["title"] == '"><img src=x onerror=alert(6)> (said) - 2019-12-30'


@pytest.mark.parametrize(
    "spans",
    [
        [Span("quote", 0, 10, "mark", {"data-id": "q1"}), Span("entity", 5, 15, "span")],
        [Span("entity", 0, 10, "span"), Span("quote", 5, 15, "mark", {"data-id": "q1"})],
        [Span("quote", 0, 20, "mark", {"data-id": "q1"}), Span("cue", 0, 20, "span")],
        [Span("quote", 2, 8, "mark", {"data-id": "q1"}), Span("entity", 2, 8, "a", {"href": "/"})],
        [Span("entity", 0, 12, "a", {"href": "/e/1"}), Span("entity", 3, 6, "a", {"href": "/2"})],
        [Span("time", 1, 4, "span"), Span("time", 3, 9, "span"), Span("time", 8, 19, "span")],
    ],
    ids=["cross-right", "cross-left", "same-extent", "same-extent-link", "nested-links", "chain"],
)
def test_overlapping_spans_give_well_nested_html(spans):
    text = "abcdefghijklmnopqrst"
    tree = parse(render_text(text, spans))
    assert "".join(tree.text) == text
    # a link never contains a link (browsers would tear the outer one apart)
    html = str(render_text(text, spans))
    depth = 0
    for part in html.split("<")[1:]:
        if part.startswith("a ") or part.startswith("a>"):
            depth += 1
            assert depth == 1, html
        elif part.startswith("/a>"):
            depth -= 1
    # the quote's anchor id is placed once even when the quote is split into pieces
    assert html.count(' id="q1"') <= 1


@pytest.mark.parametrize(
    "bad",
    [
        {"start": -1, "end": 3},
        {"start": 5, "end": 5},
        {"start": 8, "end": 2},
        {"start": 0, "end": 999},
        {"start": "0", "end": 3},
        {"start": None, "end": None},
        "not a span",
    ],
)
def test_bad_offsets_are_dropped_not_fatal(bad):
    text = "Lavrov said it."
    record = {
        "text": text,
        "entities": [{"id": "e1", "name": "L", "type": "PERSON", "mentions": [bad]}],
        "quotes": [bad if isinstance(bad, str) else {"id": "q1", "kind": "direct", **bad}],
        "times": [],
    }
    tree = parse(render_article(record))
    assert "".join(tree.text) == text and tree.elements == []


def test_empty_and_missing_text():
    assert render_article({"text": ""}) == ""
    assert render_article({}) == ""
    assert render_article({"text": None}) == ""


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://en.wikinews.org/wiki/X", "https://en.wikinews.org/wiki/X"),
        ("  HTTP://example.org/a ", "HTTP://example.org/a"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_paths_quote_ids():
    assert article_path("a/b?c#d", "q1") == "/article/a%2Fb%3Fc%23d#q1"


@pytest.mark.parametrize(
    ("dates", "unit_labels"),
    [
        (["2008-04-01", "2008-04-03"], ["2008-04-01", "2008-04-02", "2008-04-03"]),
        (["2008-01-15", "2008-06-02"], ["2008-01", "2008-02", "2008-03", "2008-04", "2008-05",
                                        "2008-06"]),
        (["1987-02-26", "2015-09-01"], [str(y) for y in range(1987, 2016)]),
        (["2008-04", "2008"], None),  # partial values count at their first day
    ],
)  # fmt: skip
def test_buckets_pick_a_readable_unit_and_keep_gaps(dates, unit_labels):
    bars = buckets([(d, "direct", 1) for d in dates])
    assert sum(b.total for b in bars) == len(dates)
    if unit_labels is not None:
        assert [b.label for b in bars] == unit_labels
    assert all(b.first <= b.last for b in bars)


def test_buckets_ignore_undated_and_bad_values():
    assert (
        buckets([(None, "direct", 1), ("PRESENT_REF", "direct", 1), ("2008-13-40", "x", 1)]) == []
    )
    assert timeline_svg([]) == ""


def test_timeline_svg_stacks_kinds_links_bars_and_escapes():
    points = [
        ("2008-04-01", "direct", 2),
        ("2008-04-01", "indirect", 1),
        ("2008-04-03", "mixed", 1),
    ]
    svg = str(
        timeline_svg(points, lambda a, b: f"/search?since={a}&until={b}", title="<Lavrov> & co")
    )
    tree = parse(svg)
    rects = [a for t, a in tree.elements if t == "rect"]
    assert {r["class"] for r in rects} == {"kind-direct", "kind-indirect", "kind-mixed", "empty"}
    links = [a["href"] for t, a in tree.elements if t == "a"]
    assert links == ["/search?since=2008-04-01&until=2008-04-01",
                     "/search?since=2008-04-03&until=2008-04-03"]  # fmt: skip
    assert "&lt;Lavrov&gt; &amp; co" in svg
    tallest = max(float(r["height"]) for r in rects if r["class"] == "kind-direct")
    shorter = max(float(r["height"]) for r in rects if r["class"] == "kind-mixed")
    assert tallest == pytest.approx(2 * shorter, abs=0.2)  # heights are rounded to 0.1
    assert buckets(points)[0].first == date(2008, 4, 1)


@pytest.mark.parametrize("seed", range(20))
def test_random_overlaps_keep_every_character_and_every_span(seed):
    import random

    rnd = random.Random(seed)
    text = "".join(rnd.choice("ab <>&\"'\n") for _ in range(60))
    layers = list(("quote", "source", "cue", "entity", "time"))
    spans = []
    for i in range(12):
        start = rnd.randrange(0, 59)
        end = rnd.randrange(start + 1, 61)
        layer = rnd.choice(layers)
        tag = "a" if layer == "entity" and rnd.random() < 0.5 else "span"
        spans.append(Span(layer, start, end, tag, {"data-id": f"s{i}"}))
    html = str(render_text(text, spans))
    tree = parse(html)
    assert "".join(tree.text) == text

    class Coverage(HTMLParser):  # which offsets lie inside an element of each data-id
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.open, self.pos, self.covered = [], 0, {}

        def handle_starttag(self, tag, attrs):
            self.open.append(dict(attrs)["data-id"])

        def handle_endtag(self, tag):
            self.open.pop()

        def handle_data(self, data):
            for sid in self.open:
                self.covered.setdefault(sid, set()).update(range(self.pos, self.pos + len(data)))
            self.pos += len(data)

    cov = Coverage()
    cov.feed(html)
    cov.close()
    for s in spans:
        assert cov.covered[s.attrs["data-id"]] == set(range(s.start, s.end)), s
