"""Sources named by what they are: a title, an epithet, a description, a spokesperson.

"the minister" (the latest person so titled), "the Republican nominee" (``epithets``),
"the company" (the organisation before it whose name fits, ``descriptions.tsv``),
"a spokesman for the ministry" (the organisation), "Cornyn's statement" (who wrote
it), "the Trump campaign" (an organisation of its own), "the Chinese government" (the
country), "the government" of a story filed from a capital (the host country). Each
answers only on plain evidence: no speaker is better than a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, partial
from itertools import takewhile

from spacy.tokens import Doc, Token

from dateline import lexicons, names
from dateline.nlp import epithets, quotemarks, unnamed
from dateline.nlp.home_country import (
    GOVERNMENT_NOUNS,
    countries,
    country_entity,
    home_country,
    is_country,
)
from dateline.nlp.mention_index import (
    PRONOUN_REACH,
    SUBJECT,
    conjoined,
    definite,
    main_dependent,
)
from dateline.nlp.person_words import is_title, person_nouns, unnamed_person_noun
from dateline.nlp.pronoun_rules import PronounRules
from dateline.types import Entity

#: How many sentences before its own an epithet looks back when the sentence before
#: names no one.
EPITHET_SENTENCES = 3
#: Words after a surname that are no surname ("Martin Luther King Jr.").
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: Prepositions that tie a role to whom it serves: "the spokesman for the ministry".
#: What "his"/"her" may lead, named after them: "his campaign" -> "Clinton campaign"
#: ("his team", "his government" may be a club's or a country's).
_LED_BY_PRONOUN = frozenset({"campaign", "administration"})
#: The most tokens looked back over for the phrase "the campaign" takes up.
MAX_BACK = 400
_OWNED_BY = frozenset({"for", "of", "at", "to"})
#: Nouns of a country's government: "the New Zealand government", "the Chinese cabinet".
_GOVERNMENTS = frozenset({"government", "administration", "cabinet"})
#: Last words of an organisation's name that make it a place of work, not a body that
#: speaks: "the utility said" is not the "Peach Bottom Atomic Power Station".
_FACILITIES = frozenset({"plant", "station", "reactor", "refinery", "mine", "field", "unit"})


class DescriptionRules(PronounRules):
    """The rules for titles, epithets, descriptions, spokespeople and authors."""

    def __init__(self, doc: Doc, entities: list[Entity]) -> None:
        super().__init__(doc, entities)
        self._attrs: dict[str, tuple[int, set[str]]] = {}
        self._introduced: dict[str, int] | None = None  # see ``_introduced_unnamed``
        self._foreign: int | None = None  # see ``_foreign_government``

    def _role(self, tok: Token) -> Entity | None:
        """ "the minister" -> the latest person titled minister."""
        if not is_title(tok) or not any(c.lower_ == "the" for c in tok.children):
            return None
        word = epithets.word_of(tok.text)
        # "the Democratic nominee" is not the person titled "Republican nominee": every
        # word that narrows the role must be in the person's title too, or said of them
        # ("Republican Donald Trump"); "Gov." is read as "governor".
        narrowing = {epithets.word_of(c.text) for c in epithets.narrowing(tok)}
        # The people so titled first, then the latest of them named before: the walk
        # back over mentions stops at the first of them (linear in a text of one name).
        titled = {
            entity.id
            for entity in self.entities
            if entity.type == "PERSON"
            and any(
                word in held and (narrowing <= held or narrowing <= held | self._attributes(entity))
                for held in map(epithets.title_words, entity.titles)
            )
        }
        if not titled:
            return None
        return next((e for _, e in self._before(tok.idx, {"PERSON"}) if e.id in titled), None)

    def _led_by(self, tok: Token, span: tuple[int, int]) -> Entity | None:
        """ "The Trump campaign", "Hillary Clinton's campaign", "the Obama administration":
        the organisation named after the person who leads it (``person_org_nouns``), an
        ``ORG`` entity named by their surname ("Clinton campaign"), one per name in the
        document. The person did not say it: their campaign did."""
        if tok.lemma_.lower() not in lexicons.load("person_org_nouns") or tok.pos_ != "NOUN":
            return None
        if any(c.dep_ in {"conj", "prep"} for c in tok.children):
            return None  # "the Clinton campaign and the DNC", "the campaign of …"
        owners = _proper_owners(tok)
        if not owners:
            return (
                self._led_by_pronoun(tok, span)
                or self._governed_by(tok, span)
                or self._led_by_named_before(tok, span)
            )
        if len(owners) != 1:
            return None
        if self._person_owning(owners[0]) is None:
            return self._governed_by(tok, span)
        return self._org_led_by(owners[0], tok, span)

    def _org_led_by(self, owner: Token, tok: Token, span: tuple[int, int]) -> Entity | None:
        """The organisation the noun ``tok`` names after the person ``owner`` names
        ("Trump campaign"), or None where ``owner`` gives no surname ("Jr.")."""
        surname = _surname_of_owner(owner)
        return self._org_named(f"{surname} {tok.lower_}", span) if surname else None

    def _person_owning(self, owner: Token) -> Entity | None:
        """The one person the proper noun ``owner`` ("Trump" of "the Trump campaign")
        is a mention of, or None."""
        people = {e.id: e for _, _, e in self.at(owner.idx) if e.type == "PERSON"}
        return next(iter(people.values())) if len(people) == 1 else None

    def _led_by_named_before(self, tok: Token, span: tuple[int, int]) -> Entity | None:
        """ "The campaign says …", "the administration said" after "A new ad from Donald
        Trump’s presidential campaign …" or "the Obama administration …": the
        organisation of the person the nearest such phrase before it, within reach, is
        named after. Only with "the", and only the campaign or administration the text
        named: the nearest candidate is no evidence (Obama campaigns for Clinton)."""
        if tok.lemma_.lower() not in _LED_BY_PRONOUN or not definite(tok) or tok.tag_ == "NNS":
            return None  # "the campaigns" are more than one
        if any(c.dep_ not in {"det", "amod", "punct"} for c in tok.lefts):
            return None  # "the Democratic Party's campaign", "the ad campaign"
        lemma = tok.lemma_.lower()
        for before in reversed(self.doc[max(0, tok.i - MAX_BACK) : tok.i]):
            if tok.idx - before.idx > PRONOUN_REACH:
                break
            if before.lemma_.lower() != lemma or before.pos_ != "NOUN":
                continue
            held = [e for _, _, e in self.at(before.idx) if e.type == "ORG"]
            if len(held) == 1 and names.fold(held[0].name).endswith(lemma):
                self.add(held[0], span)  # an earlier "the campaign" it was found for
                return held[0]
            owners = _proper_owners(before)
            if len(owners) != 1 or self._person_owning(owners[0]) is None:
                return None  # the nearest is someone else's, or no person's
            return self._org_led_by(owners[0], tok, span)
        return None

    def _led_by_pronoun(self, tok: Token, span: tuple[int, int]) -> Entity | None:
        """ "his campaign", "her administration": the organisation named after the person
        the pronoun stands for ("Clinton campaign"), when the pronoun rules name one whose
        gender the article told before and whom it last named outside quotation marks (a
        campaign is no guess: "Sanders countered with a breakfast with Sharpton …
        shortly after her campaign said" is not Sharpton's)."""
        if tok.lemma_.lower() not in _LED_BY_PRONOUN:
            return None
        owner = next((c for c in tok.lefts if c.dep_ == "poss"), None)
        if owner is None or owner.lower_ not in {"his", "her"}:
            return None
        known = set(self.gender)
        person = self._pronoun(owner)
        if person is None or person.type != "PERSON" or person.id not in known:
            return None
        last = next((s for s, e in self._before(owner.idx, {"PERSON"}) if e.id == person.id), None)
        if last is None or quotemarks.inside(self.doc, last):
            return None
        words = [w.strip(".,") for w in person.name.split()]
        while words and words[-1].lower() in _SUFFIXES:
            words.pop()
        if len(words) < 2 or not words[-1].isalpha() or not words[-1][:1].isupper():
            return None
        return self._org_named(f"{words[-1]} {tok.lower_}", span)

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

    def _home_government(self, tok: Token) -> Entity | None:
        """ "the government" in a story filed from a national capital: the host country
        (``home_country``), unless another country is named in its sentence or the two
        before, or another country's government ("the Japanese government", "Brazil's
        government") anywhere before it."""
        if tok.lemma_.lower() not in GOVERNMENT_NOUNS or tok.tag_ != "NN" or not definite(tok):
            return None
        if conjoined(tok):
            return None  # "The government and employers' organisations" are two
        if any(c.dep_ != "det" for c in tok.lefts) or any(
            c.dep_ in {"prep", "appos", "acl", "relcl"} for c in tok.rights
        ):
            return None  # "the Kohl government", "the government of Iran"
        home = home_country(self.doc)
        if home is None:
            return None
        near = self.sentence_start(tok, back=2)
        for _, entity in self._before(tok.idx, {"GPE"}, since=near):
            if names.fold(entity.name) in countries() and not is_country(entity, home):
                return None  # "Brazil … the government said" may be Brazil's
        if self._foreign_government(home) < tok.i:
            return None
        return country_entity(self, home, (tok.idx, tok.idx + len(tok)))

    def _foreign_government(self, home: str) -> int:
        """The index of the first government noun named by a country other than ``home``,
        as a name or an adjective ("the Japanese government"), or the document's length:
        read once per document (a story may say "the government" thousands of times)."""
        if self._foreign is None:
            self._foreign = len(self.doc)
            for noun in self.doc:
                if noun.lemma_.lower() not in GOVERNMENT_NOUNS:
                    continue
                for word in noun.lefts:
                    place = unnamed.demonyms().get(names.fold(word.text))
                    if place is None and names.fold(word.text) in countries():
                        place = word.text
                    if place is not None and names.fold(place) != names.fold(home):
                        self._foreign = noun.i
                        return noun.i
        return self._foreign

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
        if not definite(tok) or conjoined(tok):
            return None  # "both the candidate and her staff" is a group
        if self._introduced_unnamed(tok):
            return None  # "a spokesman said … The spokesman declined": that spokesman
        if any(
            c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in _OWNED_BY) for c in tok.children
        ):
            return None  # "the spokesman for the ministry", "the party's nominee"
        people = self._people_before(tok, back=1)
        far = False
        if not people and main_dependent(tok, SUBJECT):
            # No one named in this sentence or the one before ("There was no issue with
            # the sound. The GOP nominee complained …"): the one person named in the
            # sentences before those, as a main subject, when no one else is.
            people, far = self._people_before(tok, back=EPITHET_SENTENCES), True
        # One the epithet cannot stand for is no rival: "Trump charges … Clinton now says
        # … The New York businessman says" is Trump, a businessman being no woman.
        people = {k: v for k, v in people.items() if self._fits(tok, v[1])}
        if not people or self._named_after(tok) or (far and len(people) > 1):
            return None
        if len(people) == 1:
            [(starts, entity)] = people.values()
            if not any(self._main_subject(s) or self._owns_subject(s) for s in starts):
                return None
            if far and any(self._asks(start) for start in starts):
                # "“That would be you?” Borger asked. / “That would be me,” the senator
                # said": an epithet after a question is the one who answers it.
                return None
        else:
            # Several people named: the one who is the topic (``_topic``), and only for an
            # epithet that is itself a main clause's subject: in "Trump said he … with David
            # Cameron because the British prime minister cast …" it is not. Unlike "he",
            # an epithet is not taken by a rival's having spoken before: what it says of
            # its person (a party, a place, an office) must fit them too ("Trump,
            # appearing after Clinton, cited … “We need change,” the New York
            # businessman said").
            if not main_dependent(tok, SUBJECT):
                return None
            near = [(s, e) for starts, e in people.values() for s in starts]
            topic = self._topic(near, spoken=False)
            if topic is None:
                return None
            entity = topic
        if self._reported_by(tok, entity) or self._named_beside(tok, entity):
            return None
        return entity

    def _introduced_unnamed(self, tok: Token) -> bool:
        """Whether the article introduced someone unnamed by the noun of the epithet
        ``tok`` before it ("a spokesman", "an official", not in apposition to a name):
        "the spokesman" takes that one up, whoever was named since ("a spokesman said …
        In a statement, Burke said … The spokesman declined to elaborate")."""
        if self._introduced is None:
            self._introduced = {}
            for t in self.doc:
                if (
                    t.pos_ == "NOUN"
                    and unnamed_person_noun(t)
                    and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in t.children)
                    and t.dep_ not in {"appos", "attr"}  # "Smith, an analyst", "is an analyst"
                    and not any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in t.children)
                ):
                    self._introduced.setdefault(t.lemma_.lower(), t.i)
        first = self._introduced.get(tok.lemma_.lower())
        return first is not None and first < tok.i

    def _named_beside(self, tok: Token, entity: Entity) -> bool:
        """Whether ``entity`` is named in the clause the epithet ``tok`` is the subject of,
        outside it: "The judge agreed with Ivana Trump" is not Ivana Trump, who would be
        "herself" there. A pronoun is no name: "the candidate repeated his promise"."""
        own = {t.i for t in tok.subtree}
        return any(
            e.id == entity.id
            for t in tok.head.subtree
            if t.i not in own and t.pos_ == "PROPN"
            for _, _, e in self.at(t.idx)
        )

    def _fits(self, tok: Token, entity: Entity) -> bool:
        """Whether the epithet ``tok`` clashes with nothing the article says of a person
        (``epithets.fits``)."""
        held = self._attributes(entity)
        known = epithets.offices(entity)
        common = epithets.common_words(entity)
        gender = self.gender.get(entity.id)
        return epithets.fits(tok, epithets.narrowing(tok), held, known, gender, common)

    def _owns_subject(self, start: int) -> bool:
        """Whether the mention starting at ``start`` owns a main clause's subject that is
        no person ("Mr. Trump's tone seems to encourage aggression. The candidate has
        berated …"): what the sentence is about is theirs. "Trump's lawyer said …" is
        about the lawyer."""
        head = self._name_head(start)
        noun = head.head
        return (
            head.dep_ == "poss"
            and noun.pos_ == "NOUN"
            and main_dependent(noun, SUBJECT)
            and not epithets.is_epithet_head(noun)
            and noun.lemma_.lower() not in person_nouns()
            and not unnamed_person_noun(noun)
        )

    def _asks(self, start: int) -> bool:
        """Whether the mention starting at ``start`` is the subject of "ask"."""
        head = self._name_head(start).head
        return head.lemma_.lower() == "ask"

    def _people_before(self, tok: Token, back: int) -> dict[str, tuple[list[int], Entity]]:
        """The people named, not as a noun's modifier, from ``back`` sentences before
        ``tok``'s up to it: entity id -> (where each mention starts, the entity). For an
        epithet outside quotation marks, not a name inside them: "“My dear Michael
        Cohen,” the conference speaker says" is not Cohen."""
        near = self.sentence_start(tok, back=back)
        people: dict[str, tuple[list[int], Entity]] = {}
        for start, entity in self._before(tok.idx, {"PERSON"}):
            if start < near:
                break
            if self._quoted_away(tok, start):
                continue
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

    def _attributes(self, entity: Entity) -> set[str]:
        """``epithets.attributes`` of a person, reading only the mentions added since it
        was last asked (a text naming one person 20,000 times asks many times, and every
        pronoun or epithet found adds a mention)."""
        if entity.id not in self._attrs:
            self._attrs[entity.id] = (
                len(entity.mentions),
                epithets.attributes(entity, self._token_before),
            )
        count, held = self._attrs[entity.id]
        if count < len(entity.mentions):
            held = held | epithets.said_before(entity.mentions[count:], self._token_before)
            self._attrs[entity.id] = (len(entity.mentions), held)
        return held

    def _own_name(self, tok: Token) -> Entity | None:
        """ "the M5S party", "The United Auto Workers union", "the People's Daily
        newspaper": a description noun (``descriptions.tsv``) whose own name, an
        organisation the article names (in two words or more, or an acronym), is written
        right before it is that organisation, unless that name says it is of another kind
        ("the Energy Department agency")."""
        if tok.pos_ != "NOUN" or tok.tag_ == "NNS" or tok.i == 0:
            return None
        if self.doc[tok.left_edge.i].lower_ != "the":
            return None  # "the" opens the phrase: it may hang on the name ("The People's")
        lemma = tok.lemma_.lower()
        if lemma not in description_names() or lemma in lexicons.load("person_org_nouns"):
            return None  # "the Trump campaign" is the campaign's own (``_led_by``)
        name = self.doc[tok.i - 1]
        if name.head.i != tok.i or name.dep_ not in {"compound", "nmod", "poss"}:
            return None
        end = name.idx + len(name)
        held = {e.id: e for s, e_end, e in self.at(name.idx) if e_end == end and e.type == "ORG"}
        if len(held) != 1:
            return None
        [entity] = held.values()
        # One word NER typed an organisation may be a person's name ("the Smith
        # committee"): a name of two words or more, or an acronym, is one's own.
        if len(entity.name.split()) < 2 and not names.is_acronym(entity.name):
            return None
        # A name that says its own kind names the body the noun is part of: "the Energy
        # Department agency" is the department's agency, not the department.
        last = names.fold(entity.name.split()[-1]).strip(".,")
        if last in description_names() and last != lemma:
            return None
        return entity

    def _description(self, tok: Token) -> Entity | None:
        """ "the company", "the department", "the bank" -> the organisation it stands for:
        the nearest one before it (within reach) whose name holds a word that fits the
        noun (``data/lexicons/descriptions.tsv``). The nearest that fits, not the nearest
        organisation: "the department" after "the Treasury … the Agriculture Department"
        is the department."""
        if tok.pos_ != "NOUN" or not any(c.lower_ == "the" for c in tok.children):
            return None
        return self._fitting(tok) or self._company_topic(tok)

    def _company_topic(self, tok: Token) -> Entity | None:
        """ "the company" where no company named within reach says so in its name
        ("Twitter acknowledged that the issue remained tricky. “…,” the company said"):
        the one organisation named in its sentence before it and in the sentence before,
        outside quotation marks, when it is the subject of a main clause there and its
        name does not say it is of another kind ("the … Department", "… Party", "The
        Times": another description's words). Another organisation named there, even as
        an object, may be the company ("The NAACP sued Ameriquest. The company said …"):
        no one then."""
        lemma = tok.lemma_.lower()
        if lemma not in _NAMELESS or tok.tag_ == "NNS":
            return None
        if any(c.dep_ != "det" and not c.is_lower for c in tok.lefts) or any(
            c.pos_ == "PROPN" or c.dep_ == "appos" for c in tok.rights
        ):
            return None  # "the Iraqi activist group Mosul Eye" names its own
        near = max(self.sentence_start(tok, back=1), tok.idx - PRONOUN_REACH)
        orgs = []
        for start, entity in self._before(tok.idx, {"ORG"}, since=near):
            if not self._quoted_away(tok, start):
                orgs.append((start, entity))
        named = {e.id: e for _, e in orgs}
        if len(named) != 1:
            return None
        [entity] = named.values()
        if not any(self._main_subject(s) for s, _ in orgs):
            return None
        if name_fits(entity.name, _other_kinds(lemma)):
            return None
        return entity

    def fitting(self, tok: Token) -> Entity | None:
        """The organisation the description noun ``tok`` stands for ("company" of "a
        company spokesman"), as "the company" would be read (``_fitting``)."""
        return self._fitting(tok)

    def _fitting(self, tok: Token) -> Entity | None:
        """The organisation named before the description noun ``tok``, within reach, whose
        name holds a word that fits it: the nearest such that was the subject of a main
        clause, else the nearest such, else None. News carries its topic as the subject:
        "American Motors Corp said its directors reviewed a Chrysler Corp merger proposal
        … The company said" is American Motors, and the underwriters or the target a
        company's statement names after it do not take its "the company"; nor, where a
        company whose name does not fit was a main clause's subject, does any other."""
        head = tok.lemma_.lower()
        fits = description_names().get(head)
        if fits is None:
            return None
        # Only a business may be a company whose name does not say so ("the bank").
        companies = description_names()["company"] if head in business_heads() else frozenset()
        near = list(
            takewhile(
                lambda hit: tok.idx - hit[0] <= PRONOUN_REACH,
                self._before(tok.idx, {"ORG"}, since=tok.idx - PRONOUN_REACH),
            )
        )
        if head not in _NEAREST_ONLY:
            return self._nearest_fitting(tok, near, fits, companies)
        # An organisation whose name holds the noun itself, within reach ("The
        # International Energy Agency said … The agency said"); else only the one named
        # last, outside the description's own phrase, may be of its kind by another word
        # (a commission, a bureau): "the Energy Department agency" is not the department.
        found = self._nearest_fitting(tok, near, frozenset({head}), companies)
        last = [(start, e) for start, e in near if start < tok.left_edge.idx][:1]
        return found or self._nearest_fitting(tok, last, fits, companies)

    def _nearest_fitting(
        self,
        tok: Token,
        near: list[tuple[int, Entity]],
        fits: frozenset[str],
        companies: frozenset[str],
    ) -> Entity | None:
        return nearest_fitting(
            ((entity, partial(self._main_subject, start)) for start, entity in near),
            fits,
            companies,
            lambda e: self._spoke_before(e, tok.idx),
        )


#: Descriptions that stand only for the organisation named last before them: "the
#: agency" after "the Department of Justice found … data from the FBI" is the FBI (an
#: acronym says no kind), not the department; after "the Securities and Exchange
#: Commission reminded …" the commission.
_NEAREST_ONLY = frozenset({"agency"})
#: Descriptions whose organisation need not say so in its name ("Twitter" is "the
#: company", "the Tax Policy Center" "the group", "CNN" "the network").
_NAMELESS = frozenset(
    {
        "company",
        "firm",
        "group",
        "organization",
        "organisation",
        "network",
        "newspaper",
        "paper",
        "agency",
    }
)


@cache
def _other_kinds(head: str) -> frozenset[str]:
    """The words a name of an organisation of another kind than ``head`` holds
    ("department", "party", "times" for "the company"), a company's legal forms and
    ``head``'s own words left out."""
    kinds = description_names()
    own = kinds["company"] | kinds["firm"] | kinds.get(head, frozenset())
    return frozenset(w for fits in kinds.values() for w in fits if w not in own)


def nearest_fitting(
    candidates: Iterable[tuple[Entity, Callable[[], bool]]],
    fits: frozenset[str],
    companies: frozenset[str],
    spoke: Callable[[Entity], bool] | None = None,
) -> Entity | None:
    """Of the organisations named before a description (``candidates``, nearest first,
    each with a test of whether that mention is a main clause's subject), the one it
    stands for: the nearest whose name holds a word of ``fits`` and that was a main
    subject, else the nearest that fits, unless a company whose name does not fit (a
    word of ``companies``, empty for a noun that names no business) was a main subject:
    "Security Pacific Corp said … slowed by the purchase of Rainier Bancorp … The bank
    said" may be Security Pacific's, so it is no one's. Where ``spoke`` tells which
    organisations spoke before the description, a main subject that did wins over a
    nearer one that did not ("Raytheon … said its division is prime contractor. Martin
    Marietta Corp is a major subcontractor. The company also said …" is Raytheon)."""
    nearest = None
    rival = False
    first_main = None
    for entity, main_subject in candidates:
        if not name_fits(entity.name, fits):
            if first_main is None:
                rival = rival or (name_fits(entity.name, companies) and main_subject())
            continue
        if main_subject():
            if spoke is None or spoke(entity):
                return entity
            first_main = first_main or entity
        nearest = nearest or entity
    if first_main is not None:
        return first_main
    return None if rival else nearest


def _proper_owners(tok: Token) -> list[Token]:
    """The proper nouns before the noun ``tok`` that own or name it ("Trump" of "the
    Trump campaign", "Clinton's" of "Hillary Clinton's campaign")."""
    return [c for c in tok.lefts if c.dep_ in {"compound", "poss"} and c.pos_ == "PROPN"]


def _surname_of_owner(owner: Token) -> str | None:
    """The surname a campaign or an administration is named by ("Trump" of "Trump’s
    campaign"), or None for a suffix ("Jr.") or a word that is no name."""
    surname = owner.text.removesuffix("'s").removesuffix("’s")
    if not surname.isalpha() or not surname[:1].isupper() or surname.lower() in _SUFFIXES:
        return None
    return surname


def name_fits(name: str, fits: frozenset[str]) -> bool:
    """Whether an organisation's ``name`` holds a word of ``fits`` (a description's words,
    ``description_names``) and is no facility's name ("… Power Station")."""
    words = [w.strip(".,") for w in names.fold(name).replace("-", " ").split()]
    if not words or words[-1] in _FACILITIES:
        return False
    # A legal form written into the name's last word: "Keycorp", "Amcorp".
    return bool(set(words) & fits) or ("corp" in fits and words[-1].endswith("corp"))


@cache
def description_names() -> dict[str, frozenset[str]]:
    """Description head noun -> the words an organisation's name holds to fit it."""
    return {row["head"]: frozenset(row["names"].split()) for row in lexicons.table("descriptions")}


@cache
def business_heads() -> frozenset[str]:
    """Description head nouns that name a business ("the bank", "the company"): a company
    whose name does not fit may be one."""
    return frozenset(r["head"] for r in lexicons.table("descriptions") if r["business"] == "yes")
