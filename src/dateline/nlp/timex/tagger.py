"""Finding the time expressions of a Doc: run every rule, keep the longest
non-overlapping matches, join a clock time to the day it belongs to, and
resolve the values in reading order (so "a year earlier" can refer back)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from dateline.nlp import datelines  # a module: the two import each other
from dateline.nlp.doctext import doc_text
from dateline.nlp.timex import calendar as cal
from dateline.nlp.timex.rules import RULES, Context, Rule, range_end, refers_back, year_range_end
from dateline.types import Timex

log = logging.getLogger("dateline.times")

#: What may stand between a day and its clock time for the two to be one expression:
#: "Friday at 10 a.m.", "10 p.m. Wednesday", "5 p.m. EST, Nov. 6".
_JOIN = re.compile(r"\A(?:\s*,\s*|\s+(?:at|on)\s+|\s+)\Z")
_DAY_VALUE = re.compile(r"\A(?:\d{4}|XXXX)-(?:\d{2}|XX)-(?:\d{2}|XX)\Z|\AXXXX-WXX-\d\Z")


#: A programme or book title quoted in the text: "This Week," on ABC, CBS's "60 Minutes".
#: Units are lower case in running text, so a quoted expression in title case ending in
#: one is a name. (Holidays end in "Day" and are left alone.)
_TITLE = re.compile(
    r"\A(?:[A-Z0-9][\w']*\s+)+(?:Weeks?|Months?|Years?|Hours?|Minutes?|Seconds?|Decades?)\Z"
)
_OPEN_QUOTE = ('"', "'", "“", "‘", "`")


def _quoted_title(text: str, start: int, end: int) -> bool:
    return text[max(0, start - 1) : start] in _OPEN_QUOTE and bool(_TITLE.match(text[start:end]))


@dataclass
class _Hit:
    start: int
    end: int
    rule: Rule
    match: re.Match
    type: str = ""
    value: str = ""


def resolve_anchor(doc: Doc) -> dt.date | None:
    """The date the values are resolved against.

    A wire-story dateline's date (``doc._.dateline``) when it has one: "SYDNEY,
    April 8" on a story published April 7 was written on April 8, and its
    "yesterday" is April 7. Else ``doc._.published`` when it is a full date. An
    impossible dateline date ("February 30") is warned about once, by the dateline
    stage, and the published date is used.
    """
    found = doc._.dateline
    if found is None:
        found = datelines.doc_dateline(doc)  # a pipeline without the dateline component
    if found is not None and found.date is not None:
        return found.date
    return cal.parse_anchor(doc._.published)


def _extent(rule: Rule, m: re.Match) -> tuple[int, int]:
    if "x" in rule.regex.groupindex and m.group("x") is not None:
        return m.span("x")
    return m.span()


def _candidates(ctx: Context) -> list[_Hit]:
    hits: list[_Hit] = []
    for rule in RULES:
        for m in rule.regex.finditer(ctx.text):
            start, end = _extent(rule, m)
            if end > start:
                hits.append(_Hit(start, end, rule, m))
    # Longest first; on a tie, the rule listed first.
    order = {r.name: i for i, r in enumerate(RULES)}  # RULES is in base.ORDER
    hits.sort(key=lambda h: (h.start - h.end, order[h.rule.name], h.start))
    taken: list[_Hit] = []
    # Overlaps are judged on whole matches: a range's second day is no free year. One byte
    # per character marks what is taken, so a check costs the hit's length, not the number
    # of hits taken (linear on long articles).
    used = bytearray(len(ctx.text))
    for hit in hits:
        if used.find(1, hit.start, hit.end) >= 0:
            continue
        if _quoted_title(ctx.text, hit.start, hit.end):
            continue
        found = hit.rule.value(hit.match, ctx)
        if found is None:
            continue
        used[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
        if len(found) > 2:
            hit.start = found[2]
        if len(found) > 3:
            hit.end = found[3]
        taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def _split_ranges(hits: list[_Hit]) -> list[_Hit]:
    """Add the second date of each day or year range ("April 9-11" -> "April 9", "11";
    "2003-2005" -> "2003", "2005")."""
    out: list[_Hit] = []
    for hit in hits:
        out.append(hit)
        if hit.rule.splits == "days" and re.match(r"\d{4}-\d{2}-\d{2}$|XXXX-", hit.value):
            start, end, type_, value = range_end(hit.match, hit.value)
            out.append(_Hit(start, end, hit.rule, hit.match, type_, value))
        elif hit.rule.splits == "years" and hit.end == hit.match.end("y"):
            start, end, type_, value = year_range_end(hit.match)
            out.append(_Hit(start, end, hit.rule, hit.match, type_, value))
    return out


def _join_clock_times(text: str, hits: list[_Hit]) -> list[_Hit]:
    out: list[_Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if prev is not None and _JOIN.match(text[prev.end : hit.start]):
            clock_hit = prev if prev.rule.joins_day else hit
            day_hit = hit if clock_hit is prev else prev
            if (
                clock_hit.rule.joins_day
                and not day_hit.rule.joins_day
                and _DAY_VALUE.match(day_hit.value)
            ):
                time_part = clock_hit.value[clock_hit.value.index("T") :]
                out[-1] = _Hit(
                    prev.start,
                    hit.end,
                    clock_hit.rule,
                    clock_hit.match,
                    "TIME",
                    day_hit.value + time_part,
                )
                continue
        out.append(hit)
    return out


def find_times(doc: Doc) -> list[Timex]:
    """The TIMEX3 expressions of ``doc``, values resolved against its publication date."""
    anchor = resolve_anchor(doc)
    if anchor is None:
        log.warning(
            "article %s has no date: its time values stay underspecified (XXXX-...)",
            doc._.article_id or "(no id)",
        )
    text = doc_text(doc)
    ctx = Context(doc, anchor, text)
    hits = _candidates(ctx)
    for hit in hits:
        found = hit.rule.value(hit.match, ctx)
        hit.type, hit.value = found[:2] if found else ("DATE", "XXXX")
        if (
            hit.type in ("DATE", "TIME")
            and re.match(r"\d{4}", hit.value)
            and not hit.rule.referring
            and not refers_back(hit.match)
        ):
            ctx.seen = hit.value.split("T")[0]
            if "-" in ctx.seen:
                ctx.ref = ctx.seen
    hits = _join_clock_times(text, _split_ranges(hits))
    return [
        Timex(f"t{i}", h.start, h.end, text[h.start : h.end], h.type, cal.on_calendar(h.value))
        for i, h in enumerate(hits, start=1)
    ]
