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
}


def register() -> None:
    """Register the extensions once; safe to call again."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
