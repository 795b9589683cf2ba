"""Syndicated copies kept in the store, across runs, in bounded memory.

Each stored article gets its normalised-text hash, its MinHash signature and one row
per LSH band (:mod:`dateline.ingest.dedup` has the maths). A new article's near copies
are found through the indexed ``signature_bands`` table, never by holding earlier
signatures in memory, and a copy is linked (``syndication``) to the first stored
article of its cluster, whichever run stored it.

:class:`Screen` sits before annotation: an article the store already holds (same id,
or the same normalised text under another id) is left out there, so re-ingesting
known articles costs a read and an index lookup each, not an annotation.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from dateline.article import Article
from dateline.ingest.dedup import (
    NEAR_THRESHOLD,
    band_keys,
    canonical_url,
    minhash,
    normalise_text,
    similarity,
    text_hash,
)
from dateline.ingest.report import Report

if TYPE_CHECKING:
    from dateline.store.db import Store

log = logging.getLogger("dateline.store")

#: Candidates compared per new article, those sharing the most bands first: a text
#: made of stock phrases may share a band with thousands; its copies share most bands.
MAX_CANDIDATES = 50
#: Articles signed per transaction when signing those stored before m008.
BACKFILL_BATCH = 500


def sign(
    store: Store, aid: str, text: str, *, threshold: float = NEAR_THRESHOLD
) -> tuple[str, float] | None:
    """Store the article's text hash, signature and bands (replacing earlier ones) and, the
    first time it is signed, link it to its cluster's first article when a stored article
    is a near copy; return (that article's id, similarity) or None. Runs in the caller's
    transaction."""
    normalised = normalise_text(text)
    signature = minhash(normalised)
    first_time = store.one("SELECT 1 FROM article_signatures WHERE article_id = ?", (aid,)) is None
    store.execute("DELETE FROM article_signatures WHERE article_id = ?", (aid,))
    store.execute("DELETE FROM signature_bands WHERE article_id = ?", (aid,))
    store.execute(
        "INSERT INTO article_signatures (article_id, text_hash, signature) VALUES (?, ?, ?)",
        (aid, text_hash(normalised), signature.tobytes().hex() if signature is not None else None),
    )
    if signature is None:
        return None
    keys = band_keys(signature)
    link = _nearest(store, aid, signature, keys, threshold) if first_time else None
    if link is not None and not _has_copies(store, aid):
        store.execute(
            "INSERT INTO syndication (article_id, root_id, similarity) VALUES (?, ?, ?) "
            "ON CONFLICT (article_id) DO NOTHING",
            (aid, link[0], round(link[1], 3)),
        )
    store.executemany(
        "INSERT INTO signature_bands (bucket, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(key, aid) for key in dict.fromkeys(keys)],
    )
    return link


def _nearest(
    store: Store, aid: str, signature: np.ndarray, keys: list[int], threshold: float
) -> tuple[str, float] | None:
    """The root of the most similar stored article at or above ``threshold``."""
    marks = ", ".join("?" for _ in keys)
    candidates = store.rows(
        f"SELECT article_id, COUNT(*) AS n FROM signature_bands WHERE bucket IN ({marks}) "
        "AND article_id <> ? GROUP BY article_id ORDER BY n DESC, article_id LIMIT ?",
        [*keys, aid, MAX_CANDIDATES],
    )
    if not candidates:
        return None
    ids = [c["article_id"] for c in candidates]
    rows = store.rows(
        f"SELECT s.article_id, s.signature, y.root_id FROM article_signatures s "
        f"LEFT JOIN syndication y ON y.article_id = s.article_id "
        f"WHERE s.article_id IN ({', '.join('?' for _ in ids)})",
        ids,
    )
    best, best_sim = None, 0.0
    for row in sorted(rows, key=lambda r: r["article_id"]):
        other = np.frombuffer(bytes.fromhex(row["signature"]), dtype=np.uint32)
        sim = similarity(signature, other)
        if sim > best_sim:
            best, best_sim = row["root_id"] or row["article_id"], sim
    if best is None or best_sim < threshold:
        return None
    return best, best_sim


def _has_copies(store: Store, aid: str) -> bool:
    return store.one("SELECT 1 FROM syndication WHERE root_id = ?", (aid,)) is not None


def unsigned(store: Store) -> int:
    """How many stored articles have no signature yet (stored before m008)."""
    return int(
        store.scalar(
            "SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_signatures s WHERE s.article_id = a.id)"
        )
    )


def backfill(store: Store, batch: int = BACKFILL_BATCH) -> int:
    """Sign (and link) the stored articles that have no signature, oldest first, a
    transaction per ``batch``; return how many. Run again after a kill: it resumes."""
    order = "a.rowid" if store.dialect == "sqlite" else "a.ingested_at, a.id"
    done = 0
    while True:
        rows = store.rows(
            "SELECT a.id, a.text FROM articles a WHERE NOT EXISTS "
            "(SELECT 1 FROM article_signatures s WHERE s.article_id = a.id) "
            f"ORDER BY {order} LIMIT ?",
            (batch,),
        )
        if not rows:
            return done
        with store.transaction():
            for row in rows:
                sign(store, row["id"], row["text"])
        done += len(rows)


#: In-run keys remembered (two generations of up to this many): far more than the articles
#: in flight between reading and the store's commit, after which the store answers.
RECENT_KEYS = 200_000


def _key(text: str) -> int:
    """A 64-bit key for an in-run set (eight bytes an article, not the whole string)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


class Recent:
    """The last ``size`` to ``2 * size`` keys added: memory bounded however long the run."""

    def __init__(self, size: int = RECENT_KEYS) -> None:
        self.size = size
        self._new: set[int] = set()
        self._old: set[int] = set()

    def __contains__(self, key: int) -> bool:
        return key in self._new or key in self._old

    def __len__(self) -> int:
        return len(self._new | self._old)

    def add(self, key: int) -> None:
        if len(self._new) >= self.size:
            self._old, self._new = self._new, set()
        self._new.add(key)


class Screen:
    """Before annotation: leave out what the store already holds, and exact duplicates.

    An article whose id is stored, or (with ``exact``) whose normalised text a stored
    article has, is counted in ``known`` (and in ``stale`` when an older pipeline, or
    none, annotated the stored one: ``dateline reannotate`` updates those) and not
    yielded. With ``exact`` on, a second article in this run with the canonical URL or
    the text of an earlier one is a duplicate, as
    :class:`dateline.ingest.dedup.Deduplicator` has it; this run's latest URLs and texts
    (``recent``, far more than are in flight) are remembered as eight-byte keys: a text
    seen earlier in the run is stored by then, and the store's text hash finds it. A URL
    is not looked up in the store (an updated story keeps its URL), so two articles at one
    URL with different texts, further apart in one run than ``recent``, are both kept.
    """

    def __init__(
        self, store: Store, pipeline: str | None, *, exact: bool = True, recent: int = RECENT_KEYS
    ) -> None:
        self.store = store
        self.pipeline = pipeline
        self.exact = exact
        self.known = 0
        self.stale = 0
        self.duplicates = 0
        self._urls = Recent(recent)
        self._texts = Recent(recent)

    def filter(
        self, articles: Iterable[Article], report: Report | None = None
    ) -> Iterator[Article]:
        """The articles to annotate; in-run duplicates counted in ``report`` as the
        in-memory de-duplicator counts them."""
        for article in articles:
            verdict = self.check(article)
            if verdict is None:
                yield article
            elif verdict == "duplicate" and report is not None:
                report.read -= 1
                report.duplicates += 1
                log.info("duplicate %s: same article as an earlier one", article.origin)

    def check(self, article: Article) -> str | None:
        """None (annotate it), ``"known"`` (stored already) or ``"duplicate"`` (in this run)."""
        row = self.store.one("SELECT pipeline FROM articles WHERE id = ?", (article.id,))
        normalised = normalise_text(article.text)
        digest = text_hash(normalised)
        if row is None and self.exact:  # --keep-duplicates keeps a known text too
            row = self.store.one(
                "SELECT a.pipeline FROM article_signatures s JOIN articles a "
                "ON a.id = s.article_id WHERE s.text_hash = ? LIMIT 1",
                (digest,),
            )
        if row is not None:
            self.known += 1
            if self.pipeline is not None and row["pipeline"] != self.pipeline:
                self.stale += 1
            return "known"
        if not self.exact:
            return None
        url = canonical_url(article.meta.get("canonical_url") or article.url)
        url_key = _key(url) if url else None
        text_key = int(digest[:16], 16)
        if (url_key is not None and url_key in self._urls) or text_key in self._texts:
            self.duplicates += 1
            return "duplicate"
        if url_key is not None:
            self._urls.add(url_key)
        self._texts.add(text_key)
        return None
