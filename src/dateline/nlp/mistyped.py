"""People NER typed as places or organisations, told apart by how the text writes them.

The small models often type a person's name GPE or ORG, above all a name they have not
seen ("president Pierre Peladeau", "the Governor of the Bank of Greece, Dimitris
Halikias", "H.W. Lichtenberger, president of Chemicals and Plastics"). Left so, the
person's quotes and pronouns go nowhere and a later "Peladeau said" starts another
entity. Two signs are read here, each on its own and before the speakers are resolved:

- a given name NER left out before a one-word place or organisation ("Valeska Paris":
  ``missed_given_name``);
- a name shaped like a person's (two to four capitalised words or initials, no word of an
  organisation's name, no plural, no country) tied by the parse to a title: a title right
  before it ("president Yasuoki Takeuchi"), in apposition after it ("Lance Moir, corporate
  treasurer at Storehouse Plc") or it in apposition to a title ("the governor …, Dimitris
  Halikias"): ``titled_person``. A title that firms hold too ("lead manager Societe
  Generale", "financial advisor Morgan Stanley": ``org_titles``) counts only before a
  given name of the speaker stage's lists.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from dateline import lexicons, names
from dateline.nlp.unnamed import demonym_places, demonyms

#: Initials as a name writes them: "H.W.", "E.".
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
#: The most words of a person's name NER may have typed wrong ("Fernando Santos Alvite").
_MOST_WORDS = 4
#: Lower-case particles inside a person's name ("Willy de Clercq", "Hans van den Broek").
_PARTICLES = frozenset(
    {
        "de",
        "van",
        "von",
        "der",
        "den",
        "da",
        "di",
        "du",
        "del",
        "della",
        "la",
        "le",
        "ter",
        "bin",
        "al",
    }
)
#: How many words up an apposition's head may be from its title ("of the Bank of Greece").
_TITLE_CLIMB = 6


def is_title_word(token: Token) -> bool:
    """A word of ``titles.txt`` ("minister", "Sen.", "vice-president")."""
    titles = lexicons.load("titles")
    low = token.lower_
    return low in titles or low.rstrip(".") in titles or low.split("-")[-1] in titles


def titled_person(span: Span) -> bool:
    """Whether ``span`` (typed GPE or ORG) is a person's name: shaped like one and tied to
    a title (see the module's docstring)."""
    if not _person_shaped(span):
        return False
    title = _title_of(span)
    if title is None:
        return False
    if title.lower_.split("-")[-1] in lexicons.load("org_titles"):
        given = lexicons.load("first_names_female") | lexicons.load("first_names_male")
        return span[0].lower_ in given
    return True


def _person_shaped(span: Span) -> bool:
    """Two to four words, each a capitalised proper noun in the singular or initials
    (never only initials, never ending in them) or, inside, a lower-case particle ("de",
    "van"); no word of an organisation's name
    (``org_heads``, ``company_suffixes``, ``generic_org_words``) and no country or
    nationality."""
    words = [tok for tok in span if not tok.is_space]  # "Dimitris\nHalikias"
    if not 2 <= len(words) <= _MOST_WORDS or _INITIALS.fullmatch(words[-1].text):
        return False
    org_words, places, countries = _org_words(), demonyms(), demonym_places()
    for k, tok in enumerate(words):
        if tok.lower_ in places:
            return False  # "U.S. Treasury", "Soviet Union"
        if _INITIALS.fullmatch(tok.text):
            continue
        if 0 < k < len(words) - 1 and tok.text in _PARTICLES:
            continue  # "Willy de Clercq", "Hans van den Broek"
        text = tok.text
        if not (
            text[:1].isupper()
            and any(c.islower() for c in text)
            and all(c.isalpha() or c in "'’-" for c in text)
            and tok.tag_ == "NNP"
        ):
            return False
        if tok.lower_ in org_words or names.fold(text) in countries:
            return False
    return names.fold(span.text) not in countries


@cache
def _org_words() -> frozenset[str]:
    return (
        lexicons.load("org_heads")
        | lexicons.load("company_suffixes")
        | lexicons.load("generic_org_words")
    )


def word_before(span: Span) -> Token | None:
    """The token before ``span``, over the line breaks hard-wrapped wire copy leaves as
    tokens of their own ("president\nYasuoki Takeuchi"); None at the start."""
    doc, i = span.doc, span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _title_of(span: Span) -> Token | None:
    """The title word the parse ties to the name: right before it and modifying it
    ("president Pierre Peladeau"), in apposition after it ("…, president of …"), or
    the head of the apposition the name is ("the Governor of the Bank of Greece,
    Dimitris Halikias")."""
    root = span.root
    before = word_before(span)
    if before is not None and (
        is_title_word(before)
        and before.pos_ in {"NOUN", "PROPN"}
        and (before.head.i == root.i or (root.head.i == before.i and root.dep_ == "appos"))
    ):
        return before
    for child in root.children:
        if child.dep_ == "appos" and child.i >= span.end and is_title_word(child):
            return child
    return apposition_title(span)


def apposition_title(span: Span) -> Token | None:
    """The title word a name stands in apposition to, before it: "the Governor of the Bank
    of Greece, Dimitris Halikias". The parse hangs the apposition on the phrase's last
    noun ("Greece"): the title is found up the prepositions."""
    root = span.root
    if root.dep_ != "appos":
        return None
    head = root.head
    for _ in range(_TITLE_CLIMB):
        if head.i < span.start and is_title_word(head):
            return head
        if head.dep_ not in {"pobj", "prep"} or head.head.i == head.i:
            break
        head = head.head
    return None


def missed_given_name(span: Span, label: str, following: Span | None = None) -> Span | None:
    """A person NER took for a place or organisation: "Valeska Paris".

    Either an untagged capitalised name modifies a one-word place ("Valeska" +
    GPE "Paris"), or two one-word entities of one label stand side by side, the
    first modifying the second (GPE "Valeska" + GPE "Paris"): two places are
    never written that way, a given name and a surname are.
    """
    doc = span.doc
    if len(span) != 1:
        return None
    if (
        following is not None
        and len(following) == 1
        and following.start == span.end
        and following.label_ == label
        and _given_name_of(span[0], following[0])
    ):
        return doc[span.start : following.end]
    if span.start == 0:
        return None
    given = doc[span.start - 1]
    if given.ent_type_ or not _given_name_of(given, span[0]):
        return None
    if span.start >= 2 and doc[span.start - 2].pos_ == "PROPN":
        return None  # a longer run of names is no plain "Given Surname"
    return doc[span.start - 1 : span.end]


def _given_name_of(given: Token, name: Token) -> bool:
    return (
        given.pos_ == "PROPN"
        and given.is_title
        and given.is_alpha
        and len(given) >= 3
        and given.dep_ == "compound"
        and given.head.i == name.i
        and given.whitespace_ != ""
        and not is_title_word(given)
        and given.lower_ not in lexicons.load("honorifics")
    )
