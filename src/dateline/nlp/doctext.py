"""The text of a parsed Doc, read once per document.

spaCy rebuilds ``Doc.text`` from every token on each access; the stages read it many
times (each guard, rule module and stage), which on a long article costs as much as
the rules themselves. Retokenizing never changes a Doc's text, so it is kept in
``doc.user_data`` beside the quoted spans (:func:`dateline.nlp.quotemarks.quoted_in`).
"""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "dateline.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once and then kept with the Doc."""
    text = doc.user_data.get(_KEY)
    if isinstance(text, str) and _fits(doc, text):
        return text
    text = doc.user_data[_KEY] = doc.text
    return text


def _fits(doc: Doc, text: str) -> bool:
    # A cheap check that the text kept is this Doc's (user_data travels with copies).
    if not len(doc):
        return text == ""
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text) and text.startswith(doc[0].text)
