"""Where the pronoun model loses F1 on GAP: a breakdown of each gold link and each wrong
one, read from the cached parses (scripts/coref_cache.py).

    python scripts/coref_errors.py [--split validation] [--model path/to/model.json]
    python scripts/coref_errors.py --guard [--model path/to/model.json]

``--guard`` reads the Reuters stories cached by ``scripts/coref_cache.py --reuters 1000``
instead: how many pronouns the stage joins, and which entities NER typed ORG or GPE it
turns into people, and which names outside any entity it makes people (each listed, to
be checked by hand: news records must not turn companies or places into persons on a
pronoun's word).
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import coref_cache  # noqa: E402

import coref as gapbench  # noqa: E402  (bench/coref.py)


def breakdown(docs: list, rows: list, model: dict | None = None) -> tuple[Counter, dict]:
    from dateline.nlp import coref

    c: Counter = Counter()
    preds = []
    for doc, row in zip(docs, rows, strict=True):
        ents = copy.deepcopy(doc._.entities or [])
        p = int(row["Pronoun-offset"])
        pe = p + len(row["Pronoun"])
        pre_holder = next(
            (e for e in ents if any(m.start <= p and pe <= m.end for m in e.mentions)), None
        )
        coref.link_pronouns(doc, ents, model, common=coref_cache.common_words())
        rec = {"entities": [e.to_dict() for e in ents]}
        got = gapbench.decisions(rec, row)
        preds.append(got)
        holder = next(
            (e for e in ents if any(m.start <= p and pe <= m.end for m in e.mentions)), None
        )
        for k, name in enumerate("AB"):
            s = int(row[f"{name}-offset"])
            e_ = s + len(row[name])
            gold = row[f"{name}-coref"].upper() == "TRUE"
            holders = [x for x in ents if any(m.start < e_ and s < m.end for m in x.mentions)]
            kind = (
                "person"
                if any(x.type == "PERSON" for x in holders)
                else ("other-type:" + holders[0].type)
                if holders
                else "no-entity"
            )
            if gold:
                c["gold"] += 1
                if got[k]:
                    c["tp"] += 1
                    continue
                if kind != "person":
                    c[f"fn name {kind}"] += 1
                elif pre_holder is not None:
                    c["fn pronoun taken by speaker stage"] += 1
                elif holder is None:
                    c["fn pronoun linked to nobody"] += 1
                elif got[1 - k]:
                    c["fn linked to the other name"] += 1
                else:
                    c["fn linked to a third person"] += 1
            elif got[k]:
                other_gold = row[f"{'AB'[1 - k]}-coref"].upper() == "TRUE"
                c["fp (other name is gold)" if other_gold else "fp (neither is gold)"] += 1
    return c, gapbench.score(rows, preds)


def guard(docs: list, model: dict | None = None) -> tuple[Counter, list]:
    """Pronouns joined on news stories, and the entities made people: (counts, [(kind,
    name, story index)])."""
    from dateline.nlp import coref

    c: Counter = Counter()
    made: list = []
    for i, doc in enumerate(docs):
        ents = copy.deepcopy(doc._.entities or [])
        before = {e.id: e.type for e in ents}
        c["stories"] += 1
        c["pronouns"] += sum(1 for t in doc if t.lower_ in coref.PRONOUNS)
        c["joined"] += coref.link_pronouns(doc, ents, model, common=coref_cache.common_words())
        for e in ents:
            old = before.get(e.id)
            if e.type == "PERSON" and old != "PERSON":
                kind = f"{old} -> PERSON" if old else "new PERSON"
                c[kind] += 1
                made.append((kind, e.name, i))
    return c, made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=gapbench.DEFAULT_DATA)
    parser.add_argument("--split", default="validation")
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--guard", action="store_true", help="Reuters stories (see above)")
    args = parser.parse_args()
    model = json.loads(args.model.read_text()) if args.model else None
    if args.guard:
        c, made = guard(coref_cache.load("reuters"), model)
        for k, v in c.items():
            print(f"{v:6d}  {k}")
        for kind, name, story in made:
            print(f"  {kind:14s} {name!r} (story {story})")
        return 0
    rows = gapbench.load_gap(args.data, args.split)
    docs = coref_cache.load(args.split)
    c, s = breakdown(docs, rows, model)
    for k, v in sorted(c.items(), key=lambda kv: -kv[1]):
        print(f"{v:5d}  {k}")
    for key in ("all", "masculine", "feminine"):
        p, r, f = s[key]
        print(f"{key:10s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
