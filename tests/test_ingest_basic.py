"""Readers for text, JSON Lines, folders, gzip and stdin; bad items skipped and counted."""

from __future__ import annotations

import gzip
import json

import pytest

from dateline.article import article_id, parse_date
from dateline.errors import UsageError
from dateline.ingest import ReadOptions, Report, parse_field_mappings, read_sources


def read(paths, **opts):
    report = Report()
    articles = list(read_sources([str(p) for p in paths], ReadOptions(**opts), report))
    return articles, report


def test_plain_text_file_is_one_article_with_text_untouched(tmp_path):
    body = "“We will continue,” he said.\r\n\r\nSecond  paragraph.\n"
    path = tmp_path / "story.txt"
    path.write_text(body, encoding="utf-8", newline="")
    (article,), report = read([path], published="2008-04-01", source="RIA")
    assert article.text == body
    assert article.published == "2008-04-01"
    assert article.source == "RIA"
    assert article.origin == str(path)
    assert report.read == 1 and report.n_skipped == 0


def test_jsonl_fields_and_bad_lines(tmp_path):
    path = tmp_path / "a.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Body one.", "title": "T", "date": "2008-04-01T10:00Z"}),
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"article_body": "No text key."}),
        "",
        json.dumps({"text": "Body two.", "published": "Tue, 01 Apr 2008 10:00:00 GMT"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    articles, report = read([path])
    assert [a.text for a in articles] == ["Body one.", "Body two."]
    assert articles[0].id == "a1" and articles[0].title == "T"
    assert [a.published for a in articles] == ["2008-04-01", "2008-04-01"]
    assert articles[1].origin == f"{path}:7"
    assert report.read == 2
    assert report.skipped == {"invalid JSON": 2, "empty article": 2}


def test_field_mapping(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"body": "Text here.", "pubDate": "2020-02-03"}) + "\n")
    fields = parse_field_mappings(["text=body", "published=pubDate"])
    (article,), _ = read([path], fields=fields)
    assert (article.text, article.published) == ("Text here.", "2020-02-03")


@pytest.mark.parametrize("spec", ["text", "nosuch=body", "text="])
def test_bad_field_mapping_is_a_usage_error(spec):
    with pytest.raises(UsageError):
        parse_field_mappings([spec])


def test_folder_recursive_gzip_binary_and_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("First article.")
    (tmp_path / "sub" / "b.jsonl.gz").write_bytes(
        gzip.compress(json.dumps({"text": "Second article."}).encode())
    )
    (tmp_path / "sub" / "c.bin").write_bytes(bytes(range(256)) * 4)
    (tmp_path / ".hidden.txt").write_text("ignored")
    (tmp_path / "d.txt.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    articles, report = read([tmp_path])
    assert sorted(a.text for a in articles) == ["First article.", "Second article."]
    assert report.skipped == {"binary file": 1, "truncated file": 1}


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path, caplog):
    path = tmp_path / "latin.txt"
    path.write_bytes(
        "Le ministre a déclaré à la presse que la réunion était reportée.".encode("cp1252")
    )
    (article,), report = read([path])
    assert "déclaré" in article.text
    assert report.warnings["encoding guessed"] == 1
    assert "not valid UTF-8" in caplog.text and str(path) in caplog.text


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    articles, report = read([tmp_path / "nope.txt", tmp_path / "empty"])
    assert articles == []
    assert report.skipped == {"missing path": 1, "empty folder": 1}


def test_empty_file_is_skipped(tmp_path):
    (tmp_path / "e.txt").write_text("\n  \n")
    articles, report = read([tmp_path / "e.txt"])
    assert articles == [] and report.skipped == {"empty article": 1}


def test_stdin(monkeypatch):
    import io
    import sys

    data = io.BufferedReader(io.BytesIO(b'{"text": "From stdin."}\n'))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(data))
    articles, _ = read(["-"])
    assert [a.text for a in articles] == ["From stdin."]
    assert articles[0].origin == "<stdin>:1"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2008-04-01", "2008-04-01"),
        ("2008-04-01T23:59:00+02:00", "2008-04-01"),
        ("20080401", "2008-04-01"),
        ("Tue, 01 Apr 2008 10:00:00 GMT", "2008-04-01"),
        ("2008-13-01", None),
        ("last week", None),
        ("", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


def test_article_id_is_stable_and_content_based():
    assert article_id("same text") == article_id("same text")
    assert article_id("same text") != article_id("other text")
    assert article_id("same text", "http://a") != article_id("same text", "http://b")


@pytest.mark.parametrize(
    ("document", "texts", "skipped"),
    [
        ('[\n  {"text": "One."},\n  {"text": "Two."}\n]\n', ["One.", "Two."], 0),
        ('{\n  "title": "T",\n  "text": "Pretty printed."\n}\n', ["Pretty printed."], 0),
        ('[{"text": "One line array."}, 3]', ["One line array."], 1),
    ],
)
def test_whole_json_documents(tmp_path, document, texts, skipped):
    path = tmp_path / "export.json"
    path.write_text(document)
    articles, report = read([path])
    assert [a.text for a in articles] == texts
    assert report.n_skipped == skipped


def test_broken_json_document_is_one_skip(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "text": "never closed",\n  "title": [\n')
    articles, report = read([path])
    assert articles == [] and report.skipped == {"invalid JSON": 1}
