"""The ``Article``: what every reader yields and the pipeline consumes."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(slots=True)
class Article:
    """One news article. ``text`` is the body exactly as read; offsets index it."""

    text: str
    id: str = ""
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    language: str | None = None
    origin: str | None = None  # where it came from: "path", "path:line", "path#record"
    #: A wire dateline the source keeps in a field of its own ("SALVADOR, Feb 26 -", as
    #: Reuters-21578 does); one at the head of ``text`` is read from the text.
    dateline: str | None = None
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id(self.text, self.url)


def article_id(text: str, url: str | None = None) -> str:
    """A stable id: the same text (and URL) always gives the same id."""
    digest = hashlib.sha1()
    digest.update((url or "").encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def parse_date(value: object) -> str | None:
    """Normalise a date from metadata to ``YYYY-MM-DD``; ``None`` if it is not a date.

    Accepts ``date``/``datetime`` objects and strings that start with an ISO date
    (``2008-04-01``, ``2008-04-01T10:00:00Z``) or are in RFC 2822 form.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    if match:
        try:
            return date(*map(int, match.groups())).isoformat()
        except ValueError:
            return None
    if re.fullmatch(r"\d{8}", text):
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
        except ValueError:
            return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
