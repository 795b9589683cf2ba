"""The tagging rules: one regex per family of time expression and the function
that gives its TIMEX3 type and value.

Extents follow the TimeML guidelines (Pustejovsky et al., TimeML 1.2.1 and the
TIMEX3 annotation guidelines): a leading preposition stays out ("on Tuesday"
-> "Tuesday"), determiners and modifiers stay in ("the past five years",
"nearly two weeks", "mid-March", "early next year"). A rule's function
returns ``(type, value)``, or None to reject the match ("May" the verb).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from dateline.nlp.timex import calendar as cal
from dateline.nlp.timex import context
from dateline.nlp.timex.lexicon import (
    HOLIDAYS,
    MONTH,
    MONTHS,
    NUMBER,
    ORDINAL,
    ORDINALS,
    PART_OF_DAY,
    PARTS_OF_DAY,
    REFS,
    SEASON,
    SEASONS,
    SET_ADVERBS,
    UNIT,
    UNIT_SG,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    _alt,
    number_value,
)

#: (type, value), optionally with the extent's own (start, end) when it is not the match's
#: ("the two-week visit" -> "two-week").
Value = tuple[str, str] | tuple[str, str, int] | tuple[str, str, int, int]


@dataclass
class Context:
    """What a rule needs besides its match: the anchor, the parse, the reference time."""

    doc: Doc
    anchor: dt.date | None
    #: ``doc.text``, built once (spaCy joins the tokens on every access).
    text: str = ""
    #: The last absolute DATE value seen: "a year earlier" and "the quarter" refer to it.
    ref: str | None = None
    _directions: dict[int, int] = field(default_factory=dict)

    def direction(self, start: int) -> int:
        if start not in self._directions:
            self._directions[start] = context.direction(self.doc, start)
        return self._directions[start]

    def period(self) -> str | None:
        """The period the story reports on ("the quarter", "a year earlier" refer to it):
        the time in focus when it lies in the article's own year."""
        if self.ref is None or self.anchor is None:
            return self.ref
        return self.ref if self.ref.startswith(f"{self.anchor.year:04d}") else None

    def before(self, start: int, chars: int = 30) -> str:
        return self.text[max(0, start - chars) : start]

    def after(self, end: int, chars: int = 30) -> str:
        return self.text[end : end + chars]


@dataclass(frozen=True)
class Rule:
    name: str
    regex: re.Pattern
    value: Callable[[re.Match, Context], Value | None]


RULES: list[Rule] = []


def rule(pattern: str):
    def register(fn):
        RULES.append(Rule(fn.__name__, re.compile(pattern), fn))
        return fn

    return register


# --- shared pieces ---------------------------------------------------------------------

#: Approximators TimeML keeps inside the extent (mod="APPROX", "MORE_THAN"...).
#: "about", "over", "only", "just" and "almost" stay out: TimeBank mostly leaves them out.
APPROX = (
    r"(?:(?i:nearly|around|roughly|approximately|more\s+than|less\s+than|fewer\s+than|at\s+least"
    r"|at\s+most|no\s+more\s+than|no\s+less\s+than|up\s+to)\s+)?"
)
EDGE = r"(?:(?i:early|late|mid|the\s+(?:end|middle|beginning|start|close|rest)\s+of)[\s-]*)?"
RELATIVE = r"(?i:this|last|next|past|coming|current|previous|following|same)"
_B = r"(?<![\w$£€.,-])"  # start of a word that is no part of a number or amount
_E = r"(?![\w-]|[.,]\d)"  # end of a word

_GRAIN = {
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "weekend": "weekend",
    "fortnight": "week",
    "month": "month",
    "quarter": "quarter",
    "year": "year",
    "decade": "decade",
    "century": "century",
    "centurie": "century",
    "millennium": "century",
    "millennia": "century",
}


def unit_of(word: str) -> str:
    low = word.lower()
    for key in sorted(_GRAIN, key=len, reverse=True):
        if low.startswith(key):
            return _GRAIN[key]
    raise KeyError(word)


def duration(n: float | None, unit: str) -> str:
    """An ISO 8601 duration: P9Y, P2W, PT6H; X for an unknown amount ("several years")."""
    if unit == "quarter":
        n, unit = (None if n is None else 3 * n), "month"
    elif unit == "decade":
        if n is None:
            return "PXDE"
        n, unit = 10 * n, "year"
    elif unit == "century":
        if n is None:
            return "PXCE"
        n, unit = 100 * n, "year"
    elif unit == "weekend":
        n, unit = (None if n is None else 2 * n), "day"
    amount = "X" if n is None else (f"{n:g}" if n != int(n) else str(int(n)))
    letter = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W"}.get(
        unit, {"month": "M", "year": "Y"}.get(unit, "X")
    )
    return f"PT{amount}{letter}" if unit in ("second", "minute", "hour") else f"P{amount}{letter}"


def _is_verb(ctx: Context, start: int) -> bool:
    token = context.token_at(ctx.doc, start)
    return token is not None and (token.tag_ in ("MD", "VB", "VBP", "VBZ", "VBD", "VBG", "VBN"))


def _grain_value(ctx: Context, grain: str, n: int) -> str:
    return cal.shift(ctx.anchor, grain, n)


# --- durations and relative spans --------------------------------------------------------


@rule(
    _B + r"(?P<the>(?i:the)\s+)?(?P<which>(?i:first|past|last|next|previous|coming|following|final"
    r"|latest|remaining|preceding|same|recent|initial|ensuing|entire|whole|full)\s+)?"
    + APPROX
    + r"(?P<n>"
    + NUMBER
    + r")(?:\s+(?i:more|additional|straight|consecutive|full|long))?[\s-]+(?P<unit>"
    + UNIT
    + r")(?P<orso>\s+(?i:or\s+so|or\s+more|and\s+a\s+half))?"
    + _E
)
def amount_of_time(m: re.Match, ctx: Context) -> Value | None:
    """ "nine years" P9Y, "the past five years" P5Y, "a five-year plan" P5Y, "$5 a year" SET."""
    n = number_value(m["n"])
    unit = unit_of(m["unit"])
    word = m["n"].lower()
    after = ctx.after(m.end(), 12)
    if re.match(r"\d{4}$", m["n"]) and not m["unit"].lower().endswith("s"):
        return None  # "the 1988 second quarter", "the 1988 quarter"
    if unit == "second" and re.match(r"[\s-]*(?i:quarter|half)", after):
        return None
    if unit == "quarter" and (re.match(r"\s+of\b", after) or "-" in m.group(0)):
        return None  # "a quarter of the vote", "three-quarters": fractions
    if word in ("a", "an", "one") and not m["which"]:
        # "$5 a year", "twice a week", "3% a month": a rate, TimeML's SET.
        if re.search(
            r"(?:\d|%|\b(?:dollars?|cents?|times|twice|once|percent|pounds?))\s*$",
            ctx.before(m.start()),
        ):
            return "SET", duration(1, unit)
        if word == "a" and m["the"]:
            return None
    if n is not None and n > 10000:
        return None
    if m["orso"] and "half" in m["orso"].lower() and n is not None:
        n += 0.5
    if m["the"] and not m["which"] and "-" in ctx.text[m.end("n") : m.start("unit")]:
        # "the two-week visit": the article belongs to the noun, not to the time.
        return "DURATION", duration(n, unit), m.start() + len(m["the"])
    return "DURATION", duration(n, unit)


@rule(
    _B + r"(?P<the>(?i:the)\s+)(?P<which>(?i:past|last|previous|next|coming|following|current"
    r"|latest|same|preceding))\s+(?P<unit>" + UNIT_SG + r")" + _E
)
def the_past_unit(m: re.Match, ctx: Context) -> Value | None:
    """ "the past year" (the year before), "the next month", "the current quarter"."""
    unit = unit_of(m["unit"])
    which = m["which"].lower()
    if unit in ("second", "minute", "hour"):
        return "DURATION", duration(1, unit)
    if which in ("latest", "same"):
        return _reference_period(ctx, unit, which)
    if which in ("following", "previous", "preceding") and ctx.ref:
        # "the following month": after the time the story is about.
        moved = cal.shift_value(ctx.ref, unit, 1 if which == "following" else -1)
        if moved:
            return "DATE", moved
    n = {"past": -1, "last": -1, "previous": -1, "preceding": -1, "current": 0}.get(which, 1)
    return "DATE", _grain_value(ctx, unit, n)


def _reference_period(ctx: Context, unit: str, which: str) -> Value:
    """ "the quarter", "the latest quarter": the one the story is about, else the last one."""
    period = ctx.period()
    if unit == "quarter" and period and "-Q" in period:
        return "DATE", period[:7]
    if which == "current":
        return "DATE", _grain_value(ctx, unit, 0)
    return "DATE", _grain_value(ctx, unit, -1)


@rule(
    _B + r"(?i:the)\s+(?P<which>(?i:latest|recent|most\s+recent)\s+)?(?P<unit>quarter|period)" + _E
)
def the_quarter(m: re.Match, ctx: Context) -> Value | None:
    """ "the quarter", "the latest period" in earnings reports: the quarter reported on."""
    if m["unit"].lower() == "period" and not m["which"]:
        return None
    period = ctx.period()
    if period and "-Q" in period:
        return "DATE", period[:7]
    # With no quarter in focus: the last quarter completed before the article.
    return "DATE", _grain_value(ctx, "quarter", -1)


@rule(
    _B + r"(?P<mod>(?i:for|over|within|in)\s+)?(?P<x>(?P<recent>(?i:recent|coming)\s+)?(?P<unit>"
    r"(?i:years|months|weeks|days|decades|centuries|hours|minutes|quarters)))" + _E
)
def bare_units(m: re.Match, ctx: Context) -> Value | None:
    """ "for years" PXY, "in recent months" PXM, "in the coming weeks" PXW; a bare plural
    elsewhere is no time.

    The extent is group ``x``: the preposition that licenses the reading stays out.
    """
    if not m["mod"] and not m["recent"]:
        return None
    return "DURATION", duration(None, unit_of(m["unit"]))


@rule(
    _B
    + APPROX
    + r"(?P<n>"
    + NUMBER
    + r")[\s-]+(?P<unit>"
    + UNIT
    + r")(?:\s+(?i:or\s+so))?\s+(?P<dir>(?i:ago|earlier|later|hence|from\s+now))"
    + _E
)
def ago(m: re.Match, ctx: Context) -> Value | None:
    """ "two days ago" (from the article date), "a year earlier" (from the time in focus)."""
    n = number_value(m["n"])
    unit = unit_of(m["unit"])
    sign = 1 if m["dir"].lower() in ("later", "after", "hence", "from now") else -1
    if n is None:
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    if n != int(n):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
    relative_to_ref = refers_back(m)
    period = ctx.period()
    if unit == "year" and n == 1 and period and "-Q" in period:
        # "a year ago" in an earnings report: the quarter reported on, a year back.
        relative_to_ref = True
    if unit in ("second", "minute", "hour"):
        return "TIME", "PAST_REF" if sign < 0 else "FUTURE_REF"
    if relative_to_ref and ctx.ref:
        moved = cal.shift_value(ctx.ref, unit, sign * int(n))
        if moved:
            return "DATE", moved
    if unit == "weekend":
        unit = "week"
    return "DATE", cal.shift(ctx.anchor, unit, sign * int(n))


def refers_back(m: re.Match) -> bool:
    """Whether the match is dated from the time in focus, not the article date
    ("a year earlier"); such expressions leave the focus where it is."""
    groups = m.re.groupindex
    return "dir" in groups and m["dir"] is not None and m["dir"].lower() in ("earlier", "later")


@rule(
    _B + r"(?:(?i:the)\s+)?(?:(?i:comparable|corresponding|same)\s+)?(?i:year)[\s-](?i:earlier|ago)"
    r"(?:\s+(?:(?P<ord>" + ORDINAL + r")[\s-]+)?(?P<what>(?i:quarter|period|half)))?" + _E
)
def year_earlier(m: re.Match, ctx: Context) -> Value | None:
    """ "year-earlier", "the year-ago quarter": the period in focus, a year back."""
    if m["ord"] and ctx.anchor is not None:
        return "DATE", f"{ctx.anchor.year - 1:04d}-Q{ORDINALS[m['ord'].lower()]}"
    period = ctx.period()
    value = cal.shift_value(period, "year", -1) if period else None
    value = value or cal.shift(ctx.anchor, "year", -1)
    if m.group(0)[:4].lower() == "the " and not m["what"]:
        return "DATE", value, m.start() + 4  # "the year-earlier results": "the" is the noun's
    return "DATE", value


# --- days, weeks, months, years relative to the article date ------------------------------

_DEICTIC = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0}


@rule(
    _B + r"(?:(?i:early|late|earlier|later)\s+)?(?P<day>(?i:today|yesterday|tomorrow|tonight"
    r"|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow))"
    r"(?:\s+(?P<part>" + PART_OF_DAY + r"))?" + _E
)
def deictic_day(m: re.Match, ctx: Context) -> Value | None:
    word = re.sub(r"\s+", " ", m["day"].lower())
    n = _DEICTIC.get(word, -2 if "before" in word else 2)
    value = _grain_value(ctx, "day", n)
    part = (
        PARTS_OF_DAY.get(m["part"].lower()) if m["part"] else ("NI" if word == "tonight" else None)
    )
    if part:
        return "TIME", f"{value}T{part}"
    return "DATE", value


@rule(_B + r"(?P<which>(?i:this|last|yesterday|tomorrow))\s+(?P<part>" + PART_OF_DAY + r")" + _E)
def this_morning(m: re.Match, ctx: Context) -> Value | None:
    """ "this morning", "last night" (the night before the article date)."""
    which = m["which"].lower()
    part = PARTS_OF_DAY[m["part"].lower()]
    if which == "last" and part != "NI":
        return None
    n = -1 if which in ("last", "yesterday") else (1 if which == "tomorrow" else 0)
    return "TIME", f"{_grain_value(ctx, 'day', n)}T{part}"


@rule(
    _B
    + r"(?P<edge>(?i:early|late|earlier|later|mid|the\s+(?:end|middle|beginning|start|rest)\s+of)"
    r"[\s-]*)?(?P<which>(?i:this|last|next|this\s+past|the\s+coming|the\s+current|the\s+past"
    r"|the\s+previous|the\s+following)\s+)(?P<fiscal>(?i:fiscal)\s+)?(?P<unit>"
    + UNIT_SG
    + r"|"
    + SEASON
    + r")"
    + _E
)
def this_unit(m: re.Match, ctx: Context) -> Value | None:
    """ "last week" (2008-W13 for 2008-04-01), "this month", "early next year", "last fall"."""
    which = re.sub(r"\s+", " ", m["which"].strip().lower())
    word = m["unit"].lower()
    if word in SEASONS:
        return "DATE", _season(ctx, SEASONS[word], which)
    unit = unit_of(word)
    if unit in ("second", "minute", "hour"):
        return None
    if which.startswith("the ") and not m["edge"] and which != "the current":
        return None  # "the past year" and kin: the_past_unit
    n = {
        "last": -1,
        "this past": -1,
        "the past": -1,
        "the previous": -1,
        "next": 1,
        "the coming": 1,
        "the following": 1,
    }.get(which, 0)
    if unit == "day":
        return None
    return "DATE", _grain_value(ctx, unit, n)


@rule(
    _B + r"(?P<edge>(?i:the\s+(?:end|middle|beginning|start|close|rest)\s+of|early|late))\s+"
    r"(?P<the>(?i:the|this))\s+(?P<unit>(?i:week|month|year|quarter|decade|century))" + _E
)
def edge_of_unit(m: re.Match, ctx: Context) -> Value | None:
    """ "the end of the year", "the middle of this month": the current one."""
    return "DATE", _grain_value(ctx, unit_of(m["unit"]), 0)


def _season(ctx: Context, season: str, which: str) -> str:
    if ctx.anchor is None:
        return f"XXXX-{season}"
    year = ctx.anchor.year
    current = cal.season_of(ctx.anchor)
    order = ["WI", "SP", "SU", "FA"]
    if which in ("last", "this past", "the past", "the previous"):
        # The latest such season that is over.
        if order.index(season) >= order.index(current):
            year -= 1
    elif which in ("next", "the coming", "the following") and order.index(season) <= order.index(
        current
    ):
        year += 1
    return f"{year:04d}-{season}"


@rule(_B + r"(?:(?i:the)\s+)?(?i:weekend)" + _E)
def weekend(m: re.Match, ctx: Context) -> Value | None:
    if ctx.anchor is None:
        return "DATE", "XXXX-WXX-WE"
    past = ctx.direction(m.start()) != context.FUTURE and ctx.anchor.isoweekday() < 6
    return "DATE", cal.shift(ctx.anchor, "weekend", -1 if past else 0)


@rule(
    _B
    + r"(?P<edge>(?i:early|late|earlier|later)\s+)?(?P<which>(?i:last|next|this|coming|past)\s+)?"
    r"(?P<day>" + WEEKDAY + r")(?P<plural>s)?(?:\s+(?P<part>" + PART_OF_DAY + r"))?" + _E
)
def weekday(m: re.Match, ctx: Context) -> Value | None:
    """The Tuesday nearest the article date, before or after it by tense."""
    n = WEEKDAYS[m["day"].lower()]
    part = PARTS_OF_DAY.get(m["part"].lower()) if m["part"] else None
    if m["plural"]:
        return "SET", f"XXXX-WXX-{n}" + (f"T{part}" if part else "")
    which = (m["which"] or "").strip().lower()
    if which in ("last", "past"):
        value = cal.nearest_weekday(ctx.anchor, n, -1, strict=True)
    elif which in ("next", "coming"):
        value = cal.nearest_weekday(ctx.anchor, n, 1, strict=True)
    else:
        value = cal.nearest_weekday(ctx.anchor, n, ctx.direction(m.start("day")))
    # TimeBank types "Friday night" as DATE, keeping the part of day in the value.
    return "DATE", f"{value}T{part}" if part else value


# --- calendar dates ------------------------------------------------------------------------

_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _full_date(ctx: Context, year: int | None, m: int, d: int, start: int) -> str | None:
    if year is None:
        year = cal.year_of_month(ctx.anchor, m, ctx.direction(start))
    try:
        dt.date(year or 2000, m, d)
    except ValueError:
        return None
    return f"{year:04d}-{m:02d}-{d:02d}" if year is not None else f"XXXX-{m:02d}-{d:02d}"


@rule(
    _B
    + r"(?:(?P<wd>"
    + WEEKDAY
    + r"),?\s+)?(?P<m>"
    + MONTH
    + r")\s*"
    + _DAY
    + r"(?!\d)(?:(?:,\s*|\s+)(?P<y>"
    + YEAR
    + r"))?"
    + _E
)
def month_day(m: re.Match, ctx: Context) -> Value | None:
    """ "Feb. 26", "Aug. 7, 1998", "Friday, Aug. 7"."""
    d = int(m["d"])
    if not 1 <= d <= 31:
        return None
    value = _full_date(ctx, int(m["y"]) if m["y"] else None, _month(m["m"]), d, m.start())
    return ("DATE", value) if value else None


@rule(
    _B
    + r"(?P<m>"
    + MONTH
    + r")\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:[-–]|(?i:to|through|until)\s)\s*(?P<d2>[0-3]?\d)"
    r"(?:st|nd|rd|th)?(?:,?\s+(?P<y>" + YEAR + r"))?" + _E
)
def month_day_range(m: re.Match, ctx: Context) -> Value | None:
    """ "April 9-11": TimeML marks the two ends, "April 9" and "11", as two dates.

    This returns the first (its extent ends at the first day); the tagger adds the
    second from :func:`range_end`.
    """
    d, d2 = int(m["d"]), int(m["d2"])
    if not 1 <= d < d2 <= 31:
        return None
    value = _full_date(ctx, int(m["y"]) if m["y"] else None, _month(m["m"]), d, m.start())
    return ("DATE", value, m.start(), m.end("d")) if value else None


def range_end(m: re.Match, first: str) -> tuple[int, int, str, str]:
    """The second date of a day range, in the month and year of the first."""
    end = m.end("y") if m["y"] else m.end("d2")
    start = m.start("d2")
    return start, end, "DATE", f"{first[:8]}{int(m['d2']):02d}"


@rule(_B + _DAY + r"\s+(?P<m>" + MONTH + r")(?:,?\s+(?P<y>" + YEAR + r"))?" + _E)
def day_month(m: re.Match, ctx: Context) -> Value | None:
    """ "26 February 2008"."""
    d = int(m["d"])
    if not 1 <= d <= 31:
        return None
    value = _full_date(ctx, int(m["y"]) if m["y"] else None, _month(m["m"]), d, m.start())
    return ("DATE", value) if value else None


@rule(r"(?<![\w/-])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/-])")
def iso_date(m: re.Match, ctx: Context) -> Value | None:
    value = _full_date(ctx, int(m["y"]), int(m["m"]), int(m["d"]), m.start())
    return ("DATE", value) if value else None


@rule(r"(?<![\w/.-])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)(?![\w/.-])")
def us_date(m: re.Match, ctx: Context) -> Value | None:
    """ "4/1/2008", "04/01/98": month first, as in US wire copy."""
    year = int(m["y"])
    if year < 100:
        year += 1900 if year > 50 else 2000
    value = _full_date(ctx, year, int(m["m"]), int(m["d"]), m.start())
    return ("DATE", value) if value and 1 <= int(m["m"]) <= 12 else None


@rule(
    _B
    + r"(?P<edge>"
    + EDGE
    + r")(?P<m>"
    + MONTH
    + r")(?:(?:,\s*|\s+)(?:(?i:of\s+))?(?P<y>"
    + YEAR
    + r")|\s+(?P<rel>(?i:last|next|this))\s+(?i:year))?"
    + _E
    + r"(?!\s*[0-3]?\d\b)"
)
def month_year(m: re.Match, ctx: Context) -> Value | None:
    """ "February 1998", "mid-March", "June last year", "in February" (the right year)."""
    n = _month(m["m"])
    if m["y"]:
        return "DATE", cal.month(int(m["y"]), n)
    if m["rel"]:
        shift = {"last": -1, "next": 1}.get(m["rel"].lower(), 0)
        year = None if ctx.anchor is None else ctx.anchor.year + shift
        return "DATE", cal.month(year, n)
    start = m.start("m")
    if not m["edge"] and _bare_month_is_not_time(m, ctx, start):
        return None
    return "DATE", cal.month(cal.year_of_month(ctx.anchor, n, ctx.direction(start)), n)


def _bare_month_is_not_time(m: re.Match, ctx: Context, start: int) -> bool:
    """ "May" the modal, "March" the verb, "Jan" a name: a lone month must look like one."""
    token = context.token_at(ctx.doc, start)
    if token is None:
        return False
    if token.tag_ in ("MD", "VB", "VBP", "VBZ", "VBD", "VBG", "VBN"):
        return True
    if m["m"].rstrip(".") in ("Mar", "Jan", "Jun", "Jul", "Sep", "Sept", "Dec", "Oct", "Nov"):
        return True  # an abbreviation needs a day or a year
    nxt = ctx.doc[token.i + 1] if token.i + 1 < len(ctx.doc) else None
    # "May Day", "March Madness", "August Busch": part of a longer name.
    return nxt is not None and nxt.is_title and nxt.pos_ == "PROPN"


@rule(
    _B + r"(?P<which>(?i:last|next|this|this\s+past|early|late|mid|the\s+(?:end|middle|beginning)"
    r"\s+of)[\s-]+)(?P<m>" + MONTH + r")" + _E + r"(?!\s*[0-3]?\d\b)"
)
def relative_month(m: re.Match, ctx: Context) -> Value | None:
    """ "last April" (the latest April before the article date), "next March"."""
    n = _month(m["m"])
    which = m["which"].strip().lower()
    if ctx.anchor is None:
        return "DATE", cal.month(None, n)
    if which in ("last", "this past"):
        year = ctx.anchor.year if n < ctx.anchor.month else ctx.anchor.year - 1
    elif which == "next":
        year = ctx.anchor.year if n > ctx.anchor.month else ctx.anchor.year + 1
    elif which == "this":
        year = ctx.anchor.year
    else:
        year = cal.year_of_month(ctx.anchor, n, ctx.direction(m.start()))
    return "DATE", cal.month(year, n)


@rule(
    r"(?<![\w$£€.,-])(?P<pre>(?i:fiscal(?:\s+year)?|(?:the\s+)?(?:fiscal\s+|calendar\s+|school\s+)?"
    r"year|calendar|FY|the(?=\s+\d{4}\s+(?:period|quarter)))\s*)?(?P<edge>"
    + EDGE
    + r")(?P<y>"
    + YEAR
    + r")(?P<post>\s+(?i:period|quarter|season|fiscal\s+year|or\s+later|or\s+earlier))?"
    r"(?![\w%-]|[.,]\d|\s*(?:%|percent))"
)
def year(m: re.Match, ctx: Context) -> Value | None:
    """ "1998", "fiscal 1989", "mid-1996", "the end of 1990", "the 1988 period"."""
    start = m.start("y")
    token = context.token_at(ctx.doc, start)
    if token is not None and not m["pre"] and not m["edge"] and not m["post"]:
        if (
            token.like_num
            and token.dep_ == "nummod"
            and token.head.tag_ in ("NNS", "NNPS")
            and not any(c.dep_ in ("det", "poss") and c.i < token.i for c in token.head.children)
        ):
            return None  # "2000 people" counts; "the 1999 NATO bombings" dates

        if re.search(
            r"(?:\$|#|No\.|[Nn]umber|[Ff]light|[Rr]oute|[Rr]oom)\s*$", ctx.before(start, 10)
        ):
            return None
        if re.match(r"\s*(?:[A-Za-z]*\d|-\d|:\d)", ctx.after(m.end("y"), 4)):
            return None
    if m["post"] and re.search("period|quarter", m["post"]) and ctx.ref and "-Q" in ctx.ref:
        # "the 1988 quarter" beside "the third quarter": the same quarter of 1988.
        return "DATE", f"{m['y']}-{ctx.ref[5:7]}"
    return "DATE", m["y"]


@rule(
    r"(?<![\w$.,-])(?P<the>(?i:the)\s+)?(?P<edge>(?i:early|mid|late)[\s-]*)?"
    r"(?P<dec>(?:1[5-9]|20)?\d0|'\d0|’\d0)'?s(?![\w-])"
)
def decade(m: re.Match, ctx: Context) -> Value | None:
    """ "the 1990s" -> 199, "the late '80s" -> 198."""
    dec = m["dec"].lstrip("'’")
    if len(dec) == 2:
        if not (m["dec"][0] in "'’" or m["the"]):
            return None
        anchor_year = ctx.anchor.year if ctx.anchor else 1999
        century = anchor_year // 100 if int(dec) <= anchor_year % 100 else anchor_year // 100 - 1
        dec = f"{century:02d}{dec}"
    if len(dec) == 3:
        return None
    return "DATE", dec[:3]


_TENS = {
    "twenty": 2,
    "thirty": 3,
    "forty": 4,
    "fifty": 5,
    "sixty": 6,
    "seventy": 7,
    "eighty": 8,
    "ninety": 9,
}
_UNITS_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}


@rule(
    _B
    + r"(?P<the>(?i:the)\s+(?:(?i:early|mid|late)[\s-]+)?)?(?P<tens>(?i:"
    + "|".join(
        t + "ies" if t.endswith("y") else t + "s"
        for t in ("twent", "thirt", "fort", "fift", "sixt", "sevent", "eight", "ninet")
    )
    + r"))"
    + _E
)
def decade_words(m: re.Match, ctx: Context) -> Value | None:
    """ "the nineties" -> 199 (the century of the anchor, or the one before if still ahead)."""
    if not m["the"]:
        return None
    word = m["tens"].lower()
    tens = next(v for k, v in _TENS.items() if word.startswith(k[:-1]))
    anchor_year = ctx.anchor.year if ctx.anchor else 1999
    century = anchor_year // 100 if tens * 10 <= anchor_year % 100 else anchor_year // 100 - 1
    return "DATE", f"{century:02d}{tens}"


@rule(
    _B
    + r"(?:(?i:the\s+year)\s+)?(?P<y>(?i:nineteen)[\s-]+(?P<tens>(?i:"
    + "|".join(_TENS)
    + r"))(?:[\s-]+(?P<unit>(?i:"
    + "|".join(_UNITS_WORDS)
    + r")))?|(?i:two\s+thousand)(?:\s+(?i:and\s+)?(?P<unit2>(?i:"
    + "|".join(_UNITS_WORDS)
    + r")))?)"
    + _E
)
def spoken_year(m: re.Match, ctx: Context) -> Value | None:
    """ "nineteen ninety-six" -> 1996, "the year two thousand" -> 2000 (broadcast transcripts)."""
    if m["tens"]:
        year = 1900 + 10 * _TENS[m["tens"].lower()] + _UNITS_WORDS.get((m["unit"] or "").lower(), 0)
    else:
        year = 2000 + _UNITS_WORDS.get((m["unit2"] or "").lower(), 0)
        if not m.group(0).lower().startswith("the year") and not m["unit2"]:
            return None  # "two thousand" alone is a number
    return "DATE", str(year)


@rule(
    _B + r"(?i:the)\s+(?P<which>(?i:fiscal|full|calendar|current\s+fiscal|latest\s+fiscal))\s+"
    r"(?i:year)" + _E
)
def the_fiscal_year(m: re.Match, ctx: Context) -> Value | None:
    """ "the fiscal year", "the full year": the year reported on (the last, if "latest")."""
    if "latest" in m["which"].lower():
        return "DATE", _grain_value(ctx, "year", -1)
    return "DATE", _grain_value(ctx, "year", 0)


_CENTURY_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}


@rule(
    _B
    + r"(?:(?i:the)\s+)?(?:(?i:early|mid|late)[\s-]*)?(?P<n>\d{1,2}(?:st|nd|rd|th)|(?i:"
    + _alt(_CENTURY_WORDS)
    + r"))[\s-]+(?i:century)"
    + _E
)
def century(m: re.Match, ctx: Context) -> Value | None:
    """ "the 20th century" -> 19."""
    word = m["n"].lower()
    n = int(word[:-2]) if word[0].isdigit() else _CENTURY_WORDS[word]
    return "DATE", f"{n - 1:02d}"


# --- quarters, halves, seasons -------------------------------------------------------------


@rule(
    _B + r"(?P<the>(?i:the|this|last|next|(?:last|next|this)\s+year's|(?:19|20)\d\d's)\s+)?"
    r"(?:(?i:fiscal|current|latest|same|comparable|corresponding|previous|year-(?:earlier|ago))\s+)*"
    r"(?:(?P<y0>" + YEAR + r")\s+)?"
    r"(?P<ord>" + ORDINAL + r"|(?i:final|last))[\s-]+(?:(?i:fiscal)\s+)?(?P<unit>(?i:quarter|half))"
    r"(?:(?:\s+(?i:of)\s+|,?\s+(?:(?i:fiscal)\s+)?)(?:(?P<y>"
    + YEAR
    + r")|(?P<rel>(?i:this|last|next))\s+(?i:year)))?"
    + _E
)
def quarter(m: re.Match, ctx: Context) -> Value | None:
    """ "the third quarter" (1989-Q3), "third-quarter", "the first half of 1998" (1998-H1)."""
    n = ORDINALS[m["ord"].lower()]
    half = m["unit"].lower() == "half"
    if n == -1:
        n = 2 if half else 4
    if half and n > 2:
        return None
    letter = "H" if half else "Q"
    the = (m["the"] or "").lower()
    if m["y"] or m["y0"]:
        year: int | None = int(m["y"] or m["y0"])
    elif re.match(r"\d{4}", the):
        year = int(the[:4])
    elif ctx.anchor is None:
        year = None
    else:
        shift = -1 if "last" in the or m["rel"] and m["rel"].lower() == "last" else 0
        shift = 1 if "next" in the or m["rel"] and m["rel"].lower() == "next" else shift
        year = ctx.anchor.year + shift
        if "year-" in m.group(0).lower():
            year = ctx.anchor.year - 1
        elif shift == 0 and not m["rel"]:
            current = (
                cal.quarter_of(ctx.anchor) if not half else (1 if ctx.anchor.month <= 6 else 2)
            )
            # A quarter still ahead of the article date is last year's, unless told otherwise.
            if n > current and ctx.direction(m.start()) != context.FUTURE:
                year -= 1
    value = (f"{year:04d}" if year is not None else "XXXX") + f"-{letter}{n}"
    if the == "the " and not m["y0"] and "-" in ctx.text[m.end("ord") : m.start("unit")]:
        return "DATE", value, m.start() + len(m["the"])  # "the third-quarter loss"
    return "DATE", value


@rule(
    _B + r"(?P<edge>(?i:early|late|mid)[\s-]*)?(?P<the>(?i:the|this|last|next|this\s+past)\s+)?"
    r"(?P<s>" + SEASON + r")(?:\s+(?:(?i:of)\s+)?(?P<y>" + YEAR + r"))?" + _E
)
def season(m: re.Match, ctx: Context) -> Value | None:
    """ "this summer" (2008-SU), "the spring of 1998", "last fall"."""
    s = SEASONS[m["s"].lower()]
    if m["y"]:
        return "DATE", f"{m['y']}-{s}"
    the = (m["the"] or "").strip().lower()
    token = context.token_at(ctx.doc, m.start("s"))
    if token is not None and token.dep_ in ("compound", "amod", "nmod"):
        return None  # "the spring water": a modifier, not a season
    if not the or the == "the":
        if not the and not m["edge"]:
            return None  # "fall" the verb, "spring" the water
        return "DATE", _season(ctx, s, "this" if ctx.direction(m.start()) >= 0 else "last")
    return "DATE", _season(ctx, s, re.sub(r"\s+", " ", the))


# --- clock times ---------------------------------------------------------------------------

CLOCK = (
    r"(?P<h>[012]?\d)(?:[:.](?P<min>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?!\w))"
    r"(?:\s+(?P<tz>[A-Z]{1,2}[SD]?T|GMT|UTC))?"
    r"|(?P<h24>[012]?\d):(?P<min24>[0-5]\d)(?![\d:])(?:\s+(?P<tz2>[A-Z]{1,2}[SD]?T|GMT|UTC))?"
    r"|(?P<named>(?i:noon|midday|midnight))|(?P<oc>[01]?\d)\s+(?i:o'clock)"
)


def clock_value(m: re.Match) -> str | None:
    """ "10 a.m." -> T10:00, "7:15 p.m." -> T19:15, "noon" -> T12:00."""
    if m["named"]:
        return "T24:00" if m["named"].lower() == "midnight" else "T12:00"
    if m["oc"]:
        return f"T{int(m['oc']):02d}:00"
    if m["h24"] is not None:
        h, mins = int(m["h24"]), int(m["min24"])
        return f"T{h:02d}:{mins:02d}" if h < 24 else None
    h = int(m["h"])
    if not 1 <= h <= 12:
        return None
    if m["ap"].lower().startswith("p") and h != 12:
        h += 12
    elif m["ap"].lower().startswith("a") and h == 12:
        h = 0
    return f"T{h:02d}:{int(m['min'] or 0):02d}"


@rule(r"(?<![\w$.:-])" + APPROX + r"(?:" + CLOCK + r")(?![\w:])")
def clock(m: re.Match, ctx: Context) -> Value | None:
    value = clock_value(m)
    if value is None:
        return None
    # A bare clock time belongs to the day last spoken of, else the article's day.
    day_ref = ctx.ref if ctx.ref and re.match(r"\d{4}-\d{2}-\d{2}$", ctx.ref) else None
    return "TIME", (day_ref or cal.day(ctx.anchor)) + value


# --- references, sets, holidays ------------------------------------------------------------


@rule(r"(?<![\w-])(?P<w>" + _alt(REFS) + r"|(?i:" + _alt(REFS) + r"))(?![\w-])")
def reference(m: re.Match, ctx: Context) -> Value | None:
    """ "now" PRESENT_REF, "recently" PAST_REF, "soon" FUTURE_REF."""
    word = re.sub(r"\s+", " ", m["w"].lower())
    if word == "in the past":
        return None  # "the past" alone is the extent
    if word == "soon" and re.match(r"\s+as\b|\s+after|\s+afterwards", ctx.after(m.end(), 12)):
        return None
    if word == "now" and re.match(r"\s+that\b", ctx.after(m.end(), 8)):
        return None
    token = context.token_at(ctx.doc, m.start())
    if word == "now" and token is not None and token.is_sent_start:
        return None  # "Now, he says ...": a discourse marker
    if word == "soon" and ctx.direction(m.start()) == context.PAST:
        return None  # "soon became a flood": soon after a past event, not after the article
    if word in ("current", "recent") and _is_verb(ctx, m.start()):
        return None
    return "DATE", REFS[word]


@rule(
    _B
    + r"(?P<q>(?i:every|each|per))\s+(?P<other>(?i:other)\s+)?(?:(?P<unit>"
    + UNIT_SG
    + r")|(?P<wd>"
    + WEEKDAY
    + r")|(?P<m>"
    + MONTH
    + r")|(?P<s>"
    + SEASON
    + r")|(?P<part>"
    + PART_OF_DAY
    + r"))"
    + _E
)
def every(m: re.Match, ctx: Context) -> Value | None:
    """ "every Tuesday" XXXX-WXX-2, "each year" P1Y, "per month" P1M."""
    every_other = 2 if m["other"] else 1
    if m["unit"]:
        return "SET", duration(every_other, unit_of(m["unit"]))
    if m["wd"]:
        return "SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()]}"
    if m["m"]:
        return "SET", f"XXXX-{_month(m['m']):02d}"
    if m["s"]:
        return "SET", f"XXXX-{SEASONS[m['s'].lower()]}"
    return "SET", f"XXXX-XX-XXT{PARTS_OF_DAY[m['part'].lower()]}"


@rule(r"(?<![\w-])(?P<w>(?i:" + _alt(SET_ADVERBS) + r"))(?![\w-])")
def set_adverb(m: re.Match, ctx: Context) -> Value | None:
    """ "daily" P1D, "annually" P1Y."""
    return "SET", SET_ADVERBS[m["w"].lower()]


@rule(
    r"(?P<times>(?i:once|twice|three\s+times|four\s+times|several\s+times|\d+\s+times))\s+"
    r"(?i:a|per|each|every)\s+(?P<unit>" + UNIT_SG + r")" + _E
)
def frequency(m: re.Match, ctx: Context) -> Value | None:
    """ "twice a week" P1W."""
    return "SET", duration(1, unit_of(m["unit"]))


@rule(
    r"(?<![\w-])(?P<h>"
    + "|".join(
        re.escape(h.title()).replace(r"\ ", r"\s+").replace("'S", "'s")
        for h in sorted(HOLIDAYS, key=len, reverse=True)
    )
    + r")(?:\s+(?P<y>"
    + YEAR
    + r"))?(?![\w-])"
)
def holiday(m: re.Match, ctx: Context) -> Value | None:
    """ "Christmas" 2008-12-25, "Thanksgiving Day" (the fourth Thursday of November)."""
    key = re.sub(r"\s+", " ", m["h"].lower())
    spec = HOLIDAYS[key]
    year = int(m["y"]) if m["y"] else None
    if spec in ("thanksgiving", "labor", "memorial"):
        month_n = {"thanksgiving": 11, "labor": 9, "memorial": 5}[spec]
        if year is None:
            year = cal.year_of_month(ctx.anchor, month_n, ctx.direction(m.start()))
        if year is None:
            return "DATE", f"XXXX-{month_n:02d}-XX"
        weekday_n, nth = {"thanksgiving": (4, 4), "labor": (1, 1), "memorial": (1, -1)}[spec]
        return "DATE", cal.day(cal.nth_weekday(year, month_n, weekday_n, nth))
    month_n, day_n = (int(x) for x in spec.split("-"))
    if year is None:
        year = cal.year_of_month(ctx.anchor, month_n, ctx.direction(m.start()))
    return "DATE", (f"{year:04d}" if year is not None else "XXXX") + f"-{spec}"
