"""The ``dateline_quotes`` component: direct, mixed and indirect quotes with their speakers.

Three cheap passes over the text and the parse: quoted spans from the marks
(``quotemarks``), reported clauses from the parse (``indirect``), then the
quoted spans tied to cues, clauses or the quote they continue (``direct``).
Sources are resolved to entities by ``speakers``; in a Q&A interview each answer is
added as a statement of the interviewee (``interviews``). The quote's ``time`` is
left for the time stage.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.nlp import acts, extensions, interviews
from dateline.nlp.candidate import Candidate
from dateline.nlp.datelines import DocDateline
from dateline.nlp.interviews import Interview
from dateline.nlp.merge import candidates, overlap
from dateline.nlp.rules import register
from dateline.nlp.speakers import Resolver
from dateline.types import Entity, Mention, Quote

extensions.register()


@Language.factory(
    "dateline_quotes",
    requires=["doc._.entities", "token.dep", "token.lemma"],
    assigns=["doc._.quotes"],
)
def make_quotes(nlp: Language, name: str) -> QuoteComponent:
    return QuoteComponent()


class QuoteComponent:
    def __init__(self) -> None:
        #: Quote rules switched off (``bench/quotes.py --without RULE``); none by default.
        self.disabled: frozenset[str] = frozenset()

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc, self.disabled, resolve=False)
        return doc


@Language.factory(
    "dateline_speakers",
    requires=["doc._.quotes", "doc._.entities"],
    assigns=["doc._.quotes", "doc._.entities"],
)
def make_speakers(nlp: Language, name: str) -> SpeakerComponent:
    return SpeakerComponent()


class SpeakerComponent:
    """Speaker resolution, a step of its own behind the quote finder: each quote's
    source mention -> the entity it refers to (``nlp/speakers.py``)."""

    def __call__(self, doc: Doc) -> Doc:
        resolve_speakers(doc, doc._.quotes or [])
        return doc


def find_quotes(
    doc: Doc, disabled: frozenset[str] = frozenset(), *, resolve: bool = True
) -> list[Quote]:
    """The quotes of a parsed ``doc`` whose ``doc._.entities`` are set (or None);
    ``disabled`` quote rules are switched off. With ``resolve`` (the default) their
    speakers are resolved too, as the ``dateline_speakers`` stage does."""
    if doc._.entities is None:
        doc._.entities = []
    text = doc.text  # spaCy joins the tokens on every access: read it once
    found: list[tuple[Candidate, Entity | None]] = [
        (c, None) for c in candidates(doc, text, disabled)
    ]
    if "interview_answer" not in disabled:
        interview = interviews.read(text, doc._.entities)
        found += _answers(interview, text, [c for c, _ in found])
    # Speakers are resolved in the order the rules found the quotes (the resolver learns
    # as it goes: a name's gender, who spoke last), not in text order.
    order = {id(c): k for k, (c, _) in enumerate(found)}
    found = _outside_dateline(found, doc._.dateline, text)
    found.sort(key=lambda pair: (pair[0].start, -pair[0].end))
    quotes, sources = [], {}
    for n, (cand, speaker) in enumerate(found, start=1):
        quote = Quote(
            id=f"q{n}",
            kind=cand.kind,
            start=cand.start,
            end=cand.end,
            text=text[cand.start : cand.end],
            cue=_mention(text, cand.cue),
            source=_mention(text, cand.source),
            speaker=speaker.id if speaker is not None else None,
            rule=cand.rule,
            act=acts.act(doc, cand),
        )
        quotes.append(quote)
        sources[quote.id] = (order[id(cand)], cand.source_tok, cand.source)
    doc._.quote_sources = sources
    _nest(quotes)
    if resolve:
        resolve_speakers(doc, quotes)
    return quotes


def resolve_speakers(doc: Doc, quotes: list[Quote]) -> None:
    """Set each quote's speaker from its source (``doc._.quote_sources``), in the order
    the rules found them; a quote that has a speaker already (an interview answer)
    keeps it."""
    sources = doc._.quote_sources or {}
    if doc._.entities is None:
        doc._.entities = []
    # The same list: a speaker NER missed is added to the document's entities.
    resolver = Resolver(doc, doc._.entities)
    for quote in sorted(quotes, key=lambda q: sources.get(q.id, (len(quotes),))[0]):
        if quote.speaker is not None or quote.id not in sources:
            continue
        _, tok, span = sources[quote.id]
        entity = resolver.resolve(tok, span)
        quote.speaker = entity.id if entity is not None else None


def _nest(quotes: list[Quote]) -> None:
    """Give each quote inside another the id of the smallest quote around it.

    ``quotes`` are in text order, longest first at one start: a sweep with a stack of
    the quotes still open finds each one's host without comparing every pair."""
    open_: list[Quote] = []
    for q in quotes:
        while open_ and open_[-1].end <= q.start:
            open_.pop()
        host = next(
            (p for p in reversed(open_) if p.end >= q.end and (p.start, p.end) != (q.start, q.end)),
            None,
        )
        if host is not None:
            q.parent = host.id
        open_.append(q)


register(
    "interview_answer",
    "layout",
    "each answer of a Q&A interview as a statement of the interviewee the headline names",
    "Wikinews interviews Marymegan Daly … ((WN)) Why anemones? (MD) They are everywhere.",
)


def _answers(
    interview: Interview | None, text: str, found: list[Candidate]
) -> list[tuple[Candidate, Entity]]:
    """The answers of a Q&A interview as the interviewee's statements: no cue, no source
    mention in the text, the person the headline names as speaker."""
    if interview is None or interview.interviewee is None:
        return []
    out = []
    for start, end in interview.turns(text):
        answer = Candidate(start, end, "indirect", rule="interview_answer")
        # An answer that is one quote already found (a quoted answer) adds nothing.
        if any(overlap(answer, c) and c.end - c.start >= (end - start) / 2 for c in found):
            continue
        out.append((answer, interview.interviewee))
    return out


def _outside_dateline(
    found: list[tuple[Candidate, Entity | None]], dateline: DocDateline | None, text: str
) -> list[tuple[Candidate, Entity | None]]:
    """A dateline ("WASHINGTON, April 3 -") is metadata: no quote, source or speaker
    lies in it. A reported clause that runs over it starts after it."""
    if dateline is None or dateline.dateline.start is None or dateline.dateline.end is None:
        return found
    start, end = dateline.dateline.start, dateline.dateline.end
    lead = len(text) - len(text[end:].lstrip())
    out = []
    for cand, speaker in found:
        if start <= cand.start and cand.end <= lead:
            continue
        if cand.start < lead and start < cand.end:
            cand.start = lead
        if cand.source is not None and cand.source[0] < end and start < cand.source[1]:
            cand.source, cand.source_tok, speaker = None, None, None
        out.append((cand, speaker))
    return out


def _mention(text: str, span: tuple[int, int] | None) -> Mention | None:
    return Mention(span[0], span[1], text[span[0] : span[1]]) if span else None
