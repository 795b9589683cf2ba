"""The query API over a small store of hand-built records."""

from __future__ import annotations

import pytest

from dateline import query
from dateline.query import ArticleNotFound, InvalidQuery, UnknownEntity
from dateline.store import open_store
from store_records import lavrov, record

BAN = (
    "UN Secretary General Ban Ki-moon said on Tuesday that Serbia and Kosovo must talk. "
    'Lavrov said "Kosovo is not a state."'
)


@pytest.fixture()
def store(tmp_path):
    with open_store(tmp_path / "kb.db") as s:
        s.add_records(
            [
                lavrov("a1", published="2008-04-01"),
                record(
                    "a2",
                    BAN,
                    entities=[
                        ("Ban Ki-moon", "PERSON", ["Ban Ki-moon"], ["UN Secretary General"]),
                        ("Serbia", "GPE", ["Serbia"], []),
                        ("Kosovo", "GPE", ["Kosovo", "Kosovo"], []),
                        ("Lavrov", "PERSON", ["Lavrov"], ["Foreign Minister"]),
                    ],
                    quotes=[
                        {
                            "content": "Serbia and Kosovo must talk",
                            "kind": "indirect",
                            "cue": "said",
                            "source": "Ban Ki-moon",
                            "speaker": 0,
                            "time": "t1",
                        },
                        {"content": "Kosovo is not a state.", "speaker": 3},
                    ],
                    times=[("Tuesday", "DATE", "2008-06-10")],
                    published="2008-06-12",
                    source="AP",
                ),  # fmt: skip
                lavrov("a3", published="2009-01-05"),
            ]
        )
        yield s


def texts(rows):
    return [r["text"] for r in rows]


def test_quotes_newest_first_with_provenance(store):
    rows = query.quotes(store)
    assert [r["article"] for r in rows] == ["a3", "a2", "a2", "a1"]
    first = rows[0]
    assert first["speaker"] == "Sergei Lavrov" and first["outlet"] == "RIA Novosti"
    assert first["source"] == "Sergei Lavrov" and first["cue"] == "said"


@pytest.mark.parametrize(
    ("speaker", "n"),
    [("Sergei Lavrov", 3), ("Sergey Lavrov", 3), ("lavrov", 3), ("Ban Ki-moon", 1), ("Ban", 1)],
)
def test_quotes_by_fuzzy_speaker(store, speaker, n):
    assert len(query.quotes(store, speaker=speaker)) == n


def test_quotes_by_entity_id(store):
    (eid,) = query.find_entities(store, "Ban Ki-moon")
    assert texts(query.quotes(store, speaker=eid)) == ["Serbia and Kosovo must talk"]


def test_quotes_about_an_entity(store):
    assert texts(query.quotes(store, about="Serbia")) == ["Serbia and Kosovo must talk"]
    assert len(query.quotes(store, about="Kosovo")) == 4
    assert len(query.quotes(store, speaker="Lavrov", about="Kosovo")) == 3


@pytest.mark.parametrize(
    ("words", "n"),
    [("independence", 2), ("Independence OF kosovo", 2), ("state", 1), ('"unbalanced', 0),
     ("nowhere", 0)],
)  # fmt: skip
def test_full_text_search(store, words, n):
    assert len(query.quotes(store, text=words)) == n


def test_date_range_uses_the_speech_act_date(store):
    # Ban spoke on Tuesday 2008-06-10; the article is dated 2008-06-12.
    rows = query.quotes(store, since="2008-06-10", until="2008-06-10")
    assert texts(rows) == ["Serbia and Kosovo must talk"]
    rows = query.quotes(store, since="2008-06-11", until="2008-06-30")
    assert texts(rows) == ["Kosovo is not a state."]  # undated in its text: the article's date


def test_source_kind_and_paging(store):
    assert len(query.quotes(store, source="AP")) == 2
    assert texts(query.quotes(store, kind="indirect")) == ["Serbia and Kosovo must talk"]
    page1 = query.quotes(store, limit=2)
    page2 = query.quotes(store, limit=2, offset=2)
    assert len(page1) == len(page2) == 2 and not {r["id"] for r in page1} & {r["id"] for r in page2}


def test_timeline_is_oldest_first(store):
    rows = query.timeline(store, "Sergey Lavrov")
    assert [r["date"] for r in rows] == ["2008-04-01", "2008-06-12", "2009-01-05"]


def test_empty_results_are_empty_lists(store):
    assert query.quotes(store, speaker="Ban", kind="direct") == []
    assert query.quotes(store, since="1990-01-01", until="1990-12-31") == []
    assert query.entities(store, type="FAC") == []


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"since": "2009-01-01", "until": "2008-01-01"}, "date range is empty"),
        ({"since": "yesterday"}, "not a date in YYYY-MM-DD"),
        ({"since": "2008-02-30"}, "not a date"),
        ({"kind": "sarcastic"}, "unknown quote kind"),
        ({"text": "!!!"}, "no words"),
        ({"limit": 0}, "limit must be"),
    ],
)
def test_impossible_filters_say_why(store, filters, message):
    with pytest.raises(InvalidQuery, match=message):
        query.quotes(store, **filters)


def test_unknown_speaker_suggests_close_names(store):
    with pytest.raises(UnknownEntity, match="no speaker .* 'Lavrof'; did you mean 'Sergei Lavrov'"):
        query.quotes(store, speaker="Lavrof")
    with pytest.raises(UnknownEntity, match="matches 'Vladimir Putin'$"):
        query.quotes(store, speaker="Vladimir Putin")


def test_entities_with_counts_aliases_and_dated_titles(store):
    rows = {r["name"]: r for r in query.entities(store)}
    lav = rows["Sergei Lavrov"]
    assert (lav["articles"], lav["quotes"], lav["type"]) == (3, 3, "PERSON")
    assert set(lav["aliases"]) == {"Sergei Lavrov", "Lavrov"}
    titles = {t["title"]: (t["first"], t["last"], t["n"]) for t in lav["titles"]}
    assert titles == {
        "Russian Foreign Minister": ("2008-04-01", "2009-01-05", 2),
        "Foreign Minister": ("2008-06-12", "2008-06-12", 1),
    }
    assert [r["name"] for r in query.entities(store, order="quotes")][:2] == [
        "Sergei Lavrov",
        "Ban Ki-moon",
    ]
    assert [r["name"] for r in query.entities(store, type="person")] == [
        "Sergei Lavrov",
        "Ban Ki-moon",
    ]


def test_co_mention_networks(store):
    by_article = {r["name"]: r["n"] for r in query.co_mentions(store, "Lavrov")}
    assert by_article["Kosovo"] == 3 and by_article["Ban Ki-moon"] == 1
    about = {r["name"]: r["n"] for r in query.co_mentions(store, "Lavrov", by="about")}
    assert about == {"Kosovo": 3}
    quoted = {r["name"]: r["n"] for r in query.co_mentions(store, "Ban Ki-moon", by="quoted")}
    assert quoted == {"Sergei Lavrov": 1}
    with pytest.raises(InvalidQuery):
        query.co_mentions(store, "Lavrov", by="telepathy")


def test_entity_detail(store):
    detail = query.entity(store, "Sergey Lavrov")
    assert detail["name"] == "Sergei Lavrov" and detail["merged"] == []
    assert {r["name"] for r in detail["co_mentioned"]} >= {"Kosovo", "Moscow"}


def test_article_by_id_and_prefix(store):
    assert query.article(store, "a2")["source"] == "AP"
    with pytest.raises(ArticleNotFound, match="more than one"):
        query.article(store, "a")
    with pytest.raises(ArticleNotFound, match="no article"):
        query.article(store, "zzz")


def test_summary_of_an_empty_and_a_full_store(store, tmp_path):
    text = query.format_summary(query.summary(store))
    assert text.startswith("3 articles (2008-04-01 to 2009-01-05)")
    assert "Timeline of Sergei Lavrov:" in text
    with open_store(tmp_path / "empty.db") as empty:
        assert "the knowledge base is empty" in query.format_summary(query.summary(empty))


@pytest.mark.parametrize(("common", "dense"), [(1, 10**9), (1, 2), (10**9, 10**9)])
def test_full_text_plans_agree(store, monkeypatch, common, dense):
    """Whichever plan the match count picks (sort, walk the date index, probe), same rows."""
    from dateline.query import api

    expected = [r["id"] for r in query.quotes(store, text="Kosovo")]
    monkeypatch.setattr(api, "COMMON_MATCHES", common)
    monkeypatch.setattr(api, "DENSE_MATCHES", dense)
    assert [r["id"] for r in query.quotes(store, text="Kosovo")] == expected
    assert [r["id"] for r in query.quotes(store, text="Kosovo", limit=1, offset=1)] == expected[1:2]
    assert len(expected) == 4


def test_quotes_keep_their_rule_and_act_and_filter_by_act(tmp_path, nlp):
    """A plan is stored as an intention: --act statement leaves it out, --act intention
    finds it, and the record read back carries the rule that made each quote."""
    from dateline import Article, extract

    text = (
        "The Finance Ministry plans to open an inquiry into the sales. "
        "Finance Minister Kiichi Miyazawa said the dollar had fallen far enough."
    )
    records = list(extract([Article(text=text, id="plan", published="1987-03-03")], nlp))
    with open_store(tmp_path / "kb.db") as store:
        store.add_records(records)
        acts = {q["act"] for q in query.quotes(store)}
        statements = query.quotes(store, act="statement")
        plans = query.quotes(store, act="intention")
        [read_back] = query.records(store)
    assert acts == {"statement", "intention"}
    assert [q["text"] for q in plans] == ["to open an inquiry into the sales"]
    assert all("inquiry" not in q["text"] for q in statements)
    assert [q["rule"] for q in read_back["quotes"]] == [q["rule"] for q in records[0]["quotes"]]
    assert [q["act"] for q in read_back["quotes"]] == [q["act"] for q in records[0]["quotes"]]


def test_each_record_says_which_pipeline_made_it_and_the_store_keeps_it(tmp_path, nlp):
    import re

    from dateline import Article, extract
    from dateline.nlp.version import pipeline_version

    text = "Finance Minister Kiichi Miyazawa said the dollar had fallen far enough."
    [rec] = list(extract([Article(text=text, id="v1", published="1987-03-03")], nlp))
    [raw] = list(extract([Article(text=text, id="v2")], nlp, parse_view=False))
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{12}", rec["pipeline"])
    assert rec["pipeline"] == pipeline_version(nlp)
    assert raw["pipeline"] == rec["pipeline"] + ".noview"
    with open_store(tmp_path / "kb.db") as store:
        store.add_records([rec])
        [back] = query.records(store)
        stored = store.scalar("SELECT pipeline FROM articles WHERE id = 'v1'")
    assert back["pipeline"] == stored == rec["pipeline"]
