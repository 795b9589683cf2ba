"""Paragraph breaks start sentences: a registered component placed before the parser.

The small English parser runs a sentence over a blank line when the first paragraph
ends without a full stop it trusts ("… even Canada?\\n\\nSports in the United States
…"), and the quote rules then read the next paragraph as part of the question. A
blank line (two line breaks, spaces between allowed) always ends a paragraph in the
texts Dateline reads, so the first word after one starts a sentence. A single line
break does not: hard-wrapped wire copy breaks its sentences at every line. But a line
ending in a full stop, with an indent after it, ends a paragraph where not every line
is indented: Reuters copy marks its paragraphs so, and they often end in "Inc." or
"U.S.", where the parser reads on into the next one ("… of Caesars World Inc.¶
Sosnoff said …" made "Sosnoff" an object of the sentence before).
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from dateline.nlp.doctext import doc_text

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
#: A line break and the indent of a new paragraph (two spaces or a tab at least).
_INDENT = re.compile(r"\n(?:[ \u00a0]{2,}|\t)[ \t\u00a0]*$")
#: What a line ends with before an indented paragraph: a full stop, a question or an
#: exclamation, maybe inside a closing quotation mark.
_FULL_STOP = re.compile(r"[.?!][\"'”’)]*$")
#: A line that is not indented.
_FLUSH = re.compile(r"^[^ \t\u00a0\n]", re.MULTILINE)


def paragraph_starts(doc: Doc) -> list[int]:
    """Indices of the first word after each blank line of ``doc`` (spaCy makes a run of
    line breaks one whitespace token), and after each line that ends in a full stop
    and is followed by an indent, where not every line is indented."""
    # Where every line is indented, an indent marks nothing.
    text = doc_text(doc)
    indents = ("\n " in text or "\n\t" in text) and _FLUSH.search(text) is not None
    starts = []
    for tok in doc:
        gap = tok.text + tok.whitespace_
        if not tok.is_space:
            continue
        indented = (
            indents
            and _INDENT.search(gap) is not None
            and tok.i > 0
            and _FULL_STOP.search(doc[tok.i - 1].text) is not None
        )
        if _BLANK_LINE.search(gap) or indented:
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
