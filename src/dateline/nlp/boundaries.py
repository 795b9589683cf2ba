"""Where a reported content starts and ends.

The parser's subtree of a reported clause or object is a first guess. PolNeAR's
guidelines (Newell et al. 2018) keep in the content what the source said and leave out
what the reporter adds around it, so the guess is corrected:

* a time or place adjunct of the cue that the parser hung on the clause stays out:
  "said on Monday it would ask" -> "it would ask";
* a second speech act the parser hung inside the clause ends it: "said that she … and
  predicted that …"; a parallel "that" clause does not: "said X and that Y" is one content;
* a trailing modifier set off by a comma or a dash is the reporter's gloss, not the
  source's words: ", which forced her to leave …", ", who says he is honored",
  ", arguing that …", ", although he again refused …", ", the presumed Putin favorite".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.nlp import cues

#: Fewest tokens a reported clause needs ("it failed"); shorter complements are mostly
#: parser noise ("said so").
MIN_CONTENT_TOKENS = 2

#: Marks that set off a trailing gloss.
_SETTERS = frozenset({",", "--", "—", "–", "―"})
#: Relative words that open a non-restrictive relative clause after a comma.
_RELATIVES = frozenset({"which", "who", "whom", "whose"})
#: Subordinators of a trailing adverbial clause that glosses the report.
_GLOSS_MARKS = frozenset({"although", "though", "when", "while", "whereas"})
#: Dependencies of a trailing gloss's head.
_GLOSS_DEPS = frozenset({"relcl", "advcl", "acl", "appos", "npadvmod", "conj"})


def edges(
    doc: Doc, left: int, right: int, least: int = MIN_CONTENT_TOKENS
) -> tuple[int, int] | None:
    """Character span of tokens left..right (inclusive) without edge punctuation, if it
    holds at least ``least`` tokens."""
    while left <= right and (doc[left].is_punct or doc[left].is_space):
        left += 1
    while right >= left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    if right - left + 1 < least:
        return None
    return doc[left].idx, doc[right].idx + len(doc[right])


def content(
    anchor: Token, left: int, right: int, least: int = MIN_CONTENT_TOKENS
) -> tuple[int, int] | None:
    """The character span of a reported content over tokens left..right: kept within the
    paragraph of ``anchor`` (the cue), a trailing gloss cut off, edge punctuation trimmed."""
    left, right = cues.paragraph_clip(anchor, left, right)
    return edges(anchor.doc, left, cut_trailing(anchor.doc, left, right), least)


def cut_trailing(doc: Doc, left: int, right: int) -> int:
    """The last token of left..right before a trailing gloss, or ``right`` if there is none.

    A gloss opens after a comma or a dash and runs to the end of the span: a
    non-restrictive relative clause, a participle or "although" clause, an appositive.
    Only a gloss that ends the span is cut, so a modifier in the middle stays.
    """
    end = right
    while end > left and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    for k in range(left + 1, end):
        if doc[k].text == ";" and _independent(doc, k + 1, end):
            return k - 1
        if doc[k].text not in _SETTERS:
            continue
        head = _gloss_head(doc[k + 1], dash=doc[k].text != ",")
        if head is not None and head.right_edge.i >= end and head.left_edge.i > k:
            return k - 1
    return right


def _independent(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens start..end hold a clause with a subject of its own."""
    return any(
        t.dep_ in {"nsubj", "nsubjpass", "expl"} and start <= t.head.i <= end
        for t in doc[start : end + 1]
    )


def _gloss_head(first: Token, dash: bool = False) -> Token | None:
    """The head of the gloss that ``first`` (the token after the comma or dash) opens.

    After a dash any participle or appositive is an aside of the reporter ("— assuming
    a two-way race", "— a modest boost for Obama"); after a comma only those that frame
    the speech act or follow a name are, since a comma also joins a list or a clause.
    """
    tok = first
    while tok.pos_ == "ADV" and tok.i + 1 < len(tok.doc):  # ", implicitly citing …"
        tok = tok.nbor()
    if tok.lower_ in _RELATIVES:
        # ", which forced her to leave …" on the noun just before; ", which he said were at
        # his side …": the relative word sits in a clause the relative clause reports.
        clause = tok.head
        if clause.dep_ == "ccomp" and clause.head.dep_ == "relcl":
            clause = clause.head
        if clause.dep_ == "relcl" and _glosses(clause, first.i):
            return clause
    if tok.tag_ == "VBG" and tok.dep_ in _GLOSS_DEPS | {"xcomp"} and (dash or _frames_speech(tok)):
        return tok  # ", citing the strategic importance …": the reporter frames the report
    if tok.lower_ in _GLOSS_MARKS and tok.dep_ == "mark" and tok.head.dep_ == "advcl":
        return tok.head
    if (
        first.dep_ == "det"
        and first.head.dep_ == "appos"
        and (dash or first.head.head.pos_ == "PROPN")
    ):
        return first.head  # ", the presumed Putin favorite" after a name; a list is not
    return None


def _glosses(relcl: Token, comma: int) -> bool:
    """Whether a relative clause hangs on the noun phrase that ends just before ``comma``
    (not on a noun far back, as in a series of "who …, who …" clauses)."""
    noun = relcl.head
    between = range(noun.i + 1, comma - 1)
    subtree = {t.i for t in noun.subtree}
    return all(i in subtree and noun.doc[i].dep_ != "relcl" for i in between)


def _frames_speech(participle: Token) -> bool:
    """Whether a participle describes the speech act ("citing", "arguing", "adding"),
    rather than going on with what was said ("allowing people to see …")."""
    return (
        cues.is_speech_verb(participle)
        or cues.is_reading_verb(participle)
        or cues.is_attitude_verb(participle)
    )


#: Prepositions of a time or place adjunct that dates or places the speech act; "despite
#: …", "unlike …" belong to what was said.
_ADJUNCT_PREPS = frozenset(
    {"on", "in", "at", "during", "after", "before", "since", "over", "from", "throughout"}
)


def skip_adjunct(comp: Token) -> int:
    """Where the reported clause starts, after a time or place adjunct that the parser hung
    on it but that dates the speech act: "said on Monday it would ask" -> "it would ask"."""
    left = comp.left_edge.i
    subj = next((c for c in comp.children if c.dep_ in cues.SUBJECT_DEPS), None)
    if subj is None:
        return left
    for child in comp.lefts:
        if child.i >= subj.left_edge.i:
            break
        if child.left_edge.i == left and (
            child.dep_ == "npadvmod" or (child.dep_ == "prep" and child.lower_ in _ADJUNCT_PREPS)
        ):
            left = child.right_edge.i + 1
            while left < subj.left_edge.i and comp.doc[left].is_punct:
                left += 1
    return left


def cut_second_report(comp: Token, right: int) -> int:
    """End a reported clause before a second speech act the parser hung inside it:
    "said that she … and predicted that …", "said they …, and 4 in 10 said …".

    A conjunct with its own "that" is a second part of the same report ("said the
    videos were inconclusive and that the footage did not show …"), not a new one.
    """
    for tok in comp.subtree:
        if tok.dep_ != "conj" or tok.i <= comp.i:
            continue
        if any(c.dep_ == "mark" and c.lower_ in {"that", "whether"} for c in tok.children):
            continue
        # The conjunct is a speech verb, or a clause whose subject carries one. A speech
        # verb with a subject of its own and nothing reported ("but a judge refused to let
        # them") goes on with what was said.
        subj = next((c for c in tok.children if c.dep_ in cues.SUBJECT_DEPS), None)
        inner = list(subj.subtree) if subj is not None else []
        reports = subj is None or any(c.dep_ == "ccomp" for c in tok.children)
        if (cues.is_speech_verb(tok) and reports) or any(cues.is_speech_verb(t) for t in inner):
            cut = tok.left_edge.i - 1
            while cut > comp.i and (comp.doc[cut].dep_ == "cc" or comp.doc[cut].is_punct):
                cut -= 1
            return min(right, cut)
    return right
