"""WARC and ARC: HTML responses become articles; other records and broken archives counted.

News WARCs are written at test time with warcio from pages built out of the
Wikinews sample; warcio's and resiliparse's own (partly broken) samples ship in
tests/fixtures/ingest/warc (Apache-2.0).
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.ingest import ReadOptions, Report, read_sources
from dateline.ingest.warc import sniff_warc
from test_ingest_html import page_html

FIXTURES = Path(__file__).parent / "fixtures" / "ingest" / "warc"
CRAWL_DATE = "2016-03-04T05:06:07Z"


def read(paths, **opts):
    report = Report()
    articles = list(read_sources([str(p) for p in paths], ReadOptions(**opts), report))
    return articles, report


def response(writer, url, body: bytes, content_type="text/html; charset=utf-8", status="200 OK"):
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": CRAWL_DATE},
    )
    writer.write_record(record)


def news_warc(news, gzip_records=True) -> bytes:
    """warcinfo, then per article a request and a response; an image and a 404 too."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip_records)
    writer.write_record(writer.create_warcinfo_record("news.warc", {"software": "test"}))
    for i, art in enumerate(news):
        url = f"https://news.example.org/story/{i}"
        request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1"))
        writer.write_record(request)
        # The first page declares no date: the WARC-Date stands in for it.
        body = page_html(art, date_in="none" if i == 0 else "json-ld", canonical=url)
        response(writer, url, body.encode("utf-8"))
    response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n", "image/png")
    response(writer, "https://news.example.org/gone", b"<html>gone</html>", status="404 Not Found")
    return out.getvalue()


@pytest.fixture(scope="module")
def news(sample_articles):
    return [a for a in sample_articles if a.get("genre") == "news" and len(a["text"]) > 1500][:3]


@pytest.mark.parametrize("gzip_records", [True, False], ids=["warc.gz", "warc"])
def test_news_warc(tmp_path, news, gzip_records):
    path = tmp_path / ("news.warc.gz" if gzip_records else "news.warc")
    path.write_bytes(news_warc(news, gzip_records))
    articles, report = read([path])
    assert [a.title for a in articles] == [a["title"] for a in news]
    assert [a.url for a in articles] == [f"https://news.example.org/story/{i}" for i in range(3)]
    first, second, _ = articles
    assert (first.published, first.meta["date_source"]) == ("2016-03-04", "warc-date")
    assert (second.published, second.meta["date_source"]) == (news[1]["date"], "json-ld")
    assert first.meta["warc_date"] == CRAWL_DATE
    assert first.origin.startswith(f"{path}#") and first.origin != second.origin
    # warcinfo + 3 requests + an image + a 404
    assert report.read == 3 and report.n_skipped == 0
    assert report.passed_over == {"not an HTML response": 6}


def test_warc_sniffed_when_gzipped_without_extension(tmp_path, news):
    (tmp_path / "crawl").write_bytes(news_warc(news[:1]))
    articles, _ = read([tmp_path / "crawl"])
    assert [a.title for a in articles] == [news[0]["title"]]


def test_truncated_warc_keeps_what_came_before_the_break(tmp_path, news):
    whole = news_warc(news, gzip_records=False)
    cut = whole.index(b"WARC-Type: response", whole.index(news[2]["title"][:20].encode()) - 2000)
    (tmp_path / "cut.warc").write_bytes(whole[: cut + 3000])  # stops inside the 3rd response
    articles, report = read([tmp_path / "cut.warc"])
    assert [a.title for a in articles][:2] == [news[0]["title"], news[1]["title"]]
    # warcinfo and requests are passed over; the cut record is skipped, never raised
    assert sum(report.passed_over.values()) >= 4


@pytest.mark.parametrize("keep", [0.66, 0.9, 0.99])
def test_truncated_gzip_warc_is_reported(tmp_path, news, keep):
    whole = news_warc(news)
    (tmp_path / "cut.warc.gz").write_bytes(whole[: int(len(whole) * keep)])
    articles, report = read([tmp_path / "cut.warc.gz"])
    assert 1 <= len(articles) <= 3
    assert report.skipped["truncated file"] == 1


def test_whole_gzip_warc_is_not_reported_as_truncated(tmp_path, news):
    (tmp_path / "whole.warc.gz").write_bytes(news_warc(news))
    _, report = read([tmp_path / "whole.warc.gz"])
    assert "truncated file" not in report.skipped and not report.warnings


@pytest.mark.parametrize(
    ("name", "read_count", "skipped", "passed_over"),
    [
        ("example.warc.gz", 0, {"no article": 1}, 5),
        ("example.arc", 0, {"no article": 1}, 1),
        ("example-trunc.warc", 0, {"no article": 1}, 3),
        ("example-wrong-chunks.warc.gz", 0, {"no article": 1, "truncated file": 1}, 0),
        ("example-bad-non-chunked.warc.gz", 0, {"truncated file": 1}, 1),
    ],
)
def test_warcio_samples_never_raise(name, read_count, skipped, passed_over):
    # example.com's page is two sentences: read, then skipped as no article.
    articles, report = read([FIXTURES / name])
    assert len(articles) == read_count == report.read
    assert dict(report.skipped) == skipped
    assert sum(report.passed_over.values()) == passed_over


def test_clipped_common_crawl_record_still_gives_its_article():
    (article,), report = read([FIXTURES / "clipped.warc.gz"])
    assert article.url.startswith("http://www.houstonpress.com/music/")
    assert article.published == "2016-10-17"
    assert "Chance The Rapper" in article.text
    # Its payload is shorter than its Content-Length and its gzip member is cut: both said.
    assert report.warnings == {"cut record": 1} and report.skipped == {"truncated file": 1}


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (b"filedesc://example.arc 127.0.0.1 20140216050221 text/plain 75\n", "warc"),
        (b"<html>", None),
        (gzip.compress(b"WARC/1.0\r\n")[:10], None),
    ],
)
def test_sniff_warc(head, expected):
    assert sniff_warc(head) == expected
