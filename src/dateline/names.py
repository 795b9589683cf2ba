"""Pure helpers for comparing names: no spaCy, no model.

The rules follow what news style guides do: a person is introduced by full
name and then referred to by surname; an organisation by its long form and
then by its acronym.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from dateline import lexicons

_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_ACRONYM_STOP = {"of", "the", "for", "and", "on", "in", "de", "la", "&"}
_WORD = re.compile(r"[^\W\d_][\w'’.-]*", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, strip accents and punctuation runs: ``"Ki-moon"`` -> ``"ki-moon"``."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.lower().replace("’", "'").split())


def name_parts(name: str) -> list[str]:
    """Folded words of a person's name without honorifics or suffixes."""
    honorifics = lexicons.load("honorifics")
    words = [w.strip(".,") for w in _WORD.findall(fold(name))]
    words = [w for w in words if w and w not in honorifics and f"{w}." not in honorifics]
    while words and words[-1] in _SUFFIXES:
        words.pop()
    return words


def surname(name: str) -> str | None:
    parts = name_parts(name)
    return parts[-1] if parts else None


def family_name(name: str) -> str | None:
    """The family name of a Chinese or Korean name written family name first ("xi" of
    "Xi Jinping", "ban" of "Ban Ki-moon", "kim" of "Kim Jong Un"), folded; else None.

    The first of two or three words, from ``family_first.tsv``. One that is a common
    English given name too needs a given name that is hyphenated or of two words: "Lee
    Teng-hui", "Kim Jong Un", but not "Lee Iacocca" or "Kim Clijsters"."""
    parts = name_parts(name)
    if not 2 <= len(parts) <= 3:
        return None
    also_given = _family_first().get(parts[0])
    if also_given is None:
        return None
    if also_given and len(parts) == 2 and "-" not in parts[1]:
        return None
    return parts[0]


@cache
def _family_first() -> dict[str, bool]:
    """``family_first.tsv`` as family name -> whether it is an English given name too."""
    return {r["name"]: r["also_given"] == "yes" for r in lexicons.table("family_first")}


def acronym(name: str) -> str:
    """Initials of the capitalised words: ``"United Nations"`` -> ``"un"``."""
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in _ACRONYM_STOP]
    return "".join(w[0] for w in words if w[0].isupper()).lower()


def is_acronym(text: str) -> bool:
    """``"UN"``, ``"U.S."``, ``"NATO"``: two to seven capitals, dots allowed."""
    bare = text.replace(".", "")
    return 2 <= len(bare) <= 7 and bare.isalpha() and bare.isupper()


def org_key(name: str) -> str:
    """Folded organisation name without a leading article or dots in acronyms."""
    key = fold(name)
    key = re.sub(r"^the\s+", "", key)
    return key.replace(".", "")


def org_core(name: str, suffixes: frozenset[str]) -> str:
    """An organisation's name without the company suffixes that end it ("Texaco Inc" ->
    "Texaco", "Morgan Stanley and Co" -> "Morgan Stanley"); ``suffixes`` lower-cased
    (``company_suffixes.txt``). A name that is all suffix stays whole."""
    words = name.split()
    core = list(words)
    while len(core) > 1 and core[-1].lower().strip(",") in suffixes:
        core.pop()
        while len(core) > 1 and core[-1].lower().strip(",") in {"&", "and"}:
            core.pop()
    return " ".join(core).rstrip(",") if core != words else name


def same_org(a: str, b: str) -> bool:
    """Same organisation by name or as acronym and long form (``EU`` / ``European Union``)."""
    if org_key(a) == org_key(b):
        return True
    for short, long in ((a, b), (b, a)):
        if is_acronym(short) and not is_acronym(long):
            initials = acronym(long)
            if len(initials) >= 2 and initials == short.replace(".", "").lower():
                return True
    return False


def short_form(short: str, long: str) -> bool:
    """Whether ``short`` is a house abbreviation of ``long``'s first word, not its initials:
    "VW" of "Volkswagen AG" (capitals of two to four letters, the first word's first
    letter first and the others in it in order, a first word of five letters or more)."""
    bare = short.replace(".", "")
    if not is_acronym(short) or len(bare) > 4 or is_acronym(long):
        return False
    words = [w for w in long.split() if w.lower() != "the"]
    if not words or len(words[0]) < 5 or not words[0][:1].isupper():
        return False
    letters, first = bare.lower(), words[0].lower()
    if acronym(long) == letters or first[0] != letters[0]:
        return False
    at = 1
    for ch in letters[1:]:
        at = first.find(ch, at)
        if at < 0:
            return False
        at += 1
    return True


def blended_form(short: str, long: str) -> bool:
    """Whether the one word ``short`` blends the heads of ``long``'s first words, in
    order: "Adsteam" of "Adelaide Steamship Co Ltd", "LILCO" of "Long Island Lighting
    Co", "Amro" of "Amsterdam-Rotterdam Bank". Two words at least, each giving two
    letters or more (one or more where ``short`` is in capitals, as "LILCO" is)."""
    if " " in short or not 4 <= len(short) <= 12 or not short.isalpha():
        return False
    least = 1 if short.isupper() else 2
    words = [w.lower() for w in re.split(r"[\s-]+", long) if w.isalpha()]
    if words and words[0] == "the":
        words = words[1:]
    rest = short.lower()

    def covers(rest: str, k: int, used: int) -> bool:
        if not rest:
            return used >= 2
        if k >= len(words):
            return False
        word = words[k]
        return any(
            rest.startswith(word[:n]) and covers(rest[n:], k + 1, used + 1)
            for n in range(min(len(word), len(rest)), least - 1, -1)
        )

    return covers(rest, 0, 0)


def compound_surname(mention: str, full: str) -> bool:
    """Whether ``mention`` names the person ``full`` by part of a surname of two words:
    the first of them ("Nogales" of "Javier Nogales Iturri", "Rodham" of "Hillary Rodham
    Clinton"; a given name in the middle, "John Paul Jones" -> "Paul", is none), or the
    last words ("Nogales Iturri", "Lopez Obrador" of "Andres Manuel Lopez Obrador").
    Weaker than ``person_matches``: callers try it only where that finds no one."""
    m, f = name_parts(mention), name_parts(full)
    if len(f) < 3 or not m or len(m) >= len(f):
        return False
    if len(m) > 1:
        return f[-len(m) :] == m
    word = m[0]
    given = lexicons.load("first_names_male") | lexicons.load("first_names_female")
    return len(word) > 2 and word == f[-2] and word not in given


def person_matches(mention: str, full: str) -> bool:
    """Whether a short person mention can refer to the person named ``full``.

    ``"Lavrov"`` and ``"Mr. Lavrov"`` match ``"Sergei Lavrov"``, and ``"Xi"`` matches
    ``"Xi Jinping"`` (``family_name``); ``"Sergei Lavrov"`` matches itself; a first name
    alone (``"Sergei"``) does not, to avoid merging different people who share one.
    """
    m, f = name_parts(mention), name_parts(full)
    if not m or not f:
        return False
    if m == f:
        return True
    if len(m) == 1:
        # "Xi" of "Xi Jinping": a family name written first (``family_name``).
        return m[0] == f[-1] or family_name(full) == m[0]
    # "Ban Ki-moon" vs "Ki-moon Ban" is out of scope; "George W. Bush" vs "George Bush"
    # share first and last names: treated as one person within one article.
    return m[-1] == f[-1] and m[0] == f[0]
