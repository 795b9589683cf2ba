"""Calendar arithmetic on TIMEX3 values.

Values are ISO 8601 strings at the granularity the text speaks of: a day
(2008-04-01), an ISO week (2008-W13), a month (2008-04), a quarter (2008-Q2),
a half (2008-H1), a season (2008-SU), a year (2008), a decade (200) or a
century (20). With no anchor date the unknown digits stay ``X`` (TimeML's
underspecified values) instead of being guessed.
"""

from __future__ import annotations

import datetime as dt
import re

#: Granularities a relative expression can move by, with their value format.
GRAINS = (
    "day",
    "week",
    "weekend",
    "month",
    "quarter",
    "half",
    "season",
    "year",
    "decade",
    "century",
)

_VALUE = re.compile(
    r"^(?P<y>\d{4})(?:-(?:(?P<m>\d{2})(?:-(?P<d>\d{2}))?|W(?P<w>\d{1,2})(?P<we>-WE)?"
    r"|Q(?P<q>\d)|H(?P<h>\d)|(?P<s>SP|SU|FA|WI)))?(?P<rest>T.*)?$"
)


def parse_anchor(published: object) -> dt.date | None:
    """The article date as a ``date``: ISO date or datetime strings, dates; else None."""
    if published is None:
        return None
    if isinstance(published, dt.datetime):
        return published.date()
    if isinstance(published, dt.date):
        return published
    text = str(published).strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    m = re.match(r"^(\d{4})(\d{2})(\d{2})$", text[:8])
    if m:
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def day(d: dt.date | None) -> str:
    return d.isoformat() if d else "XXXX-XX-XX"


def week(d: dt.date | None) -> str:
    if d is None:
        return "XXXX-WXX"
    year, num, _ = d.isocalendar()
    return f"{year:04d}-W{num:02d}"


def month(year: int | None, m: int) -> str:
    return f"{year:04d}-{m:02d}" if year is not None else f"XXXX-{m:02d}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def season_of(d: dt.date) -> str:
    return {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(
        d.month, "FA"
    )


def add_months(d: dt.date, n: int) -> dt.date:
    total = d.year * 12 + d.month - 1 + n
    return dt.date(total // 12, total % 12 + 1, 1)


#: A grain's value with every digit unknown: no anchor, or a move off the calendar.
_UNKNOWN = {
    "day": "XXXX-XX-XX",
    "week": "XXXX-WXX",
    "weekend": "XXXX-WXX-WE",
    "month": "XXXX-XX",
    "quarter": "XXXX-QX",
    "half": "XXXX-HX",
    "season": "XXXX-XX",
    "year": "XXXX",
    "decade": "XXX",
    "century": "XX",
}


def shift(anchor: dt.date | None, grain: str, n: int) -> str:
    """The ``grain`` containing ``anchor`` moved by ``n`` of its own kind ("last week": -1).

    A move off the calendar (years 1-9999: "292,000 weeks ago", "last week" in an
    article dated 0001-01-01) gives the underspecified value, never an exception.
    """
    if anchor is None:
        return _UNKNOWN[grain]
    try:
        value = _shift(anchor, grain, n)
    except (OverflowError, ValueError):  # datetime's range ends at years 1 and 9999
        return _UNKNOWN[grain]
    width = {"decade": 3, "century": 2}.get(grain, 4)
    return value if _in_range(value, width) else _UNKNOWN[grain]


def _in_range(value: str, width: int = 4) -> bool:
    """Whether ``value`` lies in years 1-9999: its year (decade, century) in ``width``
    digits, no sign, no extra digit, not year 0000."""
    m = re.match(r"(\d+)(?:-|$)", value)
    return m is not None and len(m[1]) == width and not (width == 4 and int(m[1]) == 0)


#: A year off the calendar at the head of a value: a sign, a fifth digit or year 0000
#: ("next March" in an article dated 9999-12-31 would be 10000-03).
_OFF_CALENDAR = re.compile(r"\A(?:-\d+|\d{5,}|0000)(?=-|T|\Z)")


def on_calendar(value: str) -> str:
    """``value`` with a year outside 1-9999 written as unknown (``XXXX-03``)."""
    return _OFF_CALENDAR.sub("XXXX", value, count=1)


def _shift(anchor: dt.date, grain: str, n: int) -> str:
    if grain == "day":
        return day(anchor + dt.timedelta(days=n))
    if grain in ("week", "weekend"):
        return week(anchor + dt.timedelta(weeks=n)) + ("-WE" if grain == "weekend" else "")
    if grain == "month":
        moved = add_months(anchor, n)
        return month(moved.year, moved.month)
    if grain == "quarter":
        moved = add_months(anchor, 3 * n)
        return f"{moved.year:04d}-Q{quarter_of(moved)}"
    if grain == "half":
        moved = add_months(anchor, 6 * n)
        return f"{moved.year:04d}-H{1 if moved.month <= 6 else 2}"
    if grain == "season":
        moved = add_months(anchor, 3 * n)
        # December's winter belongs to the next year's winter in TimeML usage.
        year = moved.year + (1 if moved.month == 12 else 0)
        return f"{year:04d}-{season_of(moved)}"
    if grain == "year":
        return f"{anchor.year + n:04d}"
    if grain == "decade":
        return f"{anchor.year // 10 + n:03d}"
    return f"{anchor.year // 100 + n:02d}"


def truncate(value: str, grain: str) -> str | None:
    """``value`` at the granularity of ``grain``: 1995-05-22 at "year" is 1995, at "week"
    1995-W21. None when the value is coarser than the grain (1995 at "day")."""
    m = _VALUE.match(value)
    if not m:
        return None
    year = int(m["y"])
    if grain == "year":
        return f"{year:04d}"
    if grain == "quarter":
        if m["q"]:
            return f"{year:04d}-Q{m['q']}"
        return f"{year:04d}-Q{(int(m['m']) + 2) // 3}" if m["m"] else None
    if grain == "month":
        return f"{year:04d}-{m['m']}" if m["m"] else None
    if not m["d"]:
        return None
    try:
        d = dt.date(year, int(m["m"]), int(m["d"]))
    except ValueError:  # "1989-02-30" from a misprint: no week can be told
        return None
    return week(d) if grain == "week" else day(d) if grain == "day" else None


def shift_value(value: str, grain: str, n: int) -> str | None:
    """Move a resolved value by ``n`` ``grain``s, keeping the value's own granularity.

    "a year earlier" after "the third quarter" (1989-Q3) is 1988-Q3; after
    "Oct. 26" (1989-10-26) it is 1988-10-26. None when the value cannot move.
    """
    try:
        moved = _shift_value(value, grain, n)
    except (OverflowError, ValueError):  # off the calendar: "292,000 weeks earlier"
        return None
    return moved if moved is None or _in_range(moved) else None


def _shift_value(value: str, grain: str, n: int) -> str | None:
    m = _VALUE.match(value)
    if not m:
        return None
    year = int(m["y"])
    months = {"month": 1, "quarter": 3, "half": 6, "season": 3, "year": 12, "decade": 120}
    if m["d"]:
        d = dt.date(year, int(m["m"]), int(m["d"]))
        if grain == "day":
            return day(d + dt.timedelta(days=n))
        if grain == "week":
            return day(d + dt.timedelta(weeks=n))
        if grain in months:
            moved = add_months(d, months[grain] * n)
            try:
                return day(moved.replace(day=d.day))
            except ValueError:  # 29 February a year back: the month's last day
                return day(add_months(moved, 1) - dt.timedelta(days=1))
        return None
    if grain in ("day", "week"):
        if m["w"] and grain == "week":
            monday = dt.date.fromisocalendar(year, int(m["w"]), 1)
            return week(monday + dt.timedelta(weeks=n)) + (m["we"] or "")
        return None
    step = months.get(grain)
    if step is None:
        return None
    if m["m"]:
        moved = add_months(dt.date(year, int(m["m"]), 1), step * n)
        return month(moved.year, moved.month)
    if m["q"] and step % 3 == 0:
        moved = add_months(dt.date(year, 3 * int(m["q"]) - 2, 1), step * n)
        return f"{moved.year:04d}-Q{quarter_of(moved)}"
    if m["w"] and step % 12 == 0:
        return f"{year + step // 12 * n:04d}-W{int(m['w']):02d}"
    if (m["h"] or m["s"]) and step % 12 == 0:
        return f"{year + step // 12 * n:04d}-{'H' + m['h'] if m['h'] else m['s']}"
    if not any(m[k] for k in ("m", "w", "q", "h", "s")) and step % 12 == 0:
        return f"{year + step // 12 * n:04d}"
    return None


def nearest_weekday(
    anchor: dt.date | None, weekday: int, direction: int, strict: bool = False
) -> str:
    """The date of ``weekday`` (1 = Monday) nearest ``anchor`` in ``direction``.

    -1: on or before the anchor ("said on Monday"); +1: on or after ("will meet
    on Tuesday"); 0 (tense unknown): whichever is nearer, the past on a tie.
    ``strict`` excludes the anchor's own day ("last Friday" on a Friday is a week back).
    """
    if anchor is None:
        return f"XXXX-WXX-{weekday}"
    try:
        return _nearest_weekday(anchor, weekday, direction, strict)
    except OverflowError:  # the week before 0001-01-01 or after 9999-12-31
        return f"XXXX-WXX-{weekday}"


def _nearest_weekday(anchor: dt.date, weekday: int, direction: int, strict: bool) -> str:
    back = (anchor.isoweekday() - weekday) % 7
    ahead = (weekday - anchor.isoweekday()) % 7
    if strict:
        back, ahead = back or 7, ahead or 7
    if direction < 0 or (direction == 0 and back <= ahead):
        return day(anchor - dt.timedelta(days=back))
    return day(anchor + dt.timedelta(days=ahead))


def year_of_month(anchor: dt.date | None, m: int, direction: int) -> int | None:
    """The year of a month named without one ("in February", "Nov. 17").

    The occurrence nearest the anchor, unless the tense points the other way: a
    future tense moves any earlier month a year ahead ("will meet in February" in
    April); a past tense moves a month more than ``_SLACK_MONTHS`` ahead a year
    back ("met in February" in a November article), while "set for Nov. 17" in
    an October article stays next month's.
    """
    if anchor is None:
        return None
    diff = m - anchor.month
    year = anchor.year - 1 if diff > 6 else anchor.year + 1 if diff < -6 else anchor.year
    signed = m + 12 * (year - anchor.year) - anchor.month
    if direction < 0 and signed > _SLACK_MONTHS:
        year -= 1
    elif direction > 0 and signed < 0:
        # "will" is explicit, while past tenses often report arrangements ahead
        # ("the vote was set for Nov. 17"): only the past gets slack.
        year += 1
    return year


#: How far a month may lie against the tense before the tense wins.
_SLACK_MONTHS = 2


def nth_weekday(year: int, m: int, weekday: int, n: int) -> dt.date:
    """The ``n``th ``weekday`` of a month (n = -1: the last), for movable holidays."""
    if n > 0:
        first = dt.date(year, m, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    last = add_months(dt.date(year, m, 1), 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
