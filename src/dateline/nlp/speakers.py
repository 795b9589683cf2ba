"""Speaker resolution: the source mention of a quote -> an entity of the article.

Rules, tried in order (a null speaker is better than a wrong one, so each rule
only answers when its evidence is plain):

1. the source is, or contains as its head, a mention of an entity ("Ban Ki-moon",
   "Russian Foreign Minister Sergei Lavrov", "Serbia", "the Kremlin");
2. a relative pronoun ("…, who said") stands for the noun its clause hangs on;
3. "he"/"she": the nearest person named before it, skipping one whose known
   gender (from "Mr."/"Mrs.", a common first name or an earlier pronoun)
   disagrees; when another who fits is named in its sentence or the one before, the
   one of them that alone is the subject of a main clause there (no other name is a
   subject), else no speaker; "it": the nearest organisation or country; "I" in the
   answers of a Q&A interview: the person the headline names (see ``interviews``);
   "they", "we", "you" and any other "I": no speaker;
4. a role noun with "the" ("the minister", "the spokeswoman"): the latest person
   whose titles hold that word ("Gov." read as "governor"); where no title holds it,
   an epithet ("the Republican nominee") is the one person just named as a main
   subject, when nothing known of them clashes (``epithets``); a campaign or an
   administration named after its leader ("the Trump campaign") is an organisation
   of its own ("Trump campaign"); a government named by its country ("the New Zealand
   government", "the Chinese government") is that country;
5. a spokesperson, official or statement "for"/"of" an organisation, or with it as
   possessor ("a spokesman for the ministry", "the Kremlin's spokesman"): that
   organisation; a text written in a person's name ("Cornyn's statement", "Trump's
   tweet"; ``authored_nouns``): that person;
6. a proper noun NER missed: a person or organisation with a matching name;
7. a speaker NER missed altogether becomes a new entity: "the Kremlin", "Foreign
   Ministry" (an organisation head word) or "Volkswagen AG" (a company's suffix,
   ``company_suffixes``) as ORG, two to four capitalised names
   ("Ellen Park") as PERSON, a group by party or nationality ("Republicans") as
   NORP. A lone capitalised word is left unresolved;
8. a definite description ("the company", "the department") -> the nearest
   organisation before it whose name holds a word that fits (``descriptions.tsv``).

Each answer says how it was found (``resolve_source``'s ``via``); sources with no
entity are typed by ``unnamed``.

A resolved pronoun or role noun is added to the entity's mentions (coreference).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import cache, lru_cache
from itertools import takewhile

from spacy.tokens import Doc, Token

from dateline import lexicons, names
from dateline.nlp import epithets, interviews, quotemarks, unnamed
from dateline.nlp.entities import company_key, firm_start
from dateline.nlp.speaks_for import speaks_for
from dateline.types import Entity, Mention

#: First-person sources an interview's answers give a speaker: the interviewee ("I")
#: and the organisation their title names ("we").
_ANSWER_PRONOUNS = frozenset({"i", "we"})
#: How far back (characters) a pronoun looks for its antecedent.
PRONOUN_REACH = 1500
#: How many sentences before its own an epithet looks back when the sentence before
#: names no one.
EPITHET_SENTENCES = 3
#: The longest mention span looked back over when finding what holds a position.
MAX_MENTION = 400
_MALE = {"he", "him", "his"}
_FEMALE = {"she", "her", "hers"}
_ORG_PRONOUNS = {"it"}
_NO_SPEAKER = {"they", "we", "i", "you", "them", "us", "this", "that", "these", "those"}
#: Dependencies that keep a name inside the phrase it hangs on (a name part, an
#: apposition, a conjunct, a modifier): not a possessor or a preposition's object.
_SAME_PHRASE = frozenset({"compound", "flat", "appos", "conj", "cc", "amod", "nmod"})
#: The most steps from a name up to the head of its phrase.
MAX_PATH = 12
_RELATIVE = {"who", "which", "that", "whom"}
SUBJECT = frozenset({"nsubj", "nsubjpass"})
_MAIN_OBJECT = frozenset({"dobj", "dative"})
#: Words after a surname that are no surname ("Martin Luther King Jr.").
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Prepositions that tie a role to whom it serves: "the spokesman for the ministry".
_OWNED_BY = frozenset({"for", "of", "at", "to"})
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
#: Nouns of a country's government: "the New Zealand government", "the Chinese cabinet".
_GOVERNMENTS = frozenset({"government", "administration", "cabinet"})
_HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f"}


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


def genders(text: str, entities: list[Entity]) -> dict[str, str]:
    """Entity id -> "m" or "f" where an honorific, a title or a common given name tells
    it: a guess used only to rule out a pronoun's antecedent, never stored or shown."""
    out: dict[str, str] = {}
    for e in entities:
        for m in e.mentions:
            # The entity stage trims "Mr."/"Mrs." off the name: read them before it.
            before = text[max(0, m.start - 6) : m.start].split()
            words = (before[-1:] if before else []) + m.text.split()[:1]
            g = next(
                (_HONORIFIC_GENDER[w.lower()] for w in words if w.lower() in _HONORIFIC_GENDER),
                None,
            )
            if g:
                out.setdefault(e.id, g)
        if e.type == "PERSON":
            for title in e.titles:
                low = title.lower()
                if "woman" in low or "chairwoman" in low:
                    out.setdefault(e.id, "f")
                elif "man" in low.split():
                    out.setdefault(e.id, "m")
            first = names.name_parts(e.name)[:1]
            if first and first[0] in lexicons.load("first_names_female"):
                out.setdefault(e.id, "f")
            elif first and first[0] in lexicons.load("first_names_male"):
                out.setdefault(e.id, "m")
    return out


class Resolver:
    """Resolves the sources of one document's quotes, remembering what it learns."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        self.doc = doc
        self.text = doc.text  # rebuilt on every access: read it once
        self.entities = entities
        self.gender: dict[str, str] = {}
        self.speakers: set[str] = set()  # entities resolved as speakers so far
        # Every mention span, sorted by start (with ``_starts`` for bisection), so a
        # lookup reads only the spans near a position: linear time in the text.
        self.spans: list[tuple[int, int, Entity]] = []
        self._starts: list[int] = []
        self.interview = interviews.read(self.text, entities)
        for e in entities:
            for m in e.mentions:
                self.spans.append((m.start, m.end, e))
        self.spans.sort(key=lambda span: span[0])
        self._held = {(s, e, entity.id) for s, e, entity in self.spans}
        self._starts = [span[0] for span in self.spans]
        self.gender.update(genders(self.text, entities))
        self._by_id: dict[str, Entity] = {e.id: e for e in entities}
        self._attrs: dict[str, tuple[int, set[str]]] = {}
        self._spoken_for: dict[str, Entity | None] = {}

    def resolve(self, tok: Token | None, span: tuple[int, int] | None) -> Entity | None:
        """The entity the source token ``tok`` (heading ``span``) refers to, or None."""
        return self.resolve_source(tok, span)[0]

    def resolve_source(
        self, tok: Token | None, span: tuple[int, int] | None
    ) -> tuple[Entity | None, str | None]:
        """The entity the source refers to and how it was found (``via``: name, surname,
        title, pronoun, relative, spokesperson, first_person, label), or (None, None)."""
        entity, via = self._resolve(tok, span)
        if entity is not None:
            self.speakers.add(entity.id)
            return entity, via
        return None, None

    def _resolve(
        self, tok: Token | None, span: tuple[int, int] | None
    ) -> tuple[Entity | None, str | None]:
        if tok is None or span is None:
            return None, None
        relative = tok.lower_ in _RELATIVE and tok.head.dep_ == "relcl"
        thing = tok.lower_ == "which"  # a thing's relative: never a person's words
        if relative:
            # "Lavrov, who said" -> "Lavrov"; "Thiel, the investor who said" -> "Thiel"
            noun = tok.head.head
            name = noun if thing else _described(noun)
            # The name only where it is an entity's: a name NER missed is no speaker to
            # make up from a description.
            tok = name if name is noun or self.at(name.idx) else noun
            span = (tok.idx, tok.idx + len(tok))
        entity = self._mention_at(tok, span)
        if entity is not None and relative and thing and entity.type == "PERSON":
            # "Whit Ayres -- author of 2016 and Beyond, which urged …": the book's words.
            return None, None
        if entity is not None:
            return entity, "relative" if relative else self._how_named(entity, tok, span)
        entity = self._appositive(tok)
        if entity is not None:
            self.add(entity, span)
            return entity, "name"
        low = tok.lower_
        if tok.pos_ == "PRON" or low in _NO_SPEAKER:
            entity = self._pronoun(tok)
            first = low in _ANSWER_PRONOUNS  # resolved here only in an interview's answers
            return entity, ("first_person" if first else "pronoun") if entity else None
        entity = self._led_by(tok, span)
        if entity is not None:
            return entity, "name"
        rules = (
            (self._role, "title"),
            (self._spokesperson, "spokesperson"),
            (self._description, "description"),
            (self._epithet, "description"),
        )
        for rule, via in rules:
            entity = rule(tok)
            if entity is not None:
                self.add(entity, span)
                return entity, via
        entity = self._proper(tok)
        if entity is not None:
            self.add(entity, span)
            return entity, self._label_via(tok) or self._how_named(entity, tok, span)
        return self._new_speaker(tok), "name"

    def _how_named(self, entity: Entity, tok: Token, span: tuple[int, int]) -> str:
        """ "name" when the source holds the entity's name, "surname" when a person is
        named by part of it ("Lavrov" for Sergei Lavrov), "pronoun" for a pronoun an
        earlier stage linked."""
        if tok.pos_ == "PRON" or tok.lower_ in _NO_SPEAKER:
            return "first_person" if tok.lower_ in {"i", "me", "my"} else "pronoun"
        if entity.type != "PERSON":
            return "name"
        written = names.name_parts(self.text[span[0] : span[1]])
        full = names.name_parts(entity.name)
        return "surname" if len(full) > 1 and len(set(written) & set(full)) < len(full) else "name"

    def _label_via(self, tok: Token) -> str | None:
        nxt = self.doc[tok.i + 1] if tok.i + 1 < len(self.doc) else None
        return "label" if nxt is not None and nxt.text == ":" else None

    def _mention_at(self, tok: Token, span: tuple[int, int]) -> Entity | None:
        head_hits = [e for _, _, e in self.at(tok.idx)]
        if head_hits:
            return head_hits[0]
        inside = [(s, e) for s, _, e in self.within(span[0], span[1])]
        people = {e.id: (s, e) for s, e in inside if e.type == "PERSON"}
        if len(people) == 1:
            # A phrase holding a single person: "Foreign Minister Sergei Lavrov" (a title
            # heads it), "American academic and professor Marc Lamont Hill" (a word for
            # a person heads it and the name hangs on it as a compound, apposition or
            # conjunct); "Sergei Lavrov's spokesman", "a spokesman for Lavrov" and "the
            # Smith campaign" are not him.
            [(start, person)] = people.values()
            if (_is_title(tok) or unnamed_person_noun(tok)) and self._named_by(
                self.token_at(start), tok
            ):
                return person
        return None

    def _named_by(self, name: Token, head: Token) -> bool:
        """Whether the name starting at ``name`` is the phrase headed by ``head`` itself:
        the name is no possessor or object of a preposition, and the path up to ``head``
        goes through name parts, appositions, conjuncts and prepositions only."""
        tok = name
        while tok.dep_ in {"compound", "flat"} and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
            tok = tok.head  # "Sergei" -> "Lavrov": the name's own head
        if tok.dep_ == "poss" or (tok.dep_ == "pobj" and not self._after_office(name, tok)):
            return False  # "John Smith's lawyer", "a spokesman for John Smith"
        for _ in range(MAX_PATH):
            if tok.i == head.i:
                return True
            # A preposition may come between the title and an organisation that ends in
            # the name ("Chairman of the Federal Reserve Board Paul Volcker"); a
            # possessor never ("the Smith campaign's spokesman").
            if tok.dep_ not in _SAME_PHRASE | {"prep", "pobj"} or tok.head.i == tok.i:
                return False
            tok = tok.head
        return False

    def _after_office(self, name: Token, head: Token) -> bool:
        """Whether a name the parser made a preposition's object ends a title's "of"
        phrase right after the organisation: "Chairman of the Federal Reserve Board Paul
        Volcker"."""
        if head.head.lower_ != "of":
            return False
        return any(
            e.type in {"ORG", "GPE"} and name.idx - 2 <= end <= name.idx
            for _, end, e in self.spans_near(name.idx)
        )

    def _appositive(self, tok: Token) -> Entity | None:
        """The one person named in apposition to a role: "the president of the Lombardy
        region, Roberto Maroni, …", "the Afghan team's coach, Alireza Mehraban", "another
        RT America host, Abby Martin, …" (``_apposed_role``)."""
        if not (_is_title(tok) or unnamed_person_noun(tok) or _apposed_role(tok)):
            return None
        for child in tok.rights:
            if child.dep_ != "appos":
                continue
            hits = [e for _, _, e in self.at(child.idx) if e.type == "PERSON"]
            if len(hits) == 1 and self._named_by(self.doc[child.i], child):
                return hits[0]
        return None

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

    def _before(self, pos: int, types: set[str]) -> Iterator[tuple[int, Entity]]:
        """Mentions of ``types`` starting before ``pos``, nearest first (lazily: callers
        stop at the first that fits or at the edge of their reach)."""
        for k in range(bisect_left(self._starts, pos) - 1, -1, -1):
            start, _, entity = self.spans[k]
            if entity.type in types:
                yield start, entity

    def _pronoun(self, tok: Token) -> Entity | None:
        low = tok.lower_
        if low in _MALE or low in _FEMALE:
            want = "m" if low in _MALE else "f"
            within = takewhile(
                lambda hit: tok.idx - hit[0] <= PRONOUN_REACH,
                self._before(tok.idx, {"PERSON"}),
            )
            fits = [
                (start, entity)
                for start, entity in within
                if self.gender.get(entity.id, want) == want and not self._modifier_at(start)
            ]
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
            near = self._sentence_start(tok, back=1)
            if any(e.id != entity.id and s >= near for s, e in fits[1:]):
                entity = self._topic([(s, e) for s, e in fits if s >= near])
                if entity is None or self._other_subject(tok, entity):
                    return None
            self.gender[entity.id] = want
            self.add(entity, (tok.idx, tok.idx + len(tok)))
            return entity
        if low in _ANSWER_PRONOUNS and self.interview is not None and self.interview.interviewee:
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

    def _bound_away(self, tok: Token, start: int) -> bool:
        """Whether the person named at ``start`` cannot be whom the main-subject pronoun
        ``tok`` carries on: the sentence before has for its main subject a pronoun of the
        same gender that nothing resolved, and the name lies in that pronoun's own
        sentence after it, outside quotation marks. "He dismisses accusations that Trump
        has exploited …" keeps "He" from being Trump; the "He" of the next sentence goes
        on with that "He", whom the rules could not name, not with Trump."""
        if not self.doc.has_annotation("SENT_START") or not _main_dependent(tok, SUBJECT):
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
        name = self.token_at(start)
        return name.pos_ == "PROPN" and not any(
            q.start <= start < q.end for q in quotemarks.quoted_in(self.doc)
        )

    def organisation_of(self, person: Entity) -> Entity | None:
        """The organisation ``person``'s title names (``speaks_for``), read once per
        document: it reads every mention."""
        if person.id not in self._spoken_for:
            self._spoken_for[person.id] = speaks_for(self, person)
        return self._spoken_for[person.id]

    def _org_pronoun(self, tok: Token) -> Entity | None:
        """ "it" (or the "its" of "its annual report") stands for an organisation or
        country that was the subject of a recent clause or spoke just before ("…, said
        KCNA. “…,” it added"); an organisation in a prepositional phrase ("the ruling of
        the Supreme Court. It …") is not."""
        near = self._sentence_start(tok, back=1)
        for start, entity in self._before(tok.idx, {"ORG", "GPE"}):
            if start < near:
                return None
            if self._subject_at(start) or entity.id in self.speakers:
                self.add(entity, (tok.idx, tok.idx + len(tok)))
                return entity
        return None

    def _topic(self, near: list[tuple[int, Entity]]) -> Entity | None:
        """Of the people a pronoun may stand for, named in its sentence or the one before,
        the one who is the subject of a main clause there when no other is the subject of
        any clause or the object of a main one, nor has spoken unless named there only as
        an owner (a "he" after "Reagan said he was summoning Max Kampelman" is Reagan's,
        and after "Mr. Obama dismissed it as the voice of Mr. Tribe's client" Obama's;
        after "Smith said Jones had left" or "Tadic met Lavrov", nobody's)."""
        main = {e.id: e for s, e in near if self._main_subject(s)}
        if len(main) != 1:
            return None
        [entity] = main.values()
        for s, e in near:
            if e.id != entity.id and (
                (e.id in self.speakers and not self._owner_at(s))
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

    def _other_subject(self, tok: Token, entity: Entity) -> bool:
        """Whether a main clause of ``tok``'s sentence or the two before has a name for its
        subject that may be a person other than ``entity``: a proper noun in no entity, or
        one word NER typed an organisation or place ("Miyazawa told a press conference …")."""
        near = self._sentence_start(tok, back=2)
        i = tok.i
        while i > 0 and self.doc[i - 1].idx >= near:
            i -= 1
        for t in self.doc[i : tok.i]:
            if t.pos_ != "PROPN" or not _main_dependent(t, SUBJECT):
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

    def _subject_at(self, start: int, appos: bool = False) -> bool:
        """Whether the mention starting at ``start`` heads the subject of its clause (with
        ``appos``, or stands in apposition to it: "Chirac's spokesman, Denis Baudouin,")."""
        tok = self._name_head(start)
        if appos and tok.dep_ == "appos":
            tok = tok.head
        return tok.dep_ in SUBJECT

    def _name_head(self, start: int) -> Token:
        """The head token of the name starting at ``start`` ("Sergei" -> "Lavrov"), within
        the name: "OPEC" of "A few OPEC countries" heads nothing, so it is no subject."""
        tok = self.token_at(start)
        end = max((e for s, e, _ in self.at(start) if s == start), default=tok.idx + len(tok))
        while tok.dep_ in {"compound", "flat"} and tok.head.i > tok.i and tok.head.idx < end:
            tok = tok.head
        return tok

    def token_at(self, start: int) -> Token:
        """The token a mention starts on (mentions start on token boundaries)."""
        return self.doc[self.doc.char_span(start, start + 1, alignment_mode="expand").start]

    def _sentence_start(self, tok: Token, back: int) -> int:
        """Character offset of the sentence ``back`` sentences before ``tok``'s own."""
        if not self.doc.has_annotation("SENT_START"):
            return max(0, tok.idx - PRONOUN_REACH)
        sent = tok.sent
        for _ in range(back):
            if sent.start == 0:
                break
            sent = self.doc[sent.start - 1].sent
        return sent.start_char

    def _modifier_at(self, start: int) -> bool:
        """Whether the mention starting at ``start`` only modifies a noun ("the Cruise
        video", "the Obama administration"): no one a pronoun can stand for."""
        tok = self.token_at(start)
        while tok.dep_ == "compound" and tok.head.pos_ == "PROPN" and tok.head.i > tok.i:
            tok = tok.head  # "Sergei" -> "Lavrov"
        return tok.dep_ in {"compound", "amod"} and tok.head.pos_ == "NOUN"

    def _role(self, tok: Token) -> Entity | None:
        """ "the minister" -> the latest person titled minister."""
        if not _is_title(tok) or not any(c.lower_ == "the" for c in tok.children):
            return None
        word = epithets.word_of(tok.text)
        # "the Democratic nominee" is not the person titled "Republican nominee": every
        # word that narrows the role must be in the person's title too, or said of them
        # ("Republican Donald Trump"); "Gov." is read as "governor".
        narrowing = {epithets.word_of(c.text) for c in epithets.narrowing(tok)}
        for _, entity in self._before(tok.idx, {"PERSON"}):
            for title in entity.titles:
                held = epithets.title_words(title)
                if word in held and (
                    narrowing <= held or narrowing <= held | self._attributes(entity)
                ):
                    return entity
        return None

    def _led_by(self, tok: Token, span: tuple[int, int]) -> Entity | None:
        """ "The Trump campaign", "Hillary Clinton's campaign", "the Obama administration":
        the organisation named after the person who leads it (``person_org_nouns``), an
        ``ORG`` entity named by their surname ("Clinton campaign"), one per name in the
        document. The person did not say it: their campaign did."""
        if tok.lemma_.lower() not in lexicons.load("person_org_nouns") or tok.pos_ != "NOUN":
            return None
        if any(c.dep_ in {"conj", "prep"} for c in tok.children):
            return None  # "the Clinton campaign and the DNC", "the campaign of …"
        owners = [c for c in tok.lefts if c.dep_ in {"compound", "poss"} and c.pos_ == "PROPN"]
        if not owners:
            return self._governed_by(tok, span)
        if len(owners) != 1:
            return None
        owner = owners[0]
        people = {e.id: e for _, _, e in self.at(owner.idx) if e.type == "PERSON"}
        if len(people) != 1:
            return self._governed_by(tok, span)
        surname = owner.text.removesuffix("'s").removesuffix("’s")
        if not surname.isalpha() or not surname[:1].isupper() or surname.lower() in _SUFFIXES:
            return None
        return self._org_named(f"{surname} {tok.lower_}", span)

    def _governed_by(self, tok: Token, span: tuple[int, int]) -> Entity | None:
        """ "the New Zealand government", "Poland's communist government", "the Chinese
        government": a government named by its country, as a name or an adjective, speaks
        for that country: the country's entity (one made for an adjective whose country
        the article does not name, as ``unnamed`` does for "Japanese officials"), so that
        "Serbia said" and "the Serbian government said" are filed together. Any other
        word before the noun is a lower-case adjective ("communist", "new")."""
        if tok.lemma_.lower() not in _GOVERNMENTS:
            return None
        lefts = [c for c in tok.lefts if c.dep_ not in {"det", "punct"}]
        named = [c for c in lefts if c.ent_type_ in {"GPE", "NORP"}]
        rest = [c for c in lefts if c not in named]
        if len(named) != 1 or any(c.pos_ != "ADJ" or not c.is_lower for c in rest):
            return None
        word = named[0]
        if word.dep_ not in {"poss", "compound", "amod"}:
            return None
        places = {e.id: e for _, _, e in self.at(word.idx) if e.type == "GPE"}
        if len(places) > 1:
            return None
        # A country the entity stage left out ("U.S.") or an adjective ("Chinese").
        country = places.popitem()[1] if places else unnamed.demonym_place(self, word)
        if country is not None:
            self.add(country, span)
        return country

    def _org_named(self, name: str, span: tuple[int, int]) -> Entity:
        """The document's ``ORG`` entity of ``name``, made if need be, with ``span`` added."""
        key = names.fold(name)
        found = next(
            (e for e in self.entities if e.type == "ORG" and names.fold(e.name) == key), None
        )
        if found is None:
            found = Entity(id=f"e{len(self.entities) + 1}", name=name, type="ORG")
            self.entities.append(found)
        self.add(found, (span[0], span[1]))
        return found

    def _epithet(self, tok: Token) -> Entity | None:
        """ "The Republican presidential nominee noted …" right after "Donald Trump says
        …": the one person named in this sentence before the source or in the one
        before it, when that person is the subject of a main clause there (of several
        named, the topic: ``_topic``), no name follows the epithet ("…, John E.
        Herbst"), and the epithet clashes with nothing the article says of them
        (``epithets``)."""
        if tok.dep_ not in {"nsubj", "nsubjpass"} or not epithets.is_epithet_head(tok):
            return None
        if not _definite(tok):
            return None
        if any(
            c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in _OWNED_BY) for c in tok.children
        ):
            return None  # "the spokesman for the ministry", "the party's nominee"
        people = self._people_before(tok, back=1)
        far = False
        if not people and _main_dependent(tok, SUBJECT) and not _conjoined(tok):
            # No one named in this sentence or the one before ("There was no issue with
            # the sound. The GOP nominee complained …"): the one person named in the
            # sentences before those, as a main subject, when no one else is.
            people, far = self._people_before(tok, back=EPITHET_SENTENCES), True
        if not people or self._named_after(tok) or (far and len(people) > 1):
            return None
        if len(people) == 1:
            [(starts, entity)] = people.values()
            if not any(self._main_subject(start) for start in starts):
                return None
            if far and any(self._asks(start) for start in starts):
                # "“That would be you?” Borger asked. / “That would be me,” the senator
                # said": an epithet after a question is the one who answers it.
                return None
        else:
            # Several people named: the one who is the topic (``_topic``), and only for an
            # epithet that is itself a main clause's subject: in "Trump said he … with David
            # Cameron because the British prime minister cast …" it is not.
            if not _main_dependent(tok, SUBJECT):
                return None
            topic = self._topic([(s, e) for starts, e in people.values() for s in starts])
            if topic is None:
                return None
            entity = topic
        held = self._attributes(entity)
        known = epithets.offices(entity)
        mods = epithets.narrowing(tok)
        if not epithets.fits(tok, mods, held, known, self.gender.get(entity.id)):
            return None
        return entity

    def _asks(self, start: int) -> bool:
        """Whether the mention starting at ``start`` is the subject of "ask"."""
        head = self._name_head(start).head
        return head.lemma_.lower() == "ask"

    def _people_before(self, tok: Token, back: int) -> dict[str, tuple[list[int], Entity]]:
        """The people named, not as a noun's modifier, from ``back`` sentences before
        ``tok``'s up to it: entity id -> (where each mention starts, the entity)."""
        near = self._sentence_start(tok, back=back)
        people: dict[str, tuple[list[int], Entity]] = {}
        for start, entity in self._before(tok.idx, {"PERSON"}):
            if start < near:
                break
            if not self._modifier_at(start):
                people.setdefault(entity.id, ([], entity))[0].append(start)
        return people

    def _named_after(self, tok: Token) -> bool:
        """Whether a person is named right after the epithet ``tok``, before its verb or,
        for a subject after its verb, in the rest of the sentence: "wrote the American
        ambassador at the time, John E. Herbst" names the ambassador."""
        verb = tok.head
        if verb.i > tok.i:
            end = verb.idx
        else:
            end = tok.sent.end_char if self.doc.has_annotation("SENT_START") else verb.idx
            end = min(end, tok.idx + PRONOUN_REACH)
        return any(e.type == "PERSON" for _, _, e in self.within(tok.idx, end))

    def _main_subject(self, start: int) -> bool:
        """Whether the mention starting at ``start`` is the subject of a main clause: not
        of a clause reported or embedded, nor the owner of one ("Ivana Trump's brief
        said …" does not make her "the judge" of the next sentence)."""
        return self._main_argument(start, SUBJECT)

    def _main_argument(self, start: int, deps: frozenset[str]) -> bool:
        """Whether the mention starting at ``start`` heads a dependent of one of ``deps``
        of a main clause's verb (``_main_dependent``)."""
        return _main_dependent(self._name_head(start), deps)

    def _attributes(self, entity: Entity) -> set[str]:
        """``epithets.attributes`` of a person, read again only when their mentions grew
        (a text naming one person 20,000 times asks many times)."""
        count, held = self._attrs.get(entity.id, (-1, set()))
        if count != len(entity.mentions):
            held = epithets.attributes(entity, self._token_before)
            self._attrs[entity.id] = (len(entity.mentions), held)
        return held

    def _token_before(self, start: int) -> Token | None:
        """The token before the one a mention starts on, or None at the start."""
        i = self.token_at(start).i
        return self.doc[i - 1] if i > 0 else None

    def _description(self, tok: Token) -> Entity | None:
        """ "the company", "the department", "the bank" -> the organisation it stands for:
        the nearest one before it (within reach) whose name holds a word that fits the
        noun (``data/lexicons/descriptions.tsv``). The nearest that fits, not the nearest
        organisation: "the department" after "the Treasury … the Agriculture Department"
        is the department."""
        if tok.pos_ != "NOUN" or not any(c.lower_ == "the" for c in tok.children):
            return None
        return self._fitting(tok)

    def _fitting(self, tok: Token) -> Entity | None:
        """The organisation named before the description noun ``tok``, within reach, whose
        name holds a word that fits it: the nearest such that was the subject of a main
        clause, else the nearest such, else None. News carries its topic as the subject:
        "American Motors Corp said its directors reviewed a Chrysler Corp merger proposal
        … The company said" is American Motors, and the underwriters or the target a
        company's statement names after it do not take its "the company"."""
        fits = description_names().get(tok.lemma_.lower())
        if fits is None:
            return None
        nearest = None
        for start, entity in self._before(tok.idx, {"ORG"}):
            if tok.idx - start > PRONOUN_REACH:
                break
            if not name_fits(entity.name, fits):
                continue
            if self._main_subject(start):
                return entity
            nearest = nearest or entity
        return nearest

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
        if author is not None or not _definite(tok):
            return author
        lemma = tok.lemma_.lower()
        for prev in reversed(self.doc[: tok.i]):
            if tok.idx - prev.idx > PRONOUN_REACH:
                return None
            if prev.pos_ != "NOUN" or prev.lemma_.lower() != lemma:
                continue
            author = self._named_author(prev)
            if author is not None:
                return author
            if not _definite(prev):
                return None  # "a report said …; the report added": no author given
        return None

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

    def _proper(self, tok: Token) -> Entity | None:
        # A headline label ("Sanders: …") names someone the article introduces below it,
        # and the tagger may read it as a noun.
        # A transcript's label is in capitals ("PENCE: …").
        label = (
            (tok.is_title or tok.is_upper)
            and tok.i + 1 < len(self.doc)
            and self.doc[tok.i + 1].text == ":"
        )
        if tok.pos_ != "PROPN" and not label:
            return None
        reach = len(self.text) if label else tok.idx + 1
        word = tok.text.title() if label and tok.is_upper and len(tok) > 3 else tok.text
        seen: dict[str, Entity] = {}
        for _, entity in self._before(reach, {"PERSON", "ORG", "GPE"}):
            if entity.id in seen:  # an entity is judged once, at its nearest mention
                continue
            seen[entity.id] = entity
            if entity.type == "PERSON" and _person_matches(word, entity.name):
                return entity
            if entity.type != "PERSON" and (
                _same_org(tok.text, entity.name) or names.short_form(tok.text, entity.name)
            ):
                return entity  # "EU" of "European Union", "VW" of "Volkswagen AG"
        # No one by the last name: the first of a surname of two words ("Nogales" of
        # "Javier Nogales Iturri").
        fits = [
            e for e in seen.values() if e.type == "PERSON" and names.compound_surname(word, e.name)
        ]
        return fits[0] if len(fits) == 1 else None

    def _new_speaker(self, tok: Token) -> Entity | None:
        """An entity for a named speaker that NER missed ("the Kremlin", "Ellen Park"), or
        a group named by party or nationality ("Republicans said", "Palestinians say"):
        a ``NORP`` entity, one per name in the document."""
        if tok.pos_ == "PROPN" and tok.ent_type_ == "NORP" and tok.text.endswith("s"):
            return self._group(tok)
        if tok.pos_ != "PROPN":
            return None
        if tok.ent_type_ not in {"", "ORG", "PERSON", "GPE", "FAC"} and not self._paper(tok):
            return None
        words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
        # "Volkswagen AG", "Olin Corp.": a company's suffix ends the run, in any case.
        suffixes = lexicons.load("company_suffixes")
        company = len(words) > 1 and tok.lower_ in suffixes
        if company and all(w.lower_ in suffixes for w in words):
            # "Merry Land and Investment Co Inc": the parse keeps only "Co Inc".
            first = firm_start(self.doc, words[0].i)
            if first < words[0].i - 1:
                words = list(self.doc[first : tok.i + 1])
        capitalised = [w for w in words[:-1] if w.lower_ != "and"] if company else words
        # ... and an acronym may open it ("CPC International Inc").
        if words[0].i + len(words) - 1 != tok.i or not all(
            w.is_title or (company and names.is_acronym(w.text)) for w in capitalised
        ):
            return None  # only a plain run of capitalised names
        det = _definite(tok)
        if company or det or any(w.lower_ in lexicons.load("org_heads") for w in words):
            kind = "ORG"
        elif 2 <= len(words) <= 4 and not _is_title(tok):
            # "Afghan Ambassador to the United States Hamdullah Mohib": a run that ends
            # in a title names an office; the person's name follows it.
            kind = "PERSON"
        else:
            return None
        start, end = words[0].idx, tok.idx + len(tok)
        if kind == "ORG":
            # "Texaco Inc said" where NER saw only "Texaco" later: the same company.
            core = company_key(self.text[start:end])
            same = next(
                (e for e in self.entities if e.type == "ORG" and company_key(e.name) == core),
                None,
            )
            if same is not None:
                if end - start > len(same.name):
                    same.name = self.text[start:end]  # the fullest form names it
                self.add(same, (start, end))
                return same
        entity = Entity(id=f"e{len(self.entities) + 1}", name=self.text[start:end], type=kind)
        self.entities.append(entity)
        self.add(entity, (start, end))
        return entity

    @staticmethod
    def _paper(tok: Token) -> bool:
        """ "the Sydney Morning Herald", "The Straits Times": a newspaper's name (its last
        word one a newspaper's name holds, ``descriptions.tsv``), whatever type NER gave
        it (a law, a work of art)."""
        papers = description_names().get("newspaper", frozenset())
        det = _definite(tok)
        return det and tok.lower_ in papers

    def _group(self, tok: Token) -> Entity:
        key = names.fold(tok.text)
        for entity in self.entities:
            if entity.type == "NORP" and names.fold(entity.name) == key:
                self.add(entity, (tok.idx, tok.idx + len(tok)))
                return entity
        entity = Entity(id=f"e{len(self.entities) + 1}", name=tok.text, type="NORP")
        self.entities.append(entity)
        self.add(entity, (tok.idx, tok.idx + len(tok)))
        return entity

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


def _conjoined(tok: Token) -> bool:
    """Whether ``tok`` is one of several joined by "and" or "or" ("both the candidate and
    her staff"): a group, not one person."""
    return tok.dep_ == "conj" or any(c.dep_ == "conj" for c in tok.children)


def _definite(tok: Token) -> bool:
    """Whether the noun ``tok`` has "the" for its determiner ("the report", "the senator")."""
    return any(c.lower_ == "the" and c.dep_ == "det" for c in tok.children)


def _described(noun: Token) -> Token:
    """The name a relative clause's singular noun stands in apposition to: "Peter Thiel,
    the billionaire tech investor who backed …", "Lionel Sosa, a media consultant and an
    influential Republican who said …" -> the name; any other word stays itself (a
    plural describes more than the name: "Singer and Griffin, hedge fund managers who
    …", "the EPA, 18 states and a number of cities that …")."""
    if noun.tag_ not in {"NN", "NNP"}:
        return noun
    head = noun
    while head.dep_ == "conj" and head.head.i < head.i:
        head = head.head
    if head.dep_ == "appos" and head.tag_ == "NN" and head.head.pos_ == "PROPN":
        return head.head
    return noun


def _main_dependent(tok: Token, deps: frozenset[str]) -> bool:
    """Whether ``tok`` is a dependent of one of ``deps`` of a main clause's verb (the
    sentence's root or a verb conjoined to it)."""
    if tok.dep_ not in deps:
        return False
    verb = tok.head
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "ROOT"


# Names recur within a document and across one process's documents: the folding is
# cached (bounded, so a long-running watch does not grow).
_person_matches = lru_cache(maxsize=65536)(names.person_matches)
_same_org = lru_cache(maxsize=65536)(names.same_org)


#: Last words of an organisation's name that make it a place of work, not a body that
#: speaks: "the utility said" is not the "Peach Bottom Atomic Power Station".
_FACILITIES = frozenset({"plant", "station", "reactor", "refinery", "mine", "field", "unit"})


def name_fits(name: str, fits: frozenset[str]) -> bool:
    """Whether an organisation's ``name`` holds a word of ``fits`` (a description's words,
    ``description_names``) and is no facility's name ("… Power Station")."""
    words = [w.strip(".,") for w in names.fold(name).replace("-", " ").split()]
    return bool(words) and bool(set(words) & fits) and words[-1] not in _FACILITIES


@cache
def description_names() -> dict[str, frozenset[str]]:
    """Description head noun -> the words an organisation's name holds to fit it."""
    return {row["head"]: frozenset(row["names"].split()) for row in lexicons.table("descriptions")}


def _apposed_role(tok: Token) -> bool:
    """A singular noun for a person, as a name in apposition to it may be read: "host",
    "partner", "wife", "columnist" (``apposed_roles``, ``epithet_nouns`` and the
    coreference stage's ``person_nouns``); never a plural ("Two objectors, Lawrence
    Joyce and …") nor a thing ("the election", "four casinos")."""
    return tok.tag_ == "NN" and tok.lemma_.lower() in _person_nouns()


@cache
def _person_nouns() -> frozenset[str]:
    people = lexicons.load("person_nouns", "coref")
    return people | lexicons.load("apposed_roles") | lexicons.load("epithet_nouns")


def unnamed_person_noun(tok: Token) -> bool:
    """Whether ``tok`` heads a description of people who speak ("coach", "analysts")."""
    lemma = tok.lemma_.lower()
    # "academic" heading a subject is a noun the tagger read as an adjective.
    noun = tok.pos_ == "NOUN" or (tok.pos_ == "ADJ" and tok.dep_ in {"nsubj", "nsubjpass"})
    return noun and (
        lemma in lexicons.load("source_nouns") or lemma in lexicons.load("speaker_roles")
    )


def _is_title(tok: Token) -> bool:
    titles = lexicons.load("titles")
    low = tok.lower_
    return low in titles or low.split("-")[-1] in titles
