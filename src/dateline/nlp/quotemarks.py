"""Spans of text between quotation marks, found in the raw text (no model needed).

Handles straight ("), curly (“ ”, „) and guillemet (« ») double marks. Single
marks are left alone: they double as apostrophes, and in news they mark quotes
within quotes, which belong to the outer quote (JournalismAI guide, rule 12).

A quote that runs over several paragraphs follows the wire convention: every
paragraph opens with a mark and only the last one closes. An opening mark that
is never closed (and not continued by the next paragraph) breaks only its own
quote: that quote is dropped, the rest of the text is read as usual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
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


def _role(text: str, i: int) -> str:
    """ "open" or "close" for the mark at ``i``; straight marks are read from their context."""
    ch = text[i]
    if ch in OPENERS:
        return "open"
    if ch in CLOSERS:
        return "close"
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
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


def find_quoted(text: str) -> list[Quoted]:
    """Every well-formed quoted span of ``text``, in order; broken ones are left out."""
    marks = [i for i, ch in enumerate(text) if ch in OPENERS or ch in CLOSERS or ch == STRAIGHT]
    if not marks:
        return []
    paragraphs = _paragraphs(text)
    out: list[Quoted] = []
    pending: int | None = None  # content start of a quote carried over a paragraph break
    k = 0
    for p, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        carried = pending
        pending = None
        while k < len(marks) and marks[k] < p_start:
            k += 1
        first = True
        while k < len(marks) and marks[k] < p_end:
            i = marks[k]
            k += 1
            role = _role(text, i)
            if first and carried is not None and i == p_start and role == "open":
                open_at = carried - 1  # the quote goes on: keep its first opening mark
                first = False
                continue
            first = False
            if role == "open":
                # A second opener while one is open: the first was never closed. Drop it.
                open_at = i
            elif open_at is not None:
                out.append(Quoted(open_at + 1, i, multi_paragraph="\n" in text[open_at:i]))
                open_at = None
        if open_at is not None and p + 1 < len(paragraphs):
            nxt = paragraphs[p + 1][0]
            if text[nxt] in OPENERS or (text[nxt] == STRAIGHT and _role(text, nxt) == "open"):
                pending = open_at + 1
    return [q for q in out if q.end > q.start]
