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

from dateline.nlp import direct, extensions, indirect, quotemarks, quotes_labels
from dateline.nlp.indirect import Candidate
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
    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc)
        return doc


def candidates(doc: Doc, text: str | None = None) -> list[Candidate]:
    """Every quote of ``doc`` before speaker resolution, in text order, without duplicates."""
    quoted = quotemarks.find_quoted(doc.text if text is None else text)
    clauses = indirect.speech_clauses(doc)
    found, rest = direct.attach(doc, quoted, clauses)
    labels = quotes_labels.label_lines(doc)
    for label in labels:
        if any((q.start, q.end) == (label.start, label.end) for q in quoted):
            label.kind = "direct"
    # A labelled line ("PENCE: …") names its speaker outright: it wins over other readings.
    kept = [c for c in found + rest if not any(_overlap(c, label) for label in labels)]
    # A title-case headline is read without the parse only where nothing else was found.
    kept += [
        h
        for h in quotes_labels.headline_cues(doc)
        if not any(_overlap(h, c) for c in kept + labels)
    ]
    out: list[Candidate] = []
    for cand in sorted(kept + labels, key=lambda c: (c.start, -c.end)):
        if out and cand.start < out[-1].end and cand.kind == "indirect":
            continue  # a clause inside a quote already kept
        if out and (cand.start, cand.end) == (out[-1].start, out[-1].end):
            continue
        out.append(cand)
    return out


def find_quotes(doc: Doc) -> list[Quote]:
    """The quotes of a parsed ``doc`` whose ``doc._.entities`` are set (or None)."""
    if doc._.entities is None:
        doc._.entities = []
    resolver = Resolver(doc, doc._.entities)
    text = resolver.text
    found = [(c, resolver.resolve(c.source_tok, c.source)) for c in candidates(doc, text)]
    found += _answers(resolver, [c for c, _ in found])
    found.sort(key=lambda pair: (pair[0].start, -pair[0].end))
    return [
        Quote(
            id=f"q{n}",
            kind=cand.kind,
            start=cand.start,
            end=cand.end,
            text=text[cand.start : cand.end],
            cue=_mention(text, cand.cue),
            source=_mention(text, cand.source),
            speaker=speaker.id if speaker is not None else None,
        )
        for n, (cand, speaker) in enumerate(found, start=1)
    ]


def _answers(resolver: Resolver, found: list[Candidate]) -> list[tuple[Candidate, Entity]]:
    """The answers of a Q&A interview as the interviewee's statements: no cue, no source
    mention in the text, the person the headline names as speaker."""
    interview = resolver.interview
    if interview is None or interview.interviewee is None:
        return []
    out = []
    for start, end in interview.turns(resolver.text):
        answer = Candidate(start, end, "indirect")
        # An answer that is one quote already found (a quoted answer) adds nothing.
        if any(_overlap(answer, c) and c.end - c.start >= (end - start) / 2 for c in found):
            continue
        out.append((answer, interview.interviewee))
    return out


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def _mention(text: str, span: tuple[int, int] | None) -> Mention | None:
    return Mention(span[0], span[1], text[span[0] : span[1]]) if span else None
