"""De-duplication: exact duplicates dropped and counted, syndicated copies linked."""

from __future__ import annotations

import json

import pytest

from dateline.article import Article
from dateline.ingest import Deduplicator, ReadOptions, Report, read_sources
from dateline.ingest.dedup import canonical_url, normalise_text


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.org/news/story/", "https://example.org/news/story"),
        ("http://Example.ORG/news/story#comments", "https://example.org/news/story"),
        ("https://example.org/a?utm_source=tw&id=7&fbclid=x", "https://example.org/a?id=7"),
        ("https://example.org/a?b=2&a=1", "https://example.org/a?a=1&b=2"),
        ("https://example.org:8443/a", "https://example.org:8443/a"),
        ("https://example.org:443/a", "https://example.org/a"),
        ("https://example.org", "https://example.org/"),
        ("ftp://example.org/a", None),
        ("not a url", None),
        (None, None),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_normalise_text_ignores_case_punctuation_and_spacing():
    assert normalise_text("“We will  continue,” he\r\nsaid.") == normalise_text(
        '"we will continue," He said'
    )
    assert normalise_text("He said.") != normalise_text("She said.")


def run(articles, **kwargs):
    report = Report(read=len(articles))
    return list(Deduplicator(**kwargs).filter(articles, report)), report


@pytest.fixture(scope="module")
def news(sample_articles):
    return [a for a in sample_articles if a.get("genre") == "news"]


def test_same_text_twice_is_one_article(news, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="dateline.ingest")
    text = news[0]["text"]
    copy = text.replace("\n\n", "\n").upper()  # re-wrapped, re-cased: still the same text
    kept, report = run([Article(text=text), Article(text=copy, origin="second-copy")])
    assert len(kept) == 1 and report.duplicates == 1 and report.read == 1
    assert "second-copy" in caplog.text


def test_same_canonical_url_is_one_article(news):
    first = Article(text=news[0]["text"], url="https://www.example.org/story?utm_source=rss")
    updated = Article(text=news[0]["text"] + " Update: corrected.", url="http://example.org/story/")
    kept, report = run([first, updated])
    assert kept == [first] and report.duplicates == 1


def syndicated(art: dict, outlet: str, keep: float = 1.0) -> str:
    """One wire story as an outlet runs it: its own dateline and footer, maybe cut short."""
    paragraphs = [p for p in art["text"].split("\n") if p.strip()][2:]
    paragraphs = paragraphs[: max(1, round(len(paragraphs) * keep))]
    return "\n\n".join(
        [f"{outlet.upper()} (Wire) -", *paragraphs, f"Copyright {outlet}. Follow us for more."]
    )


def test_syndicated_copies_are_kept_and_linked(news):
    cuts = {"Herald": 1.0, "Gazette": 1.0, "Post": 0.7}  # the Post drops the last 30%
    wire = [Article(text=syndicated(news[0], o, keep), source=o) for o, keep in cuts.items()]
    other = Article(text=news[1]["text"])
    kept, report = run([wire[0], other, wire[1], wire[2]])
    assert len(kept) == 4 and report.duplicates == 0
    assert "near_duplicate_of" not in kept[0].meta and "near_duplicate_of" not in kept[1].meta
    assert kept[2].meta["near_duplicate_of"] == wire[0].id
    assert kept[3].meta["near_duplicate_of"] == wire[0].id  # linked to the cluster's first
    assert kept[2].meta["near_duplicate_similarity"] >= 0.5


def test_different_stories_are_never_linked(sample_articles):
    articles = [Article(text=a["text"]) for a in sample_articles]
    kept, report = run(articles)
    assert len(kept) == len(articles) and report.duplicates == 0
    assert not [a.id for a in kept if "near_duplicate_of" in a.meta]


def test_a_rewritten_story_is_not_a_near_duplicate(news):
    """Half the paragraphs replaced: below the threshold, so kept unlinked."""
    paragraphs = [p for p in news[0]["text"].split("\n") if p.strip()]
    other = [p for p in news[1]["text"].split("\n") if p.strip()]
    half = len(paragraphs) // 2
    mixed = "\n".join(paragraphs[:half] + other[: len(paragraphs) - half])
    kept, _ = run([Article(text=news[0]["text"]), Article(text=mixed)])
    assert "near_duplicate_of" not in kept[1].meta


def test_read_sources_dedups_by_default_and_can_be_turned_off(tmp_path, news):
    path = tmp_path / "a.jsonl"
    rows = [{"text": news[0]["text"]}, {"text": news[0]["text"]}, {"text": news[1]["text"]}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = Report()
    assert len(list(read_sources([str(path)], ReadOptions(), report))) == 2
    assert report.duplicates == 1 and report.read == 2
    assert "1 duplicates" in report.summary()
    assert len(list(read_sources([str(path)], ReadOptions(dedup=False), Report()))) == 3


def test_bad_band_layout_is_refused():
    with pytest.raises(ValueError):
        Deduplicator(num_perm=100, bands=32)
