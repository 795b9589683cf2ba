"""Claim cards: a quote in its sentence, its citation, the outlets that carried its story;
``quotes --group-syndicated`` folds the copies of one statement into one row."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from dateline import query
from dateline.query.claims import citation, group_syndicated, sentence_context, with_context
from dateline.store import open_store
from dateline.web import create_app
from store_records import record
from test_cli_store import run
from test_syndication import OTHER, copy

SAID = "further moves would depend on the data"


def story(aid: str, outlet: str, published: str, text: str | None = None) -> dict:
    text = text or copy(outlet)
    rec = record(
        aid,
        text,
        entities=[("Governor Ann Lee", "PERSON", ["governor"], ["Central bank governor"])]
        if SAID in text
        else [],
        quotes=[{"content": SAID, "speaker": 0, "cue": "told", "kind": "indirect"}]
        if SAID in text
        else [],
        source=outlet,
        published=published,
        title=f"{outlet}: rates up",
    )
    rec["url"] = f"https://{outlet.lower()}.example/{aid}"
    return rec


@pytest.fixture()
def db(tmp_path, isolated_env):
    path = tmp_path / "kb.db"
    with open_store(path) as store:
        store.add_records(
            [
                story("star", "Star", "2024-05-02"),
                story("post", "Post", "2024-05-01"),
                story("rain", "Star", "2024-05-01", OTHER),
            ]
        )
    return str(path)


@pytest.mark.parametrize(
    ("text", "quote", "before", "after"),
    [
        ('One. Then he said "we go" to them. Last.', "we go", 'Then he said "', '" to them.'),
        ("He said we go.\n\nNext paragraph.", "we go", "He said ", "."),
        ("we go", "we go", "", ""),
        ("A. B said:\nwe go now! C.", "we go", "B said: ", " now!"),
    ],
)
def test_sentence_context(text, quote, before, after):
    start = text.index(quote)
    got = sentence_context(text, start, start + len(quote))
    assert (got["before"], got["quote"], got["after"]) == (before, quote, after)


def test_context_is_cut_at_a_word_when_no_sentence_ends():
    text = "word " * 200 + "THE QUOTE" + " more" * 200
    start = text.index("THE QUOTE")
    got = sentence_context(text, start, start + 9, width=30)
    assert got["before"].startswith("… word") and got["after"].endswith("more …")
    assert len(got["before"]) <= 33 and len(got["after"]) <= 33


def test_citation_names_speaker_title_outlet_date_url_and_key(db):
    with open_store(db, readonly=True) as store:
        (row,) = with_context(store, query.quotes(store, source="Post"))
    cite = citation(row)
    start = row["start_char"]
    assert cite["text"].startswith("Governor Ann Lee (Central bank governor), told: “further")
    assert "“Post: rates up”, Post, 2024-05-01. https://post.example/post" in cite["text"]
    assert cite["text"].endswith(f"[Dateline quote post:{start}-{start + len(SAID)}]")
    assert cite["json"]["date_from"] == "article" and cite["json"]["url"].endswith("/post")
    assert SAID in row["context"]["quote"] and row["context"]["before"].endswith(
        "told reporters that "
    )


def test_group_syndicated_folds_copies_earliest_first(db):
    with open_store(db, readonly=True) as store:
        rows = query.quotes(store)
        grouped = group_syndicated(store, rows)
    assert len(rows) == 2 and len(grouped) == 1
    assert grouped[0]["article"] == "post" and grouped[0]["copies"] == 2
    assert grouped[0]["outlets"] == ["Post", "Star"]


def test_cli_group_syndicated(capsys, db):
    code, out, _ = run(capsys, "quotes", "--db", db, "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2
    code, out, _ = run(capsys, "quotes", "--db", db, "--group-syndicated", "--format", "json")
    (row,) = json.loads(out)
    assert code == 0 and row["copies"] == 2 and row["outlets"] == ["Post", "Star"]
    code, out, _ = run(capsys, "quotes", "--db", db, "--group-syndicated", "--format", "csv")
    assert code == 0 and out.splitlines()[0].endswith("copies,outlets") and "Post; Star" in out
    code, out, _ = run(capsys, "quotes", "--db", db, "--group-syndicated")
    assert code == 0 and "copies" in out.splitlines()[0]


def test_claim_card_on_the_search_page(db):
    with TestClient(create_app(db, cache=False)) as client:
        data = client.get("/api/search", params={"source": "Star"}).json()
        (card,) = data["quotes"]
        assert card["context"]["quote"] == SAID and card["speaker_title"] == "Central bank governor"
        assert [c["outlet"] for c in card["carried_by"]] == ["Post"]
        assert card["url"] == "https://star.example/star" and card["date_from"] == "article"
        assert json.loads(card["citation_json"])["outlet"] == "Star"
        page = client.get("/search", params={"source": "Star"}).text
    assert "Also carried by 1 outlet, earliest first" in page and 'href="/article/post"' in page
    assert 'class="kwic before"' in page and "(Central bank governor)" in page
    assert f'id="cite-text-{card["id"]}"' in page and "[Dateline quote star:" in page
    assert 'href="https://star.example/star"' in page and "(article&#39;s date)" in page


def test_carriers_read_in_bulk_agree_with_carried_by(db):
    from dateline.query.claims import with_carriers
    from dateline.query.syndication import carried_by

    with open_store(db) as store:
        store.add_records([story("late", "Late", "2024-05-03")])  # a third copy, later run
        rows = with_carriers(store, query.quotes(store))
        assert len(rows) == 3
        for row in rows:
            expected = [
                c["id"] for c in carried_by(store, row["article"]) if c["id"] != row["article"]
            ]
            assert [c["id"] for c in row["carried_by"]] == expected
        assert [c["id"] for c in rows[0]["carried_by"]] == ["post", "star"]  # late's copies
