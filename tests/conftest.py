"""Shared fixtures: the model-backed pipeline (loaded once), paths to data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "wikinews" / "articles.jsonl"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def nlp():
    """The full Dateline pipeline on the default model."""
    from dateline import load

    return load()


@pytest.fixture(scope="session")
def sample_articles() -> list[dict]:
    """The bundled Wikinews articles (CC BY 2.5) as JSON objects."""
    with SAMPLE.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture()
def isolated_env(monkeypatch, tmp_path):
    """No DATELINE_* settings leak in from the environment."""
    import os

    for key in list(os.environ):
        if key.startswith("DATELINE_"):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- stores on both backends ----------------------------------------------------------------------

PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres() -> dict:
    """initdb and postgres refuse to run as root: run them as user postgres then."""
    import os
    import pwd

    if os.geteuid() != 0:
        return {}
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no 'postgres' user to run the server as")
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server on a free port, one per test session (~0.6 s to start);
    stopped and removed afterwards. Skipped where the server binaries are not installed
    (`make test` installs them: scripts/system-deps.sh)."""
    import os
    import shutil
    import signal
    import subprocess
    import tempfile
    import time

    if not PG_BINARIES:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    psycopg = pytest.importorskip("psycopg")
    bindir = PG_BINARIES[-1].parent
    who = _as_postgres()
    base = Path(tempfile.mkdtemp(prefix="dateline-pg-"))
    (base / "sock").mkdir()
    if who:
        for path in (base, base / "sock"):
            os.chown(path, who["user"], who["group"])
    subprocess.run(
        [bindir / "initdb", "-D", base / "data", "-U", "postgres", "-A", "trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync"],
        check=True, capture_output=True, **who,
    )  # fmt: skip
    port = _free_port()
    proc = subprocess.Popen(
        [bindir / "postgres", "-D", base / "data", "-p", str(port), "-k", base / "sock",
         "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **who,
    )  # fmt: skip
    url = f"postgresql://postgres@127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            psycopg.connect(f"{url}/postgres", connect_timeout=2).close()
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                shutil.rmtree(base, ignore_errors=True)
                pytest.fail("the PostgreSQL test server did not start")
            time.sleep(0.1)
    try:
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        shutil.rmtree(base, ignore_errors=True)


def new_pg_database(server: str) -> str:
    """A fresh, empty database on the test server; its URL."""
    import uuid

    import psycopg

    name = f"dateline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path) -> str:
    """A fresh, empty knowledge base on each backend: a SQLite file, then a PostgreSQL
    database on the session's server. One test body runs on both."""
    if request.param == "sqlite":
        return str(tmp_path / "kb.db")
    return new_pg_database(request.getfixturevalue("pg_server"))


@pytest.fixture(autouse=True)
def _dateline_logger_as_it_was():
    """A CLI run inside a test configures the "dateline" logger (its own stderr handler,
    no propagation): put it back after each test, so later tests' caplog sees records
    and no handler writes to a stream that capture has closed."""
    import logging

    logger = logging.getLogger("dateline")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved


@pytest.fixture()
def lavrov_db(tmp_path) -> str:
    """A SQLite store file holding one article, Lavrov's quotes on Kosovo (the web tests'
    smallest store)."""
    from dateline.store import open_store
    from store_records import lavrov

    path = tmp_path / "kb.db"
    with open_store(path) as store:
        store.add_records([lavrov("a1")])
    return str(path)
