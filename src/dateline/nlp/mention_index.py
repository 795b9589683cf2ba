"""Where an article's mentions are and what they do in their sentence.

The speaker rules ask, for every source, which entities are named near a position and
how a name sits in its clause (a main clause's subject, a noun's modifier, an owner).
:class:`MentionIndex` keeps every mention span of the document sorted by start, so each
question reads only the spans near a position: linear time in the text. The speaker
rules (``pronoun_rules``, ``description_rules``, ``text_authors``, ``new_speakers``,
``speakers``) are built on it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from spacy.tokens import Doc, Token

from dateline.nlp import cues
from dateline.nlp.doctext import doc_text
from dateline.types import Entity, Mention

#: How far back (characters) a pronoun or a description looks for what it stands for.
PRONOUN_REACH = 1500
#: The longest mention span looked back over when finding what holds a position.
MAX_MENTION = 400
SUBJECT = frozenset({"nsubj", "nsubjpass"})


class MentionIndex:
    """The mention spans of one document, sorted by start, and the position of each."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.entities = entities
        # Every mention span, sorted by start (with ``_starts`` for bisection), so a
        # lookup reads only the spans near a position: linear time in the text.
        self.spans: list[tuple[int, int, Entity]] = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda span: span[0]
        )
        self._held = {(s, e, entity.id) for s, e, entity in self.spans}
        self._starts = [span[0] for span in self.spans]
        self._by_id: dict[str, Entity] = {e.id: e for e in entities}

    def spans_near(self, pos: int) -> list[tuple[int, int, Entity]]:
        """The mention spans starting within reach before ``pos``."""
        lo = bisect_left(self._starts, pos - PRONOUN_REACH)
        return self.spans[lo : bisect_left(self._starts, pos)]

    def at(self, pos: int) -> list[tuple[int, int, Entity]]:
        """The spans that hold ``pos``, in start order."""
        k = bisect_right(self._starts, pos)
        lo = bisect_left(self._starts, pos - MAX_MENTION, hi=k)
        return [span for span in self.spans[lo:k] if pos < span[1]]

    def within(self, start: int, end: int) -> list[tuple[int, int, Entity]]:
        """The spans inside ``start:end``."""
        lo, hi = bisect_left(self._starts, start), bisect_left(self._starts, end)
        return [span for span in self.spans[lo:hi] if span[1] <= end]

    def _before(self, pos: int, types: set[str], since: int = 0) -> Iterator[tuple[int, Entity]]:
        """Mentions of ``types`` starting before ``pos`` and not before ``since``, nearest
        first (lazily: callers stop at the first that fits). ``since`` bounds the walk
        over mentions of other types too: a story may name one country thousands of
        times between two organisations."""
        for k in range(bisect_left(self._starts, pos) - 1, -1, -1):
            start, _, entity = self.spans[k]
            if start < since:
                return
            if entity.type in types:
                yield start, entity

    def token_at(self, start: int) -> Token:
        """The token a mention starts on (mentions start on token boundaries)."""
        return self.doc[self.doc.char_span(start, start + 1, alignment_mode="expand").start]

    def _token_before(self, start: int) -> Token | None:
        """The token before the one a mention starts on, or None at the start."""
        i = self.token_at(start).i
        return self.doc[i - 1] if i > 0 else None

    def sentence_start(self, tok: Token, back: int) -> int:
        """Character offset of the sentence ``back`` sentences before ``tok``'s own."""
        if not self.doc.has_annotation("SENT_START"):
            return max(0, tok.idx - PRONOUN_REACH)
        sent = tok.sent
        for _ in range(back):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
        return sent.start_char

    def _name_head(self, start: int) -> Token:
        """The head token of the name starting at ``start`` ("Sergei" -> "Lavrov"), within
        the name: "OPEC" of "A few OPEC countries" heads nothing, so it is no subject."""
        tok = self.token_at(start)
        end = max((e for s, e, _ in self.at(start) if s == start), default=tok.idx + len(tok))
        while tok.dep_ in {"compound", "flat"} and tok.head.i > tok.i and tok.head.idx < end:
            tok = tok.head
        return cues.through_ticker(tok, end)

    def _modifier_at(self, start: int) -> bool:
        """Whether the mention starting at ``start`` only modifies a noun ("the Cruise
        video", "the Obama administration"): no one a pronoun can stand for."""
        tok = self.token_at(start)
        while tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
            tok = tok.head  # "Sergei" -> "Lavrov"
        return tok.dep_ in {"compound", "amod"} and tok.head.pos_ == "NOUN"

    def _subject_at(self, start: int, appos: bool = False) -> bool:
        """Whether the mention starting at ``start`` heads the subject of its clause (with
        ``appos``, or stands in apposition to it: "Chirac's spokesman, Denis Baudouin,")."""
        tok = self._name_head(start)
        if appos and tok.dep_ == "appos":
            tok = tok.head
        return tok.dep_ in SUBJECT

    def _main_subject(self, start: int) -> bool:
        """Whether the mention starting at ``start`` is the subject of a main clause: not
        of a clause reported or embedded, nor the owner of one ("Ivana Trump's brief
        said …" does not make her "the judge" of the next sentence)."""
        return self._main_argument(start, SUBJECT)

    def _main_argument(self, start: int, deps: frozenset[str]) -> bool:
        """Whether the mention starting at ``start`` heads a dependent of one of ``deps``
        of a main clause's verb (``main_dependent``), or stands in apposition to a subject
        ("And a third, Daniel Traynor, said …"; an object's apposition, "brought in a new
        manager, Bob Dees,", makes no rival of the subject)."""
        tok = self._name_head(start)
        if tok.dep_ == "appos" and tok.head.dep_ in deps & SUBJECT:
            tok = tok.head
        return main_dependent(tok, deps)

    def entity(self, entity_id: str | None) -> Entity | None:
        """The document's entity with ``entity_id`` (speakers found later included)."""
        if entity_id is None:
            return None
        if entity_id not in self._by_id:
            self._by_id = {e.id: e for e in self.entities}
        return self._by_id.get(entity_id)

    def add(self, entity: Entity, span: tuple[int, int]) -> None:
        """Make ``span`` one more mention of ``entity`` (once)."""
        if (span[0], span[1], entity.id) in self._held:
            return
        self._held.add((span[0], span[1], entity.id))
        entity.mentions.append(Mention(span[0], span[1], self.text[span[0] : span[1]]))
        k = bisect_right(self._starts, span[0])
        self.spans.insert(k, (span[0], span[1], entity))
        self._starts.insert(k, span[0])


def source_between(sources: list[tuple[int, int]], after: int, before: int) -> bool:
    """Whether a quote source (``sources``: spans sorted by start) starts after ``after``
    and before ``before``: someone else speaks between two mentions."""
    k = bisect_right(sources, (after, 1 << 62))
    return k < len(sources) and sources[k][0] < before


def conjoined(tok: Token) -> bool:
    """Whether ``tok`` is one of several joined by "and" or "or" ("both the candidate and
    her staff"): a group, not one person."""
    return tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children)


def definite(tok: Token) -> bool:
    """Whether the noun ``tok`` has "the" for its determiner ("the report", "the senator")."""
    return any(c.lower_ == "the" and c.dep_ == "det" for c in tok.children)


def main_dependent(tok: Token, deps: frozenset[str]) -> bool:
    """Whether ``tok`` is a dependent of one of ``deps`` of a main clause's verb (the
    sentence's root or a verb conjoined to it)."""
    if tok.dep_ not in deps:
        return False
    verb = tok.head
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT"
