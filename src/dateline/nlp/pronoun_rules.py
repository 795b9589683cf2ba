"""Pronoun sources: "he"/"she", "it", and "I"/"we" in an interview's answers.

"he"/"she" is the nearest person named before it whose known gender (``genders``) does
not disagree; when another who fits is named in its sentence or the one before, the one
of them that alone is the subject of a main clause there (the topic, ``_topic``), else
no speaker. A pronoun bound to an unresolved pronoun of the sentence before does not
take a name inside that sentence (``_bound_away``). "it" is an organisation or country
that was a recent subject or spoke just before. "I" in the answers of a Q&A interview
is the person interviewed, "we" the organisation their title names.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import takewhile

from spacy.tokens import Doc, Token

from dateline import names
from dateline.nlp import interviews, quotemarks
from dateline.nlp.gender import genders
from dateline.nlp.mention_index import (
    PRONOUN_REACH,
    SUBJECT,
    MentionIndex,
    main_dependent,
    source_between,
)
from dateline.nlp.speaks_for import speaks_for
from dateline.types import Entity

#: First-person sources an interview's answers give a speaker: the interviewee ("I")
#: and the organisation their title names ("we").
ANSWER_PRONOUNS = frozenset({"i", "we"})
_MALE = {"he", "him", "his"}
_FEMALE = {"she", "her", "hers"}
_ORG_PRONOUNS = {"it"}
_MAIN_OBJECT = frozenset({"dobj", "dative"})
#: What ends the words an "it said" written after them reports: "…, it said", "…,” it said".
_REPORTED_END = frozenset({",", '"', "”", "''", "'", "’"})
#: Dependencies on the way from a name to a verb that leave the name no argument of
#: it: an owner ("Trump's microphone"), an adverbial, relative or noun clause.
_NOT_ARGUMENT = frozenset({"poss", "advcl", "relcl", "acl", "appos", "npadvmod"})
#: The most steps from a name up to the pronoun's verb.
MAX_PATH = 12


def _expletive(tok: Token) -> bool:
    """ "It was decided that …", "it became known that …", "it is said": "it" stands for
    nothing."""
    head = tok.head
    if tok.dep_ == "nsubjpass":
        return True
    return (
        tok.dep_ == "nsubj"
        and any(c.dep_ in {"ccomp", "xcomp"} for c in head.children)
        and (head.lemma_ in {"be", "become", "seem", "appear"})
    )


def _argument_of(name: Token, verb: Token) -> bool:
    """Whether the name headed by ``name`` is an argument of ``verb`` or of a clause it
    reports: the path up to ``verb`` goes through no owner, adverbial or relative clause."""
    tok = name
    for _ in range(MAX_PATH):
        if tok.dep_ in _NOT_ARGUMENT or tok.head.i == tok.i:
            return False
        if tok.dep_ == "conj" and tok.head.i == verb.i and tok.pos_ in {"VERB", "AUX"}:
            return False  # a clause of its own: "He admits …, but Prager thinks …"
        tok = tok.head
        if tok.i == verb.i:
            return True
    return False


class PronounRules(MentionIndex):
    """The pronoun rules, with what they learn of genders and speakers as they go."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        super().__init__(doc, entities)
        self.gender: dict[str, str] = genders(self.text, entities)
        #: the entities resolved as speakers so far -> where each was a quote's source
        #: (character spans, in order)
        self.spoke_at: dict[str, list[tuple[int, int]]] = {}
        self.interview = interviews.read(self.text, entities)
        self._spoken_for: dict[str, Entity | None] = {}
        self._given: set[str] | None = None  # the given names of the article's people
        #: every quote's source span in the document, in order (set by the caller)
        self.sources: list[tuple[int, int]] = []

    def _pronoun(self, tok: Token) -> Entity | None:
        low = tok.lower_
        if low in _MALE or low in _FEMALE:
            want = "m" if low in _MALE else "f"
            within = takewhile(
                lambda hit: tok.idx - hit[0] <= PRONOUN_REACH,
                self._before(tok.idx, {"PERSON"}, since=tok.idx - PRONOUN_REACH),
            )
            # A name inside quotation marks is someone's words, not the narrative a "he"
            # outside them carries on ("“… than Putin could ever have imagined,” Mr.
            # Kamp said. The major danger he sees …" is Kamp's).
            fits = [
                (start, entity)
                for start, entity in within
                if self.gender.get(entity.id, want) == want
                and not self._modifier_at(start)
                and not self._quoted_away(tok, start)
            ]
            if not fits:
                return None
            # A name the pronoun's own clause holds as an argument is no one it stands
            # for; when that one was the nearest, the rest must name the topic.
            commanded = self._commanded(tok)
            passed = fits[0][1].id in commanded
            fits = [(s, e) for s, e in fits if e.id not in commanded]
            if not fits:
                return None
            start, entity = fits[0]
            if self._bound_away(tok, start):
                return None
            # Another person who fits, named in the same or the previous sentence, makes
            # "he" ambiguous: no speaker rather than a guess, unless one of them alone is
            # the subject of a main clause there and no other name is ("Reagan said he
            # was summoning Max Kampelman … He said …"; "Thomas Lau declined comment. He
            # told Reuters … from David Liang"): news carries its topic as the subject.
            near = self.sentence_start(tok, back=1)
            if passed or (
                not self._carries_on(tok, entity)
                and any(e.id != entity.id and s >= near for s, e in fits[1:])
            ):
                entity = self._topic([(s, e) for s, e in fits if s >= near])
                if entity is None or self._other_subject(tok, entity):
                    return None
            # A person last named before the sentence before is far: a name NER did not
            # make a person, the subject of a main clause since, may be whom "he" stands
            # for ("For years, Oz has been dogged by charges … He has promoted …" is not
            # Donald Trump, named paragraphs up).
            if start < near and self._unread_subject(tok, near):
                return None
            self.gender[entity.id] = want
            self.add(entity, (tok.idx, tok.idx + len(tok)))
            return entity
        if low in ANSWER_PRONOUNS and self.interview is not None and self.interview.interviewee:
            # "I" in the answers of a Q&A interview is the person interviewed; "we" the
            # organisation their title names ("LibriVox founder Hugh McGuire"), if any.
            if self.interview.answers_at(self.text, tok.idx):
                entity = self.interview.interviewee
                if low == "we":
                    entity = self.organisation_of(entity)
                if entity is not None:
                    self.add(entity, (tok.idx, tok.idx + len(tok)))
                return entity
            return None
        if low in _ORG_PRONOUNS and not _expletive(tok):
            return self._org_pronoun(tok)
        return None

    def _quoted_away(self, tok: Token, start: int) -> bool:
        """Whether the mention at ``start`` lies inside quotation marks while ``tok`` (a
        pronoun, an epithet, a description) lies outside them: someone's words, not the
        narrative ``tok`` carries on."""
        return quotemarks.inside(self.doc, start) and not quotemarks.inside(self.doc, tok.idx)

    def _commanded(self, tok: Token) -> set[str]:
        """The entities the subject pronoun ``tok``'s own clause names after it as an
        argument of its verb or of a clause that verb reports, before any quotation:
        a pronoun never stands for such a name ("He described Montalvo as …", "she told
        Mr. Smith that …", "he said Jones would …" are not Montalvo's, Smith's or
        Jones's). An owner or a name inside an adverbial or relative clause may be the
        pronoun's own person, as news writes it ("He notes … an issue with Trump's
        microphone", "he said after the prosecutor read the facts to which Lazar
        admitted"): not counted."""
        if tok.dep_ not in SUBJECT:
            return set()
        verb, edge = tok.head, tok.head.right_edge
        begin, end = tok.idx + len(tok), edge.idx + len(edge)
        # Up to the first quotation after the pronoun: a name after it ("he warned,
        # “…,” Trump told NBC") opens an attribution of its own the parse may hang there.
        quote = quotemarks.next_start(self.doc, begin)
        if quote is not None:
            end = min(end, quote)
        return {
            entity.id
            for start, _, entity in self.within(begin, end)
            if self.token_at(start).pos_ == "PROPN" and _argument_of(self._name_head(start), verb)
        }

    def _carries_on(self, tok: Token, entity: Entity) -> bool:
        """Whether the subject pronoun ``tok`` opens a clause that ``entity`` reports
        (``_reported_by``) or one conjoined to a clause ``entity`` is the subject of
        ("Yesterday Mohamed received VIP attention … — and tomorrow he plans to meet
        …"): the pronoun carries on that subject."""
        clause = tok.head
        if tok.dep_ in SUBJECT and clause.dep_ == "conj" and self._subject_of(clause.head, entity):
            return True
        return self._reported_by(tok, entity)

    def _reported_by(self, tok: Token, entity: Entity) -> bool:
        """Whether ``tok`` (a pronoun, an epithet) is the subject of a clause that
        ``entity`` reports. Such a pronoun carries on the one reporting, whoever else the
        paragraph names ("Ditto said she expects …"); such an epithet is someone else
        ("McGinty campaign spokesman Sean Coit said the candidate sees …": the candidate
        is not Coit)."""
        clause = tok.head
        if tok.dep_ not in SUBJECT or clause.dep_ != "ccomp":
            return False
        return self._subject_of(clause.head, entity)

    def _subject_of(self, verb: Token, entity: Entity) -> bool:
        """Whether a subject of ``verb`` is a mention of ``entity``."""
        subj = next((c for c in verb.children if c.dep_ in SUBJECT), None)
        return subj is not None and any(e.id == entity.id for _, _, e in self.at(subj.idx))

    def _bound_away(self, tok: Token, start: int) -> bool:
        """Whether the person named at ``start`` cannot be whom the main-subject pronoun
        ``tok`` carries on: the sentence before has for its main subject a pronoun of the
        same gender that nothing resolved, and the name lies in that pronoun's own
        sentence after it, outside quotation marks. "He dismisses accusations that Trump
        has exploited …" keeps "He" from being Trump; the "He" of the next sentence goes
        on with that "He", whom the rules could not name, not with Trump."""
        if not self.doc.has_annotation("SENT_START") or not main_dependent(tok, SUBJECT):
            return False
        sent = tok.sent
        if sent.start == 0:
            return False
        before = self.doc[sent.start - 1].sent
        subject = next((c for c in before.root.children if c.dep_ in SUBJECT), None)
        if subject is None or subject.lower_ not in (_MALE if tok.lower_ in _MALE else _FEMALE):
            return False
        if self.at(subject.idx):
            return False  # resolved: the rules weigh that mention with the others
        if not subject.idx < start < before.end_char:
            return False
        # Only a name is kept from its pronoun ("he" … "his" may be one person), and
        # not inside quotation marks, where a speaker may name himself ("He says … it's
        # not Bernie Sanders").
        return self.token_at(start).pos_ == "PROPN" and not quotemarks.inside(self.doc, start)

    def organisation_of(self, person: Entity) -> Entity | None:
        """The organisation ``person``'s title names (``speaks_for``), read once per
        document: it reads every mention."""
        if person.id not in self._spoken_for:
            self._spoken_for[person.id] = speaks_for(self, person)
        return self._spoken_for[person.id]

    def _org_pronoun(self, tok: Token) -> Entity | None:
        """ "it" (or the "its" of "its annual report") stands for the nearest organisation
        or country in its sentence or the one before that was the subject of a clause
        ("Serbia asked for the opinion of the International Court of Justice. It said …")
        or a quote's source there ("…, according to KCNA. “…,” it added"). Not an
        organisation in a prepositional phrase or a list, though it speaks elsewhere in the
        article ("proposals by Jardine Matheson, Cheung Kong … It added"); an owner only
        of a subject, and when it spoke before ("ChemLawn said the plan … pursuant to Waste
        Management's offer. It said …" is ChemLawn; "Santos said … Total's reserves amount
        to …, it said" is not Total)."""
        near = self.sentence_start(tok, back=1)
        for start, entity in self._before(tok.idx, {"ORG", "GPE"}, since=near):
            if self._quoted_away(tok, start):
                continue  # "… said “the World Bank is in crisis.” It also pointed up …"
            if self._owner_at(start):
                owned = self._name_head(start).head
                takes = owned.dep_ in SUBJECT and self._spoke_before(entity, tok.idx)
            else:
                takes = self._subject_at(start) or self._spoke_at(entity, start)
            if takes:
                self.add(entity, (tok.idx, tok.idx + len(tok)))
                return entity
        return self._speaker_carried(tok, near)

    def _speaker_carried(self, tok: Token, near: int) -> Entity | None:
        """ "It said" as the main clause of its sentence, where the sentence before names
        no organisation or country it may stand for: the one that spoke as the main subject of the
        sentence before that, when no other source speaks and no other organisation is a
        subject since ("Oppenheimer said it bought … Part of its stake is in options. It
        said …"; "The EPA estimated … About 70 are meeting the standards. It added …").
        Only an "It" that opens its sentence or follows the words it reports ("…, it
        added"): "The rate is a term with a definition: It refers to …" is the rate."""
        if not self.doc.has_annotation("SENT_START") or not main_dependent(tok, SUBJECT):
            return None
        if quotemarks.inside(self.doc, tok.idx):
            return None
        before = next(
            (t for t in reversed(self.doc[tok.sent.start : tok.i]) if not t.is_space), None
        )
        if before is not None and before.text not in _REPORTED_END:
            return None
        far = self.sentence_start(tok, back=2)
        for start, entity in self._before(near, {"ORG", "GPE"}, since=far):
            if not self._subject_at(start) or self._quoted_away(tok, start):
                continue  # "… bought 477,200 Viacom common shares"; someone's words
            if not (self._spoke_at(entity, start) and self._main_subject(start)):
                return None  # "Viacom said …. Gulf and Western owns 20 pct …. It said"
            # Any other source after the one that spoke, before "It", may be what "It"
            # carries on ("Viacom said …. The report said …. It said").
            if source_between(self.sources, start, tok.idx):
                return None
            self.add(entity, (tok.idx, tok.idx + len(tok)))
            return entity
        return None

    def _spoke_at(self, entity: Entity, start: int) -> bool:
        """Whether the mention of ``entity`` starting at ``start`` lies in the source of one
        of its quotes (by bisection: a name may speak thousands of times)."""
        spans = self.spoke_at.get(entity.id, [])
        k = bisect_right(spans, (start, len(self.text) + 1)) - 1
        return k >= 0 and spans[k][0] <= start < spans[k][1]

    def _spoke_before(self, entity: Entity, pos: int) -> bool:
        """Whether ``entity`` was a quote's source anywhere before ``pos``."""
        spans = self.spoke_at.get(entity.id)
        return bool(spans) and spans[0][0] < pos

    def _topic(self, near: list[tuple[int, Entity]], spoken: bool = True) -> Entity | None:
        """Of the people a pronoun may stand for, named in its sentence or the one before,
        the one who is the subject of a main clause there when no other is the subject of
        any clause or the object of a main one, nor (with ``spoken``) has spoken unless
        named there only as an owner (a "he" after "Reagan said he was summoning Max
        Kampelman" is Reagan's, and after "Mr. Obama dismissed it as the voice of Mr.
        Tribe's client" Obama's; after "Smith said Jones had left" or "Tadic met Lavrov",
        nobody's)."""
        main = {e.id: e for s, e in near if self._main_subject(s)}
        if len(main) != 1:
            return None
        [entity] = main.values()
        for s, e in near:
            if e.id != entity.id and (
                (spoken and e.id in self.spoke_at and not self._owner_at(s))
                or self._subject_at(s, appos=True)
                or self._met(s)
            ):
                return None
        return entity

    def _owner_at(self, start: int) -> bool:
        """Whether the mention starting at ``start`` only owns a noun ("Mr. Tribe's
        client"): one who spoke before is then no rival of the main subject."""
        return self._name_head(start).dep_ == "poss"

    def _met(self, start: int) -> bool:
        """Whether the mention starting at ``start`` is the object of a main clause's verb:
        "Tadic met Lavrov. He said …" may be either of them."""
        return self._main_argument(start, _MAIN_OBJECT)

    def _unread_subject(self, tok: Token, near: int) -> bool:
        """Whether a main clause from ``near`` up to ``tok`` has for its subject, or for
        its subject's owner, outside quotation marks, a capitalised proper noun that no
        entity holds (a name NER missed: "Nefzi said. He said …", "Oz’s dubious advice
        earned him the attention of Congress, where he appeared …"); not a description
        ("the Republican said") nor the given name of a person of the article ("Megyn
        was incredulous")."""
        i = tok.i
        while i > 0 and self.doc[i - 1].idx >= near:
            i -= 1
        return any(
            t.pos_ == "PROPN"
            and t.is_title
            and (
                main_dependent(t, SUBJECT) or (t.dep_ == "poss" and main_dependent(t.head, SUBJECT))
            )
            and not self.at(t.idx)
            and not any(c.dep_ == "det" for c in t.children)
            and t.lower_ not in self._given_names()
            and not quotemarks.inside(self.doc, t.idx)
            for t in self.doc[i : tok.i]
        )

    def _given_names(self) -> set[str]:
        """The given names of the article's people ("megyn" of "Megyn Kelly")."""
        if self._given is None:
            parts = (names.name_parts(e.name) for e in self.entities if e.type == "PERSON")
            self._given = {p[0] for p in parts if len(p) > 1}
        return self._given

    def _other_subject(self, tok: Token, entity: Entity) -> bool:
        """Whether a main clause of ``tok``'s sentence or the two before has a name for its
        subject that may be a person other than ``entity``: a proper noun in no entity, or
        one word NER typed an organisation or place ("Miyazawa told a press conference …")."""
        near = self.sentence_start(tok, back=2)
        i = tok.i
        while i > 0 and self.doc[i - 1].idx >= near:
            i -= 1
        for t in self.doc[i : tok.i]:
            if t.pos_ != "PROPN" or not main_dependent(t, SUBJECT):
                continue
            spans = self.at(t.idx)
            if any(e.id == entity.id for _, _, e in spans):
                continue
            if not spans:
                return True
            if any(
                e.type in {"ORG", "GPE"} and " " not in e.name and not names.is_acronym(e.name)
                for _, _, e in spans
            ):
                return True
        return False
