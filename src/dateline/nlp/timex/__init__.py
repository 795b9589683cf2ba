"""Time expressions (TIMEX3) resolved against the article date, and the time of
each quote's speech act.

* ``dateline_times`` fills ``doc._.times`` (see :func:`find_times`).
* ``dateline_quote_times`` sets ``Quote.time`` on ``doc._.quotes`` (see
  :func:`link_quote_times`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from dateline.nlp import extensions
from dateline.nlp.timex.quotes import link_quote_times
from dateline.nlp.timex.tagger import find_times, resolve_anchor

extensions.register()

__all__ = ["find_times", "link_quote_times", "resolve_anchor"]


@Language.factory(
    "dateline_times",
    requires=["token.tag", "token.dep"],
    assigns=["doc._.times"],
)
def make_times(nlp: Language, name: str) -> TimesComponent:
    return TimesComponent()


class TimesComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.times = find_times(doc)
        return doc


@Language.factory(
    "dateline_quote_times",
    requires=["doc._.times", "doc._.quotes"],
    assigns=["doc._.quotes"],
)
def make_quote_times(nlp: Language, name: str) -> QuoteTimesComponent:
    return QuoteTimesComponent()


class QuoteTimesComponent:
    def __call__(self, doc: Doc) -> Doc:
        link_quote_times(doc)
        return doc
