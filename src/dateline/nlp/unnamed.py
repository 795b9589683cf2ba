"""Sources that name no one: typed, described, and tied to whom they speak for.

A quote whose source resolves to no entity still says something about its speaker:
"analysts", "a Treasury spokesman", "Japanese officials". Such a speaker is
``unnamed``, with the source as its ``description`` and, where the text gives one,
an ``affiliation``: the organisation or country inside the phrase ("a Treasury
spokesman", "a spokesman for the Senate Democratic campaign", "the ministry's
spokeswoman") or named by a nationality adjective ("Japanese officials" -> Japan,
from ``data/lexicons/demonyms.tsv``). A pronoun with no antecedent is ``unknown``.

First person inside a quote is the quote's own speaker: the "I" of an indirect
quote within a direct one ("“I believe the deal is good,” he said") is whoever says
the direct quote. "we" is the speaker only when the speaker is an organisation.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Token

from dateline import lexicons, names
from dateline.nlp.mention_index import SUBJECT, definite, main_dependent, source_between
from dateline.nlp.person_words import is_person_noun
from dateline.types import Entity, Quote

if TYPE_CHECKING:
    from dateline.nlp.mention_index import MentionIndex
    from dateline.nlp.pronoun_rules import PronounRules

FIRST_SINGULAR = frozenset({"i", "me", "my", "myself"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ourselves"})
FIRST_PERSON = FIRST_SINGULAR | FIRST_PLURAL
#: Pronouns that stand for a person: with no antecedent, their speaker is ``unknown``.
PERSONAL = frozenset({"he", "she", "him", "her", "they", "them", "i", "we", "you", "it"})
AFFILIATED = frozenset({"ORG", "GPE"})


@dataclass(slots=True)
class Unnamed:
    kind: str  # "unnamed" | "unknown"
    description: str | None
    affiliation: Entity | None


@cache
def demonyms() -> dict[str, str]:
    return {row["demonym"]: row["place"] for row in lexicons.table("demonyms")}


@cache
def demonym_places() -> frozenset[str]:
    """The places of the nationality list (``demonyms.tsv``), folded."""
    return frozenset(names.fold(place) for place in demonyms().values())


def is_pronoun(tok: Token) -> bool:
    return tok.pos_ == "PRON" or tok.lower_ in PERSONAL


def host_speaker(by_id: dict[str, Quote], quote: Quote, pos: int) -> Quote | None:
    """The quote with a speaker around ``quote`` (following ``parent`` links) whose content
    holds ``pos``: the passage a first person source inside a quote belongs to."""
    host = by_id.get(quote.parent or "")
    for _ in range(len(by_id)):
        if host is None:
            return None
        if host.speaker is not None and host.start <= pos < host.end:
            return host
        host = by_id.get(host.parent or "")
    return None


def describe(
    resolver: MentionIndex,
    tok: Token,
    span: tuple[int, int],
    fitting: Callable[[Token], Entity | None] | None = None,
) -> Unnamed | None:
    """The unnamed (or unknown) speaker a source with no entity stands for; None when the
    source is no description of a speaker. ``fitting`` reads a description noun of the
    phrase as the organisation it stands for (see ``affiliation``)."""
    if is_pronoun(tok):
        return Unnamed("unknown", None, None)
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    description = resolver.text[span[0] : span[1]].strip()
    if not description:
        return None
    # A capitalised word no entity holds is a name Dateline could not place: unknown.
    kind = "unnamed" if tok.pos_ == "NOUN" or is_person_noun(tok) else "unknown"
    return Unnamed(kind, description, affiliation(resolver, tok, span, fitting))


def affiliation(
    resolver: MentionIndex,
    tok: Token,
    span: tuple[int, int],
    fitting: Callable[[Token], Entity | None] | None = None,
) -> Entity | None:
    """The organisation or country the described speaker speaks for, if the text says:
    one named in the phrase, or one a description noun in it stands for ("a company
    spokesman", "a spokesman for the ministry": ``fitting``, as "the company" is read)."""

    def entity_at(t: Token) -> Entity | None:
        return next((e for _, _, e in resolver.at(t.idx) if e.type in AFFILIATED), None)

    # "a spokesman for the campaign", "officials at the ministry", "the ministry's aide"
    for child in tok.children:
        target = None
        if child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "from", "with", "in"}:
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ in {"poss", "compound", "amod", "nmod"}:
            target = child
        if target is None:
            continue
        found = entity_at(target) or next(
            (entity_at(t) for t in target.subtree if entity_at(t)), None
        )
        if found is not None:
            return found
        if child.dep_ in {"amod", "compound"}:
            place = demonym_place(resolver, child)
            if place is not None:
                return place
        if fitting is not None and _stands_for_one(tok, child, target):
            found = fitting(target)
            if found is not None:
                return found
    inside = [e for _, _, e in resolver.within(span[0], span[1]) if e.type in AFFILIATED]
    return inside[0] if len({id(e) for e in inside}) == 1 else None


#: What a bare description noun before a spokesperson noun may not have: "a U.K.
#: merchant bank", "the 14-bank steering committee" are others of the kind.
_QUALIFIED = frozenset({"compound", "amod", "nummod", "det", "poss", "nmod"})
#: Determiners of many: "some bank officials", "several ministry sources".
_SEVERAL = frozenset({"some", "many", "several", "most", "few", "all", "other", "various"})


def _stands_for_one(tok: Token, child: Token, target: Token) -> bool:
    """Whether the description noun ``target`` of the source ``tok`` names the one
    organisation "the company" would: a spokesperson noun (``speaker_roles``) with a bare
    noun right before it ("a company spokesman", "ministry officials") or "for"/"of"/"at"
    a definite one ("a spokesman for the ministry"). "a director at one U.K. merchant
    bank", "a dealer for a major French bank" speak for another of the kind."""
    if target.pos_ != "NOUN" or tok.lemma_.lower() not in lexicons.load("speaker_roles"):
        return False
    if child.dep_ == "compound":
        # "some bank officials" are of several banks, "a bank official in one foreign
        # bank" of another one: only a phrase that says no more.
        several = any(c.dep_ == "nummod" or c.lower_ in _SEVERAL for c in tok.children)
        placed = any(c.dep_ == "prep" for c in tok.children)
        return (
            target.i == tok.i - 1
            and not any(c.dep_ in _QUALIFIED for c in target.children)
            and not several
            and not placed
        )
    return child.dep_ == "prep" and child.lower_ in {"for", "of", "at"} and definite(target)


def demonym_place(resolver: MentionIndex, tok: Token) -> Entity | None:
    """ "Japanese" -> the article's entity for Japan, or a new GPE entity for it whose
    mention is the adjective (so "about whom" counts it)."""
    words = [t for t in tok.subtree if t.dep_ in {"compound", "amod"} or t.i == tok.i]
    written = resolver.text[words[0].idx : tok.idx + len(tok)]
    place = demonyms().get(names.fold(written)) or demonyms().get(tok.lower_)
    if place is None:
        return None
    key = names.fold(place)
    span = (tok.idx, tok.idx + len(tok))
    for entity in resolver.entities:
        if entity.type == "GPE" and names.fold(entity.name) == key:
            resolver.add(entity, span)
            return entity
    entity = Entity(id=f"e{len(resolver.entities) + 1}", name=place, type="GPE")
    resolver.entities.append(entity)
    resolver.add(entity, span)
    return entity


def speaks_as_it(tok: Token) -> bool:
    """Whether an unnamed source headed by ``tok`` is one "it" may carry on: a singular
    noun for a text or a body ("the survey", "a Ministry statement", "the bank", "the
    institute": ``authored_nouns``, ``evidence_nouns``, ``org_heads`` and the heads of
    ``descriptions.tsv``), never a person ("a radical Islamic terrorist")."""
    if tok.tag_ != "NN":
        return False
    return tok.lemma_.lower() in _it_nouns()


@cache
def _it_nouns() -> frozenset[str]:
    heads = {row["head"] for row in lexicons.table("descriptions")}
    words = lexicons.load("authored_nouns") | lexicons.load("evidence_nouns")
    return frozenset(words | lexicons.load("org_heads") | heads)


def it_carries(
    resolver: PronounRules,
    tok: Token,
    things_at: list[tuple[int, Quote]],
) -> Quote | None:
    """The quote of the unnamed source an "It" that heads its clause goes on with: the
    last such source (``things_at``, sorted by start) in its sentence or the one
    before, when no other source (the resolver's ``sources``) speaks between them
    ("today's survey said … It reported clothing stores were the most optimistic")."""
    if tok.lower_ != "it" or not main_dependent(tok, SUBJECT):
        return None
    k = bisect_left(things_at, tok.idx, key=lambda sq: sq[0]) - 1
    if k < 0 or things_at[k][0] < resolver.sentence_start(tok, back=1):
        return None
    start, quote = things_at[k]
    return None if source_between(resolver.sources, start, tok.idx) else quote
