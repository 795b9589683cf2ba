"""Dateline: who said what, about whom, where and when, from news.

The public API::

    from dateline import load, extract, read_sources
    nlp = load()
    for record in extract(read_sources(["story.txt"]), nlp):
        ...
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger("dateline").addHandler(logging.NullHandler())

from dateline.article import Article  # noqa: E402
from dateline.errors import DatelineError, ItemError, ModelNotFound  # noqa: E402
from dateline.extract import extract  # noqa: E402
from dateline.ingest import ReadOptions, Report, read_sources  # noqa: E402
from dateline.pipeline import add_components, load  # noqa: E402
from dateline.record import to_record, validate  # noqa: E402

__all__ = [
    "Article",
    "DatelineError",
    "ItemError",
    "ModelNotFound",
    "ReadOptions",
    "Report",
    "add_components",
    "extract",
    "load",
    "read_sources",
    "to_record",
    "validate",
    "__version__",
]
