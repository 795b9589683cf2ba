"""Dateline: who said what, about whom, where and when, from news.

The public API::

    from dateline import load, extract, read_sources
    nlp = load()
    for record in extract(read_sources(["story.txt"]), nlp):
        ...

The names below are imported when first used (PEP 562), so ``import
dateline.query`` or a web worker does not load spaCy.
"""

from __future__ import annotations

import logging
from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

try:
    __version__ = version("dateline")  # from the installed package's metadata
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"

logging.getLogger("dateline").addHandler(logging.NullHandler())

#: Public name -> the module that defines it.
_EXPORTS = {
    "Article": "dateline.article",
    "DatelineError": "dateline.errors",
    "ItemError": "dateline.errors",
    "ModelNotFound": "dateline.errors",
    "ReadOptions": "dateline.ingest",
    "Report": "dateline.ingest",
    "read_sources": "dateline.ingest",
    "extract": "dateline.extraction",
    "add_components": "dateline.pipeline",
    "load": "dateline.pipeline",
    "to_record": "dateline.record",
    "validate": "dateline.record",
}

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

if TYPE_CHECKING:
    from dateline.article import Article
    from dateline.errors import DatelineError, ItemError, ModelNotFound
    from dateline.extraction import extract
    from dateline.ingest import ReadOptions, Report, read_sources
    from dateline.pipeline import add_components, load
    from dateline.record import to_record, validate


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dateline' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
