"""Crash safety: an ingest killed with SIGKILL mid-run, then run again, equals a clean run."""

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

from dateline.store import open_store
from store_records import lavrov, record

ROOT = Path(__file__).resolve().parents[1]
N = 240
BATCH = 20

# The child ingests RECORDS into DB, slowing each insert so that kills land inside
# open transactions, and prints the running total after each commit.
CHILD = """
import json, sys, time
from dateline.store import ingest, open_store
ingest_module = sys.modules["dateline.store.ingest"]

real = ingest_module.insert_record
def slow(*args):
    time.sleep(0.004)
    return real(*args)
ingest_module.insert_record = slow

records = (json.loads(line) for line in open(sys.argv[1]))
with open_store(sys.argv[2]) as store:
    ingest(records, store, batch_size=int(sys.argv[3]),
           on_batch=lambda r: print(r.added, flush=True))
print("done", flush=True)
"""


def corpus() -> list[dict]:
    out = []
    for i in range(N):
        if i % 3 == 0:
            out.append(lavrov(f"a{i}", published=f"2008-{1 + i % 12:02d}-{1 + i % 28:02d}"))
        else:
            name = f"Person{i % 17} Example"
            text = f'{name} said "Number {i} is fine." in Town{i % 5}.'
            out.append(
                record(
                    f"a{i}",
                    text,
                    entities=[(name, "PERSON", [name], []), (f"Town{i % 5}", "GPE",
                              [f"Town{i % 5}"], [])],
                    quotes=[{"content": f"Number {i} is fine.", "speaker": 0, "cue": "said"}],
                )
            )  # fmt: skip
    return out


def snapshot(db: Path) -> dict:
    """Every table's content (ids aside), comparable between two stores."""
    with open_store(db, readonly=True) as store:
        return {
            "articles": store.rows("SELECT id, text FROM articles ORDER BY id"),
            "entities": store.rows(
                "SELECT name, type, n_articles, n_mentions, n_quotes FROM entities ORDER BY id"
            ),
            "links": store.rows(
                "SELECT ae.article_id, ae.local_id, e.name FROM article_entities ae "
                "JOIN entities e ON e.id = ae.entity_id ORDER BY 1, 2"
            ),
            "mentions": store.scalar("SELECT COUNT(*) FROM mentions"),
            "quotes": store.rows(
                "SELECT q.article_id, q.local_id, q.text, e.name FROM quotes q "
                "LEFT JOIN entities e ON e.id = q.speaker_id ORDER BY 1, 2"
            ),
            "about": store.scalar("SELECT COUNT(*) FROM quote_entities"),
            "fts": store.scalar("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH 'fine'"),
        }


def run_child(records: Path, db: Path, kill_at: int | None) -> list[str]:
    """Run the child to the end, or SIGKILL it a little after its ``kill_at``-th commit
    (inside the next batch's open transaction)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(records), str(db), str(BATCH)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    if kill_at is None:
        out, _ = proc.communicate(timeout=120)
        return out.split()
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if len(lines) >= kill_at:
            break
    time.sleep(0.03)  # about a third of a batch: mid-transaction
    proc.send_signal(signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    return lines + rest.split()


@pytest.mark.slow
def test_killed_ingest_resumes_to_the_same_store_as_a_clean_run(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in corpus()))
    clean = tmp_path / "clean.db"
    assert run_child(records, clean, None)[-1] == "done"
    expected = snapshot(clean)
    assert len(expected["articles"]) == N

    db = tmp_path / "killed.db"
    committed = []
    for kill_at in (1, 2, 3):
        out = run_child(records, db, kill_at)
        assert "done" not in out, "the child finished before it was killed: slow it more"
        # The store is consistent after each kill: whole batches only, nothing torn.
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        orphans = conn.execute(
            "SELECT COUNT(*) FROM quotes WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        conn.close()
        assert n % BATCH == 0 and orphans == 0
        assert n >= (int(out[-1]) if out else 0)  # every reported commit survived
        committed.append(n)
    assert committed[-1] < N
    assert run_child(records, db, None)[-1] == "done"
    assert snapshot(db) == expected  # no duplicate, no loss


@pytest.mark.slow
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)  # SQLite: the test above
def test_killed_ingest_resumes_on_postgres(tmp_path, store_url):
    """The same guarantee on PostgreSQL, through the shared ``store_url`` fixture: a child
    ingest killed inside an open transaction, then a resumed run (in this process) equal to
    a clean run on SQLite."""
    from dateline.store import ingest

    small = corpus()[:80]
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in small))
    clean = tmp_path / "clean.db"
    with open_store(clean) as store:
        ingest(small, store, batch_size=BATCH)
    out = run_child(records, store_url, 2)
    assert "done" not in out, "the child finished before it was killed: slow it more"
    with open_store(store_url) as store:
        n = store.scalar("SELECT COUNT(*) FROM articles")
        orphans = store.scalar(
            "SELECT COUNT(*) FROM mentions WHERE article_id NOT IN (SELECT id FROM articles)"
        )
        assert n % BATCH == 0 and orphans == 0 and int(out[-1]) <= n < len(small)
        assert ingest(small, store, batch_size=BATCH).added == len(small) - n
    assert _portable_snapshot(store_url) == _portable_snapshot(clean)


def _portable_snapshot(url) -> dict:
    with open_store(url, readonly=True) as store:
        return {
            "articles": store.rows("SELECT id, text FROM articles ORDER BY id"),
            "entities": store.rows(
                "SELECT name, type, n_articles, n_mentions, n_quotes FROM entities "
                "ORDER BY name, type"
            ),
            "quotes": store.rows(
                "SELECT q.article_id, q.local_id, q.text, e.name FROM quotes q "
                "LEFT JOIN entities e ON e.id = q.speaker_id ORDER BY 1, 2"
            ),
            "mentions": store.scalar("SELECT COUNT(*) FROM mentions"),
        }
