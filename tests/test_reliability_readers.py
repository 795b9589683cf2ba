"""Issue 16, reading side: bounded memory, one bad item costs only itself, fetches end on
time, messages cannot be forged. Inputs are generated here; memory is the peak RSS of a
child process that reads them; the only server is on 127.0.0.1."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dateline.errors import ItemError
from dateline.ingest import ReadOptions, Report, read_sources
from dateline.ingest.fetch import FetchPolicy, check_url, fetch

MB = 1024 * 1024
GOOD = "The mayor said the new bridge would open next spring, after two years of work."
# The child's peak RSS is VmHWM, the high-water mark of its own address space: ru_maxrss
# would also count the parent's peak, which a vfork'd child inherits at exec.
CHILD = """
import json, re, resource, sys
from dateline.ingest import ReadOptions, Report, read_sources
report = Report()
n = sum(1 for _ in read_sources(sys.argv[1:], ReadOptions(dedup=False), report))
try:
    with open("/proc/self/status") as status:
        peak = int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1)) // 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"articles": n, "skipped": dict(report.skipped), "peak_mb": peak}))
"""


def read(sources, **opts):
    report = Report()
    articles = list(read_sources([str(s) for s in sources], ReadOptions(**opts), report))
    return articles, report


def child_read(*sources, env=None) -> dict:
    """Read ``sources`` in a fresh interpreter; its articles, skips and peak RSS (MB)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    environ.update(env or {})
    out = subprocess.run(
        [sys.executable, "-c", CHILD, *map(str, sources)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def baseline_mb(tmp_path_factory) -> int:
    """Peak RSS of a child that imports the readers and reads one small file."""
    path = tmp_path_factory.mktemp("base") / "small.jsonl"
    path.write_text(json.dumps({"text": GOOD}) + "\n")
    return child_read(path)["peak_mb"]


def write_gzip(path: Path, parts) -> None:
    """A gzip file streamed from ``parts`` (bytes chunks), never whole in memory."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as out:
        for part in parts:
            out.write(squeeze.compress(part))
        out.write(squeeze.flush())


def line(text: str = GOOD, **extra) -> bytes:
    return (json.dumps({"text": text, **extra}) + "\n").encode()


# --- one bounded reader -------------------------------------------------------------------


@pytest.fixture(scope="module")
def text_bomb(tmp_path_factory) -> Path:
    """400 MB of text in about 1 MB of gzip."""
    bomb = tmp_path_factory.mktemp("bomb") / "bomb.txt.gz"
    write_gzip(bomb, (b"All work and no play. " * 48_000 for _ in range(400)))
    assert bomb.stat().st_size < 2 * MB
    return bomb


def test_gzip_bomb_text_is_skipped_at_the_cap_not_inflated(text_bomb, baseline_mb):
    # Inflating it whole (the old _gunzip) cost 916 MB.
    got = child_read(text_bomb)
    assert got["skipped"] == {"too large": 1} and got["articles"] == 0
    # Bound: the 10 MB cap read once, decoded never; 60 MB of slack for allocator noise.
    assert got["peak_mb"] - baseline_mb < 60, got


def test_gzip_bomb_line_in_jsonl_streams_and_keeps_its_neighbours(tmp_path, baseline_mb):
    # One 300 MB JSON Lines line between good ones, in a .jsonl.gz of well under 1 MB.
    bomb = tmp_path / "bomb.jsonl.gz"
    long_line = itertools.chain([b'{"text": "'], (b"x" * MB for _ in range(300)), [b'"}\n'])
    write_gzip(bomb, itertools.chain([line()], long_line, [line("Second " + GOOD)]))
    got = child_read(bomb)
    assert got["articles"] == 2 and got["skipped"] == {"too large": 1}
    assert got["peak_mb"] - baseline_mb < 60, got


def test_endless_line_in_a_plain_file_is_drained_not_held(tmp_path, baseline_mb):
    # 64 MB with no newline after one good line; the cap is 1 MB here.
    path = tmp_path / "endless.jsonl"
    with path.open("wb") as out:
        out.write(line())
        for _ in range(64):
            out.write(b"[" * MB)
    got = child_read(path, env={"DATELINE_MAX_PAGE_BYTES": str(MB)})
    assert got["articles"] == 1 and got["skipped"] == {"too large": 1}
    assert got["peak_mb"] - baseline_mb < 32, got


@pytest.fixture(scope="module")
def news(sample_articles):
    return [a for a in sample_articles if a.get("genre") == "news" and len(a["text"]) > 1500]


def test_byte_cap_is_per_record_for_warc_not_per_archive(tmp_path, monkeypatch, news):
    from test_ingest_html import page_html
    from test_ingest_warc import news_warc

    data = news_warc(news[:6], gzip_records=False)
    path = tmp_path / "crawl.warc"
    path.write_bytes(data)
    # Each record under the cap, the archive three times over it: every page is read.
    cap = max(len(page_html(a).encode()) for a in news[:6]) + 1000
    assert len(data) > 3 * cap
    monkeypatch.setenv("DATELINE_MAX_PAGE_BYTES", str(cap))
    articles, report = read([path])
    assert len(articles) == 6 and report.skipped.get("too large", 0) == 0


# --- one per-item guard -------------------------------------------------------------------

HUGE_INT = "1" * 5000  # over Python's int_max_str_digits: json raises ValueError
DEEP = "[" * 200_000 + "]" * 200_000  # RecursionError in json's C scanner


@pytest.mark.parametrize("bad", [HUGE_INT, DEEP, "{" * 50_000], ids=["digits", "nested", "open"])
def test_jsonl_bad_value_costs_only_its_line(tmp_path, bad):
    path = tmp_path / "a.jsonl"
    good = [json.dumps({"text": f"{GOOD} Number {i}."}) for i in range(10)]
    bad_line = '{"text": "x", "id": ' + bad + "}" if bad != "{" * 50_000 else bad
    path.write_text("\n".join([*good, bad_line, json.dumps({"text": "The last one."})]) + "\n")
    articles, report = read([path])
    assert len(articles) == 11
    assert report.n_skipped == 1 and report.skipped["invalid JSON"] == 1


def test_json_array_document_bad_value_costs_only_its_element(tmp_path):
    items = [f'{{"text": "{GOOD} Number {i}."}}' for i in range(10)]
    bad = ['{"text": "deep", "x": ' + DEEP + "}", '{"text": "big", "n": ' + HUGE_INT + "}"]
    path = tmp_path / "export.json"
    path.write_text("[\n" + ",\n".join([*items, *bad, '{"text": "Last."}']) + "\n]\n")
    articles, report = read([path])
    assert len(articles) == 11 and report.skipped == {"invalid JSON": 2}


def json_feed(items: list[str]) -> str:
    head = '{"version": "https://jsonfeed.org/version/1.1", "title": "Wire", "items": ['
    return head + ",".join(items) + "]}"


@pytest.mark.parametrize("bad", [HUGE_INT, DEEP], ids=["digits", "nested"])
def test_json_feed_bad_value_costs_only_its_item(tmp_path, bad):
    items = [
        json.dumps({"id": str(i), "content_text": f"{GOOD} Item {i}.", "title": f"T{i}"})
        for i in range(10)
    ]
    bad_item = '{"id": "bad", "content_text": "x", "extra": ' + bad + "}"
    path = tmp_path / "feed.json"
    path.write_text(json_feed([*items, bad_item, json.dumps({"content_text": "Last item."})]))
    articles, report = read([path])
    assert len(articles) == 11
    assert report.skipped == {"bad entry": 1}
    assert {a.source for a in articles} == {"Wire"}  # the feed's own members survive


@pytest.mark.parametrize(
    "item",
    [
        {"content_text": GOOD, "authors": 5},
        {"content_text": GOOD, "authors": ["x", {"name": 3}]},
        {"content_text": GOOD, "url": ["not", "a", "string"], "language": 7},
        {"content_text": GOOD, "date_published": {"y": 1}},
    ],
)
def test_json_feed_item_of_odd_types_is_read_or_skipped_never_raises(tmp_path, item):
    path = tmp_path / "feed.json"
    path.write_text(json_feed([json.dumps(item), json.dumps({"content_text": "Another."})]))
    articles, report = read([path])
    assert len(articles) + report.n_skipped == 2 and len(articles) >= 1


def test_parquet_bad_record_costs_only_its_row(tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    from dateline.scale.parquet import read_records

    records = [json.dumps({"article": {"id": str(i)}}) for i in range(10)]
    records += ['{"article": {"id": ' + HUGE_INT + "}}", '{"x": ' + DEEP + "}", "[1]"]
    records.append(json.dumps({"article": {"id": "last"}}))
    n = len(records)
    table = pa.table(
        {
            "origin": [f"in.jsonl:{i}" for i in range(n)],
            "record": records,
            "error": [None] * n,
            "kind": [None] * n,
        }
    )
    out = tmp_path / "job"
    out.mkdir()
    pq.write_table(table, out / "part-0.parquet")
    (out / "part-1.parquet").write_bytes(b"PAR1 this is no parquet file PAR1")
    report = Report()
    got = list(read_records(out, report))
    assert [r["article"]["id"] for r in got] == [*map(str, range(10)), "last"]
    assert report.skipped == {"bad record": 3, "truncated file": 1}


@pytest.mark.parametrize("blank", ["", "\n\n"], ids=["first", "after-blank-lines"])
def test_broken_first_jsonl_line_keeps_the_rest(tmp_path, blank, caplog):
    path = tmp_path / "a.jsonl"
    rest = [json.dumps({"text": f"{GOOD} {i}"}) for i in range(5)]
    path.write_text(blank + '{"text": "cut off mid-wr\n' + "\n".join(rest) + "\n")
    articles, report = read([path])
    assert len(articles) == 5
    assert report.skipped == {"invalid JSON": 1}
    first = 1 + blank.count("\n")
    assert f"{path}:{first}: invalid JSON" in caplog.text
    assert articles[0].origin == f"{path}:{first + 1}"


def test_pretty_printed_document_is_still_one_document(tmp_path):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps([{"text": GOOD}, {"text": "Second " + GOOD}], indent=2))
    articles, report = read([path])
    assert len(articles) == 2 and report.n_skipped == 0


def test_cut_jsonl_gz_keeps_what_came_before_the_cut(tmp_path):
    rows = b"".join(line(f"{GOOD} Story {i} " + "word " * 40) for i in range(40))
    packed = gzip.compress(rows)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    articles, report = read([path])
    assert 10 <= len(articles) < 40
    assert report.skipped == {"truncated file": 1}


# --- fetching -----------------------------------------------------------------------------


class Drip(BaseHTTPRequestHandler):
    """Routes that misbehave: a body dripped a byte at a time, headers dripped, a
    redirect loop, a body with no declared length over the cap."""

    bomb = b""

    def do_GET(self):  # noqa: N802 - the http.server API
        if self.path == "/bomb.txt.gz":
            self.send_response(200)
            self.send_header("Content-Type", "application/gzip")
            self.send_header("Content-Length", str(len(Drip.bomb)))
            self.end_headers()
            self.wfile.write(Drip.bomb)
        elif self.path == "/short":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"only ten b")
            self.close_connection = True
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "400")
            self.end_headers()
            for _ in range(400):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        elif self.path == "/drip-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for _ in range(100):
                self.wfile.write(b"X-Slow: y\r\n")
                self.wfile.flush()
                time.sleep(0.05)
        elif self.path.startswith("/loop"):
            self.send_response(302)
            self.send_header("Location", f"/loop{len(self.path)}")
            self.end_headers()
        elif self.path == "/unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"y" * 1000)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client hung up on purpose


@pytest.fixture(scope="module")
def drip():
    server = QuietServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_gzip_bomb_over_http_is_inflated_as_it_is_read(text_bomb, drip, baseline_mb):
    Drip.bomb = text_bomb.read_bytes()  # 1 MB on the wire, 400 MB inflated
    got = child_read(drip + "/bomb.txt.gz")
    assert got["skipped"] == {"too large": 1} and got["articles"] == 0
    assert got["peak_mb"] - baseline_mb < 60, got


@pytest.mark.parametrize(
    ("cut", "whole"), [(None, True), (-3, False), (1 / 3, False)], ids=["whole", "end", "third"]
)
def test_gzip_watch_tells_a_cut_stream_in_bounded_pieces(cut, whole):
    from dateline.ingest.warc import _GzipWatch

    # A member that inflates to five of the watch's pieces, then a small one.
    data = gzip.compress(b"a" * (5 * MB)) + gzip.compress(b"tail")
    if cut is not None:
        data = data[:cut] if cut < 0 else data[: int(len(data) * cut)]
    watch = _GzipWatch(io.BytesIO(data))
    while watch.read(8192):
        pass
    assert watch.complete() is whole


@pytest.mark.parametrize("path", ["/drip", "/drip-headers"])
def test_fetch_deadline_is_total_not_per_read(drip, path):
    # Each byte comes well within any per-read timeout; the whole takes 5 s or more.
    started = time.monotonic()
    with pytest.raises(ItemError, match="timed out"):
        fetch(drip + path, timeout=1.0)
    assert time.monotonic() - started < 2.5


def test_timed_out_fetch_stores_nothing_and_the_run_goes_on(drip, monkeypatch):
    monkeypatch.setenv("DATELINE_FETCH_TIMEOUT", "1")
    articles, report = read([drip + "/drip", drip + "/loop"])
    assert articles == [] and report.skipped == {"fetch failed": 2}


def test_body_short_of_its_content_length_is_refused(drip):
    with pytest.raises(ItemError, match="closed after 10 of 1,000 bytes"):
        fetch(drip + "/short", timeout=5)


def test_redirect_cap_is_the_setting(drip, monkeypatch):
    monkeypatch.setenv("DATELINE_MAX_REDIRECTS", "2")
    with pytest.raises(ItemError, match=r"too many redirects \(more than 2\)"):
        fetch(drip + "/loop")


def test_body_without_declared_length_is_cut_at_the_cap(drip):
    policy = FetchPolicy(deadline=5, max_bytes=10_000, max_redirects=0)
    with pytest.raises(ItemError, match="over 10,000 bytes"):
        fetch(drip + "/unsized", policy=policy)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1", "malformed URL"),
        ("http://", "no host"),
        ("http://exa mple.org/", "white space"),
        ("http://example.org:99999/", "malformed URL"),
        ("https://example.org/\nHost: evil", "control characters"),
        ("ftp://example.org/", "not an http/https URL"),
    ],
)
def test_malformed_urls_are_refused_before_connecting(url, reason):
    with pytest.raises(ItemError, match=re.escape(reason)):
        check_url(url)


@pytest.mark.parametrize(
    ("url", "host", "port"),
    [
        ("http://[::1]/x", "::1", 80),
        ("https://[::1]:8443/", "::1", 8443),
        ("http://a.b/", "a.b", 80),
    ],
)
def test_connection_goes_to_the_host_and_port_of_the_url(url, host, port):
    from dateline.ingest.fetch import _connection

    conn = _connection(check_url(url), 1.0)  # nothing is connected yet
    assert (conn.host, conn.port) == (host, port)


def test_malformed_url_is_a_one_line_skip(caplog):
    articles, report = read(["http://[::1"])
    assert articles == [] and report.skipped == {"fetch failed": 1}
    (message,) = [r.getMessage() for r in caplog.records if r.name == "dateline.ingest"]
    assert "\n" not in message and "malformed URL" in message


# --- messages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a\nskipped fake: forged\x1b[2K\u2028.bin", "a\\nskipped fake: forged\\x1b[2K\\u2028.bin"),
        (os.fsdecode(b"caf\xe9\r.bin"), "caf\\udce9\\r.bin"),  # not UTF-8: a lone surrogate
        ("plain.bin", "plain.bin"),
    ],
)
def test_control_characters_in_names_cannot_forge_lines(tmp_path, caplog, name, shown):
    (tmp_path / name).write_bytes(bytes(range(256)) * 4)
    caplog.set_level(logging.WARNING, "dateline.ingest")
    _, report = read([tmp_path])
    assert report.skipped == {"binary file": 1}
    (message,) = [r.getMessage() for r in caplog.records if r.name == "dateline.ingest"]
    assert message.isprintable() and message.encode("utf-8")  # one line, valid UTF-8
    assert shown in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_folder_walk_reports_fifos_and_symlink_loops(tmp_path):
    (tmp_path / "story.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "pipe")  # opening it would wait for a writer forever
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a loop back to the top
    (tmp_path / "self").symlink_to(tmp_path / "self")  # a link to itself
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    articles, report = read([tmp_path])
    assert len(articles) == 1
    assert report.skipped == {"unreadable": 4}


def test_folder_walk_reports_unreadable_subfolders(tmp_path, monkeypatch, caplog):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text("Never read.")
    real = os.scandir

    def scandir(path):  # root reads any folder, so the refusal is simulated
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    articles, report = read([tmp_path])
    assert len(articles) == 1 and report.skipped == {"unreadable": 1}
    assert "cannot read folder (Permission denied)" in caplog.text


def test_folder_walk_reports_a_really_unreadable_subfolder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who reads any folder (root)")
        _, report = read([tmp_path])
    finally:
        locked.chmod(0o755)
    assert report.skipped == {"unreadable": 1}


def test_damaged_warc_makes_one_message_per_bad_item_and_nothing_raw(tmp_path, capfd, caplog, news):
    from test_ingest_warc import news_warc

    data = news_warc(news[:3], gzip_records=False)
    # Shrink the first response's Content-Length: warcio then complains line by line.
    match = re.search(rb"WARC-Type: response.*?Content-Length: (\d+)\r\n", data, re.S)
    short = str(int(match.group(1)) - 500).encode()
    path = tmp_path / "damaged.warc"
    path.write_bytes(data[: match.start(1)] + short + data[match.end(1) :])
    caplog.set_level(logging.WARNING, "dateline.ingest")
    _, report = read([path])
    assert capfd.readouterr().err == ""
    damaged = [r.getMessage() for r in caplog.records if "damaged archive data" in r.getMessage()]
    assert damaged and len(damaged) == report.warnings["corrupt record"]
    assert len({m.split(":")[0] for m in damaged}) == len(damaged)  # one per item


# --- encodings ----------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_with_a_bom_is_read(tmp_path, encoding):
    body = "“We will go on,” the minister said on Tuesday. " * 5
    data = body.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    (article,), report = read([path])
    assert article.text == body and report.warnings == {}


def test_utf16_html_page_is_read(tmp_path, news):
    from test_ingest_html import page_html

    path = tmp_path / "page"  # no extension: sniffed
    path.write_bytes(page_html(news[0]).encode("utf-16"))
    (article,), _ = read([path])
    assert article.title == news[0]["title"]


def test_utf16_without_bom_is_still_binary(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("plain words".encode("utf-16-le") + bytes(range(32)) * 10)
    _, report = read([path])
    assert report.skipped == {"binary file": 1}
