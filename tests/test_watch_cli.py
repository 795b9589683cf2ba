"""``dateline watch`` as a process: kill -9 and resume, SIGTERM, sharing the store, health.

Every server here listens on 127.0.0.x; the watch is told to allow 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from watch_helpers import Route, Server, page, rss

pytestmark = [pytest.mark.model, pytest.mark.slow]

DATELINE = str(Path(sys.executable).with_name("dateline"))
N = 24


def story(n: int) -> bytes:
    return page(
        f"Lavrov on talks, part {n}",
        [
            f"MOSCOW - Russia's Foreign Minister Sergei Lavrov said on Monday that talks on "
            f"part {n} of the agreement with Serbia would go on for as long as needed.",
            f'"We will not give up on part {n}," Lavrov told reporters in Moscow.',
            "The talks, which began last year, have made little progress, officials in "
            "Belgrade said. Diplomats are expected to meet again next month.",
        ],
    )


@pytest.fixture()
def feed():
    with Server("127.0.0.1") as server:
        items = []
        for n in range(N):
            server.routes[f"/s/{n}"] = Route(story(n), content_type="text/html")
            items.append({"title": f"Part {n}", "link": server.url(f"/s/{n}"),
                          "description": f"Lavrov on part {n}."})  # fmt: skip
        server.routes["/feed"] = Route(rss(items), etag='"1"')
        yield server


def env() -> dict:
    values = {k: v for k, v in os.environ.items() if not k.startswith("DATELINE_")}
    values["DATELINE_HOST_DELAY"] = "0"
    return values


def watch_cmd(server: Server, db: Path, *extra: str) -> list[str]:
    return [DATELINE, "watch", server.url("/feed"), "--db", str(db), "--allow-host", "127.0.0.1",
            "--batch-size", "1", *extra]  # fmt: skip


def count(db: Path, sql: str = "SELECT COUNT(*) FROM articles") -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def wait_for(predicate, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def stored_urls(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return sorted(r[0] for r in conn.execute("SELECT url FROM articles"))


def test_kill_9_then_resume_loses_nothing_and_doubles_nothing(feed, tmp_path):
    db = tmp_path / "kb.db"
    proc = subprocess.Popen(watch_cmd(feed, db, "--once"), env=env(), stderr=subprocess.PIPE)
    wait_for(lambda: count(db) >= 1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = count(db)
    assert 1 <= partial < N, "the kill came too late to test a resume"
    done = subprocess.run(watch_cmd(feed, db, "--once"), env=env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    urls = stored_urls(db)
    assert urls == sorted(feed.url(f"/s/{n}") for n in range(N))  # all there, each once
    assert count(db, "SELECT COUNT(*) FROM watch_items") == N
    assert count(db, "SELECT SUM(versions) FROM watch_items") == N
    # Pages stored before the kill were not fetched again.
    fetched = [p for p in feed.paths() if p.startswith("/s/")]
    assert len(fetched) < 2 * N
    again = subprocess.run(watch_cmd(feed, db, "--once"), env=env(), capture_output=True, text=True)
    assert again.returncode == 0 and count(db) == N  # not due: nothing polled, nothing added


def test_sigterm_finishes_the_article_in_hand_and_exits_0(feed, tmp_path):
    db = tmp_path / "kb.db"
    proc = subprocess.Popen(
        watch_cmd(feed, db, "--every", "1m"), env=env(), stderr=subprocess.PIPE, text=True
    )
    wait_for(lambda: count(db) >= 1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopped by SIGTERM" in err
    stored = count(db)
    items = count(db, "SELECT COUNT(*) FROM watch_items WHERE article_id IS NOT NULL")
    assert stored == items >= 1  # every stored article is marked read, and only those
    done = subprocess.run(watch_cmd(feed, db, "--once"), env=env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert stored_urls(db) == sorted(feed.url(f"/s/{n}") for n in range(N))


def test_watch_shares_the_store_with_ingest_and_merge(feed, tmp_path):
    db = tmp_path / "kb.db"
    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "wikinews" / "articles.jsonl"
    proc = subprocess.Popen(
        watch_cmd(feed, db, "--every", "1m"), env=env(), stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: count(db) >= 1)
        ingest = subprocess.run(
            [DATELINE, "ingest", str(sample), "--db", str(db)],
            env=env(), capture_output=True, text=True,
        )  # fmt: skip
        assert ingest.returncode in (0, 1), ingest.stderr  # 1: a sample item skipped
        with sqlite3.connect(db) as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id LIMIT 2")]
        merge = subprocess.run(
            [DATELINE, "merge", str(ids[0]), str(ids[1]), "--db", str(db)],
            env=env(), capture_output=True, text=True,
        )  # fmt: skip
        assert merge.returncode == 0, merge.stderr
        wait_for(lambda: count(db, "SELECT COUNT(*) FROM watch_items") == N)
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "locked" not in err
    with sqlite3.connect(db) as conn:
        watched = conn.execute("SELECT COUNT(*) FROM articles WHERE url LIKE 'http://127.0.0.1:%'")
        assert watched.fetchone()[0] == N


def test_sources_lists_health(feed, tmp_path):
    db = tmp_path / "kb.db"
    feed.routes["/broken"] = Route(b"oops", status=500)
    run = subprocess.run(
        [*watch_cmd(feed, db, "--once"), feed.url("/broken")], env=env(), capture_output=True,
        text=True,
    )  # fmt: skip
    assert run.returncode == 1  # a source failed
    assert "HTTP 500" in run.stderr
    listing = subprocess.run(
        [DATELINE, "sources", "--db", str(db), "--json"], env=env(), capture_output=True, text=True
    )
    rows = {r["url"]: r for r in map(json.loads, listing.stdout.splitlines())}
    assert rows[feed.url("/broken")]["failures"] == 1
    assert "HTTP 500" in rows[feed.url("/broken")]["last_error"]
    assert rows[feed.url("/feed")]["items_seen"] == N
    table = subprocess.run(
        [DATELINE, "sources", "--db", str(db)], env=env(), capture_output=True, text=True
    ).stdout
    assert "failing x1" in table and "\nok\t" in table
