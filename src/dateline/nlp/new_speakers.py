"""Speakers NER missed: a proper noun that names an entity of the article, or a new one.

"Sanders: …" (a headline label), "EU" of "European Union" and "Nogales" of "Javier
Nogales Iturri" name entities the article has, and so do the names the article gives
an organisation besides its own ("PW" after "Price Waterhouse and Co (PW)"); "the
Kremlin", "Volkswagen AG" (a company's suffix) become organisations, two to four
capitalised names ("Ellen Park", or "Martin Mauro, senior economist …" though NER
typed it a work of art) a person, and a group by party or nationality ("Republicans") a
``NORP`` entity. A lone capitalised word is left unresolved.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from dateline import lexicons, names
from dateline.nlp.description_rules import description_names
from dateline.nlp.entities import company_key, firm_start
from dateline.nlp.mention_index import MentionIndex, definite
from dateline.nlp.missed_names import alias_of
from dateline.nlp.person_words import apposed_role, is_title
from dateline.nlp.readings import misread_subject
from dateline.types import Entity

# Names recur within a document and across one process's documents: the folding is
# cached (bounded, so a long-running watch does not grow).
_person_matches = lru_cache(maxsize=65536)(names.person_matches)
_same_org = lru_cache(maxsize=65536)(names.same_org)
_compound_surname = lru_cache(maxsize=65536)(names.compound_surname)


@lru_cache(maxsize=65536)
def _ends_with(name: str, written: str) -> bool:
    """Whether a person's ``name`` ends in ``written``, a surname of several words
    ("Le Pen", "Vargas Llosa", "de Blasio")."""
    return " " in written and names.fold(name).endswith(" " + names.fold(written))


def _role_apposed(tok: Token) -> bool:
    """Whether a singular role for a person stands in apposition after the name ``tok``
    heads: "Martin Mauro, senior economist for Merrill Lynch, told Reuters" (a name NER
    typed a work of art is a person's)."""
    return any(
        c.dep_ == "appos" and c.i > tok.i and c.tag_ == "NN" and (is_title(c) or apposed_role(c))
        for c in tok.rights
    )


class NewSpeakers(MentionIndex):
    """Speakers named by a proper noun that no entity holds."""

    def _proper(self, tok: Token) -> Entity | None:
        # A headline label ("Sanders: …") names someone the article introduces below it,
        # and the tagger may read it as a noun.
        # A transcript's label is in capitals ("PENCE: …").
        label = (
            (tok.is_title or tok.is_upper)
            and tok.i + 1 < len(self.doc)
            and self.doc[tok.i + 1].text == ":"
        )
        # "Trump charges that …": a name the tagger read as a noun modifying its verb.
        misread = misread_subject(tok.head) is not None and tok.i == tok.head.i - 1
        if tok.pos_ != "PROPN" and not label and not misread:
            return None
        reach = len(self.text) if label else tok.idx + 1
        word = tok.text.title() if label and tok.is_upper and len(tok) > 3 else tok.text
        # A full name NER missed is matched whole: "Ivanka Trump" is no "Donald Trump"
        # (a title before the surname is no given name: "President Trump" is matched
        # by "Trump").
        given = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if any(is_title(c) or not names.name_parts(c.text) for c in given):
            given = []
        written = " ".join([c.text for c in given] + [word])
        seen: dict[str, Entity] = {}
        for _, entity in self._before(reach, {"PERSON", "ORG", "GPE"}):
            if entity.id in seen:  # an entity is judged once, at its nearest mention
                continue
            seen[entity.id] = entity
            if entity.type == "PERSON" and (
                _person_matches(written, entity.name) or _ends_with(entity.name, written)
            ):
                return entity  # "Lavrov"; "Le Pen" of "Marine Le Pen"
            if entity.type != "PERSON" and (
                _same_org(tok.text, entity.name) or names.short_form(tok.text, entity.name)
            ):
                return entity  # "EU" of "European Union", "VW" of "Volkswagen AG"
        # No one by the last name: the first of a surname of two words ("Nogales" of
        # "Javier Nogales Iturri").
        fits = [e for e in seen.values() if e.type == "PERSON" and _compound_surname(word, e.name)]
        if not fits and not given:
            # A name the article gives one organisation besides its own: "PW" after
            # "Price Waterhouse and Co (PW)", "Adsteam" of "The Adelaide Steamship Co".
            fits = [e for e in seen.values() if alias_of(self.text, e, word)]
        return fits[0] if len(fits) == 1 else None

    def _new_speaker(self, tok: Token) -> Entity | None:
        """An entity for a named speaker that NER missed ("the Kremlin", "Ellen Park"), or
        a group named by party or nationality ("Republicans said", "Palestinians say"):
        a ``NORP`` entity, one per name in the document."""
        if tok.pos_ == "PROPN" and tok.ent_type_ == "NORP" and tok.text.endswith("s"):
            return self._group(tok)
        if tok.pos_ != "PROPN":
            return None
        # "Volkswagen AG", "Olin Corp.": a company's suffix ends the run, in any case,
        # whatever type NER gave it ("Pearson Plc <PSON.L> said" as a product).
        suffixes = lexicons.load("company_suffixes")
        if (
            tok.ent_type_ not in {"", "ORG", "PERSON", "GPE", "FAC"}
            and not self._paper(tok)
            and tok.lower_ not in suffixes
            and not _role_apposed(tok)
        ):
            return None  # a law, a work of art: unless a role for a person follows it
        words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
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
        if len(words) == 1 and is_title(tok) and any(c.dep_ == "prep" for c in tok.rights):
            return None  # "the President of the Arab Bankers Association": an office
        if is_title(tok) and any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in tok.lefts):
            return None  # "a U.S. Diplomat", "a Supreme Court Justice": one of many
        det = definite(tok)
        if company or det or any(w.lower_ in lexicons.load("org_heads") for w in words):
            kind = "ORG"
        elif 2 <= len(words) <= 4 and not is_title(tok):
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
        det = definite(tok)
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
