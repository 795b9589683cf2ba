"""What a quote reports (``quote.act``): a statement, a belief or stance, or an intention.

PolNeAR counts beliefs, plans and offers as attributions, so they stay in the
record, typed: "said", "told", "wrote" report a **statement**; "believes",
"considers", "criticizes" a **belief** (or stance); "plans", "intends", "offers"
an **intention**. The act follows the cue word (the ``act`` column of
``data/lexicons/cues.tsv``; for nouns, ``intention_nouns`` and ``stance_nouns``) and
the rule that read it (a belief verb with a clause, a stance adjective).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc

from dateline import lexicons
from dateline.nlp import cues
from dateline.nlp.candidate import Candidate

ACTS = ("statement", "belief", "intention")

#: Rules whose readings are beliefs or stances whatever their cue word.
_BELIEF_RULES = frozenset({"belief", "stance_adjective"})


def act(doc: Doc, cand: Candidate) -> str:
    """The act the cue of ``cand`` reports."""
    word = _cue_word(doc, cand)
    if cand.rule == "statement_noun":
        if word in lexicons.load("intention_nouns"):
            return "intention"
        if word in _stance_nouns():
            return "belief"
        return "statement"
    listed = cues.acts().get(word, "statement")
    if cand.rule not in _BELIEF_RULES and listed == "intention":
        return "intention"
    if cand.rule in _BELIEF_RULES or listed == "belief":
        return "belief"
    return "statement"


def _cue_word(doc: Doc, cand: Candidate) -> str:
    """The lemma of the cue's head word ("plans" -> "plan", "the claim that" -> "claim")."""
    if cand.cue is None:
        return ""
    span = doc.char_span(*cand.cue, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    words = [t for t in span if t.pos_ in {"VERB", "NOUN", "AUX", "ADJ"}] or list(span)
    return words[0].lemma_.lower()


@cache
def _stance_nouns() -> frozenset[str]:
    return frozenset(line.split()[0] for line in lexicons.load("stance_nouns"))
