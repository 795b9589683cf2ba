"""A source written after what it said, where the parser hung it inside the reported
clause: "Soldiers killed one man …, a source at the Cap Haitien church radio said." Wire
copy ends most of its leads this way; the parser reads the source as an apposition or a
conjunct of the last noun of the claim and leaves the cue without a subject, so the
claim swallows its own source.

The source is read from the text between the last commas before the cue: one noun
phrase ("officials and businessmen from around the world"), or a name and a description
set off from each other ("<Accu-Weather Inc>, a commercial weather forecasting
service"; "the president of the Federal Association of German Banks, Wolfgang
Roeller"). A stretch with a finite verb, a quotation mark or a clause opener in it is
part of the claim.

The same reading finds a source written before a cue whose claim follows it, where the
parser hung the source on a phrase fronted before it ("In a discovery that could
complicate the search for an AIDS vaccine, a team of U.S. Army doctors said they …"):
``fronted_source``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from dateline.nlp import cues, quotemarks

#: The most tokens of one comma-delimited part of a source ("a spokesman for the
#: government's adviser for the offer").
MAX_PART = 16
#: Tags of a finite verb: a part holding one is a clause, part of what was said.
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
#: Parts of speech that open no noun phrase ("and the company", "in Paris").
_NO_OPENER = frozenset({"CCONJ", "SCONJ", "ADP", "ADV", "PART", "VERB", "AUX", "PRON"})
#: Parts of speech of a sentence's first word when a phrase is fronted before its subject
#: ("In a discovery …", "But despite …", "When …", "Earlier, …").
_FRONTING = frozenset({"ADP", "SCONJ", "ADV", "CCONJ"})
#: Words that end a stretch before a cue but are no part of the source ("also", "both").
_TRAILING = frozenset({"ADV", "DET", "CCONJ", "AUX", "PART"})
#: Entity types of a name that speaks.
_NAMED = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class Trailing:
    """A source read between commas before its cue: its first and last token, and the
    word it is resolved by."""

    first: int
    last: int
    head: Token


def trailing_source(verb: Token, comp: Token, right: int) -> Trailing | None:
    """The source written between the content ``comp`` (before ``verb``, ending at token
    ``right``) and the cue ``verb``, when the parse gave the cue no subject of its own
    outside the content ("no new ideas or impulses,” a dealer at a U.S. Bank said":
    the parse makes "ideas" the subject)."""
    if _has_subject(verb, after=right) or quotemarks.inside(verb.doc, verb.idx):
        return None
    if any(c.i > verb.i and not _adjunct(c) for c in verb.children):
        return None  # the cue reports something or names someone after it
    return _source_before(verb, comp.i)


def fronted_source(verb: Token) -> Trailing | None:
    """The source written right before a cue whose content follows it, where the parser
    hung the source on a phrase fronted before it and left the cue with no subject: "In
    a discovery that could complicate the search for an AIDS vaccine, a team of U.S.
    Army doctors said they have uncovered …" (the team as an apposition of "vaccine").
    Only a finite cue: a participle ("…, saying …") borrows its subject elsewhere."""
    if _has_subject(verb) or quotemarks.inside(verb.doc, verb.idx):
        return None
    finite = verb.tag_ in _FINITE or (
        verb.tag_ == "VBN" and any(c.dep_ == "aux" for c in verb.children)
    )
    if not finite:
        return None
    opener = verb.sent[0]
    if opener.pos_ not in _FRONTING:
        return None  # the sentence opens on its subject: no phrase was fronted
    found = _source_before(verb, verb.sent.start - 1, from_start=True)
    if found is None or found.first == verb.sent.start:
        return None
    fronted = verb.doc[verb.sent.start : found.first]
    if found.head.tag_ == "NN" and any(t.ent_type_ == "PERSON" for t in fronted):
        # "In an interview with … Mika Brzezinski, the Democratic presidential candidate
        # stated …": a singular description would be read as the person named in the
        # fronted phrase, who is not the speaker.
        return None
    return found


def _has_subject(verb: Token, after: int = -1) -> bool:
    """Whether the parse gives ``verb`` a subject past token ``after``, outside quotation
    marks."""
    return any(
        (c.dep_ in cues.SUBJECT_DEPS or c.dep_ == "expl")
        and c.i > after
        and not quotemarks.inside(verb.doc, c.idx)
        for c in verb.children
    )


def _source_before(verb: Token, floor: int, from_start: bool = False) -> Trailing | None:
    """One noun phrase, or a name and a description, between the last commas before
    ``verb`` and after token ``floor``; with ``from_start``, a phrase may open at the
    sentence's start."""
    doc = verb.doc
    end = _back(doc, verb.i - 1)
    while end > floor and doc[end].pos_ in _TRAILING:
        end = _back(doc, end - 1)  # "the company also said", "DuVernay both documents"
    if end > floor and doc[end].text == ",":
        end = _back(doc, end - 1)  # "…, Wolfgang Roeller, said"
    parts: list[tuple[int, int]] = []
    while len(parts) < 2 and end > floor:
        comma = _comma_before(doc, end, floor)
        if comma is None and from_start and end - floor <= MAX_PART:
            comma = floor  # the phrase opens the sentence
        if comma is None:
            break
        start = comma + 1
        while start < end and (doc[start].is_quote or doc[start].is_space):
            start += 1  # ",” Brent Bozell III, founder of …, tells": after the closing mark
        if not _noun_phrase(doc, start, end):
            break
        parts.insert(0, (start, end))
        end = _back(doc, comma - 1)
    if not parts:
        return None
    if len(parts) == 2 and not _name_and_description(doc, *parts):
        parts = parts[1:]
    if len(parts) == 2 and _person_before(doc, parts[0][0] - 1, floor):
        # "F. Wilhelm Christians, joint chief executive of …, Deutsche Bank, said": the
        # person named first is the speaker, not the bank.
        return None
    first, last = parts[0][0], parts[-1][1]
    return Trailing(first, last, _head(doc, parts))


def _person_before(doc: Doc, comma: int, floor: int) -> bool:
    """Whether a name that may be a person's ends right before the comma at ``comma``
    (NER reads "F. Wilhelm Christians" as a nationality); a place's does not."""
    if comma <= floor or doc[comma].text != ",":
        return False
    last = _back(doc, comma - 1)
    return (
        last > floor
        and doc[last].pos_ == "PROPN"
        and doc[last].ent_type_ not in {"GPE", "LOC", "FAC", "DATE", "TIME"}
    )


def span_of(doc: Doc, found: Trailing) -> tuple[int, int]:
    """The character span of a trailing source, without the white space and commas at
    its edges (a closing bracket stays: "<Gulf International Bank BSC> (GIB)")."""
    first, last = found.first, found.last
    while first < last and (doc[first].is_space or doc[first].text == ","):
        first += 1
    while last > first and (doc[last].is_space or doc[last].text == ","):
        last -= 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _adjunct(tok: Token) -> bool:
    """What a cue with its content before it may still govern after itself: time, place,
    manner ("said today in a statement"), whom it was told to ("told Reuters"); a name
    there ("…, reports USA Today") is a source of its own."""
    if tok.dep_ in {"punct", "prep", "advmod"} or tok.is_space:
        return True
    if tok.dep_ in {"dobj", "dative"} and tok.head.lemma_ == "tell":
        return not any(c.dep_ in {"ccomp", "xcomp"} for c in tok.children)  # "told Reuters"
    return tok.dep_ == "npadvmod" and tok.ent_type_ in {"DATE", "TIME"}


def _back(doc: Doc, i: int) -> int:
    """The nearest token at or before ``i`` that is not white space."""
    while i > 0 and doc[i].is_space:
        i -= 1
    return i


def _comma_before(doc: Doc, end: int, floor: int) -> int | None:
    """The comma nearest before token ``end`` and after ``floor``, within a part's length;
    commas inside angle brackets or parentheses belong to a name."""
    depth = 0
    for i in range(end, max(floor, end - MAX_PART - 1), -1):
        text = doc[i].text
        if text in {">", ")"}:
            depth += 1
        elif text in {"<", "("}:
            depth -= 1
        elif text == "," and depth == 0:
            return i
    return None


def _noun_phrase(doc: Doc, first: int, last: int) -> bool:
    """Whether tokens first..last read as one noun phrase: no verb of a clause, no
    quotation, and a noun at its top."""
    words = [t for t in doc[first : last + 1] if not t.is_space]
    if not words or (words[0].pos_ in _NO_OPENER and words[0].tag_ != "PRP$"):
        return False  # "its governor" opens a phrase; "and the company", "in Paris" none
    if any(t.tag_ in _FINITE or t.is_quote or t.text in {";", ":", "—", "--"} for t in words):
        return False
    top = _top(doc, first, last)
    return top is not None and top.ent_type_ not in {"DATE", "TIME"}  # "last week said"


def _top(doc: Doc, first: int, last: int) -> Token | None:
    """The first noun of tokens first..last whose head lies outside them."""
    return next(
        (
            t
            for t in doc[first : last + 1]
            if t.pos_ in {"NOUN", "PROPN"} and not first <= t.head.i <= last
        ),
        None,
    )


def _is_name(doc: Doc, first: int, last: int) -> bool:
    """A name: proper nouns (in angle brackets, for a company wire copy writes so), with
    a person's or an organisation's name among them."""
    words = [t for t in doc[first : last + 1] if not (t.is_space or t.is_punct)]
    bracketed = doc[first].text == "<" and doc[last].text == ">"
    if bracketed:
        words = words[1:-1]  # the tagger reads the brackets as anything
    return (
        bool(words)
        and all(t.pos_ == "PROPN" for t in words)
        and (bracketed or any(t.ent_type_ in _NAMED for t in words))
    )


def _is_description(doc: Doc, first: int, last: int) -> bool:
    """A description: a phrase headed by a common noun ("a commercial weather forecasting
    service", "the president of the Federal Association of German Banks")."""
    top = _top(doc, first, last)
    return top is not None and top.pos_ == "NOUN"


def _name_and_description(doc: Doc, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two parts are a name and a description of one speaker, in either order;
    two descriptions ("gas and coal, the company") are a claim and its source, and a
    place before a name ("near Palisade, Colo, Peabody said") is the claim's."""
    return (_is_name(doc, *a) and _is_description(doc, *b)) or (
        _is_description(doc, *a) and _is_name(doc, *b)
    )


def _head(doc: Doc, parts: list[tuple[int, int]]) -> Token:
    """The word the source is read by: its name where one part is a name, else the noun
    at the top of the phrase."""
    for part in parts:
        if _is_name(doc, *part):
            top = _top(doc, *part)
            if top is not None:
                return top
    top = _top(doc, *parts[0])
    assert top is not None  # every part was checked to hold one
    return top
