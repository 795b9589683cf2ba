"""The time tagger's rules: one stated order, flags instead of names."""

from __future__ import annotations

import pytest

from dateline.nlp.timex.rules import ORDER, RULES
from dateline.nlp.timex.rules.base import rule


def test_the_rules_run_in_the_stated_order():
    assert [r.name for r in RULES] == list(ORDER)


def test_a_rule_not_in_the_order_is_refused():
    with pytest.raises(ValueError, match="not in rules.base.ORDER"):

        @rule(r"never")
        def made_up(m, ctx):  # pragma: no cover - never registered
            return None


def test_what_the_tagger_does_with_a_rule_is_a_flag_on_it():
    by_name = {r.name: r for r in RULES}
    assert {r.name for r in RULES if r.referring} == {"the_quarter", "that_unit", "year_earlier"}
    assert by_name["month_day_range"].splits == "days"
    assert by_name["year_span"].splits == "years"
    assert [r.name for r in RULES if r.joins_day] == ["clock"]
