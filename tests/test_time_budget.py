"""The per-article time budget: a watchdog kills a worker over it, the rest of its batch runs
one by one, the article is recorded in the store as failed, and ``--retry-failed`` tries it
again; one article that fails to be annotated or written costs no other."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from dateline import Article, Report
from dateline.store import StoreLocked, ingest, open_store
from dateline.store.ingest import Failures, count_failed, failed_articles
from store_records import lavrov

SLOW = "SLOW-ARTICLE-MARK"
RAISE = "RAISING-ARTICLE-MARK"
UNSENDABLE = "UNSENDABLE-ARTICLE-MARK"


@Language.component("dateline_test_trap")
def _trap(doc: Doc) -> Doc:
    """A test-only stage: sleeps (as compiled code stuck on a text would) or raises on a mark.

    Each worker that meets the slow mark first writes its pid under $DATELINE_TEST_PIDS.
    """
    if SLOW in doc.text:
        where = os.environ.get("DATELINE_TEST_PIDS")
        if where:
            Path(where, str(os.getpid())).touch()
        time.sleep(300)
    if RAISE in doc.text:
        raise RuntimeError("a stage failed on this text")
    return doc


def add_trap(nlp: Language, pids: str) -> None:
    """The ``setup`` of the test workers: the trap stage, first in the pipeline."""
    os.environ["DATELINE_TEST_PIDS"] = pids
    nlp.add_pipe("dateline_test_trap", first=True)


def add_unsendable(nlp: Language) -> None:
    """A test ``setup``: the record of a marked article holds a lock, which cannot be pickled."""
    import importlib
    import threading

    module = importlib.import_module("dateline.extraction")  # the module, not the function
    plain = module.to_record

    def to_record(doc: Doc, article: Article) -> dict:
        record = plain(doc, article)
        if UNSENDABLE in article.text:
            record["lock"] = threading.Lock()
        return record

    module.to_record = to_record


def fail_setup(nlp: Language) -> None:
    raise OSError("no pipeline in this folder")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _stories(n: int) -> list[Article]:
    return [
        Article(
            text=f"Minister Anna Berg said on Tuesday that story {i} was true. "
            f"“We will publish it,” she said.",
            published="2021-03-02",
            origin=f"stories:{i}",
        )
        for i in range(n)
    ]


# -- the store side: no model ----------------------------------------------------------------


@pytest.fixture()
def store(store_url):
    """A fresh store, on SQLite and on PostgreSQL (``store_url`` in conftest.py)."""
    with open_store(store_url) as s:
        yield s


def test_failed_articles_are_kept_whole_and_counted_again(store):
    article = Article(
        text="A story \udc80 with a lone surrogate.",
        title="T",
        url="https://example.org/a",
        published="2020-01-02",
        origin="feed.jsonl:7",
        meta={"author": "X"},
    )
    ingest([], store, failures=Failures([(article, "over the budget")]))
    ingest([], store, failures=Failures([(article, "over the budget again")]))
    assert failed_articles(store) == [article]
    row = store.one("SELECT origin, reason, attempts FROM failed_articles")
    assert row == {"origin": "feed.jsonl:7", "reason": "over the budget again", "attempts": 2}


def test_a_stored_article_is_failed_no_longer(store):
    record = lavrov("a1")
    failed = Article(text=record["text"], id="a1")
    result = ingest([], store, failures=Failures([(failed, "timed out")]))
    assert result.recorded_failed == 1 and count_failed(store) == 1
    ingest([record], store)
    assert count_failed(store) == 0
    # ... and an article already stored is not recorded as failed at all.
    assert ingest([], store, failures=Failures([(failed, "timed out")])).recorded_failed == 0
    assert count_failed(store) == 0


@pytest.mark.parametrize(
    ("error", "kept"),
    [
        (RuntimeError("a bug on one input"), True),
        (OverflowError("date value out of range"), True),
        (RecursionError("maximum recursion depth exceeded"), True),
        (StoreLocked("kb.db", 5.0), False),  # the store's trouble, not the record's: stops
    ],
)
def test_one_record_that_cannot_be_written_costs_no_other(store, monkeypatch, error, kept):
    ingest_module = sys.modules["dateline.store.ingest"]  # the module, not the function
    write = ingest_module.insert_record

    def insert(store, resolver, record, now):
        if record["id"] == "bad":
            raise error
        write(store, resolver, record, now)

    monkeypatch.setattr(ingest_module, "insert_record", insert)
    report = Report(read=3)
    records = [lavrov("a1"), lavrov("bad"), lavrov("a2")]
    if not kept:
        with pytest.raises(type(error)):
            ingest(records, store, report=report)
        assert store.counts()["articles"] == 0  # the batch rolled back whole
        return
    result = ingest(records, store, report=report)
    assert (result.added, result.failed) == (2, 1)
    assert report.skipped == {"invalid record": 1}


@pytest.mark.parametrize(
    ("budget", "chars", "seconds"),
    [
        (300, 1, 300),  # one short article: the budget
        (300, 200_000, 300),  # one article of max_chars: the budget
        (300, 500_000, 750),  # a batch of 2.5 x max_chars characters: 2.5 budgets
        (0.5, 10, 0.5),
        (0, 500_000, float("inf")),  # no budget
    ],
)
def test_a_unit_may_take_the_budget_per_max_chars_and_at_least_the_budget(budget, chars, seconds):
    from dateline.scale.local import unit_limit

    assert unit_limit(budget, 200_000, chars) == seconds


# -- the watchdog: worker processes ----------------------------------------------------------


@pytest.mark.model
def test_an_article_over_the_budget_is_killed_and_the_rest_of_its_batch_kept(nlp, tmp_path):
    from dateline import extract
    from dateline.scale.local import extract_parallel

    good = _stories(3)
    slow = Article(text=f"The minister said {SLOW} nothing.", origin="slow.txt")
    articles = [good[0], slow, good[1], good[2]]
    failures, memory, report = Failures(), {}, Report(read=4)
    started = time.monotonic()
    records = list(
        extract_parallel(
            articles,
            workers=1,
            batch_size=4,
            report=report,
            memory=memory,
            time_budget=4,
            on_failed=failures,
            setup=partial(add_trap, pids=str(tmp_path)),
        )
    )
    took = time.monotonic() - started
    assert records == list(extract(good, nlp))  # the batch's other articles, one by one
    assert [(a.origin, r) for a, r in failures] == [
        ("slow.txt", "annotation ran over the time budget of 4 s "
         "(raise it with --time-budget or DATELINE_TIME_BUDGET)"),
    ]  # fmt: skip
    assert report.skipped == {"time budget": 1} and report.read == 3
    # Killed twice (in its batch, then alone), not waited for: the stage sleeps 300 s.
    killed = [int(p.name) for p in tmp_path.iterdir()]
    assert len(killed) == 2 and not any(_alive(pid) for pid in killed)
    assert took < 200


@pytest.mark.model
def test_an_article_whose_annotation_raises_is_named_and_handed_over(nlp, tmp_path):
    from dateline.scale.local import extract_parallel

    good = _stories(2)
    bad = Article(text=f"The minister said {RAISE} nothing.", origin="bad.txt")
    failures, report = Failures(), Report(read=3)
    records = list(
        extract_parallel(
            [good[0], bad, good[1]],
            workers=1,
            report=report,
            time_budget=0,
            on_failed=failures,
            setup=partial(add_trap, pids=str(tmp_path)),
        )
    )
    assert [r["id"] for r in records] == [good[0].id, good[1].id]
    assert [(a.origin, r) for a, r in failures] == [
        ("bad.txt", "annotation failed (RuntimeError: a stage failed on this text)")
    ]
    assert report.skipped == {"annotation failed": 1}


@pytest.mark.model
def test_a_record_that_cannot_be_sent_back_costs_no_worker():
    from dateline.scale.local import extract_parallel

    good = _stories(2)
    bad = Article(text=f"The minister said {UNSENDABLE} nothing.", origin="bad.txt")
    failures, report, memory = Failures(), Report(read=3), {}
    records = list(
        extract_parallel(
            [good[0], bad, good[1]],
            workers=1,
            report=report,
            memory=memory,
            on_failed=failures,
            setup=add_unsendable,
        )
    )
    assert [r["id"] for r in records] == [good[0].id, good[1].id]
    assert report.skipped == {"annotation failed": 1}
    assert [a.origin for a, _ in failures] == ["bad.txt"]
    assert len(memory) == 1  # the same worker all along: none died


@pytest.mark.model
def test_workers_that_cannot_load_the_pipeline_end_the_run_with_one_error():
    from dateline.scale.local import WorkerStartFailed, extract_parallel

    with pytest.raises(WorkerStartFailed, match="OSError: no pipeline in this folder"):
        list(extract_parallel(_stories(2), workers=1, setup=fail_setup))


# -- the command line ------------------------------------------------------------------------


def _dateline(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from dateline.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.model
def test_cli_records_an_article_over_the_budget_and_retries_it(tmp_path, sample_articles):
    """A real article, slow for a tiny budget (40,000 characters take seconds to annotate):
    stored as failed, then stored by --retry-failed with no budget."""
    prose = "\n\n".join(a["text"] for a in sample_articles)
    long = {"id": "long", "text": prose[:40_000], "date": "2020-01-01"}
    short = [{"id": f"s{i}", "text": a.text, "date": "2021-03-02"} for i, a in
             enumerate(_stories(2))]  # fmt: skip
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in [short[0], long, short[1]]))
    db = str(tmp_path / "kb.db")

    first = _dateline(
        "ingest", str(source), "--db", db, "--time-budget", "0.5", "--batch-size", "1"
    )
    assert first.returncode == 1, first.stderr
    assert "2 read, 1 skipped (time budget: 1)" in first.stderr
    assert "1 failed in this run; 1 recorded as failed in the store" in first.stderr
    with open_store(db) as store:
        assert store.counts()["articles"] == 2
        assert [a.text for a in failed_articles(store)] == [long["text"]]

    again = _dateline("ingest", "--retry-failed", "--db", db, "--time-budget", "0")
    assert again.returncode == 0, again.stderr
    assert "1 read, 0 skipped" in again.stderr
    assert "none failed in this run; 0 recorded as failed in the store" in again.stderr
    with open_store(db) as store:
        assert store.counts()["articles"] == 3 and count_failed(store) == 0


def test_cli_retry_failed_takes_no_source(tmp_path):
    run = _dateline("ingest", "x.jsonl", "--retry-failed", "--db", str(tmp_path / "kb.db"))
    assert run.returncode == 2 and "--retry-failed takes no SOURCE" in run.stderr
    run = _dateline("ingest", "--db", str(tmp_path / "kb.db"))
    assert run.returncode == 2 and "give a SOURCE, or --retry-failed" in run.stderr
