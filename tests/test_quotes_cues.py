"""Cue words on hand-built parses: no model needed."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from dateline.nlp import cues, direct, indirect

#: An English vocab without a model, so that lower-casing works.
VOCAB = spacy.blank("en").vocab


def parsed(words, heads, deps, pos, lemmas=None, tags=None):
    return Doc(
        VOCAB,
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas or [w.lower() for w in words],
        tags=tags or [""] * len(words),
    )


@pytest.mark.parametrize(
    ("word", "lemma", "pos", "expected"),
    [
        ("said", "say", "VERB", True),
        ("warned", "warn", "VERB", True),
        ("insisted", "insist", "VERB", True),
        ("denied", "deny", "VERB", True),  # from Dateline's own list
        ("said", "say", "ADJ", False),  # "the said agreement"
        ("has", "have", "AUX", False),
        ("ate", "eat", "VERB", False),
    ],
)
def test_is_speech_verb(word, lemma, pos, expected):
    doc = parsed([word], [0], ["ROOT"], [pos], [lemma])
    assert cues.is_speech_verb(doc[0]) is expected


def test_phrasal_cue_takes_its_particle():
    # "Ban called for calm": the cue is "called for".
    doc = parsed(
        ["Ban", "called", "for", "calm"],
        [1, 1, 1, 2],
        ["nsubj", "ROOT", "prep", "pobj"],
        ["PROPN", "VERB", "ADP", "NOUN"],
        ["Ban", "call", "for", "calm"],
    )
    start, end = cues.cue_span(doc[1])
    assert doc.text[start:end] == "called for"


def test_participle_borrows_the_subject_of_its_head():
    # "Tadic left , saying it failed"
    doc = parsed(
        ["Tadic", "left", ",", "saying", "it", "failed"],
        [1, 1, 1, 1, 5, 3],
        ["nsubj", "ROOT", "punct", "advcl", "nsubj", "ccomp"],
        ["PROPN", "VERB", "PUNCT", "VERB", "PRON", "VERB"],
        ["Tadic", "leave", ",", "say", "it", "fail"],
    )
    assert cues.subject(doc[3]).text == "Tadic"
    (cand,) = indirect.speech_clauses(doc)
    assert doc.text[cand.start : cand.end] == "it failed"
    assert doc.text[cand.cue[0] : cand.cue[1]] == "saying"
    assert cand.source_tok.text == "Tadic"


def test_no_subject_no_source():
    doc = parsed(
        ["saying", "it", "failed"],
        [0, 2, 0],
        ["ROOT", "nsubj", "ccomp"],
        ["VERB", "PRON", "VERB"],
        ["say", "it", "fail"],
    )
    (cand,) = indirect.speech_clauses(doc)
    assert cand.source is None and cand.source_tok is None


@pytest.mark.parametrize(
    ("prev_pos", "tag", "expected"),
    [("PRON", "NNS", True), ("PROPN", "NNS", True), ("DET", "NNS", False), ("PRON", "VBZ", False)],
)
def test_present_tense_cue_tagged_as_noun(prev_pos, tag, expected):
    # "he notes" read as a plural noun by the small model is still a cue.
    doc = parsed(["he", "notes"], [1, 1], ["dep", "ROOT"], [prev_pos, "NOUN"], tags=["", tag])
    assert direct._tagged_as_noun(doc[1]) is expected


@pytest.mark.parametrize(
    ("verb", "prepositions"),
    [
        ("talk", {"about"}),
        ("speak", {"about", "of", "against"}),  # "speak out against": the particle is the parse's
        ("lash", {"at"}),  # "lash out at"
        ("weigh", {"on"}),  # "weigh in on"
    ],
)
def test_prep_lexicon_pairs_a_verb_with_its_last_word(verb, prepositions):
    assert cues.prep_verbs()[verb] == prepositions
