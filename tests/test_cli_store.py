"""The knowledge-base commands: ingest, quotes, entities, timeline, network, show, summary,
export, merge, split; and their bad-input messages (one line, no traceback)."""

from __future__ import annotations

import csv
import io
import json
import socket
import sqlite3
import sys
from pathlib import Path

import pytest

from dateline.store import open_store
from store_records import lavrov, record

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "wikinews" / "articles.jsonl"


def run(capsys, *args: str) -> tuple[int, str, str]:
    from dateline.cli import main

    old = sys.argv
    sys.argv = ["dateline", *args]
    try:
        main()
        code = 0
    except SystemExit as exit_:
        code = exit_.code or 0
    finally:
        sys.argv = old
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out, out.err


@pytest.fixture()
def db(tmp_path, isolated_env):
    path = tmp_path / "kb.db"
    text = 'Ban Ki-moon said "Talks must go on." Sergei Lavrov met him.'
    with open_store(path) as store:
        store.add_records(
            [
                lavrov("a1", published="2008-04-01"),
                lavrov("a2", published="2008-06-01"),
                record(
                    "b1",
                    text,
                    entities=[("Ban Ki-moon", "PERSON", ["Ban Ki-moon"], ["UN Secretary General"]),
                              ("Sergei Lavrov", "PERSON", ["Sergei Lavrov"], [])],
                    quotes=[{"content": "Talks must go on.", "speaker": 0, "cue": "said"}],
                    published="2008-05-01",
                ),
            ]
        )  # fmt: skip
    return str(path)


def test_quotes_table_json_csv(capsys, db):
    code, out, _ = run(capsys, "quotes", "--db", db, "--speaker", "Sergey Lavrov")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["date", "speaker", "kind", "act", "text", "outlet", "article"]
    assert len(lines) == 4 and lines[2].startswith("2008-06-01  Sergei Lavrov  direct")
    code, out, _ = run(capsys, "quotes", "--db", db, "--about", "Kosovo", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and [r["article"] for r in rows] == ["a2", "a1"]
    code, out, _ = run(capsys, "quotes", "--db", db, "--text", "talks", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["speaker"], r["text"]) for r in rows] == [("Ban Ki-moon", "Talks must go on.")]


def test_timeline_entities_network_show_summary(capsys, db):
    code, out, _ = run(capsys, "timeline", "Lavrov", "--db", db, "--format", "json")
    assert code == 0 and [r["date"] for r in json.loads(out)] == ["2008-04-01", "2008-06-01"]
    code, out, _ = run(capsys, "entities", "--db", db, "--type", "PERSON", "--format", "json")
    rows = json.loads(out)
    assert [r["name"] for r in rows] == ["Sergei Lavrov", "Ban Ki-moon"]
    assert rows[1]["titles"][0]["title"] == "UN Secretary General"
    code, out, _ = run(capsys, "network", "Ban Ki-moon", "--db", db)
    assert code == 0 and "Sergei Lavrov" in out
    code, out, _ = run(capsys, "show", "b1", "--db", db)
    assert code == 0 and "Ban Ki-moon: “Talks must go on.”" in out
    code, out, _ = run(capsys, "summary", "--db", db)
    assert code == 0 and out.startswith("3 articles (2008-04-01 to 2008-06-01)")
    assert "Timeline of Sergei Lavrov:" in out


def test_export_formats(capsys, db, tmp_path):
    code, _, err = run(capsys, "export", str(tmp_path / "r.jsonl"), "--db", db)
    assert code == 0 and "wrote 3 rows" in err
    code, _, _ = run(capsys, "export", str(tmp_path / "t"), "--db", db, "--format", "parquet",
                     "--table", "quotes")  # fmt: skip
    import pyarrow.parquet as pq

    assert code == 0 and pq.read_table(tmp_path / "t" / "quotes.parquet").num_rows == 3
    assert not (tmp_path / "t" / "articles.parquet").exists()


def test_merge_and_split_commands(capsys, db):
    with open_store(db) as store:
        ban, lav = (store.scalar("SELECT id FROM entities WHERE name = ?", (n,))
                    for n in ("Ban Ki-moon", "Sergei Lavrov"))  # fmt: skip
    code, out, _ = run(capsys, "merge", str(lav), str(ban), "--db", db)
    assert code == 0 and "into 'Sergei Lavrov'" in out
    code, out, _ = run(capsys, "split", str(lav), "Ban Ki-moon", "--db", db)
    assert code == 0 and "split 'Ban Ki-moon' off" in out
    code, _, err = run(capsys, "split", str(lav), "Nobody", "--db", db)
    assert code == 2 and "its names are" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["quotes", "--speaker", "Vladimir Putin"], "no speaker in the knowledge base matches"),
        (["quotes", "--since", "2009-01-01", "--until", "2008-01-01"], "date range is empty"),
        (["quotes", "--since", "last week"], "not a date in YYYY-MM-DD form"),
        (["timeline", "Lavrof"], "did you mean 'Sergei Lavrov'"),
        (["show", "zzz"], "no article with id 'zzz'"),
        (["merge", "1", "999"], "no entity with id 999"),
    ],
)
def test_bad_requests_are_one_line_errors(capsys, db, args, message):
    code, out, err = run(capsys, *args, "--db", db)
    assert code == 2 and message in err and err.startswith("dateline: error:")
    assert len(err.strip().splitlines()) == 1


def test_empty_results_are_not_errors(capsys, db):
    code, out, err = run(capsys, "quotes", "--db", db, "--kind", "indirect")
    assert code == 0 and out == "" and "no quotes match" in err
    code, out, _ = run(capsys, "quotes", "--db", db, "--kind", "indirect", "--format", "json")
    assert json.loads(out) == []


def test_missing_store(capsys, tmp_path, isolated_env):
    code, _, err = run(capsys, "quotes", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no knowledge base at" in err and "dateline ingest" in err
    assert not (tmp_path / "none.db").exists()


def test_newer_schema(capsys, db):
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO _dateline_migrations VALUES ('m099_future', 'x')")
    for args in (["quotes"], ["ingest", str(SAMPLE)]):
        code, _, err = run(capsys, *args, "--db", db)
        assert code == 2 and "written by a newer Dateline" in err


def test_locked_store(capsys, db, monkeypatch):
    import dateline.store.db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "merge", "1", "2", "--db", db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 2 and "locked by another writer" in err


def test_postgres_down(capsys, isolated_env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://dateline:pw@127.0.0.1:{port}/news"
    for args in (["ingest", str(SAMPLE)], ["quotes"]):
        code, _, err = run(capsys, *args, "--db", url)
        assert code == 2 and "cannot connect to PostgreSQL" in err and ":pw@" not in err


@pytest.mark.model
def test_ingest_real_articles_twice(capsys, tmp_path, isolated_env):
    sample = tmp_path / "three.jsonl"
    sample.write_text("".join(SAMPLE.read_text(encoding="utf-8").splitlines(True)[:3]))
    db = str(tmp_path / "real.db")
    code, _, err = run(capsys, "ingest", str(sample), "--db", db)
    assert code == 0 and "3 articles added" in err and "3 read, 0 skipped" in err
    code, _, err = run(capsys, "ingest", str(sample), "--db", db)
    assert code == 0 and "0 articles added" in err and "(3 already there)" in err
    with open_store(db, readonly=True) as store:
        counts = store.counts()
        assert counts["articles"] == 3 and counts["entities"] > 10
        speakers = store.scalar("SELECT COUNT(*) FROM quotes WHERE speaker_id IS NOT NULL")
        assert speakers == store.scalar(
            "SELECT COUNT(*) FROM quotes WHERE speaker_local IS NOT NULL"
        )
    code, out, _ = run(capsys, "summary", "--db", db)
    assert code == 0 and out.startswith("3 articles")
