"""Resolution keys: normalised forms of a name under which an entity can be found again.

Pure functions, no database. A *strong* key identifies an entity by itself (a
person's full name, an organisation's name or acronym); a *weak* key only finds
candidates that need more evidence (a surname, the initials of a long name).

* Persons: ``p:`` + the full name without honorifics, titles or suffixes, each word
  transliteration-folded, so "Sergei Lavrov", "Sergey Lavrov", "Mr. Sergei Lavrov"
  share ``p:sergei lavrov``. Middle names count: "George Bush" and "George W. Bush"
  have different keys and are never merged by name alone.
* A bare surname ("Lavrov", "Mr. Smith") gets only the weak key ``s:lavrov``; a full
  name's surname is a weak key too, and so is a family name written first (``s:deng``
  of "Deng Xiaoping", ``names.family_name``).
* Organisations, places: ``o:`` + the folded name without a leading "the" or dots
  ("U.S." -> ``o:us``); a long form also gets the weak acronym key ``a:eu``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from dateline import lexicons
from dateline.names import (
    acronym,
    family_name,
    fold,
    is_acronym,
    name_parts,
    org_core,
    org_key,
)

PERSON = "PERSON"

# Spelling variants of the same sound across romanisation systems (Russian, Arabic,
# Ukrainian names in English-language news): Mikhail/Mihail, Muammar/Muamar.
# J/Y (Juri/Yuri) is not attempted: j is too often a real j. Applied to one word.
_TRANSLIT = (
    ("kh", "h"),
    ("ph", "f"),
    ("ck", "k"),
    ("q", "k"),
    ("c", "k"),
    ("w", "v"),
    ("ou", "u"),
)
# A final -y/-iy is the same sound as -i (Sergey/Sergei, Dmitriy/Dmitri); a y inside a
# word is left alone (Smyth is not Smith).
_FINAL_Y = re.compile(r"i?y$")
_DOUBLE = re.compile(r"(.)\1+")
_PUNCT = re.compile(r"[-'’.]")
_POSSESSIVE = re.compile(r"['’]s?$")
_PRONOUNS = frozenset(
    {"he", "she", "him", "her", "his", "hers", "they", "them", "their", "it", "its", "itself"}
    | {"i", "me", "my", "we", "us", "our", "ours", "ourselves", "you", "who", "whom"}
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "our"})


def translit(word: str) -> str:
    """One word folded across transliteration variants: ``"Sergey"`` -> ``"sergei"``."""
    word = _PUNCT.sub("", fold(word))
    for a, b in _TRANSLIT:
        word = word.replace(a, b)
    word = _FINAL_Y.sub("i", word)
    word = word.replace("ii", "i")
    return _DOUBLE.sub(r"\1", word)


def person_parts(name: str) -> list[str]:
    """Name words without honorifics, suffixes or leading title words (all folded)."""
    parts = name_parts(name)
    titles = lexicons.load("titles")
    # "Foreign Minister Sergei Lavrov" when a title stayed in the name: drop title words
    # (and the adjectives before them) up to the last title word.
    last_title = max((i for i, w in enumerate(parts[:-1]) if w in titles), default=-1)
    return parts[last_title + 1 :]


@dataclass
class Keys:
    strong: list[str] = field(default_factory=list)
    weak: list[str] = field(default_factory=list)

    @property
    def all(self) -> list[str]:
        return self.strong + self.weak


def strip_possessive(name: str) -> str:
    """``"Obama’s"`` -> ``"Obama"``, ``"Saudi Arabia's"`` -> ``"Saudi Arabia"``."""
    return _POSSESSIVE.sub("", name.strip())


def person_keys(name: str) -> Keys:
    name = strip_possessive(name)
    words = person_parts(name)
    if not words or not any(c.isupper() for c in name) or words[-1] in lexicons.load("titles"):
        # A role, not a name ("Prime Minister", "the spokesman"): every article's is
        # someone else, so it gets no key and is never joined across articles.
        return Keys()
    parts = [p for p in map(translit, words) if p]
    if not parts:
        return Keys()
    if len(parts) == 1:
        return Keys(weak=[f"s:{parts[0]}"])
    keys = Keys(strong=[f"p:{' '.join(parts)}"], weak=[f"s:{parts[-1]}"])
    family = family_key(name)
    if family is not None and family not in keys.weak:
        keys.weak.append(family)
    return keys


def family_key(name: str) -> str | None:
    """The weak key of a family name written first (``s:deng`` of "Deng Xiaoping",
    ``names.family_name``): that person's surname too."""
    family = family_name(name)
    return None if family is None else f"s:{translit(family)}"


def is_description(text: str) -> bool:
    """Whether a mention is a description, not a name: "The company", "the bank", "The
    Bank" ("the bank" opening a sentence, or a newspaper's capital), "Our" — every
    article's is another organisation, so it must never join two across articles."""
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    if not words or not any(w[:1].isupper() for w in words):
        return True
    return len(words) == 1 and fold(words[0]).strip(".,") in _description_heads()


@cache
def _description_heads() -> frozenset[str]:
    """Head nouns of ``descriptions.tsv``: read once, asked for every organisation mention."""
    return frozenset(row["head"] for row in lexicons.table("descriptions"))


def org_keys(names: list[str]) -> Keys:
    """Keys of an organisation or place seen under ``names`` (its name and mention texts);
    a pronoun or a description among them ("It", "Our", "The company") gives none."""
    keys = Keys()
    for name in map(strip_possessive, names):
        if not name or not any(c.isupper() for c in name):
            continue
        if fold(name) in _PRONOUNS and not is_acronym(name):  # "It", but "WHO" is a name
            continue
        if is_description(name) and not is_acronym(name):
            continue
        key = f"o:{org_key(name)}"
        if key not in keys.strong:
            keys.strong.append(key)
        # "Texaco Inc" is "Texaco": the name without its company suffix is a key too.
        core = org_core(name, lexicons.load("company_suffixes"))
        if core != name and not is_description(core):
            key = f"o:{org_key(core)}"
            if key not in keys.strong:
                keys.strong.append(key)
        if not is_acronym(name):
            initials = acronym(name)
            if len(initials) >= 2 and f"a:{initials}" not in keys.weak:
                keys.weak.append(f"a:{initials}")
    return keys


def entity_keys(name: str, type_: str, mentions: list[str] | None = None) -> Keys:
    """The keys of one article's entity (record ``entities[i]``)."""
    if type_ == PERSON:
        return person_keys(name)
    return org_keys([name, *(mentions or [])])


def is_full_person(name: str) -> bool:
    return len(person_parts(name)) >= 2


def title_core(title: str) -> str:
    """A title without the adjectives before it: "Russian Foreign Minister" -> "foreign minister".

    The last two words name the office in English titles; the nationality or
    organisation in front varies between outlets.
    """
    words = [w for w in re.split(r"[\s,]+", fold(title)) if w and w not in {"the", "of"}]
    return " ".join(words[-2:])


def better_name(current: str, candidate: str, type_: str) -> bool:
    """Whether ``candidate`` is a better display name than ``current`` for one entity."""
    if type_ == PERSON:
        return len(person_parts(candidate)) > len(person_parts(current))
    return is_acronym(current) and not is_acronym(candidate)
