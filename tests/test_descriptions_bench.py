"""The scorer of bench/descriptions.py on hand-made records (no model, no data)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location(
    "bench_descriptions", ROOT / "bench" / "descriptions.py"
)
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

TEXT = "Acme Corp said it reviewed a Beta Corp proposal. The company said it met."
AT = TEXT.index("The company")
ACME = {"id": "e1", "name": "Acme Corp", "type": "ORG", "mentions": [
    {"start": 0, "end": 9, "text": "Acme Corp"},
    {"start": AT, "end": AT + 11, "text": "The company"}]}  # fmt: skip
BETA = {"id": "e2", "name": "Beta Corp", "type": "ORG", "mentions": [
    {"start": 29, "end": 38, "text": "Beta Corp"}]}  # fmt: skip


def record(speaker: str | None) -> dict:
    quote = {"source": {"start": AT, "end": AT + 11}, "speaker": {"entity": speaker}}
    return {"id": "r1", "entities": [ACME, BETA], "quotes": [quote]}


def case(kind: str = "org", gold: str | None = "Acme Corp") -> dict:
    return {"id": "r1", "offset": AT, "description": "The company", "kind": kind, "gold": gold}


@pytest.mark.parametrize(
    ("speaker", "right", "named"),
    [("e1", 1.0, 1.0), ("e2", 0.0, 1.0), (None, 0.0, 0.0)],
)
def test_dateline_is_scored_by_the_judged_name(speaker, right, named):
    s = bench.score([case()], {"r1": record(speaker)}, bench.dateline_pick)
    assert (s["right"], s["resolved"]) == (right, named)
    assert s["precision"] == (right if named else 0.0)


def test_the_judged_name_matches_without_its_case_and_stop():
    judged = case(gold="ACME CORP.")
    assert bench.is_right(ACME, judged)
    assert not bench.is_right(BETA, judged)


def test_the_baselines_take_the_nearest_name_not_a_description_mention():
    # Beta Corp is nearest before "The company"; Acme's own "The company" mention is
    # no name and is not counted.
    assert bench.baseline_pick(record(None), case(), fitting=False)["name"] == "Beta Corp"
    assert bench.baseline_pick(record(None), case(), fitting=True)["name"] == "Beta Corp"


def test_a_speaker_named_where_none_was_judged_counts_as_named_anyway():
    s = bench.score([case("unnamed", None)], {"r1": record("e1")}, bench.dateline_pick)
    assert (s["cases"], s["others"], s["named_anyway"]) == (0, 1, 1)
