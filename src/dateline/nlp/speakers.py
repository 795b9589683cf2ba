"""Speaker resolution: the source mention of a quote -> an entity of the article.

Rules, tried in order (a null speaker is better than a wrong one, so each rule
only answers when its evidence is plain):

1. the source is, or contains as its head, a mention of an entity ("Ban Ki-moon",
   "Russian Foreign Minister Sergei Lavrov", "Serbia", "the Kremlin"), or a word for a
   kind of firm with the one firm's name after it ("insurance brokerage Sedgwick Group
   Plc <SDWK.L>");
2. a relative pronoun ("…, who said") stands for the noun its clause hangs on;
3. "he"/"she": the nearest person named before it, skipping one whose known
   gender (from "Mr."/"Mrs.", a common first name or an earlier pronoun)
   disagrees; when another who fits is named in its sentence or the one before, the
   one of them that alone is the subject of a main clause there (no other name is a
   subject), else no speaker (a title or an epithet heading a main clause since the
   sentence before is first read as rule 4 would, and made its person's mention);
   "it": the nearest organisation or country, or the one that spoke two sentences up
   over a sentence naming none; "I" in the
   answers of a Q&A interview: the person the headline names (see ``interviews``);
   "they", "we", "you" and any other "I": no speaker;
4. a role noun with "the" ("the minister", "the spokeswoman"): the latest person
   whose titles hold that word ("Gov." read as "governor"); where no title holds it,
   an epithet ("the Republican nominee") is the one person just named as a main
   subject, when nothing known of them clashes (``epithets``); a campaign or an
   administration named after its leader ("the Trump campaign") is an organisation
   of its own ("Trump campaign"), and so is a later "the campaign"; a government
   named by its country ("the New Zealand government", "the Chinese government") is
   that country;
5. a spokesperson, official or statement "for"/"of" an organisation, or with it as
   possessor ("a spokesman for the ministry", "the Kremlin's spokesman"): that
   organisation; a text written in a person's name ("Cornyn's statement", "Trump's
   tweet"; ``authored_nouns``): that person, and so is a later "the statement" put
   out by them (``text_authors``);
6. a proper noun NER missed: a person or organisation with a matching name, or a name
   the article gives an organisation besides its own (in brackets after it, its
   ticker, a blend of its first words: "PW", "BP", "Adsteam");
7. a speaker NER missed altogether becomes a new entity: "the Kremlin", "Foreign
   Ministry" (an organisation head word) or "Volkswagen AG" (a company's suffix,
   ``company_suffixes``) as ORG, two to four capitalised names
   ("Ellen Park"; one NER typed a work of art where a role stands in apposition after
   it) as PERSON, a group by party or nationality ("Republicans") as
   NORP. A lone capitalised word is left unresolved;
8. a description noun after its organisation's own name ("The United Auto Workers
   union"): that organisation; a definite description ("the company", "the
   department") -> the nearest organisation before it whose name holds a word that
   fits (``descriptions.tsv``);
   where none does, "the company" or "the group" is the one organisation just named
   as a main subject; "the government" of a story datelined in a national capital is
   the host country (``home_country``).

Each answer says how it was found (``resolve_source``'s ``via``); sources with no
entity are typed by ``unnamed``.

A resolved pronoun or role noun is added to the entity's mentions (coreference).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterator

from spacy.tokens import Token

from dateline import names
from dateline.nlp import epithets, quotemarks
from dateline.nlp.mention_index import PRONOUN_REACH, SUBJECT, definite, main_dependent
from dateline.nlp.new_speakers import NewSpeakers
from dateline.nlp.person_words import apposed_role, is_title, people_noun, unnamed_person_noun
from dateline.nlp.pronoun_rules import ANSWER_PRONOUNS
from dateline.nlp.text_authors import TextAuthors
from dateline.types import Entity

_NO_SPEAKER = {"they", "we", "i", "you", "them", "us", "this", "that", "these", "those"}
#: Dependencies that keep a name inside the phrase it hangs on (a name part, an
#: apposition, a conjunct, a modifier): not a possessor or a preposition's object.
_SAME_PHRASE = frozenset({"compound", "flat", "appos", "conj", "cc", "amod", "nmod"})
#: The most steps from a name up to the head of its phrase.
MAX_PATH = 12
#: Prepositions that tie a role to where it is held: "the partner at Lenox".
_ROLE_OF = frozenset({"at", "of", "for"})
_RELATIVE = {"who", "which", "that", "whom"}
#: Prepositions of a title's office: "Chairman of …", "Ambassador to …", "Envoy for …".
_OFFICE_OF = frozenset({"of", "to", "for"})


class Resolver(TextAuthors, NewSpeakers):
    """Resolves the sources of one document's quotes, remembering what it learns: the
    rules in order (this module's docstring), each in the module of its kind."""

    def resolve(self, tok: Token | None, span: tuple[int, int] | None) -> Entity | None:
        """The entity the source token ``tok`` (heading ``span``) refers to, or None."""
        return self.resolve_source(tok, span)[0]

    def resolve_source(
        self, tok: Token | None, span: tuple[int, int] | None
    ) -> tuple[Entity | None, str | None]:
        """The entity the source refers to and how it was found (``via``: name, surname,
        title, pronoun, relative, spokesperson, first_person, label), or (None, None)."""
        entity, via = self._resolve(tok, span)
        if entity is not None and span is not None:  # no span, no entity (``_resolve``)
            insort(self.spoke_at.setdefault(entity.id, []), span)
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
            if low in {"he", "she"}:
                self._take_up_epithets(tok)
            entity = self._pronoun(tok)
            first = low in ANSWER_PRONOUNS  # resolved here only in an interview's answers
            return entity, ("first_person" if first else "pronoun") if entity else None
        entity = self._led_by(tok, span)
        if entity is not None:
            # "his campaign" was found through its pronoun, "the Trump campaign" by name,
            # "the campaign" through the one the text named before.
            owned = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.lefts)
            bare = all(c.dep_ in {"det", "punct"} or c.is_lower for c in tok.lefts)
            return entity, "pronoun" if owned else "description" if bare else "name"
        rules = (
            (self._role, "title"),
            (self._spokesperson, "spokesperson"),
            (self._own_name, "name"),
            (self._description, "description"),
            (self._home_government, "description"),
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

    def _take_up_epithets(self, tok: Token) -> None:
        """An epithet or a title heading a main clause since the sentence before the
        pronoun ``tok``, outside quotation marks and no source itself ("Rubio offered the
        crowd an emotional evaluation … The Florida senator sought to calm his supporters
        … He said …"), is read as a source would be (``_role``, ``_epithet``) and, where
        it names someone, made their mention: the pronoun goes on with that person."""
        if not self.doc.has_annotation("SENT_START"):
            return
        near = max(self.sentence_start(tok, back=1), tok.idx - PRONOUN_REACH)
        i = tok.i - 1
        while i >= 0 and self.doc[i].idx >= near:
            t = self.doc[i]
            i -= 1
            if not (main_dependent(t, SUBJECT) and definite(t) and epithets.is_epithet_head(t)):
                continue
            if self.at(t.idx) or quotemarks.inside(self.doc, t.idx):
                continue
            entity = self._role(t) or self._epithet(t)
            if entity is not None and entity.type == "PERSON":
                self.add(entity, (t.left_edge.idx, t.idx + len(t)))

    def _how_named(self, entity: Entity, tok: Token, span: tuple[int, int]) -> str:
        """ "name" when the source holds the entity's name, "surname" when a person is
        named by part of it ("Lavrov" for Sergei Lavrov), "pronoun" for a pronoun an
        earlier stage linked."""
        if tok.pos_ == "PRON" or tok.lower_ in _NO_SPEAKER:
            return "first_person" if tok.lower_ in {"i", "me", "my"} else "pronoun"
        return named_as(entity, self.text[span[0] : span[1]])

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
            # Smith campaign" are not him, nor is a role the name comes before and
            # modifies: "a senior Cruz adviser", "Clinton aides", "one Trump campaign
            # source" speak for the person, they are not the person.
            [(start, person)] = people.values()
            if (
                start > tok.idx
                and (is_title(tok) or unnamed_person_noun(tok))
                and self._named_by(self.token_at(start), tok)
            ):
                return person
        if len(inside) == 1 and inside[0][1].type == "ORG":
            # A word for a kind of firm with the firm's name after it: "insurance brokerage
            # Sedgwick Group Plc <SDWK.L>", "Advertising agents Saatchi and Saatchi Co Plc"
            # (the parse hangs the name on its ticker, an apposition of the noun). Not a
            # role that speaks for the firm ("Analysts at Salomon Brothers Inc", "CPC
            # International Inc officials"): those are its people, not the firm; nor a
            # noun the name reaches through another ("a group of CME members").
            [(start, org)] = inside
            if (
                start > tok.idx
                and tok.pos_ == "NOUN"
                and not (is_title(tok) or unnamed_person_noun(tok))
                and _name_of(self.token_at(start), tok)
            ):
                return org
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
            if tok.dep_ in {"compound", "nmod"} and _owned_noun(tok.head, head):
                return False  # "a source at the Clinton campaign": the campaign's source
            # A preposition may come between the title and an organisation that ends in
            # the name ("Chairman of the Federal Reserve Board Paul Volcker"); a
            # possessor never ("the Smith campaign's spokesman").
            if tok.dep_ not in _SAME_PHRASE | {"prep", "pobj"} or tok.head.i == tok.i:
                return False
            tok = tok.head
        return False

    def _after_office(self, name: Token, head: Token) -> bool:
        """Whether a name the parser made a preposition's object ends a title's "of",
        "to" or "for" phrase right after the organisation or country: "Chairman of the
        Federal Reserve Board Paul Volcker", "Afghan Ambassador to the United States
        Hamdullah Mohib"."""
        if head.head.lower_ not in _OFFICE_OF:
            return False
        return any(
            e.type in {"ORG", "GPE"} and name.idx - 2 <= end <= name.idx
            for _, end, e in self.spans_near(name.idx)
        )

    def _appositive(self, tok: Token) -> Entity | None:
        """The one person named in apposition to a role: "the president of the Lombardy
        region, Roberto Maroni, …", "the Afghan team's coach, Alireza Mehraban", "another
        RT America host, Abby Martin, …" (``_apposed_role``), "his former business
        partner at Lenox, Lawrence B. Cummings" (``_apposed_to``). Never a plural role
        ("The lawyers …, Sen. John McCain": more than one person), nor a name past the
        verb of a role that is its subject (the parse may hang an object's apposition
        there)."""
        # "One of his advisers, Tad Devine, told …": one of a plural role is one person.
        role = _one_of(tok)
        if role is not None:
            singular_role = people_noun(role)
        else:
            singular_role = tok.tag_ not in {"NNS", "NNPS"} and (
                is_title(tok) or unnamed_person_noun(tok) or apposed_role(tok)
            )
        if not singular_role:
            return None
        verb = tok.head.i if tok.head.i > tok.i else len(self.doc)
        for child in self._apposed_to(tok):
            if child.i > verb:
                continue
            hits = [e for _, _, e in self.at(child.idx) if e.type == "PERSON"]
            if len(hits) == 1 and self._named_by(self.doc[child.i], child):
                return hits[0]
        return None

    def _apposed_to(self, tok: Token) -> Iterator[Token]:
        """The appositions of the role ``tok``: its own, and those the parser hung on the
        organisation or place that ends its "at", "of" or "for" phrase ("his former
        business partner at Lenox, Lawrence B. Cummings": a person is no apposition of
        an organisation; of a person, "an aide to Hillary Clinton, …", it may be)."""
        for child in tok.rights:
            if child.dep_ == "appos":
                yield child
            elif child.dep_ == "prep" and child.lower_ in _ROLE_OF:
                for obj in child.children:
                    kinds = {e.type for _, _, e in self.at(obj.idx)}
                    if obj.dep_ == "pobj" and kinds and kinds <= {"ORG", "GPE"}:
                        yield from (c for c in obj.rights if c.dep_ == "appos")


def _one_of(tok: Token) -> Token | None:
    """The plural noun of "one of" that ``tok`` heads: "advisers" of "One of his
    advisers"; not of "one or more of" (more than one)."""
    if tok.lower_ != "one" or any(c.dep_ in {"cc", "conj"} for c in tok.children):
        return None
    for prep in tok.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next(
                (c for c in prep.children if c.dep_ == "pobj" and c.tag_ in {"NNS", "NNPS"}),
                None,
            )
    return None


def named_as(entity: Entity, written: str) -> str:
    """ "name" when ``written`` holds the entity's name, "surname" when it names a person
    by part of it ("Lavrov" for Sergei Lavrov)."""
    if entity.type != "PERSON":
        return "name"
    parts, full = names.name_parts(written), names.name_parts(entity.name)
    return "surname" if len(full) > 1 and len(set(parts) & set(full)) < len(full) else "name"


def _name_of(name: Token, noun: Token) -> bool:
    """Whether the name starting at ``name`` is the noun ``noun``'s own, written after it:
    the path up goes through name parts, a ticker and appositions only ("insurance
    brokerage Sedgwick Group Plc <SDWK.L>", "the planning agency CPB")."""
    tok = name
    for _ in range(MAX_PATH):
        if tok.dep_ not in {"compound", "flat", "appos"} or tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.i == noun.i:
            return True
        if tok.pos_ not in {"PROPN", "X"}:
            return False
    return False


def _owned_noun(noun: Token, head: Token) -> bool:
    """Whether a name modifying ``noun`` names what the noun is of, not the source
    ``head``: a common noun other than the source's own and no word for a person ("the
    Clinton campaign", "the Smith family", "the Cap Haitien church radio")."""
    return (
        noun.pos_ == "NOUN"
        and noun.i != head.i
        and not (is_title(noun) or unnamed_person_noun(noun))
    )


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
