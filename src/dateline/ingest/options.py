"""What a reader needs to know besides the bytes: field names, defaults."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Article attribute -> JSON keys tried in order, for JSON Lines input.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "published": ("published", "date", "pubdate", "datetime"),
    "source": ("source", "outlet", "publisher"),
    "id": ("id", "doc_id"),
    "language": ("language", "lang"),
    "dateline": ("dateline",),
}


@dataclass
class ReadOptions:
    """Options shared by every reader."""

    #: Overrides of :data:`DEFAULT_FIELDS`, e.g. ``{"text": ("body",)}``.
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Source name for articles whose input names none (``--source``).
    source: str | None = None
    #: Publication date for articles whose input gives none (``--date``).
    published: str | None = None
    #: Force a format instead of guessing from the extension or content.
    format: str | None = None
    #: Keep articles detected as not English.
    keep_non_english: bool = False
    #: Drop exact duplicates and link near-duplicates (see ``dateline.ingest.dedup``).
    dedup: bool = True

    def keys(self, name: str) -> tuple[str, ...]:
        return self.fields.get(name, DEFAULT_FIELDS[name])


def parse_field_mappings(specs: list[str] | tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``["text=body", "published=pubDate"]`` -> ``{"text": ("body",), ...}``."""
    from dateline.errors import UsageError

    out: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        name, sep, key = spec.partition("=")
        name, key = name.strip(), key.strip()
        if not sep or not key:
            raise UsageError(f"--field expects NAME=KEY, got {spec!r}")
        if name not in DEFAULT_FIELDS:
            known = ", ".join(DEFAULT_FIELDS)
            raise UsageError(f"--field: unknown article field {name!r} (known: {known})")
        out[name] = out.get(name, ()) + (key,)
    return out
