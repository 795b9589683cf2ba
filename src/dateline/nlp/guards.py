"""Precision guards: readings the quote rules make that a fact-checker must not publish.

Each guard is named, described and exampled like a rule (``GUARDS``) and acts on
the parse rules' candidates before they are merged: it drops a candidate (the
record never holds it) or takes its source away (the words stay reported, by
nobody named). A wrong speaker is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from dateline import lexicons
from dateline.nlp import quotemarks
from dateline.nlp.candidate import Candidate
from dateline.nlp.doctext import doc_text


@dataclass(frozen=True, slots=True)
class Guard:
    name: str
    description: str
    example: str
    applies: Callable[[Doc, Candidate, str], bool]  # doc, candidate, doc.text
    action: str  # "drop": no quote; "unsource": a quote with no source or speaker


def _cue_token(doc: Doc, cand: Candidate) -> Token | None:
    if cand.cue is None:
        return None
    span = doc.char_span(*cand.cue, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _circumstance(doc: Doc, cand: Candidate, text: str) -> bool:
    """ "Asked whether he would resign, Baker said …", "Answering questions from the
    National Newspaper Association, Baker said …": a participle phrase before the
    main clause tells the circumstance of what was said. What was asked is the
    asker's (unnamed), never the subject's."""
    tok = _cue_token(doc, cand)
    # The tagger reads a sentence-initial "Asked" as VBN or VBD: what tells the participle
    # is an adjunct before its head with no subject of its own.
    return (
        tok is not None
        and tok.pos_ == "VERB"
        and tok.dep_ in {"advcl", "npadvmod", "dep"}
        and tok.head.i > tok.i
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)
        and tok.lemma_.lower() in lexicons.load("circumstance_verbs")
    )


#: Rules whose content is a clause: a reading of fewer words and with no verb is a
#: fragment the parse cut wrong ("Of course", "while his", "investors").
CLAUSE_RULES = frozenset(
    {"reported_clause", "parenthetical", "according_to", "as_clause", "belief", "in_evidence"}
)
MIN_CLAUSE_WORDS = 3
_MARKS = frozenset("\"“”„«»‘’'`")


def _fragment(doc: Doc, cand: Candidate, text: str) -> bool:
    """A clause reading of under three words and with no verb, outside quotation marks."""
    if cand.rule not in CLAUSE_RULES:
        return False
    span = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if span is None:
        return False
    if any(ch in _MARKS for ch in text[cand.start : cand.end]):
        return False  # a quoted term or a quote: the marks say it is what was said
    words = [t for t in span if not t.is_punct and not t.is_space]
    # Both tests: PolNeAR counts short clauses ("he would") and verbless ones ("no
    # comment") often enough that either test alone costs recall (dev soft F1 -0.001).
    return len(words) < MIN_CLAUSE_WORDS and not any(t.pos_ in {"VERB", "AUX"} for t in words)


def _question(doc: Doc, cand: Candidate, text: str) -> bool:
    """A paragraph that is only a quoted question, with no cue, answered by the quote in
    the next paragraph: it is the interviewer's, not the speaker quoted before it."""
    if cand.rule != "continuation":
        return False
    words = text[cand.start : cand.end]
    # One paragraph only: a block quoted over paragraphs may well ask questions.
    if "\n" in words or not words.rstrip(" \"”’'").endswith("?"):
        return False
    before = text[: cand.start].rstrip(" \t\"“‘'«")
    after = text[cand.end :].lstrip(" \t\"”’'»")
    # The paragraph after it answers: it opens with a quotation mark.
    answer = after.lstrip()[:1] in {'"', "“", "«", "‘"}
    return (not before or before.endswith("\n")) and after.startswith("\n") and answer


def _self_source(doc: Doc, cand: Candidate, text: str) -> bool:
    """The source lies inside the quote's own words: a quote never names who said it
    from within (“Fox and Friends.” read as said by “Fox and Friends”)."""
    src = cand.source
    return src is not None and cand.start <= src[0] and src[1] <= cand.end


def _quoted_source(doc: Doc, cand: Candidate, text: str) -> bool:
    """The source lies inside quotation marks that do not hold the quote's words: a
    quoted title or phrase ("… said on Fox News's “Fox and Friends.”") is not a speaker,
    however the parse attached it. A source inside a quote around the quote itself
    (“Smith told me ‘we will win,’” Jones said) is a nested speaker and stays."""
    src = cand.source
    if src is None:
        return False
    q = quotemarks.around(doc, src[0])
    return q is not None and src[1] <= q.end and not (q.start <= cand.start < q.end)


def _asked(doc: Doc, cand: Candidate, text: str) -> bool:
    """ "Do you think magic is alive?", "Why did you decide to …?": a question put to
    "you" reports no one's words, it asks for them."""
    tok = cand.source_tok
    if tok is None or tok.lower_ != "you":
        return False
    sent = tok.sent
    if text[sent.start_char : sent.end_char].rstrip(" \"”’'»)\n").endswith("?"):
        return True
    # The parse may run the question into the paragraph after it: the question mark
    # right after the content tells it too.
    return text[cand.end : cand.end + 4].lstrip(" \"”’'»)")[:1] == "?"


#: "That said," "This being said,": a demonstrative that opens its sentence.
_DEMONSTRATIVES = frozenset({"that", "this"})


def _that_said(doc: Doc, cand: Candidate, text: str) -> bool:
    """ "That said, we are realistic …", "That being said, …": the idiom opens a
    sentence and concedes what came before; nobody said the words after it."""
    src, cue = cand.source_tok, _cue_token(doc, cand)
    if src is None or cue is None or src.lower_ not in _DEMONSTRATIVES:
        return False
    if src.i != src.sent.start or cue.lower_ != "said":
        return False
    between = doc[src.i + 1 : cue.i]
    if any(t.lower_ != "being" for t in between):
        return False
    return cue.i + 1 < len(doc) and doc[cue.i + 1].text == ","


def _so_called(doc: Doc, cand: Candidate, text: str) -> bool:
    """ "the so-called “working capital” credits", "a so called “swing line”": the marks
    set off a name for something, not anyone's words."""
    cue = _cue_token(doc, cand)
    if cue is None or cue.lower_ != "called":
        return False
    return _SO.search(text, max(0, cue.idx - 6), cue.idx) is not None


_SO = re.compile(r"\b[Ss]o(?:-| |- )$")


def _asked_about(doc: Doc, cand: Candidate, text: str) -> bool:
    """ "Clinton was asked about securing the border", "he was warned against doing so",
    "Clinton was asked whether she would run", "Trump was told that the plan had
    failed", "The senator was urged to resign": the subject of a passive verb +
    preposition cue, or of a passive verb said to someone (``addressee_verbs``,
    ``directive_verbs``), is the one asked, told or warned, not who spoke (PolNeAR marks
    these with no source). Not one whose passive states the subject's own mind ("was
    not convinced that …"), nor "X was quoted as saying" (a relay); not "he's spoken out
    against …", where the parse may read the "has" of a perfect as a passive's "is"."""
    tok = cand.source_tok
    if tok is None or tok.dep_ != "nsubjpass":
        return False
    verb = tok.head  # the cue's own verb, not one it borrows a subject from ("was allowed
    # to speak out about …", "is seen speaking about …")
    if cand.cue is None or verb.idx != cand.cue[0]:
        return False
    if cand.rule != "prepositional" and verb.lemma_.lower() not in _addressed():
        return False
    return any(c.dep_ == "auxpass" and c.lower_ not in {"'s", "’s"} for c in verb.children)


#: Verbs said to someone whose passive subject is not the one spoken to: it holds what
#: was said ("was not convinced that …", "was persuaded that …", "is expected to …"),
#: or it is shown doing the speaking ("al-Awlaki is shown lecturing: “…”").
_NOT_SAID_TO = frozenset({"convince", "persuade", "expect", "need", "want", "show", "write"})


@cache
def _addressed() -> frozenset[str]:
    """Verbs whose passive subject is the one spoken to."""
    said_to = lexicons.load("addressee_verbs") | lexicons.load("directive_verbs")
    return said_to - _NOT_SAID_TO


def _directed(doc: Doc, cand: Candidate, text: str) -> bool:
    """ "urged Smith to say that …", "daring him to admit that …": a speech act asked of
    someone else (an infinitive after a verb of asking or urging, ``directive_verbs``,
    with the one asked as its object or its own subject) has not happened; the one asked
    said nothing yet. What the asker asked is the asking verb's reading, where it is a
    cue."""
    tok = _cue_token(doc, cand)
    if tok is None or tok.tag_ != "VB" or tok.head is tok:
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    head = tok.head
    if tok.dep_ not in {"xcomp", "ccomp"} or head.lemma_.lower() not in lexicons.load(
        "directive_verbs"
    ):
        return False
    asked = any(c.dep_ in {"dobj", "dative"} and c.i < tok.i for c in head.children)
    return asked or any(c.dep_ == "nsubj" and c.i < tok.i for c in tok.children)


GUARDS: tuple[Guard, ...] = (
    Guard(
        "circumstance",
        "a participle phrase before the main clause ('Asked whether …', 'Answering "
        "questions from …') is the circumstance, not what the subject said",
        "Asked whether he would resign, Baker said he had no plans to do so.",
        _circumstance,
        "unsource",
    ),
    Guard(
        "fragment",
        "a clause reading outside quotation marks of under three words and no verb is a "
        "fragment the parse cut wrong",
        "Of course, the minister said.",
        _fragment,
        "drop",
    ),
    Guard(
        "question",
        "a paragraph that is only a quoted question, with no cue, answered by a quote in "
        "the next paragraph, is the interviewer's: it does not continue the quote before it",
        "“We will not devalue,” Baker said.\n\n“Will the Fed act again?”\n\n“We will see.”",
        _question,
        "drop",
    ),
    Guard(
        "asked",
        "a question put to 'you' ('Do you think …?') reports no one's words: it asks for them",
        "Do you think magic is alive as a form of entertainment today?",
        _asked,
        "drop",
    ),
    Guard(
        "self_source",
        "a source inside the quote's own words: a quote never names its speaker from within",
        "Flynn spoke on Fox News's “Fox and Friends.”",
        _self_source,
        "unsource",
    ),
    Guard(
        "quoted_source",
        "a source inside quotation marks that do not hold the quote (a quoted title or "
        "phrase) is not who spoke",
        "“The talks failed,” Flynn, an adviser, said on Fox News's “Fox and Friends.”",
        _quoted_source,
        "unsource",
    ),
    Guard(
        "asked_about",
        "the subject of a passive cue said to someone ('was asked about', 'was told "
        "that', 'was urged to') is the one asked, told or warned, not who spoke",
        "Clinton was asked about securing the border.",
        _asked_about,
        "unsource",
    ),
    Guard(
        "directed",
        "a speech act asked of someone else ('urged him to say …', 'daring him to admit "
        "…') has not happened: the one asked said nothing yet",
        "One Republican threatened to call him back, daring him to say that the panel "
        "had no right to the files.",
        _directed,
        "drop",
    ),
    Guard(
        "so_called",
        "'so-called' before quotation marks names a thing: nobody said the words",
        "The debt includes about 750 mln dlrs in so-called “working capital” credits.",
        _so_called,
        "drop",
    ),
    Guard(
        "that_said",
        "'That said,' or 'That being said,' opening a sentence concedes a point: the "
        "words after it are the writer's or the speaker's already quoted, not 'that's'",
        "That said, we are realistic enough to know this will take time.",
        _that_said,
        "drop",
    ),
)


def keep(
    doc: Doc, cands: list[Candidate], disabled: frozenset[str] = frozenset()
) -> list[Candidate]:
    """``cands`` less those a guard drops, with the sources a guard takes away gone."""
    guards = [g for g in GUARDS if g.name not in disabled]
    text = doc_text(doc)
    out = []
    for cand in cands:
        acts = {g.action for g in guards if g.applies(doc, cand, text)}
        if "drop" in acts:
            continue
        if "unsource" in acts:
            cand.source, cand.source_tok = None, None
        out.append(cand)
    return out
