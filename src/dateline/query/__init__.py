"""Reading the knowledge base: the one query API behind the CLI and the web UI.

::

    from dateline.store import open_store
    from dateline import query

    with open_store("dateline.db", readonly=True) as store:
        query.quotes(store, speaker="Lavrov", about="Kosovo", since="2008-01-01")
        query.timeline(store, "Sergey Lavrov")
        query.entities(store, type="PERSON", order="quotes")
        query.co_mentions(store, "Lavrov", by="about")
        query.article(store, "3f2a")             # a record with kb ids, by id or id prefix
"""

from __future__ import annotations

from dateline.query.api import (
    ACTS,
    FACETS,
    KINDS,
    NETWORKS,
    SORTS,
    ArticleNotFound,
    InvalidQuery,
    aliases,
    co_mentions,
    count_quotes,
    entities,
    entity,
    quote_facet,
    quote_filter,
    quotes,
    timeline,
    titles,
)
from dateline.query.names import UnknownEntity, find_entities
from dateline.query.records import article, records
from dateline.query.summary import format_summary, summary

__all__ = [
    "ACTS",
    "FACETS",
    "KINDS",
    "NETWORKS",
    "SORTS",
    "ArticleNotFound",
    "InvalidQuery",
    "UnknownEntity",
    "aliases",
    "article",
    "co_mentions",
    "count_quotes",
    "entities",
    "entity",
    "find_entities",
    "format_summary",
    "quote_facet",
    "quote_filter",
    "quotes",
    "records",
    "summary",
    "timeline",
    "titles",
]
