"""Rules for clock times ("10 a.m."), references to the present, past and future
("now", "recently", "soon"), sets ("every Tuesday", "daily") and holidays."""

from __future__ import annotations

import datetime as dt
import re

from dateline.nlp.timex import calendar as cal
from dateline.nlp.timex import context
from dateline.nlp.timex.lexicon import (
    HOLIDAYS,
    MONTH,
    PART_OF_DAY,
    PARTS_OF_DAY,
    REFS,
    SEASON,
    SEASONS,
    SET_ADVERBS,
    UNIT_SG,
    WEEKDAY,
    WEEKDAYS,
    YEAR,
    _alt,
)
from dateline.nlp.timex.rules.base import (
    _B,
    _E,
    APPROX,
    Context,
    Value,
    _is_verb,
    duration,
    rule,
    unit_of,
)
from dateline.nlp.timex.rules.dates import (
    _month,
)

# --- clock times ---------------------------------------------------------------------------

CLOCK = (
    r"(?P<h>[012]?\d)(?:[:.](?P<min>[0-5]\d))?\s*(?P<ap>(?i:a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?!\w))"
    r"(?:\s+(?P<tz>[A-Z]{1,2}[SD]?T|GMT|UTC))?"
    # "4 in the morning", "9:30 in the evening"
    r"|(?P<hx>[01]?\d)(?::(?P<mx>[0-5]\d))?\s+(?i:in\s+the)\s+(?P<px>(?i:morning|afternoon|evening))"
    r"|(?P<h24>[012]?\d):(?P<min24>[0-5]\d)(?![\d:])(?:\s+(?P<tz2>[A-Z]{1,2}[SD]?T|GMT|UTC))?"
    r"|(?P<named>(?i:noon|midday|midnight))|(?P<oc>[01]?\d)\s+(?i:o'clock)"
    # Wire copy's 24-hour clock, always with its zone: "1505 EST", "0735 GMT", "1430 local
    # time" (without one, "1505" is a year).
    r"|(?P<hhmm>[012]\d[0-5]\d)\s*(?P<tz3>[A-Z]{1,2}[SD]T|GMT|UTC|(?i:hrs)\b|(?i:local\s+time))"
)


def clock_value(m: re.Match) -> str | None:
    """ "10 a.m." -> T10:00, "7:15 p.m." -> T19:15, "noon" -> T12:00."""
    if m["named"]:
        return "T24:00" if m["named"].lower() == "midnight" else "T12:00"
    if m["oc"]:
        return f"T{int(m['oc']):02d}:00"
    if m["hx"]:
        h = int(m["hx"])
        if not 1 <= h <= 12:
            return None
        if m["px"].lower() != "morning" and h < 12:
            h += 12
        elif m["px"].lower() == "morning" and h == 12:
            h = 0
        return f"T{h:02d}:{int(m['mx'] or 0):02d}"
    if m["hhmm"]:
        h, mins = int(m["hhmm"][:2]), int(m["hhmm"][2:])
        return f"T{h:02d}:{mins:02d}" if h < 24 else None
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


@rule(r"(?<![\w$.:-])" + APPROX + r"(?:" + CLOCK + r")(?![\w:])", joins_day=True)
def clock(m: re.Match, ctx: Context) -> Value | None:
    value = clock_value(m)
    if value is None:
        return None
    # A bare clock time belongs to the day last spoken of, else the article's day.
    day_ref = ctx.ref if ctx.ref and re.match(r"\d{4}-\d{2}-\d{2}$", ctx.ref) else None
    return "TIME", (day_ref or cal.day(ctx.anchor)) + value


_TIME_OF_DAY_AFTER = re.compile(r"\s*(?:(?i:[ap]\.?m\b)|[A-Z]{1,2}[SD]T\b|GMT|UTC)")


@rule(
    r"(?<![\w$.:/-])(?P<h>\d{1,2}):(?P<min>[0-5]\d):(?P<s>[0-5]\d)(?:\.(?P<frac>\d{1,3}))?"
    r"(?![\w:]|\.\d)"
)
def clock_duration(m: re.Match, ctx: Context) -> Value | None:
    """ "finished in 3:07:35" PT3H7M35S: a race or flight time in hours, minutes, seconds.
    With a.m./p.m. or a zone after it, or "at" before it, it is the time of day."""
    if _TIME_OF_DAY_AFTER.match(ctx.after(m.end(), 8)) or re.search(
        r"\b(?i:at)\s+\Z", ctx.before(m.start(), 6)
    ):
        hours = int(m["h"])
        if hours > 23:
            return None
        day_ref = ctx.ref if ctx.ref and re.match(r"\d{4}-\d{2}-\d{2}$", ctx.ref) else None
        return "TIME", f"{day_ref or cal.day(ctx.anchor)}T{hours:02d}:{m['min']}:{m['s']}"
    seconds = str(int(m["s"])) + (f".{m['frac']}" if m["frac"] else "")
    parts = [(int(m["h"]), "H"), (int(m["min"]), "M")]
    value = "PT" + "".join(f"{n}{unit}" for n, unit in parts if n)
    value += f"{seconds}S" if seconds != "0" else ""
    return "DURATION", value if value != "PT" else "PT0S"


# --- references, sets, holidays ------------------------------------------------------------


@rule(r"(?<![\w-])(?P<w>" + _alt(REFS) + r"|(?i:" + _alt(REFS) + r"))(?![\w-])")
def reference(m: re.Match, ctx: Context) -> Value | None:
    """ "now" PRESENT_REF, "recently" PAST_REF, "soon" FUTURE_REF."""
    word = re.sub(r"\s+", " ", m["w"].lower())
    if word == "in the past":
        return None  # "the past" alone is the extent
    if word == "soon" and re.match(r"\s+as\b|\s+after|\s+afterwards", ctx.after(m.end(), 12)):
        return None
    # "Now, he says ...": a discourse marker. "Now the court has ruled", "now that he
    # is in a confrontation" still speak of the present.
    token = context.token_at(ctx.doc, m.start())
    if (
        word == "now"
        and token is not None
        and token.is_sent_start
        and re.match(r"\s*,", ctx.after(m.end(), 3))
    ):
        return None
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
    # The word start keeps a long run of digits from being rescanned at each of its
    # positions (quadratic: 50,000 digits took 70 s).
    r"(?<![\w-])(?P<times>(?i:once|twice|three\s+times|four\s+times|several\s+times"
    r"|\d+\s+times))\s+"
    r"(?i:a|per|each|every)\s+(?P<unit>" + UNIT_SG + r")" + _E
)
def frequency(m: re.Match, ctx: Context) -> Value | None:
    """ "twice a week" P1W."""
    return "SET", duration(1, unit_of(m["unit"]))


@rule(
    r"(?<![\w-])(?P<which>(?i:last|next|this)\s+)?(?P<h>"
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
    which = m["which"].strip().lower() if m["which"] else ""
    if which and year is None and ctx.anchor is not None:
        # "last Thanksgiving": the latest one before the article; "next Christmas" the
        # first after it; "this Christmas" the one of the article's year.
        year = ctx.anchor.year
        this_year = _holiday_date(spec, year)
        if which == "last" and this_year >= ctx.anchor:
            year -= 1
        elif which == "next" and this_year <= ctx.anchor:
            year += 1
    month_n = _MOVABLE[spec][0] if spec in _MOVABLE else int(spec.split("-")[0])
    if year is None:
        year = cal.year_of_month(ctx.anchor, month_n, ctx.direction(m.start()))
    if year is None:
        return "DATE", f"XXXX-{month_n:02d}-XX" if spec in _MOVABLE else f"XXXX-{spec}"
    try:
        return "DATE", cal.day(_holiday_date(spec, year))
    except ValueError:  # 29 February in a common year
        return None


#: Holidays on the nth weekday of a month: (month, weekday, n); n = -1 is the last.
_MOVABLE = {"thanksgiving": (11, 4, 4), "labor": (9, 1, 1), "memorial": (5, 1, -1)}


def _holiday_date(spec: str, year: int) -> dt.date:
    """The day of a holiday spec ("12-25", "thanksgiving") in ``year``."""
    if spec in _MOVABLE:
        month_n, weekday_n, nth = _MOVABLE[spec]
        return cal.nth_weekday(year, month_n, weekday_n, nth)
    month_n, day_n = (int(x) for x in spec.split("-"))
    return dt.date(year, month_n, day_n)
