"""Re-ingest and reannotate: known articles left out before annotation, articles an older
pipeline annotated done again (resumable), the progress bar's total."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.ingest.count import count_articles
from dateline.store import open_store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "wikinews" / "articles.jsonl"
WARC = ROOT / "tests" / "fixtures" / "ingest" / "warc" / "example.warc.gz"


def run(capsys, *args: str) -> tuple[int, str]:
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
    return code, out.err


def sample(tmp_path: Path, n: int, name: str = "in.jsonl", first: int = 0) -> Path:
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[first : first + n]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def tables(store) -> dict[str, int]:
    names = ("articles", "quotes", "mentions", "titles", "times", "quote_entities",
             "article_entities", "entity_pairs", "entity_names", "entity_titles", "datelines",
             "article_signatures", "signature_bands", "syndication")  # fmt: skip
    counts = {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in names}
    counts["live entities"] = store.scalar(
        "SELECT COUNT(*) FROM entities WHERE merged_into IS NULL AND n_articles > 0"
    )
    counts["n_quotes"] = store.scalar("SELECT SUM(n_quotes) FROM entities")
    return counts


# -- the total a progress bar gets ------------------------------------------------------------


def test_count_articles(tmp_path):
    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "a.txt").write_text("x")
    (tmp_path / "d" / "sub" / "b.html").write_text("<p>x</p>")
    (tmp_path / "d" / ".hidden.txt").write_text("x")
    lines = tmp_path / "l.jsonl"
    lines.write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}\n')
    packed = tmp_path / "l.jsonl.gz"
    packed.write_bytes(gzip.compress(lines.read_bytes()))
    feed = tmp_path / "f.rss"
    feed.write_text("<rss/>")
    assert count_articles([str(tmp_path / "d")]) == 2
    assert count_articles([str(lines), str(packed)]) == 6
    assert count_articles([str(lines), str(tmp_path / "d" / "a.txt")]) == 4
    assert count_articles([str(WARC)]) == 1  # its one response record
    for unknown in (["-"], ["https://example.com/a"], [str(feed)], [str(lines), "-"]):
        assert count_articles(unknown) is None, unknown


def test_progress_bar_has_a_total_rate_and_eta(monkeypatch):
    from dateline.cli import Progress

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    bar = Progress(False, total=4)
    assert err.getvalue() == ""  # nothing before the first item: the model loads first
    bar.advance()  # one left out before annotation
    assert list(bar(iter("abc"))) == ["a", "b", "c"]
    shown = err.getvalue().replace("\r", "\n").splitlines()[-1]
    assert "4/4" in shown and "100%" in shown and "articles/s" in shown and "<" in shown
    quiet = Tty()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert list(Progress(True, total=3)(iter("abc"))) == ["a", "b", "c"]
    assert quiet.getvalue() == ""


# -- re-ingest ----------------------------------------------------------------------------------


def test_reingest_leaves_known_articles_out_before_annotation(tmp_path, isolated_env, capsys):
    db = str(tmp_path / "kb.db")
    source = sample(tmp_path, 3)
    code, err = run(capsys, "ingest", str(source), "--db", db)
    assert code == 0 and "3 articles added" in err
    with open_store(db) as store:
        before = tables(store)
    # A model that does not exist: the run must not need one, as nothing is left to annotate.
    code, err = run(capsys, "ingest", str(source), "--db", db, "--model", "no_such_model")
    assert code == 0, err
    assert "0 articles added" in err and "(3 already there)" in err
    # The same texts under other ids (another URL) are the same articles.
    moved = tmp_path / "moved.jsonl"
    with moved.open("w") as out:
        for line in source.read_text().splitlines():
            item = json.loads(line)
            item["id"], item["url"] = "copy-" + str(item.get("id")), "https://mirror.example/x"
            out.write(json.dumps(item) + "\n")
    code, err = run(capsys, "ingest", str(moved), "--db", db, "--model", "no_such_model")
    assert code == 0 and "(3 already there)" in err
    with open_store(db) as store:
        assert tables(store) == before


def test_articles_of_another_pipeline_are_pointed_to_reannotate(tmp_path, isolated_env, capsys):
    db = str(tmp_path / "kb.db")
    source = sample(tmp_path, 2)
    run(capsys, "ingest", str(source), "--db", db)
    with open_store(db) as store:
        store.execute("UPDATE articles SET pipeline = NULL WHERE rowid = 1")
    code, err = run(capsys, "ingest", str(source), "--db", db)
    assert code == 0
    assert "1 articles in the store were annotated by another pipeline" in err
    assert f"dateline reannotate --db {db}" in err


def test_current_pipeline_is_what_the_records_carry(nlp):
    from dateline import extract
    from dateline.article import Article
    from dateline.cli.ingest import current_pipeline

    (record,) = extract([Article(text="The minister said on Monday that talks would go on.")], nlp)
    assert current_pipeline(None) == record["pipeline"]
    assert current_pipeline("no_such_model") is None


# -- reannotate ---------------------------------------------------------------------------------


def test_reannotate_redoes_only_older_articles(tmp_path, isolated_env, capsys):
    db = str(tmp_path / "kb.db")
    run(capsys, "ingest", str(sample(tmp_path, 3)), "--db", db)
    with open_store(db) as store:
        want = tables(store)
        current = store.scalar("SELECT pipeline FROM articles LIMIT 1")
        store.execute("UPDATE articles SET pipeline = '0.0.1+old' WHERE rowid <= 2")
        # The third, this pipeline's, is left alone: a mark on it stays.
        third = "(SELECT id FROM articles WHERE rowid = 3)"
        store.execute(f"UPDATE mentions SET text = 'marked' WHERE article_id = {third}")
        kept = store.scalar("SELECT COUNT(*) FROM mentions WHERE text = 'marked'")
    code, err = run(capsys, "reannotate", "--db", db, "--commit-every", "1")
    assert code == 0, err
    assert "2 articles annotated again" in err and "0 left" in err
    code, err = run(capsys, "reannotate", "--db", db)  # nothing left to do
    assert code == 0 and "0 articles annotated again" in err and "0 left" in err
    with open_store(db) as store:
        assert {r["pipeline"] for r in store.rows("SELECT pipeline FROM articles")} == {current}
        assert kept > 0
        assert store.scalar("SELECT COUNT(*) FROM mentions WHERE text = 'marked'") == kept
    code, err = run(capsys, "reannotate", "--db", db, "--model", "no_such_model")
    assert code == 2 and "cannot read the version of model" in err
    # Redoing everything gives the same store as the first ingest.
    with open_store(db) as store:
        store.execute("UPDATE articles SET pipeline = NULL")
    code, err = run(capsys, "reannotate", "--db", db)
    assert code == 0 and "3 articles annotated again" in err
    with open_store(db) as store:
        assert tables(store) == want


def test_reannotate_killed_midway_finishes_on_the_next_run(tmp_path, isolated_env, capsys):
    db = str(tmp_path / "kb.db")
    run(capsys, "ingest", str(sample(tmp_path, 12)), "--db", db)
    with open_store(db) as store:
        want = tables(store)
        store.execute("UPDATE articles SET pipeline = NULL")
    exe = shutil.which("dateline") or str(Path(sys.executable).with_name("dateline"))
    proc = subprocess.Popen(
        [exe, "-q", "reannotate", "--db", db, "--commit-every", "1", "--batch-size", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            with open_store(db) as store:
                done = store.scalar("SELECT COUNT(*) FROM articles WHERE pipeline IS NOT NULL")
            if done >= 2:
                break
            time.sleep(0.2)
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)  # no clean-up: as a power cut
    finally:
        proc.wait()
    if not killed:
        pytest.skip("reannotate finished before it could be killed")
    with open_store(db) as store:
        left = store.scalar("SELECT COUNT(*) FROM articles WHERE pipeline IS NULL")
    assert 0 < left < 12
    code, err = run(capsys, "reannotate", "--db", db)
    assert code == 0 and f"{left} articles annotated again" in err
    with open_store(db) as store:
        assert tables(store) == want
        assert store.scalar("SELECT COUNT(*) FROM articles WHERE pipeline IS NULL") == 0


def test_reingest_and_reannotate_on_postgresql(tmp_path, isolated_env, capsys, pg_server):
    from conftest import new_pg_database

    db = new_pg_database(pg_server)
    source = sample(tmp_path, 2)
    code, err = run(capsys, "ingest", str(source), "--db", db)
    assert code == 0 and "2 articles added" in err
    with open_store(db) as store:
        want = tables(store)
    code, err = run(capsys, "ingest", str(source), "--db", db, "--model", "no_such_model")
    assert code == 0 and "(2 already there)" in err
    with open_store(db) as store:
        store.execute("UPDATE articles SET pipeline = NULL")
    code, err = run(capsys, "reannotate", "--db", db, "--commit-every", "1")
    assert code == 0 and "2 articles annotated again" in err and "0 left" in err
    with open_store(db) as store:
        assert tables(store) == want
