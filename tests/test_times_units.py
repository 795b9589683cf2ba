"""The time stage's parts without the model: calendar arithmetic, number words, the wire
dateline, the tagger on an unparsed Doc (tense unknown), and the bench's scorer."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import spacy

from dateline.nlp.timex import calendar as cal
from dateline.nlp.timex import find_times
from dateline.nlp.timex.context import dateline_date
from dateline.nlp.timex.lexicon import number_value

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

D = dt.date


@pytest.mark.parametrize(
    ("anchor", "grain", "n", "expected"),
    [
        (D(2008, 4, 1), "week", -1, "2008-W13"),
        (D(2008, 4, 1), "week", 0, "2008-W14"),
        (D(2008, 1, 2), "week", -1, "2007-W52"),
        (D(2008, 4, 1), "month", -4, "2007-12"),
        (D(2008, 4, 1), "quarter", -1, "2008-Q1"),
        (D(2008, 1, 15), "quarter", -1, "2007-Q4"),
        (D(2008, 8, 1), "half", -1, "2008-H1"),
        (D(2008, 4, 1), "year", 1, "2009"),
        (D(2008, 4, 1), "decade", -1, "199"),
        (D(2008, 4, 1), "century", 0, "20"),
        (D(2008, 3, 1), "day", -1, "2008-02-29"),
        (None, "week", -1, "XXXX-WXX"),
        (None, "year", -1, "XXXX"),
    ],
)
def test_shift(anchor, grain, n, expected):
    assert cal.shift(anchor, grain, n) == expected


@pytest.mark.parametrize(
    ("value", "grain", "n", "expected"),
    [
        ("1989-Q3", "year", -1, "1988-Q3"),
        ("1989-10-26", "year", -1, "1988-10-26"),
        ("1989-10", "month", 1, "1989-11"),
        ("1989", "year", -1, "1988"),
        ("2008-W13", "week", 1, "2008-W14"),
        ("2008-02-29", "year", -1, "2007-02-28"),
        ("PRESENT_REF", "year", -1, None),
        ("1989-Q3", "day", 1, None),
    ],
)
def test_shift_value(value, grain, n, expected):
    assert cal.shift_value(value, grain, n) == expected


@pytest.mark.parametrize(
    ("value", "grain", "expected"),
    [
        ("1996-05-22", "year", "1996"),
        ("1996-05-22", "month", "1996-05"),
        ("1996-05-22", "quarter", "1996-Q2"),
        ("1996-05-22", "week", "1996-W21"),
        ("1996-05-22", "day", "1996-05-22"),
        ("1989-Q3", "quarter", "1989-Q3"),
        ("1989-Q3", "month", None),
        ("1988", "year", "1988"),
        ("1988", "day", None),
        ("PRESENT_REF", "year", None),
        ("1989-02-30", "week", None),
    ],
)
def test_truncate(value, grain, expected):
    assert cal.truncate(value, grain) == expected


@pytest.mark.parametrize(
    ("weekday", "direction", "strict", "expected"),
    [
        (1, -1, False, "2008-03-31"),  # "said on Monday", article of Wednesday 2 April
        (1, 1, False, "2008-04-07"),  # "will meet on Monday"
        (3, -1, False, "2008-04-02"),  # the article's own day
        (3, -1, True, "2008-03-26"),  # "last Wednesday"
        (3, 1, True, "2008-04-09"),  # "next Wednesday"
        (4, 0, False, "2008-04-03"),  # tense unknown: the nearer Thursday
        (7, 0, False, "2008-03-30"),  # the nearer Sunday is behind
    ],
)
def test_nearest_weekday(weekday, direction, strict, expected):
    assert cal.nearest_weekday(D(2008, 4, 2), weekday, direction, strict) == expected


def test_nearest_weekday_without_anchor_is_underspecified():
    assert cal.nearest_weekday(None, 2, -1) == "XXXX-WXX-2"


@pytest.mark.parametrize(
    ("anchor", "month", "direction", "expected"),
    [
        (D(2008, 4, 1), 2, -1, 2008),
        (D(2008, 4, 1), 2, 1, 2009),
        (D(2008, 4, 1), 2, 0, 2008),
        (D(1989, 11, 2), 2, -1, 1989),
        (D(1989, 10, 26), 11, -1, 1989),  # "was set for Nov. 17": next month, whatever the verb
        (D(1989, 10, 26), 4, 0, 1989),
        (D(1989, 10, 26), 2, 0, 1990),
        (D(2008, 11, 20), 2, -1, 2008),
        (None, 2, -1, None),
    ],
)
def test_year_of_month(anchor, month, direction, expected):
    assert cal.year_of_month(anchor, month, direction) == expected


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2008-04-01", D(2008, 4, 1)),
        ("2008-04-01T10:30:00+02:00", D(2008, 4, 1)),
        ("19980108", D(1998, 1, 8)),
        (D(2008, 4, 1), D(2008, 4, 1)),
        ("2008", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_anchor(published, expected):
    assert cal.parse_anchor(published) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nine", 9),
        ("twenty-four", 24),
        ("twenty four", 24),
        ("1,000", 1000),
        ("a", 1),
        ("two and a half", 2.5),
        ("a hundred", 100),
        ("several", None),
        ("a few", None),
    ],
)
def test_number_value(text, expected):
    assert number_value(text) == expected


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("SALVADOR, Feb 26 - Brazil's president said", 2008, D(2008, 2, 26)),
        ("MOSCOW, April 1 (RIA Novosti) - Russia said", 2008, D(2008, 4, 1)),
        ("LONDON, March 3, 2007 (Reuters) - Shares fell", None, D(2007, 3, 3)),
        ("SALVADOR, Feb 26 - Brazil's president said", None, None),
        ("The president said on Feb 26 - or so we heard", 2008, None),
    ],
)
def test_dateline_date(text, year, expected):
    assert dateline_date(text, year) == expected


# --- the tagger on an unparsed Doc: extents, types, and values that need no tense ----------


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def tag(blank, text: str, published: str | None = "2008-04-01") -> list[tuple[str, str, str]]:
    doc = blank(text)
    doc._.published = published
    return [(t.text, t.type, t.value) for t in find_times(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last week", ("last week", "DATE", "2008-W13")),
        ("two days ago", ("two days ago", "DATE", "2008-03-30")),
        ("the past five years", ("the past five years", "DURATION", "P5Y")),
        ("for nine years", ("nine years", "DURATION", "P9Y")),
        ("nearly two weeks", ("nearly two weeks", "DURATION", "P2W")),
        ("about two weeks", ("two weeks", "DURATION", "P2W")),
        ("the third quarter of 1997", ("the third quarter of 1997", "DATE", "1997-Q3")),
        ("every Tuesday", ("every Tuesday", "SET", "XXXX-WXX-2")),
        ("on Feb. 26, 2008", ("Feb. 26, 2008", "DATE", "2008-02-26")),
        ("on 26 February 2008", ("26 February 2008", "DATE", "2008-02-26")),
        ("on 2008-02-26", ("2008-02-26", "DATE", "2008-02-26")),
        ("in the late 1980s", ("the late 1980s", "DATE", "198")),
        ("in the '90s", ("the '90s", "DATE", "199")),
        ("early next year", ("early next year", "DATE", "2009")),
        ("this summer", ("this summer", "DATE", "2008-SU")),
        ("at 7:15 p.m. EST", ("7:15 p.m. EST", "TIME", "2008-04-01T19:15")),
        ("at noon", ("noon", "TIME", "2008-04-01T12:00")),
        ("twice a week", ("twice a week", "SET", "P1W")),
        ("annually", ("annually", "SET", "P1Y")),
        ("in recent months", ("recent months", "DURATION", "PXM")),
        ("the end of the year", ("the end of the year", "DATE", "2008")),
        ("yesterday afternoon", ("yesterday afternoon", "TIME", "2008-03-31TAF")),
        ("Thanksgiving Day 2007", ("Thanksgiving Day 2007", "DATE", "2007-11-22")),
        ("for the year", ("the year", "DATE", "2008")),
        ("for 2 1/2 years", ("2 1/2 years", "DURATION", "P2Y6M")),
        ("after 5 1/2 hours", ("5 1/2 hours", "DURATION", "PT5H30M")),
        ("a minute and a half", ("a minute and a half", "DURATION", "PT1M30S")),
        ("a second later", ("a second later", "TIME", "FUTURE_REF")),
        ('"Last week we met"', ("Last week", "DATE", "2008-W13")),
        ("on Tuesday nights", ("Tuesday nights", "SET", "XXXX-WXX-2TNI")),
        ("last Thanksgiving", ("last Thanksgiving", "DATE", "2007-11-22")),
        ("next Christmas", ("next Christmas", "DATE", "2008-12-25")),
        ("last Christmas", ("last Christmas", "DATE", "2007-12-25")),
        ("this Memorial Day", ("this Memorial Day", "DATE", "2008-05-26")),
    ],
)
def test_tagger_without_parse(blank, text, expected):
    assert tag(blank, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in the nineties", [("the nineties", "DATE", "199")]),
        ("on 2/26/2008.", [("2/26/2008", "DATE", "2008-02-26")]),
        ("April 30-May 2", [("April 30", "DATE", "2008-04-30"), ("May 2", "DATE", "2008-05-02")]),
        (
            "Dec. 30-Jan. 2, 2009",
            [("Dec. 30", "DATE", "2008-12-30"), ("Jan. 2, 2009", "DATE", "2009-01-02")],
        ),
        ("April 11-9", []),  # not a range, and no month-day either
    ],
)
def test_tagger_ranges_and_numeric_dates(blank, text, expected):
    assert tag(blank, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "for the year ended March 31",
            [("the year", "DURATION", "P1Y"), ("March 31", "DATE", "2008-03-31")],
        ),
        (
            "for the fiscal year ending in June",
            [("the fiscal year", "DURATION", "P1Y"), ("June", "DATE", "2008-06")],
        ),
        ("in the fiscal year", [("the fiscal year", "DATE", "2008")]),
    ],
)
def test_tagger_year_given_by_its_end_is_a_span(blank, text, expected):
    assert tag(blank, text) == expected


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on Tuesday", None, [("Tuesday", "DATE", "XXXX-WXX-2")]),
        ("in February", None, [("February", "DATE", "XXXX-02")]),
        ("last week", None, [("last week", "DATE", "XXXX-WXX")]),
        ("in 1999", None, [("1999", "DATE", "1999")]),
        ("yesterday", "2008", []),  # no dateline either: unknown day
    ],
)
def test_tagger_without_anchor(blank, text, published, expected):
    found = tag(blank, text, published)
    if expected:
        assert found == expected
    else:
        assert found == [("yesterday", "DATE", "XXXX-XX-XX")]


@pytest.mark.parametrize(
    "text",
    [
        "the 2,000-strong mission",
        "$1998 in cash",
        "a 10% rise",
        "3.5 million",
        "Flight 1998 landed",
        "one of the two",
        "Jan Smith spoke",
        "a quarter of the vote",
        "52 years old",
        "aged 40 years of age",
        "A second group of directors",
        "it will be a second betrayal",
        'Baker said on ABC News\' "This Week," that',
        "Gonzalez said on CBS's ''60 Minutes.''",
    ],
)
def test_tagger_negatives_without_parse(blank, text):
    assert tag(blank, text) == []


# --- the bench's scorer ---------------------------------------------------------------------


def test_scorer_strict_relaxed_and_attributes():
    from times import Span, score

    gold = [
        Span(0, 7, "Tuesday", "DATE", "2008-04-01"),
        Span(20, 30, "nine years", "DURATION", "P9Y"),
    ]
    system = [
        Span(0, 7, "Tuesday", "DATE", "2008-04-01"),  # exact, right value
        Span(17, 30, "for nine years", "DURATION", "P8Y"),  # overlap only, wrong value
        Span(40, 44, "now", "DATE", "PRESENT_REF"),  # false positive
    ]
    s = score([(system, gold)])
    assert s["strict_p"] == pytest.approx(1 / 3) and s["strict_r"] == pytest.approx(1 / 2)
    assert s["relaxed_p"] == pytest.approx(2 / 3) and s["relaxed_r"] == 1.0
    assert s["type_acc"] == 1.0
    assert s["value_acc"] == pytest.approx(1 / 2)
    assert s["value_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))


def test_timeml_reader_offsets(tmp_path):
    from times import parse_tml

    tml = tmp_path / "x.tml"
    tml.write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08">19980108</TIMEX3></DCT>'
        '<TEXT>Prices &amp; jobs fell <TIMEX3 tid="t1" type="DATE" value="1998-01-07">'
        'yesterday</TIMEX3> for <TIMEX3 tid="t2" type="DURATION" value="P1W">a week</TIMEX3>.'
        "</TEXT></TimeML>",
        encoding="utf-8",
    )
    doc = parse_tml(tml)
    assert doc.dct == "1998-01-08"
    assert doc.text == "Prices & jobs fell yesterday for a week."
    assert [(g.text, g.value) for g in doc.gold] == [("yesterday", "1998-01-07"), ("a week", "P1W")]
    assert all(doc.text[g.start : g.end] == g.text for g in doc.gold)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2008", "2008"),
        ("2008-04-01", "2008-04-01"),
        ("199", "1990-01-01"),  # a decade by its first day, as GUM writes "1960s"
        ("19", "1900-01-01"),
        ("2015-W38", "2015-09-14"),  # a week by its Monday
        ("2015-W38-WE", "2015-09-19"),  # a weekend by its Saturday
        ("2012-SU", "2012-06"),
        ("2008-Q3", "2008-07"),
        ("XXXX-10", "--10"),
        ("XXXX-03-13", "--03-13"),
        ("2010-09-04T22:30", "2010-09-04T22:30:00"),
        ("2008-04-01TNI", "2008-04-01"),
        ("P1D", "P1D"),
        ("PAST_REF", "PAST_REF"),
    ],
)
def test_wikinews_values_compare_as_tei(value, expected):
    from times import tei_value

    assert tei_value(value) == expected


def test_wikinews_set_reads_valued_dates_only():
    from times import load_wikinews, score, wikinews_scores

    docs = load_wikinews()
    assert len(docs) == 43
    gold = [g for d in docs for g in d.gold]
    assert len(gold) > 250 and all(g.value for g in gold)
    assert all(d.text[g.start : g.end] == g.text for d in docs for g in d.gold)
    # Gold against itself scores 1; a duration or a reference is left out, not a false alarm.
    perfect = wikinews_scores(docs, [d.gold for d in docs])
    assert perfect["value_f1"] == 1.0
    extra = [list(d.gold) for d in docs]
    extra[0].append(type(gold[0])(0, 3, "now", "DATE", "PRESENT_REF"))
    extra[0].append(type(gold[0])(5, 9, "days", "DURATION", "PXD"))
    assert wikinews_scores(docs, extra)["value_f1"] == 1.0
    assert score([(extra[0], docs[0].gold)])["relaxed_p"] < 1.0
