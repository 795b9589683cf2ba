"""Epithets: "the Indiana governor", "the Republican presidential nominee" -> the person.

News names a person once and then by a role or a description ("Donald Trump says he has
big plans … The Republican presidential nominee noted Friday that …"). The speaker stage
reads such a source in two ways, each only on plain evidence:

* **By title** (``title_words``): the role word is in a title the article gives the
  person, abbreviations read out ("Indiana Gov. Mike Pence" … "the Indiana governor"),
  and every word that narrows the role is in that title or in what the article says of
  the person (``attributes``: "Republican Donald Trump", "Democrat Hillary Clinton").
* **By position** (the speaker stage's ``_epithet``): the article gives the role to no
  one, one person alone is named in the source's sentence before it and in the
  sentence before that, and that person is the subject of a main clause there (not
  the owner of one: "Ivana Trump's brief said …" does not make her "the judge"); of
  several people named there, the topic (the speaker stage's ``_topic``, where one
  who spoke before is no rival unless a clause's subject there), when the epithet
  itself heads a main clause; and no name follows the epithet ("…, John E.
  Herbst"), nor did the article introduce someone unnamed by the epithet's noun before
  it ("a spokesman said … Burke said … The spokesman declined": that spokesman). Names
  inside quotation marks do not count for an epithet outside them.
  Where those two sentences name no one ("The crowd was smaller. The
  Vermont senator said …"), a main-clause epithet, not one of a pair, looks up to
  three sentences back for the one person named there as a main subject, never one
  who asked a question (the epithet after it answers).
  Then the epithet is that person when it clashes with nothing known of them: a party
  word must be one the article gives them ("the Democratic nominee" is never a person
  the article calls Republican, nor one whose party it never gives), an office is
  never read this way for a person the article gives another office ("the senator" is
  not "Gov. Mike Pence"; a race's role, "the candidate", clashes with none), and their
  own office only when nothing but a place their titles leave open narrows it ("the
  California congressman" of "Rep. Adam Schiff"; "the foreign minister" is not
  "Finance Minister Hans Berg": the title rule judges the words it knows), a place must
  be in their titles when their
  titles name one, an organisation ("the FBI director") must be in them always, and a
  gendered noun must fit ("the businesswoman" is not "Mr. Smith").

Word lists are data: ``title_abbreviations.tsv``, ``party_words.tsv``,
``epithet_nouns.txt``, ``campaign_roles.txt`` beside ``titles.txt`` and
``role_free_modifiers.txt``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from spacy.tokens import Token

from dateline import lexicons, names
from dateline.types import Entity, Mention

#: Modifier dependencies that narrow a role ("the Indiana governor", "the GOP nominee").
NARROWING_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
#: Entity types of a modifier that names a place or a people ("the South Carolina senator").
_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviated title -> the word it stands for ("gov" -> "governor")."""
    return {row["short"]: row["word"] for row in lexicons.table("title_abbreviations")}


@cache
def parties() -> dict[str, str]:
    """Party word -> the party it names ("gop" -> "republican")."""
    return {row["word"]: row["party"] for row in lexicons.table("party_words")}


def word_of(text: str) -> str:
    """A title or modifier word folded, its full stop dropped, an abbreviation read out
    and a party word normalised: "Gov." -> "governor", "GOP" -> "republican"."""
    low = names.fold(text).strip(".,;:()")
    low = abbreviations().get(low, low)
    return parties().get(low, low)


def title_words(title: str) -> set[str]:
    """The words of a title as ``word_of`` reads them: "Indiana Gov." -> {indiana,
    governor}."""
    return {word_of(w) for w in title.replace("-", " ").split() if w.strip(".,;:()")}


def attributes(entity: Entity, before: Callable[[int], Token | None]) -> set[str]:
    """What the article says of a person, as words: their titles' words and a party or
    people word written right before a mention ("Republican Donald Trump", "Democrat
    Hillary Clinton"). ``before(start)`` is the token before the mention at ``start``."""
    held: set[str] = set()
    for title in entity.titles:
        held |= title_words(title)
    return held | said_before(entity.mentions, before)


def said_before(mentions: Iterable[Mention], before: Callable[[int], Token | None]) -> set[str]:
    """The party or people words written right before ``mentions`` ("Republican" of
    "Republican Donald Trump"): the part of ``attributes`` that grows with mentions."""
    held: set[str] = set()
    for m in mentions:
        tok = before(m.start)
        if tok is not None and (tok.ent_type_ == "NORP" or tok.lower_ in parties()):
            held.add(word_of(tok.text))
    return held


def narrowing(head: Token) -> list[Token]:
    """The modifiers of a role that narrow it: "Republican", "Indiana" in "the Republican
    nominee", "the Indiana governor"; "former" or "top" do not."""
    free = lexicons.load("role_free_modifiers")
    return [c for c in head.lefts if c.dep_ in NARROWING_DEPS and c.lower_ not in free]


def is_epithet_head(tok: Token) -> bool:
    """Whether ``tok`` can head a description standing for a named person: a title word
    ("governor", "Gov.") or a noun for a person (``epithet_nouns``)."""
    low = tok.lower_
    titles = lexicons.load("titles")
    return (
        low in titles
        or low.rstrip(".") in titles
        or low.split("-")[-1] in titles
        or low in lexicons.load("epithet_nouns")
    )


def gender_of(word: str) -> str | None:
    """ "m" for a noun of a man ("businessman"), "f" for one of a woman ("actress",
    "first lady"), else None: used only to rule a person out."""
    if word.endswith(("woman", "women", "ess", "lady")):
        return "f"
    if word.endswith(("man", "men")) and word not in {"human"}:
        return "m"
    return None


def fits(
    head: Token,
    modifiers: Iterable[Token],
    held: set[str],
    offices: set[str],
    gender: str | None,
    common: set[str] | frozenset[str] = frozenset(),
) -> bool:
    """Whether the epithet headed by ``head`` clashes with nothing known of a person:
    ``held`` (``attributes``), the offices of their titles, their gender if known.
    ``common`` are held words a title writes in lower case (``common_words``): no place."""
    role = word_of(head.text)
    if offices and role in _offices():
        # "the senator" is not "Gov. Mike Pence"; and where the person holds that very
        # office, the title rule has judged the words it knows ("the foreign minister" is
        # not "Finance Minister Hans Berg"): here only a place their titles leave open
        # may narrow it ("the California congressman" of "Rep. Adam Schiff"). A governor
        # may be "the candidate" all the same.
        if role not in offices:
            return False
        if any(word_of(m.text) not in held and m.ent_type_ not in _PLACE_TYPES for m in modifiers):
            return False
    want = gender_of(role)
    if want and gender and want != gender:
        return False
    for mod in modifiers:
        word = word_of(mod.text)
        if word in parties().values() and word not in held:
            return False  # a party the article never gives them
        if mod.ent_type_ in _PLACE_TYPES and word not in held and _names_place(held - common):
            return False
        if mod.ent_type_ not in _PLACE_TYPES and mod.pos_ == "PROPN" and word not in held:
            return False  # "the FBI director" is not whoever spoke last
    return True


@cache
def _offices() -> frozenset[str]:
    """Titles that are offices, which clash with another office: a race's role
    ("candidate", ``campaign_roles``) is none."""
    return lexicons.load("titles") - lexicons.load("campaign_roles")


def offices(entity: Entity) -> set[str]:
    """The office words of a person's titles ("governor" of "Indiana Gov."): a race's role
    ("Democratic presidential candidate Bernie Sanders") is none, so a candidate may be
    "the Vermont senator" as a governor may be "the candidate"."""
    return {w for t in entity.titles for w in title_words(t) if w in _offices()}


def common_words(entity: Entity) -> set[str]:
    """The words a person's titles write in lower case ("presidential" of "Democratic
    presidential candidate"): a place is a name, so these name none."""
    return {
        word_of(w) for t in entity.titles for w in t.replace("-", " ").split() if w[:1].islower()
    }


def _names_place(held: set[str]) -> bool:
    """Whether a person's words include a capitalised place-like word we could compare:
    any word outside the lists of titles, parties and free modifiers."""
    return any(w not in _known_words() for w in held)


@cache
def _known_words() -> frozenset[str]:
    """Titles, parties and free modifiers: words of a person's that name no place."""
    free = lexicons.load("role_free_modifiers")
    return lexicons.load("titles") | frozenset(parties().values()) | free
