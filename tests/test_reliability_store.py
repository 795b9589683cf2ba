"""Issue 16, store side: each input that used to end in a traceback, a 500, a leaked secret
or a wrong answer, with the behaviour that replaced it. One test per class of failure."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from dateline import query, settings
from dateline.errors import ModelNotFound, UsageError, printable
from dateline.kb import merge
from dateline.query import UnknownEntity
from dateline.store import StoreLocked, StoreUnavailable, ingest, open_store
from dateline.store.db import MAX_ID, like_escape, redact, row_id, to_pyformat
from dateline.store.export import ExportError, export, json_line
from dateline.web import create_app
from store_records import LAVROV_TEXT, lavrov, record
from test_cli_store import run

ROOT = Path(__file__).resolve().parents[1]
TOO_BIG = str(2**63)  # one past the largest id either backend can hold

# -- 1. SQL text is never read as a placeholder (PostgreSQL) ----------------------------------


@pytest.mark.parametrize(
    ("portable", "expected"),
    [
        ("SELECT 1 WHERE key LIKE 'p:%' AND id = ?", "SELECT 1 WHERE key LIKE 'p:%%' AND id = %s"),
        ("SELECT ?, ?", "SELECT %s, %s"),
        ("SELECT '?' || ?", "SELECT '?' || %s"),  # a "?" inside a literal is text
        ("SELECT 'it''s 100%'", "SELECT 'it''s 100%%'"),
        ('SELECT "a%b" FROM t', 'SELECT "a%%b" FROM t'),
        ("SELECT %s", "SELECT %%s"),  # psycopg syntax in portable SQL is literal text
        ("SELECT 1", "SELECT 1"),
    ],
)
def test_portable_sql_to_psycopg(portable, expected):
    assert to_pyformat(portable) == expected


def _wire(aid: str, text: str, name: str, surfaces: list[str], titles: list[str]) -> dict:
    return record(aid, text, entities=[(name, "PERSON", surfaces, titles)])


def test_a_bare_surname_after_a_full_name_on_both_backends(store_url):
    """Two wire stories: the second names the minister by surname and title only; the
    resolver's surname path (a LIKE 'p:%' query) used to crash PostgreSQL ingests."""
    first = _wire(
        "w1", LAVROV_TEXT, "Sergei Lavrov", ["Sergei Lavrov", "Lavrov"], ["Foreign Minister"]
    )
    text = "Foreign Minister Lavrov said talks would go on."
    second = _wire("w2", text, "Lavrov", ["Lavrov"], ["Foreign Minister"])
    unrelated = _wire("w3", "Mr. Smith said nothing.", "Smith", ["Smith"], ["Mr."])
    with open_store(store_url) as store:
        assert store.add_records([first]) == 1
        assert store.add_records([second, unrelated]) == 2
        ids = [r["entity_id"] for r in store.rows(
            "SELECT entity_id FROM article_entities ORDER BY article_id")]  # fmt: skip
    assert ids[0] == ids[1] != ids[2]


def test_fresh_store_opened_by_many_at_once(store_url):
    """Concurrent first use: every opener waits for one migration run, none fails."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_it() -> None:
        try:
            barrier.wait()
            open_store(store_url).close()
        except BaseException as err:  # noqa: BLE001 - collected and asserted below
            errors.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with open_store(store_url) as store:
        names = [r["name"] for r in store.rows("SELECT name FROM _dateline_migrations")]
    assert len(names) == len(set(names)) >= 3


# -- 3. one line, not a traceback ---------------------------------------------------------------


@pytest.fixture()
def kb(tmp_path, isolated_env) -> str:
    path = tmp_path / "kb.db"
    with open_store(path) as store:
        store.add_records([lavrov("a1"), lavrov("a_2"), lavrov("ab3")])
    return str(path)


def _one_line(err: str) -> bool:
    return len(err.strip().splitlines()) == 1 and err.startswith("dateline: error:")


@pytest.mark.parametrize("command", [["summary"], ["quotes"], ["merge", "1", "2"]])
def test_a_file_that_is_not_a_database(capsys, tmp_path, isolated_env, command):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are my notes, not a database\n" * 200)
    code, _, err = run(capsys, *command, "--db", str(junk))
    assert code == 2 and _one_line(err) and "is not a Dateline knowledge base" in err


def test_serve_on_a_file_that_is_not_a_database(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"\x00not sqlite\x00" * 500)
    with pytest.raises(StoreUnavailable, match="not a Dateline knowledge base"):
        create_app(junk, cache=False)


@pytest.mark.parametrize("command", [["merge", "1", "2"], ["summary"]])
def test_db_under_a_file(capsys, tmp_path, isolated_env, command):
    (tmp_path / "file").write_text("x")
    code, _, err = run(capsys, *command, "--db", str(tmp_path / "file" / "x.db"))
    assert code == 2 and _one_line(err)
    assert "cannot create the knowledge base" in err or "no knowledge base at" in err


@pytest.mark.parametrize(
    ("fmt", "out"),
    [
        ("jsonl", "folder"),  # a folder where the file should go
        ("jsonl", "file/out.jsonl"),  # under a file
        ("csv", "folder"),  # holds a folder named articles.csv
        ("csv", "file"),  # a file where the folder should go
        ("parquet", "file/tables"),
    ],
)
def test_export_onto_a_folder_or_under_a_file(capsys, kb, tmp_path, fmt, out):
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder" / "articles.csv").mkdir(parents=True)
    code, _, err = run(capsys, "export", str(tmp_path / out), "--db", kb, "--format", fmt)
    assert code == 2 and _one_line(err) and "cannot " in err
    assert not list(tmp_path.rglob("*.part"))


def test_export_to_a_full_disk_leaves_nothing_behind(tmp_path):
    """A write that fails part-way (here: the file-size limit, as a full disk fails it)."""
    kb = str(tmp_path / "kb.db")
    with open_store(kb) as store:  # ~150 kB of records: more than the limit below
        store.add_records([lavrov(f"a{i}") for i in range(100)])
    out = tmp_path / "out"
    out.mkdir()
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))  # SQLite's -shm fits
        sys.argv = ["dateline", "export", {str(out / "r.jsonl")!r}, "--db", {kb!r}]
        from dateline.cli import main
        main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2, done.stderr
    assert _one_line(done.stderr) and "cannot write" in done.stderr
    assert list(out.iterdir()) == []


def test_export_error_is_named(tmp_path):
    with open_store(tmp_path / "kb.db") as store, pytest.raises(ExportError, match="folder"):
        export(store, "jsonl", tmp_path)


@pytest.mark.parametrize(
    "command",
    [
        ["merge", TOO_BIG, "1"],
        ["merge", "1", TOO_BIG],
        ["split", TOO_BIG, "Lavrov"],
        ["quotes", "--speaker", TOO_BIG],
        ["quotes", "--about", "99999999999999999999999999"],
        ["timeline", TOO_BIG],
        ["network", TOO_BIG],
        ["entities", "--name", TOO_BIG],
        ["quotes", "--offset", TOO_BIG],
        ["entities", "--offset", TOO_BIG],
    ],
)
def test_huge_entity_ids_in_commands(capsys, kb, command):
    code, _, err = run(capsys, *command, "--db", kb)
    assert code == 2 and _one_line(err) and ("no " in err or "offset must be" in err)


@pytest.mark.parametrize(
    "path",
    [
        f"/entity/{TOO_BIG}",
        f"/api/entities/{TOO_BIG}",
        f"/entity/{'9' * 40}",
        f"/search?speaker={TOO_BIG}",
        f"/api/search?about={TOO_BIG}",
        f"/entities?q={TOO_BIG}",
    ],
)
def test_huge_entity_ids_in_web_routes(kb, path):
    client = TestClient(create_app(kb, cache=False))
    response = client.get(path)
    assert response.status_code in (200, 404), response.text
    if response.status_code == 404:
        assert "no entity" in response.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (12, 12), (" 7 ", 7), (MAX_ID, MAX_ID), (str(MAX_ID), MAX_ID),
     (TOO_BIG, None), (2**63, None), ("-1", None), (-1, None), ("١٢", None), ("1e3", None),
     (True, None), ("", None)],
)  # fmt: skip
def test_row_ids(value, expected):
    assert row_id(value) == expected


def test_library_merge_of_a_huge_id_is_a_decision_error(tmp_path):
    from dateline.kb.decisions import DecisionError

    with open_store(tmp_path / "kb.db") as store:
        store.add_records([lavrov()])
        with pytest.raises(DecisionError, match="no entity with id"):
            merge(store, 1, [2**64])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"title": "bad \udcff byte"}, '{"title": "bad \\udcff byte"}'),
        ({"title": "café"}, '{"title": "café"}'),
        ({"n": 1}, '{"n": 1}'),
    ],
)
def test_json_lines_are_always_utf8(value, expected):
    line = json_line(value)
    assert line == expected
    line.encode("utf-8")
    assert json.loads(line) == value


@pytest.mark.model
def test_extract_prints_a_lone_surrogate_escaped(capsys, tmp_path, isolated_env):
    source = tmp_path / "in.jsonl"
    # "\udcff" in JSON is a lone surrogate once decoded: it reached the output as is
    source.write_text(
        '{"id": "s1", "title": "Caf\\udcff news", "text": "Lavrov spoke in Moscow on Monday.",'
        ' "published": "2008-04-01"}\n',
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "extract", str(source))
    assert code == 0
    rec = json.loads(out)
    assert rec["title"] == "Caf\udcff news"
    out.encode("utf-8")


@pytest.mark.parametrize(
    ("env", "value", "expected"),
    [
        ("DATELINE_WEB_CACHE", "abc", UsageError),
        ("DATELINE_WEB_CACHE", "0", 0),
        ("DATELINE_MAX_CHARS", " 500 ", 500),
        ("DATELINE_MAX_CHARS", "1e6", UsageError),
        ("DATELINE_BATCH_SIZE", "", 32),
    ],
)
def test_settings_read_numbers_or_say_which_is_wrong(monkeypatch, env, value, expected):
    monkeypatch.setenv(env, value)
    name = env.removeprefix("DATELINE_").lower()
    if expected is UsageError:
        with pytest.raises(UsageError, match=env):
            settings.get(name)
    else:
        assert settings.get(name) == expected


def test_a_bad_integer_setting_is_one_line(capsys, kb, monkeypatch):
    import uvicorn

    def never(*args, **kwargs):
        raise AssertionError("the server should not start")

    monkeypatch.setattr(uvicorn, "run", never)
    monkeypatch.setenv("DATELINE_WEB_CACHE", "abc")
    code, _, err = run(capsys, "serve", "--db", kb)
    assert code == 2 and _one_line(err) and "DATELINE_WEB_CACHE='abc' is not an integer" in err


def test_a_model_folder_without_a_pipeline(capsys, tmp_path, isolated_env):
    from dateline.pipeline import load_model

    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFound, match="holds no spaCy pipeline"):
        load_model(str(tmp_path / "empty"))
    (tmp_path / "story.txt").write_text("Lavrov spoke.")
    code, _, err = run(
        capsys, "extract", str(tmp_path / "story.txt"), "--model", str(tmp_path / "empty")
    )
    assert code == 2 and _one_line(err) and "holds no spaCy pipeline" in err


# -- 4. secrets and honest messages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("postgresql://dateline:hunter2@db.example/news", "hunter2"),
        ("postgresql://dateline:p@ss:w0rd@db.example:5432/news", "ss:w0rd"),
        ("postgresql://dateline@db.example/news?password=hunter2", "hunter2"),
        ("postgres://db.example/news?sslmode=require&password=hunter2&x=1", "hunter2"),
        ("postgresql://db.example/news?PASSWORD=hunter2", "hunter2"),
        ("postgresql://db.example/news?sslpassword=hunter2", "hunter2"),
        ("host=db.example password=hunter2 dbname=news", "hunter2"),
        ("host=db.example password='hunter two' dbname=news", "hunter two"),
    ],
)
def test_passwords_are_redacted_in_every_url_form(url, secret):
    shown = redact(url)
    assert secret not in shown and "***" in shown
    assert "db.example" in shown


@pytest.mark.parametrize("url", ["postgresql://db/x", "kb.db", "postgresql://u@h:5/d?sslmode=x"])
def test_urls_without_a_password_are_unchanged(url):
    assert redact(url) == url


def test_a_password_query_parameter_is_never_printed(capsys, isolated_env):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://dateline@127.0.0.1:{port}/news?password=hunter2&connect_timeout=2"
    for command in (["quotes"], ["summary"], ["merge", "1", "2"]):
        code, out, err = run(capsys, *command, "--db", url)
        assert code == 2 and "cannot connect to PostgreSQL" in err
        assert "hunter2" not in err + out
    with pytest.raises(StoreUnavailable) as raised:
        open_store(url)
    assert "hunter2" not in str(raised.value)


def test_the_lock_error_says_what_was_committed(tmp_path, monkeypatch):
    import dateline.store.db as store_db

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "kb.db"
    open_store(path).close()
    other = sqlite3.connect(path, isolation_level=None)

    def lock_after_first_batch(result) -> None:
        if not other.in_transaction:
            other.execute("BEGIN IMMEDIATE")  # another writer starts between two batches

    records = [lavrov(f"a{i}") for i in range(5)]
    try:
        with open_store(path) as store, pytest.raises(StoreLocked) as raised:
            ingest(records, store, batch_size=2, on_batch=lock_after_first_batch)
    finally:
        other.execute("ROLLBACK")
        other.close()
    message = str(raised.value)
    assert "nothing was written" not in message and "2 articles" in message
    with open_store(path) as store:
        assert store.counts()["articles"] == 2


# -- 5. control characters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain text, café", "plain text, café"),
        ("two\nlines", "two\\nlines"),
        ("nul\x00 esc\x1b[31m", "nul\\x00 esc\\x1b[31m"),
        ("c1\x85 ls\u2028", "c1\\x85 ls\\u2028"),
        ("lone \udcff", "lone \\udcff"),
    ],
)
def test_printable_messages(text, expected):
    assert printable(text) == expected


def test_a_message_is_one_line_whatever_it_quotes(capsys, tmp_path, isolated_env):
    forged = tmp_path / "x\ndateline: error: forged.db"
    code, _, err = run(capsys, "quotes", "--db", str(forged))
    assert code == 2 and _one_line(err) and "\\n" in err


def test_log_lines_escape_control_characters(capsys, tmp_path, isolated_env):
    import logging

    from dateline.cli import _setup_logging

    _setup_logging(0, False)
    logging.getLogger("dateline.test").warning("skipped %s", "a\nforged line\x1b[2J")
    err = capsys.readouterr().err
    assert err == "dateline: skipped a\\nforged line\\x1b[2J\n"


def test_no_raw_control_characters_in_html(tmp_path):
    text = 'Lavrov said "no\x00 way\x07 at all" in Moscow.'
    rec = record(
        "nul\x01id",
        text,
        entities=[("Sergei\x00 Lavrov", "PERSON", ["Lavrov"], ["Minister\x1b"])],
        quotes=[{"content": "no\x00 way\x07 at all", "speaker": 0}],
        title="Title\x00 with NUL",
    )
    with open_store(tmp_path / "kb.db") as store:
        store.add_records([rec])
    client = TestClient(create_app(tmp_path / "kb.db", cache=False))
    pages = [client.get(p) for p in (
        "/", "/article/nul%01id", "/entity/1", "/search?q=way", "/entities")]  # fmt: skip
    for page in pages:
        assert page.status_code == 200
        body = page.text
        assert not any(ch in body for ch in "\x00\x01\x07\x1b"), page.url
    # NUL is stored as U+FFFD (test_an_unstorable_character...); the others are shown
    assert "Title\ufffd with NUL" in pages[1].text and "way\u2407 at" in pages[1].text
    api = client.get("/api/articles/nul%01id").json()  # JSON escapes controls itself
    assert api["article"]["id"] == "nul\x01id" and api["article"]["title"] == "Title\ufffd with NUL"


# -- 6. smaller ---------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "setuid"), reason="needs POSIX users")
def test_a_store_in_a_read_only_folder():
    """summary and serve read a store whose folder they cannot write, creating nothing."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="dateline-ro-"))  # outside pytest's 0700 folders
    try:
        _read_only_folder(base)
    finally:
        (base / "ro").chmod(0o755)
        shutil.rmtree(base)


def _read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    with open_store(folder / "kb.db") as store:
        store.add_records([lavrov()])
    assert sorted(p.name for p in folder.iterdir()) == ["kb.db"]
    folder.chmod(0o555)
    (folder / "kb.db").chmod(0o444)
    tmp_path.chmod(0o755)
    # As root every folder is writable: drop to nobody once everything is imported.
    script = textwrap.dedent(
        f"""
        import os, pwd, sys
        from fastapi.testclient import TestClient
        from dateline import query
        from dateline.cli import main, _register_commands
        from dateline.store import open_store
        from dateline.web import create_app
        import dateline.cli.query, dateline.query.summary, dateline.web.routes
        import anyio._backends._asyncio, queue  # imported lazily by the first request
        _register_commands()
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
        db = {str(folder / "kb.db")!r}
        with open_store(db, readonly=True) as store:
            assert query.summary(store)["articles"] == 1
        client = TestClient(create_app(db, cache=False))
        assert client.get("/api/home").json()["figures"]["articles"] == 1
        client.app.state.reader.close()
        sys.argv = ["dateline", "summary", "--db", db]
        main()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    folder.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 articles")
    assert sorted(p.name for p in folder.iterdir()) == ["kb.db"]  # no -wal, no -shm


@pytest.mark.parametrize(
    "path", ["/", "/search?q=Kosovo", "/entities", "/api/home", "/static/dateline.css"]
)
def test_head_answers_like_get_without_a_body(kb, path):
    client = TestClient(create_app(kb, cache=True))
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert "content-security-policy" in head.headers


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("a_", "a_2"), ("ab", "ab3"), ("a1", "a1"), ("a%", None), ("_", None), ("%", None)],
)
def test_article_id_prefixes_match_literally(kb, prefix, expected):
    with open_store(kb, readonly=True) as store:
        if expected is None:
            with pytest.raises(query.ArticleNotFound):
                query.article(store, prefix)
        else:
            assert query.article(store, prefix)["id"] == expected


@pytest.mark.parametrize(("text", "expected"), [("a%b_c\\", "a\\%b\\_c\\\\"), ("plain", "plain")])
def test_like_escape(text, expected):
    assert like_escape(text) == expected


def test_name_search_words_match_literally(kb):
    with open_store(kb, readonly=True) as store, pytest.raises(query.UnknownEntity):
        query.find_entities(store, "l_vrov%")


def test_suggestions_compare_a_bounded_number_of_names(tmp_path, monkeypatch):
    """'Did you mean' used to compare the typed name with every entity in the store."""
    import difflib

    from dateline.query import names

    n = 4 * names.CANDIDATES
    with open_store(tmp_path / "kb.db") as store, store.transaction():
        for i in range(n):
            name = f"Lazarus{i:05d} Lamont{i:05d}"  # all start like the typed words
            store.execute("INSERT INTO entities (name, type) VALUES (?, 'PERSON')", (name,))
            store.execute(
                "INSERT INTO entity_keys (key, entity_id) VALUES (?, ?), (?, ?)",
                (f"p:{name.lower()}", i + 1, f"s:lamont{i:05d}", i + 1),
            )
    compared = []
    real = difflib.SequenceMatcher.set_seq1
    monkeypatch.setattr(
        difflib.SequenceMatcher, "set_seq1", lambda self, a: (compared.append(a), real(self, a))
    )
    with open_store(tmp_path / "kb.db", readonly=True) as store, pytest.raises(UnknownEntity):
        query.find_entities(store, "Lazaros Lamond")
    # at most CANDIDATES keys per key kind and word, three parts of each name
    assert 0 < len(compared) <= 3 * 3 * names.CANDIDATES < 3 * n


def test_a_lost_postgres_connection_is_a_store_error(pg_server):
    """The server ends the session (a restart, an administrator): one named error."""
    import psycopg

    from conftest import new_pg_database

    url = new_pg_database(pg_server)
    with open_store(url) as store:
        store.add_records([lavrov()])
        pid = store.scalar("SELECT pg_backend_pid()")
        with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        with pytest.raises(StoreUnavailable, match="PostgreSQL at .* failed"):
            store.counts()


def test_terminal_output_escapes_control_characters(capsys, tmp_path, isolated_env):
    text = 'Lavrov said "we\x1b[2J agree\x00" in Moscow.\nSecond line.'
    rec = record(
        "esc1",
        text,
        entities=[("Sergei Lavrov", "PERSON", ["Lavrov"], ["Minister\x07"])],
        quotes=[{"content": "we\x1b[2J agree\x00", "speaker": 0}],
        title="Title \x1b]0;pwned\x07",
    )
    db = str(tmp_path / "kb.db")
    with open_store(db) as store:
        store.add_records([rec])
    for command in (["show", "esc1"], ["quotes"], ["entities"]):
        code, out, _ = run(capsys, *command, "--db", db)
        assert code == 0 and not any(c in out for c in "\x1b\x00\x07"), command
    code, out, _ = run(capsys, "show", "esc1", "--db", db)
    assert "Title \\x1b]0;pwned\\x07" in out and "\nSecond line." in out


@pytest.mark.parametrize("bad", ["\udcff", "\x00"])
def test_an_unstorable_character_does_not_cost_the_article(store_url, bad):
    """A bad byte read with surrogateescape, or a NUL (which PostgreSQL text refuses), in
    the title and the text is stored as U+FFFD on both backends, offsets unchanged, instead
    of the driver refusing the whole article."""
    rec = lavrov("s1")
    rec["title"] = f"Caf{bad} news"
    rec["text"] = rec["text"].replace("Moscow", f"Mosc{bad}w")
    rec["entities"][2]["mentions"][0]["text"] = f"Mosc{bad}w"
    with open_store(store_url) as store:
        assert store.add_records([rec]) == 1
        back = query.article(store, "s1")
    assert back["title"] == "Caf\ufffd news"
    moscow = back["entities"][2]["mentions"][0]
    assert back["text"][moscow["start"] : moscow["end"]] == "Mosc\ufffdw"


def test_patterns_and_suggestions_on_both_backends(store_url):
    """The LIKE prefixes (escaped) and the 'did you mean' lookup (a key range on SQLite,
    LIKE on PostgreSQL) answer alike on both backends."""
    with open_store(store_url) as store:
        store.add_records([lavrov("a1"), lavrov("a_2"), lavrov("ab3")])
        for prefix, expected in (("a_", "a_2"), ("ab", "ab3"), ("a%", None), ("_", None)):
            if expected is None:
                with pytest.raises(query.ArticleNotFound):
                    query.article(store, prefix)
            else:
                assert query.article(store, prefix)["id"] == expected
        with pytest.raises(UnknownEntity, match="did you mean 'Sergei Lavrov'"):
            query.find_entities(store, "Lavrof", "speaker")
        with pytest.raises(UnknownEntity):
            query.find_entities(store, "l_vrov%")


def test_progress_lines_escape_a_newline_in_a_file_name(capsys, kb, tmp_path):
    out = tmp_path / "records\ndateline: error: forged.jsonl"
    code, _, err = run(capsys, "export", str(out), "--db", kb)
    assert code == 0 and len(err.strip().splitlines()) == 1 and "wrote 3 rows" in err


def test_a_reader_leaves_no_wal_files_behind(tmp_path):
    """summary, the query commands and serve read; they leave the folder as they found it
    (a mode=ro reader used to leave kb.db-wal and kb.db-shm behind)."""
    db = tmp_path / "kb.db"
    with open_store(db) as store:
        store.add_records([lavrov()])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db"]
    with open_store(db, readonly=True) as store:
        assert query.summary(store)["articles"] == 1
        with pytest.raises(Exception, match="read-only"):
            store.add_records([lavrov("a2")])
    client = TestClient(create_app(db, cache=False))
    assert client.get("/api/home").status_code == 200
    client.app.state.reader.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kb.db"]


def test_a_damaged_store_is_named(capsys, tmp_path, isolated_env):
    db = tmp_path / "kb.db"
    with open_store(db) as store:
        store.add_records([lavrov(f"a{i}") for i in range(20)])
    data = bytearray(db.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # the pages after the schema page
    db.write_bytes(bytes(data))
    code, _, err = run(capsys, "summary", "--db", str(db))
    assert code == 2 and _one_line(err) and "is damaged" in err
