"""The quote scorer of bench/quotes.py on hand-made cases (no model, no data)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_quotes", ROOT / "bench" / "quotes.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

TEXT = "Ban said: “We will stay.” Lavrov said the talks failed."
#        0123456789012345678901234567890123456789012345678901234
STAY = (TEXT.index("We"), TEXT.index("”"))
FAILED = (TEXT.index("the talks"), TEXT.index("failed") + len("failed"))
BAN, LAVROV = (0, 3), (26, 32)
SAID1, SAID2 = (4, 8), (33, 37)


@pytest.mark.parametrize(
    ("span", "expected"),
    [
        ((9, 26), "We will stay"),  # marks, colon and the full stop trimmed
        (FAILED, "the talks failed"),
        ((24, 26), ""),
    ],
)
def test_trim(span, expected):
    s, e = bench.trim(TEXT, *span)
    assert TEXT[s:e] == expected


def doc(gold):
    return {"text": TEXT, "gold": gold}


def test_perfect_prediction():
    gold = [
        bench.Attribution([STAY], [SAID1], [BAN]),
        bench.Attribution([FAILED], [SAID2], [LAVROV]),
    ]
    scores = bench.score([doc(gold)], [gold])
    assert scores["content_exact_f1"] == scores["content_soft_f1"] == 1.0
    assert scores["attribution_f1"] == scores["source_acc"] == scores["cue_acc"] == 1.0


def test_soft_match_wrong_source_and_a_miss():
    gold = [
        bench.Attribution([STAY], [SAID1], [BAN]),
        bench.Attribution([FAILED], [SAID2], [LAVROV]),
    ]
    # "talks failed" covers 12 of 16 characters: a soft match, not an exact one.
    pred = [bench.Attribution([(FAILED[0] + 4, FAILED[1])], [SAID2], [BAN])]
    scores = bench.score([doc(gold)], [pred])
    assert scores["content_exact_f1"] == 0.0
    assert scores["content_soft_p"] == 1.0 and scores["content_soft_r"] == 0.5
    assert scores["source_acc"] == 0.0 and scores["cue_acc"] == 1.0
    assert scores["attribution_f1"] == 0.0


def test_matching_is_one_to_one():
    gold = [bench.Attribution([FAILED], [SAID2], [LAVROV])]
    pred = [
        bench.Attribution([FAILED], [SAID2], [LAVROV]),
        bench.Attribution([FAILED], [SAID2], [LAVROV]),
    ]
    scores = bench.score([doc(gold)], [pred])
    assert scores["content_soft_p"] == 0.5 and scores["content_soft_r"] == 1.0


def test_group_by_cue_joins_the_parts_of_a_split_quote():
    items = [(STAY, SAID1, BAN), (FAILED, SAID1, BAN), (FAILED, None, None)]
    grouped = bench.group_by_cue(items)
    assert [a.contents for a in grouped] == [[STAY, FAILED], [FAILED]]


def test_bare_rule_reads_a_parse():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Lavrov", "said", "talks", "failed", "."]
    parsed = Doc(
        Vocab(),
        words=words,
        spaces=[True, True, True, False, False],
        heads=[1, 1, 3, 1, 1],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "punct"],
        lemmas=["Lavrov", "say", "talk", "fail", "."],
        pos=["PROPN", "VERB", "NOUN", "VERB", "PUNCT"],
    )
    (a,) = bench.bare_predict(parsed)
    text = parsed.text
    assert [text[s:e] for s, e in a.contents] == ["talks failed"]
    assert [text[s:e] for s, e in a.source] == ["Lavrov"]
