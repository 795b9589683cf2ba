"""Stored articles back as contract records (docs/record.md), one by id or all
(``records`` and ``to_record`` live in ``dateline.store.records``, which export reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.query.api import ArticleNotFound
from dateline.store.db import like_escape
from dateline.store.records import ARTICLE as _ARTICLE
from dateline.store.records import records, to_record

if TYPE_CHECKING:
    from dateline.store.db import Store

#: Ids listed when a prefix matches more than one article.
CANDIDATES = 10


def article(store: Store, article_id: str) -> dict:
    """One article as a record, each entity with its knowledge-base id (``kb_id``).

    ``article_id`` is the full id or an unambiguous prefix of it.
    """
    row = store.one(f"{_ARTICLE} WHERE id = ?", (article_id,))
    if row is None and article_id:
        # The prefix is escaped: "%" and "_" in an id match only themselves.
        found = store.rows(
            f"{_ARTICLE} WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
            (like_escape(article_id) + "%", CANDIDATES + 1),
        )
        if len(found) > 1:
            ids = [r["id"] for r in found[:CANDIDATES]]
            more = ", …" if len(found) > CANDIDATES else ""
            raise ArticleNotFound(
                f"{article_id!r} is the start of more than one article id; give more of it: "
                + ", ".join(ids)
                + more,
                candidates=ids,
            )
        row = found[0] if found else None
    if row is None:
        raise ArticleNotFound(f"no article with id {article_id!r} in the knowledge base")
    return to_record(store, row)


__all__ = ["article", "records", "to_record"]
