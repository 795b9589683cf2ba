"""CI quality gate: each pinned floor in bench/floors.json holds on development data."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
FLOORS = json.loads((ROOT / "bench" / "floors.json").read_text())

sys.path.insert(0, str(ROOT / "bench"))


def _cases():
    for capability, wanted in FLOORS.items():
        if capability.startswith("_"):
            continue
        for metric, floor in wanted.items():
            yield pytest.param(capability, metric, floor, id=f"{capability}.{metric}")


_SCORES: dict[str, dict[str, float]] = {}


@pytest.mark.skipif(not DATA.exists(), reason=f"development data not at {DATA}")
@pytest.mark.parametrize(("capability", "metric", "floor"), list(_cases()))
def test_score_is_not_below_its_floor(capability, metric, floor):
    import gate

    if capability not in _SCORES:
        _SCORES[capability] = gate.load_bench(capability).gate_scores(DATA)
    assert round(_SCORES[capability][metric], gate.PLACES) >= floor


def test_floors_are_scores():
    for capability, wanted in FLOORS.items():
        if not capability.startswith("_"):
            assert all(0.0 <= v <= 1.0 for v in wanted.values()), capability
