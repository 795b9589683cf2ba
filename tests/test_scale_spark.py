"""Apache Spark in local mode: the Spark path gives the single-process records for the same
input (JSON Lines and WARC shards, bad files among them), and `dateline load` builds the
same knowledge base as adding those records directly."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dateline import ReadOptions, Report, extract, read_sources

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime"),
]

ROOT = Path(__file__).resolve().parents[1]
WARCS = sorted((ROOT / "tests" / "fixtures" / "ingest" / "warc").glob("*.warc.gz"))


@pytest.fixture(scope="module")
def spark():
    from dateline.scale.spark import session

    spark = session("local[2]")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    """A folder of shards: the Wikinews sample split in two, the WARC samples, a file with
    a bad line and a duplicate, and a binary file."""
    from tests.conftest import SAMPLE

    folder = tmp_path_factory.mktemp("shards")
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:8]
    (folder / "a.jsonl").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    copy = json.loads(lines[1])
    copy["id"] = "copy-of-line-2"  # same text: an exact duplicate, dropped
    extra = [lines[4], "{not json", json.dumps(copy), *lines[5:]]
    (folder / "b.jsonl").write_text("\n".join(extra) + "\n", encoding="utf-8")
    (folder / "c.bin").write_bytes(b"\x00\x01\x02\x03" * 300)
    for warc in WARCS:
        shutil.copy(warc, folder / warc.name)
    return folder


@pytest.fixture(scope="module")
def expected(shards, nlp):
    """The single-process records, files read in name order as Spark sorts them."""
    report = Report()
    files = [str(p) for p in sorted(shards.iterdir())]
    records = list(extract(read_sources(files, ReadOptions(), report), nlp, report=report))
    return records, report


@pytest.fixture(scope="module")
def job(spark, shards, tmp_path_factory):
    from dateline.scale.spark import run_job

    out = tmp_path_factory.mktemp("job") / "records.parquet"
    summary = run_job(spark, [f"{shards}/*"], str(out), batch_size=4, partitions=3)
    return out, summary


def test_spark_gives_the_single_process_records(job, expected):
    from dateline.scale.parquet import read_records

    out, summary = job
    records, report = expected
    assert len(records) >= 8  # Wikinews articles plus the WARC's news article
    assert any(r["url"] and "houstonpress" in r["url"] for r in records)
    assert list(read_records(out)) == records
    assert summary.records == len(records)
    assert summary.duplicates == report.duplicates == 1
    assert summary.skipped["invalid JSON"] == report.skipped["invalid JSON"] == 1
    assert summary.skipped["binary file"] == report.skipped["binary file"] == 1
    assert sum(summary.skipped.values()) == report.n_skipped


def test_model_is_loaded_once_per_python_worker(spark, job):
    """Loaded in the worker on first use, never shipped from the driver, once per process
    whatever shards it ran before (the job's, under the same cache key). Whether Spark
    hands a task an idle worker or forks a new one is Spark's choice: both happen."""

    def load_in_task(_):
        import os

        from dateline.scale.shard import cached_pipeline, pipelines_loaded

        cached_pipeline()
        yield os.getpid(), pipelines_loaded()

    tasks = 6
    loads = spark.sparkContext.parallelize(range(tasks), tasks).mapPartitions(load_in_task)
    loads = loads.collect()
    assert len(loads) == tasks
    assert {misses for _, misses in loads} == {1}


def test_skipped_items_are_named_with_their_reason(job):
    from dateline.scale.parquet import read_skips

    out, _ = job
    skips = {(Path(s["origin"].removeprefix("file:")).name, s["kind"]) for s in read_skips(out)}
    assert ("b.jsonl:2", "invalid JSON") in skips
    assert ("b.jsonl:3", "duplicate") in skips
    assert ("c.bin", "binary file") in skips


def test_existing_output_is_refused_before_any_work(spark, job):
    from dateline.scale.spark import OutputExists, run_job

    out, _ = job
    with pytest.raises(OutputExists, match="already exists; remove it or pass --overwrite"):
        run_job(spark, ["/nonexistent/*.jsonl"], str(out))


def test_no_input_matched_says_so_in_one_line(spark, tmp_path):
    from dateline.scale.spark import error_line, run_job

    with pytest.raises(Exception) as caught:  # noqa: B017 - whatever Spark raises
        run_job(spark, [str(tmp_path / "none-*.jsonl")], str(tmp_path / "out"))
    line = error_line(caught.value)
    assert "matches 0 files" in line and "\n" not in line


def test_load_builds_the_same_knowledge_base(job, expected, tmp_path):
    from dateline.scale.parquet import load
    from dateline.store import open_store

    out, _ = job
    records, _ = expected
    with open_store(tmp_path / "direct.db") as store:
        store.add_records(records)
        direct = store.counts()
        direct_entities = store.rows("SELECT name, type FROM entities ORDER BY name, type")
    report = Report()
    with open_store(tmp_path / "loaded.db") as store:
        result = load(out, store, report=report)
        again = load(out, store)  # loading twice adds nothing
        assert store.counts() == direct
        assert store.rows("SELECT name, type FROM entities ORDER BY name, type") == direct_entities
    assert result.added == len(records) and again.added == 0
    assert report.duplicates == 1 and report.read == len(records)


def test_cli_spark_then_load(tmp_path):
    from tests.conftest import SAMPLE

    shard = tmp_path / "three.jsonl"
    shard.write_text("\n".join(SAMPLE.read_text().splitlines()[:3]) + "\n", encoding="utf-8")
    out, db = tmp_path / "out.parquet", tmp_path / "kb.db"

    def run(*args):
        return subprocess.run(
            [sys.executable, "-c", "from dateline.cli import main; main()", *args],
            capture_output=True,
            timeout=600,
        )

    made = run("spark", str(shard), "-o", str(out), "--master", "local[1]")
    assert made.returncode == 0, made.stderr.decode()[-2000:]
    assert b"3 records, 0 skipped" in made.stderr
    loaded = run("load", str(out), "--db", str(db))
    assert loaded.returncode == 0, loaded.stderr.decode()[-2000:]
    assert b"3 articles added" in loaded.stderr
    missing = run("load", str(tmp_path / "nope"), "--db", str(db))
    assert missing.returncode == 2 and b"not the output of `dateline spark`" in missing.stderr
