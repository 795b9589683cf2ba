"""The ``format`` switch on the CLI: quotes as CSV / JSON Lines / Atom with the citation
fields, wide tables, year-month dates, ambiguous id prefixes, and ``export`` that adds the
aliases and titles tables, refuses to overwrite and writes JSON Lines to standard output."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from dateline.cli.query import table
from dateline.store import open_store
from store_records import LAVROV_TEXT, lavrov, record
from test_cli_store import run

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture()
def db(tmp_path, isolated_env):
    path = tmp_path / "kb.db"
    ban = 'Ban Ki-moon said "Talks must go on." Sergei Lavrov met him.'
    a2 = lavrov("a2", published="2008-06-01")
    a2["url"] = "https://example.org/news/a2"
    a2["title"] = "Lavrov on Kosovo"
    with open_store(path) as store:
        store.add_records(
            [
                lavrov("a1", published="2008-04-01"),
                a2,
                record(
                    "ab1",
                    ban,
                    entities=[("Ban Ki-moon", "PERSON", ["Ban Ki-moon"], ["UN Secretary General"])],
                    quotes=[{"content": "Talks must go on.", "speaker": 0, "cue": "said"}],
                    published="2008-05-01",
                ),
            ]
        )
    return str(path)


def test_quotes_csv_has_the_citation_fields(capsys, db):
    code, out, _ = run(capsys, "quotes", "--db", db, "--speaker", "Lavrov", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["article"] for r in rows] == ["a2", "a1"]
    top = rows[0]
    start = LAVROV_TEXT.index("We will")
    assert top["url"] == "https://example.org/news/a2" and top["title"] == "Lavrov on Kosovo"
    assert top["outlet"] == "RIA Novosti" and top["cue"] == "said" and top["act"] == "statement"
    assert top["speaker_title"] == "Russian Foreign Minister" and top["speaker_id"].isdigit()
    assert top["date"] == "2008-06-01" and top["date_from"] == "speech"
    assert top["key"] == f"a2:{start}-{int(top['end_char'])}"
    assert rows[1]["url"] == "" and rows[1]["title"] == ""


def test_quotes_jsonl_one_object_a_line(capsys, db):
    code, out, _ = run(capsys, "quotes", "--db", db, "--format", "jsonl")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 3
    assert [json.loads(line)["article"] for line in lines] == ["a2", "ab1", "a1"]


def parse_atom(text: str) -> ET.Element:
    root = ET.fromstring(text)  # well-formed, or this raises
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert RFC3339.match(root.findtext(f"{ATOM}updated"))
    for entry in root.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip(), tag
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        # an entry needs an author when the feed has none
        assert entry.find(f"{ATOM}author/{ATOM}name") is not None or root.find(f"{ATOM}author")
    return root


def test_quotes_atom_is_valid_and_ids_are_offsets(capsys, db):
    code, out, _ = run(capsys, "quotes", "--db", db, "--about", "Kosovo", "--format", "atom")
    root = parse_atom(out)
    entries = root.findall(f"{ATOM}entry")
    start = LAVROV_TEXT.index("We will")
    end = LAVROV_TEXT.index("Kosovo.") + len("Kosovo.")
    assert code == 0
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"urn:dateline:quote:a2:{start}-{end}",
        f"urn:dateline:quote:a1:{start}-{end}",
    ]
    assert root.findtext(f"{ATOM}updated") == "2008-06-01T00:00:00Z"
    assert entries[0].find(f"{ATOM}link").get("href") == "https://example.org/news/a2"
    assert entries[1].find(f"{ATOM}link") is None  # no URL, no article page: no link


def test_atom_ids_survive_a_merge(capsys, db):
    code, before, _ = run(capsys, "quotes", "--db", db, "--format", "atom")
    with open_store(db) as store:
        ban, lav = (store.scalar("SELECT id FROM entities WHERE name = ?", (n,))
                    for n in ("Ban Ki-moon", "Sergei Lavrov"))  # fmt: skip
    assert run(capsys, "merge", str(lav), str(ban), "--db", db)[0] == 0
    code, after, _ = run(capsys, "quotes", "--db", db, "--format", "atom")

    def ids(text):
        return [e.findtext(f"{ATOM}id") for e in parse_atom(text).findall(f"{ATOM}entry")]

    assert ids(before) == ids(after) and len(ids(after)) == 3


def test_empty_atom_feed_is_still_valid(capsys, db):
    code, out, err = run(capsys, "quotes", "--db", db, "--kind", "mixed", "--format", "atom")
    root = parse_atom(out)
    assert code == 0 and root.findall(f"{ATOM}entry") == [] and "no quotes match" in err


@pytest.mark.parametrize(
    ("since", "until", "articles"),
    [
        ("2008-05", None, ["a2", "ab1"]),
        ("2008-05", "2008-05", ["ab1"]),
        ("2008", "2008-04", ["a1"]),
        (None, "2008-05", ["ab1", "a1"]),
    ],
)
def test_year_month_dates(capsys, db, since, until, articles):
    args = ["quotes", "--db", db, "--format", "json"]
    args += ["--since", since] if since else []
    args += ["--until", until] if until else []
    code, out, _ = run(capsys, *args)
    assert code == 0 and [r["article"] for r in json.loads(out)] == articles


@pytest.mark.parametrize("bad", ["2008-13", "2008-5", "May 2008", "08"])
def test_bad_year_month_is_an_error(capsys, db, bad):
    code, _, err = run(capsys, "quotes", "--db", db, "--since", bad)
    assert code == 2 and "not a date" in err


def test_wide_tables():
    rows = [{"text": "x" * 100, "n": 1}]
    cut = table(rows, ["text", "n"])
    assert "x" * 67 + "..." in cut and "x" * 71 not in cut
    assert "x" * 100 in table(rows, ["text", "n"], None)


def test_table_in_full_when_not_a_terminal(capsys, db):
    long = "We will continue to oppose the independence of Kosovo."
    code, out, _ = run(capsys, "quotes", "--db", db, "--speaker", "Lavrov")
    assert code == 0 and long in out  # captured output is no terminal
    code, out, _ = run(capsys, "quotes", "--db", db, "--speaker", "Lavrov", "--wide")
    assert code == 0 and long in out


def test_show_ambiguous_prefix_lists_candidates(capsys, db):
    code, _, err = run(capsys, "show", "a", "--db", db)
    assert code == 2 and "more than one article id" in err
    assert "a1, a2, ab1" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(capsys, "show", "ab", "--db", db)
    assert code == 0 and out.startswith("ab1")


def test_export_aliases_and_titles(capsys, db, tmp_path):
    out = tmp_path / "t"
    code, _, err = run(capsys, "export", str(out), "--db", db, "--format", "csv")
    assert code == 0 and "aliases.csv" in err and "titles.csv" in err
    aliases = list(csv.DictReader((out / "aliases.csv").open(encoding="utf-8")))
    titles = list(csv.DictReader((out / "titles.csv").open(encoding="utf-8")))
    lav_id = next(a["entity_id"] for a in aliases if a["name"] == "Sergei Lavrov")
    assert [(a["name"], a["n"]) for a in aliases if a["entity_id"] == lav_id] == [
        ("Sergei Lavrov", "2")
    ]
    lav = next(t for t in titles if t["title"] == "Russian Foreign Minister")
    assert (lav["first"], lav["last"], lav["n"]) == ("2008-04-01", "2008-06-01", "2")
    code, _, _ = run(capsys, "export", str(tmp_path / "p"), "--db", db, "--format", "parquet",
                     "--table", "titles")  # fmt: skip
    import pyarrow.parquet as pq

    assert code == 0 and pq.read_table(tmp_path / "p" / "titles.parquet").num_rows == 2


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_refuses_to_overwrite_without_force(capsys, db, tmp_path, fmt):
    out = tmp_path / ("r.jsonl" if fmt == "jsonl" else "t")
    first = run(capsys, "export", str(out), "--db", db, "--format", fmt)
    assert first[0] == 0
    target = out if fmt == "jsonl" else out / "quotes.csv"
    target.write_text("mine", encoding="utf-8")
    code, _, err = run(capsys, "export", str(out), "--db", db, "--format", fmt)
    assert code == 2 and "already exist" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    code, _, _ = run(capsys, "export", str(out), "--db", db, "--format", fmt, "--force")
    assert code == 0 and target.read_text(encoding="utf-8") != "mine"


def test_export_jsonl_to_stdout(capsys, db, tmp_path):
    code, out, _ = run(capsys, "export", "-", "--db", db)
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == [
        "a1", "a2", "ab1"
    ]  # fmt: skip
    assert not (tmp_path / "-").exists()
    code, _, err = run(capsys, "export", "-", "--db", db, "--format", "csv")
    assert code == 2 and "standard output" in err
