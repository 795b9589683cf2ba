"""Wire-story datelines: "BRUSSELS, June 18 (Reuters) -" at the head of a story.

A dateline is metadata, not prose: where the story was filed, when, and by which
agency. ``parse_dateline`` reads it from the head of a text (or from a source's own
field, as Reuters-21578 keeps it) without a model. The ``dateline_datelines``
component runs before the parser so that the lead sentence after the dateline is
parsed as a sentence of its own ("WASHINGTON, April 3 - The rate fell …, the
department said" is an ordinary attribution) and the place is a GPE entity.

The dateline rarely writes its year: the year is the one that puts the month and
day nearest the reference date (the publication date), so "Dec 31" on a story
published Jan 2 is the previous year's.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from dateline import lexicons
from dateline.nlp import extensions
from dateline.nlp.doctext import doc_text
from dateline.types import Timex

extensions.register()

log = logging.getLogger("dateline.datelines")

#: One word of a place name: capitalised ("NEW", "Rio", "D.C.", "Al-Khobar", "O'Hare").
_WORD = r"[A-Z][A-Za-z.'’&-]*"
#: Lower-case words inside place names ("Rio de Janeiro", "Port of Spain").
_LINK = r"(?:de|da|do|dos|del|la|le|el|al|of|on|upon|am|sur|en)"
_PLACE_PART = rf"{_WORD}(?:[ ]+(?:{_LINK}[ ]+)?{_WORD}){{0,4}}"
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: The separator that ends a dateline: a dash of any kind, or a colon with a space
#: before it ("United Nations :"); "PENCE:" is a speaker label, never a dateline.
_SEP = r"(?:-{1,2}|[–—_]|(?<=\s):)"

_DATELINE = re.compile(
    rf"(?P<place>{_PLACE_PART})"
    # a state or country after the city: "SPRINGFIELD, Ill.", "SAN JOSE, Costa Rica"
    rf"(?:,[ ]*(?!{_MONTH}\b)(?P<region>{_PLACE_PART}))?"
    rf"(?:,?[ ]*(?P<month>{_MONTH})\.?[ ]+(?P<day>\d{{1,2}})(?!\d)(?:,[ ]*(?P<year>\d{{4}}))?)?"
    r"[ ]*(?:\((?P<agency>[^()\n]{1,40})\)[ ]*)?"
    rf"(?P<sep>{_SEP})(?=\s|\Z)"
)
#: A headline line may stand before the dateline; no longer than this.
_MAX_HEADLINE = 150
#: A line break of any kind: the dateline is read from the text as read (CR, CRLF, form feed).
_LINE_BREAK = re.compile(r"[\n\r\f\v\x85\u2028\u2029]")
#: How far into a text a dateline may end.
_MAX_DATELINE = 120


@dataclass(frozen=True, slots=True)
class Dateline:
    """A parsed dateline. Spans are offsets into the text it was read from, end
    exclusive; ``None`` when the dateline came from a field of its own."""

    text: str
    place: str | None
    month: int | None = None
    day: int | None = None
    year: int | None = None  # the year as written, if it is
    agency: str | None = None
    start: int | None = None
    end: int | None = None
    place_start: int | None = None
    place_end: int | None = None
    date_start: int | None = None  # the month and day (and year) as written
    date_end: int | None = None

    @property
    def written_date(self) -> bool:
        return self.month is not None and self.day is not None

    def date(self, reference: dt.date | None) -> dt.date | None:
        """The full date, the year written or inferred from ``reference``; ``None``
        without a date, without a year to give it, or when it is impossible."""
        if self.month is None or self.day is None:
            return None
        if self.year is not None:
            return _make_date(self.year, self.month, self.day)
        if reference is None:
            return None
        return infer_year(self.month, self.day, reference)

    def possible(self) -> bool:
        """Whether the month and day exist in some year ("February 30" does not)."""
        if self.month is None or self.day is None:
            return True
        return _make_date(self.year or 2000, self.month, self.day) is not None  # a leap year


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, reference: dt.date) -> dt.date | None:
    """The date of ``month``/``day`` nearest ``reference`` (the year before, of, or after)."""
    found = [
        d
        for year in (reference.year - 1, reference.year, reference.year + 1)
        if dt.MINYEAR <= year <= dt.MAXYEAR and (d := _make_date(year, month, day)) is not None
    ]
    return min(found, key=lambda d: abs((d - reference).days)) if found else None


def parse_dateline(text: str) -> Dateline | None:
    """The dateline at the head of ``text``, or after a headline line; ``None`` if none."""
    head = text[: _MAX_HEADLINE + _MAX_DATELINE + 2]
    starts = [len(head) - len(head.lstrip())]
    newline = _LINE_BREAK.search(head, starts[0])
    if newline is not None and newline.start() - starts[0] <= _MAX_HEADLINE:
        after = head[newline.start() :]
        starts.append(newline.start() + len(after) - len(after.lstrip()))
    for start in starts:
        found = _match(head, start)
        if found is not None:
            return found
    return None


def parse_field(value: str) -> Dateline | None:
    """A dateline kept in a field of its own ("SALVADOR, Feb 26 -"): no spans. A value
    without its separator ("SALVADOR, Feb 26") reads too."""
    value = " ".join(value.split())
    if not value:
        return None
    found = _match(value, 0) or _match(value + " -", 0)
    if found is None:
        return Dateline(text=value, place=value.rstrip(" -–—:,"))
    return Dateline(
        text=value,
        place=found.place,
        month=found.month,
        day=found.day,
        year=found.year,
        agency=found.agency,
    )


def _match(text: str, start: int) -> Dateline | None:
    from dateline.nlp.timex.lexicon import MONTHS  # timex imports this module

    m = _DATELINE.match(text, start)
    if m is None or m.end() - start > _MAX_DATELINE:
        return None
    place_end = m.end("region") if m["region"] else m.end("place")
    place = text[m.start("place") : place_end]
    if place.lower() in lexicons.load("dateline_not_places"):
        return None  # "EXCLUSIVE –", "UPDATE -": a label, not a place
    dated, agency = m["month"] is not None, m["agency"]
    # Without a date or an agency only an all-caps place ("WASHINGTON —") or a colon
    # ("United Nations :") marks a dateline: "Obama - the candidate -" is prose.
    if not dated and agency is None:
        letters = [c for c in m["place"] if c.isalpha()]
        if not (m["sep"] == ":" or (len(letters) >= 3 and all(c.isupper() for c in letters))):
            return None
        # ... and the lead sentence starts after it: "NATO - the alliance" is prose.
        lead = text[m.end() : m.end() + 3].lstrip()
        if lead and not (lead[0].isupper() or lead[0].isdigit() or lead[0] in "\"“‘'"):
            return None
    return Dateline(
        text=text[start : m.end()],
        place=place,
        month=MONTHS[m["month"].lower().rstrip(".")] if dated else None,
        day=int(m["day"]) if dated else None,
        year=int(m["year"]) if m["year"] else None,
        agency=agency.strip() if agency else None,
        start=start,
        end=m.end(),
        place_start=m.start("place"),
        place_end=place_end,
        date_start=m.start("month") if dated else None,
        date_end=(m.end("year") if m["year"] else m.end("day")) if dated else None,
    )


def reference_date(published: str | None) -> dt.date | None:
    """The publication date as a date, or ``None`` if it is not a full ISO date."""
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class DocDateline:
    """What ``doc._.dateline`` holds: the dateline and its resolved date."""

    dateline: Dateline
    date: dt.date | None

    def to_dict(self, text: str, entity: str | None = None, time: str | None = None) -> dict:
        """The record's ``dateline`` (docs/record.md); spans index ``text``."""
        d = self.dateline
        spanned = d.start is not None and d.end is not None
        return {
            "text": text[d.start : d.end] if spanned else d.text,
            "start": d.start,
            "end": d.end,
            "place": text[d.place_start : d.place_end] if spanned else d.place,
            "place_start": d.place_start,
            "place_end": d.place_end,
            "date": self.date.isoformat() if self.date else None,
            "agency": d.agency,
            "entity": entity,
            "time": time,
        }


def text_as_read(doc: Doc) -> str:
    """The article text as read (``doc._.raw_text``), else ``doc.text``. The parse view
    may join a headline line to the dateline after it; the text as read keeps the break."""
    raw = doc._.raw_text
    text = doc_text(doc)
    return raw if isinstance(raw, str) and len(raw) == len(text) else text


def doc_dateline(doc: Doc) -> DocDateline | None:
    """The dateline of ``doc``: in its text, else in ``doc._.dateline_field``. An
    impossible date ("February 30") is warned about and dropped."""
    found = parse_dateline(text_as_read(doc))
    if found is None and doc._.dateline_field:
        found = parse_field(str(doc._.dateline_field))
    if found is None:
        return None
    reference = reference_date(doc._.published)
    if not found.possible():
        log.warning(
            "article %s: the dateline %r names no real date; times are resolved against "
            "the published date",
            doc._.article_id or "(no id)",
            found.text,
        )
    date = found.date(reference) if found.possible() else None
    if date is None and found.written_date and found.possible() and doc._.published:
        # "2008" alone: the dateline gives the day, the metadata the year.
        year = re.match(r"\s*(\d{4})", str(doc._.published))
        date = _make_date(int(year[1]), found.month, found.day) if year else None  # type: ignore[arg-type]
    return DocDateline(found, date)


@Language.factory(
    "dateline_datelines",
    assigns=["doc._.dateline", "token.is_sent_start", "doc.ents"],
)
def make_datelines(nlp: Language, name: str) -> DatelineComponent:
    return DatelineComponent()


class DatelineComponent:
    """Sets ``doc._.dateline``. Placed before the parser and NER: the word after the
    dateline starts a sentence and the place is a GPE, and both models respect that."""

    def __call__(self, doc: Doc) -> Doc:
        found = doc_dateline(doc)
        doc._.dateline = found
        if found is None or found.dateline.end is None:
            return doc
        d = found.dateline
        after = doc.char_span(d.end, len(doc_text(doc)), alignment_mode="expand")
        first = next((t for t in after if not t.is_space), None) if after else None
        head = doc.char_span(d.start, d.end, alignment_mode="expand")
        if not doc.has_annotation("DEP"):
            for token in (head[0] if head else None, first):
                if token is not None and token.i > 0:
                    token.is_sent_start = True
        place = doc.char_span(d.place_start, d.place_end, alignment_mode="contract")
        if place is not None and len(place) and not doc.has_annotation("ENT_IOB"):
            doc.set_ents([Span(doc, place.start, place.end, label="GPE")], default="unmodified")
        return doc


@Language.factory(
    "dateline_dateline_time",
    requires=["doc._.dateline", "doc._.times"],
    assigns=["doc._.times"],
)
def make_dateline_time(nlp: Language, name: str) -> DatelineTimeComponent:
    return DatelineTimeComponent()


class DatelineTimeComponent:
    """Adds the dateline's date to ``doc._.times`` where the time stage missed it
    ("LONDON, MARCH 24 -"). Runs before quote times link to time ids."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.times = add_dateline_time(doc._.times or [], doc._.dateline, doc_text(doc))
        return doc


def add_dateline_time(times: list[Timex], found: DocDateline | None, text: str) -> list[Timex]:
    """``times`` with the dateline's date as a DATE, renumbered in text order."""
    if found is None or found.date is None or found.dateline.date_start is None:
        return times
    start = found.dateline.date_start
    end = found.dateline.date_end or start
    if any(t.start < end and start < t.end for t in times):
        return times
    added = Timex("", start, end, text[start:end], "DATE", found.date.isoformat())
    out = sorted([*times, added], key=lambda t: t.start)
    for n, t in enumerate(out, start=1):
        t.id = f"t{n}"
    return out
