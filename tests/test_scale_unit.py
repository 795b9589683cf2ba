"""Scale-out plumbing without the model: the shard function over a blank pipeline,
event reports, resuming, reading file bytes, reading a job's Parquet back."""

from __future__ import annotations

import gzip
import json

import pytest
import spacy

import dateline.nlp.extensions  # noqa: F401  (the Doc extensions records read)
from dateline import Article, Report
from dateline.scale.local import done_ids
from dateline.scale.parquet import NotAJobOutput, read_records, read_skips
from dateline.scale.shard import EventReport, process_shard, read_blob, to_article


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def test_shard_takes_articles_and_dicts_in_order_and_skips_bad_items(blank):
    items = [
        Article(text="First story.", published="2008-04-01"),
        {"text": "Second story.", "source": "RIA", "origin": "b.jsonl:2", "extra": 1},
        {"title": "no text", "origin": "b.jsonl:3"},
        {"text": "word " * 40, "origin": "b.jsonl:4"},
        {"text": "Third story.", "meta": "not a dict"},
    ]
    report = Report(read=4)
    records = list(process_shard(items, nlp=blank, report=report, max_chars=100, batch_size=2))
    assert [r["text"] for r in records] == ["First story.", "Second story.", "Third story."]
    assert records[1]["source"] == "RIA" and records[0]["published"] == "2008-04-01"
    assert report.skipped == {"not an article": 1, "too long": 1}
    assert report.read == 3


@pytest.mark.parametrize(
    ("item", "ok"),
    [
        ({"text": "A."}, True),
        ({"text": "A.", "id": "x1", "url": None}, True),
        ({"text": None}, False),
        ({"text": 3}, False),
        ({}, False),
    ],
)
def test_to_article(item, ok):
    if ok:
        article = to_article(item)
        assert article.text == "A." and article.id == item.get("id", article.id)
    else:
        with pytest.raises((TypeError, ValueError)):
            to_article(item)


def test_event_report_replays_in_order_into_the_owner(caplog):
    events = EventReport()
    events.ok()
    events.ok()
    events.reject("a.txt", "too long", "too long")
    events.skip("b.txt", "binary", "binary file")
    events.warn("c.txt", "guessed", "encoding guessed")
    assert events.read == 1 and events.n_skipped == 2
    assert caplog.records == []  # nothing logged where the events happened
    owner = Report()
    with caplog.at_level("WARNING", logger="dateline"):
        events.replay(owner)
    assert owner.read == 1
    assert owner.skipped == {"too long": 1, "binary file": 1}
    assert owner.warnings == {"encoding guessed": 1}
    assert [r.getMessage() for r in caplog.records] == [
        "skipped a.txt: too long",
        "skipped b.txt: binary",
        "c.txt: guessed",
    ]


def _line(i: int) -> bytes:
    return json.dumps({"id": f"a{i}", "text": f"Story {i}."}).encode() + b"\n"


@pytest.mark.parametrize(
    ("content", "ids", "kept"),
    [
        (b"", set(), b""),
        (_line(1) + _line(2), {"a1", "a2"}, _line(1) + _line(2)),
        (_line(1) + _line(2)[:9], {"a1"}, _line(1)),  # cut off mid-record by a crash
        (_line(1) + _line(2).rstrip(b"\n"), {"a1"}, _line(1)),  # no newline: not safe to append
        (_line(1) + b"garbage\n" + _line(3), {"a1"}, _line(1)),
    ],
)
def test_done_ids_reads_complete_records_and_cuts_the_rest(tmp_path, content, ids, kept):
    out = tmp_path / "out.jsonl"
    out.write_bytes(content)
    assert done_ids(out) == ids
    assert out.read_bytes() == kept


def test_done_ids_of_a_missing_file(tmp_path):
    assert done_ids(tmp_path / "nope.jsonl") == set()


@pytest.mark.parametrize("compress", [False, True])
def test_read_blob_uses_the_registered_readers(compress):
    data = _line(1) + b"not json\n" + _line(2)
    name = "file:/data/shard.jsonl"
    if compress:
        data, name = gzip.compress(data), name + ".gz"
    report = Report()
    articles = list(read_blob(name, data, report=report))
    assert [a.text for a in articles] == ["Story 1.", "Story 2."]
    assert articles[0].origin == f"{name}:1"
    assert report.skipped == {"invalid JSON": 1}


def test_read_blob_skips_binary_bytes():
    report = Report()
    assert list(read_blob("x.bin", b"\x00\x01\x02" * 200, report=report)) == []
    assert report.skipped == {"binary file": 1}


def _write_job_output(folder, rows):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dateline.scale.spark import COLUMNS

    folder.mkdir()
    names = [name for name, _ in COLUMNS]
    types = {"string": pa.string(), "long": pa.int64()}
    schema = pa.schema([(name, types[kind]) for name, kind in COLUMNS])
    # Two part files, as Spark writes them; rows are split between them in order.
    half = len(rows) // 2
    for n, part in enumerate((rows[:half], rows[half:])):
        table = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in part], schema)
        pq.write_table(table, folder / f"part-{n:05d}-x.snappy.parquet")
    (folder / "_SUCCESS").write_text("")


def test_read_records_in_order_counting_what_the_job_skipped(tmp_path):
    rec = {"id": "a1", "text": "A.", "entities": [], "quotes": [], "times": []}
    rows = [
        ("f1", 0, "f1:1", "a1", None, None, None, json.dumps(rec), None, None),
        ("f1", 1, "f1:2", None, None, None, None, None, "invalid JSON (x)", "invalid JSON"),
        ("f1", 2, "f1:3", "a1", None, None, None, None, "duplicate of a1", "duplicate"),
        ("f2", 0, "f2:1", "a2", None, None, None, "{broken", None, None),
        ("f2", 1, "f2:2", "a3", None, None, None, json.dumps({**rec, "id": "a3"}), None, None),
    ]
    _write_job_output(tmp_path / "out", rows)
    report = Report()
    records = list(read_records(tmp_path / "out", report))
    assert [r["id"] for r in records] == ["a1", "a3"]
    assert records[0] == rec  # exactly as written
    assert report.read == 2 and report.duplicates == 1
    assert report.skipped == {"skipped by the job: invalid JSON": 1, "bad record": 1}
    assert [s["origin"] for s in read_skips(tmp_path / "out")] == ["f1:2", "f1:3"]


@pytest.mark.parametrize("make", ["missing", "empty"])
def test_not_a_job_output(tmp_path, make):
    folder = tmp_path / "out"
    if make == "empty":
        folder.mkdir()
    with pytest.raises(NotAJobOutput, match="not the output of `dateline spark`"):
        list(read_records(folder))
