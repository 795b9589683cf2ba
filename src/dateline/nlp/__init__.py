"""Dateline's spaCy components. Importing this package registers the factories."""

from dateline.nlp import (  # noqa: F401
    coref,
    datelines,
    entities,
    extensions,
    paragraphs,
    quotes,
    timex,
)
