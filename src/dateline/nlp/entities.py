"""Entities with their in-article mentions and titles.

Starts from the NER spans of the model and groups them into one entity per
person or organisation: a surname refers back to the full name ("Lavrov" ->
"Sergei Lavrov"; of several, the one named last whose gender, as ``nlp/gender.py``
guesses it, does not clash with an honorific before it: "Mrs. Clinton" is never Bill
Clinton; of several, the one the article already calls by the surname alone, unless
another was named since as a main clause's subject: ``_surname_holder_first``), an
acronym to its long form ("EU" -> "European Union").
Titles are read from the words before a name ("UN Secretary General Ban
Ki-moon") and from appositions ("Sergei Lavrov, Russia's foreign minister").
Pronouns and role nouns are attached later by the coreference stage.

Wire copy has its own house style, which is never a name: a dateline's place is a
GPE and nothing else in the dateline is an entity ("(Reuters)" is its agency);
units and table labels ("U.S. Dlrs", "mln", "pct", "Stg"), stock tickers
("<RTRSY>", "<IBM.N>") and words of an all-caps headline are no people or
organisations. Every step is linear in the number of tokens: entities are looked
up by the keys a match needs (surname, organisation key, initials), never by a
scan of all entities.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from itertools import takewhile

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from dateline import lexicons, names
from dateline.nlp import cues, extensions, gender
from dateline.nlp.datelines import text_as_read
from dateline.nlp.doctext import doc_text
from dateline.nlp.mention_index import SUBJECT, main_dependent
from dateline.nlp.missed_names import (
    alias_of,
    before_bracket,
    missed_acronyms,
    missed_initials,
    missed_short_names,
    missed_surnames,
    short_of,
)
from dateline.nlp.mistyped import (
    apposition_title,
    is_title_word,
    missed_given_name,
    titled_person,
    word_before,
)
from dateline.nlp.org_pronouns import retype_neuter_persons
from dateline.types import Entity, Mention

extensions.register()

#: NER labels that can speak or be spoken about.
DEFAULT_TYPES = ("PERSON", "ORG", "GPE")
_TITLE_JOINERS = {"of", "for", "-", "and", "'s", "’s"}
_STRIP_LEFT = {"the", "a", "an"}
#: Dependencies of the modifiers that make up a title ("Foreign" in "Foreign Minister").
_TITLE_DEPS = {"compound", "amod", "nmod"}
#: A stock ticker as wire copy writes it in angle brackets: "<RTRSY>", "<IBM.N>".
_TICKER = re.compile(r"[A-Z0-9&]{1,6}(?:\.[A-Z]{1,2})?")
#: The longest title read from an apposition (characters): a longer one is a clause.
_LONGEST_TITLE = 80
#: A line is a headline when its letters are all capitals and it has this many words.
_HEADLINE_WORDS = 2


@Language.factory(
    "dateline_entities",
    requires=["doc.ents"],
    assigns=["doc._.entities"],
    default_config={"types": list(DEFAULT_TYPES)},
)
def make_entities(nlp: Language, name: str, types: list[str]) -> EntityComponent:
    return EntityComponent(types)


class EntityComponent:
    def __init__(self, types: list[str]) -> None:
        self.types = tuple(types)

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = find_entities(doc, self.types)
        # A firm NER typed PERSON that the text calls "its" is an organisation before
        # any speaker is filed under it ("Twitter … its fight … the company said").
        retype_neuter_persons(doc, doc._.entities, _given_names())
        return doc


@cache
def _given_names() -> frozenset[str]:
    return lexicons.load("first_names_male") | lexicons.load("first_names_female")


class _Index:
    """The entities found so far, by the keys ``_match`` compares, so that a new span is
    compared with the few entities that can match it, not with all of them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.by_key: dict[str, dict[int, Entity]] = defaultdict(dict)
        #: a person's gender as the first honorific of their mentions tells it ("Mr.")
        self.honorific: dict[int, str] = {}
        #: the people some mention calls by their surname alone, with the gender of the
        #: honorific before it if any ("Cruz": None, "Mr. Cruz": "m")
        self.called_by_surname: dict[int, set[str | None]] = {}
        #: where a mention ends -> its entity (for an acronym in brackets after it)
        self.ends: dict[int, Entity] = {}
        #: organisations by the first letter of their name ("VW" of "Volkswagen AG")
        self.by_letter: dict[str, dict[int, Entity]] = defaultdict(dict)

    def add(self, entity: Entity, mention: Mention) -> None:
        self.ends.setdefault(mention.end, entity)
        if entity.type == "PERSON":
            said = gender.of_mention(self.text, mention)
            if said and id(entity) not in self.honorific:
                self.honorific[id(entity)] = said
            if len(names.name_parts(mention.text)) == 1:
                self.called_by_surname.setdefault(id(entity), set()).add(said)
        if entity.type == "ORG" and entity.name[:1].isalpha():
            self.by_letter[entity.name[0].lower()][id(entity)] = entity
        texts = [entity.name] + ([mention.text] if len(entity.mentions) <= 3 else [])
        for text in texts:
            for key in _keys(text):
                self.by_key[key][id(entity)] = entity

    def candidates(self, text: str) -> list[Entity]:
        """Every entity that can match a mention ``text``, most recently mentioned first."""
        found = {i: e for key in _keys(text) for i, e in self.by_key.get(key, {}).items()}
        return sorted(found.values(), key=lambda e: e.mentions[-1].start, reverse=True)

    def agreeing(self, entities: list[Entity], want: str) -> list[Entity]:
        """``entities`` less the people whose gender is known to differ from ``want``:
        "Mrs. Clinton" is Hillary Clinton though Bill Clinton was named last. The most
        recent still wins among the rest: one the article tells the gender of is no
        likelier than one it does not ("Mr. Bush" in an article on Jeb Bush is not
        George W. Bush, named once)."""
        return [e for e in entities if e.type != "PERSON" or self.gender(e) in (None, want)]

    def gender(self, entity: Entity) -> str | None:
        """A person's gender as an honorific, a title or a given name tells it (a guess,
        to rule matches out; never stored)."""
        return self.honorific.get(id(entity)) or gender.of_person(entity)


def company_key(name: str) -> str:
    """An organisation's name without its company suffix, folded ("texaco" of "Texaco
    Inc"): what the entity stage and the speaker stage compare."""
    return names.org_key(names.org_core(name, lexicons.load("company_suffixes")))


def _keys(text: str) -> set[str]:
    """What two names that ``_match`` joins share: the surname, the organisation key (of
    the name, and of the name without its company suffix), or the initials of one that
    are the other (``EU``/``European Union``)."""
    keys = {f"o:{names.org_key(text)}", f"o:{company_key(text)}"}
    parts = names.name_parts(text)
    # The last name, and the one before it: a surname of two words ("Javier Nogales
    # Iturri" is "Nogales" too; ``names.compound_surname`` judges).
    keys.update(f"p:{part}" for part in parts[-2:] if len(parts) > 2 or part == parts[-1])
    family = names.family_name(text)  # "Xi" of "Xi Jinping"
    if family is not None:
        keys.add(f"p:{family}")
    initials = text.replace(".", "").lower() if names.is_acronym(text) else names.acronym(text)
    if len(initials) >= 2:  # as ``names.same_org`` requires
        keys.add(f"a:{initials}")
    return keys


def find_entities(doc: Doc, types: tuple[str, ...] = DEFAULT_TYPES) -> list[Entity]:
    """Group the named-entity spans of ``doc`` into entities, in order of first mention."""
    entities: list[Entity] = []
    index = _Index(doc_text(doc))
    ents = _family_and_given(_join_and_co(list(doc.ents)))
    house = _HouseStyle(doc, ents)
    skip_next = False
    for i, ent in enumerate(ents):
        if skip_next:
            skip_next = False
            continue
        label = house.label(ent)
        if label not in types:
            continue
        span = clean_span(ent)
        if span is None or house.excluded(span):
            continue
        if label in {"GPE", "ORG"}:
            following = ents[i + 1] if i + 1 < len(ents) else None
            person = missed_given_name(span, label, following)
            if person is not None:
                span, label = person, "PERSON"
                skip_next = following is not None and following.start < person.end
            elif titled_person(span):
                label = "PERSON"  # "president Pierre Peladeau" (GPE)
        title = title_before(span) if label == "PERSON" else None
        entity = _bracketed_acronym(house.text, index, span) or _match(index, span, label)
        if entity is None:
            entity = Entity(id="", name=span.text, type=label)
            entities.append(entity)
        elif _better_name(span.text, entity):
            entity.name = span.text
        mention = Mention(span.start_char, span.end_char, span.text)
        entity.mentions.append(mention)
        index.add(entity, mention)
        appositions = (title_in_apposition(span), title_heading(span)) if label == "PERSON" else ()
        for found in (title, *appositions):
            if found and found not in entity.titles:
                entity.titles.append(found)
    missed_surnames(doc, entities, house)
    missed_short_names(doc, entities, house)
    missed_acronyms(doc, entities, house, index)
    missed_initials(doc, entities, house)
    for i, entity in enumerate(entities, start=1):
        entity.id = f"e{i}"
        entity.mentions.sort(key=lambda m: m.start)  # the sweeps above append out of order
    return entities


def _join_and_co(ents: list[Span]) -> list[Span]:
    """ "Frank B. Hall and Co Inc", "J.P. Morgan and Co Inc": NER cuts a firm's name at
    its "and" and keeps only the suffixes ("Co Inc") as the organisation, so the firm's
    statements go to a name no one would look up. An ``ORG`` span of company suffixes
    alone takes in the capitalised words before it, over one "and", when there are at
    least two ("Shearson and"; not a lone word, as in "… Investment Co Inc"); one of a
    name and suffixes takes in a lone partner before its "and" (``_partner_before``)."""
    if not ents:
        return ents
    doc = ents[0].doc
    suffixes = lexicons.load("company_suffixes")
    out: list[Span] = []
    for ent in ents:
        if ent.label_ == "ORG" and all(t.lower_.rstrip(".") in suffixes for t in ent):
            start = firm_start(doc, ent.start)
            if start < ent.start - 1:
                ent = Span(doc, start, ent.end, label="ORG")
                while out and out[-1].end > start:
                    out.pop()  # "Frank B. Hall" (PERSON) is inside the firm's name
        elif (partner := _partner_before(doc, ent, out)) is not None:
            ent = Span(doc, partner, ent.end, label="ORG")
            while out and out[-1].end > partner:
                out.pop()  # "Smith and" (ORG): the front half of the name
        out.append(ent)
    return out


def firm_start(doc: Doc, suffix: int) -> int:
    """Where the name of a firm whose company suffixes start at token ``suffix`` begins:
    the capitalised words and initials before them, over one "and" ("Frank B. Hall and
    Co Inc", "Merry Land and Investment Co Inc")."""
    start = _capitalised_run(doc, suffix)
    if start > 0 and doc[start - 1].lower_ == "and":
        start = _capitalised_run(doc, start - 1)
    return start


def _partner_before(doc: Doc, ent: Span, before: list[Span]) -> int | None:
    """Where a firm named after two partners starts when NER kept only the second one
    and the suffix ("Sullivan Inc" of "Frost and Sullivan Inc", "Wesson Corp" of "Smith
    and Wesson Corp", "Poor's Corp" of "Standard and Poor's Corp"): a span of one name
    and company suffixes, after "and" and one
    capitalised word that no other entity holds but a span ending in that "and"."""
    # A possessive ending is part of the partner's name ("Poor's Corp").
    words = [t for t in ent if not _company_suffix(t) and t.lower_ not in {"'s", "’s"}]
    if len(words) != 1 or not _company_suffix(ent[-1]):
        return None
    i = ent.start
    if i < 2 or doc[i - 1].lower_ != "and" or not doc[i - 2].is_title:
        return None
    if not doc[i - 2].is_alpha or (i > 2 and (doc[i - 3].is_title or doc[i - 3].is_upper)):
        return None  # one partner's word: "Icahn and …" may be a man and a firm
    held = [s for s in before if s.end > i - 2]
    if any(not (s.start == i - 2 and s.end == i) for s in held):
        return None  # "Chrysler" (ORG) and "Ford Motor Co": two firms
    return i - 2


def _family_and_given(ents: list[Span]) -> list[Span]:
    """ "Chung In-yong": NER keeps a family name and leaves out a hyphenated given name
    after it whose first part reads as a word ("In"), so the person is "Chung" alone. A
    ``PERSON`` span ending in a family name written first (``names.family_name``'s list)
    takes in a hyphenated given name right after it: a capitalised part, a hyphen and a
    lower-case part, written together."""
    if not ents:
        return ents
    doc = ents[0].doc
    out: list[Span] = []
    for i, ent in enumerate(ents):
        end = ent.end
        if (
            ent.label_ == "PERSON"
            and end + 3 <= len(doc)
            and names.family_name(f"{doc[end - 1].text} {doc[end : end + 3].text}") is not None
            and doc[end].is_title
            and doc[end + 1].text == "-"
            and doc[end + 2].is_lower
            and doc[end + 2].is_alpha
            and not doc[end].whitespace_
            and not doc[end + 1].whitespace_
            and not (i + 1 < len(ents) and ents[i + 1].start < end + 3)
        ):
            ent = Span(doc, ent.start, end + 3, label="PERSON")
        out.append(ent)
    return out


def _company_suffix(tok: Token) -> bool:
    """A company suffix ending a name: "Inc", "Corp", "Co", "Ltd", "GmbH", "SpA"; one of
    two letters only in capitals ("AG", "SA", "NV": "Sa" may be a Portuguese surname)."""
    word = tok.lower_.rstrip(".")
    if word not in lexicons.load("company_suffixes"):
        return False
    return len(word) > 2 or word == "co" or tok.text.rstrip(".").isupper()


def _capitalised_run(doc: Doc, end: int, most: int = 4) -> int:
    """The start of the run of up to ``most`` capitalised words or initials before
    token ``end``."""
    start = end
    while start > 0 and end - start < most and (doc[start - 1].is_title or doc[start - 1].is_upper):
        if not doc[start - 1].text.replace(".", "").isalpha():
            break  # a word or initials ("J.P."), no punctuation
        start -= 1
    return start


#: How far (characters) a company's angle brackets may open before a name in them.
_BRACKET_REACH = 80


def in_company_brackets(text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` lies between "<" and ">", the marks Reuters puts around a
    company's name ("unit <Pratt and Whitney>"), within a line or two: no person's. The
    span may hold the marks themselves (NER's "Whitney>")."""
    while end > start and text[end - 1] == ">":
        end -= 1
    while start < end and text[start] == "<":
        start += 1
    before = text[max(0, start - _BRACKET_REACH) : start]
    after = text[end : end + _BRACKET_REACH]
    opened, closed = before.rfind("<"), after.find(">")
    return opened >= 0 and ">" not in before[opened:] and closed >= 0 and "<" not in after[:closed]


class _HouseStyle:
    """What wire copy writes that is no name: a dateline but its place, headline words,
    units and tickers. Built once per document, in one pass."""

    def __init__(self, doc: Doc, ents: list[Span]) -> None:
        self.text = text_as_read(doc)  # headline lines as read, not as the view joins them
        dateline = doc._.dateline
        d = dateline.dateline if dateline is not None else None
        self.dateline = (d.start, d.end) if d is not None and d.start is not None else None
        self.place = (d.place_start, d.place_end) if self.dateline and d is not None else None
        self.headlines = _headline_lines(self.text)
        # A name on a headline line counts only when the body names it too.
        self.in_body = {
            names.org_key(e.text) for e in ents if not self._in_headline(e.start_char, e.end_char)
        }
        #: characters inside a mention or the dateline (filled by ``take``)
        self.taken = bytearray(len(self.text))
        if self.dateline:
            self.take(*self.dateline)

    def take(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)

    def label(self, ent: Span) -> str:
        """The entity's type: the NER label, a GPE for a dateline's place, and nothing
        (``""``) for anything else in the dateline."""
        if self.dateline and ent.start_char < self.dateline[1] and self.dateline[0] < ent.end_char:
            return "GPE" if self._in_place(ent.start_char, ent.end_char) else ""
        if ent.label_ == "PERSON" and in_company_brackets(self.text, ent.start_char, ent.end_char):
            return "ORG"  # "<Pratt and Whitney>": part of a company's name
        if ent.label_ == "PERSON" and len(ent) > 1 and _company_suffix(ent[-1]):
            return "ORG"  # "Niagara Mohawk Power Co", "Robert Halmi Inc": a firm
        return ent.label_

    def _in_place(self, start: int, end: int) -> bool:
        return self.place is not None and self.place[0] <= start and end <= self.place[1]

    def _in_headline(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.headlines)

    def ticker(self, span: Span | Token) -> bool:
        """A stock ticker in angle brackets: "<RTRSY>", "<IBM.N>"."""
        start = span.idx if isinstance(span, Token) else span.start_char
        end = start + len(span.text)
        bracketed = self.text[start - 1 : start] == "<" and self.text[end : end + 1] == ">"
        return bracketed and _TICKER.fullmatch(span.text) is not None

    def excluded(self, span: Span) -> bool:
        """A unit ("U.S. Dlrs"), a ticker ("<RTRSY>"), or a headline word the body never
        names."""
        units = lexicons.load("wire_units")
        if any(t.lower_.rstrip(".") in units for t in span):
            return True
        start, end = span.start_char, span.end_char
        if self._in_place(start, end):
            return False
        if self.ticker(span):
            return True
        return bool(
            self.headlines
            and self._in_headline(start, end)
            and names.org_key(span.text) not in self.in_body
        )


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines written in capitals ("BAHIA COCOA REVIEW"), unless most of
    the text is: a story all in capitals has no headline to tell apart."""
    lines, start, caps_letters, letters = [], 0, 0, 0
    for line in text.splitlines(keepends=True):
        n = sum(c.isalpha() for c in line)
        letters += n
        if n and line.upper() == line and len(line.split()) >= _HEADLINE_WORDS:
            lines.append((start, start + len(line)))
            caps_letters += n
        start += len(line)
    return lines if caps_letters * 2 <= letters else []


def _bracketed_acronym(text: str, index: _Index, span: Span) -> Entity | None:
    """The organisation an acronym in brackets right after its name stands for, whatever
    its initials: "the Union of Rationalist Atheists and Agnostics (UAAR)"."""
    if not names.is_acronym(span.text):
        return None
    entity = before_bracket(text, index, span.start_char)
    return entity if entity is not None and entity.type == "ORG" else None


def _brand_s(tok: Token) -> bool:
    """Whether the possessive ending ``tok`` belongs to an organisation's name: its owner
    owns no noun but is a subject, a finite verb next ("Moody's said", "Sotheby's has
    sold"), unlike "Texaco's shares" or the "'s" of "has" ("Christie's been making")."""
    doc = tok.doc
    if tok.tag_ != "POS" or tok.i == 0 or tok.i + 1 >= len(doc):
        return False
    owner, after = doc[tok.i - 1], doc[tok.i + 1]
    return owner.dep_ in {"nsubj", "nsubjpass"} and after.tag_ in {"VBD", "VBZ", "VBP", "MD"}


def clean_span(ent: Span) -> Span | None:
    """Trim articles and possessives; join hyphenated name parts the model split."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and (doc[start].lower_ in _STRIP_LEFT or doc[start].text == "<"):
        start += 1
    while end > start and doc[end - 1].lower_ in {"'s", "’s", "'", "’", ">"}:
        if ent.label_ == "ORG" and _brand_s(doc[end - 1]):
            break
        end -= 1
    if start > 0 and doc[start - 1].lower_ in {"a", "an"}:
        # "a U.S. Delegate at the meeting": NER takes a capitalised role into the name
        # of one of many; the role is no part of it.
        while end > start and is_title_word(doc[end - 1]):
            end -= 1
    # "World Health Organisation (WHO": NER runs into an acronym in brackets it leaves
    # unclosed; the name stops before the bracket.
    opened = [t.i for t in doc[start:end] if t.text == "("]
    if opened and not any(t.text == ")" for t in doc[opened[-1] : end]):
        end = opened[-1]
    # "Obama Says …" in a title-case headline: NER takes the verb into the name.
    verbs = lexicons.load("headline_verbs")
    while end - 1 > start and doc[end - 1].is_title and doc[end - 1].lower_ in verbs:
        end -= 1
    if ent.label_ == "PERSON":
        # "Said Comey, “…”": a cue set before its subject at a sentence's start is no
        # given name, though "Said" is one ("Said Jalili said …"): the tagger's verb tag
        # and a name that is the subject of no other verb tell the two apart.
        if (
            start < end - 1
            and _sentence_opener(doc, start)
            and cues.inverted_cue(doc[start])
            and doc[end - 1].head.i in (start, end - 1)
        ):
            start += 1
        honorifics = lexicons.load("honorifics")
        # "Spokeswoman Maria Jordan": the title is no part of the name (title_before reads it).
        while start < end - 1 and (doc[start].lower_ in honorifics or is_title_word(doc[start])):
            start += 1
        # "Ki" "-" "moon": extend over hyphen joins written without spaces.
        while (
            end + 1 < len(doc)
            and doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
        ):
            end += 2
    if start >= end or not any(t.is_alpha for t in doc[start:end]):
        return None
    return doc[start:end]


def _sentence_opener(doc: Doc, i: int) -> bool:
    """Whether token ``i`` opens a sentence: the parse says so, or a full stop or a line
    break comes before it."""
    if i == 0 or doc[i].is_sent_start:
        return True
    before = doc[i - 1]
    return before.is_space or before.text in {".", "!", "?", "”", '"'}


def _match(index: _Index, span: Span, label: str) -> Entity | None:
    """The entity ``span`` (labelled ``label``) refers to, preferring the most recent."""
    # The small models often tag a bare surname as ORG or GPE ("Lavrov added"); a
    # one-word mention that is the surname of a person already named is that person.
    one_word = label != "PERSON" and len(span) == 1 and not names.is_acronym(span.text)
    entities = index.candidates(span.text)
    want = gender.of_mention(index.text, Mention(span.start_char, span.end_char, span.text))
    if want is not None:
        entities = index.agreeing(entities, want)
    entities = _surname_holder_first(index, span, entities, want)
    core = company_key(span.text) if label == "ORG" else None
    word = names.surname(span.text)
    for entity in entities:
        if (
            one_word
            and word is not None
            and entity.type == "PERSON"
            and word in (names.surname(entity.name), names.family_name(entity.name))
            and len(names.name_parts(entity.name)) > 1
        ):
            return entity
    for entity in entities:
        if entity.type == "PERSON" and label == "PERSON":
            if names.person_matches(span.text, entity.name) or names.person_matches(
                entity.name, span.text
            ):
                return entity
        elif entity.type == label and (
            names.same_org(span.text, entity.name)
            or any(names.same_org(span.text, m.text) for m in entity.mentions[:3])
            or (core is not None and core == company_key(entity.name))
        ):
            return entity  # "EU" / "European Union"; "Texaco" / "Texaco Inc"
        elif {entity.type, label} <= {"ORG", "GPE"} and _same_name(span.text, entity):
            # NER flips between ORG and GPE for one name ("the Kremlin"); only an
            # identical name crosses types, never an acronym ("US" is no "University of S.").
            return entity
    if label in {"ORG", "PERSON"}:
        # "ChemLawn" typed PERSON after "ChemLawn Corp": no person of the name came first.
        # One word as written: "Allis-Chalmers" is three tokens.
        short = _short_name(index, span.text) if len(span.text.split()) == 1 else None
        if short is not None:
            return short
    if label == "PERSON" or one_word:
        # No one by the last name: the first of a surname of two words ("Nogales" after
        # "Javier Nogales Iturri").
        for entity in entities:
            if entity.type == "PERSON" and names.compound_surname(span.text, entity.name):
                return entity
    return None


def _surname_holder_first(
    index: _Index, span: Span, entities: list[Entity], said: str | None
) -> list[Entity]:
    """``entities`` (most recent first) with the holder of a bare surname put first:
    of several people of the surname, the one the article already calls by it alone,
    with the same honorific (of gender ``said``) or none ("Mrs. Khan" is not held by
    "Mr. Khan").
    News gives the others their full names ("his wife, Heidi", "a photo of Heidi Cruz",
    "daughter Chelsea Clinton's apartment") and "Cruz said" stays Ted Cruz's; a
    newcomer named since as a main clause's subject ("Homeland Security Secretary Jeh
    Johnson says …") takes the surname over."""
    word = names.surname(span.text)
    if word is None or len(names.name_parts(span.text)) != 1:
        return entities
    people = [e for e in entities if e.type == "PERSON" and names.surname(e.name) == word]
    people = [e for e in people if len(names.name_parts(e.name)) > 1]
    if len(people) < 2:
        return entities
    holder = next((e for e in people if said in index.called_by_surname.get(id(e), ())), None)
    if holder is None or holder is people[0]:
        return entities
    since = holder.mentions[-1].start
    for newer in people[: people.index(holder)]:
        later = takewhile(lambda m: m.start > since, reversed(newer.mentions))
        if any(main_subject(span.doc, m) for m in later):
            return entities
    return [holder] + [e for e in entities if e is not holder]


def main_subject(doc: Doc, mention: Mention) -> bool:
    """Whether ``mention`` heads the subject of a main clause (the root or a verb
    conjoined to it)."""
    found = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if found is None:
        return False
    return main_dependent(cues.through_ticker(found.root, found.end_char), SUBJECT)


def _short_name(index: _Index, word: str) -> Entity | None:
    """The one organisation of the document that ``word`` names short, if only one fits:
    a house abbreviation of its first word ("VW" of "Volkswagen AG",
    ``names.short_form``), or the first word of a company's full name ("Qantas" of
    "Qantas Airways Ltd", named first in full as wire copy does: two words or more
    ending in a company suffix), never a word that opens many companies' names
    ("General", "American": ``generic_org_words``); else a name the article gives it
    in brackets, by its ticker or as a blend (``alias_of``)."""
    same_letter = index.by_letter.get(word[:1].lower(), {}).values()
    if names.is_acronym(word):
        fits = [e for e in same_letter if e.type == "ORG" and names.short_form(word, e.name)]
    else:
        fits = [e for e in same_letter if short_of(e) == word]
    # Only where no company is called so by its own name: "Comalco" of "Comalco Ltd",
    # never the blend of "Commonwealth Aluminium Corp" named in the same story.
    if not fits:
        fits = [e for e in same_letter if alias_of(index.text, e, word)]
    return fits[0] if len(fits) == 1 else None


def _same_name(text: str, entity: Entity) -> bool:
    key = names.org_key(text)
    return key == names.org_key(entity.name) or any(
        key == names.org_key(m.text) for m in entity.mentions[:3]
    )


def _better_name(text: str, entity: Entity) -> bool:
    """Keep the fullest form as the canonical name: more name parts, or long over acronym."""
    if entity.type == "PERSON":
        return len(names.name_parts(text)) > len(names.name_parts(entity.name))
    return names.is_acronym(entity.name) and not names.is_acronym(text)


def title_before(span: Span) -> str | None:
    """The title written right before a name: "Russian Foreign Minister" Sergei Lavrov."""
    doc = span.doc
    before = word_before(span)  # over a wire line break: "president\nPierre Peladeau"
    if before is None or not is_title_word(before):
        return None
    i = start = before.i
    while i >= 0:
        tok = doc[i]
        if tok.is_space:
            pass
        elif (
            is_title_word(tok)
            or tok.ent_type_ in {"ORG", "GPE", "NORP"}
            or (tok.dep_ in _TITLE_DEPS and tok.pos_ in {"PROPN", "ADJ", "NOUN"})
        ):
            start = i
        elif tok.lower_ in _TITLE_JOINERS and i > 0 and start == i + 1:
            pass  # keep going: "Secretary of State", "Secretary-General"
        else:
            break
        i -= 1
    if doc[start].lower_ in _TITLE_JOINERS:
        start += 1
    if start >= span.start:
        return None
    return doc[start : span.start].text.strip().strip(" -,")


def title_heading(span: Span) -> str | None:
    """The title a name stands in apposition to: "the Governor of the Bank of Greece",
    Dimitris Halikias."""
    title = apposition_title(span)
    if title is None:
        return None
    doc = span.doc
    left = title.left_edge.i
    while left < title.i and doc[left].lower_ in _STRIP_LEFT:
        left += 1
    text = doc[left : span.start].text.strip().strip(" ,")
    return text if 0 < len(text) <= _LONGEST_TITLE else None


def title_in_apposition(span: Span) -> str | None:
    """The title in an apposition: Sergei Lavrov, "Russia's foreign minister", said."""
    for child in span.root.children:
        if child.dep_ == "appos" and child.i >= span.end and is_title_word(child):
            left = child.left_edge.i
            while left < child.i and child.doc[left].lower_ in _STRIP_LEFT:
                left += 1
            right = child.right_edge.i + 1
            text = child.doc[left:right].text.strip(" ,")
            if 0 < len(text) <= _LONGEST_TITLE:
                return text
    return None
