"""Time expressions on the real pipeline: (sentence, article date, extent, type, value) cases
for every family of issue 4, tense in both directions, negative cases, quote-time links."""

from __future__ import annotations

import logging

import pytest

from dateline.nlp.timex import find_times, link_quote_times
from dateline.types import Mention, Quote

pytestmark = pytest.mark.model


def times_of(nlp, text: str, published: str | None) -> list:
    doc = nlp.make_doc(text)
    doc._.published = published
    doc = nlp(doc)
    return doc._.times


CASES = [
    # weekdays, direction from tense
    (
        "Serbia said on Monday that the talks had failed.",
        "2008-04-02",
        "Monday",
        "DATE",
        "2008-03-31",
    ),
    ("The ministers will meet on Monday.", "2008-04-02", "Monday", "DATE", "2008-04-07"),
    ("The ministers met on Friday in Brussels.", "2008-04-02", "Friday", "DATE", "2008-03-28"),
    ("The ministers are going to meet on Friday.", "2008-04-02", "Friday", "DATE", "2008-04-04"),
    (
        "Lavrov said last Tuesday that Russia objected.",
        "2008-04-01",
        "last Tuesday",
        "DATE",
        "2008-03-25",
    ),
    (
        "Talks resume next Monday at 10 a.m. in Vienna.",
        "2008-04-01",
        "next Monday at 10 a.m.",
        "TIME",
        "2008-04-07T10:00",
    ),
    ("Fighting broke out on Friday night.", "1998-08-08", "Friday night", "DATE", "1998-08-07TNI"),
    # days and weeks relative to the article date
    (
        "Lavrov said last week that Moscow would not yield.",
        "2008-04-01",
        "last week",
        "DATE",
        "2008-W13",
    ),
    ("The bill was passed yesterday.", "2008-04-01", "yesterday", "DATE", "2008-03-31"),
    ("The vote takes place tomorrow.", "2008-04-01", "tomorrow", "DATE", "2008-04-02"),
    ("The rebels attacked two days ago.", "2008-04-01", "two days ago", "DATE", "2008-03-30"),
    ("Prices rose sharply this month.", "2008-04-01", "this month", "DATE", "2008-04"),
    ("The company will report this week.", "2008-04-01", "this week", "DATE", "2008-W14"),
    ("He spoke this morning in Geneva.", "2008-04-01", "this morning", "TIME", "2008-04-01TMO"),
    ("The vote is expected early next year.", "2008-04-01", "early next year", "DATE", "2009"),
    ("Sales fell last year.", "2008-04-01", "last year", "DATE", "2007"),
    # calendar dates, months with the right year, ranges
    (
        "The summit opened on Feb. 26, 2008 in Salvador.",
        "2008-04-01",
        "Feb. 26, 2008",
        "DATE",
        "2008-02-26",
    ),
    ("The talks were held in February.", "2008-04-01", "February", "DATE", "2008-02"),
    ("The talks will be held in February.", "2008-04-01", "February", "DATE", "2009-02"),
    ("The deadline is Nov. 17.", "1989-10-26", "Nov. 17", "DATE", "1989-11-17"),
    ("Troops arrived in mid-March.", "2008-04-01", "mid-March", "DATE", "2008-03"),
    ("Elections were held in June 1998.", "2008-04-01", "June 1998", "DATE", "1998-06"),
    ("He left last April.", "1989-10-20", "last April", "DATE", "1989-04"),
    ("The summit runs April 9-11 in Bucharest.", "2008-04-01", "April 9", "DATE", "2008-04-09"),
    # years, decades, centuries, fiscal years
    ("The war ended in 1999.", "2008-04-01", "1999", "DATE", "1999"),
    ("Unemployment soared in the 1990s.", "2008-04-01", "the 1990s", "DATE", "199"),
    ("Profit rose in fiscal 1989.", "1989-11-02", "fiscal 1989", "DATE", "1989"),
    (
        "It was the bloodiest war of the 20th century.",
        "2008-04-01",
        "the 20th century",
        "DATE",
        "19",
    ),
    ("Since the 1999 NATO bombings, Serbia has rebuilt.", "2008-04-01", "1999", "DATE", "1999"),
    # quarters, halves, seasons
    ("Net income rose in the third quarter.", "1989-11-02", "the third quarter", "DATE", "1989-Q3"),
    ("Third-quarter profit fell 5%.", "1989-11-02", "Third-quarter", "DATE", "1989-Q3"),
    (
        "Sales slowed in the fourth quarter of 1997.",
        "1998-02-01",
        "the fourth quarter of 1997",
        "DATE",
        "1997-Q4",
    ),
    (
        "Output grew in the first half of 1998.",
        "1998-09-01",
        "the first half of 1998",
        "DATE",
        "1998-H1",
    ),
    ("The vote is due this summer.", "2008-04-01", "this summer", "DATE", "2008-SU"),
    ("Talks collapsed last fall.", "2008-04-01", "last fall", "DATE", "2007-FA"),
    # durations
    (
        "Kosovo has been under UN rule for nine years.",
        "2008-04-01",
        "nine years",
        "DURATION",
        "P9Y",
    ),
    (
        "Exports doubled over the past five years.",
        "2008-04-01",
        "the past five years",
        "DURATION",
        "P5Y",
    ),
    ("The strike lasted 24 hours.", "2008-04-01", "24 hours", "DURATION", "PT24H"),
    ("It is a five-year plan.", "2008-04-01", "five-year", "DURATION", "P5Y"),
    (
        "The talks have gone on for several months.",
        "2008-04-01",
        "several months",
        "DURATION",
        "PXM",
    ),
    # sets
    ("The council meets every Tuesday.", "2008-04-01", "every Tuesday", "SET", "XXXX-WXX-2"),
    ("The paper is published daily.", "2008-04-01", "daily", "SET", "P1D"),
    ("He earns $50,000 a year.", "2008-04-01", "a year", "SET", "P1Y"),
    # references to the present, past and future
    ("The situation is now calm.", "2008-04-01", "now", "DATE", "PRESENT_REF"),
    ("He recently resigned.", "2008-04-01", "recently", "DATE", "PAST_REF"),
    ("A deal will be signed soon.", "2008-04-01", "soon", "DATE", "FUTURE_REF"),
    # references to the time in focus
    (
        "Profit rose in the third quarter from $5 million a year earlier.",
        "1989-11-02",
        "a year earlier",
        "DATE",
        "1988-Q3",
    ),
    # holidays and clock times
    ("The shops will close on Christmas Day.", "2008-04-01", "Christmas Day", "DATE", "2008-12-25"),
    (
        "The blast came at 10:35 a.m. on Friday.",
        "1998-08-08",
        "10:35 a.m. on Friday",
        "TIME",
        "1998-08-07T10:35",
    ),
]


@pytest.mark.parametrize(("text", "published", "extent", "type_", "value"), CASES)
def test_time_expression(nlp, text, published, extent, type_, value):
    found = {t.text: (t.type, t.value) for t in times_of(nlp, text, published)}
    assert extent in found, f"{extent!r} not found in {found}"
    assert found[extent] == (type_, value)


#: The follow-up rules: tense of perfect forms, bounds before clock times, "now", the year
#: in focus and expressions that refer to the time in focus.
REFERENCE_CASES = [
    # a plan told in the past perfect is over; the same plan in the present is ahead
    ("The offer had been due to expire on Friday.", "2008-04-02", "Friday", "DATE", "2008-03-28"),
    ("The offer is due to expire on Friday.", "2008-04-02", "Friday", "DATE", "2008-04-04"),
    (
        "The offer had been scheduled to expire at midnight Friday.",
        "1989-10-30",
        "midnight Friday",
        "TIME",
        "1989-10-27T24:00",
    ),
    # a to-infinitive after "set", "poised", "ready" lies ahead; "set" alone plans nothing
    (
        "The talks, set to resume Monday in Belfast, were delayed.",
        "1998-03-22",
        "Monday",
        "DATE",
        "1998-03-23",
    ),
    ("The rebels are poised to attack on Friday.", "2008-04-02", "Friday", "DATE", "2008-04-04"),
    ("Rioters set fire to the building on Monday.", "1998-03-22", "Monday", "DATE", "1998-03-16"),
    # present perfect progressive looks back
    (
        "Police have been searching for him since the Oct. 23 attack.",
        "1999-05-06",
        "Oct. 23",
        "DATE",
        "1998-10-23",
    ),
    # a bound word before a clock time leaves the day to the nearest one
    (
        "The deadline was extended until 9 a.m. Tuesday.",
        "2000-04-03",
        "9 a.m. Tuesday",
        "TIME",
        "2000-04-04T09:00",
    ),
    (
        "The rally began at 9 a.m. Tuesday.",
        "2000-04-03",
        "9 a.m. Tuesday",
        "TIME",
        "2000-03-28T09:00",
    ),
    # "now": clause-initial without a comma, and "now that", speak of the present
    ("Now the court has ruled against him.", "2008-04-01", "Now", "DATE", "PRESENT_REF"),
    (
        "Aqaba is the only outlet now that the noose has tightened.",
        "1990-08-16",
        "now",
        "DATE",
        "PRESENT_REF",
    ),
    # "the year": a date in focus, unless given by its last day
    ("For the year, volume was flat.", "1989-11-02", "the year", "DATE", "1989"),
    (
        "Revenue rose 5% through the first nine months of the year.",
        "1989-10-30",
        "the year",
        "DATE",
        "1989",
    ),
    (
        "It earned $2 million for the year ended July 2.",
        "1989-10-27",
        "the year",
        "DURATION",
        "P1Y",
    ),
    (
        "In the fiscal year ended Jan. 31, sales were flat.",
        "1989-10-31",
        "the fiscal year",
        "DURATION",
        "P1Y",
    ),
    ("Sales for the fiscal year will rise.", "1989-10-31", "the fiscal year", "DATE", "1989"),
    # the weekday before or after the day in focus
    (
        "On Oct. 20 the index fell 3% from the previous Friday.",
        "1989-10-31",
        "the previous Friday",
        "DATE",
        "1989-10-13",
    ),
    (
        "Talks opened on March 3, 2008, and closed the following Monday.",
        "2008-04-01",
        "the following Monday",
        "DATE",
        "2008-03-10",
    ),
    # "that year", "the following year": the year of the time in focus
    (
        "Imports totaled $37 million in 1988, a small share of all imports that year.",
        "1989-11-02",
        "that year",
        "DATE",
        "1988",
    ),
    (
        "He fled in June 1998 and returned later that year.",
        "2000-01-28",
        "later that year",
        "DATE",
        "1998",
    ),
    ("Trade grew sharply that year.", "2000-01-28", "that year", "DATE", "XXXX"),
    (
        "On May 22, 1995, he was promoted, and the following year he moved to Vienna.",
        "1998-04-18",
        "the following year",
        "DATE",
        "1996",
    ),
    # a duration that is no age stays
    ("He served 52 years in the army.", "2008-04-01", "52 years", "DURATION", "P52Y"),
]


@pytest.mark.parametrize(("text", "published", "extent", "type_", "value"), REFERENCE_CASES)
def test_reference_and_tense_rules(nlp, text, published, extent, type_, value):
    found = {t.text: (t.type, t.value) for t in times_of(nlp, text, published)}
    assert extent in found, f"{extent!r} not found in {found}"
    assert found[extent] == (type_, value)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Now, he says, the plan has failed.", "Now"),  # a discourse marker
        ("Mr. Reupke, 52 years old, resigned.", "52 years"),  # an age
        ("Trades made that day were lost.", "that day"),  # a day of no date
    ],
)
def test_reference_negatives(nlp, text, word):
    assert word not in [t.text for t in times_of(nlp, text, "2008-04-01")]


@pytest.mark.parametrize(
    ("text", "published", "extent"),
    [
        ("Fighting resumed on Tuesday.", "2008-04-01", "on Tuesday"),
        ("The talks were held in February.", "2008-04-01", "in February"),
        ("Exports doubled over the past five years.", "2008-04-01", "over the past five years"),
    ],
)
def test_extent_leaves_the_preposition_out(nlp, text, published, extent):
    starts = [t.text for t in times_of(nlp, text, published)]
    assert extent not in starts
    assert extent.split(" ", 1)[1] in starts


@pytest.mark.parametrize(
    "text",
    [
        "The 2,000-strong mission left the capital.",
        "May said the plan would work.",
        "He may resign if the vote fails.",
        "Protesters march through the capital.",
        "Some 2000 people were evacuated.",
        "Prices fall when supply rises.",
        "He won a quarter of the vote.",
        "Call 555-1998 for details.",
        "The spring water was clean.",
    ],
)
def test_no_time_expression(nlp, text):
    assert times_of(nlp, text, "2008-04-01") == []


def test_range_gives_both_ends(nlp):
    found = [(t.text, t.value) for t in times_of(nlp, "NATO meets April 9-11.", "2008-04-01")]
    assert found == [("April 9", "2008-04-09"), ("11", "2008-04-11")]


def test_undated_article_stays_underspecified_and_warns(nlp, caplog):
    text = "Serbia said on Tuesday it would hold talks in February."
    with caplog.at_level(logging.WARNING, logger="dateline.times"):
        found = {t.text: t.value for t in times_of(nlp, text, None)}
    assert found == {"Tuesday": "XXXX-WXX-2", "February": "XXXX-02"}
    assert any("no date" in r.message for r in caplog.records)


def test_wire_dateline_dates_an_article_with_only_a_year(nlp):
    text = "SALVADOR, Feb 26 - The ministers met yesterday to discuss the crisis."
    found = {t.text: t.value for t in times_of(nlp, text, "2008")}
    assert found["yesterday"] == "2008-02-25"


def test_ids_follow_text_order(nlp):
    times = times_of(nlp, "On Monday and again on Friday, he spoke.", "2008-04-02")
    assert [t.id for t in times] == ["t1", "t2"]
    assert [t.start for t in times] == sorted(t.start for t in times)


ARTICLE = (
    "UN Secretary General Ban Ki-moon called on Serbia and Kosovo on Tuesday to show restraint. "
    'Russian Foreign Minister Sergei Lavrov said last week: "We will continue to oppose the '
    'independence of Kosovo." Serbia said on Monday that it would leave the talks on Friday. '
    '"At this time it would be wrong to act," Ban told reporters.'
)


def _quote(text: str, qid: str, content: str, cue: str, after: int = 0) -> Quote:
    start = text.index(content, after)
    cue_start = text.index(cue, after)
    return Quote(
        id=qid,
        kind="direct",
        start=start,
        end=start + len(content),
        text=content,
        cue=Mention(cue_start, cue_start + len(cue), cue),
    )


def test_quote_times_on_a_multi_quote_article(nlp):
    doc = nlp.make_doc(ARTICLE)
    doc._.published = "2008-04-01"
    doc = nlp(doc)
    # Quotes built by hand so the test pins the linker, whatever the quote stage finds.
    doc._.quotes = [
        _quote(ARTICLE, "q1", "We will continue to oppose the independence of Kosovo.", "said"),
        _quote(
            ARTICLE,
            "q2",
            "that it would leave the talks on Friday",
            "said",
            ARTICLE.index("Serbia said"),
        ),
        _quote(ARTICLE, "q3", "At this time it would be wrong to act,", "told"),
    ]
    link_quote_times(doc)
    by_id = {t.id: t for t in doc._.times}
    q1, q2, q3 = doc._.quotes
    assert by_id[q1.time].text == "last week" and by_id[q1.time].value == "2008-W13"
    # Serbia's saying is dated by Monday, not by the Friday inside what it said.
    assert by_id[q2.time].text == "Monday" and by_id[q2.time].value == "2008-03-31"
    assert q3.time is None


def test_quote_times_with_no_quotes_and_no_times(nlp):
    doc = nlp.make_doc("Nothing was said.")
    doc = nlp(doc)
    doc._.quotes = []
    link_quote_times(doc)
    assert doc._.quotes == []
    doc._.quotes = None
    link_quote_times(doc)


def test_pipeline_runs_both_components(nlp):
    names = nlp.pipe_names
    # Times run after the parse; quote times after both the quotes and the times.
    assert names.index("parser") < names.index("dateline_times")
    assert names.index("dateline_times") < names.index("dateline_quote_times")
    assert names.index("dateline_quotes") < names.index("dateline_quote_times")
    doc = nlp.make_doc('Lavrov said last week: "We will not yield."')
    doc._.published = "2008-04-01"
    doc = nlp(doc)
    assert [t.value for t in doc._.times] == ["2008-W13"]
    assert all(q.time in (None, "t1") for q in doc._.quotes or [])


def test_find_times_never_crashes_on_odd_text(nlp):
    for text in ["", "   ", "1998-13-45 and 31/31/1999", "Feb 30, 2008", "'s 's"]:
        doc = nlp.make_doc(text)
        doc._.published = "not a date"
        assert isinstance(find_times(nlp(doc)), list)


def test_records_carry_valid_times_and_quote_times(nlp):
    from dateline.article import Article
    from dateline.extraction import extract
    from dateline.record import validate

    article = Article(id="a1", text=ARTICLE, published="2008-04-01")
    (record,) = extract([article], nlp)
    validate(record)
    assert ("last week", "2008-W13") in {(t["text"], t["value"]) for t in record["times"]}
    ids = {t["id"] for t in record["times"]}
    assert all(q["time"] is None or q["time"] in ids for q in record["quotes"])
