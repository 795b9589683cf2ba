"""Syndicated copies kept in the store: signed at ingest, linked across runs, read back by
dateline.query.syndication; the screen that leaves known articles out before annotation."""

from __future__ import annotations

import pytest

from dateline.article import Article
from dateline.ingest.report import Report
from dateline.query.syndication import carried_by, group_keys
from dateline.store import open_store
from dateline.store.replace import replace_records
from dateline.store.syndication import Screen, backfill, unsigned
from store_records import record

STORY = (
    "The central bank raised its benchmark interest rate by a quarter of a percentage point "
    "on Wednesday, the third increase this year, citing stubborn inflation in services and "
    "a labour market that has stayed tighter than policymakers expected. The governor told "
    "reporters that further moves would depend on the data, and that the bank was prepared "
    "to act again if price pressures did not ease over the coming months. Markets had "
    "largely expected the decision, and the currency was little changed after the "
    "announcement. Economists said the statement leaned towards another rise in the autumn."
)
OTHER = (
    "Heavy rain flooded roads across the north of the country on Tuesday, closing two "
    "motorways and cutting power to thousands of homes, the emergency services said. "
    "Forecasters warned that more storms were on the way and urged drivers to stay at home "
    "unless their journey was essential. Several schools were shut and rail operators ran a "
    "reduced timetable while engineers inspected bridges and embankments for damage."
)


def copy(furniture: str) -> str:
    """The story as another outlet ran it: its own head and tail lines."""
    return f"{furniture} (Staff report) - {STORY} Reporting by our correspondent; {furniture}."


def article(aid: str, text: str, source: str, published: str | None) -> dict:
    return record(aid, text, source=source, published=published, title=f"{source} story")


def stored(url: str):
    return open_store(url)


def test_copies_in_one_run_are_linked_earliest_first(store_url):
    with stored(store_url) as store:
        store.add_records(
            [
                article("a", copy("Daily Star"), "Star", "2024-05-02"),
                article("b", copy("Morning Post"), "Post", "2024-05-01"),
                article("c", OTHER, "Star", "2024-05-01"),
            ]
        )
        got = carried_by(store, "a")
        assert [r["id"] for r in got] == ["b", "a"]  # by publication date, not ingest order
        first = {"id": "b", "source": "Post", "outlet": "Post", "published": "2024-05-01"}
        assert got[0] == {**first, "url": None, "title": "Post story"}
        assert [r["id"] for r in carried_by(store, "b")] == ["b", "a"]
        assert [r["id"] for r in carried_by(store, "c")] == ["c"]
        assert carried_by(store, "nope") == []
        sim = store.scalar("SELECT similarity FROM syndication WHERE article_id = 'b'")
        assert 0.5 <= sim < 1.0


def test_a_copy_ingested_in_a_later_run_links_to_the_earlier_one(store_url):
    with stored(store_url) as store:
        store.add_records([article("a", copy("Daily Star"), "Star", "2024-05-01")])
    with stored(store_url) as store:  # another run, another connection: nothing in memory
        store.add_records([article("z", OTHER, "Star", "2024-05-03")])
        store.add_records([article("b", copy("Morning Post"), "Post", "2024-05-02")])
        assert store.rows("SELECT article_id, root_id FROM syndication") == [
            {"article_id": "b", "root_id": "a"}
        ]
        assert [r["id"] for r in carried_by(store, "b")] == ["a", "b"]


def test_copies_of_copies_share_one_root(store_url):
    outlets = ["Star", "Post", "Globe", "Herald"]
    with stored(store_url) as store:
        for i, outlet in enumerate(outlets):  # one run each
            store.add_records([article(f"a{i}", copy(outlet), outlet, f"2024-05-0{4 - i}")])
        roots = {r["root_id"] for r in store.rows("SELECT root_id FROM syndication")}
        assert roots == {"a0"}
        assert [r["id"] for r in carried_by(store, "a1")] == ["a3", "a2", "a1", "a0"]
        keys = group_keys(store, ["a0", "a1", "a2", "a3", "a0", "missing"])
        assert keys == {"a0": "a3", "a1": "a3", "a2": "a3", "a3": "a3"}


def test_group_keys_of_unrelated_articles_are_their_own(store_url):
    with stored(store_url) as store:
        store.add_records(
            [article("a", STORY, "Star", "2024-05-01"), article("c", OTHER, "Post", None)]
        )
        assert group_keys(store, ["a", "c"]) == {"a": "a", "c": "c"}
        assert group_keys(store, []) == {}


@pytest.mark.parametrize(
    "text, linked",
    [
        (STORY, True),  # the same text under another id
        (copy("Globe"), True),
        (STORY[: len(STORY) // 3] + " " + OTHER, False),  # shares a third: not a copy
        (OTHER, False),
    ],
)
def test_only_near_copies_are_linked(store_url, text, linked):
    with stored(store_url) as store:
        store.add_records([article("a", copy("Star"), "Star", "2024-05-01")])
        store.add_records([article("b", text, "Post", "2024-05-02")])
        assert (store.one("SELECT 1 FROM syndication WHERE article_id = 'b'") is not None) is linked


def test_candidates_come_from_the_band_table(store_url):
    """Without the stored band rows no candidate is found: nothing is held in memory."""
    with stored(store_url) as store:
        store.add_records([article("a", copy("Star"), "Star", "2024-05-01")])
        store.execute("DELETE FROM signature_bands")
        store.add_records([article("b", copy("Post"), "Post", "2024-05-02")])
        assert store.scalar("SELECT COUNT(*) FROM syndication") == 0


def test_replacing_keeps_the_link_and_renews_the_signature(store_url):
    with stored(store_url) as store:
        store.add_records(
            [article("a", copy("Star"), "Star", "2024-05-01"),
             article("b", copy("Post"), "Post", "2024-05-02")]
        )  # fmt: skip
        before = store.scalar("SELECT text_hash FROM article_signatures WHERE article_id = 'b'")
        replace_records(store, [article("b", copy("Post") + " Updated at noon.", "Post", None)])
        after = store.scalar("SELECT text_hash FROM article_signatures WHERE article_id = 'b'")
        assert before != after
        assert store.rows("SELECT article_id, root_id FROM syndication") == [
            {"article_id": "b", "root_id": "a"}
        ]
        assert store.scalar("SELECT COUNT(*) FROM signature_bands WHERE article_id = 'b'") > 0


def test_backfill_signs_and_links_articles_stored_before_the_migration(store_url):
    with stored(store_url) as store:
        store.add_records(
            [article("a", copy("Star"), "Star", "2024-05-01"),
             article("b", copy("Post"), "Post", "2024-05-02"),
             article("c", OTHER, "Post", "2024-05-02")]
        )  # fmt: skip
        for table in ("article_signatures", "signature_bands", "syndication"):
            store.execute(f"DELETE FROM {table}")  # as a store migrated to m008 has them
        assert unsigned(store) == 3
        assert backfill(store, batch=2) == 3
        assert unsigned(store) == 0
        assert backfill(store) == 0
        assert [r["id"] for r in carried_by(store, "b")] == ["a", "b"]


def _article(aid: str, text: str, url: str | None = None) -> Article:
    return Article(id=aid, text=text, url=url)


def test_screen_leaves_out_what_the_store_holds(store_url):
    with stored(store_url) as store:
        store.add_records(
            [{**article("a", STORY, "Star", "2024-05-01"), "pipeline": "1.0+old"},
             {**article("b", OTHER, "Star", "2024-05-01"), "pipeline": "2.0+new"}]
        )  # fmt: skip
        screen = Screen(store, "2.0+new")
        incoming = [
            _article("a", STORY),  # same id, older pipeline
            _article("b", OTHER),  # same id, same pipeline
            _article("x", "  THE Central bank, raised " + STORY[24:]),  # same words, other id
            _article("n", copy("Globe")),  # new
        ]
        report = Report(read=4)
        kept = [a.id for a in screen.filter(incoming, report)]
        assert kept == ["n"]
        assert (screen.known, screen.stale, screen.duplicates) == (3, 2, 0)
        assert report.read == 4  # known articles were read; the ingest counts them


@pytest.mark.parametrize("exact, kept", [(True, ["1", "3"]), (False, ["1", "2", "3", "4"])])
def test_screen_drops_exact_duplicates_within_a_run(store_url, exact, kept):
    with stored(store_url) as store:
        screen = Screen(store, None, exact=exact)
        incoming = [
            _article("1", STORY, "https://www.example.com/a?utm_source=x"),
            _article("2", OTHER, "http://example.com/a"),  # same page
            _article("3", OTHER),
            _article("4", OTHER.upper()),  # same words
        ]
        report = Report(read=4)
        assert [a.id for a in screen.filter(incoming, report)] == kept
        assert report.duplicates == 4 - len(kept) == screen.duplicates
        assert report.read == len(kept)


def test_recent_keys_are_bounded():
    from dateline.store.syndication import Recent

    recent = Recent(3)
    for key in range(10):
        recent.add(key)
    assert 3 <= len(recent) <= 6
    assert 9 in recent and 7 in recent
    assert 0 not in recent


def test_a_text_seen_long_ago_in_the_run_is_found_in_the_store(store_url):
    """The screen forgets old in-run keys; by then the article is stored and found there."""
    from dateline.store.ingest import ingest

    with stored(store_url) as store:
        screen = Screen(store, None, recent=1)
        others = [_article(str(i), f"{OTHER} Item {i} of the day.") for i in (2, 3, 4)]
        incoming = [_article("1", STORY), *others, _article("5", STORY.upper())]
        report = Report(read=5)
        records = (article(a.id, a.text, "Star", None) for a in screen.filter(incoming, report))
        result = ingest(records, store, batch_size=1, report=report, screen=screen)
        assert result.added == 4 and result.duplicates == 1
        assert (screen.known, screen.duplicates) == (1, 0)  # the store's answer, not memory's
        assert sorted(r["id"] for r in store.rows("SELECT id FROM articles")) == list("1234")
