"""Rules for durations and for times relative to the article date or to the time in
focus: "nine years", "the past five years", "two days ago", "a year earlier", "last week",
"yesterday", "Tuesday" (before or after by tense)."""

from __future__ import annotations

import re

from dateline.nlp.timex import calendar as cal
from dateline.nlp.timex import context
from dateline.nlp.timex.lexicon import (
    NUMBER,
    ORDINAL,
    ORDINALS,
    PART_OF_DAY,
    PARTS_OF_DAY,
    SEASON,
    SEASONS,
    UNIT,
    UNIT_BLOCKERS,
    UNIT_SG,
    WEEKDAY,
    WEEKDAYS,
    number_value,
)
from dateline.nlp.timex.rules.base import (
    _B,
    _E,
    APPROX,
    ENDED,
    Context,
    Value,
    _grain_value,
    duration,
    rule,
    unit_of,
)

# --- durations and relative spans --------------------------------------------------------


#: Words that may follow "a second" of time: "a second later", "a second or two".
_AFTER_A_SECOND = {"ago", "later", "earlier", "or", "and", "after", "before", "in", "of", "to"}


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
    if unit == "second" and word in ("a", "an") and not m["which"]:
        # "a second group", "a second term": the ordinal, not a second of time.
        following = re.match(r"\s+([a-z]+)", after)
        if following and following[1] not in _AFTER_A_SECOND:
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
    if not m["the"] and re.match(r"\s+(?i:old\b|of\s+age\b)", after):
        return None  # "52 years old": an age, a property of a person rather than a time
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
        return _reference_period(ctx, unit)
    if which in ("following", "previous", "preceding") and ctx.ref:
        # "the following month": after the time the story is about.
        moved = cal.shift_value(ctx.ref, unit, 1 if which == "following" else -1)
        # "the following year" after "May 22, 1995" is 1996, not 1996-05-22.
        moved = cal.truncate(moved, unit) if moved else None
        if moved:
            return "DATE", moved
    n = {"past": -1, "last": -1, "previous": -1, "preceding": -1, "current": 0}.get(which, 1)
    return "DATE", _grain_value(ctx, unit, n)


def _reference_period(ctx: Context, unit: str) -> Value:
    """ "the latest quarter", "the same quarter": the one the story is about, else the last."""
    period = ctx.period()
    if unit == "quarter" and period and "-Q" in period:
        return "DATE", period[:7]
    return "DATE", _grain_value(ctx, unit, -1)


@rule(
    _B + r"(?i:the)\s+(?P<which>(?i:latest|recent|most\s+recent)\s+)?(?P<unit>quarter|period)" + _E,
    referring=True,
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
    r"(?i:years|months|weeks|days|decades|centuries|hours|minutes|seconds|quarters)))" + _E
)
def bare_units(m: re.Match, ctx: Context) -> Value | None:
    """ "for years" PXY, "in recent months" PXM, "in the coming weeks" PXW, "weeks of
    talks" PXW, "minutes later" PTXM, "hours after the blast" PTXH; a bare plural elsewhere
    is no time.

    The extent is group ``x``: the preposition that licenses the reading stays out.
    """
    if not m["mod"] and not m["recent"] and not _unit_alone(m, ctx):
        return None
    unit = unit_of(m["unit"])
    if m["recent"] and m["recent"].lower().startswith("recent") and unit in ("year", "decade"):
        return "DATE", "PAST_REF"  # TimeBank's reading of "in recent years"
    return "DURATION", duration(None, unit)


@rule(
    _B + r"(?i:the)\s+(?:(?P<which>(?i:first|final|ensuing|intervening|following))\s+)?"
    r"(?P<unit>(?i:years|months|weeks|days|hours|minutes|decades))"
    r"(?P<ahead>\s+(?i:ahead|to\s+come))?" + _E
)
def the_units(m: re.Match, ctx: Context) -> Value | None:
    """ "the weeks ahead" PXW, "the first hours" PTXH, "the intervening years" PXY: an
    unknown number of units, told by where they lie; "the days" alone is no time, and "the
    early hours" is a part of a day, not a span."""
    if not m["which"] and not m["ahead"]:
        return None
    return "DURATION", duration(None, unit_of(m["unit"]))


#: What makes a bare plural unit a span of time on its own: "weeks of talks", "minutes
#: later", "hours after the blast", "days before the vote".
_UNIT_ALONE_AFTER = re.compile(r"\s+(?:of|later|earlier|after|before|afterwards|on\s+end)\b")
#: Where a sentence opens: "Minutes later, ...".
_OPENS = re.compile(r"(?:\A|[.!?:;\"“‘']\s*|\n\s*)\Z")


def _unit_alone(m: re.Match, ctx: Context) -> bool:
    """Whether a bare plural unit is a duration by itself: followed by "of", "later",
    "after"…, in lower case (or opening a sentence), with no determiner, number or
    modifier before it that makes it a noun's ("the days of the week", "two weeks",
    "office hours after")."""
    word = m["unit"]
    if not _UNIT_ALONE_AFTER.match(ctx.after(m.end(), 14)):
        return False
    before = ctx.before(m.start(), 24)
    if not (word.islower() or (word.istitle() and _OPENS.search(before))):
        return False  # "Days of Our Lives" mid-sentence: a title
    prev = re.search(r"([\w'’]+)\s+\Z", before)
    if prev is None:
        return not before.rstrip().endswith(("-", "$"))
    last = prev[1].lower()
    return last not in UNIT_BLOCKERS and not last.endswith(("'s", "’s")) and not last.isdigit()


@rule(
    _B
    + r"(?P<mod>(?i:at)\s+)(?P<x>(?i:the|that)\s+(?i:time))"
    + _E
    + r"(?!\s+(?i:of|when|that|being|to|for|it\s+takes)\b)"
)
def at_the_time(m: re.Match, ctx: Context) -> Value | None:
    """ "at the time", "at that time": a time in the past the story has spoken of (TimeBank
    writes PAST_REF, the extent without "at"); ahead of the article in a future tense. "At
    the time he was captured" names the time by a clause, a past time too."""
    if ctx.direction(m.start("x")) == context.FUTURE:
        return "DATE", "FUTURE_REF"
    return "DATE", "PAST_REF"


@rule(
    _B + r"(?:(?i:earlier|later)\s+)?(?i:that)\s+(?:(?i:same|very)\s+)?"
    r"(?P<unit>(?i:month|year|quarter))" + _E,
    referring=True,
)
def that_unit(m: re.Match, ctx: Context) -> Value | None:
    """ "that year", "later that month", "that quarter": the month, quarter or year of the
    time in focus;
    underspecified (XXXX) when no time is in focus. ("that day" is left out: "trades made
    that day" is as often a day of no date.)"""
    unit = m["unit"].lower()
    value = cal.truncate(ctx.seen, unit) if ctx.seen else None
    return "DATE", value or {"month": "XXXX-XX", "quarter": "XXXX-QX"}.get(unit, "XXXX")


@rule(
    _B
    + r"(?P<mod>(?i:for|in|during|over|of|throughout)\s+)(?P<x>(?i:the)\s+(?P<unit>(?i:year)))"
    + _E
    + r"(?![ \t]*(?:-|(?i:ago|earlier|later|before|after|of\b)))"
)
def for_the_year(m: re.Match, ctx: Context) -> Value | None:
    """ "for the year ended March 31" P1Y (a span told by its end); "sales for the year",
    "a high for the year": the year in focus, a DATE."""
    if ENDED.match(ctx.after(m.end(), 16)):
        return "DURATION", duration(1, unit_of(m["unit"]))
    return "DATE", _grain_value(ctx, "year", 0)


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
    r"(?:\s+(?:(?P<ord>" + ORDINAL + r")[\s-]+)?(?P<what>(?i:quarter|period|half)))?" + _E,
    referring=True,
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
    if (
        unit == "weekend"
        and which == "this"
        and ctx.anchor is not None
        and ctx.anchor.isoweekday() < 6
        and ctx.direction(m.start()) == context.PAST
    ):
        # "took place this weekend" in a Wednesday story: the weekend just past, as a bare
        # "weekend" in a past tense is.
        n = -1
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
    _B + r"(?P<edge>(?i:early|late|earlier|later)\s+)?(?P<which>(?i:last|next|this|coming|past"
    r"|the\s+(?:previous|preceding|following|next))\s+)?"
    r"(?P<day>"
    + WEEKDAY
    + r")(?P<plural>s)?(?:\s+(?P<part>"
    + PART_OF_DAY
    + r")(?P<parts>s)?)?"
    + _E
)
def weekday(m: re.Match, ctx: Context) -> Value | None:
    """The Tuesday nearest the article date, before or after it by tense."""
    n = WEEKDAYS[m["day"].lower()]
    part = PARTS_OF_DAY.get(m["part"].lower()) if m["part"] else None
    if m["plural"] or m["parts"]:  # "on Tuesdays", "on Tuesday nights": every one
        return "SET", f"XXXX-WXX-{n}" + (f"T{part}" if part else "")
    which = (m["which"] or "").strip().lower()
    if which.startswith("the "):
        # "the previous Friday": the one before the day in focus, else before the article.
        day_ref = cal.parse_anchor(ctx.ref) if ctx.ref else None
        step = -1 if which.endswith(("previous", "preceding")) else 1
        value = cal.nearest_weekday(day_ref or ctx.anchor, n, step, strict=True)
    elif which in ("last", "past"):
        value = cal.nearest_weekday(ctx.anchor, n, -1, strict=True)
    elif which in ("next", "coming"):
        value = cal.nearest_weekday(ctx.anchor, n, 1, strict=True)
    else:
        value = cal.nearest_weekday(ctx.anchor, n, ctx.direction(m.start("day")))
    # TimeBank types "Friday night" as DATE, keeping the part of day in the value.
    return "DATE", f"{value}T{part}" if part else value
