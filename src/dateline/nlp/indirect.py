"""Reported speech read from the dependency parse.

* a speech verb with a clausal complement: "Serbia said it would ask ...",
  "told reporters that ...", "The plan will fail, he said" (ccomp);
* speech-act verbs with an infinitive: "urged Kosovo to ...", "pledged to ..." (xcomp);
* participles borrow the subject of the verb they hang on: "..., saying it was ...",
  "..., adding that ...";
* a parenthetical cue splits its content in two: "But to prevent problems, he said,
  officials should be vigilant" (parataxis);
* naming: "called the charges unsubstantiated" (object + predicate, oprd);
* "according to X": the clause it modifies is the content, X the source.

Content spans follow PolNeAR's guidelines (Newell et al. 2018): the whole
complement clause, a leading "that" included.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import takewhile

from spacy.tokens import Doc, Token

from dateline import lexicons
from dateline.nlp import boundaries, cues, quotemarks, readings
from dateline.nlp.boundaries import edges as _edges
from dateline.nlp.candidate import Candidate
from dateline.nlp.rules import parse_rule, parse_rules
from dateline.nlp.trailing_source import fronted_source, span_of, trailing_source

__all__ = ["Candidate", "speech_clauses"]


#: Subordinators that open an adverbial clause the parser may take for what was said:
#: "“…,” Spencer said, as fighters worked out" reports nothing after "as".
_ADVERBIAL_MARKS = frozenset(
    {
        "as",
        "while",
        "when",
        "because",
        "after",
        "before",
        "since",
        "although",
        "though",
        "until",
        "once",
        "unless",
    }
)


def _adverbial(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _ADVERBIAL_MARKS for c in clause.children)


def _complement(verb: Token) -> Token | None:
    """The clause reported by ``verb``: the nearest ccomp after it, else the one before it
    unless a colon stands between ("…: He said he …")."""
    comps = [
        c for c in verb.children if c.dep_ == "ccomp" and not _adverbial(c) and not _bare_cue(c)
    ]
    after = [c for c in comps if c.i > verb.i]
    if after:
        return after[0]
    # A clause before the cue ("Prices will rise, he said") is never reported by a verb
    # that reports only with an infinitive: "…, four McDonnell Douglas planes for 300 mln
    # dlrs" read "planes" as the verb "plan"; "May - 21 ov May bid, 22 offered".
    fronted = (
        cues.is_speech_verb(verb)
        or cues.is_attitude_verb(verb)
        or cues.verb_lemma(verb) not in cues.xcomp_verbs()
    )
    for child in reversed(comps if fronted else []):
        # The colon may close the clause's own subtree ("We have been here before: bin
        # Laden declared war on …"); one inside it is the clause's own ("The plan is
        # clear: to …, he said"). A semicolon after the clause's head always parts them.
        last = max((t.i for t in child.subtree if not t.is_punct), default=child.i)
        doc = verb.doc
        if not any(t.text == ":" for t in doc[last + 1 : verb.i]) and not any(
            t.text == ";" for t in doc[child.i + 1 : verb.i]
        ):
            return child
    if cues.verb_lemma(verb) in cues.xcomp_verbs():
        for child in verb.children:
            if child.dep_ == "xcomp":
                return child
    if cues.is_speech_verb(verb):
        # "admitted using the tax code", "suggested boycotting Apple": a gerund reports
        # what the speaker did or proposes; after "continue" it only goes on ("continued
        # raising rates": a quotative "he continued" is the only speech reading).
        for child in verb.rights:
            if (
                child.dep_ == "xcomp"
                and child.tag_ == "VBG"
                and child.left_edge == child
                and cues.verb_lemma(verb) not in _ASPECTUAL
            ):
                return child
        return _stray_clause(verb) or _hung_clause(verb)
    return None


#: Speech verbs of an activity: "as he spoke" tells when, never "as X put it".
_ACTIVITY = frozenset({"speak", "talk"})

#: Speech verbs that are aspectual before a gerund ("continued spending").
_ASPECTUAL = frozenset({"continue", "keep", "start", "begin", "stop", "resume"})


#: Prepositions that set the scene of a speech act or name its audience ("said during a
#: news conference", "yelling to the officers"); "following news that …", "amid reports
#: that …" bring in what others said.
_SETTING_PREPS = frozenset({"in", "at", "during", "on", "to"})


def _stray_clause(verb: Token) -> Token | None:
    """A "that" clause the parser hung on a noun after the cue as a relative clause:
    "said during a news conference that he may wait", "told a meeting of Pacific Island
    leaders that few people understood …". A relative clause's "that" is its subject
    or object; marked as a subordinator, it opens the clause the verb reports. Nouns
    of the cue's own preposition ("talked about the idea that …") are the content
    themselves and stay to the prepositional reading."""
    own = cues.prep_verbs().get(cues.verb_lemma(verb), frozenset()) | cues.PHRASAL
    # The object of a verb whose object is what was said ("disputes the idea that …") is
    # the object reading's; others name whom it was said to ("told a meeting … that").
    addressee = cues.verb_lemma(verb) not in cues.object_verbs()
    for child in verb.rights:
        if child.dep_ == "dative" or (child.dep_ == "dobj" and addressee):
            nouns, scene = [child], False
        elif child.dep_ == "prep" and child.lower_ in _SETTING_PREPS - own:
            nouns, scene = [c for c in child.children if c.dep_ == "pobj"], True
        else:
            continue
        for clause in (c for noun in nouns for c in noun.rights):
            first = clause.left_edge
            if not (
                clause.dep_ in {"relcl", "acl"}
                and first.lower_ == "that"
                and first.dep_ == "mark"
                and first.head == clause
                and any(c.dep_ in cues.SUBJECT_DEPS for c in clause.children)
            ):
                continue
            # "said at the summit that she had organised": a relative clause on the scene
            # lacks its object and ends at its verb; a reported clause goes on.
            if scene and not any(c.i > clause.i and not c.is_punct for c in clause.children):
                continue
            return clause
    return None


def _hung_clause(verb: Token) -> Token | None:
    """A reported clause the parser hung on the cue as an adverbial clause after a scene
    phrase: "said after the convention he would not accept …", "tweeted in the early
    morning hours that Machado was …". Only a clause that opens on its own subject or on
    "that" (after the scene phrase, which may hang on either), with no comma or quotation
    mark before it: one with a subordinator ("when he arrived", "as he left") tells when
    or why."""
    doc = verb.doc
    child = next((c for c in verb.rights if c.dep_ == "advcl"), None)
    if child is None:
        return None
    subject = next((c for c in child.lefts if c.dep_ in cues.SUBJECT_DEPS), None)
    # A relative clause the parser took for an adverbial one ("charged … over the
    # incident that left one dead") has a relative word for its subject.
    if subject is None or subject.tag_ in {"WDT", "WP"} or _is_passive(verb):
        return None
    opener = subject.left_edge
    if opener.i > 0 and doc[opener.i - 1].lower_ == "that" and doc[opener.i - 1].head == child:
        opener = doc[opener.i - 1]
    between = doc[verb.i + 1 : opener.i]
    if not between or any(t.is_punct or t.is_quote for t in between):
        return None
    # What stands between is the cue's or the clause's scene: prepositional phrases and
    # bare time nouns ("Tuesday"), with whatever hangs inside them.
    scene = {"prep", "npadvmod"}
    inside = range(verb.i + 1, opener.i)
    if all(t.head.i in inside or (t.head in {verb, child} and t.dep_ in scene) for t in between):
        return child
    return None


#: Subordinators of a clause that gives the reason or condition of what was said; the
#: parser hangs it on the cue, but it is part of the claim ("said the plan would fail
#: because the money ran out").
_REASON_MARKS = frozenset({"because", "until", "unless", "if"})


def _reason_after(verb: Token, right: int) -> int:
    """The end of a reported clause taken over a reason or condition that the parser hung
    on the cue right after it."""
    for child in verb.rights:
        if (
            child.dep_ == "advcl"
            and child.left_edge.i == right + 1
            and child.left_edge.lower_ in _REASON_MARKS
        ):
            return child.right_edge.i
    return right


def _stranded_name(verb: Token, right: int) -> int:
    """The end of a reported clause taken over a name that closes the sentence and that
    the parser hung on the cue: in "Acme Corp said it would buy Beta Inc." the period of
    "Inc." reads as the full stop, and "Beta Inc." hangs on "said" as punctuation."""
    doc = verb.doc
    rest = doc[right + 1 : verb.sent.end]
    if not rest or len(rest[-1]) < 2 or not rest[-1].text.endswith("."):
        return right
    inside = range(rest.start, rest.end)
    if all(t.pos_ == "PROPN" and (t.head == verb or t.head.i in inside) for t in rest) and any(
        t.head == verb and t.dep_ == "punct" for t in rest
    ):
        return rest.end - 1
    return right


def _bare_cue(clause: Token) -> bool:
    """A second attribution the parser hangs on the cue as its clause, reporting nothing
    itself: "…,” said Kristen Day, USA Today reports."""
    first = clause.left_edge
    return (
        cues.is_speech_verb(clause)
        and first.i > 0
        and first.nbor(-1).text == ","
        and any(c.dep_ in cues.SUBJECT_DEPS for c in clause.children)
        and not any(c.dep_ in {"ccomp", "dobj", "xcomp", "prep"} for c in clause.children)
    )


def _source(
    verb: Token, subj: Token | None, content: tuple[int, int]
) -> tuple[tuple[int, int] | None, Token | None]:
    """The source span of ``verb`` whose subject is ``subj``, and the subject, unless the
    subject is part of what was said."""
    if subj is None:
        return None, None
    if subj.dep_ == "nsubjpass" and subj.lower_ == "it" and subj.head == verb:
        return None, None  # "It was announced that …": an expletive names no one
    span = cues.phrase(subj)
    if content[0] <= span[0] < content[1]:  # the "subject" is inside what was said
        return None, None
    if span[0] < verb.idx < span[1]:
        # A parse that hangs the cue inside its own subject ("A majority of voters expect
        # …" as one phrase): the source ends before the cue.
        before = [t for t in verb.doc[subj.left_edge.i : verb.i] if not t.is_punct]
        while before and before[-1].dep_ in {"aux", "auxpass", "neg", "advmod"}:
            before.pop()
        if not before:
            return None, None
        span = (before[0].idx, before[-1].idx + len(before[-1]))
    return span, subj


def speech_clauses(doc: Doc, disabled: frozenset[str] = frozenset()) -> list[Candidate]:
    """Every reading of the parse rules (``rules.ORDER``), token by token: the first rule
    that claims a token ends its readings. ``disabled`` rules claim nothing. A relay
    ("quoted X as saying …") is read through its "saying" alone: the object spoke; the
    participle of an aside after an inverted cue's speaker ("said Ben Carson, asked about
    …") reports nothing."""
    out: list[Candidate] = []
    rules = parse_rules(disabled)
    for tok in doc:
        if cues.is_relay(tok) or cues.passive_aside(tok):
            continue
        for rule in rules:
            found = rule.find(tok)
            if found is None:
                continue
            for cand in found:
                cand.rule = cand.rule or rule.name
            out.extend(found)
            break
    return out


@parse_rule(
    "according_to",
    "'according to X': the clause the phrase modifies is the content, X the source",
    "The plan will fail, according to officials.",
)
def _according_rule(tok: Token) -> list[Candidate] | None:
    doc = tok.doc
    if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
        return _according_to(tok)
    return None


@parse_rule(
    "in_evidence",
    "a poll or a document as the source of the clause its 'in' phrase modifies",
    "In an NBC News poll released Monday, 50 percent chose Clinton.",
)
def _in_evidence_rule(tok: Token) -> list[Candidate] | None:
    if tok.lower_ != "in":
        return None
    found = _in_evidence(tok)
    return [found] if found else []


@parse_rule(
    "stance_adjective",
    "a stance adjective after a copula, with its clause or prepositional object",
    "The senator was critical of the deal.",
)
def _stance_adjective_rule(tok: Token) -> list[Candidate] | None:
    if tok.pos_ not in {"ADJ", "NOUN"}:
        return None
    found = readings.stance_adjective(tok)
    return [found] if found else None


@parse_rule(
    "statement_noun",
    "a statement, stance or intention noun with its clause or object",
    "His warning that the talks would fail went unheeded.",
)
def _statement_noun_rule(tok: Token) -> list[Candidate] | None:
    if tok.pos_ not in {"ADJ", "NOUN"}:
        return None
    found = readings.noun_clause(tok)
    return [found] if found else []


@parse_rule(
    "raised",
    "a passive verb of saying or forecasting: its subject and infinitive, in two parts",
    "Obama's veto is expected to come before Friday.",
)
def _raised_rule(tok: Token) -> list[Candidate] | None:
    return _raised(tok) or None


@parse_rule(
    "as_clause",
    "'as X put it': the clause the cue hangs on",
    "Prices will rise, as the minister noted.",
)
def _as_clause_rule(tok: Token) -> list[Candidate] | None:
    if not _as_cue(tok):
        return None
    found = _as_clause(tok)
    return [found] if found is not None else []


@parse_rule(
    "belief",
    "a verb of belief or attitude with a clause after it",
    "Analysts fear that the talks will fail.",
)
def _belief_rule(tok: Token) -> list[Candidate] | None:
    if cues.is_speech_verb(tok) or not cues.is_attitude_verb(tok):
        return None
    return _attitude(tok) or None


@parse_rule(
    "quoted_as",
    "any verb that casts its object as something in quotation marks",
    "He has been pounding Trump as a “con artist”.",
)
def _quoted_as_rule(tok: Token) -> list[Candidate] | None:
    # The last rule for a word that is no speech verb: "hopes to win" reads no further.
    if cues.is_speech_verb(tok) or cues.is_reading_verb(tok):
        return None
    quoted = _quoted_as(tok)
    return [quoted] if quoted is not None else []


@parse_rule(
    "parenthetical",
    "'X, he said, Y': the clause around the cue, in two parts that share it",
    "But to prevent problems, he said, officials should be vigilant.",
)
def _parenthetical_rule(tok: Token) -> list[Candidate] | None:
    if tok.dep_ == "parataxis" and tok.head.i != tok.i:
        return _parenthetical(tok)
    return None


@parse_rule(
    "reported_clause",
    "a speech verb with its complement clause (or infinitive, for verbs that take one)",
    "Serbia said on Monday it would ask the International Court of Justice.",
)
def _reported_clause_rule(tok: Token) -> list[Candidate] | None:
    # A verb of regard reports only "X as Y" ("saw the results" is no statement).
    if cues.verb_lemma(tok) in cues.as_verbs() and not cues.is_speech_verb(tok):
        return None
    comp = _complement(tok)
    if comp is None:
        return None
    aside = cues.inverted_aside(tok)
    if aside is not None and aside[1] == comp:
        return None  # "“…,” said Robin Maynard, half joking.": the speaker and an aside
    subj = cues.subject(tok)
    right = boundaries.cut_second_report(comp, comp.right_edge.i)
    trailing = None
    if comp.i < tok.i:
        right = _before_speaker(comp, right)
        if (
            subj is None
            or comp.left_edge.i <= subj.i <= right
            or quotemarks.inside(tok.doc, subj.idx)  # a "subject" in the quoted words
        ):
            # "…, a source at the church radio said.": the parse hung the source inside
            # the claim; the claim ends before it.
            trailing = trailing_source(tok, comp, right)
            if trailing is not None:
                right, subj = min(right, trailing.first - 1), trailing.head
    else:
        if right == comp.right_edge.i:
            right = _stranded_name(tok, _reason_after(tok, right))
        if subj is None:
            # "In a discovery that …, a team of U.S. Army doctors said they …": the
            # parse hung the source on the fronted phrase.
            trailing = fronted_source(tok)
            if trailing is not None:
                subj = trailing.head
    start = _clause_start(tok, subj, comp)
    obj = _direct_object(tok)
    if comp.dep_ == "xcomp" and obj is not None and tok.i < obj.i < comp.left_edge.i:
        # "urged Kosovo to avoid violence", "told her advisers to find …": whom the act
        # is addressed to belongs to what was asked, as PolNeAR marks it.
        start = obj.left_edge.i
    elif _subject_taken_for_object(tok, obj, comp):
        start = obj.left_edge.i
    content = boundaries.content(tok, start, right)
    if content is None:
        return []
    if trailing is not None:
        source = span_of(tok.doc, trailing)
        return [Candidate(*content, "indirect", cues.cue_span(tok), source, trailing.head)]
    return [_reported(tok, subj, content)]


def _subject_taken_for_object(verb: Token, obj: Token | None, comp: Token) -> bool:
    """ "as saying Hongkong Land was at a crossroads": the parser took the reported
    clause's subject for the cue's object and left the clause without one; the object
    right before a subjectless clause opens what was said. Not the object of a verb
    said to someone ("told ministers capacity was …": ``addressee_verbs``)."""
    return (
        obj is not None
        and cues.verb_lemma(verb) not in lexicons.load("addressee_verbs")
        and comp.dep_ == "ccomp"
        and comp.pos_ in {"VERB", "AUX"}  # "applauded Clinton’s remarks": "’s" is no verb
        and verb.i < obj.i
        and obj.right_edge.i + 1 == comp.left_edge.i
        and comp.left_edge.i == comp.i - sum(1 for c in comp.lefts if c.dep_ in {"aux", "neg"})
        and not any(c.dep_ in cues.SUBJECT_DEPS | {"expl"} for c in comp.children)
        # and goes on after its verb: "Says Trump’s Bigotry Doesn’t ‘Fit …’" is a broken
        # headline parse, not a clause
        and any(c.i > comp.i and not c.is_punct and c.dep_ != "neg" for c in comp.children)
    )


@parse_rule(
    "passive",
    "a statement verb in the passive with its agent as source",
    "The plan was criticized by Tadic.",
)
def _passive_rule(tok: Token) -> list[Candidate] | None:
    found = _passive(tok)
    return [found] if found is not None else None


# "charge" is read inside the passive rule (a passive with no agent); registered for its name.
parse_rule(
    "charge",
    "a passive statement verb with no agent: the charge it carries, nobody named",
    "He was accused of using the money.",
)(lambda tok: None)


def _object_reading(
    name: str, description: str, example: str, read: Callable[[Token], tuple[int, int] | None]
) -> None:
    """Register a reading of the object of a speech verb as a parse rule."""

    def rule(tok: Token) -> list[Candidate] | None:
        content = read(tok)
        if content is None:
            return None
        return [_reported(tok, cues.subject(tok), content)]

    parse_rule(name, description, example)(rule)


def _reported(tok: Token, subj: Token | None, content: tuple[int, int]) -> Candidate:
    content = _past_speaker(tok, subj, content)
    source, subj = _source(tok, subj, content)
    return Candidate(*content, "indirect", cues.cue_span(tok), source, subj)


def _past_speaker(verb: Token, subj: Token | None, content: tuple[int, int]) -> tuple[int, int]:
    """What was said in a free relative ("railed against what he calls corruption"): the
    part after the cue, not the speaker (``subj``) and cue that the "what" drags in."""
    doc = verb.doc
    span = doc.char_span(*content, alignment_mode="expand")
    if subj is None or span is None or not content[0] <= subj.idx < content[1]:
        return content
    if span[0].tag_ not in {"WP", "WDT"} or span[0].head != verb or not subj.i < verb.i:
        return content
    after = list(takewhile(lambda t: t.idx < content[1], doc[cues.cue_end(verb).i + 1 :]))
    rest = boundaries.edges(doc, after[0].i, after[-1].i, least=1) if after else None
    return rest or content


def _before_speaker(comp: Token, right: int) -> int:
    """End a quote reported before its cue at its closing mark: in "“We had more
    conventions,” Texas delegate Bill Eastland, wearing a hat, said" the parser hangs the
    speaker on the quoted clause."""
    doc = comp.doc
    first = comp.left_edge.i
    if first == 0:
        return right
    if not doc[first - 1].is_quote:
        # The clause is a later sentence of the quote ("“He's right. There's a severe
        # disconnect …,” Flynn, a top Trump surrogate, said"): it opens inside the marks.
        start = doc[first].idx
        q = quotemarks.around(doc, start)
        if q is None or q.start == start:
            return right
    for i in range(comp.i + 1, right):
        # ",” Texas delegate …": the comma of the trailing cue closes the quote.
        if doc[i].is_quote and doc[i - 1].text == "," and not doc[i + 1].is_punct:
            return i
    return right


def _clause_start(verb: Token, subj: Token | None, comp: Token) -> int:
    """Where the clause ``verb`` reports starts. A relative word the clause lost to a
    relative clause stands before the speaker (``subj``) and the cue ("the deal, which
    critics say will raise prices"): what was said starts after the cue, and the speaker
    is no part of it."""
    if comp.i > verb.i and subj is not None and comp.left_edge.i < subj.i < verb.i:
        end = cues.cue_end(verb).i
        return next((t.i for t in comp.subtree if t.i > end), comp.right_edge.i + 1)
    return boundaries.skip_adjunct(comp)


def _attitude(verb: Token) -> list[Candidate]:
    comp = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if comp is None:
        return []
    subj = cues.subject(verb)
    start = _clause_start(verb, subj, comp) if comp.left_edge.i < verb.i else comp.left_edge.i
    content = boundaries.content(verb, start, comp.right_edge.i)
    if content is None:
        return []
    source, subj = _source(verb, subj, content)
    return [Candidate(*content, "indirect", cues.cue_span(verb), source, subj, False)]


def _phrasal_object(verb: Token) -> tuple[int, int] | None:
    """ "called for an inquiry", "called on Serbia to avoid violence": what the phrasal cue
    asks for (the object of its particle, and the infinitive after it). A verb the
    lexicon pairs with other prepositions takes only those: "spoke about X" reports,
    "spoke on Tuesday", "spoke for 77 minutes" do not."""
    pairs = cues.prep_verbs().get(cues.verb_lemma(verb), ())
    prep = next(
        (
            c
            for c in verb.children
            if c.dep_ == "prep"
            and c.i == verb.i + 1
            and c.lower_ in cues.PHRASAL
            and (not pairs or c.lower_ in pairs)
        ),
        None,
    )
    # "called for an inquiry", and a gerund: "called for reducing the tax rate".
    pobj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep else None
    if pobj is None:
        return _for_clause(verb)
    right = pobj.right_edge.i
    for child in verb.rights:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if child.i > right and (child.dep_ in {"xcomp", "ccomp"} or infinitive):
            right = child.right_edge.i
    return boundaries.content(verb, pobj.left_edge.i, right)


def _for_clause(verb: Token) -> tuple[int, int] | None:
    """ "is calling for the United States to step up its efforts": the parser reads "for"
    as the mark of an infinitive clause; that clause is what the cue asks for."""
    for child in verb.rights:
        first = child.left_edge
        if (
            child.dep_ in {"advcl", "ccomp", "xcomp"}
            and first.i == verb.i + 1
            and first.lower_ == "for"
            and first.dep_ == "mark"
        ):
            return boundaries.content(verb, first.i + 1, child.right_edge.i)
    return None


def _direct_object(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ == "dobj"), None)


def _object(verb: Token) -> tuple[int, int] | None:
    """ "denounced the platform's embrace of abortion": a noun phrase as what was said, for
    the verbs whose object is a statement, and only with a speaker ("Call it …" is not);
    "sees the deal as a mistake": an object and what it is seen as, for verbs of regard."""
    lemma = cues.verb_lemma(verb)
    regard = lemma in cues.as_verbs()
    if lemma not in cues.object_verbs() and not regard:
        return None
    obj = _direct_object(verb)
    if obj is None or cues.subject(verb) is None:
        return None
    if regard and not any(c.dep_ == "prep" and c.lower_ == "as" for c in verb.rights):
        return None
    right = obj.right_edge.i
    # "blasted him for not paying", "accused the GOP of stoking": the charge is content too,
    # and so is what the object is likened or offered to ("likened RT to the BBC").
    for child in verb.rights:
        if child.i > right and child.dep_ == "prep" and child.lower_ in _OBJECT_PREPS:
            right = child.right_edge.i
            break
    if obj.pos_ == "PRON" and right == obj.right_edge.i:
        return None
    return boundaries.content(verb, obj.left_edge.i, right, least=1)


#: Prepositions that carry what an object is blamed or praised for.
_CHARGE_PREPS = frozenset({"for", "of", "as"})
#: ... and those that go on with the object of a statement verb.
_OBJECT_PREPS = _CHARGE_PREPS | {"to", "over", "about", "against"}


def _quoted_as(verb: Token) -> Candidate | None:
    """ "has been pounding Trump as a “con artist”": any verb that casts its object as
    something in quotation marks reports a characterisation, the marks say whose."""
    if verb.pos_ != "VERB":
        return None
    obj = _direct_object(verb)
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"), None)
    if obj is None or prep is None or prep.i < obj.i:
        return None
    if not any(t.is_quote for t in prep.subtree):
        return None
    content = boundaries.content(verb, obj.left_edge.i, prep.right_edge.i)
    if content is None:
        return None
    source, subj = _source(verb, cues.subject(verb), content)
    return Candidate(*content, "indirect", cues.cue_span(verb), source, subj)


def _as_cue(verb: Token) -> bool:
    """ "as Lavrov put it", "as Obama noted": a speech verb (or "put it") in an "as" clause
    with nothing reported of its own."""
    if verb.dep_ != "advcl" or not any(
        c.dep_ == "mark" and c.lower_ == "as" for c in verb.children
    ):
        return False
    if verb.lemma_.lower() == "put":
        return any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children)
    # "as she called for the ratification of …" reports what it calls for: no "as X put it".
    preps = cues.PHRASAL | cues.prep_verbs().get(cues.verb_lemma(verb), frozenset())
    # "as Obama spoke from the White House" tells when; "as she said, “…”" reports the quote.
    if cues.verb_lemma(verb) in _ACTIVITY or any(
        t.is_quote for t in verb.doc[verb.i + 1 : verb.i + 3]
    ):
        return False
    return cues.is_speech_verb(verb) and not any(
        c.dep_ in {"ccomp", "dobj", "xcomp"} or (c.dep_ == "prep" and c.lower_ in preps)
        for c in verb.children
    )


def _as_clause(verb: Token) -> Candidate | None:
    """The clause an "as X put it" cue hangs on, on the side the cue does not cover."""
    head = verb.head
    if verb.i < head.i:  # "As Lavrov put it, the West …"
        content = boundaries.content(verb, verb.right_edge.i + 1, head.right_edge.i)
    else:  # "The West …, as Lavrov put it."
        content = boundaries.content(verb, head.left_edge.i, verb.left_edge.i - 1)
    if content is None:
        return None
    source, subj = _source(verb, cues.subject(verb), content)
    cue_end = verb.nbor() if verb.lemma_.lower() == "put" else verb
    return Candidate(*content, "indirect", (verb.idx, cue_end.idx + len(cue_end)), source, subj)


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _agent(verb: Token) -> tuple[Token | None, Token | None]:
    """The "by" of a passive verb and the agent it names ("criticized by Tadic")."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    agent = next((c for c in by.children if c.dep_ == "pobj"), None) if by else None
    return by, agent


def _passive(verb: Token) -> Candidate | None:
    """ "Clinton was endorsed by the Dallas Morning News", "the plan was criticized by Tadic":
    a statement verb in the passive with its agent; the agent is the source, the passive
    subject what the statement is about."""
    if cues.verb_lemma(verb) not in cues.object_verbs():
        return None
    if not _is_passive(verb):
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    by, agent = _agent(verb)
    if agent is None:
        return _charge(verb)
    if subj is None or subj.pos_ == "PRON":
        return None
    content = boundaries.content(verb, subj.left_edge.i, subj.right_edge.i, least=1)
    if content is None:
        return None
    cue = (verb.idx, by.idx + len(by))
    return Candidate(*content, "indirect", cue, cues.phrase(agent), agent)


def _raised(verb: Token) -> list[Candidate]:
    """ "Obama's veto is expected to come before Friday": what a passive verb of saying or
    forecasting reports about its subject, as two parts (the subject, the infinitive)
    around the cue; the agent, if any, is the source."""
    if verb.tag_ != "VBN" or cues.verb_lemma(verb) not in cues.raising_verbs():
        return []
    if not _is_passive(verb):
        return []
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    inf = next(
        (
            c
            for c in verb.rights
            if c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        ),
        None,
    )
    # "It is expected to rain": an expletive subject is about nothing.
    if subj is None or inf is None or subj.lower_ in {"it", "there"}:
        return []
    _, agent = _agent(verb)
    source = cues.phrase(agent) if agent is not None else None
    parts = [
        boundaries.content(verb, subj.left_edge.i, subj.right_edge.i, least=1),
        boundaries.content(verb, inf.left_edge.i, inf.right_edge.i),
    ]
    if any(p is None for p in parts):
        return []
    cue = cues.cue_span(verb)
    return [Candidate(*p, "indirect", cue, source, agent, False) for p in parts]


def _charge(verb: Token) -> Candidate | None:
    """ "was accused of using the money", "has been blamed for the delay": with no agent,
    the charge a passive statement verb carries is the content; nobody is named."""
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in _CHARGE_PREPS), None)
    obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep else None
    if obj is None or obj.pos_ == "PRON":
        return None
    content = boundaries.content(verb, obj.left_edge.i, obj.right_edge.i, least=1)
    if content is None:
        return None
    cue = (verb.idx, prep.idx + len(prep))
    return Candidate(*content, "indirect", cue, None, None, False, rule="charge")


def _prepositional(verb: Token) -> tuple[int, int] | None:
    """ "talked about the economy", "warned against complacency": the object of the
    preposition that the lexicon pairs with the verb, with a speaker."""
    pairs = cues.prep_verbs().get(cues.verb_lemma(verb))
    if not pairs or cues.subject(verb) is None:
        return None
    prep = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in pairs), None)
    obj = next((c for c in prep.children if c.dep_ in {"pobj", "pcomp"}), None) if prep else None
    if obj is None or obj.pos_ == "PRON":
        return None
    return boundaries.content(verb, obj.left_edge.i, obj.right_edge.i, least=1)


def _naming(verb: Token) -> tuple[int, int] | None:
    """ "called him a genius": the object and what it is called."""
    obj = _direct_object(verb)
    pred = next((c for c in verb.children if c.dep_ == "oprd"), None)
    if obj is None or pred is None or pred.i < obj.i or cues.subject(verb) is None:
        return None
    return boundaries.content(verb, obj.left_edge.i, pred.right_edge.i)


def _parenthetical(verb: Token) -> list[Candidate]:
    """ "X, he said, Y": the clause around the cue, in two parts that share it."""
    doc = verb.doc
    head = verb.head
    # The cue phrase: the verb with its subject, object and adjuncts ("he told me on Friday").
    core_end = verb.i
    for child in verb.children:
        if child.i > verb.i and child.dep_ != "ccomp":
            core_end = max(core_end, child.right_edge.i)
    left = _edges(doc, head.left_edge.i, verb.left_edge.i - 1)
    right_end = max(head.right_edge.i, verb.right_edge.i)
    right = boundaries.content(verb, core_end + 1, right_end) if core_end < right_end else None
    speaker = cues.subject(verb)
    out = []
    for part in (left, right):
        if part is not None:
            source, subj = _source(verb, speaker, part)
            out.append(Candidate(*part, "indirect", cues.cue_span(verb), source, subj))
    return out


def _in_evidence(prep: Token) -> Candidate | None:
    """ "In an NBC News poll released Monday, 50 percent chose Clinton", "Trump leads Cruz by
    9 points in the RealClearPolitics average": a poll, survey or study as the source of
    the clause its "in" phrase modifies."""
    if prep.dep_ != "prep" or prep.head.pos_ not in {"VERB", "AUX"}:
        return None
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in lexicons.load("evidence_nouns"):
        return None
    # Only a phrase that opens or closes its clause: in the middle ("rose in the polls by
    # a wide margin for months") it qualifies a detail, not the whole clause.
    head = prep.head
    left, right = head.left_edge.i, head.right_edge.i
    doc = prep.doc
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if prep.i == left:
        content = boundaries.content(prep, pobj.right_edge.i + 1, head.right_edge.i)
    elif prep.right_edge.i == right:
        content = _edges(doc, left, prep.i - 1)
    else:
        return None
    if content is None:
        return None
    cue = (prep.idx, prep.idx + len(prep))
    return Candidate(*content, "indirect", cue, cues.phrase(pobj), pobj)


def _according_to(according: Token) -> list[Candidate]:
    doc = according.doc
    to = doc[according.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    head = according.head if according.head is not according else None
    phrase_end = pobj.right_edge.i if pobj is not None else to.i
    # The content is the clause that "according to X" modifies, on the side it does not cover.
    sent = according.sent
    clause = head if head is not None and head.i != according.i else sent.root
    if clause.dep_ in cues.SUBJECT_DEPS and clause.pos_ in {"NOUN", "PROPN", "PRON", "NUM"}:
        # "One of the decisions, according to X, is to …": the parser hangs the phrase on
        # the subject it follows; it sources the clause of that subject.
        clause = clause.head
    left, right = clause.left_edge.i, clause.right_edge.i
    # At the end of the sentence after a comma, "…, according to X." sources all of it,
    # not only the last clause the parser hung it on ("Trump got 37 percent, Clinton 36
    # percent and Bloomberg 13 percent, according to the poll").
    comma_before = according.i > sent.start and doc[according.i - 1].text == ","
    comma_after = phrase_end + 1 < len(doc) and doc[phrase_end + 1].text == ","
    rest = doc[phrase_end + 1 : sent.end]
    gloss = _gloss_before(according)
    if gloss is not None:
        # "…, which stood at 263 on Tuesday, according to the AP.": the figure the
        # reporter adds in a relative clause is what the source vouches for.
        left = gloss
    elif comma_before and all(t.is_punct or t.is_space for t in rest):
        left = min(left, sent.start)
    before = _edges(doc, left, according.i - 1) if according.i > left else None
    after = boundaries.content(according, phrase_end + 1, right) if phrase_end < right else None
    options = [s for s in (before, after) if s is not None]
    if not options:
        return []
    # "According to X, …" reports what follows; "…, according to X." what precedes; "…,
    # according to X, …" both, as two parts that share the cue (as "X, he said, Y").
    if before is not None and after is not None and comma_before and comma_after:
        first = phrase_end + 2  # after the comma, and after "and" or "but"
        while first < right and doc[first].dep_ == "cc":
            first += 1
        parts = [before, boundaries.content(according, first, right) or after]
    elif after is not None and comma_after:
        parts = [after]
    elif before is not None and comma_before:
        parts = [before]
    else:
        parts = [max(options, key=lambda s: s[1] - s[0])]
    cue = (according.idx, to.idx + len(to))
    source = cues.phrase(pobj) if pobj is not None else None
    return [Candidate(*part, "indirect", cue, source, pobj) for part in parts]


def _gloss_before(according: Token) -> int | None:
    """Where a non-restrictive relative clause starts (", which …") that ends at the comma
    just before "according to" at the end of its sentence."""
    doc = according.doc
    comma = according.i - 1
    if comma < 1 or doc[comma].text != ",":
        return None
    to = doc[according.i + 1]
    end = max((t.right_edge.i for t in to.children if t.dep_ == "pobj"), default=to.i)
    if not all(t.is_punct or t.is_space for t in doc[end + 1 : according.sent.end]):
        return None
    last = doc[comma - 1]
    for clause in (last, *last.ancestors):
        first = clause.left_edge
        # The clause runs to the comma; after it only the "according to" phrase (which the
        # parser may hang on the clause) and the closing mark.
        outside = [t for t in clause.subtree if t.i > comma and not (t.i <= end or t.is_punct)]
        if (
            clause.dep_ in {"relcl", "advcl"}  # "- which it often is" reads as advcl
            and not outside
            and first.lower_ in {"which", "who"}
            and first.i > 0
            and doc[first.i - 1].text in {",", "-", "--", "—", "–"}
        ):
            return first.i
    return None


_object_reading(
    "naming",
    "a verb of naming with its object and what it is called",
    "She called the charges unsubstantiated.",
    _naming,
)
_object_reading(
    "object",
    "a noun phrase as what was said, for verbs whose object is a statement (with a speaker)",
    "He denounced the platform's embrace of abortion.",
    _object,
)
_object_reading(
    "phrasal_object",
    "what a phrasal cue asks for: the object of its particle and an infinitive after it",
    "The union called for an inquiry into the crash.",
    _phrasal_object,
)
_object_reading(
    "prepositional",
    "the object of the preposition the lexicon pairs with the verb, with a speaker",
    "The governor warned against complacency.",
    _prepositional,
)
