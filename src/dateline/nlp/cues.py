"""Cue words: which tokens report speech, their span, and the subject who speaks.

The cue words are data: one table, ``data/lexicons/cues.tsv``, gives each word the
frames it takes (a clause, an infinitive, an object, "as", a preposition), the act
it reports and where it came from. A token is a speech verb when its lower-cased
form or its lemma is listed with the ``speech`` frame.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from spacy.tokens import Doc, Span, Token

from dateline import lexicons
from dateline.nlp import quotemarks
from dateline.nlp.doctext import doc_text

#: Dependencies that carry the subject of a verb.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: Dependencies by which a participle or coordinated verb borrows its head's subject:
#: "rejected the claim, saying ..." (advcl), "said ... and added ..." (conj).
BORROW_DEPS = frozenset({"advcl", "conj", "xcomp", "pcomp"})
#: Particles and prepositions that belong to a phrasal cue ("called for", "called on").
PHRASAL = frozenset({"for", "on", "out", "up"})


@cache
def _frames() -> dict[str, frozenset[str]]:
    """Cue word -> the frames it takes (``data/lexicons/cues.tsv``)."""
    return {
        row["word"]: frozenset(f for f in row["frames"].split(",") if f)
        for row in lexicons.table("cues")
    }


def _with(frame: str) -> frozenset[str]:
    return frozenset(word for word, frames in _frames().items() if frame in frames)


@cache
def speech_verbs() -> frozenset[str]:
    """Words that report speech in every reading ("said", "warned", "told")."""
    return _with("speech")


@cache
def attitude_verbs() -> frozenset[str]:
    """Verbs of belief or evidence: cues only with a clause after them."""
    return _with("belief")


@cache
def acts() -> dict[str, str]:
    """Cue word -> what it reports: statement, belief or intention (``quote.act``)."""
    return {row["word"]: row["act"] for row in lexicons.table("cues")}


def is_attitude_verb(tok: Token) -> bool:
    """A verb of belief or evidence ("believes", "shows"): a cue only with a clause."""
    return tok.pos_ == "VERB" and verb_lemma(tok) in attitude_verbs()


@cache
def _cue_lemmas() -> frozenset[str]:
    return (
        speech_verbs() | attitude_verbs() | xcomp_verbs() | object_verbs() | frozenset(prep_verbs())
    )


def verb_lemma(tok: Token) -> str:
    """The lemma of a verb, mended where the small model drops a silent "e" that a cue
    lexicon has ("hoping" -> "hop" -> "hope"): only ever towards a listed cue."""
    lemma = tok.lemma_.lower()
    if lemma not in _cue_lemmas() and lemma + "e" in _cue_lemmas() and tok.tag_ in _INFLECTED:
        return lemma + "e"
    return lemma


_INFLECTED = frozenset({"VBD", "VBG", "VBN", "VBZ"})


@cache
def xcomp_verbs() -> frozenset[str]:
    return _with("infinitive")


def is_speech_verb(tok: Token) -> bool:
    """A verb that reports speech ("said", "warned", "told"); auxiliaries never are."""
    # The small model tags some present-tense cues as nouns ("he notes"): trust the tag.
    if tok.pos_ != "VERB" and not (tok.tag_.startswith("VB") and tok.pos_ != "AUX"):
        return False
    verbs = speech_verbs()
    return tok.lower_ in verbs or verb_lemma(tok) in verbs


def inverted_cue(tok: Token) -> bool:
    """A speech verb set before its speaker at a sentence's start ("Said Comey, “…”",
    "Stated Stone: “…”"), which the tagger may read as the speaker's first name: a
    verb by its tag, or a capitalised past form of a listed verb ("Stated", "Added")."""
    if is_speech_verb(tok):
        return True
    low = tok.lower_
    if not tok.is_title or not low.endswith("ed"):
        return False
    verbs = speech_verbs()
    return low in verbs or low[:-1] in verbs or low[:-2] in verbs


@cache
def relay_verbs() -> frozenset[str]:
    """Verbs that pass on another's words: "quoted X as saying", "cited X as saying"."""
    return _with("relay")


def _relayed_words(relay: Token) -> Token | None:
    """The speech verb a relay verb hangs on "as" ("saying" of "quoted X as saying")."""
    if verb_lemma(relay) not in relay_verbs():
        return None
    said = next(
        (
            g
            for c in relay.children
            if c.dep_ == "prep" and c.lower_ == "as"
            for g in c.children
            if g.dep_ == "pcomp"
        ),
        None,
    )
    return said if said is not None and is_speech_verb(said) else None


def is_relay(verb: Token) -> bool:
    """Whether ``verb`` passes on another's words ("quoted X as saying"): it reports
    nothing itself; its "saying" does."""
    return _relayed_words(verb) is not None


def relayed_speaker(verb: Token) -> Token | None:
    """Who spoke where a relay verb passes the words on ("Tehran radio quoted a
    Foreign Ministry spokesman as saying …", "The official was quoted as saying …"): the
    relay's object, or the subject of its passive; for the relay itself and for the
    "saying" it hangs on "as". None for any other verb."""
    relay = verb
    if verb.dep_ == "pcomp" and verb.head.lower_ == "as" and verb.head.head.i != verb.head.i:
        relay = verb.head.head
    said = _relayed_words(relay)
    if said is None:
        return None
    # The object before "as saying", or the passive's subject before the relay: one the
    # parse finds after them is a stray word ("…,” Keswick was quoted as saying.¶ REUTER").
    obj = next((c for c in relay.children if c.dep_ == "dobj" and c.i < said.i), None)
    if obj is not None:
        return obj
    return next((c for c in relay.lefts if c.dep_ == "nsubjpass"), None)


@cache
def object_verbs() -> frozenset[str]:
    return _with("object")


@cache
def as_verbs() -> frozenset[str]:
    """Verbs that are cues only with an object and "as": "sees the deal as a mistake"."""
    return _with("as")


@cache
def raising_verbs() -> frozenset[str]:
    """Verbs that are cues in the passive with an infinitive: "is expected to win"."""
    return _with("raised")


@cache
def prep_verbs() -> dict[str, frozenset[str]]:
    """Verb lemma -> the prepositions that introduce its content ("talk" -> "about")."""
    out: dict[str, frozenset[str]] = {}
    for word, frames in _frames().items():
        preps = frozenset(f.split(":", 1)[1] for f in frames if f.startswith("prep:"))
        if preps:
            out[word] = preps
    return out


def is_reading_verb(tok: Token) -> bool:
    """A verb that is a cue only with an object or an infinitive ("cited the report",
    "declined to comment"), though it is not in the speech-verb lists."""
    if tok.pos_ != "VERB":
        return False
    lemma = verb_lemma(tok)
    return (
        lemma in object_verbs()
        or lemma in xcomp_verbs()
        or lemma in prep_verbs()
        or lemma in as_verbs()
    )


def cue_span(verb: Token) -> tuple[int, int]:
    """Character span of the cue: the verb with its particle ("called for", "pointed out",
    "talked about")."""
    end_tok = cue_end(verb)
    return verb.idx, end_tok.idx + len(end_tok)


def cue_end(verb: Token) -> Token:
    """The last token of the cue of ``verb`` (see ``cue_span``)."""
    end_tok = verb
    for child in verb.children:
        if child.i == end_tok.i + 1 and (
            child.dep_ == "prt"
            or (child.dep_ == "prep" and child.lower_ in PHRASAL and not _dates(child))
            or (child.dep_ == "prep" and child.lower_ in prep_verbs().get(verb_lemma(verb), ()))
        ):
            end_tok = child
    nxt = verb.doc[end_tok.i + 1] if end_tok.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ == "for" and nxt.dep_ == "mark" and nxt.head.head == verb:
        end_tok = nxt  # "calling for the US to act": "for" marks the clause asked for
    return end_tok


def _dates(prep: Token) -> bool:
    """Whether a preposition opens a time adjunct ("said on Monday"), not a phrasal cue."""
    return any(c.dep_ == "pobj" and c.ent_type_ in {"DATE", "TIME"} for c in prep.children)


def subject(verb: Token) -> Token | None:
    """The speaker token of a speech verb, borrowing the head's subject for participles;
    where the parse gives the verb no subject of its own, a name written right before it
    comes first (``_name_before``): a subject borrowed across a broken parse may lie
    inside the quote. The readings are tried in order; the first found is the speaker."""
    for read in _SUBJECT_READINGS:
        found = read(verb)
        if found is not None:
            return found
    return None


def _parsed_past_ticker(verb: Token) -> Token | None:
    return _past_ticker(_parsed_subject(verb))


#: The most tokens a company's name or ticker in angle brackets spans, brackets included.
_BRACKETED_TOKENS = 10


def _past_ticker(tok: Token | None) -> Token | None:
    """The company's name for a subject the parser found in the angle brackets wire copy
    puts after or around it: in "CSR Ltd <CSRA.S> said" and "<Sico Inc> said" the parse
    may make ">" or the ticker the subject of "said"; the name before a ticker, or the
    last word of the name inside the brackets, is the source."""
    if tok is None:
        return tok
    doc = tok.doc
    if _ticker_at(tok):
        # "Matsushita Electric Industrial Co Ltd <MC.T> said": the ticker itself, unless
        # its name closes a list ("MMAL, 99 pct-owned by … and Mitsubishi Corp <MITT.T>,
        # said"), where the parse has lost the subject.
        if _listed(tok):
            return tok
        name = _before_bracket(doc, tok.i - 1)
        return name if name is not None else tok
    if tok.text != ">":
        return tok
    i = tok.i - 1
    while i > max(tok.i - _BRACKETED_TOKENS, 0) and doc[i].text != "<":
        i -= 1
    if doc[i].text != "<" or i + 1 >= tok.i:
        return tok
    inside = doc[i + 1 : tok.i]
    if len(inside) == 1 and inside[0].text.upper() == inside[0].text:
        # A ticker: the name is the one before it.
        name = _before_bracket(doc, i)
        return name if name is not None else tok
    last = inside[-1]
    return last if last.pos_ == "PROPN" else tok


def _ticker_at(tok: Token) -> bool:
    """Whether ``tok`` is a ticker between angle brackets ("MC.T" of "<MC.T>")."""
    doc = tok.doc
    return (
        0 < tok.i < len(doc) - 1
        and doc[tok.i - 1].text == "<"
        and doc[tok.i + 1].text == ">"
        and tok.text.upper() == tok.text
        and any(c.isalpha() for c in tok.text)
    )


def ticker_after(tok: Token) -> Token | None:
    """The ticker written in angle brackets right after ``tok`` ("MC.T" after the "Ltd"
    of "Matsushita Electric Industrial Co Ltd <MC.T>"), if one is."""
    doc = tok.doc
    i = tok.i + 1
    while i < len(doc) and doc[i].is_space:
        i += 1  # "Ltd\n<MC.T>": a line break between
    if i + 1 < len(doc) and doc[i].text == "<" and _ticker_at(doc[i + 1]):
        return doc[i + 1]
    return None


def through_ticker(tok: Token, end: int) -> Token:
    """The ticker written right after a name ending at ``end``, where the parse hangs
    the name's word ``tok`` on it ("Newmont Mining Corp <NEM> said": "NEM" is the
    subject); else ``tok``."""
    head = tok.head
    if head.i > tok.i and _ticker_at(head) and _only_bracket(tok.doc, end, head):
        return tok if _listed(head) else head
    return tok


def _only_bracket(doc: Doc, end: int, head: Token) -> bool:
    """Whether the text from character ``end`` to the token ``head`` is one "<" and
    spaces."""
    return end <= head.idx and doc_text(doc)[end : head.idx].strip() == "<"


def _listed(ticker: Token) -> bool:
    """Whether the name a ticker follows closes a list ("… and Mitsubishi Corp <MITT.T>"):
    a parse that makes the ticker a subject there has lost the real one."""
    doc = ticker.doc
    before = _name_start(doc, ticker.i - 2) - 1
    while before >= 0 and doc[before].is_space:
        before -= 1
    return before >= 0 and doc[before].pos_ == "CCONJ"


def _name_start(doc: Doc, last: int) -> int:
    """The first token of the name whose last token is ``last``: the start of the name NER
    saw there, else of the run of proper nouns."""
    start = last
    if doc[last].ent_iob_ in {"B", "I"}:
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        return start
    while start > 0 and (doc[start - 1].pos_ == "PROPN" or _joins(doc[start - 1])):
        start -= 1
    return start


def _joins(tok: Token) -> bool:
    """A hyphen written inside a name ("Rio Tinto-Zinc"), between two proper nouns."""
    doc = tok.doc
    return (
        tok.text == "-"
        and not tok.whitespace_
        and tok.i > 0
        and doc[tok.i - 1].pos_ == "PROPN"
        and not doc[tok.i - 1].whitespace_
    )


def _before_bracket(doc: Doc, i: int) -> Token | None:
    """The proper noun written right before the "<" at ``i``: the last word of the name
    a ticker follows."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0:
        return None
    # The tagger may take a one-word firm for a noun ("Swissair <SWSZ.Z> said").
    return doc[i] if doc[i].pos_ == "PROPN" or doc[i].ent_type_ == "ORG" else None


#: Entity types of a name that can speak.
_SPEAKING = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Tokens that may stand between a name and its verb: line breaks, a closing bracket
#: ("SAS <Scandinavian Airline Systems> said").
_BETWEEN = frozenset({">", ")", "]"})


def _name_before(verb: Token) -> Token | None:
    """The name ending right before a speech verb the parser left without a subject:
    "“…,” Tulsa police Chief Chuck Jordan said Monday", where "Tulsa" was read as a verb
    and the name as its object; never a name the verb governs or one in another clause
    of the parse's (an object of a preposition, "… to Smith said" stays unread). A name
    before an apposition set off by commas counts ("“…,” Flynn, a top Trump surrogate,
    said")."""
    # A subject after the verb does not count: "… said Thursday on Fox News’s “Fox and
    # Friends”" gives "said" the show's name as subject.
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} and c.i < verb.i for c in verb.children):
        return None
    i = verb.i - 1
    while i >= 0 and (verb.doc[i].is_space or verb.doc[i].text in _BETWEEN):
        i -= 1
    if i < 0:
        return None
    name = verb.doc[i]
    if name.text == "," and i > 0:
        # "“…,” Flynn, a top Trump surrogate, said": the name before an apposition set off
        # by commas, which the parser hung on a word inside the quote.
        name = _appositive_holder(verb.doc[i - 1])
        if name is None:
            return None
    if name.pos_ != "PROPN" or name.ent_type_ not in _SPEAKING or name.dep_ == "pobj":
        return None
    if name.i < verb.sent.start:
        return None  # "… East Alton, Ill.¶    Offers for the copper are due …"
    if name.head.i == verb.i and name.dep_ not in {"dep", "npadvmod"}:
        return None  # the verb's own object or modifier
    return name


#: Fewest words of a quote a cue may follow with its speaker after it.
_INVERTED_QUOTE_WORDS = 3


def _after_quoted_sentence(verb: Token) -> bool:
    """Whether ``verb`` is a finite verb with no subject right after the closing mark of
    a quoted sentence: "“…,” added Azzoni"."""
    doc = verb.doc
    if verb.tag_ not in {"VBD", "VBZ", "VBP"} or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return False  # "…,” echoing some commentators": a participle goes on, it inverts nothing
    i = verb.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 1 or not (doc[i].is_quote and doc[i - 1].text in {",", "?", "!"}):
        return False
    # A quoted sentence, not a phrase in marks: "declares ‘revolution,’ ignores losses".
    words = 0
    k = i - 1
    while k >= 0 and not doc[k].is_quote and words < _INVERTED_QUOTE_WORDS:
        words += doc[k].is_alpha
        k -= 1
    return words >= _INVERTED_QUOTE_WORDS


def inverted_aside(verb: Token) -> tuple[Token, Token] | None:
    """(speaker, clause) of "“…,” said Robin Maynard, half joking." and "“…,” said
    retired neurosurgeon Ben Carson, asked about the video": the parser reads the speaker
    after an inverted cue as the subject of the aside that follows it and hangs that
    clause on the verb as what was said. Only for a name or noun right after the verb,
    set off from the rest of its clause by a comma."""
    return _aside_subject(verb) if _after_quoted_sentence(verb) else None


def _aside_subject(verb: Token) -> tuple[Token, Token] | None:
    """``inverted_aside`` once ``verb`` is known to follow a quoted sentence."""
    doc = verb.doc
    for clause in verb.rights:
        if clause.dep_ not in {"ccomp", "advcl"}:
            continue
        subj = next((c for c in clause.lefts if c.dep_ in SUBJECT_DEPS), None)
        if subj is None or subj.left_edge.i != verb.i + 1 or subj.pos_ not in {"PROPN", "NOUN"}:
            continue
        end = subj.right_edge.i
        if doc[end].text == "," or (end + 1 < clause.i and doc[end + 1].text == ","):
            return subj, clause
    return None


def passive_aside(verb: Token) -> bool:
    """Whether ``verb`` is the past participle of an aside after an inverted cue's
    speaker ("“…,” said Ben Carson, asked about the video"): the speaker was asked, and
    the parse's active reading ("Carson asked about …") reports nothing."""
    if verb.tag_ not in {"VBD", "VBN"} or verb.dep_ not in {"ccomp", "advcl"}:
        return False
    aside = inverted_aside(verb.head)
    return aside is not None and aside[1] == verb


def _inverted_object(verb: Token) -> Token | None:
    """ "“…,” added Azzoni.", "“…,” speculated one arbitrager.": a speech verb set after a
    quote and before its speaker, which the parser reads as the verb's object. Only for a
    verb with no subject right after the closing mark, and a phrase right after it that
    closes the sentence or runs into an apposition; or the speaker the parse made the
    subject of an aside (``inverted_aside``)."""
    doc = verb.doc
    if not _after_quoted_sentence(verb):
        return None
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None:
        aside = _aside_subject(verb)
        return aside[0] if aside is not None else None
    if obj.left_edge.i != verb.i + 1 or obj.tag_ == "PRP":
        return None  # "…,” put it": the pronoun is what was put
    after = obj.right_edge.i + 1
    if (
        after < len(doc)
        and doc[after].text not in {".", ",", ";", "\n"}
        and not doc[after].is_space
    ):
        return None
    return obj


def _appositive_holder(last: Token) -> Token | None:
    """The name an apposition ending at ``last`` describes, when the apposition is set off
    by a comma right after that name ("Flynn, a top Trump surrogate")."""
    tok = last
    for _ in range(MAX_APPOSITION):
        if tok.dep_ == "appos":
            name = tok.head
            after = name.nbor(1) if name.i + 1 < len(name.doc) else None
            if name.i < tok.i and after is not None and after.text == ",":
                return name
            return None
        if tok.head is tok or tok.head.i > last.i:
            return None
        tok = tok.head
    return None


#: The most steps from the last word of an apposition up to its head.
MAX_APPOSITION = 6


def _subject_before_aside(verb: Token) -> Token | None:
    """The subject before an aside set off by commas that the parse read as a clause of
    its own and hung on a speech verb with no subject: "a spokesman for the owners,
    Townsend Thoresen, said" (the name read as a verb whose subject is "spokesman"), "The
    operator of a pipeline, shutdown because of flood damage, said" (the participle read
    as a noun), "RoseAnn DeMoro, executive director of …, a union that … has been busing
    its members …, also said" (the relative clause read as a clause of "said"). The
    aside ends at the comma before the verb (an adverb of the verb between: "also"), and
    only a conjunction or adverb comes before its subject in it."""
    doc = verb.doc
    comma = verb.i - 1
    while comma > 0 and doc[comma].dep_ == "advmod" and doc[comma].head == verb:
        comma -= 1
    if comma < 1 or doc[comma].text != ",":
        return None
    for aside in verb.lefts:
        if aside.dep_ not in {"ccomp", "parataxis"} or aside.right_edge.i not in {comma - 1, comma}:
            continue
        subj = next((c for c in aside.lefts if c.dep_ in SUBJECT_DEPS), None)
        if subj is None or subj.pos_ not in {"NOUN", "PROPN"}:
            continue
        if not _only_adjuncts(doc[aside.left_edge.i : subj.left_edge.i]):
            continue
        if any(t.text == "," for t in doc[subj.i + 1 : aside.i]):
            return subj
    return None


def _subject_after_opening(verb: Token) -> Token | None:
    """The name after the comma of a sentence's opening phrase that the parse took into
    that phrase, leaving the speech verb with no subject: "In a filing with the
    Securities and Exchange Commission, Halcyon, whose managing partner is …, said" (an
    apposition of "Commission"), "…, Gabelli and companies he controls said" (a
    conjunct). Only a name NER typed a speaker right after the phrase's first comma,
    not a place after a place ("In St. Clairsville, Ohio, …"), the phrase running on to
    an active verb ("Pence was asked about" names the one asked)."""
    doc = verb.doc
    if any(c.dep_ == "auxpass" for c in verb.children):
        return None
    for prep in verb.lefts:
        if prep.dep_ != "prep" or prep.right_edge.i < verb.i - 2:
            continue
        if not _only_adjuncts(doc[verb.sent.start : prep.i]):
            continue
        comma = next((t.i for t in doc[prep.i : prep.right_edge.i + 1] if t.text == ","), None)
        if comma is None:
            continue
        name = doc[comma + 1]
        while name.dep_ in {"compound", "flat"} and name.i < name.head.i <= prep.right_edge.i:
            name = name.head
        if (
            name.dep_ in {"appos", "conj"}
            and prep.i <= name.head.i < comma
            and name.pos_ == "PROPN"
            and name.ent_type_ in _SPEAKING
            and not (name.ent_type_ == "GPE" and name.head.ent_type_ == "GPE")
        ):
            return name
    return None


def _only_adjuncts(span: Span) -> bool:
    """Whether ``span`` holds nothing but conjunctions, adverbs and punctuation ("But",
    "also")."""
    return all(t.dep_ in {"cc", "advmod", "punct"} for t in span)


def _parsed_subject(verb: Token) -> Token | None:
    """The subject the parse gives a speech verb, or borrows for it."""
    tok = verb
    # "X said Y would fail, citing Z", "X said Y would fail and warned that …": the parser
    # hangs the participle or the second verb on the reported clause, but the one who
    # cites or warns is the one who said it.
    head = verb.head
    if head.dep_ == "ccomp" and verb.i > head.i and is_speech_verb(head.head):
        participle = (
            verb.tag_ == "VBG"
            and verb.dep_ == "advcl"
            and any(t.text in {",", "—", "--", "–"} for t in verb.doc[head.i : verb.i])
        )
        second_report = verb.dep_ == "conj" and is_speech_verb(verb)
        if participle or second_report:
            tok = head.head
    for _ in range(3):  # "X rejected it, saying ... and adding ..." is at most three hops
        found = _nearest_subject(tok)
        if found is not None:
            return found
        if tok.dep_ == "pcomp" and tok.head.dep_ in {"prep", "advcl"}:
            # "responded by saying …", "after saying …, she was …": the gerund's doer is
            # the subject of the clause its preposition hangs on; "held him in contempt
            # for refusing" is done by the object, so "for" is left alone.
            if tok.head.lower_ not in _SUBJECT_PREPS or tok.head.head is tok.head:
                return None
            tok = tok.head.head
        elif tok.dep_ in BORROW_DEPS and tok.head is not tok:
            tok = tok.head
        elif tok.dep_ == "dobj" and tok.tag_ == "VBG" and tok.head.pos_ == "VERB":
            tok = tok.head  # "she recalled thinking, “…”", "kept saying": the doer is hers
        elif tok.dep_ == "acomp" and tok.pos_ == "ADJ":
            tok = tok.head  # "voters are more likely to say …": the copula's subject
        elif tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in {"NOUN", "PROPN"}:
            return tok.head  # "911 calls saying shots had been fired", "emails showing that"
        else:
            return None
    return None


#: Prepositions before a gerund whose doer is the subject of the main clause.
_SUBJECT_PREPS = frozenset({"by", "after", "before", "while", "upon", "in", "on", "without", "to"})


def _nearest_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` nearest to it, in its paragraph.

    The parser gives a verb two subjects when a verbless quote or a heading runs into the
    sentence ("“… One of the brightest members of Congress,” Rep. Cummings said",
    "12:15 p.m.¶Donald Trump says"): the speaker is the one next to the verb.
    """
    doc = verb.doc
    found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    subjects = [c for c in found if not _breaks(doc, c.i, verb.i, "\n")]
    if not subjects:
        # Across a line break but not a blank line: wire copy puts the company alone on
        # the first line ("South Atlantic Financial Corp¶said it has agreed …"). Not in
        # a quotation, where the line break may end a quoted verse or a heading.
        subjects = [
            c
            for c in found
            if c.i < verb.i
            and not _breaks(doc, c.i, verb.i, "\n\n")
            and not quotemarks.inside(doc, c.idx)
            and not (c.left_edge.i > 0 and doc[c.left_edge.i - 1].is_quote)
        ]
    if not subjects:
        # "About 4 in 10 say …": the parser hangs a poll's share on the verb as a number.
        subjects = [c for c in verb.lefts if c.dep_ == "nummod" and c.like_num]
    if not subjects:
        subjects = _participle_subject(verb)
    if not subjects and verb.dep_ == "ROOT" and verb.i > 1 and verb.nbor(-1).text == ",":
        # "In a statement to the Observer, her adviser, Jake Sullivan, said: …": the parser
        # hangs the speaker on the noun before as an apposition.
        name = verb.nbor(-2)
        if name.dep_ == "appos" and name.pos_ == "PROPN" and _person(name):
            subjects = [name]
    return min(subjects, key=lambda c: abs(c.i - verb.i), default=None)


def _participle_subject(verb: Token) -> list[Token]:
    """The subject the parser gave a participle set off by commas before the verb: "Du
    Pont Co, reporting lower first quarter profits, said …" makes the company the
    subject of "reporting" and leaves "said" without one."""
    doc = verb.doc
    if verb.i < 1 or verb.nbor(-1).text != ",":
        return []
    for clause in verb.lefts:
        # "reporting …", and "asked …" read as a past tense ("Herrington, asked his
        # reaction to the White House reaction, said, “…”").
        participle = clause.tag_ == "VBG" or (
            clause.lemma_ == "ask" and clause.tag_ in {"VBN", "VBD"}
        )
        if not participle or clause.dep_ not in {"advcl", "ccomp"}:
            continue
        last = max(t.i for t in clause.subtree if not t.is_punct)
        if any(not (t.is_punct or t.is_space) for t in doc[last + 1 : verb.i]):
            continue  # the participle's clause must close at the comma before the verb
        subj = next((c for c in clause.lefts if c.dep_ in SUBJECT_DEPS), None)
        if subj is None or subj.pos_ not in {"PROPN", "NOUN"}:
            continue
        after = max(t.i for t in subj.subtree if not t.is_punct) + 1
        if after < clause.i and doc[after].text == ",":
            return [subj]
    return []


def _breaks(doc: Doc, a: int, b: int, mark: str) -> bool:
    """Whether a token between tokens ``a`` and ``b`` holds ``mark`` (a line break, or
    with spaces removed a blank line)."""
    lo, hi = min(a, b), max(a, b)
    return any(mark in "".join(t.text.split(" ")) for t in doc[lo:hi])


def _person(tok: Token) -> bool:
    """Whether ``tok`` is in a person's name: NER's, or the entity stage's, which also
    knows the names NER typed ORG or GPE ("the Governor of the Bank of Greece, Dimitris
    Halikias, said": ``nlp/mistyped.py``)."""
    if tok.ent_type_ == "PERSON":
        return True
    return any(
        e.type == "PERSON" and any(m.start <= tok.idx < m.end for m in e.mentions)
        for e in tok.doc._.entities or ()
    )


def inverted_subject(verb: Token) -> Token | None:
    """The speaker after the cue in quotative inversion ("“…,” added KCNA"), which the
    parser often reads as an object."""
    for child in verb.rights:
        if child.dep_ in {"dobj", "attr", "npadvmod", "nsubj"} and child.pos_ in {"PROPN", "NOUN"}:
            return child
    return None


def paragraph_clip(anchor: Token, left: int, right: int) -> tuple[int, int]:
    """Keep left..right within the paragraph of ``anchor``: the parser sometimes runs a
    sentence over a paragraph break, but reported speech never does."""
    doc = anchor.doc
    for i in range(anchor.i - 1, left - 1, -1):
        if "\n" in doc[i].text:
            left = i + 1
            break
    for i in range(anchor.i + 1, right + 1):
        if "\n" in doc[i].text:
            right = i - 1
            break
    return left, right


def phrase(tok: Token) -> tuple[int, int]:
    """Character span of the noun phrase headed by ``tok``, cut before a relative clause."""
    doc: Doc = tok.doc
    left, right = tok.left_edge.i, tok.right_edge.i
    for child in tok.rights:
        if child.dep_ in {"relcl", "acl", "punct"} or (
            child.dep_ == "prep" and child.i > tok.i + 1 and child.lower_ not in {"of", "for", "at"}
        ):
            right = min(right, child.left_edge.i - 1)
    if ticker_after(tok) is not None:
        # "Matsushita Electric Industrial Co Ltd <MC.T>": the parse may hang the name's
        # other words on the ticker; the name is all of them, the ticker none of it.
        left, right = min(left, _name_start(doc, tok.i)), tok.i
    left, right = paragraph_clip(tok, left, right)  # never across a paragraph break
    while right > left and doc[right].is_punct:
        right -= 1
    while left < right and doc[left].is_punct:
        left += 1
    return doc[left].idx, doc[right].idx + len(doc[right])


#: Where the speaker of a speech verb is read, in order (``subject``): defined last, as
#: it names the readings above.
_SUBJECT_READINGS: tuple[Callable[[Token], Token | None], ...] = (
    relayed_speaker,
    _inverted_object,
    _name_before,
    _parsed_past_ticker,
    _subject_before_aside,
    _subject_after_opening,
)
