"""Wire datelines: the parser (no model), the component, the record and the store."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from dateline.article import Article
from dateline.nlp.datelines import (
    Dateline,
    DocDateline,
    add_dateline_time,
    infer_year,
    parse_dateline,
    parse_field,
)
from dateline.types import Timex

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (place, month, day, agency, dateline as written)
        ("NEW YORK, March 12 - Shares rose", ("NEW YORK", 3, 12, None, "NEW YORK, March 12 -")),
        (
            "BRUSSELS, June 18 (Reuters) - The EU said",
            ("BRUSSELS", 6, 18, "Reuters", "BRUSSELS, June 18 (Reuters) -"),
        ),
        (
            "MOSCOW, April 1 (RIA Novosti) - Russia said",
            ("MOSCOW", 4, 1, "RIA Novosti", "MOSCOW, April 1 (RIA Novosti) -"),
        ),
        (
            "United Nations : The council met",
            ("United Nations", None, None, None, "United Nations :"),
        ),
        (
            "WASHINGTON (AP) — The Senate voted",
            ("WASHINGTON", None, None, "AP", "WASHINGTON (AP) —"),
        ),
        ("SALVADOR, Feb 26 - Showers continued", ("SALVADOR", 2, 26, None, "SALVADOR, Feb 26 -")),
        ("LONDON, MARCH 24 - The Bank of England", ("LONDON", 3, 24, None, "LONDON, MARCH 24 -")),
        (
            "RIO DE JANEIRO, Feb. 3 - Brazil",
            ("RIO DE JANEIRO", 2, 3, None, "RIO DE JANEIRO, Feb. 3 -"),
        ),
        (
            "SPRINGFIELD, Ill., March 3 (AP) - The governor",
            ("SPRINGFIELD, Ill.", 3, 3, "AP", "SPRINGFIELD, Ill., March 3 (AP) -"),
        ),
        # after a headline line
        (
            "BAHIA COCOA REVIEW\nSALVADOR, Feb 26 - Showers",
            ("SALVADOR", 2, 26, None, "SALVADOR, Feb 26 -"),
        ),
        ("Cocoa rains\n\n  TOKYO, May 2 - Rain", ("TOKYO", 5, 2, None, "TOKYO, May 2 -")),
        # line ends of every kind
        ("COCOA RAINS\r\nTOKYO, May 2 -\r\nRain fell", ("TOKYO", 5, 2, None, "TOKYO, May 2 -")),
        ("COCOA RAINS\rTOKYO, May 2 - Rain", ("TOKYO", 5, 2, None, "TOKYO, May 2 -")),
        ("COCOA RAINS\fTOKYO, May 2 - Rain", ("TOKYO", 5, 2, None, "TOKYO, May 2 -")),
        ("TOKYO, May 2 - " + "x" * 50_000, ("TOKYO", 5, 2, None, "TOKYO, May 2 -")),
        # no dateline: prose, speaker labels, a dash inside a sentence, lower case after
        ("The president said on Feb 26 - or so we heard", None),
        ("PENCE: I think we will win.", None),
        ("Q: What did you see?", None),
        ("Obama - the candidate - said", None),
        ("NATO - the alliance said", None),
        ("EXCLUSIVE – Donald Trump said", None),
        ("UPDATE - The minister said", None),
        ("Mr Smith, March 3 was the day.", None),
        ("", None),
        ("\n\n\n", None),
        ("\r\r\f\n", None),
        ("x" * 50_000, None),
    ],
)
def test_parse_dateline(text, expected):
    found = parse_dateline(text)
    if expected is None:
        assert found is None
        return
    place, month, day, agency, written = expected
    assert (found.place, found.month, found.day, found.agency) == (place, month, day, agency)
    assert text[found.start : found.end] == written
    assert text[found.place_start : found.place_end] == place


def test_a_written_year_is_kept():
    found = parse_dateline("LONDON, March 3, 2007 (Reuters) - Shares fell")
    assert found.year == 2007
    assert found.date(D(2009, 1, 1)) == D(2007, 3, 3)


@pytest.mark.parametrize(
    ("month", "day", "reference", "expected"),
    [
        (3, 12, D(1987, 3, 12), D(1987, 3, 12)),
        (4, 8, D(1987, 4, 7), D(1987, 4, 8)),  # filed the day after the date it carries
        (12, 31, D(1987, 1, 2), D(1986, 12, 31)),  # the December/January turn
        (1, 2, D(1986, 12, 31), D(1987, 1, 2)),  # and the other way
        (2, 29, D(1988, 3, 1), D(1988, 2, 29)),  # a leap day in a leap year
        (2, 29, D(1987, 3, 1), D(1988, 2, 29)),  # the nearest leap day
        (2, 30, D(1987, 3, 1), None),  # no such day in any year
    ],
)
def test_infer_year(month, day, reference, expected):
    assert infer_year(month, day, reference) == expected


def test_impossible_date_is_flagged():
    found = parse_dateline("WASHINGTON, Feb 30 - The talks failed")
    assert found is not None and not found.possible()
    assert found.date(D(1987, 3, 1)) is None
    assert parse_dateline("WASHINGTON, Feb 28 - x").possible()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("SALVADOR, Feb 26 -", ("SALVADOR", 2, 26)),
        ("SALVADOR, Feb 26", ("SALVADOR", 2, 26)),  # without its dash
        ("  NEW YORK,\n March 12 - ", ("NEW YORK", 3, 12)),
        ("TOKYO", ("TOKYO", None, None)),
    ],
)
def test_parse_field(value, expected):
    found = parse_field(value)
    assert (found.place, found.month, found.day) == expected
    assert found.start is None and found.place_start is None


def test_parse_field_empty():
    assert parse_field("   ") is None


def test_dateline_time_added_only_where_the_tagger_missed_it():
    text = "LONDON, MARCH 24 - The Bank of England said on Monday it would act."
    found = DocDateline(parse_dateline(text), D(1987, 3, 24))
    monday = Timex("t1", text.index("Monday"), text.index("Monday") + 6, "Monday", "DATE", "x")
    times = add_dateline_time([monday], found, text)
    assert [(t.id, t.text, t.value) for t in times] == [
        ("t1", "MARCH 24", "1987-03-24"),
        ("t2", "Monday", "x"),
    ]
    tagged = Timex("t1", 8, 16, "MARCH 24", "DATE", "1987-03-24")
    assert add_dateline_time([tagged], found, text) == [tagged]
    undated = DocDateline(Dateline(text="X", place="X"), None)
    assert add_dateline_time([tagged], undated, text) == [tagged]


def test_article_takes_a_dateline_field():
    from dateline.ingest.jsonl import article_from_mapping
    from dateline.ingest.options import ReadOptions
    from dateline.ingest.report import Report

    obj = {"text": "Showers continued.", "dateline": "SALVADOR, Feb 26 -", "date": "1987-02-26"}
    article = article_from_mapping(obj, "x#1", ReadOptions(), Report())
    assert article.dateline == "SALVADOR, Feb 26 -"
    mapped = {"text": "Showers.", "where": "TOKYO, May 2 -"}
    opts = ReadOptions(fields={"dateline": ("where",)})
    assert article_from_mapping(mapped, "x#2", opts, Report()).dateline == "TOKYO, May 2 -"


# --- with the model --------------------------------------------------------------------


def annotate(nlp, text: str, published: str | None, field: str | None = None):
    from dateline.extraction import make_doc
    from dateline.record import to_record

    article = Article(text=text, published=published, dateline=field)
    doc = make_doc(nlp, article)
    doc._.dateline_field = field
    doc = nlp(doc)
    return doc, to_record(doc, article)


LEADS = [
    (
        "WASHINGTON, April 3 - The U.S. civilian unemployment rate fell to 6.6 pct in March "
        "from 6.7 pct in February, the Labor Department said.",
        "the Labor Department",
    ),
    (
        "LONDON, MARCH 24 - Britain's trade deficit narrowed sharply last month, the "
        "Department of Trade and Industry said.",
        "the Department of Trade and Industry",
    ),
    (
        "NEW YORK, March 12 - American Express Co's profit will rise this year, analysts said.",
        "analysts",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(("text", "source"), LEADS)
def test_lead_after_a_dateline_is_an_attribution(nlp, text, source):
    doc, record = annotate(nlp, text, "1987-04-03")
    lead = text.index(" - ") + 3
    quotes = [q for q in record["quotes"] if q["source"] and q["source"]["text"] == source]
    assert quotes, record["quotes"]
    assert quotes[0]["start"] == lead  # the content starts after the dateline
    assert doc[[t.i for t in doc if t.idx == lead][0]].is_sent_start


@pytest.mark.model
def test_dateline_in_the_record(nlp):
    from dateline.record import validate

    text = "BRUSSELS, June 18 (Reuters) - European Community ministers agreed on Tuesday to act."
    _, record = annotate(nlp, text, "1987-06-18")
    validate(record)
    d = record["dateline"]
    assert (d["text"], d["place"], d["date"], d["agency"]) == (
        "BRUSSELS, June 18 (Reuters) -",
        "BRUSSELS",
        "1987-06-18",
        "Reuters",
    )
    places = {e["id"]: e for e in record["entities"]}
    assert places[d["entity"]]["type"] == "GPE"
    assert places[d["entity"]]["mentions"][0] == {"start": 0, "end": 8, "text": "BRUSSELS"}
    # Nothing else of the dateline is an entity, a quote or a source.
    inside = [
        m
        for e in record["entities"]
        for m in e["mentions"]
        if m["start"] < d["end"] and m["start"] != 0
    ]
    assert inside == []
    assert all(q["start"] >= d["end"] for q in record["quotes"])
    time = next(t for t in record["times"] if t["id"] == d["time"])
    assert (time["text"], time["type"], time["value"]) == ("June 18", "DATE", "1987-06-18")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # the dateline dates the story: its "yesterday" is the day before the dateline
        ("SYDNEY, April 8 (Reuters) - Australia said yesterday it would cut.", "1987-04-07",
         "1987-04-07"),
        ("NEW YORK, Dec 31 - Shares rose yesterday, traders said.", "1987-01-02", "1986-12-30"),
        ("SALVADOR, Feb 26 - The ministers met yesterday.", "2008", "2008-02-25"),
        # without a dateline the published date is the reference
        ("Australia's treasurer said yesterday it would cut.", "1987-04-07", "1987-04-06"),
    ],
)  # fmt: skip
def test_dateline_date_is_the_reference(nlp, text, published, expected):
    _, record = annotate(nlp, text, published)
    assert {t["text"]: t["value"] for t in record["times"]}["yesterday"] == expected


@pytest.mark.model
def test_impossible_dateline_date_warns_and_falls_back(nlp, caplog):
    text = "WASHINGTON, Feb 30 - The minister said yesterday that the talks failed."
    from dateline.extraction import make_doc

    article = Article(text=text, published="1987-03-02", id="wire-7")
    with caplog.at_level(logging.WARNING, logger="dateline.datelines"):
        doc = nlp(make_doc(nlp, article))
    assert any("wire-7" in r.getMessage() and "Feb 30" in r.getMessage() for r in caplog.records)
    assert {t.text: t.value for t in doc._.times}["yesterday"] == "1987-03-01"
    assert doc._.dateline.date is None


@pytest.mark.model
def test_dateline_without_a_date_reads(nlp):
    _, record = annotate(nlp, "WASHINGTON (AP) — The Senate voted on Tuesday.", "2008-04-02")
    d = record["dateline"]
    assert (d["place"], d["date"], d["agency"], d["time"]) == ("WASHINGTON", None, "AP", None)


@pytest.mark.model
def test_dateline_from_a_field_has_no_span(nlp):
    from dateline.record import validate

    _, record = annotate(nlp, "Showers continued yesterday.", "1987-02-27", "SALVADOR, Feb 26 -")
    validate(record)
    d = record["dateline"]
    assert (d["text"], d["place"], d["date"], d["start"], d["entity"]) == (
        "SALVADOR, Feb 26 -",
        "SALVADOR",
        "1987-02-26",
        None,
        None,
    )
    assert {t["text"]: t["value"] for t in record["times"]}["yesterday"] == "1987-02-25"


@pytest.mark.model
def test_no_dateline_gives_null(nlp):
    _, record = annotate(nlp, "The president said on Feb 26 - or so we heard.", "2008-03-01")
    assert record["dateline"] is None


# --- the store keeps it -----------------------------------------------------------------


def _wire_record(aid: str, with_dateline: bool) -> dict:
    from store_records import record

    text = "BRUSSELS, June 18 (Reuters) - The EU said it would act."
    rec = record(aid, text, entities=[("BRUSSELS", "GPE", ["BRUSSELS"], [])],
                 times=[("June 18", "DATE", "1987-06-18")], published="1987-06-18")  # fmt: skip
    rec["dateline"] = None
    if with_dateline:
        rec["dateline"] = {
            "text": "BRUSSELS, June 18 (Reuters) -", "start": 0, "end": 29,
            "place": "BRUSSELS", "place_start": 0, "place_end": 8, "date": "1987-06-18",
            "agency": "Reuters", "entity": "e1", "time": "t1",
        }  # fmt: skip
    return rec


def _round_trip(where, with_dateline: bool) -> None:
    from dateline import validate
    from dateline.query import article
    from dateline.store import open_store

    rec = _wire_record("w1", with_dateline)
    validate(rec)
    with open_store(where) as store:
        assert store.add_records([rec]) == 1
        back = article(store, "w1")
    assert back["dateline"] == rec["dateline"]


@pytest.mark.parametrize("with_dateline", [True, False])
def test_store_keeps_the_dateline(tmp_path, with_dateline):
    _round_trip(tmp_path / "kb.db", with_dateline)


def test_postgresql_store_keeps_the_dateline(pg_server):
    from conftest import new_pg_database

    _round_trip(new_pg_database(pg_server), True)


def test_show_prints_the_dateline(tmp_path, capsys, monkeypatch):
    from dateline.cli import main
    from dateline.store import open_store

    db = tmp_path / "kb.db"
    with open_store(db) as store:
        store.add_records([_wire_record("w1", True)])
    monkeypatch.setattr("sys.argv", ["dateline", "show", "w1", "--db", str(db)])
    try:
        main()
    except SystemExit as exit_:
        assert exit_.code in (0, None)
    out = capsys.readouterr().out
    assert "Dateline: 'BRUSSELS, June 18 (Reuters) -' (BRUSSELS, 1987-06-18, Reuters)" in out


@pytest.mark.model
def test_dateline_after_a_wrapped_headline_and_from_a_field_through_extract(nlp):
    """The parse view may join a long headline line to the dateline after it; the
    dateline is read from the text as read. A dateline field reaches the record."""
    from dateline.extraction import extract
    from dateline.textview import parse_view

    body = (
        "Texas Commerce Bancshares Inc said it filed\n"
        "a registration statement with the Securities and Exchange\n"
        "Commission covering a proposed offering of 100 mln dlrs of\n"
        "notes, officials said. The company said proceeds would be used\n"
        "for general corporate purposes and to reduce its short-term\n"
        "debt, the spokesman added. It said the notes would be sold\n"
        "through an underwriting group managed by First Boston Corp and\n"
        "Salomon Brothers Inc.\n"
    )
    headline = "TEXAS COMMERCE BANCSHARES <TCB> FILES PLAN\n"
    text = headline + "HOUSTON, Feb 26 - " + body
    assert parse_view(text)[len(headline) - 1] == " "  # the view joins the two lines
    wire = Article(text=text, published="1987-02-26", id="w")
    field = Article(text=body, published="1987-02-27", id="f", dateline="HOUSTON, Feb 26 -")
    by_id = {r["id"]: r for r in extract([wire, field], nlp)}
    d = by_id["w"]["dateline"]
    assert (d["text"], d["start"], d["date"]) == ("HOUSTON, Feb 26 -", len(headline), "1987-02-26")
    names = {e["name"] for e in by_id["w"]["entities"]}
    assert "TCB" not in names and "TEXAS COMMERCE BANCSHARES" not in names
    d = by_id["f"]["dateline"]
    assert (d["text"], d["start"], d["place"], d["date"]) == (
        "HOUSTON, Feb 26 -",
        None,
        "HOUSTON",
        "1987-02-26",
    )
