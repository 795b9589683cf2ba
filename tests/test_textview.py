"""The parse view: same length, line breaks inside wrapped paragraphs read as spaces."""

from __future__ import annotations

import json
import re

import pytest
from tests.conftest import SAMPLE, SHARED

from dateline.textview import LONG_TOKEN, MARK_RUN, parse_view, wrap_width
from timing import best_times


def hard_wrap(text: str, width: int = 65) -> str:
    """Wrap every line of ``text`` at ``width`` as a wire archive does: a space at each
    break becomes a line break, so the wrapped text has the same length and offsets."""
    out = []
    for line in text.split("\n"):
        chars, start = list(line), 0
        while len(line) - start > width:
            cut = line.rfind(" ", start, start + width + 1)
            if cut <= start:
                break
            chars[cut] = "\n"
            start = cut + 1
        out.append("".join(chars))
    return "\n".join(out)


WIRE = (
    "WASHINGTON, March 2 - Treasury Secretary James Baker said the\n"
    "United States and its allies were committed to stable exchange\n"
    "rates, and that further falls in the dollar would be harmful to\n"
    "world growth.\n"
    '    "We have made it very clear that we are not seeking a lower\n'
    'dollar," Baker told reporters after meeting Japanese officials.\n'
    "    Currency dealers said the remarks were aimed at calming the\n"
    "markets, which have been nervous since the Paris accord.\n"
)


def test_a_wrapped_story_reads_as_paragraphs():
    view = parse_view(WIRE)
    assert len(view) == len(WIRE)
    assert "James Baker said the United States" in view
    assert 'lower dollar," Baker told' in view
    # Reuters' indented paragraph starts stay breaks.
    assert view.count("\n") == 3
    assert "world growth.\n    " in view


def test_hard_wrapped_news_unwraps_to_the_text_as_written(sample_articles):
    """Wrap real stories (the bundled Wikinews sample) and get them back, break for break."""
    kept = joined = 0
    for article in sample_articles:
        text = article["text"]
        wrapped = hard_wrap(text)
        view = parse_view(wrapped)
        assert len(view) == len(text)
        for i, (a, b) in enumerate(zip(wrapped, text, strict=True)):
            if a == "\n" and b == " ":
                joined += view[i] == " "
                kept += view[i] == "\n"
        # Paragraph breaks (blank lines) always stay.
        assert [m.start() for m in re.finditer("\n\n", view)] == [
            m.start() for m in re.finditer("\n\n", text)
        ]
    # A continuation line that starts like a list item or a label keeps its break.
    assert joined / (joined + kept) >= 0.99


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A speaker label starts a turn: interview transcripts keep each turn's line.
        (
            "Q: Do you expect the central bank to intervene again in the\n"
            "currency markets this week, as it did on Monday morning?\n"
            "PENCE: We will do whatever is needed to defend the currency and we\n"
            "will say so to anyone who asks us about it in the coming days.\n",
            "Q: Do you expect the central bank to intervene again in the "
            "currency markets this week, as it did on Monday morning?\n"
            "PENCE: We will do whatever is needed to defend the currency and we "
            "will say so to anyone who asks us about it in the coming days.\n",
        ),
        # List bullets keep their line.
        (
            "The ministry said the package, the third this year, would include\n"
            "the following steps, all of which the cabinet has yet to approve,\n"
            "to be taken before the end of the current fiscal year in March:\n"
            "- a cut in the discount rate to a record low of 2.5 pct\n"
            "- new public works spending worth 5,000 billion yen in all\n"
            "1. tax cuts for households with children under twelve\n",
            "The ministry said the package, the third this year, would include "
            "the following steps, all of which the cabinet has yet to approve, "
            "to be taken before the end of the current fiscal year in March:\n"
            "- a cut in the discount rate to a record low of 2.5 pct\n"
            "- new public works spending worth 5,000 billion yen in all\n"
            "1. tax cuts for households with children under twelve\n",
        ),
        # A hyphen at a line end is left as it is; the break reads as a space.
        (
            "The company said its long-term debt had been cut by a third and\n"
            "that the restructuring of its European operations was well-\n"
            "advanced, with three plants to close by the end of the year.\n",
            "The company said its long-term debt had been cut by a third and "
            "that the restructuring of its European operations was well- "
            "advanced, with three plants to close by the end of the year.\n",
        ),
    ],
)
def test_labels_lists_and_hyphens(text, expected):
    assert parse_view(text) == expected


def test_tables_and_columns_of_figures_are_left_alone():
    table = (
        "The U.S. Agriculture Department reported the farmer-owned reserve\n"
        "national five-day average price through February 25 as follows,\n"
        "for the week ending February 25, in dollars per bushel (Natl):\n"
        "         Natl   Loan           Release   Call\n"
        " Wheat   2.55   2.40       IV     4.65     --\n"
        " Corn    1.35   1.92       VI     3.15     --\n"
        "    Shr 1.20 dlrs vs 1.05 dlrs\n"
        "    Net 12.1 mln vs 10.3 mln\n"
    )
    view = parse_view(table)
    lines = table.split("\n")
    # Every row of the table keeps its line; the prose above it is one line.
    assert view.split("\n") == [" ".join(lines[:3])] + lines[3:]


@pytest.mark.parametrize(
    "text",
    [
        # Each line a paragraph, of any length: not wrapped.
        "A short headline\nThe first paragraph of the story, which runs on for a good while "
        "and says what happened in full, as web pages do.\nThe second paragraph is short.\n"
        "The third paragraph, again a long one, with a quote: “We will continue,” he said.\n",
        # Verse, addresses and other short lines: below any wrapping width.
        "The White House\n1600 Pennsylvania Avenue NW\nWashington, DC 20500\n",
        "",
        "no line break at all",
    ],
)
def test_text_that_is_not_wrapped_is_left_as_it_is(text):
    assert parse_view(text) == text


def test_the_view_is_the_identity_on_the_bundled_sample(sample_articles):
    for article in sample_articles:
        assert parse_view(article["text"]) == article["text"], article["id"]


@pytest.mark.skipif(not (SHARED / "polnear").exists(), reason="PolNeAR not present")
def test_the_view_is_the_identity_on_polnear_dev():
    with (SHARED / "polnear" / "dev.jsonl").open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    assert texts
    assert [t for t in texts if parse_view(t) != t] == []


@pytest.mark.skipif(not (SHARED / "timeml").exists(), reason="TimeBank not present")
def test_the_view_is_the_identity_on_tbaq():
    import sys

    sys.path.insert(0, str(SAMPLE.parents[3] / "bench"))
    import times

    docs = times.load_corpus(SHARED)
    assert len(docs) > 200
    assert [d.name for d in docs if parse_view(d.text) != d.text] == []


@pytest.mark.skipif(not (SHARED / "corpora" / "reuters21578").exists(), reason="no Reuters")
def test_reuters_wire_copy_is_recognised_as_wrapped():
    path = SHARED / "corpora" / "reuters21578" / "reuters21578.jsonl"
    stories = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            text = story["text"] or ""
            # Prose stories of a few paragraphs (earnings tables are left alone on purpose).
            if text.count("\n") >= 4 and sum(c.isdigit() for c in text) * 8 < len(text):
                stories.append(f"{story['dateline'] or ''} {text}")
            if len(stories) == 300:
                break
    wrapped = [t for t in stories if wrap_width(t.split("\n")) is not None]
    assert len(wrapped) >= 0.9 * len(stories)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("one\r\ntwo", "one \ntwo"),  # CRLF: one break
        ("one\rtwo", "one\ntwo"),  # a lone CR ends a line
        ("page one\fpage two", "page one\npage two"),  # a form feed too
        ("nul\x00byte", "nul byte"),
        ("\n\n\n\n", "\n\n\n\n"),
    ],
)
def test_line_ends_of_every_kind(text, expected):
    assert parse_view(text) == expected


def test_a_crlf_wrapped_story_unwraps():
    crlf = WIRE.replace("\n", "\r\n")
    view = parse_view(crlf)
    assert len(view) == len(crlf)
    assert "James Baker said  the United States" not in view  # one break, one space each
    assert "James Baker said   United" not in view
    assert re.sub(r"\s+", " ", view) == re.sub(r"\s+", " ", crlf)
    assert view.count("\n") == 3


def test_one_long_line_and_only_line_breaks():
    line = "word " * 10_000
    assert parse_view(line) == line
    assert parse_view("\n" * 50_000) == "\n" * 50_000


@pytest.mark.parametrize("mark", ['"', ")", "“", "=", "_", ".)"])
def test_long_runs_of_marks_get_spaces(mark):
    run = mark * 2_000
    view = parse_view(run)
    assert len(view) == len(run)
    assert max(len(part) for part in view.split()) <= MARK_RUN


def test_short_runs_of_marks_stay_whole():
    text = 'He said: "Stop!!!" -- and left ... ====== end'
    assert parse_view(text) == text


def test_the_view_takes_linear_time():
    paragraph = WIRE * 20
    small, large = best_times(parse_view, [paragraph * 10, paragraph * 20], 7)
    assert large <= 2.5 * small


@pytest.mark.parametrize("unit", ["1:", "1.2:", "a:b"])
def test_long_runs_without_spaces_are_cut(unit):
    """spaCy's tokenizer is quadratic on such runs (a run of "1:2:3:…" took 34 s)."""
    run = unit * 5_000
    view = parse_view(run)
    assert len(view) == len(run)
    assert max(len(part) for part in view.split()) <= LONG_TOKEN


def test_a_long_url_stays_whole():
    url = "https://www.example.com/news/2024/01/02/" + "a-long-slug-" * 12 + "index.html"
    assert len(url) < LONG_TOKEN
    assert parse_view(f"See {url} for more.") == f"See {url} for more."
