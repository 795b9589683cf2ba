"""Names NER missed, found again by the entities already known: a bare surname
("… actor Jason Beghe. Rathbun requested …"), a company's short name ("ChemLawn Corp
said … ChemLawn also said …"), an acronym ("The World Health Organisation (WHO) …
WHO say …") and initials written with a firm's "and" ("Standard and Poor's Corp said …
S and P said …"). Each sweep reads the document once: the words wanted are looked up by
their vocabulary ids (``_tokens_with``) or by one regular expression over the text, never
by a scan of every entity per token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy
from spacy.tokens import Doc, Token

from dateline import lexicons, names
from dateline.nlp.doctext import doc_text
from dateline.types import Entity, Mention

if TYPE_CHECKING:  # the entity stage's own index and house style, passed in
    from dateline.nlp.entities import _HouseStyle, _Index


#: Another name written right after an organisation's: in brackets ("(PW)", "(Adsteam)")
#: or its ticker's root ("<BP.L>", "<NEM>").
_ALIAS_AFTER = re.compile(r"\s{0,4}(?:\(([A-Z][A-Za-z&]{1,15})\)|<([A-Z]{2,6})(?:\.[A-Z]{1,2})?>)")


def missed_surnames(doc: Doc, entities: list[Entity], house: _HouseStyle) -> None:
    """Add the bare surnames NER missed ("… actor Jason Beghe. Rathbun requested …") to
    the person of that surname, when one person of the article has it (the first of a
    surname of two words counts: "Nogales" of "Javier Nogales Iturri"; so does a family
    name written first: "Xi" of "Xi Jinping")."""
    people: dict[str, list[Entity]] = {}
    for e in entities:
        words = e.name.split()
        if e.type == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            people.setdefault(words[-1], []).append(e)
            # A family name written first: "Xi" of "Xi Jinping".
            if names.family_name(e.name) is not None and words[0][:1].isupper():
                people.setdefault(words[0], []).append(e)
            # The first of a surname of two words: "Nogales" of "Javier Nogales Iturri".
            if len(words) > 2 and names.compound_surname(words[-2], e.name):
                people.setdefault(words[-2], []).append(e)
    if not people:
        return
    _take_mentions(entities, house)
    for tok in _tokens_with(doc, lambda word: word in people):
        found = people[tok.text]
        if len(found) > 1 or not _name_like(tok):
            continue
        if house.taken[tok.idx]:
            continue
        # Part of a longer name NER missed ("Sarah Rathbun", "Rathbun Foundation"): not him.
        if any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" for j in (tok.i - 1, tok.i + 1)):
            continue
        found[0].mentions.append(Mention(tok.idx, tok.idx + len(tok), tok.text))


def missed_short_names(doc: Doc, entities: list[Entity], house: _HouseStyle) -> None:
    """Add the short names NER missed ("ChemLawn Corp said … ChemLawn also said …",
    "South Atlantic Financial Corp said … South Atlantic said …") to the one company
    named in full that they open (``short_of``, or its first two words where more
    follow) or that the article names so in brackets or by its ticker
    (``aliases_after``), where no person of the article bears the word and no other
    name runs on from it ("Liberty Savings")."""
    text = doc_text(doc)
    firms: dict[tuple[str, ...], list[Entity]] = {}
    for e in entities:
        word = short_of(e)
        if word is not None:
            firms.setdefault((word,), []).append(e)
        words = e.name.split()
        if short_of(e, generic_ok=True) is not None and len(words) > 2 and words[1].istitle():
            firms.setdefault((words[0], words[1]), []).append(e)
        if e.type == "ORG":
            # "Price Waterhouse and Co (PW) said … PW said", "<BP.L> … BP said"
            for alias in aliases_after(text, e) - {word}:
                firms.setdefault((alias,), []).append(e)
    people = {w for e in entities if e.type == "PERSON" for w in e.name.split()}
    firms = {k: found for k, found in firms.items() if len(found) == 1 and k[0] not in people}
    if not firms:
        return
    _take_mentions(entities, house)
    # A hyphenated name is several tokens: "Allis-Chalmers" is found by "Allis".
    hyphened = {k[0].split("-")[0]: k[0] for k in firms if len(k) == 1 and "-" in k[0]}
    firsts = {k[0] for k in firms} | set(hyphened)
    for tok in _tokens_with(doc, lambda word: word in firsts):
        if house.taken[tok.idx] or not _name_like(tok) or house.ticker(tok):
            continue
        # The longer name first: the hyphenated word, two words, one.
        keys = [(hyphened[tok.text],)] if tok.text in hyphened else []
        if tok.i + 1 < len(doc):
            keys.append((tok.text, tok.nbor().text))
        keys.append((tok.text,))
        for key in keys:
            if key not in firms:
                continue
            last = _last_token(doc, text, tok, key)
            if last is None:
                continue
            if house.taken[last.idx]:
                continue
            if any(0 <= j < len(doc) and doc[j].pos_ == "PROPN" for j in (tok.i - 1, last.i + 1)):
                continue
            span = (tok.idx, last.idx + len(last))
            firms[key][0].mentions.append(Mention(*span, text[span[0] : span[1]]))
            break


def _take_mentions(entities: list[Entity], house: _HouseStyle) -> None:
    """Mark every mention so far as taken: a sweep's words never reach into a name, and
    each sweep sees the mentions the sweeps before it added."""
    for e in entities:
        for m in e.mentions:
            house.take(m.start, m.end)


def _last_token(doc: Doc, text: str, tok: Token, key: tuple[str, ...]) -> Token | None:
    """The last token of the name ``key`` written from ``tok`` on: the last of its words,
    or, for a hyphenated word, the token that ends it where nothing runs on from it
    ("Allis-Chalmers said", not "Allis-Chalmers-Werke")."""
    if len(key) > 1 or "-" not in key[0]:
        return doc[tok.i + len(key) - 1]
    end = tok.idx + len(key[0])
    if text[tok.idx : end] != key[0] or (
        end < len(text) and (text[end].isalnum() or text[end] == "-")
    ):
        return None
    span = doc.char_span(tok.idx, end)
    return span[-1] if span is not None else None


def _tokens_with(doc: Doc, wanted: Callable[[str], bool]) -> Iterator[Token]:
    """The tokens whose text is ``wanted``, in order. Each distinct word is tested once,
    and only the tokens found are made Python objects (most tokens never are)."""
    orths = doc.to_array("ORTH")
    strings = doc.vocab.strings
    keep = [orth for orth in numpy.unique(orths) if wanted(strings[int(orth)])]
    for i in numpy.flatnonzero(numpy.isin(orths, keep)):
        yield doc[int(i)]


def before_bracket(text: str, index: _Index, start: int) -> Entity | None:
    """The entity with a mention right before the bracket that ``start`` follows."""
    if start == 0 or text[start - 1] != "(":
        return None
    end = start - 1
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return index.ends.get(end)


#: Shortest acronym joined to an organisation without brackets: two capitals ("US",
#: "UN") stand for too many names.
_MIN_FREE_ACRONYM = 3


def missed_acronyms(doc: Doc, entities: list[Entity], house: _HouseStyle, index: _Index) -> None:
    """Add the acronyms NER missed ("The World Health Organisation (WHO) … WHO say …") to
    the one organisation whose initials they are: in brackets after its name and wherever
    it stands after that, or of three capitals or more anywhere."""
    orgs: dict[str, list[Entity]] = {}
    for e in entities:
        if e.type == "ORG" and not names.is_acronym(e.name):
            orgs.setdefault(names.acronym(e.name), []).append(e)
    if not orgs:
        return
    _take_mentions(entities, house)
    defined: set[str] = set()

    def wanted(word: str) -> bool:
        return names.is_acronym(word) and word.replace(".", "").lower() in orgs

    for tok in _tokens_with(doc, wanted):
        if house.taken[tok.idx] or house.ticker(tok):
            continue
        found = orgs[tok.text.replace(".", "").lower()]
        if len(found) > 1:
            continue
        entity = found[0]
        if before_bracket(house.text, index, tok.idx) is entity:
            defined.add(tok.text)  # "(US)" after the name: every later "US" is it too
        if tok.text in defined or len(tok.text.replace(".", "")) >= _MIN_FREE_ACRONYM:
            mention = Mention(tok.idx, tok.idx + len(tok), tok.text)
            entity.mentions.append(mention)
            index.ends.setdefault(mention.end, entity)


#: Initials written with the "and" of a name: "S and P", "S&P", "S/P", "P & G".
_INITIALS = re.compile(r"\b([A-Z])(?: and | ?& ?|/)([A-Z])\b")


def missed_initials(doc: Doc, entities: list[Entity], house: _HouseStyle) -> None:
    """Add the initials NER missed of an organisation named by two words joined by "and"
    ("Standard and Poor's Corp said … S and P said", "British and Commonwealth Shipping
    Plc … B and C"; "S&P", "P & G") to the one organisation whose name they are: its
    first word and the word after "and", its company suffixes aside."""
    suffixes = lexicons.load("company_suffixes")
    orgs: dict[str, list[Entity]] = {}
    for e in entities:
        words = names.org_core(e.name, suffixes).split()
        if (
            e.type == "ORG"
            and len(words) > 2
            and words[1].lower() in {"and", "&"}
            and words[0][:1].isupper()
            and words[2][:1].isupper()
        ):
            orgs.setdefault((words[0][0] + words[2][0]).upper(), []).append(e)
    if not orgs:
        return
    _take_mentions(entities, house)
    # NER may take one of the letters for a name of its own ("P"): no name at all.
    letters = {(m.start, m.end): e for e in entities if len(e.name) == 1 for m in e.mentions}
    emptied: set[int] = set()
    for found in _INITIALS.finditer(doc_text(doc)):
        fits = orgs.get(found.group(1) + found.group(2), [])
        start, end = found.span()
        if len(fits) != 1 or doc.char_span(start, end) is None:
            continue  # no one firm, or not whole tokens
        inside = [span for span in letters if start <= span[0] and span[1] <= end]
        if any(
            house.taken[i] and not any(a <= i < b for a, b in inside) for i in range(start, end)
        ):
            continue
        for span in inside:
            owner = letters.pop(span)
            owner.mentions = [m for m in owner.mentions if (m.start, m.end) != span]
            emptied.add(id(owner))
        fits[0].mentions.append(Mention(start, end, found.group(0)))
        house.take(start, end)
    entities[:] = [e for e in entities if e.mentions or id(e) not in emptied]


def _name_like(tok: Token) -> bool:
    """A proper noun, or a capitalised word the tagger took for a noun or an adjective
    where a name would stand: the bare subject of a clause ("Rathbun requested …"
    opening a sentence, "“…,” Conable told a press conference")."""
    if tok.pos_ == "PROPN":
        return True
    return (
        tok.pos_ in {"NOUN", "ADJ"}
        and tok.is_title
        and tok.dep_ in {"nsubj", "nsubjpass"}
        and not any(c.dep_ in {"det", "amod", "compound"} for c in tok.children)
    )


def alias_of(text: str, entity: Entity, word: str) -> bool:
    """Whether the one word ``word`` is a name ``text`` gives the organisation ``entity``
    besides its own: written in brackets right after one of its mentions ("Price
    Waterhouse and Co (PW)"), its ticker there ("British Petroleum Co Plc <BP.L>" ->
    "BP"), or a blend of its name's first words ("Adsteam" of "The Adelaide Steamship Co
    Ltd", ``names.blended_form``)."""
    if entity.type != "ORG":
        return False
    return names.blended_form(word, entity.name) or word in aliases_after(text, entity)


def aliases_after(text: str, entity: Entity) -> set[str]:
    """The names written in brackets or as a ticker right after a mention of ``entity``:
    "PW" of "Price Waterhouse and Co (PW)", "BP" of "British Petroleum Co Plc <BP.L>"."""
    found = set()
    for m in entity.mentions:
        hit = _ALIAS_AFTER.match(text, m.end)
        if hit:
            found.add(hit.group(1) or hit.group(2))
    return found


def short_of(entity: Entity, generic_ok: bool = False) -> str | None:
    """The first word of a company's full name, as wire copy calls it short ("Qantas" of
    "Qantas Airways Ltd": two words or more ending in a company suffix), unless it opens
    many companies' names ("General", "American": ``generic_org_words``). "ChemLawn" of
    "ChemLawn Corp" too: a capital inside a word is a brand's."""
    words = entity.name.split()
    if entity.type != "ORG" or len(words) < 2 or not words[0][:1].isupper():
        return None
    if names.is_acronym(words[0]):
        return None  # "BP" of "BP North America Inc" may be its parent: ``names.short_form``
    if words[-1].lower() not in lexicons.load("company_suffixes"):
        return None
    generic = words[0].lower() in lexicons.load("generic_org_words")
    return None if generic and not generic_ok else words[0]
