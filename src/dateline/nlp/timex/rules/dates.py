"""Rules for calendar dates: "Feb. 26, 2008", "April 9-11", "in February" (the right
year), years, decades, centuries, fiscal years, quarters, halves and seasons."""

from __future__ import annotations

import datetime as dt
import re

from dateline.nlp.timex import calendar as cal
from dateline.nlp.timex import context
from dateline.nlp.timex.lexicon import (
    MONTH,
    MONTHS,
    ORDINAL,
    ORDINALS,
    SEASON,
    SEASONS,
    WEEKDAY,
    YEAR,
    YEAR_NOUNS,
    _alt,
)
from dateline.nlp.timex.rules.base import (
    _B,
    _E,
    EDGE,
    ENDED,
    Context,
    Value,
    _grain_value,
    rule,
)
from dateline.nlp.timex.rules.relative import (
    _season,
)

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
    + r")\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:[-–]|(?i:to|through|until)\s)\s*(?:(?P<m2>"
    + MONTH
    + r")\s*)?(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>"
    + YEAR
    + r"))?"
    + _E,
    splits="days",
)
def month_day_range(m: re.Match, ctx: Context) -> Value | None:
    """ "April 9-11", "April 30-May 2": TimeML marks the two ends as two dates.

    This returns the first (its extent ends at the first day); the tagger adds the
    second from :func:`range_end`.
    """
    d, d2 = int(m["d"]), int(m["d2"])
    if not 1 <= d <= 31 or not 1 <= d2 <= 31 or (not m["m2"] and d >= d2):
        return None
    year = int(m["y"]) if m["y"] else None
    if year is not None and m["m2"] and _month(m["m2"]) < _month(m["m"]):
        year -= 1  # "Dec. 30-Jan. 2, 2009": the year is the end's
    value = _full_date(ctx, year, _month(m["m"]), d, m.start())
    return ("DATE", value, m.start(), m.end("d")) if value else None


def range_end(m: re.Match, first: str) -> tuple[int, int, str, str]:
    """The second date of a day range, in the year (and month, unless named) of the first."""
    end = m.end("y") if m["y"] else m.end("d2")
    start = m.start("m2") if m["m2"] else m.start("d2")
    month = f"{_month(m['m2']):02d}" if m["m2"] else first[5:7]
    year = m["y"] or first[:4]
    if not m["y"] and m["m2"] and year.isdigit() and _month(m["m2"]) < _month(m["m"]):
        year = f"{int(year) + 1:04d}"  # "Dec. 30-Jan. 2"
    return start, end, "DATE", f"{year}-{month}-{int(m['d2']):02d}"


@rule(
    _B
    + r"(?i:the\s+week\s+of)\s+(?P<m>"
    + MONTH
    + r")\s*"
    + _DAY
    + r"(?!\d)(?:,?\s+(?P<y>"
    + YEAR
    + r"))?"
    + _E
)
def week_of(m: re.Match, ctx: Context) -> Value | None:
    """ "the week of March 6": the ISO week holding the day (2000-W10)."""
    value = _full_date(ctx, int(m["y"]) if m["y"] else None, _month(m["m"]), int(m["d"]), m.start())
    if value is None or value.startswith("X"):
        return ("DATE", "XXXX-WXX") if value else None
    return "DATE", cal.truncate(value, "week") or "XXXX-WXX"


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


@rule(r"(?<![\w/.-])(?P<m>[01]?\d)/(?P<d>[0-3]?\d)/(?P<y>(?:19|20)?\d\d)(?![\w/-]|\.\d)")
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
    if m["m"].isupper():
        return True  # "MARCH ON WASHINGTON", "U.S. MAY RAISE TARIFFS": a headline's word
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
            and token.head.lower_ not in YEAR_NOUNS
            and not any(c.dep_ in ("det", "poss") and c.i < token.i for c in token.head.children)
        ):
            return None  # "2000 people" counts; "the 1999 NATO bombings", "1987 earnings" date

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


#: Years named by two calendar years: "fiscal 1986/87", "the 2014-15 season", "the 1986-87
#: crop year".
_SPAN_YEAR = r"(?i:season|campaign|(?:crop|marketing|financial|fiscal|school|academic|tax)\s+year)"


@rule(
    r"(?<![\w$£€.,/-])(?P<pre>(?i:fiscal(?:\s+year)?|FY|(?:crop|marketing|financial|fiscal|school)"
    r"\s+year)\s*)?(?P<y>"
    + YEAR
    + r")(?P<sep>[/–-])(?P<y2>"
    + YEAR
    + r"|\d\d)(?P<post>\s+"
    + _SPAN_YEAR
    + r")?(?![\w%/-]|[.,]\d|\s*(?:%|percent|pct))",
    splits="years",
)
def year_span(m: re.Match, ctx: Context) -> Value | None:
    """Two years joined: one year named by both ("1986/87", "the 2014-15 season": a fiscal,
    crop or sports year), or a range of years ("from 2003-2005", "1990-95").

    A year named by two runs across the turn of the calendar; as TimeBank writes "fiscal
    1989", it is valued by the calendar year it ends in (1986/87 -> 1987). A range gives
    its two ends, as a day range does; this returns the first (see :func:`year_range_end`).
    """
    first, second = int(m["y"]), _second_year(m)
    if second == first + 1:
        return "DATE", f"{second:04d}"
    if m["sep"] == "/" or second <= first or m["pre"] or m["post"]:
        return None  # "2008-04" (an ISO month), "1986/1990": no year span
    return "DATE", m["y"], m.start("y"), m.end("y")


def _second_year(m: re.Match) -> int:
    """The second year of a pair, its century from the first when it has two digits
    ("1990-95" -> 1995; "1999-00" -> 2000, the one turn of a century kept)."""
    first, raw = int(m["y"]), m["y2"]
    if len(raw) == 4:
        return int(raw)
    second = first // 100 * 100 + int(raw)
    return second + 100 if second + 100 == first + 1 else second  # "1999-00" only


def year_range_end(m: re.Match) -> tuple[int, int, str, str]:
    """The second year of a range of years ("2005" of "2003-2005", "95" of "1990-95")."""
    return m.start("y2"), m.end("y2"), "DATE", f"{_second_year(m):04d}"


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
    + "|".join(t[:-1] + "ies" for t in _TENS)
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
    """ "the fiscal year", "the full year": the year reported on (the last, if "latest");
    "the fiscal year ended Jan. 31" is a span, P1Y."""
    if ENDED.match(ctx.after(m.end(), 16)):
        return "DURATION", "P1Y"
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
