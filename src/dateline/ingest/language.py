"""Which language an article is in, and the filter that keeps English ones.

Detection uses py3langid (langid.py's model, shipped in the wheel, offline).
Short texts are guessed unreliably, so below :data:`MIN_DETECT_CHARS` the
language the input declares decides, and with none declared the article is
kept: the filter only drops what it is sure of.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from dateline.article import Article
from dateline.ingest.report import Report

#: Texts shorter than this are not classified (langid.py's accuracy drops on a few words).
MIN_DETECT_CHARS = 100
#: Only the head of a long article is classified: enough for a sure answer, bounded time.
DETECT_CHARS = 3000
#: Normalised probability under which a detected language is not trusted.
MIN_CONFIDENCE = 0.9
WANTED = "en"


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float] | None:
    """``(ISO 639-1 code, probability)`` of ``text``; ``None`` when it is too short to tell."""
    sample = text[:DETECT_CHARS].strip()
    if len(sample) < MIN_DETECT_CHARS:
        return None
    code, prob = _identifier().classify(sample)
    return str(code), float(prob)


def _primary(tag: str | None) -> str | None:
    """``en-GB`` / ``en_us`` / ``EN`` -> ``en``."""
    if not tag:
        return None
    return tag.replace("_", "-").split("-")[0].strip().lower() or None


def article_language(article: Article) -> tuple[str | None, str]:
    """The article's language and how it was found: ``detected``, ``declared`` or ``unknown``."""
    found = detect_language(article.text)
    if found and found[1] >= MIN_CONFIDENCE:
        return found[0], "detected"
    declared = _primary(article.language)
    return (declared, "declared") if declared else (None, "unknown")


def filter_language(
    articles: Iterable[Article], report: Report, *, keep_non_english: bool = False
) -> Iterator[Article]:
    """Set each article's language; drop (and count) the non-English ones unless kept."""
    for article in articles:
        language, how = article_language(article)
        if language:
            declared = article.language
            article.language = language
            if declared and _primary(declared) != language:
                article.meta.setdefault("declared_language", declared)
            article.meta["language_source"] = how
        if language and language != WANTED and not keep_non_english:
            report.reject(
                article.origin or article.id,
                f"article is in {language!r} ({how}), not English; keep it with --keep-non-english",
                "not English",
            )
            continue
        yield article
