"""The tagger's word lists (``dateline/data/timex/lexicon.json``) and the regex
fragments built from them."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources


@cache
def load() -> dict:
    path = resources.files("dateline").joinpath("data/timex/lexicon.json")
    return json.loads(path.read_text("utf-8"))


def _alt(words) -> str:
    """An alternation of ``words``, longest first, spaces matching any whitespace."""
    parts = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    return "(?:" + "|".join(parts) + ")"


LEX = load()
MONTHS: dict[str, int] = LEX["months"]
WEEKDAYS: dict[str, int] = LEX["weekdays"]
NUMBERS: dict[str, float] = LEX["numbers"]
ORDINALS: dict[str, int] = LEX["ordinals"]
UNITS: dict[str, str] = LEX["units"]
SEASONS: dict[str, str] = LEX["seasons"]
PARTS_OF_DAY: dict[str, str] = LEX["parts_of_day"]
SET_ADVERBS: dict[str, str] = LEX["set_adverbs"]
REFS: dict[str, str] = LEX["refs"]
HOLIDAYS: dict[str, str] = LEX["holidays"]
VAGUE: list[str] = LEX["vague_numbers"]
#: Verbs whose object or complement lies ahead ("planned a rally on Saturday").
FUTURE_VERBS: frozenset[str] = frozenset(LEX["future_verbs"])
#: Words whose to-infinitive lies ahead though they plan nothing themselves ("set to
#: resume Monday", "poised to attack", "ready to leave"): "set" alone is no plan.
FUTURE_HEADS: frozenset[str] = frozenset(LEX["future_heads"])
#: Words that make a bare unit after them a noun's ("the days of", "office hours"), not a
#: duration of its own ("weeks of talks", "minutes later").
UNIT_BLOCKERS: frozenset[str] = frozenset(LEX["unit_blockers"])
#: Plural nouns a year before them dates rather than counts ("1987 earnings", "in 1981
#: prices"), where "2000 people" counts.
YEAR_NOUNS: frozenset[str] = frozenset(LEX["year_nouns"])

# Regex fragments (compiled with re.IGNORECASE off; case-insensitive parts use (?i:...)).
# Month and weekday names must be capitalised: "May" the month, not "may" the verb.
_long_months = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_short_months = [m for m in MONTHS if m not in _long_months]
# Wire agencies write headlines and datelines in capitals ("MARCH 24", "TOKYO, MARCH 24 -",
# "TALKS RESUME MONDAY"): the capitalised and the all-capital forms are months and days,
# never the lower-case ones.


def _names(words: list[str]) -> str:
    """Capitalised and all-capital forms of ``words``, longest first."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join([w.capitalize() for w in ordered] + [w.upper() for w in ordered])


MONTH = r"(?:(?:" + _names(_long_months) + r")\b|(?:" + _names(_short_months) + r")\b\.?)"
_long_days = [d for d in WEEKDAYS if len(d) > 5]
WEEKDAY = r"(?:" + _names(_long_days) + r")"
_num_words = [w for w in NUMBERS if w not in ("a", "an", "half", "hundred", "thousand", "dozen")]
NUM_WORD = r"(?i:" + _alt(_num_words) + r")"
#: A cardinal in digits or words: "24", "1,000", "twenty-four", "two hundred", "a", "several".
NUMBER = (
    r"(?:\d+(?:[.,]\d+)?(?:[ -]1/2)?|(?i:"
    + NUM_WORD
    + r"(?:[\s-]+"
    + NUM_WORD
    + r")*(?:\s+(?:hundred|thousand))?(?:\s+and\s+a\s+half)?)"
    + r"|(?i:a|an|one)(?:\s+(?:hundred|thousand|dozen))?|(?i:"
    + _alt(VAGUE)
    + r"))"
)
UNIT = (
    r"(?i:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|quarters?|years?"
    r"|decades?|centur(?:y|ies)|millenni(?:um|a))"
)
UNIT_SG = r"(?i:second|minute|hour|day|week|weekend|fortnight|month|quarter|year|decade|century)"
ORDINAL = r"(?i:first|second|third|fourth|1st|2nd|3rd|4th)"
SEASON = r"(?i:spring|summer|fall|autumn|winter)"
PART_OF_DAY = r"(?i:" + _alt(PARTS_OF_DAY) + r")"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"


def number_value(text: str) -> float | None:
    """The value of a NUMBER match; None for vague ones ("several")."""
    low = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    if low in VAGUE or low.replace("a ", "", 1) in VAGUE:
        return None
    digits = low.replace(",", "")
    if digits.endswith(" 1/2"):  # "2 1/2 years"
        digits = str(float(digits[:-4]) + 0.5)
    try:
        return float(digits)
    except ValueError:
        pass
    total, current = 0.0, 0.0
    for word in low.split():
        if word == "and":
            continue
        if word == "a" and current:  # "two and a half"
            continue
        if word in ("hundred", "thousand"):
            current = (current or 1) * NUMBERS[word]
            if word == "thousand":
                total, current = total + current, 0.0
        elif word == "half":
            current += 0.5
        elif word in NUMBERS:
            current += NUMBERS[word]
        else:
            return None
    return total + current
