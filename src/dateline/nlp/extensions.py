"""The ``Doc`` extensions Dateline's components read and write."""

from __future__ import annotations

from spacy.tokens import Doc

#: name -> default. Lists default to ``None`` so no list is shared between docs.
DOC_EXTENSIONS: dict[str, object] = {
    "entities": None,  # list[Entity]
    "quotes": None,  # list[Quote]
    "times": None,  # list[Timex]
    "published": None,  # ISO date the times are resolved against
    "article_id": None,
    "pipeline": None,  # the version of the pipeline that annotated it (nlp/version.py)
    #: quote id -> (the order the rules found it, source token, source span), for the
    #: speaker stage after the quote finder.
    "quote_sources": None,
    "dateline": None,  # DocDateline | None, set by dateline_datelines
    "raw_text": None,  # the text as read when the Doc holds its parse view (same length)
    "dateline_field": None,  # a dateline a source keeps in a field of its own (Article.dateline)
}


def register() -> None:
    """Register the extensions once; safe to call again."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
