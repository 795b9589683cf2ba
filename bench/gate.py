"""The quality gate: fail when a score on development data drops below its pinned floor.

Each capability's bench script exposes ``gate_scores(data_dir) -> dict[str, float]``
(Dateline's own figures only, no baselines, so the gate stays quick). Floors live
in ``bench/floors.json``; a floor only moves up.

    python bench/gate.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
#: Scores are compared after rounding to this many places, so float noise never flips a gate.
PLACES = 4


def load_bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs, as a normal import would, so dataclasses can resolve it.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def check(data_dir: Path) -> list[str]:
    """Messages for every score below its floor; empty when the gate passes."""
    floors = json.loads((HERE / "floors.json").read_text())
    failures = []
    for capability, wanted in floors.items():
        if capability.startswith("_") or not wanted:
            continue
        scores = load_bench(capability).gate_scores(data_dir)
        for metric, floor in wanted.items():
            got = round(scores[metric], PLACES)
            status = "ok" if got >= floor else "BELOW FLOOR"
            print(f"{capability}.{metric}: {got:.4f} (floor {floor:.4f}) {status}")
            if got < floor:
                failures.append(f"{capability}.{metric} = {got:.4f} < floor {floor:.4f}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not args.data.exists():
        print(f"gate: no development data at {args.data}; skipped")
        return 0
    failures = check(args.data)
    for failure in failures:
        print(f"gate: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
