"""Spans of text between quotation marks, found in the raw text (no model needed).

Handles straight ("), curly (“ ”, „), guillemet (« ») and typewriter ('' and ``)
double marks; a closing curly mark that opens a paragraph is read as the opener
it stands for, an opening curly mark after a word and before a space as a closer
("here,“ said"), and a quote closed with a mark of the other family (“…") ends at
that mark (common typesetting slips). Single marks are left alone: they
double as apostrophes, and in news they mark quotes within quotes, which belong
to the outer quote (JournalismAI guide, rule 12). So does a double-marked quote
inside a quote of another mark family.

A quote that runs over several paragraphs follows the wire convention: every
paragraph opens with a mark and only the last one closes. A paragraph that opens
with a mark of another family continues the quote only if a mark of the quote's
family closes it later; otherwise the unclosed mark was a stray. An opening mark that
is never closed (and not continued by the next paragraph) breaks only its own
quote: that quote is dropped, the rest of the text is read as usual.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dateline.nlp.doctext import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
#: Every double mark, typewriter pairs first so that '' is not read as two apostrophes.
_MARK = re.compile("''|``|[\"“”„«»]")
#: Characters after which a straight mark opens a quote rather than closes one.
_OPEN_CONTEXT = frozenset(" \t\n\r\u00a0([{—–-:/")
_PARAGRAPH = re.compile(r"\n\s*")


@dataclass(frozen=True, slots=True)
class Quoted:
    """Text between a pair of marks: ``start``/``end`` exclude the marks themselves."""

    start: int
    end: int
    #: Whether the quote spans a paragraph break (and so is a long direct quote).
    multi_paragraph: bool = False


def _role(text: str, i: int, width: int = 1) -> str:
    """ "open" or "close" for the mark at ``i``; straight marks are read from their context."""
    ch = text[i : i + width]
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + width] if i + width < len(text) else " "
    if ch == "“" and (before.isalnum() or before in ",.!?;…") and not after.isalnum():
        return "close"  # "here,“ said": an opening curly mark set for a closing one
    if ch in OPENERS or ch == "``":
        return "open"
    if ch in CLOSERS:
        return "open" if before == "\n" and after.isalnum() else "close"
    if before in _OPEN_CONTEXT and not after.isspace():
        return "open"
    if after.isspace() or not after.isalnum() or not before.isspace():
        return "close"
    return "open"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARAGRAPH.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if e > s]


def _family(mark: str) -> str:
    """Marks that pair with each other: a quote inside a quote uses another family."""
    if mark in "“”„":
        return "curly"
    if mark in "«»":
        return "guillemet"
    return "typewriter" if len(mark) == 2 else "straight"


def _last_closers(marks: list[tuple[int, int, str, str]]) -> dict[str, int]:
    """Mark family -> index in ``marks`` (start, width, role, family) of the last mark of
    that family that closes."""
    return {fam: n for n, (_, _, role, fam) in enumerate(marks) if role == "close"}


def quoted_in(doc: Doc) -> list[Quoted]:
    """:func:`find_quoted` of ``doc.text``, found once per document: the quote rules,
    the guards and the speaker stage all read them."""
    found = doc.user_data.get("dateline.quoted")
    if found is None:
        found = doc.user_data["dateline.quoted"] = find_quoted(doc_text(doc))
    return found


def _starts(doc: Doc) -> list[int]:
    """Where each quotation of ``doc`` starts, in order, found once per document."""
    starts = doc.user_data.get("dateline.quoted_starts")
    if starts is None:
        starts = doc.user_data["dateline.quoted_starts"] = [q.start for q in quoted_in(doc)]
    return starts


def around(doc: Doc, pos: int) -> Quoted | None:
    """The quotation of ``doc`` that ``pos`` lies inside, if any (by bisection: the
    quotations are in order and never overlap)."""
    k = bisect_right(_starts(doc), pos) - 1
    return quoted_in(doc)[k] if k >= 0 and pos < quoted_in(doc)[k].end else None


def inside(doc: Doc, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation of ``doc``."""
    return around(doc, pos) is not None


def next_start(doc: Doc, pos: int) -> int | None:
    """Where the first quotation of ``doc`` starting at or after ``pos`` starts, if any."""
    starts = _starts(doc)
    k = bisect_left(starts, pos)
    return starts[k] if k < len(starts) else None


def find_quoted(text: str) -> list[Quoted]:
    """Every well-formed quoted span of ``text``, in order; broken ones are left out."""
    marks = [
        (m.start(), len(m.group()), _role(text, m.start(), len(m.group())), _family(m.group()))
        for m in _MARK.finditer(text)
    ]
    if not marks:
        return []
    paragraphs = _paragraphs(text)
    last_close = _last_closers(marks)
    out: list[Quoted] = []
    pending: int | None = None  # content start of a quote carried over a paragraph break
    family = ""  # the mark family of the open quote
    k = 0
    for p, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        inner: str | None = None  # family of a quote open inside the open quote
        inner_at = 0
        nested: list[Quoted] = []  # quotes closed inside the open quote, kept if it breaks
        stray: int | None = None  # a closing mark of another family with nothing to close
        carried = pending
        pending = None
        while k < len(marks) and marks[k][0] < p_start:
            k += 1
        first = True
        while k < len(marks) and marks[k][0] < p_end:
            i, width, role, fam = marks[k]
            k += 1
            if first and carried is not None and i == p_start and role == "open":
                open_at = carried  # the quote goes on from its first opening mark
                first = False
                continue
            first = False
            if open_at is not None and fam != family:
                # A quote inside the quote (another family of marks) belongs to the outer one.
                if role == "open" and inner is None:
                    inner, inner_at = fam, i + width
                elif role == "close" and inner == fam:
                    inner = None
                    nested.append(Quoted(inner_at, i))
                elif role == "close" and inner is None:
                    stray = i
                continue
            if role == "open":
                family = fam
                inner = None
                nested = []
                stray = None
                # A second opener while one is open: the first was never closed. Drop it.
                open_at = i + width
            elif open_at is not None:
                out.append(Quoted(open_at, i, multi_paragraph="\n" in text[open_at:i]))
                open_at = None
        if open_at is not None and stray is not None and inner is None:
            # “…." : a quote closed with a mark of another family (a typesetting slip)
            # ends at that mark rather than breaking.
            out.append(Quoted(open_at, stray, multi_paragraph="\n" in text[open_at:stray]))
            open_at = None
        if open_at is not None and p + 1 < len(paragraphs):
            nxt = paragraphs[p + 1][0]
            m = _MARK.match(text, nxt)
            # The wire convention: each paragraph of the quote opens with its mark. One that
            # opens with a mark of another family goes on with the quote only if a mark of
            # the quote's own family closes it later (a block quoted from another article);
            # else the quote is a stray mark and the paragraph starts afresh.
            if (
                m
                and _role(text, nxt, m.end() - nxt) == "open"
                and (_family(m.group()) == family or last_close.get(family, -1) >= k)
            ):
                pending = open_at
                continue
        if open_at is not None:
            out.extend(nested)  # the outer quote is broken: the quotes inside it still stand
    return [q for q in out if q.end > q.start]
