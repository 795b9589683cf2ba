"""Speaker and coreference stages on hostile text (issue 18, "Bad input"): thousands of
pronouns and no name, one name repeated 20,000 times, quotes nested in quotes. No
traceback, valid records, and time that grows linearly (ratios in one run)."""

from __future__ import annotations

import gc
import time

import pytest

from dateline import Article, validate
from dateline.extraction import extract, make_doc
from timing import best_of

pytestmark = pytest.mark.model

STAGES = ("dateline_speakers", "dateline_coref")


def stage_seconds(nlp, text: str) -> float:
    """CPU seconds this thread spends in the speaker and coreference stages on ``text``,
    on a fresh parse (the stages change the document). Thread time, not wall time: a
    busy CI host that takes the core away for a few milliseconds must not read as
    growth."""
    doc = make_doc(nlp, Article(text=text))
    spent = 0.0
    gc.disable()
    try:
        for name, proc in nlp.pipeline:
            start = time.thread_time()
            doc = proc(doc)
            if name in STAGES:
                spent += time.thread_time() - start
    finally:
        gc.enable()
    return spent


def pronouns(n: int) -> str:
    return " ".join(["He said she would go.", "They said it was over."] * (n // 4))


def one_name(n: int) -> str:
    """``n`` mentions of one name, a few of them sources ("Lavrov said …")."""
    return " ".join(["Lavrov, Lavrov, Lavrov, Lavrov, Lavrov.", "Lavrov said he won."] * (n // 7))


def epithets(n: int) -> str:
    """``n`` sentences that name a person, take them up by a title and an epithet that
    are no sources, and say something through "he" (each epithet is read again for the
    pronoun after it)."""
    return " ".join(
        [
            "Sergei Lavrov arrived.",
            "The minister met the press.",
            "The diplomat smiled.",
            "He said the talks were over.",
        ]
        * (n // 4)
    )


def company(n: int) -> str:
    """``n`` sentences in which one company speaks by its full and short name, is the
    source of "according to" and is taken up by "it" (each "it" asks where it spoke)."""
    return " ".join(
        [
            "Acme Corp said it would grow.",
            "Sales rose, according to Acme.",
            "It added that costs fell.",
            "Acme said prices held.",
        ]
        * (n // 4)
    )


def government(n: int) -> str:
    """A story filed from a capital in which "the government" speaks ``n`` // 3 times and
    an "It" two sentences on carries it (each asks for the host country and for another
    country's government before it)."""
    return "PARIS, March 18 - " + " ".join(
        ["The government said taxes would fall.", "Exports rose.", "It added that costs fell."]
        * (n // 3)
    )


@pytest.mark.parametrize(
    "text",
    [pronouns(5_000), one_name(20_000), epithets(5_000), company(5_000), government(5_000)],
    ids=[
        "5000-pronouns-no-name",
        "a-name-20000-times",
        "5000-epithets",
        "5000-company",
        "5000-government",
    ],
)
def test_hostile_text_gives_valid_records(nlp, text):
    [record] = list(extract([Article(text=text, published="2008-04-01")], nlp=nlp))
    validate(record)
    named = [q for q in record["quotes"] if q["speaker"] and q["speaker"]["entity"]]
    if not any(name in text for name in ("Lavrov", "Acme", "PARIS")):
        assert named == []  # no name: no pronoun can be given one
    if "Acme" in text:
        assert len(named) == len(record["quotes"])  # the company, each time
    if "government" in text:
        names = {q["speaker"]["name"] for q in named if q["source"]["text"] == "The government"}
        assert names == {"France"}


def test_quotes_nested_in_quotes(nlp):
    inner = "“We will go on,” he said"
    for _ in range(30):
        inner = f"“I heard {inner},” Lavrov said"
    text = f"Sergei Lavrov spoke on Monday. {inner}."
    [record] = list(extract([Article(text=text, published="2008-04-01")], nlp=nlp))
    validate(record)
    assert record["quotes"]


@pytest.mark.parametrize(
    "make",
    [pronouns, one_name, epithets, company, government],
    ids=["pronouns", "one-name", "epithets", "company", "government"],
)
def test_the_speaker_and_coreference_stages_take_linear_time(nlp, make):
    # Best of five: a CI host's spike hit all three larger runs once (0.43 s against
    # 0.17 s) where the stages measure 0.16 / 0.30 / 1.21 s at 2k / 4k / 16k sentences.
    small, large = best_of(lambda text: stage_seconds(nlp, text), [make(2_000), make(4_000)], 5)
    assert large <= 2.5 * max(small, 1e-3)
