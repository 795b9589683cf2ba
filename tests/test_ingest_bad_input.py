"""One batch of every kind of bad input: each item named, skipped and counted; the batch goes on."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from dateline.ingest import ReadOptions, Report, read_sources
from test_ingest_html import page_html
from test_ingest_warc import news_warc

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def news(sample_articles):
    return [a for a in sample_articles if a.get("genre") == "news" and len(a["text"]) > 1500][:4]


@pytest.fixture()
def batch(tmp_path, news):
    """A folder of good and bad inputs; returns (folder, {file name: skip kind or None})."""
    files = {
        "good.html": (page_html(news[0]).encode("utf-8"), None),
        "good-copy.htm": (page_html(news[0]).encode("utf-8"), "duplicate"),
        "illformed.xml": ((FIXTURES / "feedparser" / "aaa_illformed.xml").read_bytes(), "ill"),
        "cut.warc.gz": (news_warc(news[1:3])[:-4000], "truncated file"),
        "image.bin": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "binary file"),
        "empty.html": (b"", "empty article"),
        "nav.html": (b"<html><body><nav><a href='/'>Home</a> <a href='/x'>X</a></nav>", "no art"),
        "huge.txt": (b"All work and no play. " * 1_000_000, "too large"),
        "broken.txt.gz": (gzip.compress(news[3]["text"].encode())[:-50], "truncated file"),
        "latin1.txt": (
            ("Le ministre a déclaré à la presse que la réunion était reportée. " * 3).encode(
                "latin-1"
            ),
            "not English",
        ),
    }
    for name, (data, _) in files.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path, {name: kind for name, (_, kind) in files.items()}


def test_every_bad_item_is_named_skipped_and_counted(batch, news, caplog):
    folder, expected = batch
    report = Report()
    articles = list(read_sources([str(folder)], ReadOptions(), report))
    titles = [a.title for a in articles]
    assert news[0]["title"] in titles and news[1]["title"] in titles  # before the WARC's cut
    assert report.duplicates == 1
    assert report.skipped["too large"] == 1
    assert report.skipped["binary file"] == 1
    assert report.skipped["empty article"] == 1
    assert report.skipped["no article"] == 1
    assert report.skipped["ill-formed feed"] == 1
    assert report.skipped["not English"] == 1
    assert report.skipped["truncated file"] == 2  # the .gz text and the cut WARC
    assert report.warnings["encoding guessed"] == 1  # latin1.txt, then found to be French
    for name, kind in expected.items():
        if kind not in (None, "duplicate"):
            assert name in caplog.text, name
    line = report.summary()
    assert line.startswith(f"{report.read} read, {report.n_skipped} skipped (")
    assert "too large: 1" in line and "1 duplicates" in line


def test_cli_exit_code_and_summary_line(batch):
    """A command reading the batch the way every dateline command does ends with the summary."""
    import click
    from click.testing import CliRunner

    from dateline.cli import _finish, _read_options, reading_options

    @click.command()
    @click.argument("paths", nargs=-1)
    @reading_options
    def probe(paths, date, source, fields, fmt):
        report = Report()
        for _ in read_sources(paths, _read_options(date, source, fields, fmt), report):
            pass
        _finish(report, quiet=False)

    folder, _ = batch
    result = CliRunner().invoke(probe, [str(folder)])
    assert result.exit_code == 1  # some items were skipped
    (line,) = [
        x for x in result.stderr.splitlines() if x.startswith("dateline: ") and " read, " in x
    ]
    assert "skipped (" in line and "1 duplicates" in line and "too large: 1" in line
