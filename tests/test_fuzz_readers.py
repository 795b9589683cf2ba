"""Fuzzing the readers: whatever the bytes, reading never raises, and every item is an
Article or a counted skip.

Bounded in CI (the ``ci`` profile: a few seconds a reader); ``bench/fuzz_readers.py``
runs the same properties under the ``bench`` profile with many more examples. The
profile is chosen by the environment variable ``HYPOTHESIS_PROFILE``.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from dateline.article import Article
from dateline.ingest import READERS, Deduplicator, ReadOptions, Report, read_stream
from dateline.ingest.language import filter_language

hsettings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hsettings.register_profile(
    "bench",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
fuzz = hsettings(hsettings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci")))

#: Kinds of skip that mean a reader broke in a way nobody foresaw (the per-source guard).
CRASH_KINDS = {"reader failed"}


def read_bytes(
    data: bytes, name: str, fmt: str | None = None, *, content: bytes | None = None
) -> tuple[list, Report]:
    """Read ``data`` as a file called ``name`` and check the invariants; ``content`` is
    what ``data`` holds once decompressed, when it differs."""
    report = Report()
    opts = ReadOptions(format=fmt, dedup=False, keep_non_english=True)
    stream = io.BufferedReader(io.BytesIO(data))
    articles = list(read_stream(stream, "fuzz", name, opts, report))
    assert all(isinstance(a, Article) and a.text.strip() for a in articles)
    assert len(articles) == report.read
    crashes = {k: v for k, v in report.skipped.items() if k in CRASH_KINDS}
    assert not crashes, crashes
    if not articles and (data if content is None else content).strip():
        assert report.n_skipped or report.passed_over, "bytes read, nothing said"
    # The stages read_sources runs after the readers take whatever they made.
    kept = list(Deduplicator().filter(filter_language(articles, report), report))
    assert len(kept) == report.read
    return articles, report


# --- strategies ---------------------------------------------------------------------------

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    | st.sampled_from(["2008-04-01", "Tue, 01 Apr 2008 10:00:00 GMT", "0001-01-01", "9999-99"])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
field_values = json_values | st.text(min_size=1)
#: Objects that look like articles: each known key present or not, with any JSON value.
article_objects = st.fixed_dictionaries(
    {},
    optional={
        k: field_values
        for k in ("text", "body", "title", "url", "published", "date", "source", "id", "language")
    },
)
#: JSON Feed items the same way.
feed_items = st.fixed_dictionaries(
    {},
    optional={
        k: field_values
        for k in (
            "id", "url", "external_url", "title", "content_html", "content_text", "summary",
            "date_published", "date_modified", "author", "authors", "language",
        )
    },
)  # fmt: skip
markup_tokens = st.sampled_from(
    [
        "<", ">", "</", "/>", "<item>", "</item>", "<entry>", "<rss version='2.0'>", "<channel>",
        "<feed xmlns='http://www.w3.org/2005/Atom'>", "<title>", "</title>", "<description>",
        "<content:encoded>", "<pubDate>", "<html>", "<body>", "<p>", "</p>", "<script>",
        "<![CDATA[", "]]>", "&amp;", "&#0;", "&#x110000;", "&bogus;", "<!DOCTYPE x [",
        "<!ENTITY a 'b'>", "]>", "<?xml version='1.0'?>", "<?xml version='1.0' encoding='utf-16'?>",
        '"', "'", "=", " ", "\n", "\x00", "\ufeff", "\u2028", "said", "The minister said.",
    ]
)  # fmt: skip
markup = st.lists(markup_tokens | st.text(max_size=10), max_size=60).map("".join)


# --- properties ---------------------------------------------------------------------------


@fuzz
@given(data=st.binary(max_size=2048), fmt=st.sampled_from([None, *READERS]))
def test_random_bytes_never_raise(data, fmt):
    read_bytes(data, "input", fmt)


@fuzz
@given(data=st.binary(max_size=1024), cut=st.integers(min_value=0, max_value=2048))
def test_random_and_cut_gzip_never_raise(data, cut):
    packed = gzip.compress(data)
    read_bytes(packed[:cut], "input.jsonl.gz", content=data if cut >= len(packed) else b"")
    read_bytes(packed[:cut], "input.txt.gz", content=data if cut >= len(packed) else b"")


@fuzz
@given(lines=st.lists(article_objects | json_values, max_size=6), junk=st.binary(max_size=20))
def test_random_json_lines_never_raise(lines, junk):
    body = b"\n".join(json.dumps(v).encode() for v in lines) + b"\n" + junk
    read_bytes(body, "input.jsonl")
    read_bytes(json.dumps(lines, indent=1).encode(), "input.json")


@fuzz
@given(items=st.lists(feed_items | json_values, max_size=5), extra=feed_items)
def test_random_json_feeds_never_raise(items, extra):
    feed = {"version": "https://jsonfeed.org/version/1.1", **extra, "items": items}
    read_bytes(json.dumps(feed).encode(), "feed.json")


@fuzz
@given(body=markup, fmt=st.sampled_from(["feed", "html", None]))
def test_random_markup_never_raises(body, fmt):
    read_bytes(body.encode("utf-8", "surrogatepass"), "page", fmt)


@fuzz
@given(
    title=st.text(max_size=30),
    text=st.text(max_size=300),
    date=st.text(max_size=30) | st.sampled_from(["Tue, 01 Apr 2008 10:00:00 GMT", "0001-01-01"]),
    encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]),
)
def test_random_rss_fields_never_raise(title, text, date, encoding):
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;")

    rss = (
        f"<?xml version='1.0' encoding='{encoding}'?><rss version='2.0'><channel><title>W</title>"
        f"<item><title>{esc(title)}</title><description>{esc(text)}</description>"
        f"<pubDate>{esc(date)}</pubDate></item></channel></rss>"
    )
    read_bytes(rss.encode(encoding, "replace"), "feed.rss")


@fuzz
@given(
    headers=st.lists(st.text(max_size=30), max_size=5),
    length=st.integers(min_value=-5, max_value=5000),
    payload=st.binary(max_size=600),
    gzipped=st.booleans(),
)
def test_random_warc_records_never_raise(headers, length, payload, gzipped):
    head = "WARC/1.0\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\n"
    head += "".join(h.replace("\r", "").replace("\n", "") + "\r\n" for h in headers)
    head += f"Content-Length: {length}\r\n\r\n"
    record = head.encode("utf-8", "replace") + b"HTTP/1.1 200 OK\r\n\r\n" + payload
    data = gzip.compress(record) if gzipped else record
    read_bytes(data, "crawl.warc.gz" if gzipped else "crawl.warc")


@fuzz
@given(
    records=st.lists(
        st.none()
        | st.text(max_size=40)
        | json_values.map(json.dumps)
        | article_objects.map(json.dumps),
        max_size=6,
    )
)
def test_random_parquet_records_never_raise(records):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from dateline.scale.parquet import read_records

    n = len(records)
    table = pa.table(
        {
            "origin": [f"in:{i}" for i in range(n)],
            "record": pa.array(records, type=pa.string()),
            "error": [None if r is not None else "failed" for r in records],
            "kind": [None if r is not None else "annotation failed" for r in records],
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        pq.write_table(table, Path(folder) / "part-0.parquet")
        report = Report()
        got = list(read_records(folder, report))
    assert all(isinstance(r, dict) for r in got)
    assert len(got) == report.read and len(got) + report.n_skipped == n
