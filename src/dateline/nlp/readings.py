"""Attributions whose cue is not a verb, as PolNeAR annotates them.

* a statement noun with a "that" clause: "the claim that …", "his warning that …";
* a stance adjective after a copula: "was critical of the deal", "is confident that …".

The word lists are data (``statement_nouns.txt``, ``stance_adjectives.txt``); nouns of
fact or chance ("the fact that") are left out of them on purpose.
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline import lexicons

# indirect imports this module; the module object (not its names) is safe to take here.
from dateline.nlp import boundaries, cues, indirect

#: Prepositions that carry what a stance adjective is about ("critical of", "upbeat about").
_ADJ_PREPS = frozenset({"of", "about", "on", "with"})


def stance_adjective(adj: Token) -> indirect.Candidate | None:
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
    return indirect.Candidate(*content, "indirect", cue, cues.phrase(subj), subj, False)


#: Verbs whose subject is the source of the statement noun they take: "made the claim that".
_MAKE_VERBS = frozenset({"make", "repeat", "reiterate", "issue", "level", "voice", "express"})


def noun_clause(noun: Token) -> indirect.Candidate | None:
    """ "the claim that …", "his warning that …": a noun with a "that" complement clause
    (not a relative clause, which the parser labels ``relcl``). The source is the possessor
    ("his"), or the subject of a verb that makes the statement ("made the claim that")."""
    if noun.lemma_.lower() not in lexicons.load("statement_nouns"):
        return None
    clause = next(
        (
            c
            for c in noun.rights
            if c.dep_ == "acl" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )
    if clause is None:
        return None
    content = boundaries.content(noun, clause.left_edge.i, clause.right_edge.i)
    if content is None:
        return None
    subj = next((c for c in noun.children if c.dep_ == "poss"), None)
    if subj is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in _MAKE_VERBS:
        subj = cues.subject(noun.head)
    source = cues.phrase(subj) if subj is not None else None
    cue = (noun.idx, noun.idx + len(noun))
    return indirect.Candidate(*content, "indirect", cue, source, subj, False)
