"""What every tagging rule shares: the registry, the context a rule reads, the regex
pieces of modifiers, durations and units.

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

#: (type, value), optionally with the extent's own (start, end) when it is not the match's
#: ("the two-week visit" -> "two-week").
Value = tuple[str, str] | tuple[str, str, int] | tuple[str, str, int, int]

#: What follows a year given by its last day, a span rather than the calendar year:
#: "the year ended Sept. 30", "the fiscal year ending in June".
ENDED = re.compile(r"\s+(?:that\s+)?(?i:ended|ending|ends|to\s+(?:end|date))\b")


@dataclass
class Context:
    """What a rule needs besides its match: the anchor, the parse, the reference time."""

    doc: Doc
    anchor: dt.date | None
    #: ``doc.text``, built once (spaCy joins the tokens on every access).
    text: str = ""
    #: The last absolute DATE value seen: "a year earlier" and "the quarter" refer to it.
    ref: str | None = None
    #: The last absolute DATE value of any grain, a bare year too: "that year" refers to it.
    seen: str | None = None
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
    #: Its value is taken from the time in focus ("a year earlier", "that year"); it does
    #: not move the focus itself.
    referring: bool = False
    #: A range whose second end is a time expression of its own: "days" ("April 9-11")
    #: or "years" ("2003-2005").
    splits: str | None = None
    #: A clock time that joins the day next to it ("Friday at 10 a.m.") into one TIME.
    joins_day: bool = False


#: Every rule, in the order that breaks a tie between two matches of the same length
#: (the first listed wins). ``rules/__init__.py`` sorts ``RULES`` by it and refuses a
#: rule that is not listed.
ORDER: tuple[str, ...] = (
    "amount_of_time", "the_past_unit", "the_quarter", "bare_units", "the_units",
    "at_the_time", "that_unit", "for_the_year", "ago", "year_earlier", "deictic_day",
    "this_morning", "this_unit", "edge_of_unit", "weekend", "weekday", "month_day",
    "month_day_range", "week_of", "day_month", "iso_date", "us_date", "month_year",
    "relative_month", "year", "year_span", "decade", "decade_words", "spoken_year",
    "the_fiscal_year", "century", "quarter", "season", "clock", "clock_duration",
    "reference", "every", "set_adverb", "frequency", "holiday",
)  # fmt: skip

RULES: list[Rule] = []


def rule(
    pattern: str, *, referring: bool = False, splits: str | None = None, joins_day: bool = False
):
    """Register the decorated function as the rule of its name, with its flags."""

    def register(fn):
        if fn.__name__ not in ORDER:
            raise ValueError(f"time rule {fn.__name__!r} is not in rules.base.ORDER")
        RULES.append(Rule(fn.__name__, re.compile(pattern), fn, referring, splits, joins_day))
        RULES.sort(key=lambda r: ORDER.index(r.name))
        return fn

    return register


# --- shared pieces ---------------------------------------------------------------------

#: Approximators TimeML keeps inside the extent (mod="APPROX", "MORE_THAN"...).
#: "about", "over", "only", "just" and "almost" stay out: TimeBank mostly leaves them out.
APPROX = (
    r"(?:(?i:nearly|around|roughly|approximately|more\s+than|less\s+than|fewer\s+than|at\s+least"
    r"|at\s+most|no\s+more\s+than|no\s+less\s+than|up\s+to)\s+)?"
)
#: "end-1987", "end-February" are wire house style for "the end of".
EDGE = (
    r"(?:(?i:early|late|mid|end(?=-)|the\s+(?:end|middle|beginning|start|close|rest)\s+of)"
    r"[\s-]*)?"
)
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
    # A half is told in the next unit down, as TimeML writes it: "2 1/2 years" P2Y6M,
    # "a minute and a half" PT1M30S.
    lower = {"year": (12, "M"), "day": (24, "H"), "hour": (60, "M"), "minute": (60, "S")}
    if n is not None and n != int(n) and unit in lower and (n * 2) == int(n * 2):
        factor, sub = lower[unit]
        whole = duration(int(n), unit) if int(n) else ("PT" if unit in ("hour", "minute") else "P")
        if unit == "day":
            return f"{whole}T{factor // 2}{sub}"
        return f"{whole}{factor // 2}{sub}"
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
