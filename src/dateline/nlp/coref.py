"""The ``dateline_coref`` component: personal pronouns joined to the people they stand for.

Every "he", "his", "she", "her" … of a document is linked to one person or to none, and
the linked pronoun becomes one of that entity's ``mentions``, so "about whom" counts
"his" too. A mention-ranking model scores each person named within reach (``REACH``
characters before the pronoun, or later in its own sentence); the best scores a link
when its probability passes the model's threshold. A person is a PERSON entity or, with
the model's ``extended`` flag, a name NER typed ORG or GPE or left out that shows it is
a person's (``_named_person``: an honorific, a given name, the surname of a person named
in the text); such a name becomes a PERSON entity only when a pronoun is joined to it.
Features (``features``): distance in sentences, tokens and mentions, the grammatical
role of the candidate and of the pronoun (and whether they match: parallelism), gender
agreement from given names, honorifics and titles (a guess used only to rule out and
weigh, never stored or shown), binding (an object pronoun is not the subject of its own
verb), how often and how early the person was named, the paragraph's topic.

The weights are small (``data/coref/model.json``), trained on GAP development
(Apache-2.0) by ``scripts/train_coref.py`` and tuned on GAP validation; see
docs/coref.md for the model card.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from functools import cache, partial
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline import lexicons, names
from dateline.nlp import extensions
from dateline.nlp.description_rules import (
    business_heads,
    description_names,
    nearest_fitting,
)
from dateline.nlp.doctext import doc_text
from dateline.nlp.entities import in_company_brackets, main_subject
from dateline.nlp.gender import genders as _genders
from dateline.nlp.org_pronouns import link_org_pronouns
from dateline.nlp.quotes import adopt_named_sources
from dateline.nlp.unnamed import demonym_places
from dateline.types import Entity, Mention

extensions.register()

#: How far back (characters) a pronoun looks for the person it stands for.
REACH = 1500
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PRONOUNS = MALE | FEMALE
REFLEXIVE = frozenset({"himself", "herself"})
SUBJECT = frozenset({"nsubj", "nsubjpass"})
OBJECT = frozenset({"dobj", "pobj", "dative", "iobj", "attr", "oprd"})


@Language.factory(
    "dateline_coref",
    requires=["doc._.entities", "token.dep", "token.pos"],
    assigns=["doc._.entities"],
)
def make_coref(nlp: Language, name: str) -> CorefComponent:
    return CorefComponent(common_words(nlp))


def common_words(nlp: Language) -> frozenset[str]:
    """The English words of the model's lemmatizer tables (its ``lemma_index``: nouns,
    verbs, adjectives, adverbs), lower case; empty when the model has none. A name that is
    one of them ("Apple", "Ford", "Treasury") is no person on its place in a clause alone."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    table = lookups.get_table("lemma_index")
    return frozenset(w.lower() for words in table.values() for w in words)


class CorefComponent:
    def __init__(self, common: frozenset[str] = frozenset()) -> None:
        self.common = common

    def __call__(self, doc: Doc) -> Doc:
        if doc._.entities:
            link_pronouns(doc, doc._.entities, common=self.common)
            link_descriptions(doc, doc._.entities)
            # After the descriptions: "The company said its profits rose" reads the
            # company's "its" through the description it now holds.
            link_org_pronouns(doc, doc._.entities)
            # A named source the speaker stage could not place, now a mention here.
            adopt_named_sources(doc, self.common)
        return doc


def link_descriptions(doc: Doc, entities: list[Entity]) -> int:
    """Add each definite description of an organisation ("the company", "the
    department", "the bank") to the mentions of the organisation it stands for: the
    nearest one named before it, within ``REACH``, whose name holds a word that fits
    the noun (``data/lexicons/descriptions.tsv``, as the speaker stage reads a source).
    The number linked."""
    fits_by_head = description_names()
    companies = fits_by_head["company"]
    orgs = sorted(
        ((m.start, m, e) for e in entities if e.type == "ORG" for m in e.mentions),
        key=lambda h: h[0],
    )
    if not orgs:
        return 0
    starts = [start for start, _, _ in orgs]
    taken = sorted((m.start, m.end) for e in entities for m in e.mentions)
    # Where each organisation first spoke: one that spoke before the description is
    # preferred, as the speaker stage prefers it.
    first_spoke: dict[str, int] = {}
    for q in doc._.quotes or []:
        if q.speaker is not None and q.source is not None:
            first_spoke[q.speaker] = min(first_spoke.get(q.speaker, q.source.start), q.source.start)
    linked = 0
    for tok in doc:
        fits = fits_by_head.get(tok.lemma_.lower()) if tok.pos_ == "NOUN" else None
        the = next((c for c in tok.children if c.lower_ == "the" and c.dep_ == "det"), None)
        if fits is None or the is None:
            continue
        span = (the.idx, tok.idx + len(tok))  # "the company", as a source is written
        k = bisect_left(taken, span)
        if any(s < span[1] and span[0] < e for s, e in taken[max(0, k - 1) : k + 1]):
            continue  # part of a name already ("the Company of Scotland")
        rivals = companies if tok.lemma_.lower() in business_heads() else frozenset()
        near = _reach_back(orgs, bisect_left(starts, tok.idx), tok.idx)
        found = nearest_fitting(
            ((e, partial(main_subject, doc, m)) for _, m, e in near),
            fits,
            rivals,
            lambda e, pos=tok.idx: first_spoke.get(e.id, pos) < pos,
        )
        if found is not None:
            found.mentions.append(Mention(span[0], span[1], doc[the.i : tok.i + 1].text))
            insort(taken, span)
            linked += 1
    return linked


def _reach_back(orgs: list[tuple[int, Mention, Entity]], k: int, pos: int):
    """``orgs[:k]`` nearest first, as far back as ``REACH`` from ``pos``."""
    for j in range(k - 1, -1, -1):
        if pos - orgs[j][0] > REACH:
            return
        yield orgs[j]


@dataclass(slots=True, eq=False)
class _Group:
    """One person a pronoun may stand for: a PERSON entity, an entity NER typed ORG or GPE
    ("mistyped"), or a capitalised name NER left out ("new", its occurrences grouped by
    last word). ``extra`` holds the name's occurrences found here, outside any entity (a
    surname "Callard" after the PERSON "Beverley Callard"); they join the entity with the
    pronoun."""

    id: str
    kind: str  # "person" | "mistyped" | "new"
    name: str
    entity: Entity | None = None
    extra: list[Mention] = field(default_factory=list)
    names: int = 0  # how often the name is written in the document (pronouns aside)
    first: int = 0  # where the name is first written
    first_role: str = "other"  # the grammatical role of that first mention


@dataclass(slots=True)
class _Candidate:
    group: _Group
    head: Token  # the head token of the group's mention nearest the pronoun
    start: int  # that mention's start

    @property
    def entity(self) -> Entity | None:
        return self.group.entity


@cache
def model() -> dict:
    """The shipped weights: ``{"weights": {feature: w}, "bias": b, "threshold": t}``."""
    path = resources.files("dateline").joinpath("data/coref/model.json")
    return json.loads(path.read_text("utf-8"))


@cache
def given_names() -> dict[str, str]:
    """Given name (folded) -> "m" or "f": the name lists of the speaker stage, then the
    given names of GAP development (``data/coref/given_names.tsv``), then those of the US
    Social Security Administration's lists (``ssa_given_names``), each over the next."""
    out = dict(ssa_given_names())
    path = resources.files("dateline").joinpath("data/coref/given_names.tsv")
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, g = line.split("\t")[:2]
            out[name] = g
    for g, lex in (("f", "first_names_female"), ("m", "first_names_male")):
        out.update(dict.fromkeys(lexicons.load(lex), g))
    return out


@cache
def ssa_given_names() -> dict[str, str]:
    """Given name (folded) -> "m" or "f", from the US Social Security Administration's lists
    (public domain; ``data/coref/given_names_ssa.tsv``, written by scripts/train_coref.py):
    names given mostly (98%) to one sex. A guess about a name, used only to rule out and
    weigh candidates; never stored or shown."""
    out: dict[str, str] = {}
    path = resources.files("dateline").joinpath("data/coref/given_names_ssa.tsv")
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, g = line.split("\t")[:2]
            out[name] = g
    return out


#: A name of the SSA lists given to this many children or more is a sure given name.
SSA_SURE = 20000


@cache
def sure_ssa_names() -> frozenset[str]:
    """The SSA's given names given to ``SSA_SURE`` children or more."""
    path = resources.files("dateline").joinpath("data/coref/given_names_ssa.tsv")
    return frozenset(
        parts[0]
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
        if int((parts := line.split("\t"))[2]) >= SSA_SURE
    )


@cache
def _given_not_ssa() -> frozenset[str]:
    """The given names of GAP development and of the speaker stage's lists."""
    path = resources.files("dateline").joinpath("data/coref/given_names.tsv")
    gap = {
        line.split("\t")[0]
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    return frozenset(gap | lexicons.load("first_names_female") | lexicons.load("first_names_male"))


@cache
def _sure_not_ssa() -> frozenset[str]:
    """The sure given names but for those only the SSA's lists make sure."""
    path = resources.files("dateline").joinpath("data/coref/given_names.tsv")
    gap = {
        line.split("\t")[0]
        for line in path.read_text("utf-8").splitlines()
        if line and not line.startswith("#") and int(line.split("\t")[2]) >= 2
    }
    lists = lexicons.load("first_names_female") | lexicons.load("first_names_male")
    return frozenset(n for n in sure_given_names() if n in gap or n in lists)


@cache
def sure_given_names() -> frozenset[str]:
    """The given names firm enough to make a one-word ORG or GPE a person's name: those of
    the speaker stage's lists, those GAP development gives twice or more (a name seen
    once may be a stray word: "Orange") and the commonest of the SSA's
    (``sure_ssa_names``)."""
    out = set(lexicons.load("first_names_female") | lexicons.load("first_names_male"))
    out |= sure_ssa_names()
    path = resources.files("dateline").joinpath("data/coref/given_names.tsv")
    for line in path.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, n = line.split("\t")[:3]
            if int(n) >= 2:
                out.add(name)
    return frozenset(out)


def _words(name: str) -> frozenset[str]:
    """The lower-cased lines of ``data/coref/<name>.txt`` (``#`` starts a comment)."""
    return lexicons.load(name, "coref")


#: Person nouns a name may own without being a person ("Britain's queen", "Japan's ally").
_KIN = frozenset(
    [
        "aunt",
        "boyfriend",
        "bride",
        "brother",
        "brother-in-law",
        "cousin",
        "daughter",
        "daughter-in-law",
        "father",
        "father-in-law",
        "fiance",
        "fiancee",
        "fiancé",
        "fiancée",
        "girlfriend",
        "granddaughter",
        "grandfather",
        "grandmother",
        "grandson",
        "husband",
        "lover",
        "mistress",
        "mother",
        "mother-in-law",
        "nephew",
        "niece",
        "sister",
        "sister-in-law",
        "son",
        "son-in-law",
        "spouse",
        "stepdaughter",
        "stepfather",
        "stepmother",
        "stepson",
        "uncle",
        "widow",
        "widower",
        "wife",
    ]
)
#: Person verbs whose subject is a person in the passive only ("was born", "was educated").
_PASSIVE = frozenset({"bear", "educate", "baptize"})
#: "(born 1950)", "(1911--1992)", "(c. 1224 - 1276)": a life's dates after a name.
_LIFESPAN = re.compile(r"\s*\((?:born\b|b\.|c\.|née\b)|\s*\(\s*(?:c\.\s*)?\d{3,4}\s*(?:-|–|—)")


def _context_person(doc: Doc, text: str, mentions: list[Mention]) -> bool:
    """Whether the text around one of the name's mentions shows a person: a person noun or
    a title in apposition or just before it ("the actress Zoe Telford", "his sister
    Georgiana", "Princess Elena", "Cowan, a producer,"), kin it owns ("Leanne's sister"),
    a verb only people take as its subject ("Chernow was born", "Gless studied"), a person
    noun it is said to be ("Larson was a singer"), or a life's dates after it ("Yvette
    Espinosa (1911--1992)")."""
    nouns, verbs = _words("person_nouns"), _words("person_verbs")
    titles = lexicons.load("titles")
    for m in mentions:
        if _LIFESPAN.match(text, m.end):
            return True
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        root = span.root
        head = root.head
        before = doc[span.start - 1] if span.start else None
        if (
            before is not None
            and before.lower_ in nouns | titles
            and before.pos_ in {"NOUN", "PROPN"}
            and (before.head.i == root.i or head.i == before.i)
        ):
            return True
        if root.dep_ == "appos" and head.lemma_.lower() in nouns:
            return True
        if any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in root.children):
            return True
        if root.dep_ == "poss" and head.lemma_.lower() in _KIN:
            return True
        if root.dep_ in SUBJECT and head.pos_ in {"VERB", "AUX"}:
            lemma = head.lemma_.lower()
            if lemma in verbs and (lemma not in _PASSIVE or root.dep_ == "nsubjpass"):
                return True
            if lemma in {"be", "become"} and any(
                c.dep_ == "attr" and c.lemma_.lower() in nouns for c in head.children
            ):
                return True
    return False


#: Entity types a person's name is often mistaken for.
MISTYPED = frozenset({"ORG", "GPE"})


def _groups(
    doc: Doc, entities: list[Entity], extended: bool, common: frozenset[str] = frozenset()
) -> list[_Group]:
    """The people a pronoun may stand for; with ``extended``, also the ORG and GPE entities
    and the capitalised names outside any entity (proper-noun runs)."""
    groups = [_Group(e.id, "person", e.name, e) for e in entities if e.type == "PERSON"]
    if not extended:
        return groups  # (``names`` is read by the extended features only)
    text = doc_text(doc)
    # The surnames of the people named, and their given names written alone ("Vivian",
    # typed PERSON once and GPE once); not a word alone that is no given name ("Bendectin",
    # a drug NER typed PERSON once and ORG once).
    given = given_names()
    surnames = {
        p[-1]
        for g in groups
        if len(p := names.name_parts(g.name)) >= 2 or (len(p) == 1 and p[0] in given)
    }
    in_org_names: frozenset[str] | None = None
    for e in entities:
        if e.type not in MISTYPED:
            continue
        if _named_person(doc, text, e.name, e.mentions, e.type, surnames):
            groups.append(_Group(e.id, "mistyped", e.name, e))
        elif common and (e.type == "ORG" or (e.type == "GPE" and not _written_as_place(doc, e))):
            if in_org_names is None:
                in_org_names = org_words(entities)
            if _position_person(doc, text, e, in_org_names, common):
                groups.append(_Group(e.id, "weak", e.name, e))
    # A run inside any of NER's spans (a date, a work's title, a nationality) is no one's name.
    taken = sorted(
        [(m.start, m.end) for e in entities for m in e.mentions]
        + [(ent.start_char, ent.end_char) for ent in doc.ents]
    )
    starts = [s for s, _ in taken]
    by_word: dict[str, list[_Group]] = {}
    for g in groups:
        if g.kind == "person":
            for w in names.name_parts(g.name):
                by_word.setdefault(w, []).append(g)
    new: dict[str, _Group] = {}
    run: list[Token] = []
    for tok in [*doc, None]:
        if tok is not None and tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.is_alpha:
            run.append(tok)
            continue
        if run:
            s, e = run[0].idx, run[-1].idx + len(run[-1])
            k = bisect_left(starts, e)
            if not any(a < e and s < b for a, b in taken[max(0, k - 3) : k]):
                mention = Mention(s, e, text[s:e])
                last = names.fold(run[-1].text)
                people = by_word.get(last, [])
                if len(people) == 1:
                    people[0].extra.append(mention)
                else:
                    g = new.get(last)
                    if g is None:
                        g = new[last] = _Group(f"new:{last}", "new", mention.text)
                    g.extra.append(mention)
            run = []
    groups += [g for g in new.values() if _named_person(doc, text, g.name, g.extra, None, surnames)]
    for g in groups:
        g.names = len(g.extra) + sum(
            1 for m in (g.entity.mentions if g.entity else []) if m.text.lower() not in PRONOUNS
        )
    return groups


def _named_person(
    doc: Doc,
    text: str,
    name: str,
    mentions: list[Mention],
    typed: str | None,
    surnames: set[str],
) -> bool:
    """Whether a name that is no PERSON entity shows it is a person's: an honorific before
    one of its mentions ("Mrs. Telford"); one word that is the surname of a person named
    in the text ("Novak" after "Jan Novak"); the context (``_context_person``: "the
    actress Zoe Telford", "Chernow was born"); or a given name (``given_names``) first.
    Two words or more must not end in an organisation's head or a company's suffix ("Paul
    Bank", "Elgin Blenders Inc"), and when NER typed them ORG or GPE (``typed``) the given
    name must be a sure one (``sure_given_names``: "China Daily" is no one). A given name
    alone that NER typed ORG must be a sure one, and one it typed GPE a sure one not from
    the SSA's lists (where "Israel", "Georgia" and "Austin" are common given names); and,
    as it may be a place ("Georgia", "Victoria"), never written after "in". A name inside
    the angle brackets wire copy puts around a company ("<Pratt and Whitney>") is none."""
    if any(in_company_brackets(text, m.start, m.end) for m in mentions):
        return False
    honorifics = lexicons.load("honorifics")
    for m in mentions:
        before = text[max(0, m.start - 6) : m.start].split()
        words = (before[-1:] if before else []) + m.text.split()[:1]
        if any(w.lower() in honorifics for w in words):
            return True
    parts = names.name_parts(name)
    if len(parts) == 1 and parts[0] in surnames:
        return True
    if _context_person(doc, text, mentions):
        return True
    if (
        typed is None
        and len(parts) == 1
        and not names.is_acronym(name)
        and any(_subject(doc, m) for m in mentions)
    ):
        return True  # "Chernow was the oldest of three girls"
    if not parts or parts[0] not in given_names():
        return False
    if len(parts) >= 2:
        # (NER's ORG or GPE asks for a sure given name: "Elgin Blenders", "China Daily".)
        last = name.split()[-1].lower()
        return (
            parts[-1] not in lexicons.load("org_heads")
            and last not in lexicons.load("company_suffixes")
            and (not typed or parts[0] in _given_not_ssa() or parts[0] in sure_ssa_names())
        )
    if not typed:
        return True
    sure = sure_given_names() if typed == "ORG" else _sure_not_ssa()
    return parts[0] in sure and not any(_written_in(doc, m) for m in mentions)


#: "it", "its", "itself": an entity the text itself calls a thing.
_THING = frozenset({"it", "its", "itself"})


@cache
def _people_nouns() -> frozenset[str]:
    """Nouns for people, named or not: ``person_nouns.txt`` and the speaker stage's
    ``source_nouns`` ("spokesman", "aide", "official")."""
    return _words("person_nouns") | lexicons.load("source_nouns")


def _people_noun(word: str) -> bool:
    nouns = _people_nouns()
    return word in nouns or (word.endswith("s") and word[:-1] in nouns)


def _written_as_place(doc: Doc, e: Entity) -> bool:
    """Whether a name NER typed GPE is written as a place: a country of the nationality
    list (``demonyms.tsv``), or a mention after a preposition ("in Redzuan", "to Dallas").
    Places the model's lemmatizer knows ("Moscow", "Austin") are left out by
    ``_position_person``'s English words."""
    if names.fold(e.name) in demonym_places():
        return True
    for m in e.mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if span.root.dep_ == "pobj" or (span.start and doc[span.start - 1].pos_ == "ADP"):
            return True
    return False


def org_words(entities: list[Entity]) -> frozenset[str]:
    """The words of the organisations' names of two words or more, folded (read once per
    document: a name checked against every other would make the stage quadratic)."""
    return frozenset(
        names.fold(w) for e in entities if e.type == "ORG" and " " in e.name for w in e.name.split()
    )


def _position_person(
    doc: Doc, text: str, e: Entity, in_org_names: frozenset[str], common: frozenset[str]
) -> bool:
    """Whether a one-word name NER typed ORG (or GPE, never written as a place:
    ``_written_as_place``) may still be a person's for the model to weigh (the ``weak``
    kind: its only evidence is its place in the clause): the subject
    of a clause ("Takemitsu incorporated", "Larson produced"), a proper noun in the
    singular, never written after "the" or "a" ("the Treasury said", "The Fed"), never
    called "it" ("Merrell … it said"), no word of another organisation's name ("Merrell"
    of "Merrell Dow Pharmaceuticals Inc", "Multi-Step" of "<Multi-Step Products Inc>")
    and no acronym, organisation's head, company's suffix, noun for people ("Aides") or
    English word of ``common`` (``common_words``: "Apple", "Ford"). Checked on Reuters
    stories (scripts/coref_errors.py --guard), where such names are mostly institutions
    and companies."""
    if len(e.name.split()) != 1 or names.is_acronym(e.name) or not e.name[:1].isupper():
        return False
    word = names.fold(e.name)
    if word in lexicons.load("org_heads") or word in lexicons.load("company_suffixes"):
        return False
    if word in common or word in lexicons.load("generic_org_words") or _people_noun(word):
        return False  # "Apple", "Treasury"; "Aides said": a noun at a sentence's start
    if any(m.text.lower() in _THING for m in e.mentions):
        return False
    if word in in_org_names:  # (``org_words``)
        return False
    subject = False
    for m in e.mentions:
        if in_company_brackets(text, m.start, m.end):
            return False
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        if any(t.tag_ != "NNP" and t.is_alpha for t in span):
            return False  # a plural or a common noun
        before = doc[span.start - 1] if span.start else None
        if before is not None and before.lower_ in {"the", "a", "an"}:
            return False
        subject = subject or _subject(doc, m)
    return subject


def _subject(doc: Doc, m: Mention) -> bool:
    """Whether the mention is the subject of its clause, not next to another name ("the
    U.S. Side won")."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or not len(span) or span.root.dep_ not in SUBJECT:
        return False
    return not span.start or doc[span.start - 1].pos_ != "PROPN"


def _written_in(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    root = span.root if span is not None and len(span) else None
    return root is not None and root.dep_ == "pobj" and root.head.lower_ == "in"


def link_pronouns(
    doc: Doc,
    entities: list[Entity],
    weights: dict | None = None,
    trace: list | None = None,
    common: frozenset[str] = frozenset(),
) -> int:
    """Add each personal pronoun of ``doc`` to the mentions of the person it stands for;
    the number linked. A name NER typed ORG or GPE that a pronoun is joined to becomes a
    PERSON; a name it left out becomes a PERSON entity. With ``trace``, each pronoun's
    ``(token, [(group, features)])`` is appended to it (for training). ``common`` are the
    model's English words (``common_words``); without them no name NER typed ORG is
    weighed on its place in the clause alone (``_position_person``)."""
    weights = weights or model()
    extended = bool(weights.get("extended"))
    groups = _groups(doc, entities, extended, common)
    if not groups:
        return 0
    # (An honorific tells the gender of a name NER typed ORG or GPE too.)
    gender = genders(doc, [g.entity for g in groups if g.entity is not None])
    given = given_names()
    for g in groups:
        if g.id not in gender:
            first = names.name_parts(g.name)[:1]
            if first and first[0] in given and (g.kind != "person" or extended):
                gender[g.id] = given[first[0]]
    taken = {(m.start, m.end) for e in entities for m in e.mentions}
    # A pronoun the speaker stage read as an unnamed source ("said a company spokesman.
    # He said …") stays that source's.
    taken |= {
        (q.source.start, q.source.end)
        for q in doc._.quotes or []
        if q.source is not None and q.speaker_kind == "unnamed"
    }
    heads = _mention_heads(doc, groups)
    # Where nouns for people are written ("a spokesman", "the boy"): a "weak" name is
    # no candidate across one (the pronoun is more likely that person's).
    people_at = (
        [t.idx for t in doc if t.pos_ == "NOUN" and _people_noun(t.lemma_.lower())]
        if any(g.kind == "weak" for g in groups)
        else []
    )
    seen: set[str] = set()
    for start, head, g in heads:
        if g.id not in seen:
            seen.add(g.id)
            g.first, g.first_role = start, _role(head)
    # Each group's mention starts, sorted: counting those before a pronoun is a bisection
    # (a name repeated 20,000 times must not make every pronoun read them all).
    starts = {g.id: sorted(_mentions(g)) for g in groups}
    context = (heads, gender, _quoted(doc_text(doc))) if extended else None
    # A direct quote's "he" or "she" is never its own speaker, who says "I" ("Hecker was
    # quoted as saying, “Dunlap is the worst man … He has had everybody in hot water”").
    spoken = sorted(
        (q.start, q.end, q.speaker)
        for q in doc._.quotes or []
        if q.kind == "direct" and q.speaker is not None
    )
    linked = 0
    for tok in doc:
        if tok.lower_ not in PRONOUNS or (tok.idx, tok.idx + len(tok)) in taken:
            continue
        if extended and _said_by_someone_unnamed(tok, context[2]):
            continue  # "A spokesman said he expected …": the spokesman's, no one named
        want = "m" if tok.lower_ in MALE else "f"
        cands = candidates(tok, heads)
        speaker = _speaker_around(spoken, tok.idx)
        if speaker is not None:
            cands = [c for c in cands if c.entity is None or c.entity.id != speaker]
        if extended:
            # Gender evidence rules a candidate out: a given name's, an honorific's, a
            # title's or that of the pronouns already joined to it.
            cands = [
                c
                for c in cands
                if gender.get(c.group.id, want) == want
                and not (c.group.kind == "weak" and _between(people_at, c.start, tok.idx))
            ]
        best, best_score = None, -math.inf
        rows = [] if trace is not None else None
        for cand in cands:
            if extended and _commands(tok, cand.head):
                continue  # "He described Montalvo": never Montalvo (before its features)
            gid = cand.group.id
            feats = features(
                tok, cand, cands, gender.get(gid), want, starts[gid], extended, context
            )
            if extended and feats["binding"] and tok.lower_ not in REFLEXIVE:
                continue  # "Smith praised him": never Smith
            if rows is not None:
                rows.append((cand.group, feats))
            s = score(feats, weights)
            if s > best_score:
                best, best_score = cand, s
        if trace is not None:
            trace.append((tok, rows))
        if best is None or _sigmoid(best_score) < weights["threshold"]:
            continue
        group = best.group
        if group.entity is None:
            group.entity = Entity(f"e{len(entities) + 1}", group.name, "PERSON")
            entities.append(group.entity)
        if group.entity.type != "PERSON":
            group.entity.type = "PERSON"
        if group.extra:
            group.entity.mentions.extend(group.extra)
            group.extra = []
        group.entity.mentions.append(Mention(tok.idx, tok.idx + len(tok), tok.text))
        if group.kind != "person":
            group.kind = "person"
        insort(heads, (tok.idx, tok, group), key=lambda h: h[0])
        insort(starts[group.id], tok.idx)
        gender.setdefault(group.id, want)
        linked += 1
    return linked


def _speaker_around(spoken: list[tuple[int, int, str]], pos: int) -> str | None:
    """The speaker of the direct quote (``spoken``: start, end, speaker; sorted) that
    holds character ``pos``, if any. Quotes do not overlap: the one starting last before
    ``pos`` is the only one that can hold it."""
    k = bisect_right(spoken, (pos, math.inf, "")) - 1
    return spoken[k][2] if k >= 0 and spoken[k][0] <= pos < spoken[k][1] else None


def _said_by_someone_unnamed(pron: Token, quoted: list[tuple[int, int]]) -> bool:
    """Whether the pronoun is reported by someone unnamed: outside any quotation, the
    nearest clause above its own that has a subject has a singular noun for a person
    news leaves unnamed as that subject, written before it and speaking for no one
    named (``anonymous_sources.txt``: "One Republican strategist said he believed …",
    "A company spokesman said he had no idea …"; not "A spokesman for Chirac said he
    …"). The pronoun is then most likely that person's, so no named one gets it."""
    if _quote_of(quoted, pron.idx) >= 0:
        return False  # "… said "He continues to be interested"": someone else
    own = pron.head.i if pron.dep_ in SUBJECT else -1
    for verb in pron.ancestors:
        if verb.i == own:
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECT), None)
        if subject is None:
            continue
        return (
            subject.tag_ == "NN"
            and subject.i < pron.i  # "He was quoted as saying …, the spokesman said": not
            and subject.lemma_.lower() in _words("anonymous_sources")
            # "A spokesman for Chirac said he …", "Chirac's spokesman said he …": Chirac
            and not any(
                c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in {"for", "of", "to"})
                for c in subject.children
            )
        )
    return False


def _commands(pron: Token, name: Token) -> bool:
    """Whether a subject pronoun governs a name written after it in its own clause ("He
    described Montalvo", "He said Smith would go"): the name is then someone else
    (binding). "When he arrived, Smith spoke" and "In his speech, Smith said" are not."""
    if pron.dep_ not in SUBJECT or name.i <= pron.i:
        return False
    verb = pron.head
    return any(a.i == verb.i for a in name.ancestors)


def _between(positions: list[int], a: int, b: int) -> bool:
    """Whether one of the sorted ``positions`` lies between ``a`` and ``b``."""
    lo, hi = min(a, b), max(a, b)
    k = bisect_left(positions, lo + 1)
    return k < len(positions) and positions[k] < hi


def genders(doc: Doc, people: list[Entity]) -> dict[str, str]:
    """Entity id -> "m" or "f" where a given name, an honorific or a title tells it."""
    return _genders(doc_text(doc), people)


def _mentions(g: _Group) -> list[int]:
    return [m.start for m in g.extra] + [m.start for m in (g.entity.mentions if g.entity else [])]


def _mention_heads(doc: Doc, groups: list[_Group]) -> list[tuple[int, Token, _Group]]:
    out = []
    for g in groups:
        for m in [*(g.entity.mentions if g.entity else []), *g.extra]:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and len(span):
                out.append((m.start, span.root, g))
    return sorted(out, key=lambda h: h[0])


def candidates(tok: Token, heads: list[tuple[int, Token, _Group]]) -> list[_Candidate]:
    """Each person named within reach before ``tok`` (nearest mention), or after it in
    its own sentence (a pronoun in a clause before the name). ``heads`` are sorted by
    start: only the window within reach is read, so the time per pronoun is bounded."""
    sent_end = tok.sent.end_char
    lo = bisect_left(heads, tok.idx - REACH, key=lambda h: h[0])
    hi = bisect_left(heads, sent_end, key=lambda h: h[0])
    nearest: dict[str, _Candidate] = {}
    for start, head, group in heads[lo:hi]:
        if head.i == tok.i:
            continue
        old = nearest.get(group.id)
        if old is None or abs(tok.idx - start) < abs(tok.idx - old.start):
            nearest[group.id] = _Candidate(group, head, start)
    return list(nearest.values())


def _role(tok: Token) -> str:
    while tok.dep_ in {"compound", "flat", "appos"} and tok.head.i != tok.i:
        if tok.dep_ == "appos":
            break
        tok = tok.head
    if tok.dep_ in SUBJECT:
        return "subj"
    if tok.dep_ == "poss":
        return "poss"
    if tok.dep_ in OBJECT:
        return "obj"
    return "other"


#: The dependency labels kept as they are in ``_dep``; the rest read "other".
_DEPS = frozenset(
    [
        "nsubj",
        "nsubjpass",
        "dobj",
        "pobj",
        "poss",
        "appos",
        "conj",
        "attr",
        "dative",
        "npadvmod",
        "compound",
    ]
)


def _dep(tok: Token) -> str:
    """The dependency label of a name's head (through compound parts), coarsened."""
    while tok.dep_ in {"compound", "flat"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ if tok.dep_ in _DEPS else "other"


def _object(tok: Token, role: str) -> bool:
    """Whether the pronoun is an object: by its role, or by its case where the parse makes
    it the subject of a small clause ("Charles made him the Earl")."""
    return role == "obj" or tok.lower_ == "him" or (tok.lower_ == "her" and role == "subj")


#: A quotation: ``…'', “…”, "…".
_QUOTE = re.compile(r"``.*?''|“[^”]*”|\"[^\"\n]*\"", re.S)


def _quoted(text: str) -> list[tuple[int, int]]:
    """The spans of the text's quotations, sorted."""
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


def _quote_of(spans: list[tuple[int, int]], pos: int) -> int:
    """The index of the quotation holding ``pos``, or -1."""
    k = bisect_left(spans, (pos + 1,)) - 1
    return k if k >= 0 and spans[k][0] <= pos < spans[k][1] else -1


def _in_parens(tok: Token) -> bool:
    """Whether ``tok`` lies inside parentheses in its sentence ("Spencer (Troian
    Bellisario)")."""
    depth = 0
    for t in tok.doc[tok.sent.start : tok.i]:
        depth += (t.text == "(") - (t.text == ")")
    return depth > 0


def _sentence_distance(a: Token, b: Token) -> int:
    if a.sent.start == b.sent.start:
        return 0
    lo, hi = sorted((a, b), key=lambda t: t.i)
    n, sent = 0, hi.sent
    while sent.start > lo.sent.start and n < 4:
        sent = hi.doc[sent.start - 1].sent
        n += 1
    return n


def _clause(tok: Token) -> Token:
    """The verb whose clause holds ``tok``."""
    head = tok
    for _ in range(50):
        if head.pos_ in {"VERB", "AUX"} or head.head.i == head.i:
            return head
        head = head.head
    return head


def features(
    tok: Token,
    cand: _Candidate,
    cands: list[_Candidate],
    gender: str | None,
    want: str,
    starts: list[int] | None = None,
    extended: bool = False,
    context: tuple | None = None,
) -> dict[str, float]:
    """The features of linking pronoun ``tok`` to ``cand``; ``starts`` are the sorted starts
    of the candidate's mentions (read from the entity when not given); ``context`` is the
    document's sorted mention heads and the genders known (the extended features)."""
    if starts is None:
        starts = sorted(m.start for m in cand.entity.mentions)
    head = cand.head
    sd = _sentence_distance(tok, head)
    p_role, c_role = _role(tok), _role(head)
    before = cand.start < tok.idx
    dist = [abs(tok.idx - c.start) for c in cands if (c.start < tok.idx) == before]
    nearest = abs(tok.idx - cand.start) == min(dist)
    mentions_before = bisect_left(starts, tok.idx)
    same_clause = _clause(tok).i == _clause(head).i
    f = {
        f"sent_{min(sd, 3)}": 1.0,
        "log_tokens": math.log1p(abs(tok.i - head.i)),
        f"cand_{c_role}": 1.0,
        f"pron_{p_role}": 1.0,
        "parallel": float(p_role == c_role and p_role != "other"),
        "gender_agrees": float(gender == want),
        "gender_clashes": float(gender is not None and gender != want),
        "nearest": float(nearest),
        "cataphora": float(not before),
        "log_mentions": math.log1p(mentions_before),
        "first_named": float(bool(starts) and starts[0] == cand.start),
        "binding": float(_object(tok, p_role) and c_role == "subj" and same_clause),
        "same_clause": float(same_clause),
        "possessive_of_subject": float(p_role == "poss" and c_role == "subj" and same_clause),
        "n_candidates": math.log1p(len(cands)),
    }
    if extended:
        f[f"pair_{p_role}_{c_role}"] = 1.0
        cverb = _clause(head)
        f["main_subject"] = float(c_role == "subj" and cverb.dep_ == "ROOT")
        f["governs"] = float(
            c_role == "subj" and before and any(a.i == cverb.i for a in tok.ancestors)
        )
        f["same_sent_subj"] = float(sd == 0 and c_role == "subj")
        f["nearest_is_pronoun"] = float(head.lower_ in PRONOUNS)
        f["log_names"] = math.log1p(cand.group.names)
        f["most_named"] = float(cand.group.names == max(c.group.names for c in cands))
        subj = [c for c in cands if c.start < tok.idx and _role(c.head) == "subj"]
        f["nearest_subject"] = float(bool(subj) and max(subj, key=lambda c: c.start) is cand)
        f.update(_discourse(tok, cand, cands, gender, want, sd, c_role, context))
    kind = cand.group.kind
    if kind != "person":
        f[f"kind_{kind}"] = 1.0
        f[f"kind_{kind}_{c_role}"] = 1.0
        first = names.name_parts(cand.group.name)[:1]
        f["kind_given_name"] = float(bool(first) and first[0] in given_names())
    if extended:
        f.update({f"{p_role}:{k}": v for k, v in list(f.items())})
    return f


def _discourse(
    tok: Token,
    cand: _Candidate,
    cands: list[_Candidate],
    gender: str | None,
    want: str,
    sd: int,
    c_role: str,
    context: tuple | None,
) -> dict[str, float]:
    """Where the candidate stands in the paragraph: the role it had in the sentence it was
    named in, whether it is the paragraph's topic (named first, as a subject), how many
    other people are named between it and the pronoun (and how many of those the pronoun's
    gender fits), whether it is the only one whose gender fits, an apposition or relative
    clause describing it, and whether the pronoun lies inside its phrase ("Smith and his
    wife")."""
    group, head = cand.group, cand.head
    f = {f"sent_{min(sd, 2)}_{c_role}": 1.0}
    first = min(c.group.first for c in cands)
    f["first_in_doc"] = float(group.first == first)
    f["topic"] = float(group.first == first and group.first_role == "subj")
    f["appos"] = float(
        head.dep_ == "appos" or any(c.dep_ in {"appos", "relcl", "acl"} for c in head.children)
    )
    f["inside"] = float(head.i < tok.i and any(a.i == head.i for a in tok.ancestors))
    f[f"sent_{min(sd, 2)}_{_role(tok)}_{c_role}"] = 1.0
    f[f"cdep_{_dep(head)}"] = 1.0
    f[f"pdep_{_dep(tok)}"] = 1.0
    f["in_parens"] = float(_in_parens(head))
    f["agent"] = float(head.dep_ == "pobj" and head.head.dep_ == "agent")
    if context is not None:
        heads, genders, quotes = context
        pq, cq = _quote_of(quotes, tok.idx), _quote_of(quotes, cand.start)
        f["pron_quoted"] = float(pq >= 0)
        f["cand_quoted"] = float(cq >= 0)
        f["same_quote"] = float(pq >= 0 and pq == cq)
        lo, hi = sorted((cand.start, tok.idx))
        a = bisect_left(heads, lo + 1, key=lambda h: h[0])
        b = bisect_left(heads, hi, key=lambda h: h[0])
        between = [g for _, t, g in heads[a:b] if g is not group and t.i != tok.i]
        fits = [g for g in between if genders.get(g.id) in (None, want)]
        f["log_between"] = math.log1p(len(between))
        f["log_between_fits"] = math.log1p(len(fits))
        agree = [c for c in cands if genders.get(c.group.id) == want]
        f["only_agrees"] = float(gender == want and len(agree) == 1)
    return f


def score(feats: dict[str, float], weights: dict) -> float:
    w = weights["weights"]
    return weights["bias"] + sum(w.get(k, 0.0) * v for k, v in feats.items())


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))
