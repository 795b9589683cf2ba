"""Texts and spokespeople as sources: who speaks through them.

"a spokesman for the ministry", "the Kremlin's spokesman" speak for the organisation;
a text written in someone's name ("Cornyn's statement", "CPC's annual report", "a
Treasury statement", "a report released by the CIA") is its author's, and so is a later
"the report said" or "the statement said": the one the article named last, with its
author, or put out by the subject of its verb ("The Holocaust Museum issued a
statement …", "Powell said in a statement …"). Word lists are data:
``authored_nouns.txt``, ``speaker_roles.txt``.
"""

from __future__ import annotations

from spacy.tokens import Token

from dateline import lexicons
from dateline.nlp.cues import is_speech_verb
from dateline.nlp.description_rules import DescriptionRules, description_names
from dateline.nlp.mention_index import PRONOUN_REACH, conjoined, definite
from dateline.types import Entity

#: Who writes in their own name: "Cornyn's statement", "CPC's annual report".
_AUTHORS = frozenset({"PERSON", "ORG", "GPE"})
#: Verbs whose agent made the text: "a report released by", not "quoted by", "mandated by".
_AUTHORING = frozenset(
    {"release", "issue", "publish", "prepare", "write", "author", "conduct", "compile",
     "produce", "file", "sign", "send"}
)  # fmt: skip
#: Texts named after whom they were sent to: "a Securities and Exchange Commission filing"
#: is a firm's, filed with the regulator.
_FILED_WITH = frozenset({"filing"})
#: Verbs besides ``_AUTHORING`` whose subject puts out the text they take: "provided a
#: written statement", "posted a message".
_PUTTING_OUT = frozenset({"provide", "post", "put", "give", "deliver", "make", "tweet"})


class TextAuthors(DescriptionRules):
    """The spokesperson and author rules, over the description rules they use ("a
    company statement" is the company "the company" would be)."""

    def _spokesperson(self, tok: Token) -> Entity | None:
        """ "a spokesman for the ministry" / "the Kremlin's spokesman" -> the organisation;
        "Cornyn's statement", "Trump's tweet", "CPC's annual report" -> who wrote it
        (``authored_nouns``)."""
        lemma = tok.lemma_.lower()
        if lemma in lexicons.load("authored_nouns"):
            return self._author(tok)
        if lemma not in lexicons.load("speaker_roles"):
            return None
        for child in tok.children:
            target = None
            if child.dep_ == "prep" and child.lower_ in {"for", "of", "at"}:
                target = next((c for c in child.children if c.dep_ == "pobj"), None)
            elif child.dep_ == "poss":
                target = child
            if target is not None:
                for _, _, entity in self.at(target.idx):
                    if entity.type in {"ORG", "GPE"}:
                        return entity
        return None

    def _author(self, tok: Token) -> Entity | None:
        """Who wrote the text ``tok`` names (``_named_author``); for "the report" that
        names none, the author of the report the article named last, within reach ("…,
        according to CPC's 1986 annual report. … the report said"). A nearer report with
        no author ("a report said") ends the search: "the report" is that one."""
        author = self._named_author(tok)
        if author is not None or not definite(tok) or self._by_or_from(tok)[0] is not None:
            return author  # "The statement by the two" is no earlier one's
        lemma = tok.lemma_.lower()
        for prev in reversed(self.doc[: tok.i]):
            if tok.idx - prev.idx > PRONOUN_REACH:
                return None
            if prev.pos_ != "NOUN" or prev.lemma_.lower() != lemma:
                continue
            author = self._named_author(prev) or self._issuer(prev)
            if author is not None:
                return author
            if not definite(prev):
                return None  # "a report said …; the report added": no author given
        return None

    def _issuer(self, tok: Token) -> Entity | None:
        """Who put out the text ``tok`` names, as the subject of the verb that issues it
        or says something "in" it: "the Holocaust Museum issued a statement …",
        "Powell said in a statement …" (then "the statement urged …" is theirs); the
        subject's entity, or the speaker found for it as a source ("In a statement, the
        business mogul announced …")."""
        verb = tok.head
        if tok.dep_ == "pobj" and verb.lower_ == "in" and is_speech_verb(verb.head):
            verb = verb.head  # "said in a statement", never "leading in the polls"
        elif not (tok.dep_ == "dobj" and verb.lemma_.lower() in _AUTHORING | _PUTTING_OUT):
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.pos_ == "PRON" or conjoined(subj):
            return None  # "Goodlatte and Gowdy sent a letter": neither alone
        authors = {e.id: e for _, _, e in self.at(subj.idx) if e.type in _AUTHORS}
        return next(iter(authors.values())) if len(authors) == 1 else None

    def _named_author(self, tok: Token) -> Entity | None:
        """Who wrote the text ``tok`` names: its possessor ("Cornyn's statement", "CPC's
        annual report", "its annual report" where "its" stands for a firm), else the name
        or the description that modifies it ("a Treasury statement", "a company
        statement": the company named before, as "the company" reads), else the
        organisation or person it is "by" or "from" ("a statement from the ministry").
        None when the text names no author ("a report", "the statement")."""
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is None and tok.lemma_.lower() not in _FILED_WITH:
            # The compound right before the noun: "White House" of "a White House statement";
            # past a common noun that is no description: "Reuters/Ipsos" of "the Reuters/Ipsos
            # opinion poll".
            compounds = [c for c in tok.lefts if c.dep_ == "compound"]
            at = tok.i - 1
            for c in reversed(compounds):
                if c.i != at:
                    break
                if c.pos_ == "NOUN" and c.lemma_.lower() in description_names():
                    return self._fitting(c)
                if c.pos_ != "NOUN":
                    owner = c
                    break
                at -= 1
        types = _AUTHORS
        if owner is None:
            owner, types = self._by_or_from(tok)
        if owner is not None and owner.pos_ == "PRON":
            # "its annual report": the firm "its" stands for, as a source "it" is read.
            entity = self._org_pronoun(owner) if owner.lower_ == "its" else self._pronoun(owner)
            return entity if entity is not None and entity.type in types else None
        if owner is None or owner.pos_ != "PROPN":
            return None
        authors = {e.id: e for _, _, e in self.at(owner.idx) if e.type in types}
        return next(iter(authors.values())) if len(authors) == 1 else None

    @staticmethod
    def _by_or_from(tok: Token) -> tuple[Token | None, frozenset[str]]:
        """The object of a "by" or "from" the text noun ``tok`` holds ("a report by the
        CIA", "an analysis released by the Department of Veterans Affairs"), and the
        entity types that may be its author there: a place is none after "from" ("a
        report from Tokyo" says where it was filed)."""
        for child in tok.children:
            by = None
            if child.dep_ == "prep" and child.lower_ in {"by", "from"}:
                by = child
            elif child.dep_ == "acl" and child.lemma_.lower() in _AUTHORING:  # "released by"
                by = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
            if obj is not None and any(c.dep_ == "conj" for c in obj.children):
                return None, _AUTHORS  # "a study by Harvard and Berkeley": neither alone
            if obj is not None:
                return obj, _AUTHORS - {"GPE"} if by.lower_ == "from" else _AUTHORS
        return None, _AUTHORS
