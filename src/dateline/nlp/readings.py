"""Attributions whose cue is not a verb, as PolNeAR annotates them.

* a statement noun with a "that" clause: "the claim that …", "his warning that …";
* a stance adjective after a copula: "was critical of the deal", "is confident that …".

The word lists are data (``statement_nouns.txt``, ``stance_adjectives.txt``); nouns of
fact or chance ("the fact that") are left out of them on purpose.
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline import lexicons
from dateline.nlp import boundaries, cues
from dateline.nlp.candidate import Candidate

#: Prepositions that carry what a stance adjective is about ("critical of", "upbeat about").
_ADJ_PREPS = frozenset({"of", "about", "on", "with"})


def stance_adjective(adj: Token) -> Candidate | None:
    """ "was critical of the deal", "is confident that Cruz will win": a stance adjective
    after a copula, its prepositional object or clause as content, the copula's subject
    as source."""
    if adj.dep_ != "acomp" or adj.lemma_.lower() not in lexicons.load("stance_adjectives"):
        return None
    subj = cues.subject(adj.head)
    if subj is None:
        return None
    cue_end = adj
    target = next((c for c in adj.rights if c.dep_ == "ccomp"), None)
    if target is None:
        # "is determined to win", "is eager to debate": an infinitive of intent.
        target = next((c for c in adj.rights if c.dep_ == "xcomp" and _has_aux(c, "to")), None)
    if target is None:
        prep = next((c for c in adj.rights if c.dep_ == "prep" and c.lower_ in _ADJ_PREPS), None)
        target = (
            next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep else None
        )
        if target is None or target.pos_ == "PRON":
            return None
        cue_end = prep
    content = boundaries.content(adj, target.left_edge.i, target.right_edge.i, least=1)
    if content is None:
        return None
    cue = (adj.idx, cue_end.idx + len(cue_end))
    return Candidate(*content, "indirect", cue, cues.phrase(subj), subj, False)


def noun_clause(noun: Token) -> Candidate | None:
    """ "the claim that …", "his warning that …": a noun with a "that" complement clause
    (not a relative clause, which the parser labels ``relcl``); "his effort to bounce back",
    "an agreement to cut emissions": an intention noun with an infinitive; "an opponent of
    the death penalty", "questions about the foundation": a stance noun with what it is
    about. The source is the possessor ("his"), or the subject of the verb whose object or
    predicate the noun is ("made the claim that", "raised questions about", "is an
    opponent of")."""
    lemma = noun.lemma_.lower()
    cue_end = noun
    target = None
    if lemma in lexicons.load("statement_nouns"):
        target = next((c for c in noun.rights if c.dep_ == "acl" and _has_mark(c, "that")), None)
    if target is None and lemma in lexicons.load("intention_nouns"):
        target = next((c for c in noun.rights if c.dep_ == "acl" and _has_aux(c, "to")), None)
    if target is None and noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        # "His view is that …", "Her plan is to raise taxes": the copula's clause.
        listed = lemma in lexicons.load("statement_nouns") or lemma in lexicons.load(
            "intention_nouns"
        )
        clause = next((c for c in noun.head.rights if c.dep_ in {"ccomp", "xcomp"}), None)
        if listed and clause is not None and any(c.dep_ == "poss" for c in noun.children):
            target = clause
    if target is None:
        preps = _stance_nouns().get(lemma, ())
        prep = next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in preps), None)
        objs = [c for c in prep.children if c.dep_ in {"pobj", "pcomp"}] if prep else []
        if not objs or objs[0].pos_ == "PRON" or objs[0].ent_type_ in {"DATE", "TIME"}:
            return None  # "his remarks on Saturday" dates the remarks
        target, cue_end = objs[0], prep
    least = 1 if cue_end is not noun else boundaries.MIN_CONTENT_TOKENS
    content = boundaries.content(noun, target.left_edge.i, target.right_edge.i, least)
    if content is None:
        return None
    subj = next((c for c in noun.children if c.dep_ == "poss"), None) or misread_subject(noun)
    if subj is None:
        # "warnings from his attorney that …", "a claim by the ministry that …"
        agent = next(
            (c for c in noun.children if c.dep_ == "prep" and c.lower_ in _AGENT_PREPS), None
        )
        subj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
    if (
        subj is None
        and noun.dep_ in {"dobj", "attr"}
        and (noun.dep_ == "attr" or cues.verb_lemma(noun.head) in lexicons.load("make_verbs"))
    ):
        subj = cues.subject(noun.head)
    if subj is None and (cue_end is not noun or lemma not in lexicons.load("statement_nouns")):
        return None  # an intention or a stance needs someone who holds it
    source = cues.phrase(subj) if subj is not None else None
    cue = (noun.idx, cue_end.idx + len(cue_end))
    return Candidate(*content, "indirect", cue, source, subj, False)


def misread_subject(noun: Token) -> Token | None:
    """ "Trump charges that …": the tagger took a sentence's verb for a plural noun and
    its subject, a name just before it, for a modifier; the name is the source. Only for
    a plural noun that heads its sentence with no determiner ("The Trump charges that
    …" stays a noun phrase)."""
    if noun.dep_ != "ROOT" or noun.tag_ != "NNS" or any(c.dep_ == "det" for c in noun.children):
        return None
    name = noun.doc[noun.i - 1] if noun.i > 0 else None
    if name is None or name.head.i != noun.i or name.dep_ != "compound" or not name.is_title:
        return None
    # Only a person or organisation the article names ("Trump", tagged NN at a sentence's
    # start, after "Donald Trump"): "Fraud charges that …" is a noun phrase.
    end = name.idx + len(name)
    known = any(
        any(m.end == end for m in e.mentions) or e.name.split()[-1] == name.text
        for e in noun.doc._.entities or []
        if e.type in {"PERSON", "ORG"}
    )
    return name if known else None


#: Prepositions that name who holds a statement noun.
_AGENT_PREPS = frozenset({"from", "by"})


def _has_mark(clause: Token, word: str) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == word for m in clause.children)


def _has_aux(clause: Token, word: str) -> bool:
    return any(m.dep_ == "aux" and m.lower_ == word for m in clause.children)


def _stance_nouns() -> dict[str, frozenset[str]]:
    """Noun lemma -> the prepositions that introduce what it is about ("opponent" -> "of")."""
    return lexicons.pairs("stance_nouns")
