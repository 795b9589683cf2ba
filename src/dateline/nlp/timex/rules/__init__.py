"""The tagging rules: one regex per family of time expression and the function that
gives its TIMEX3 type and value, in ``RULES`` in the order ``base.ORDER`` states (on a
tie in length, the rule listed first wins), with flags for what the tagger does with
them (``referring``, ``splits``, ``joins_day``).

Extents follow the TimeML guidelines (Pustejovsky et al., TimeML 1.2.1 and the
TIMEX3 annotation guidelines): a leading preposition stays out ("on Tuesday" ->
"Tuesday"), determiners and modifiers stay in ("the past five years", "nearly two
weeks", "mid-March", "early next year").
"""

from dateline.nlp.timex.rules import clock_sets, dates, relative  # noqa: F401  (registers)
from dateline.nlp.timex.rules.base import ORDER, RULES, Context, Rule, Value
from dateline.nlp.timex.rules.dates import range_end, year_range_end
from dateline.nlp.timex.rules.relative import refers_back

__all__ = [
    "ORDER",
    "RULES",
    "Context",
    "Rule",
    "Value",
    "range_end",
    "refers_back",
    "year_range_end",
]
