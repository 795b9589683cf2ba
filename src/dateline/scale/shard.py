"""The engine-neutral shard function: articles in, contract records out.

Local multiprocessing (``dateline.scale.local``) and Spark (``dateline.scale.spark``)
both call :func:`process_shard`. The pipeline is loaded once per process by
:func:`cached_pipeline` and reused by every shard that process runs, so a worker
or a Spark executor pays the model's load time once, and the model itself is
never pickled.
"""

from __future__ import annotations

import io
import resource
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.article import Article
from dateline.ingest import ReadOptions, Report

if TYPE_CHECKING:  # loaded where a pipeline is: in a worker, not in the parent that reads
    from spacy.language import Language

#: Article fields a shard accepts from a plain dict (Spark rows, JSON).
ARTICLE_FIELDS = tuple(Article.__dataclass_fields__)


def cached_pipeline(model: str | None = None, bare: bool = False) -> Language:
    """The pipeline for ``model``, loaded on first use in this process and then reused.

    ``bare`` gives the spaCy model without Dateline's components (the benchmark's
    baseline).
    """
    from dateline import settings

    return _load(model or str(settings.get("model")), bare)


@lru_cache(maxsize=4)
def _load(name: str, bare: bool) -> Language:
    from dateline.pipeline import load, load_model

    return load_model(name) if bare else load(name)


def pipelines_loaded() -> int:
    """How many pipelines this process has loaded (each model once, however many shards)."""
    return _load.cache_info().misses


@dataclass
class EventReport(Report):
    """A :class:`Report` that keeps every event instead of logging it.

    Workers and executors fill one; the process that owns the run replays it into
    its own report (:meth:`replay`), so each message is logged once, where the CLI
    configured logging.
    """

    events: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    oks: int = 0

    def ok(self) -> None:
        self.read += 1
        self.oks += 1

    def skip(self, item: str, reason: str, kind: str | None = None) -> None:
        self.skipped[kind or reason] += 1
        self.events.append(("skip", item, reason, kind))

    def reject(self, item: str, reason: str, kind: str | None = None) -> None:
        self.read -= 1
        self.skipped[kind or reason] += 1
        self.events.append(("reject", item, reason, kind))

    def warn(self, item: str, message: str, kind: str | None = None) -> None:
        self.warnings[kind or message] += 1
        self.events.append(("warn", item, message, kind))

    def replay(self, report: Report) -> None:
        """Apply what happened here to ``report``, in the order it happened."""
        report.read += self.oks
        for method, item, reason, kind in self.events:
            getattr(report, method)(item, reason, kind)


def to_article(item: Article | Mapping) -> Article:
    """An :class:`Article` from an Article or a dict of its fields (unknown keys ignored)."""
    if isinstance(item, Article):
        return item
    fields = {k: item[k] for k in ARTICLE_FIELDS if k in item and item[k] is not None}
    if not isinstance(fields.get("text"), str):
        raise ValueError("no article text")
    if not isinstance(fields.get("meta", {}), dict):
        fields.pop("meta")
    return Article(**fields)


def article_dict(article: Article) -> dict:
    """The plain dict form of an article, as :func:`to_article` reads it back."""
    return asdict(article)


def _articles(items: Iterable[Article | Mapping], report: Report) -> Iterator[Article]:
    for n, item in enumerate(items):
        try:
            yield to_article(item)
        except (TypeError, ValueError) as err:
            where = item.get("origin") if isinstance(item, Mapping) else None
            report.skip(str(where or f"item {n}"), f"not an article ({err})", "not an article")


def process_shard(
    items: Iterable[Article | Mapping],
    *,
    model: str | None = None,
    batch_size: int | None = None,
    max_chars: int | None = None,
    report: Report | None = None,
    nlp: Language | None = None,
) -> Iterator[dict]:
    """Annotate one shard of articles (or Article dicts); yield their records in order.

    The pipeline is ``nlp`` if given, else this process's cached one for ``model``.
    Items that are not articles, articles over ``max_chars`` and articles whose
    annotation fails are reported, skipped and counted; the others go on.
    """
    from dateline.extraction import extract

    report = report if report is not None else Report()
    nlp = nlp if nlp is not None else cached_pipeline(model)
    yield from extract(
        _articles(items, report), nlp, report=report, batch_size=batch_size, max_chars=max_chars
    )


def read_blob(
    name: str, data: bytes, opts: ReadOptions | None = None, report: Report | None = None
) -> Iterator[Article]:
    """The articles in one file's bytes, read by the reader its name or content calls for.

    This is how an engine that hands out file contents (Spark's ``binaryFiles``)
    reuses Dateline's readers: WARC, JSON Lines, text, gzip, whatever is registered.
    """
    from dateline import ingest

    report = report if report is not None else Report()
    base = name.rstrip("/").rsplit("/", 1)[-1]
    stream = io.BufferedReader(io.BytesIO(data))
    # _read_stream is the registry dispatch read_sources uses for each file.
    yield from ingest._read_stream(stream, name, base, opts or ReadOptions(), report)


def memory_kb() -> tuple[int, int]:
    """This process's (current, peak) resident memory in KiB (Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        current = pages * resource.getpagesize() // 1024
    except OSError:
        current = peak
    return current, peak


__all__ = [
    "EventReport",
    "article_dict",
    "cached_pipeline",
    "memory_kb",
    "pipelines_loaded",
    "process_shard",
    "read_blob",
    "to_article",
]
