"""Whom a person speaks for, when the article says so: the organisation in their title.

"Acme Corp spokesman John Smith", "John Smith, chief executive of Acme Corp", "Acme's
chairman, John Smith", "Brazil's Finance Minister Dilson Funaro": the one organisation
(or country, city) named inside a title phrase the article gives the person (a phrase
headed by a title or a role noun: ``titles.txt``, ``speaker_roles.txt``). In that
person's quotes "we", "us" and "our" are then its mentions ("“We expect sales to rise,”
said Acme chief executive John Smith"). A person given two, or none in a title, speaks
for no one we can tell; a place with no title ("Iowa farmer John Smith") is no one they
speak for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline import lexicons
from dateline.types import Entity

if TYPE_CHECKING:
    from dateline.nlp.mention_index import MentionIndex

#: What a person's title may name as whom they speak for: an organisation, or a country or
#: city for an office holder ("Brazil's finance minister", "Texas Gov. Rick Perry").
_SPOKEN_FOR = frozenset({"ORG", "GPE"})
#: Dependencies of the words before a name that belong to its title ("Acme spokesman").
_TITLE_DEPS = frozenset({"compound", "amod", "nmod", "poss"})
#: Clauses inside a title phrase that say what was done to or by the person, not whom
#: they serve: "wikiHow founder interviewed by Wikinews", "a lawyer who sued Acme".
_CLAUSES = frozenset({"acl", "relcl", "advcl"})


def _is_role(tok: Token) -> bool:
    low = tok.lower_.rstrip(".")
    return low in lexicons.load("titles") or tok.lemma_.lower() in lexicons.load("speaker_roles")


def _name_head(tok: Token) -> Token:
    while tok.dep_ in {"compound", "flat"} and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _phrase(tok: Token) -> list[Token]:
    """The words of ``tok``'s subtree outside any clause modifying a word of it."""
    words, todo = [], [tok]
    while todo:  # no recursion: a parse may nest deeper than Python's stack
        word = todo.pop()
        words.append(word)
        todo.extend(c for c in word.children if c.dep_ not in _CLAUSES)
    return sorted(words, key=lambda t: t.i)


def title_phrases(head: Token, name_start: int) -> list[list[Token]]:
    """The title phrases attached to the name headed by ``head``: the words before it
    ("Acme Corp spokesman"), an apposition after it (", chief executive of Acme") and the
    role it stands in apposition to ("Acme's chairman, John Smith"); only those that hold
    a title or a role noun. ``name_start`` is where the name itself begins."""
    phrases: list[list[Token]] = []
    # Words before the name that are not the name itself ("Finance Minister" is PROPN).
    before = [c for c in head.lefts if c.dep_ in _TITLE_DEPS and c.idx < name_start]
    for child in before:
        phrases.append(_phrase(child))
    for child in head.rights:
        if child.dep_ == "appos":
            phrases.append(_phrase(child))
    if head.dep_ == "appos" and _is_role(head.head):
        own = {t.i for t in head.subtree}
        phrases.append([t for t in _phrase(head.head) if t.i not in own])
    return [p for p in phrases if any(_is_role(t) for t in p)]


def speaks_for(resolver: MentionIndex, person: Entity) -> Entity | None:
    """The one organisation named in the title phrases the article gives ``person``."""
    found: dict[str, Entity] = {}
    for m in person.mentions:
        if not m.text[:1].isupper() or m.text.lower() in {"i", "he", "she", "we"}:
            continue  # a pronoun joined to the person has no title
        head = _name_head(resolver.token_at(m.start))
        for phrase in title_phrases(head, m.start):
            for tok in phrase:
                for _, _, entity in resolver.at(tok.idx):
                    if entity.type in _SPOKEN_FOR and entity.id != person.id:
                        found[entity.id] = entity
    return next(iter(found.values())) if len(found) == 1 else None
