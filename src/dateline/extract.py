"""Articles in, records out: the main job behind ``dateline extract``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from dateline import settings
from dateline.article import Article
from dateline.ingest.report import Report
from dateline.record import to_record

log = logging.getLogger("dateline.extract")


def make_doc(nlp: Language, article: Article) -> Doc:
    """An unannotated Doc carrying the article's date for the time stage."""
    doc = nlp.make_doc(article.text)
    doc._.published = article.published
    doc._.article_id = article.id
    return doc


def extract(
    articles: Iterable[Article],
    nlp: Language,
    *,
    report: Report | None = None,
    batch_size: int | None = None,
    max_chars: int | None = None,
) -> Iterator[dict]:
    """Annotate ``articles`` with ``nlp`` and yield one contract record each, in order.

    An article over ``max_chars`` or one whose annotation fails is reported,
    skipped and counted; the others go on.
    """
    report = report if report is not None else Report()
    batch_size = batch_size or int(settings.get("batch_size"))
    max_chars = max_chars or int(settings.get("max_chars"))
    batch: list[Article] = []
    for article in articles:
        if len(article.text) > max_chars:
            report.reject(
                article.origin or article.id,
                f"article is {len(article.text):,} characters, over the limit of "
                f"{max_chars:,} (raise it with --max-chars)",
                "too long",
            )
            continue
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _annotate(batch, nlp, report)
            batch = []
    if batch:
        yield from _annotate(batch, nlp, report)


def _annotate(batch: list[Article], nlp: Language, report: Report) -> Iterator[dict]:
    # memory_zone frees the strings a batch added to the vocab once its records exist.
    with nlp.memory_zone():
        try:
            docs = list(nlp.pipe(make_doc(nlp, a) for a in batch))
            records = [to_record(doc, a) for doc, a in zip(docs, batch, strict=True)]
        except Exception:  # noqa: BLE001 - one bad article must not sink its batch
            records = list(_one_by_one(batch, nlp, report))
    yield from records


def _one_by_one(batch: list[Article], nlp: Language, report: Report) -> Iterator[dict]:
    for article in batch:
        try:
            yield to_record(nlp(make_doc(nlp, article)), article)
        except Exception as err:  # noqa: BLE001
            log.debug("annotation of %s failed", article.origin, exc_info=True)
            report.reject(
                article.origin or article.id,
                f"annotation failed ({type(err).__name__}: {err})",
                "annotation failed",
            )
