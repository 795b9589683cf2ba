"""Articles in, records out: the main job behind ``dateline extract``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from dateline import settings
from dateline.article import Article
from dateline.ingest.report import Report
from dateline.nlp.version import pipeline_version
from dateline.record import to_record
from dateline.textview import parse_view as _parse_view

log = logging.getLogger("dateline.extract")

#: Called with an article whose annotation failed and the reason (to keep it for a retry).
OnFailed = Callable[[Article, str], None]


def make_doc(nlp: Language, article: Article, *, view: bool | None = None) -> Doc:
    """An unannotated Doc of the article's parse view, carrying its date for the time stage.

    The Doc's text is :func:`dateline.textview.parse_view` of the article text
    (same length, so every offset holds for both) unless ``view`` is false or
    the ``parse_view`` setting is 0; :func:`dateline.record.to_record` takes
    every span's text from the article text as read.
    """
    if view is None:
        view = bool(int(settings.get("parse_view")))
    doc = nlp.make_doc(_parse_view(article.text) if view else article.text)
    doc._.published = article.published
    doc._.article_id = article.id
    doc._.raw_text, doc._.dateline_field = article.text, article.dateline  # for the dateline
    doc._.pipeline = pipeline_version(nlp) + ("" if view else ".noview")
    return doc


def extract(
    articles: Iterable[Article],
    nlp: Language,
    *,
    report: Report | None = None,
    batch_size: int | None = None,
    max_chars: int | None = None,
    parse_view: bool | None = None,
    on_failed: OnFailed | None = None,
) -> Iterator[dict]:
    """Annotate ``articles`` with ``nlp`` and yield one contract record each, in order.

    An article over ``max_chars`` or one whose annotation fails is reported,
    skipped and counted; the others go on. ``parse_view=False`` parses the text
    as read instead of its parse view (see :func:`make_doc`). ``on_failed`` is
    called with each article whose annotation raised, and the reason.
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
            yield from _annotate(batch, nlp, report, parse_view, on_failed)
            batch = []
    if batch:
        yield from _annotate(batch, nlp, report, parse_view, on_failed)


def _annotate(
    batch: list[Article],
    nlp: Language,
    report: Report,
    view: bool | None = None,
    on_failed: OnFailed | None = None,
) -> Iterator[dict]:
    # memory_zone frees the strings a batch added to the vocab once its records exist.
    with nlp.memory_zone():
        try:
            docs = list(nlp.pipe(make_doc(nlp, a, view=view) for a in batch))
            records = [to_record(doc, a) for doc, a in zip(docs, batch, strict=True)]
        except Exception:  # noqa: BLE001 - one bad article must not sink its batch
            records = list(_one_by_one(batch, nlp, report, view, on_failed))
    yield from records


def _one_by_one(
    batch: list[Article],
    nlp: Language,
    report: Report,
    view: bool | None = None,
    on_failed: OnFailed | None = None,
) -> Iterator[dict]:
    for article in batch:
        try:
            yield to_record(nlp(make_doc(nlp, article, view=view)), article)
        except Exception as err:  # noqa: BLE001
            log.debug("annotation of %s failed", article.origin, exc_info=True)
            reason = f"annotation failed ({type(err).__name__}: {err})"
            report.reject(article.origin or article.id, reason, "annotation failed")
            if on_failed is not None:
                on_failed(article, reason)
