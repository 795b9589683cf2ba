"""The quote rule registry: every rule named, ordered, documented, and true to its example."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.nlp import rules as registry

ROOT = Path(__file__).resolve().parents[1]


def test_every_rule_is_registered_once_and_in_the_order():
    names = [r.name for r in registry.rules()]
    assert names == list(registry.ORDER)
    assert [r.order for r in registry.rules()] == list(range(len(names)))


def test_parse_rules_come_first_then_marks_then_layout():
    passes = [r.kind for r in registry.rules()]
    assert passes == sorted(passes, key=registry.PASSES.index)
    assert all(r.find is not None for r in registry.parse_rules())


def test_a_rule_not_in_the_order_is_refused():
    with pytest.raises(ValueError, match="not in rules.ORDER"):
        registry.register("made_up", "parse", "nothing", "nothing")


def test_the_docs_list_the_rules_as_registered():
    doc = (ROOT / "docs" / "quotes.md").read_text("utf-8")
    start = doc.index(registry.DOC_START)
    end = doc.index(registry.DOC_END) + len(registry.DOC_END)
    assert doc[start:end] == registry.markdown(), (
        "docs/quotes.md is out of date: run python scripts/write_rules_doc.py"
    )


@pytest.mark.parametrize("rule", [r for r in registry.rules() if r.kind == "parse"], ids=str)
def test_each_parse_rule_reads_its_example(nlp, rule):
    from dateline.nlp import indirect

    found = indirect.speech_clauses(nlp(rule.example))
    assert rule.name in {c.rule for c in found}


@pytest.mark.parametrize(
    "rule",
    [r for r in registry.rules() if r.kind != "parse" and r.name != "interview_answer"],
    ids=str,
)
def test_each_marks_and_layout_rule_makes_a_quote_of_its_example(nlp, rule):
    doc = nlp(rule.example)
    assert rule.name in {q.rule for q in doc._.quotes}


def test_a_rule_left_out_reads_nothing(nlp):
    from dateline.nlp import indirect

    doc = nlp("The union called for an inquiry into the crash.")
    assert [c.rule for c in indirect.speech_clauses(doc)] == ["phrasal_object"]
    assert indirect.speech_clauses(doc, frozenset({"phrasal_object"})) == []


def test_every_quote_in_a_record_names_its_rule(nlp, sample_articles):
    from dateline import Article, extract

    article = sample_articles[0]
    [record] = list(extract([Article(text=article["text"], published=article["date"])], nlp))
    assert record["quotes"]
    assert all(q["rule"] in registry.ORDER for q in record["quotes"])


@pytest.mark.parametrize(
    ("text", "act"),
    [
        ("The minister said the talks would resume on Monday.", "statement"),
        ("The ministry told reporters that the plant was safe.", "statement"),
        ("Analysts believe that the dollar will fall further.", "belief"),
        ("Critics doubt that the plan will work.", "belief"),
        ("The senator was critical of the deal.", "belief"),
        ("The ministry plans to open an inquiry into the sales.", "intention"),
        ("The government has offered the region autonomy.", "intention"),
        ("The company intends to sell its European plants.", "intention"),
        ("His plan to cut taxes was rejected.", "intention"),
    ],
)
def test_what_each_quote_reports(nlp, text, act):
    doc = nlp(text)
    assert [q.act for q in doc._.quotes] == [act]


def test_a_quote_inside_another_names_it_as_parent():
    from dateline.nlp.quotes import _nest
    from dateline.types import Quote

    outer = Quote("q1", "indirect", 0, 100, "x")
    inner = Quote("q2", "direct", 10, 40, "y")
    same = Quote("q3", "direct", 10, 40, "y")
    after = Quote("q4", "indirect", 120, 150, "z")
    quotes = [outer, inner, same, after]
    _nest(quotes)
    assert [q.parent for q in quotes] == [None, "q1", "q1", None]


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("according_to", "The plan will fail, according to officials."),
        ("quote_with_cue", "“We will continue. Nothing will stop us,” Lavrov said."),
        ("speaker_label", "PENCE: Well, we will see what happens."),
    ],
)
def test_a_rule_switched_off_makes_no_quote(nlp, rule, text):
    from dateline.nlp.quotes import find_quotes

    doc = nlp(text)
    assert rule in {q.rule for q in find_quotes(doc)}
    doc = nlp(text)
    assert rule not in {q.rule for q in find_quotes(doc, frozenset({rule}))}


def test_speakers_are_a_stage_of_their_own_behind_the_quote_finder(nlp):
    names = nlp.pipe_names
    assert names.index("dateline_quotes") < names.index("dateline_speakers")
    assert names.index("dateline_speakers") < names.index("dateline_coref")
    meta = nlp.get_pipe_meta("dateline_speakers")
    assert "doc._.quotes" in meta.requires and "doc._.quotes" in meta.assigns
    text = "Ban Ki-moon arrived on Tuesday. He said the talks would resume."
    with nlp.select_pipes(disable=["dateline_speakers"]):
        doc = nlp(text)
    [quote] = doc._.quotes
    assert quote.source.text == "He" and quote.speaker is None
    doc = nlp(text)
    names_by_id = {e.id: e.name for e in doc._.entities}
    assert names_by_id[doc._.quotes[0].speaker] == "Ban Ki-moon"
