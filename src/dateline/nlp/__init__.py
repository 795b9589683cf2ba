"""Dateline's spaCy components. Importing this package registers the factories."""

from dateline.nlp import coref, datelines, entities, extensions, quotes, timex  # noqa: F401
