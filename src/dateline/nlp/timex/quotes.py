"""Which time expression dates a quote's speech act.

"Lavrov said last week", "Serbia said on Monday", "on Tuesday, Ban told
reporters": the time that modifies the cue verb, or sits in the clause that
introduces the quote, outside the quoted content. The time must not lie inside
the quote's content ("said he would leave on Friday" dates the leaving, not the
saying). None when nothing is attached: the article date is the fallback at
query time.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from dateline.nlp.timex import context
from dateline.types import Quote, Timex

#: Types that can date a speech act; durations and sets cannot.
_DATING = ("DATE", "TIME")
_MAX_HOPS = 3


def _tokens(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _cue_token(doc: Doc, quote: Quote) -> Token | None:
    if quote.cue is None:
        return None
    tokens = _tokens(doc, quote.cue.start, quote.cue.end)
    verbs = [t for t in tokens if t.pos_ in ("VERB", "AUX")]
    return (verbs or tokens or [None])[0]


def _attached_to(token: Token, cue: Token) -> bool:
    """Whether ``token`` (in a time expression) hangs off the cue verb within a few hops,
    with no other verb between (spaCy makes a new Token per access: compare indices). "said
    on Monday the talks would resume" hangs "Monday" on "resume"; it dates the saying
    (:func:`context.reattached`)."""
    start = token
    for _ in range(_MAX_HOPS):
        if token.i == cue.i:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.i != cue.i:
            return context.reattached(start, token).i == cue.i
    return token.i == cue.i


def _sentence_starts(doc: Doc) -> list[int] | None:
    """The first token of each token's sentence, built in one pass; None with no sentences."""
    if not (doc.has_annotation("DEP") or doc.has_annotation("SENT_START")):
        return None
    starts = [0] * len(doc)
    for sent in doc.sents:
        starts[sent.start : sent.end] = [sent.start] * (sent.end - sent.start)
    return starts


class _Index:
    """The dating time expressions of a Doc by sentence, each with its tokens, worked out
    once: a quote looks only at its cue's sentence, so linking is linear in the article
    (a parse never attaches across sentences)."""

    def __init__(self, doc: Doc, times: list[Timex]) -> None:
        self.sent_of = _sentence_starts(doc)
        self.by_sent: dict[int, list[tuple[Timex, list[Token]]]] = {}
        if self.sent_of is None:
            return
        for t in times:
            if t.type not in _DATING or t.value in ("PAST_REF", "FUTURE_REF"):
                continue
            tokens = _tokens(doc, t.start, t.end)
            if tokens:
                self.by_sent.setdefault(self.sent_of[tokens[0].i], []).append((t, tokens))


def quote_time(
    doc: Doc, quote: Quote, times: list[Timex], index: _Index | None = None
) -> str | None:
    """The id of the time expression dating ``quote``'s speech act, or None."""
    cue = _cue_token(doc, quote)
    if cue is None:
        return None
    index = index or _Index(doc, times)
    if index.sent_of is None:
        return None
    candidates = [
        (t, tokens)
        for t, tokens in index.by_sent.get(index.sent_of[cue.i], [])
        if not (quote.start <= t.start and t.end <= quote.end)
    ]
    has_parse = doc.has_annotation("DEP")
    for t, tokens in sorted(candidates, key=lambda c: abs(c[0].start - quote.cue.start)):
        if not has_parse or any(_attached_to(tok, cue) for tok in tokens):
            return t.id
    return None


def link_quote_times(doc: Doc) -> None:
    """Set ``time`` on each quote in ``doc._.quotes`` from ``doc._.times``; safe with none."""
    quotes = doc._.quotes or []
    if not quotes:
        return
    index = _Index(doc, doc._.times or [])
    for quote in quotes:
        try:
            quote.time = quote_time(doc, quote, [], index)
        except (ValueError, IndexError):  # a span off the token grid: leave it undated
            quote.time = None
