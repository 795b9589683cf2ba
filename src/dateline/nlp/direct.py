"""Direct and mixed quotes: quoted spans tied to their cue, source, or the quote before them.

The layouts follow the JournalismAI/Guardian quote annotation guide: the cue
before the quote with or without a colon ("He said: “…”", "noted “…”",
", saying “…”"), after it ("“…,” he added", "“…!” another screamed"), a quote
split by its cue, and a quote that continues the previous speaker with no cue
of its own. A quoted fragment inside a reported clause makes a mixed quote;
a quoted word or title with no cue (scare quotes, film titles) is not a quote.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from dateline.nlp import cues
from dateline.nlp.candidate import Candidate
from dateline.nlp.doctext import doc_text
from dateline.nlp.quotemarks import Quoted
from dateline.nlp.rules import register

#: How far (tokens) a cue may sit after a closing mark: "”, Russia's foreign minister said".
AFTER_WINDOW = 7
#: How far (tokens) a cue may sit before an opening mark without a colon.
BEFORE_WINDOW = 10
#: Characters a continuation may sit after the end of the quote it continues.
CONTINUATION_GAP = 400
_SENT_END = frozenset(".!?")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’»]*\s")
_DASHES = frozenset({"―", "—", "–", "-", "--"})
#: Longest name after a dash that attributes a quote ("― Julie A. Diaz Martinez").
MAX_BYLINE = 6
_INTRO = frozenset({":", ",", "-", "—", "–"})
#: Words a reported clause may add to a quote and still be a direct quote ("said that “…”").
_GLUE = frozenset({"that", "as", "saying", "and"})


class TokenIndex:
    """Character offset -> token, by binary search over token starts."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts = [t.idx for t in doc]
        self.text = doc_text(doc)

    def at(self, char: int) -> Token:
        return self.doc[max(0, bisect_right(self.starts, char) - 1)]


def is_statement(doc: Doc, index: TokenIndex, q: Quoted) -> bool:
    """A quoted span that says something: it has a verb, or ends in punctuation inside the
    marks ("And this!"). A bare name or phrase ("the newest state", a title) does not."""
    text = index.text[q.start : q.end].rstrip()
    if text[-1:] in {".", "!", "?", ",", "…"} and len(text.split()) >= 2:
        return True
    first, last = index.at(q.start), index.at(max(q.start, q.end - 1))
    return any(t.pos_ in {"VERB", "AUX"} for t in doc[first.i : last.i + 1])


#: Words that may stay lower case inside a title ("Fox and Friends", "Meet the Press").
_TITLE_GLUE = frozenset(
    {"a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}
)
#: Words before a quoted span that make it a noun phrase of the sentence: "on Fox News's
#: “Fox and Friends”", "in “The Art of the Deal”".
_TITLE_BEFORE = frozenset(
    {"on", "in", "of", "from", "at", "to", "for", "by", "the", "his", "her", "their", "its"}
)


def is_title(text: str, q: Quoted) -> bool:
    """A quoted title, not a statement: title-case words ("Fox and Friends.") set where a
    noun phrase goes, after a possessive or a preposition."""
    words = text[q.start : q.end].strip(" .,!?").split()
    if not 1 < len(words) <= 8 or not words[0][:1].isupper():
        return False
    if any(not (w[:1].isupper() or w.lower() in _TITLE_GLUE) for w in words if w[:1].isalpha()):
        return False
    before = text[max(0, q.start - 30) : q.start].rstrip(" \"“„«`'").split()
    last = before[-1].lower() if before else ""
    return last in _TITLE_BEFORE or last.endswith(("’s", "'s", "s’", "s'"))


def cue_after(doc: Doc, index: TokenIndex, q: Quoted) -> Token | None:
    """ "“…,” he said" / "“…,” said Lavrov" / "“…!” Another annotator screamed." """
    close = index.at(q.end)
    j = close.i + 1
    while j < len(doc) and doc[j].is_punct and doc[j].text not in _SENT_END:
        j += 1
    if j >= len(doc):
        return None
    text = index.text[q.start : q.end].rstrip()
    new_sentence = text[-1:] in {".", "!", "?"} or doc[j].text in _SENT_END
    # Without sentence boundaries (no parser), read on to the end of the paragraph.
    end = doc[j].sent.end if doc.has_annotation("SENT_START") else len(doc)
    seen = 0
    depth = 0  # inside parentheses: "Sen. Claire McCaskill (D-Mo.) said"
    for k in range(j, end):
        tok = doc[k]
        if tok.is_quote or "\n" in tok.text:
            return None
        depth += tok.text == "("
        depth -= tok.text == ")" and depth > 0
        if depth or tok.ent_iob_ == "I":
            continue
        seen += 1
        if seen > AFTER_WINDOW:
            return None if new_sentence else _subject_cue(doc[j])
        if cues.is_speech_verb(tok) or _tagged_as_noun(tok):
            if new_sentence and _has_content_of_its_own(tok):
                return None  # "“…!” He said the plan failed." starts a new report
            return tok
        if cues.is_relay(tok):
            return tok  # "“…,” the paper quoted Sumita as saying.": Sumita speaks
        if tok.pos_ == "VERB" and not tok.ent_type_:  # "Tulsa" tagged as a verb is a name
            return None
    return None


def _subject_cue(first: Token) -> Token | None:
    """ "“…,” Trump, the frontrunner in the polls after winning New Hampshire, said": the
    speech verb whose subject opens the text after the quote, however long its apposition."""
    if (
        first.dep_ in cues.SUBJECT_DEPS
        and first.head.i > first.i
        and cues.is_speech_verb(first.head)
    ):
        return first.head
    return None


def dash_byline(doc: Doc, index: TokenIndex, q: Quoted) -> Candidate | None:
    """ "“…” ― Sonya Herridge": a dash and a name closing the paragraph after the quote."""
    close = index.at(q.end)
    j = close.i + 1
    if len(close.text) > 1 and close.text[-1] in _DASHES:
        # The tokenizer glues a dash to the closing mark ("”―"): the dash is its last char.
        cue = (close.idx + len(close.text) - 1, close.idx + len(close.text))
        k = j
    else:
        while j < len(doc) and doc[j].is_space and "\n" not in doc[j].text:
            j += 1
        if j >= len(doc) or doc[j].text not in _DASHES:
            return None
        cue = (doc[j].idx, doc[j].idx + len(doc[j]))
        k = j + 1
    name: list[Token] = []
    while k < len(doc) and "\n" not in doc[k].text and len(name) <= MAX_BYLINE:
        if not doc[k].is_space:
            name.append(doc[k])
        k += 1
    while name and name[-1].is_punct:
        name.pop()
    if (
        not name
        or len(name) > MAX_BYLINE
        # Names, and initials the tagger may take for nouns ("Julie A. Diaz").
        or not all(t.pos_ == "PROPN" or t.text == "." or _initial(t.text) for t in name)
    ):
        return None
    root = name[0].doc[name[0].i : name[-1].i + 1].root
    return Candidate(
        q.start, q.end, "direct", cue, (name[0].idx, name[-1].idx + len(name[-1])), root
    )


def _initial(word: str) -> bool:
    return len(word) == 2 and word[0].isupper() and word[1] == "."


def _tagged_as_noun(tok: Token) -> bool:
    """ "“…,” he notes.": the small model reads some present-tense cues as plural nouns;
    after a pronoun or a name, a listed cue word is the verb."""
    return (
        tok.tag_ in {"NNS", "NN"}
        and tok.lower_ in cues.speech_verbs()
        and tok.i > 0
        and tok.nbor(-1).pos_ in {"PRON", "PROPN"}
    )


def _has_content_of_its_own(verb: Token) -> bool:
    return any(c.dep_ in {"ccomp", "xcomp", "dobj"} and c.i > verb.i for c in verb.children)


def cue_before(doc: Doc, index: TokenIndex, q: Quoted) -> Token | None:
    """ "He said: “…”", "The annotator noted “…”", "rejected it, saying “…”"."""
    open_tok = index.at(q.start - 1)
    i = open_tok.i - 1
    colon = False
    while i >= 0 and doc[i].text in _INTRO:
        colon = colon or doc[i].text == ":"
        i -= 1
    window = len(doc) if colon else BEFORE_WINDOW
    stop = max(-1, i - window)
    k = i
    while k > stop:
        tok = doc[k]
        if tok.text in _SENT_END or tok.is_quote:
            return None
        if cues.is_speech_verb(tok):
            return tok
        k -= 1
    return _governing_cue(doc, index, q)


def _colon_intro(doc: Doc, index: TokenIndex, q: Quoted) -> Candidate | None:
    """ "The campaign is rolling out a new message: “It's about me.”": a clause ending in a
    colon introduces the quote though it has no speech verb; its subject is the source
    and its verb the cue. Only with a subject that names someone, not a pronoun."""
    open_tok = index.at(q.start - 1)
    i = open_tok.i - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].text != ":" or not doc.has_annotation("DEP"):
        return None
    inverted = _inverted_intro(doc, i, q)
    if inverted is not None:
        return inverted
    verb = doc[i].sent.root if doc[i].sent.root.i < i else None
    if verb is None or verb.pos_ not in {"VERB", "AUX"}:
        return None
    subj = cues.subject(verb)
    if subj is None or subj.pos_ == "PRON" or subj.i > verb.i:
        return None
    return Candidate(q.start, q.end, "direct", cues.cue_span(verb), cues.phrase(subj), subj)


def _inverted_intro(doc: Doc, colon: int, q: Quoted) -> Candidate | None:
    """ "Stated Stone:" over a quoted paragraph: a line that opens on a cue set before a
    name of one to three capitalised words and ends on the colon; the name is the source."""
    k = colon - 1
    while k >= max(0, colon - 4) and doc[k].is_title:
        k -= 1
    cue = k + 1
    if cue >= colon - 1 or (cue > 0 and not doc[cue - 1].is_space):
        return None
    if not cues.inverted_cue(doc[cue]):
        return None
    name = doc[cue + 1 : colon]
    source = (name.start_char, name.end_char)
    return Candidate(q.start, q.end, "direct", cues.cue_span(doc[cue]), source, name.root)


def _governing_cue(doc: Doc, index: TokenIndex, q: Quoted) -> Token | None:
    """A speech verb further back that the parse makes the quote depend on: "said on Twitter
    on Monday, in reference to her child, “…”"."""
    first = index.at(q.start)
    tok = first
    for _ in range(6):
        if tok.head is tok:
            return None
        tok = tok.head
        if tok.i < first.i and cues.is_speech_verb(tok):
            between = index.text[tok.idx : q.start]
            return None if "\n" in between or _closes_quote(between) else tok
    return None


def _closes_quote(text: str) -> bool:
    return any(mark in text for mark in ("”", "»", '"', "''"))


register(
    "quote_in_clause",
    "marks",
    "a quoted span that is the whole of a reported clause: direct, with the clause's cue",
    "He said “the talks will fail.”",
)
register(
    "mixed",
    "marks",
    "quoted fragments inside a reported clause: the clause as one mixed quote",
    "She said the plan was “dead on arrival” in the Senate.",
)
register(
    "dash_byline",
    "marks",
    "a quote followed by a dash and a name",
    "“We will win.” — Julie A. Diaz",
)
register(
    "quote_with_cue",
    "marks",
    "a quoted statement with a speech verb before or after it",
    "“We will continue. Nothing will stop us,” Lavrov said.",
)
register(
    "colon_intro",
    "marks",
    "a quote introduced by a clause and a colon that names its speaker",
    "The minister had a warning for Serbia: “Do not do it.”",
)
register(
    "continuation",
    "marks",
    "a cue-less quote that goes on from the speaker's quote before it",
    "“We will win,” she said. “We always have.”",
)


def attach(
    doc: Doc, quoted: list[Quoted], clauses: list[Candidate]
) -> tuple[list[Candidate], list[Candidate]]:
    """Direct/mixed quotes for ``quoted`` spans, and the reported clauses left as indirect."""
    index = TokenIndex(doc)
    by_end = sorted(clauses, key=lambda c: c.end)
    ends = [c.end for c in by_end]
    position = {id(c): n for n, c in enumerate(clauses)}
    hosts = _ByStart(clauses)
    found: list[Candidate] = []
    used_clauses: set[int] = set()
    mixed_of: dict[int, Candidate] = {}  # clause index -> its mixed quote
    for q in quoted:
        # Inside a reported clause: the same content (a direct quote) or a fragment (mixed).
        host = _host_clause(index.text, q, hosts.around(q.start, q.end))
        if host is not None:
            n, clause = host
            used_clauses.add(n)
            if _only_glue(index.text, q, clause):
                found.append(_reported_by(q, clause))
            else:
                # A mixed quote that opens or ends inside the marks takes the marks along.
                text = index.text
                start, end = clause.start, clause.end
                if start == q.start:
                    start -= 2 if text[q.start - 2 : q.start] in {"''", "``"} else 1
                if q.start <= end <= q.end:
                    end = q.end + (2 if text[q.end : q.end + 2] == "''" else 1)
                mixed = Candidate(
                    start, end, "mixed", clause.cue, clause.source, clause.source_tok, rule="mixed"
                )
                # Several fragments in one clause make one mixed quote, as long as the last.
                same = mixed_of.get(n)
                if same is not None:
                    same.start, same.end = min(same.start, start), max(same.end, end)
                else:
                    mixed_of[n] = mixed
                    found.append(mixed)
            continue
        if not is_statement(doc, index, q) or is_title(index.text, q):
            continue
        text = index.text[q.start : q.end].rstrip()
        byline = dash_byline(doc, index, q)
        if byline is not None:
            byline.rule = "dash_byline"
            found.append(byline)
            continue
        # A quote that ends in a comma or a question usually has its cue after it.
        if text[-1:] in {",", "?", "!", "…"} or (text[-1:] == "." and not q.multi_paragraph):
            verb = cue_after(doc, index, q) or cue_before(doc, index, q)
        else:
            verb = cue_before(doc, index, q) or cue_after(doc, index, q)
        if verb is not None:
            subj = cues.subject(verb)
            if subj is None and _tagged_as_noun(verb):
                subj = verb.nbor(-1)
            if subj is None and verb.idx > q.end:
                subj = cues.inverted_subject(verb)
            source = cues.phrase(subj) if subj is not None else None
            cue = cues.cue_span(verb)
            found.append(
                Candidate(q.start, q.end, "direct", cue, source, subj, rule="quote_with_cue")
            )
            continue
        closing = _closing_clause(index.text, q, by_end, ends, position)
        if closing is not None:
            n, clause = closing
            used_clauses.add(n)
            found.append(_reported_by(q, clause))
            continue
        colon = _colon_intro(doc, index, q)
        if colon is not None:
            colon.rule = "colon_intro"
            found.append(colon)
            continue
        # A clause reported inside an earlier quote ("“…, he said, ‘…’,” Mitchell
        # recalled") is not what the next quote continues.
        outside = _nearest_outside(by_end, ends, q.start, found)
        before = _continues(index.text, q, found + outside)
        if before is not None:
            found.append(
                Candidate(
                    q.start,
                    q.end,
                    "direct",
                    before.cue,
                    before.source,
                    before.source_tok,
                    rule="continuation",
                )
            )
    rest = [c for n, c in enumerate(clauses) if n not in used_clauses]
    near = _ByStart(found)
    # A clause reported inside a direct quote is part of that quote, not a quote of its own.
    rest = [
        c
        for c in rest
        if c.cue is None
        or not any(_inside(c.cue, d) for _, d in near.around(*c.cue) if d.kind == "direct")
    ]
    # A clause that is mostly one of the quotes already found adds nothing.
    rest = [
        c
        for c in rest
        if not any(_overlap(c, d) > (c.end - c.start) / 2 for _, d in near.around(c.start, c.end))
    ]
    return found, rest


class _ByStart:
    """Spans (quotes or clauses) by start: those that may touch [start, end] are the few
    whose start lies within the longest span's length before ``end`` (a long article's
    spans are each tested against those, not against all of them)."""

    def __init__(self, spans: list[Candidate]) -> None:
        self.spans = spans
        self.order = sorted(range(len(spans)), key=lambda n: spans[n].start)
        self.starts = [spans[n].start for n in self.order]
        self.longest = max((c.end - c.start for c in spans), default=0)

    def around(self, start: int, end: int) -> list[tuple[int, Candidate]]:
        """(index, span) of a superset of the spans that touch [start, end], in the
        order given (of clauses as short, ``_host_clause`` keeps the first); the
        callers' tests decide."""
        lo = bisect_left(self.starts, start - self.longest - 1)
        hi = bisect_right(self.starts, end)
        return [
            (n, self.spans[n]) for n in sorted(self.order[lo:hi]) if self.spans[n].end >= start - 1
        ]


def _overlap(a: Candidate, b: Candidate) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def _nearest_outside(
    by_end: list[Candidate], ends: list[int], start: int, found: list[Candidate]
) -> list[Candidate]:
    """The reported clause ending last before ``start`` that a quote may continue (it has
    a cue, it is speech) and that lies inside no quote found: the only clause
    ``_continues`` can pick (clauses are indirect, so ``_owner`` never reads them).
    Walking back from ``start`` keeps this linear instead of testing every clause
    against every quote for each quoted span."""
    best: Candidate | None = None
    for k in range(bisect_right(ends, start) - 1, -1, -1):
        c = by_end[k]
        if best is not None and c.end < best.end:
            break
        if c.cue is None or not c.continuable or any(_inside(c.cue, d) for d in found):
            continue
        best = c  # of clauses ending together, the first in text order, as max() takes
    return [best] if best is not None else []


def _inside(span: tuple[int, int] | None, quote: Candidate) -> bool:
    return span is not None and quote.start <= span[0] and span[1] <= quote.end


def _host_clause(
    text: str, q: Quoted, clauses: list[tuple[int, Candidate]]
) -> tuple[int, Candidate] | None:
    """The shortest reported clause that holds the quoted span (and not its own cue);
    ``clauses`` are (index, clause) pairs in order."""
    best = None
    for n, c in clauses:
        hosts = c.start <= q.start and q.end <= c.end + 1
        # A quoted fragment that opens inside the clause and runs on past the sentence end
        # the parser gave it ("said that “ethanol people” “do a fantastic job. And …”").
        runs_on = c.start < q.start < c.end < q.end and "\n" not in text[c.end : q.end]
        # A clause that is the first sentence of a longer quote ("According to Limbaugh,
        # “[I]f it was left up to Hillary, … . Because …”"): the quote is what it reports.
        opens = (
            q.start <= c.start < c.end < q.end
            and not text[q.start : c.start].strip("[(‘'")
            and any(ch.isalnum() for ch in text[c.end : q.end])
        )
        if not (hosts or runs_on or opens) or (c.cue is not None and _inside(c.cue, _as(q))):
            continue
        if best is None or c.end - c.start < best[1].end - best[1].start:
            best = (n, c)
    return best


def _reported_by(q: Quoted, clause: Candidate) -> Candidate:
    """The quoted span as a direct quote with the cue and source of the clause that
    reports it."""
    return Candidate(
        q.start,
        q.end,
        "direct",
        clause.cue,
        clause.source,
        clause.source_tok,
        rule="quote_in_clause",
    )


def _closing_clause(
    text: str,
    q: Quoted,
    by_end: list[Candidate],
    ends: list[int],
    position: dict[int, int],
) -> tuple[int, Candidate] | None:
    """A reported clause that is the last sentence of a longer quote, with its cue after
    the marks too far for ``cue_after`` ("“He's right. There's a disconnect …,” Flynn, a
    top Trump surrogate, said"): the whole quote is what it reports. Only the clauses
    ending at the closing mark are read (a bisection of ``ends``, not a scan); of
    several, the first in text order (its index in ``position``)."""
    near = by_end[bisect_left(ends, q.end - 1) : bisect_right(ends, q.end + 1)]
    fits = [
        (position[id(c)], c)
        for c in near
        if q.start < c.start < c.end
        and c.cue is not None
        and c.cue[0] >= q.end
        and _SENTENCE_BREAK.search(text[q.start : c.start + 1]) is not None
    ]
    return min(fits, key=lambda nc: nc[0], default=None)


def _as(q: Quoted) -> Candidate:
    return Candidate(q.start, q.end, "direct")


def _only_glue(text: str, q: Quoted, clause: Candidate) -> bool:
    """Whether the clause adds nothing to the quote but marks, punctuation and "that".

    A clause that opens with a complete quoted sentence ("“It's time,” and shared a
    link") only runs on by a misparsed conjunct: the quote is the content.
    """
    if clause.start >= q.start - 1 and text[q.start : q.end].rstrip()[-1:] in {",", ".", "!", "?"}:
        return True
    outside = text[clause.start : q.start] + " " + text[q.end : clause.end]
    words = [w.strip('"“”«»,.:;!?—–-').lower() for w in outside.split()]
    return all(w in _GLUE or not w for w in words)


def _paragraphs_between(gap: str) -> int:
    return sum(1 for part in gap.split("\n") if part.strip(" \t\u00a0\"'“”«»"))


def _continues(text: str, q: Quoted, found: list[Candidate]) -> Candidate | None:
    """The quote a cue-less quoted statement continues, when it opens a sentence right after it."""
    earlier = [c for c in found if c.end <= q.start and c.cue is not None and c.continuable]
    if not earlier:
        return None
    before = _owner(text, max(earlier, key=lambda c: c.end), earlier)
    gap = text[before.end : q.start - 1]
    if q.start - before.end > CONTINUATION_GAP or before.end > q.start:
        return None
    if gap.strip(" \t\u00a0\"'“”«»,.").count("\n") > 0 and _paragraphs_between(gap) > 1:
        return None  # a paragraph of other text stands between them
    head = text[max(0, q.start - 80) : q.start - 1].rstrip()
    opens_sentence = not head or head[-1] in _SENT_END or head[-1] in "”\"»'" or "\n" in gap
    return before if opens_sentence else None


def _owner(text: str, last: Candidate, earlier: list[Candidate]) -> Candidate:
    """The quote a continuation follows: a clause hung on the previous quote's own cue
    sentence ("“…,” said Caddell, speaking of X. “…”", "said Morgan, who has been
    challenging X. “…”") is an aside; the quote before it still has the floor."""
    if last.kind == "direct":
        return last
    direct = [c for c in earlier if c.kind == "direct" and c.end <= last.start and c.cue]
    if not direct:
        return last
    quote = max(direct, key=lambda c: c.end)
    between = text[quote.cue[1] : last.start]
    if quote.cue[0] >= quote.end and not _SENTENCE_BREAK.search(between) and "\n" not in between:
        return quote
    return last
