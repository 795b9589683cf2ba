"""Every core of one machine: the multiprocessing runner gives the single-process records,
in input order, resumes where it stopped, and skips bad articles without stopping."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys

import pytest

from dateline import Article, ReadOptions, Report, extract, read_sources
from dateline.errors import ModelNotFound
from dateline.scale.local import extract_parallel, extract_to_file

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def articles():
    from tests.conftest import SAMPLE

    return list(read_sources([str(SAMPLE)], ReadOptions()))[:12]


@pytest.fixture(scope="module")
def expected(articles, nlp):
    return list(extract(articles, nlp))


def test_two_workers_give_the_single_process_records_in_order(articles, expected):
    memory: dict = {}
    report = Report(read=len(articles))
    # Small chunks, so both workers get several and finish out of order.
    records = list(
        extract_parallel(
            articles, workers=2, batch_size=2, chunk_size=3, report=report, memory=memory
        )
    )
    assert records == expected
    assert report.read == len(articles) and report.n_skipped == 0
    assert len(memory) == 2  # both workers did some of the work
    assert sum(samples[-1].done for samples in memory.values()) == len(articles)
    assert {s.pipelines for samples in memory.values() for s in samples} == {1}


def test_bad_articles_are_skipped_and_counted_order_kept(articles, expected):
    limit = max(len(a.text) for a in articles[:3])
    too_long = Article(text="word " * limit, origin="long.txt")
    mixed = [articles[0], too_long, articles[1], articles[2]]
    report = Report(read=len(mixed))
    records = list(extract_parallel(mixed, workers=2, chunk_size=2, max_chars=limit, report=report))
    assert [r["id"] for r in records] == [a.id for a in (articles[0], articles[1], articles[2])]
    assert records == [expected[0], expected[1], expected[2]]
    assert report.skipped == {"too long": 1} and report.read == 3


def test_resume_carries_on_after_a_crash(tmp_path, articles, expected):
    out = tmp_path / "records.jsonl"
    assert extract_to_file(articles[:4], out, workers=2, chunk_size=2) == 4
    with out.open("a") as f:  # a run killed half-way through writing a record
        f.write(json.dumps(expected[4])[:50])
    assert extract_to_file(articles, out, workers=2, chunk_size=2) == len(articles) - 4
    lines = out.read_text().splitlines()
    assert [json.loads(line) for line in lines] == expected


def test_missing_model_fails_before_any_worker_starts(articles):
    with pytest.raises(ModelNotFound):
        list(extract_parallel(articles[:2], workers=2, model="xx_no_such_model"))


def test_cli_extract_workers_matches_single_process(tmp_path, articles):
    from tests.conftest import SAMPLE

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:6]
    sample = tmp_path / "six.jsonl"
    sample.write_text("\n".join(lines) + "\nnot json\n", encoding="utf-8")

    def run(*extra):
        return subprocess.run(
            [sys.executable, "-c", "from dateline.cli import main; main()", "extract", str(sample)]
            + list(extra),
            capture_output=True,
            timeout=600,
        )

    one, two = run(), run("--workers", "2", "--batch-size", "2")
    assert one.returncode == two.returncode == 1  # the bad line is skipped in both
    assert two.stdout == one.stdout and len(two.stdout.splitlines()) == 6
    assert b"6 read, 1 skipped (invalid JSON: 1)" in two.stderr


def test_spark_partition_body_in_chunks(monkeypatch, articles, expected):
    """The mapPartitions body, run in this process: chunked, skip rows passed through,
    rejected articles named, records matched back to their place in the input."""
    from dateline.scale import spark
    from dateline.scale.shard import article_dict

    monkeypatch.setattr(spark, "CHUNK_ARTICLES", 2)
    limit = max(len(a.text) for a in articles[:4])
    long = article_dict(Article(text="word " * limit, origin="f:3"))
    skip = ("skip", spark._row("f", 1, "f:2", error="invalid JSON", kind="invalid JSON"))
    items = [("article", "f", 0, article_dict(articles[0])), skip, ("article", "f", 2, long)]
    items += [("article", "f", 3 + i, article_dict(a)) for i, a in enumerate(articles[1:4])]
    rows = [
        dict(zip([c for c, _ in spark.COLUMNS], row, strict=True))
        for row in spark.annotate_partition(None, 2, limit, iter(items))
    ]
    done = [r for r in rows if r["record"] is not None]
    assert [json.loads(r["record"]) for r in done] == expected[:4]
    assert [(r["file"], r["seq"]) for r in done] == [("f", 0), ("f", 3), ("f", 4), ("f", 5)]
    errors = {(r["origin"], r["kind"], r["seq"]) for r in rows if r["error"]}
    assert errors == {("f:2", "invalid JSON", 1), ("f:3", "too long", 2)}


def test_a_killed_worker_loses_nothing(articles, expected):
    """A worker killed mid-run (as the OOM killer would): its chunk runs again alone in a
    new pool, the chunks in flight with it are resubmitted, the output is complete."""
    memory: dict = {}
    report = Report(read=len(articles))
    run = extract_parallel(articles, workers=2, chunk_size=1, report=report, memory=memory)
    records = [next(run)]
    # A live worker: its memory sample may not have been read yet when the first record
    # comes back, so it is taken from the running children, not from ``memory``.
    workers = [p for p in multiprocessing.active_children() if p.is_alive()]
    assert workers
    os.kill(workers[0].pid, signal.SIGKILL)
    records += list(run)
    assert records == expected
    assert report.n_skipped == 0
    # The pool was replaced: a worker that was not running at the kill reported. (The
    # killed one may have died before any sample of it was read: count new pids only.)
    started = {p.pid for p in workers}
    assert set(memory) - started


def test_cli_ingest_workers_fills_the_same_store(tmp_path):
    from tests.conftest import SAMPLE

    from dateline.store import open_store

    sample = tmp_path / "four.jsonl"
    sample.write_text("\n".join(SAMPLE.read_text(encoding="utf-8").splitlines()[:4]) + "\n")

    def ingest(db, *extra):
        return subprocess.run(
            [
                sys.executable,
                "-c",
                "from dateline.cli import main; main()",
                "ingest",
                str(sample),
                "--db",
                str(db),
                *extra,
            ],
            capture_output=True,
            timeout=600,
        )

    one, two = ingest(tmp_path / "one.db"), ingest(tmp_path / "two.db", "--workers", "2")
    assert one.returncode == two.returncode == 0, two.stderr
    counts = []
    for db in ("one.db", "two.db"):
        with open_store(tmp_path / db, readonly=True) as store:
            counts.append(store.counts())
    assert counts[0] == counts[1] and counts[0]["articles"] == 4
