"""Language: detected, non-English skipped and counted by default, kept on request."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from dateline.article import Article
from dateline.ingest import ReadOptions, Report, read_sources
from dateline.ingest.language import MIN_DETECT_CHARS, detect_language, filter_language

TEXTS = {
    "en": "The foreign minister said on Tuesday that the talks would resume next week in "
    "Geneva, adding that both sides had agreed to a ceasefire.",
    "fr": "Le ministre des Affaires étrangères a déclaré mardi que les négociations "
    "reprendraient la semaine prochaine à Genève, ajoutant que les deux parties avaient "
    "accepté un cessez-le-feu.",
    "de": "Der Außenminister sagte am Dienstag, die Gespräche würden nächste Woche in Genf "
    "fortgesetzt, und fügte hinzu, dass sich beide Seiten auf eine Waffenruhe geeinigt hätten.",
    "es": "El ministro de Asuntos Exteriores dijo el martes que las conversaciones se "
    "reanudarían la próxima semana en Ginebra y añadió que ambas partes habían acordado un "
    "alto el fuego.",
    "ru": "Министр иностранных дел заявил во вторник, что переговоры возобновятся на "
    "следующей неделе в Женеве, добавив, что обе стороны согласились на прекращение огня.",
}


@pytest.mark.parametrize(("code", "text"), TEXTS.items())
def test_detect_language(code, text):
    assert len(text) >= MIN_DETECT_CHARS
    found, prob = detect_language(text)
    assert found == code and prob > 0.9


@pytest.mark.parametrize("text", ["Body one.", "Le ministre a parlé.", "   ", ""])
def test_short_texts_are_not_guessed(text):
    assert detect_language(text) is None


def run(articles, keep=False):
    report = Report(read=len(articles))
    return list(filter_language(articles, report, keep_non_english=keep)), report


def test_non_english_is_skipped_and_counted(caplog):
    articles = [Article(text=t, origin=f"item-{c}") for c, t in TEXTS.items()]
    kept, report = run(articles)
    assert [a.language for a in kept] == ["en"]
    assert report.read == 1 and report.skipped == {"not English": 4}
    assert "item-fr" in caplog.text and "--keep-non-english" in caplog.text


def test_keep_non_english_keeps_them_with_their_language():
    articles = [Article(text=t) for t in TEXTS.values()]
    kept, report = run(articles, keep=True)
    assert [a.language for a in kept] == list(TEXTS)
    assert all(a.meta["language_source"] == "detected" for a in kept)
    assert report.n_skipped == 0


@pytest.mark.parametrize(
    ("declared", "text", "kept_as"),
    [
        ("de", "Kurz.", None),  # too short to detect: the declared language decides
        ("en-GB", "Short.", "en"),
        (None, "Short.", "unknown"),  # nothing known: kept
        ("de", TEXTS["en"], "en"),  # a long text's detected language beats a wrong label
    ],
)
def test_declared_language_decides_for_short_texts(declared, text, kept_as):
    kept, report = run([Article(text=text, language=declared)])
    if kept_as is None:
        assert kept == [] and report.skipped == {"not English": 1}
    else:
        assert len(kept) == 1
        assert (kept[0].language or "unknown") == kept_as


def test_read_sources_filters_by_default(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps({"text": t}) for t in TEXTS.values()), encoding="utf-8")
    report = Report()
    assert len(list(read_sources([str(path)], ReadOptions(), report))) == 1
    assert report.read == 1 and report.skipped == {"not English": 4}
    kept = list(read_sources([str(path)], ReadOptions(keep_non_english=True), Report()))
    assert len(kept) == 5


@pytest.mark.parametrize(
    ("args", "keep_non_english", "dedup"),
    [
        ([], False, True),
        (["--keep-non-english"], True, True),
        (["--keep-duplicates"], False, False),
    ],
)
def test_cli_reading_flags(args, keep_non_english, dedup):
    from dateline.cli import _read_options, reading_options

    @click.command()
    @reading_options
    def probe(date, source, fields, fmt):
        opts = _read_options(date, source, fields, fmt)
        click.echo(f"{opts.keep_non_english} {opts.dedup}")

    result = CliRunner().invoke(probe, args)
    assert result.exit_code == 0, result.output
    assert result.output.split() == [str(keep_non_english), str(dedup)]
