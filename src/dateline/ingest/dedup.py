"""De-duplication: the same article twice is one; syndicated copies are linked.

*Exact duplicates* share a canonical URL or the same normalised text (case,
punctuation and spacing ignored); the later one is dropped and counted in
``Report.duplicates``. *Near-duplicates* (one wire story run by several outlets
with their own furniture) are kept, and each copy records the first article of
its cluster in ``meta["near_duplicate_of"]``, so a quote found in every copy can be
counted as one statement with several sources.

Near-duplicates are found with MinHash over word 5-shingles and banded LSH
(Broder 1997; Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3):
memory grows by one small signature per distinct article, time per article is
constant. ``dateline ingest`` does both through the store instead, in bounded memory,
across runs (:mod:`dateline.store.syndication`, with :func:`minhash` and
:func:`band_keys` from here).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np

from dateline.article import Article
from dateline.ingest.report import Report, log

#: Words a shingle spans: long enough that shared stock phrases do not make a match.
SHINGLE_WORDS = 5
#: Only the head of very long texts is shingled, which bounds the time an article takes.
MAX_SHINGLED_WORDS = 20_000
#: Estimated Jaccard similarity of shingle sets from which two articles are near-duplicates.
NEAR_THRESHOLD = 0.5
NUM_PERM = 128
#: 32 bands of 4 rows: pairs above ~0.42 similarity become candidates, then are checked.
BANDS = 32
_PRIME = (1 << 32) + 15  # a prime above every 32-bit shingle hash
_WORD = re.compile(r"\w+")
#: Query parameters that track a click, not name a page.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ref|smid|at_\w+)$")


def normalise_text(text: str) -> str:
    """Lower-case words joined by single spaces: what two copies of one text share."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def canonical_url(url: str | None) -> str | None:
    """A URL with what does not change the page removed: case of host, fragment, tracking."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    if port and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k.lower()))
    path = parts.path.rstrip("/") or "/"
    # http and https copies of a page are one page.
    return urlunsplit(("https", host.removeprefix("www."), path, urlencode(query), ""))


def shingle_hashes(normalised: str) -> np.ndarray:
    """32-bit hashes of the text's word 5-shingles (stable across runs)."""
    words = normalised.split(" ")[:MAX_SHINGLED_WORDS]
    if len(words) < SHINGLE_WORDS:
        grams = [" ".join(words)] if words and words[0] else []
    else:
        grams = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - 4)]
    return np.fromiter({zlib.crc32(g.encode("utf-8")) for g in grams}, dtype=np.uint64, count=-1)


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20080401)  # fixed: signatures comparable across runs
    a = rng.integers(1, 1 << 32, size=(num_perm, 1), dtype=np.uint64)
    b = rng.integers(0, 1 << 32, size=(num_perm, 1), dtype=np.uint64)
    return a, b


_A, _B = _permutations(NUM_PERM)


def minhash(normalised: str) -> np.ndarray | None:
    """The MinHash signature (``NUM_PERM`` uint32) of a normalised text; None without words.
    The same text gives the same signature in every run (the store keeps them)."""
    hashes = shingle_hashes(normalised)
    if hashes.size == 0:
        return None
    return ((_A * hashes[None, :] + _B) % _PRIME).min(axis=1).astype(np.uint32)


def band_keys(signature: np.ndarray, bands: int = BANDS) -> list[int]:
    """One signed 64-bit key per LSH band (the band's number and its rows hashed): two
    signatures that agree on a whole band share that band's key."""
    rows = signature.size // bands
    keys = []
    for band in range(bands):
        chunk = band.to_bytes(2, "big") + signature[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    return float(np.mean(a == b))


def text_hash(normalised: str) -> str:
    """The hash two copies of one text share (hex)."""
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """What the de-duplicator found: ``new``, ``duplicate`` (drop) or ``near`` (link)."""

    kind: str
    of: str | None = None  # id of the earlier article
    similarity: float = 1.0


class Deduplicator:
    """Streaming de-duplication: feed articles in order; earlier ones win.

    >>> dedup = Deduplicator()
    >>> kept = list(dedup.filter(articles, report))  # doctest: +SKIP
    """

    def __init__(
        self, *, threshold: float = NEAR_THRESHOLD, num_perm: int = NUM_PERM, bands: int = BANDS
    ) -> None:
        if num_perm % bands:
            raise ValueError("num_perm must be a multiple of bands")
        self._a, self._b = (_A, _B) if num_perm == NUM_PERM else _permutations(num_perm)
        self.threshold = threshold
        self._rows = num_perm // bands
        self._bands = bands
        self._by_url: dict[str, str] = {}
        self._by_text: dict[bytes, str] = {}
        self._buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
        self._signatures: dict[str, np.ndarray] = {}
        self._cluster: dict[str, str] = {}  # article id -> id of its cluster's first article

    def signature(self, normalised: str) -> np.ndarray | None:
        hashes = shingle_hashes(normalised)
        if hashes.size == 0:
            return None
        return ((self._a * hashes[None, :] + self._b) % _PRIME).min(axis=1).astype(np.uint32)

    def check(self, article: Article) -> Verdict:
        """Classify ``article`` against those seen before, and remember it unless a duplicate."""
        url = canonical_url(article.meta.get("canonical_url") or article.url)
        if url and url in self._by_url:
            return Verdict("duplicate", self._by_url[url])
        normalised = normalise_text(article.text)
        text_key = hashlib.sha1(normalised.encode("utf-8")).digest()
        if text_key in self._by_text:
            return Verdict("duplicate", self._by_text[text_key])
        if url:
            self._by_url[url] = article.id
        self._by_text[text_key] = article.id
        signature = self.signature(normalised)
        if signature is None:
            return Verdict("new")
        best, best_sim = None, 0.0
        keys = [
            (band, signature[band * self._rows : (band + 1) * self._rows].tobytes())
            for band in range(self._bands)
        ]
        for candidate in {c for key in keys for c in self._buckets.get(key, ())}:
            sim = float(np.mean(self._signatures[candidate] == signature))
            if sim > best_sim:
                best, best_sim = candidate, sim
        for key in keys:
            self._buckets[key].append(article.id)
        self._signatures[article.id] = signature
        if best is not None and best_sim >= self.threshold:
            root = self._cluster.get(best, best)
            self._cluster[article.id] = root
            return Verdict("near", root, best_sim)
        return Verdict("new")

    def filter(self, articles: Iterable[Article], report: Report) -> Iterator[Article]:
        """Drop exact duplicates (counted), link near-duplicates in ``meta``, yield the rest."""
        for article in articles:
            verdict = self.check(article)
            if verdict.kind == "duplicate":
                report.read -= 1
                report.duplicates += 1
                log.info("duplicate %s: same article as %s", article.origin, verdict.of)
                continue
            if verdict.kind == "near":
                article.meta["near_duplicate_of"] = verdict.of
                article.meta["near_duplicate_similarity"] = round(verdict.similarity, 3)
            yield article
