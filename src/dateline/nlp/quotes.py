"""The ``dateline_quotes`` component: direct, mixed and indirect quotes with their speakers.

Three cheap passes over the text and the parse: quoted spans from the marks
(``quotemarks``), reported clauses from the parse (``indirect``), then the
quoted spans tied to cues, clauses or the quote they continue (``direct``).
Sources are resolved to entities by ``speakers``; in a Q&A interview each answer is
added as a statement of the interviewee (``interviews``). The quote's ``time`` is
left for the time stage.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from dateline import lexicons
from dateline.nlp import acts, extensions, interviews, quotemarks, unnamed
from dateline.nlp.candidate import Candidate
from dateline.nlp.datelines import DocDateline
from dateline.nlp.doctext import doc_text
from dateline.nlp.interviews import Interview
from dateline.nlp.mention_index import PRONOUN_REACH
from dateline.nlp.merge import candidates, overlap
from dateline.nlp.person_words import is_person_noun
from dateline.nlp.rules import register
from dateline.nlp.speakers import Resolver, named_as
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
    text = doc_text(doc)
    found: list[tuple[Candidate, Entity | None]] = [(c, None) for c in candidates(doc, disabled)]
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
    """Set each quote's speaker from its source (``doc._.quote_sources``).

    Named sources first, in the order the rules found them (the resolver learns as it
    goes: a name's gender, who spoke last); then pronouns, which never jump over an
    unnamed speaker ("a Treasury spokesman said … He added") or a spokesperson filed
    under their organisation ("a Coast Guard spokesman said") to a named person; then
    first person inside a quote, which is that quote's speaker. A source with no entity
    is typed (``unnamed``/``unknown``, see ``unnamed``). A quote that has a speaker
    already (an interview answer) keeps it.
    """
    sources = doc._.quote_sources or {}
    if doc._.entities is None:
        doc._.entities = []
    # The same list: a speaker NER missed is added to the document's entities.
    resolver = Resolver(doc, doc._.entities)
    resolver.sources = sorted(span for _, _, span in sources.values() if span is not None)
    ordered = sorted(quotes, key=lambda q: sources.get(q.id, (len(quotes),))[0])
    todo = [q for q in ordered if q.speaker is None and q.id in sources]
    pronouns = [q for q in todo if sources[q.id][1] is not None and _pronoun(sources[q.id][1])]
    pronoun_ids = {q.id for q in pronouns}
    named = [q for q in todo if q.id not in pronoun_ids]
    unnamed_at: list[tuple[int, Quote]] = []
    things_at: list[tuple[int, Quote]] = []  # unnamed sources "it" may go on with
    by_source: dict[int, Quote] = {}  # a named source's head token -> its quote
    for quote in named:
        _, tok, span = sources[quote.id]
        if tok is not None:
            by_source[tok.i] = quote
        _set(quote, *resolver.resolve_source(tok, span))
        if quote.speaker is None and tok is not None and span is not None:
            _type(resolver, quote, tok, span)
            if quote.speaker_kind == "unnamed" and is_person_noun(tok):
                insort(unnamed_at, (span[0], quote), key=lambda sq: sq[0])
            if quote.speaker_kind == "unnamed" and unnamed.speaks_as_it(tok):
                insort(things_at, (span[0], quote), key=lambda sq: sq[0])
        elif quote.via == "spokesperson" and span is not None and is_person_noun(tok):
            # "a Coast Guard spokesman said … He said": the spokesman again, filed under
            # the organisation he speaks for, never a person named before him.
            insort(unnamed_at, (span[0], quote), key=lambda sq: sq[0])
    # What each source reports, all its pieces ("The new measures, they said, are
    # designed …" is two quotes of one source).
    reported: dict[tuple[int, int] | None, tuple[int, int]] = {}
    for quote in pronouns:
        span = sources[quote.id][2]
        start, end = reported.get(span, (quote.start, quote.end))
        reported[span] = (min(start, quote.start), max(end, quote.end))
    for quote in pronouns:
        _, tok, span = sources[quote.id]
        first = tok.lower_ in unnamed.FIRST_PERSON
        if first:
            # Only a Q&A interview's answers give "I" a speaker here (their interviewee).
            _set(quote, *resolver.resolve_source(tok, span))
            continue
        blocker = _unnamed_between(resolver, tok, unnamed_at)
        if blocker is not None:
            if blocker.speaker is not None:
                _set(quote, resolver.entity(blocker.speaker), "pronoun")
            else:
                _inherit(quote, blocker)
            continue
        if tok.lower_ == "they" and _they(resolver, quote, tok, by_source, reported[span]):
            by_source[tok.i] = quote  # a later "they" may continue the chain
            continue
        _set(quote, *resolver.resolve_source(tok, span))
        if quote.speaker is None:
            thing = unnamed.it_carries(resolver, tok, things_at)
            if thing is not None:
                _inherit(quote, thing)  # "today's survey said … It reported …"
            else:
                _type(resolver, quote, tok, span)
    by_id = {q.id: q for q in quotes}
    entities = {e.id: e for e in doc._.entities}
    for quote in pronouns:
        _, tok, _ = sources[quote.id]
        if quote.speaker is None and quote.speaker_kind is None:
            _first_person(entities, resolver, quote, by_id, tok)
    for quote in quotes:
        if quote.speaker is not None and quote.speaker_kind is None:
            _set(quote, entities.get(quote.speaker), "label")
    _first_person_mentions(doc, quotes, resolver)


#: A quotation in single marks inside a quote: ‘…’, or '…' opened after a space or a
#: mark and closed before one (an apostrophe, "don't", "the '80s", opens nothing).
_INNER = re.compile(
    r"‘[^’]{0,300}’|(?:(?<=[\s“\"(])|^)'(?=\w)[^\n]{0,300}?(?<=[\w.,!?])'(?=[\s”\".,;:!?)]|$)"
)

#: Speakers whose "we" is themselves: an organisation, a country, a group.
_COLLECTIVE = frozenset({"ORG", "GPE", "NORP"})


def adopt_named_sources(doc: Doc, common: frozenset[str] = frozenset()) -> int:
    """Give a speaker to each named source the speaker stage left without one that a
    later stage has since made the mention of one person or organisation: the
    coreference stage joins a surname NER missed or mistyped to the person it names in
    full ("Rei Shiratori … “…,” Shiratori said"), after the speakers were read. A record
    whose entity holds the source while its speaker is unknown says two things at once.
    A source of one word of the language's ``common`` words ("Anchor Expressed Fear …",
    "Justice vows …" in a headline) is a noun before it is a name: it stays unknown. The
    number of speakers given."""
    quotes = doc._.quotes or []
    held: dict[tuple[int, int], list[Entity]] = {}
    for entity in doc._.entities or []:
        for m in entity.mentions:
            held.setdefault((m.start, m.end), []).append(entity)
    adopted: set[str] = set()
    for quote in quotes:
        source = quote.source
        if quote.speaker is not None or source is None or quote.via != "name":
            continue
        found = held.get((source.start, source.end), [])
        if quote.speaker_kind != "unknown" or len(found) != 1:
            continue
        entity = found[0]
        if entity.type not in {"PERSON", "ORG"} or source.text.lower() in common:
            continue
        _set(quote, entity, named_as(entity, source.text))
        quote.description = quote.affiliation = None
        adopted.add(quote.id)
    if adopted:
        _first_person_mentions(doc, quotes, Resolver(doc, doc._.entities), adopted)
    return len(adopted)


def _first_person_mentions(
    doc: Doc, quotes: list[Quote], resolver: Resolver, only: set[str] | None = None
) -> None:
    """ "I", "me", "my" inside the quotation marks of a quote are mentions of its speaker
    (and "we", "our" of a speaker that is an organisation, a country or a group, or of
    the organisation a person's title names: ``speaks_for``), so
    "about whom" counts them; in a Q&A interview's answers, outside any quotation they
    hold, the interviewee's. A first person inside a quote nested in this one is the
    nested speaker's; outside quotation marks ("Smith said I was wrong") it is the
    writer's, never the speaker's. Only the quotes ``only`` names, where given."""
    text = doc_text(doc)
    marks = [(q.start, q.end) for q in quotemarks.quoted_in(doc)]
    starts = [s for s, _ in marks]
    children: dict[str, list[Quote]] = {}
    for q in quotes:
        if q.parent:
            children.setdefault(q.parent, []).append(q)
    for quote in quotes:
        speaker = resolver.entity(quote.speaker)
        if speaker is None or quote.speaker_kind != "named":
            continue
        if only is not None and quote.id not in only:
            continue
        words = unnamed.FIRST_SINGULAR
        if speaker.type in _COLLECTIVE:
            words = unnamed.FIRST_PERSON
        # A person's "we" is the organisation their title names ("Acme spokesman John
        # Smith"), where it names one.
        org = resolver.organisation_of(speaker) if speaker.type == "PERSON" else None
        # The quotation marks within the quote (a direct quote's own marks included):
        # its words lie inside exactly one of them, an answer's inside none.
        own = marks[bisect_left(starts, quote.start - 1) : bisect_right(starts, quote.end)]
        depth = 0 if quote.rule == "interview_answer" else 1
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        inner = [(m.start(), m.end()) for m in _INNER.finditer(text, quote.start, quote.end)]
        for tok in span if span is not None else ():
            if tok.idx == (quote.source.start if quote.source else -1):
                continue
            if tok.lower_ in words:
                whose = speaker
            elif org is not None and tok.lower_ in unnamed.FIRST_PLURAL:
                whose = org
            else:
                continue
            if any(c.start <= tok.idx < c.end for c in children.get(quote.id, ())):
                continue
            if any(a <= tok.idx < b for a, b in inner):
                continue  # "‘I will vote for you,’" inside the quote: someone else's "I"
            if sum(s <= tok.idx < e for s, e in own) == depth:
                resolver.add(whose, (tok.idx, tok.idx + len(tok)))


def _pronoun(tok: Token) -> bool:
    return unnamed.is_pronoun(tok) or tok.lower_ in unnamed.FIRST_PERSON


def _set(quote: Quote, entity: Entity | None, via: str | None) -> None:
    if entity is None:
        return
    quote.speaker, quote.speaker_kind, quote.via = entity.id, "named", via
    quote.confidence = _confidence(via)


def _confidence(via: str | None) -> float | None:
    return _levels().get(via or "")


@cache
def _levels() -> dict[str, float]:
    """Way of finding a speaker -> its confidence level (``via_confidence.tsv``)."""
    return {row["via"]: float(row["confidence"]) for row in lexicons.table("via_confidence")}


def _type(resolver: Resolver, quote: Quote, tok: Token, span: tuple[int, int]) -> None:
    found = unnamed.describe(resolver, tok, span, resolver.fitting)
    if found is None:
        return
    _describe(quote, found)
    if found.kind == "unnamed":
        quote.via, quote.confidence = "description", _confidence("description")
    else:
        quote.via = "pronoun" if unnamed.is_pronoun(tok) else "name"


def _describe(quote: Quote, found: unnamed.Unnamed) -> None:
    quote.speaker_kind, quote.description = found.kind, found.description
    quote.affiliation = found.affiliation.id if found.affiliation is not None else None


def _unnamed_between(resolver: Resolver, tok: Token, unnamed_at: list[tuple[int, Quote]]):
    """The unnamed speaker a singular "he"/"she" ("him"/"her") stands for (a spokesperson
    filed under the organisation they speak for, or someone described): one that spoke after the
    nearest named person before the pronoun (and within reach). ``unnamed_at`` is
    sorted by start, so each pronoun costs a bisection and a scan of its reach."""
    # "him"/"her" speak as a relay's object ("the paper quoted him as saying").
    if tok.lower_ not in {"he", "she", "him"} and not (tok.lower_ == "her" and tok.dep_ == "dobj"):
        return None
    k = bisect_left(unnamed_at, tok.idx, key=lambda sq: sq[0]) - 1
    if k < 0 or tok.idx - unnamed_at[k][0] > PRONOUN_REACH:
        return None
    start, quote = unnamed_at[k]
    if any(start < s < tok.idx and e.type == "PERSON" for s, _, e in resolver.spans_near(tok.idx)):
        return None
    return quote


def _they(
    resolver: Resolver,
    quote: Quote,
    tok: Token,
    by_source: dict[int, Quote],
    reported: tuple[int, int],
) -> bool:
    """ "they" as a source is the group that is the nearest plural subject before it,
    outside the words it reports (the character span ``reported``): a group that spoke
    ("Republicans said … They said": its speaker, named or unnamed), a nationality or
    party ("Palestinians rejected the plan. They said"), or people a noun describes
    ("Union leaders met the minister. They said": unnamed, described). Whether it
    answered."""
    k = _plural_subject_before(tok, skip=reported)
    if k < 0:
        return False
    group = by_source.get(k)
    if group is not None:
        entity = resolver.entity(group.speaker)
        if entity is not None:
            resolver.add(entity, (tok.idx, tok.idx + len(tok)))
            _set(quote, entity, "pronoun")
            return True
        if group.speaker_kind == "unnamed":
            _inherit(quote, group)
            return True
        return False
    subject = tok.doc[k]
    held = [e for _, _, e in resolver.at(subject.idx)]
    if held:
        if held[0].type != "NORP":
            return False
        resolver.add(held[0], (tok.idx, tok.idx + len(tok)))
        _set(quote, held[0], "pronoun")
        return True
    if not is_person_noun(subject):
        return False
    found = unnamed.describe(resolver, subject, (subject.left_edge.idx, subject.idx + len(subject)))
    if found is None or found.kind != "unnamed":
        return False
    _describe(quote, found)
    quote.via, quote.confidence = "pronoun", _confidence("pronoun")
    return True


#: The most tokens "they" looks back over for its group (two sentences, usually far fewer).
MAX_BACK = 120


def _plural_subject_before(tok: Token, skip: tuple[int, int] = (0, 0)) -> int:
    """The token index of the nearest plural subject before "they" in its own or the
    previous sentence ("Scientology officials went to the station, where they claimed"),
    or an earlier subject "they", or -1. The nearest one stops the search, so "they"
    never jumps over another group to an earlier one; a subject inside the words "they"
    reports (the character span ``skip``) is none of them ("… traders said. Sales
    fell, they said": the traders)."""
    doc = tok.doc
    if not doc.has_annotation("SENT_START"):
        return -1
    sent = tok.sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for k in range(tok.i - 1, max(first, tok.i - MAX_BACK) - 1, -1):
        cand = doc[k]
        if skip[0] <= cand.idx < skip[1]:
            continue
        if cand.dep_ in {"nsubj", "nsubjpass"} and cand.tag_ in {"NNS", "NNPS"}:
            return k
        if cand.dep_ in {"nsubj", "nsubjpass"} and cand.lower_ == "they":
            return k  # an earlier "they": the same group only if it was resolved
    return -1


def _inherit(quote: Quote, other: Quote) -> None:
    quote.speaker_kind, quote.description = other.speaker_kind, other.description
    quote.affiliation, quote.via = other.affiliation, "pronoun"
    quote.confidence = _confidence("pronoun")


def _first_person(
    entities: dict[str, Entity],
    resolver: Resolver,
    quote: Quote,
    by_id: dict[str, Quote],
    tok: Token,
) -> None:
    """ "I" inside a quoted passage is the passage's speaker; "we" only an organisation
    that speaks (a person's "we" is a group the text rarely names)."""
    low = tok.lower_
    if low not in unnamed.FIRST_PERSON:
        return
    host = unnamed.host_speaker(by_id, quote, tok.idx)
    entity = entities.get(host.speaker or "") if host is not None else None
    if entity is None or (low in unnamed.FIRST_PLURAL and entity.type == "PERSON"):
        quote.speaker_kind, quote.via = "unknown", "pronoun"
        return
    resolver.add(entity, (tok.idx, tok.idx + len(tok)))
    _set(quote, entity, "first_person")


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
        # An answer that is one quote already found (a quoted answer) adds nothing; a
        # reading inside it ("I wanted free audiobooks") is nested in it, not instead.
        if any(
            c.kind == "direct" and overlap(answer, c) and c.end - c.start >= (end - start) / 2
            for c in found
        ):
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
