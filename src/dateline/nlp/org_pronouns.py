""" "its" and "it" joined to the organisation or country that is the subject they go with.

"Apple said its profits rose" and "The ministry said it would appeal": the pronoun's
own clause, or the clause that reports it, has an organisation or a country as its
subject, and the pronoun stands for it. A precision-first rule, not a model: the
pronoun is linked only when that subject is a mention of an ORG or GPE entity;
any other subject in between ("The plan lost its support") stops the walk, so no
link is better than a wrong one. Each link becomes one more of the entity's
``mentions`` (the ``dateline_coref`` stage calls :func:`link_org_pronouns`).
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token

from dateline.nlp.cues import is_attitude_verb, is_speech_verb
from dateline.nlp.doctext import doc_text
from dateline.types import Entity, Mention

#: Pronouns of a thing: an organisation's or a country's.
NEUTER = frozenset({"its", "it", "itself"})
#: Entity types whose pronoun is "it".
TYPES = frozenset({"ORG", "GPE"})
SUBJECT = frozenset({"nsubj", "nsubjpass"})
#: Clauses that a clause above holds as its complement or its coordinate.
_COMPLEMENTS = frozenset({"ccomp", "conj", "parataxis"})
#: Most verbs walked up from the pronoun: its clause and the one that reports it.
MAX_CLAUSES = 3


def link_org_pronouns(doc: Doc, entities: list[Entity]) -> int:
    """Add each "its"/"it" whose subject is an organisation or country to that entity's
    mentions; the number linked. Time is linear: a pronoun walks up at most
    ``MAX_CLAUSES`` verbs and looks its subject up by bisection."""
    # Sorted by position only: two entities may hold the same span, and entities
    # do not compare.
    spans = sorted(
        ((m.start, m.end, e) for e in entities if e.type in TYPES for m in e.mentions),
        key=lambda span: span[:2],
    )
    if not spans:
        return 0
    starts = [s for s, _, _ in spans]
    taken = {(m.start, m.end) for e in entities for m in e.mentions}
    linked = 0
    touched: dict[str, Entity] = {}
    for tok in doc:
        if tok.lower_ not in NEUTER or (tok.idx, tok.idx + len(tok)) in taken:
            continue
        if tok.lower_ == "it" and not _referring_it(tok):
            continue
        entity = _subject_entity(tok, spans, starts)
        if entity is None:
            continue
        entity.mentions.append(Mention(tok.idx, tok.idx + len(tok), tok.text))
        touched[entity.id] = entity
        taken.add((tok.idx, tok.idx + len(tok)))
        linked += 1
    for entity in touched.values():  # once each: sorting at every link was quadratic
        entity.mentions.sort(key=lambda m: m.start)
    return linked


#: Fewest "its"/"itself" of a one-word "person" that make it an organisation.
MIN_NEUTER = 2
#: Honorifics that make a name a person's whatever else the text says.
_HONORIFICS = ("Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr")


def retype_neuter_persons(doc: Doc, entities: list[Entity], given: frozenset[str]) -> int:
    """Make an organisation of a one-word name NER typed PERSON that its own clauses call
    "its" or "itself": "Twitter has positioned itself …", "… Twitter has struggled since
    its initial public offering" (the small model types many one-word firms PERSON, and
    "the company" then finds no company). At least ``MIN_NEUTER`` such pronouns, each in
    a clause whose subject is the name itself, with no noun between them (no walk up to
    a reporting clause: "Smith said it …" is no evidence; "Smith faulted the bank for its
    fees" is the bank's), and never a given name (``given``, folded) or a name
    after an honorific; the number retyped. A person is named in full at least once in
    news, so the one-word names left are few."""
    text = doc_text(doc)
    named = [
        e
        for e in entities
        if e.type == "PERSON"
        and len(e.name.split()) == 1
        and e.name.lower() not in given
        and not any(
            text[max(0, m.start - 5) : m.start].strip().endswith(_HONORIFICS) for m in e.mentions
        )
    ]
    if not named:
        return 0
    spans = sorted(((m.start, m.end, e) for e in named for m in e.mentions), key=lambda s: s[:2])
    starts = [s for s, _, _ in spans]
    counts: dict[str, int] = {}
    for tok in doc:
        if tok.lower_ not in {"its", "itself"}:
            continue
        verb = tok
        while verb.head.i != verb.i and verb.pos_ not in {"VERB", "AUX"}:
            verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in SUBJECT), None)
        entity = _entity_at(subject, spans, starts) if subject is not None else None
        if entity is None or subject.i > tok.i:
            continue
        # The nearest noun before it: "Smith faulted the bank for its fees" is the bank's.
        if any(t.pos_ in {"NOUN", "PROPN"} for t in doc[subject.right_edge.i + 1 : tok.i]):
            continue
        counts[entity.id] = counts.get(entity.id, 0) + 1
    retyped = 0
    for entity in named:
        if counts.get(entity.id, 0) >= MIN_NEUTER:
            entity.type = "ORG"
            retyped += 1
    return retyped


def _referring_it(tok: Token) -> bool:
    """ "it" as the subject of a clause reported by another ("said it would appeal"):
    an "it" of "it is likely that" or "it was decided" is nobody."""
    if tok.dep_ not in SUBJECT:
        return False
    verb = tok.head
    clause_after = any(
        c.dep_ in {"ccomp", "csubj", "xcomp"} and c.i > verb.i for c in verb.children
    )
    if clause_after and verb.lemma_ in {"be", "seem", "appear", "take", "make"}:
        return False  # "it is likely that …", "it takes time to …"
    return verb.dep_ in {"ccomp", "conj", "advcl", "xcomp"} or verb.dep_ == "ROOT"


def _subject_entity(
    tok: Token, spans: list[tuple[int, int, Entity]], starts: list[int]
) -> Entity | None:
    """The entity of ``spans`` (ORG/GPE ones) that is the subject of the nearest clause
    above ``tok`` whose subject is not the pronoun's own phrase; None at any other
    subject."""
    own = tok.i if tok.dep_ in SUBJECT else -1
    node = tok  # Tokens are views made afresh on each access: compare them by index
    below = ""  # how the clause the walk came up from hangs on this one
    for _ in range(MAX_CLAUSES):
        while node.head.i != node.i and node.pos_ not in {"VERB", "AUX"}:
            node = node.head
        if node.pos_ not in {"VERB", "AUX"}:
            return None
        subject = next((c for c in node.children if c.dep_ in SUBJECT), None)
        # "said it would cut its forecast": an "it" subject between stands for the same
        # organisation, so the walk goes on to the subject of "said".
        if (
            subject is not None
            and subject.i != own
            and tok not in subject.subtree
            and subject.lower_ not in NEUTER
        ):
            # A subject written after the pronoun, of a clause that holds the
            # pronoun's as a complement or a coordinate, is its antecedent only where
            # that clause reports it ("It will appeal, the ministry said"); "It
            # published its 50,000th article …, Wikinews interviewed …" is someone
            # else's "it". Before a subject in its own clause, or in a clause of time,
            # condition or purpose, it may be ("In its ruling, the court …", "While
            # its policies are hostile, the United States …").
            after = below in _COMPLEMENTS and subject.i > tok.i
            if after and not (is_speech_verb(node) or is_attitude_verb(node)):
                return None
            return _entity_at(subject, spans, starts)
        if node.head.i == node.i:
            return None
        below, node = node.dep_, node.head
    return None


def _entity_at(
    tok: Token, spans: list[tuple[int, int, Entity]], starts: list[int]
) -> Entity | None:
    """The entity of ``spans`` with a mention covering the head token ``tok``, or None."""
    k = bisect_right(starts, tok.idx) - 1
    while k >= 0 and spans[k][0] > tok.idx - 200:
        start, end, entity = spans[k]
        if start <= tok.idx < end:
            return entity
        k -= 1
    return None
