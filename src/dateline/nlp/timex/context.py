"""What the text around an expression says: tense (direction in time) and the
wire-story dateline that can date an article.

Direction follows HeidelTime's practice (Strötgen & Gertz, 2013): the tense of
the verb that governs the expression decides whether "Tuesday" or "in
February" lies before or after the article date ("met on Tuesday" is behind,
"will meet on Tuesday" ahead).
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc, Token

from dateline.nlp.timex.lexicon import FUTURE_HEADS, FUTURE_VERBS

PAST, UNKNOWN, FUTURE = -1, 0, 1
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "’ll"}
_PAST_TAGS = {"VBD", "VBN"}
#: Words that make the date a bound or a start ("effective Feb. 1", "through January"),
#: which the verb's tense does not place: the nearest occurrence is taken.
_BOUNDS = {"effective", "through", "until", "till", "starting", "beginning"}
#: The words of a clock time ("9 a.m. EST", "at noon") that may stand between a bound word
#: and its day.
_CLOCK_WORD = re.compile(
    r"\A(?:\d{1,2}(?::\d\d)?|[ap]\.?m\.?|noon|midnight|at|,|[ecmp][sd]t|gmt|o'clock)\Z"
)
#: How far up the parse to look for the governing verb.
_MAX_HOPS = 4


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def governing_verb(token: Token) -> Token | None:
    for _ in range(_MAX_HOPS):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head is token:
            break
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def reattached(token: Token, verb: Token) -> Token:
    """The verb ``token`` (in a time expression) belongs to, given the one the parser hangs
    it on: "said on Monday the talks would resume", "said Monday it will cut rates" (wire
    style, no "that"): a time between a verb and the subject of the clause it introduces
    modifies that verb, not the clause."""
    if verb.dep_ == "ccomp" and verb.head.i < token.i < verb.i:
        subjects = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subjects and token.i < min(subjects):
            return verb.head
    return verb


def _past_perfect(word: Token) -> bool:
    """``word`` (a verb, or "due" in "had been due to") under "had"."""
    if word.dep_ == "acomp":
        word = word.head
    return any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ == "VBD"
        for c in word.children
    )


def verb_direction(verb: Token) -> int:
    """PAST, FUTURE or UNKNOWN from a verb's tag and its auxiliaries."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    if words & _FUTURE_AUX or verb.lower_ in _FUTURE_AUX:
        return FUTURE
    # "said it would hold talks on Friday": the future of reported speech looks ahead
    # ("would have met" looks back). Other modals ("could be located Wednesday") say
    # nothing about time.
    if words & {"would", "'d", "’d"} and not words & {"have", "'ve", "’ve"}:
        return FUTURE
    # "is going to meet", "is to meet", "is meeting on Friday": arrangements ahead.
    if any(c.lower_ == "going" for c in auxes) or (
        verb.tag_ == "VBG"
        and any(c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in auxes)
        and not any(c.lemma_ == "have" for c in auxes)
    ):
        return FUTURE
    if verb.head.lower_ == "going" and verb.dep_ == "xcomp":
        return FUTURE
    # "is to be held from November 20", "are to travel on Wednesday": a present "be" with a
    # to-infinitive is an arrangement ahead ("was to" is left alone: often called off).
    if (
        verb.dep_ == "xcomp"
        and any(c.lower_ == "to" for c in auxes)
        and verb.head.lemma_ == "be"
        and verb.head.tag_ in ("VBZ", "VBP")
    ):
        return FUTURE
    # "had been due to expire Friday": a plan told in the past perfect is over by the
    # time of writing; "have been searching since the Oct. 23 slaying" looks back too.
    if _past_perfect(verb) or (verb.dep_ == "xcomp" and _past_perfect(verb.head)):
        return PAST
    if verb.tag_ == "VBG" and any(c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP") for c in auxes):
        return PAST
    # "planned a rally on Saturday", "set to resume Monday": a verb of planning and its
    # complement point ahead of the time of writing.
    if verb.dep_ == "xcomp" and verb.head.lemma_ in FUTURE_HEADS:
        return FUTURE
    if verb.lemma_ in FUTURE_VERBS or (
        verb.dep_ in ("xcomp", "ccomp") and verb.head.lemma_ in FUTURE_VERBS
    ):
        return FUTURE
    if any(c.tag_ in ("VBD",) for c in auxes) or (
        verb.tag_ in _PAST_TAGS and not any(c.tag_ in ("VBZ", "VBP", "MD") for c in auxes)
    ):
        return PAST
    if verb.tag_ == "VBN" and any(c.lower_ in ("has", "have") for c in auxes):
        return PAST
    if verb.tag_ in ("VBZ", "VBP") and verb.lemma_ == "be":
        return UNKNOWN
    return UNKNOWN


def direction(doc: Doc, start: int) -> int:
    """The direction of the expression starting at character ``start``."""
    if not doc.has_annotation("DEP"):
        return UNKNOWN
    token = token_at(doc, start)
    if token is None:
        return UNKNOWN
    # The bound may stand before a clock time the day belongs to: "until 9 a.m. EST Tuesday".
    i = token.i - 1
    while i > token.i - 6 and i >= 0 and _CLOCK_WORD.match(doc[i].lower_):
        i -= 1
    if i >= 0 and doc[i].lower_ in _BOUNDS:
        return UNKNOWN
    # "prior to June 30", "up to March 31": two-word bounds.
    if i >= 1 and doc[i].lower_ == "to" and doc[i - 1].lower_ in ("prior", "up"):
        return UNKNOWN
    verb = governing_verb(token)
    if verb is not None:
        verb = reattached(token, verb)
    found = verb_direction(verb) if verb is not None else UNKNOWN
    if found != UNKNOWN:
        return found
    # No tensed governor (a headline, a fragment): take the sentence's main verb.
    root = token.sent.root if doc.has_annotation("SENT_START") else None
    if root is not None and (verb is None or root.i != verb.i) and root.pos_ in ("VERB", "AUX"):
        return verb_direction(root)
    return UNKNOWN


def dateline_date(text: str, year: int | None) -> dt.date | None:
    """The date of a wire-story dateline at the head of ``text`` (see
    ``dateline.nlp.datelines``), its year as written or ``year``; ``None`` without one."""
    from dateline.nlp.datelines import parse_dateline  # the datelines module imports timex

    found = parse_dateline(text)
    if found is None or found.month is None or found.day is None:
        return None
    try:
        return dt.date(found.year or year or 0, found.month, found.day)
    except ValueError:
        return None
