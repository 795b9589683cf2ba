"""Paragraph breaks start sentences: a registered component placed before the parser.

The small English parser runs a sentence over a blank line when the first paragraph
ends without a full stop it trusts ("… even Canada?\\n\\nSports in the United States
…"), and the quote rules then read the next paragraph as part of the question. A
blank line (two line breaks, spaces between allowed) always ends a paragraph in the
texts Dateline reads, so the first word after one starts a sentence. A single line
break does not: hard-wrapped wire copy breaks its sentences at every line.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def paragraph_starts(doc: Doc) -> list[int]:
    """Indices of the first word after each blank line of ``doc`` (spaCy makes a run of
    line breaks one whitespace token)."""
    starts = []
    for tok in doc:
        if tok.is_space and _BLANK_LINE.search(tok.text + tok.whitespace_):
            nxt = tok.i + 1
            while nxt < len(doc) and doc[nxt].is_space:
                nxt += 1
            if nxt < len(doc) and tok.i > 0:
                starts.append(nxt)
    return sorted(set(starts))


@Language.factory("dateline_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> ParagraphComponent:
    return ParagraphComponent()


class ParagraphComponent:
    """Marks the first word of each paragraph as a sentence start, for the parser."""

    def __call__(self, doc: Doc) -> Doc:
        if doc.has_annotation("DEP"):
            return doc  # parsed already: the parse has set the boundaries
        for i in paragraph_starts(doc):
            doc[i].is_sent_start = True
        return doc
