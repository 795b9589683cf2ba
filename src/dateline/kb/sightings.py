"""When and as what an entity was seen: the dates and titles cross-article joins check.

``kb.surnames`` and ``kb.spellings`` read one entity as another only when the other was
named within :data:`WINDOW_DAYS` of it and holds no title that contradicts its own.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from dateline.kb.resolve import title_cores

if TYPE_CHECKING:
    from dateline.store.db import Store

#: How far (days) before or after an entity's articles the one it is read as must appear.
WINDOW_DAYS = 730


def title_heads(store: Store, eid: int) -> set[str]:
    """The offices an entity was given ("President", "former President" -> president)."""
    return {core.split()[-1] for core in title_cores(store, eid)}


def window(store: Store, ids: list[int]) -> tuple[str | None, str | None]:
    """The days :data:`WINDOW_DAYS` before the first and after the last article naming
    ``ids``; (None, None) when none of them is dated."""
    marks = ", ".join("?" for _ in ids)
    row = store.one(
        "SELECT MIN(a.published) AS lo, MAX(a.published) AS hi FROM article_entities ae "
        f"JOIN articles a ON a.id = ae.article_id WHERE ae.entity_id IN ({marks})",
        ids,
    )
    if row is None or row["lo"] is None:
        return None, None
    return _shift(row["lo"], -WINDOW_DAYS), _shift(row["hi"], WINDOW_DAYS)


def _shift(day: str, days: int) -> str:
    try:
        return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat()
    except ValueError:
        return day


def seen_between(store: Store, eid: int, lo: str, hi: str) -> bool:
    """Whether ``eid`` is mentioned in an article published in ``lo``..``hi`` (or in one
    with no date, which cannot rule it out)."""
    return bool(
        store.scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM article_entities ae JOIN articles a "
            "ON a.id = ae.article_id WHERE ae.entity_id = ? AND (a.published IS NULL "
            "OR a.published BETWEEN ? AND ?) LIMIT 1) t",
            (eid, lo, hi),
        )
    )
