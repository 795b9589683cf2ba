"""Words for people: titles ("minister"), speaking roles ("spokesman", "analysts") and
the nouns a name may stand in apposition to ("host", "wife"). Word lists are data
(``titles.txt``, ``source_nouns.txt``, ``speaker_roles.txt``, ``apposed_roles.txt``,
``epithet_nouns.txt`` and the coreference stage's ``person_nouns.txt``).
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from dateline import lexicons


def apposed_role(tok: Token) -> bool:
    """A singular noun for a person, as a name in apposition to it may be read: "host",
    "partner", "wife", "columnist" (``apposed_roles``, ``epithet_nouns`` and the
    coreference stage's ``person_nouns``); never a plural ("Two objectors, Lawrence
    Joyce and …") nor a thing ("the election", "four casinos")."""
    return tok.tag_ == "NN" and tok.lemma_.lower() in person_nouns()


@cache
def person_nouns() -> frozenset[str]:
    people = lexicons.load("person_nouns", "coref")
    return people | lexicons.load("apposed_roles") | lexicons.load("epithet_nouns")


def unnamed_person_noun(tok: Token) -> bool:
    """Whether ``tok`` heads a description of people who speak ("coach", "analysts"), as
    a source is read: a common noun ("academic" heading a subject is a noun the tagger
    read as an adjective)."""
    noun = tok.pos_ == "NOUN" or (tok.pos_ == "ADJ" and tok.dep_ in {"nsubj", "nsubjpass"})
    return noun and _speaking(tok)


def is_person_noun(tok: Token) -> bool:
    """Whether ``tok`` heads a description of people who speak ("analysts", "a
    spokesman"), a proper noun included ("Analysts" the tagger took for a name)."""
    return tok.pos_ in {"NOUN", "PROPN"} and _speaking(tok)


def _speaking(tok: Token) -> bool:
    """Whether the lemma of ``tok`` names people who speak (``source_nouns``,
    ``speaker_roles``)."""
    lemma = tok.lemma_.lower()
    return lemma in lexicons.load("source_nouns") or lemma in lexicons.load("speaker_roles")


def people_noun(tok: Token) -> bool:
    """Whether the lemma of ``tok`` names people, in either number: a title, a speaking
    role or a person noun ("attorneys", "advisers", "authors")."""
    lemma = tok.lemma_.lower()
    return lemma in lexicons.load("titles") or lemma in person_nouns() or _speaking(tok)


def is_title(tok: Token) -> bool:
    """Whether ``tok`` is a title word ("minister", "vice-president": its last part)."""
    titles = lexicons.load("titles")
    low = tok.lower_
    return low in titles or low.split("-")[-1] in titles
