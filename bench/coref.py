"""Pronouns on GAP: which entity's mentions hold each pronoun, through Dateline's records.

    python bench/coref.py [--data ../shared/data] [--split validation|development] [--limit N]

GAP (Webster et al., TACL 2018; Apache-2.0) gives a Wikipedia paragraph, a pronoun and
two names, A and B, with whether the pronoun refers to each. Scored as GAP's own scorer
does: precision, recall and F1 over the A and B decisions (a decision is positive when
the pronoun refers to the name), overall and by the pronoun's gender, snippet context
(the paragraph only). A decision is read from the record: the entity whose
``mentions`` hold the pronoun refers to A when its mentions also hold A's offset.

Dateline (with ``dateline_coref``) is scored beside the same pipeline without it (the
speaker rules alone, which resolve only a quote's own source pronoun) in one run.
"""

# No ``from __future__ import annotations`` here: bench/gate.py loads bench files without
# registering them in sys.modules.
import argparse
import csv
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
GAP = Path("coref") / "gap"
MASCULINE = {"he", "him", "his"}


def load_gap(data_dir: Path, split: str = "validation", limit=None) -> list:
    path = data_dir / GAP / f"gap-{split}.tsv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return rows[:limit] if limit else rows


def decisions(record: dict, row: dict) -> tuple:
    """(refers to A, refers to B) as the record says."""
    p = int(row["Pronoun-offset"])
    p_end = p + len(row["Pronoun"])
    holder = next(
        (
            e
            for e in record["entities"]
            if any(m["start"] <= p and p_end <= m["end"] for m in e["mentions"])
        ),
        None,
    )
    if holder is None:
        return False, False
    out = []
    for name in ("A", "B"):
        start = int(row[f"{name}-offset"])
        end = start + len(row[name])
        out.append(any(m["start"] < end and start < m["end"] for m in holder["mentions"]))
    return tuple(out)


def score(rows: list, predictions: list) -> dict:
    """GAP's P/R/F1 over the A and B decisions, overall and by gender."""
    counts = {k: [0, 0, 0] for k in ("all", "masculine", "feminine")}  # tp, pred, gold
    for row, pred in zip(rows, predictions, strict=True):
        gender = "masculine" if row["Pronoun"].lower() in MASCULINE else "feminine"
        for got, name in zip(pred, ("A", "B"), strict=True):
            gold = row[f"{name}-coref"].upper() == "TRUE"
            for key in ("all", gender):
                counts[key][0] += got and gold
                counts[key][1] += got
                counts[key][2] += gold
    out = {}
    for key, (tp, n_pred, n_gold) in counts.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        out[key] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def run(rows: list, coref: bool = True) -> tuple:
    from dateline import Article, extract, load

    nlp = load()
    if not coref and "dateline_coref" in nlp.pipe_names:
        nlp.remove_pipe("dateline_coref")
    articles = [Article(text=r["Text"], id=r["ID"]) for r in rows]
    start = time.perf_counter()
    records = list(extract(articles, nlp))
    seconds = time.perf_counter() - start
    by_id = {r["id"]: r for r in records}
    preds = [decisions(by_id[r["ID"]], r) if r["ID"] in by_id else (False, False) for r in rows]
    return score(rows, preds), seconds


def table(results: dict) -> str:
    lines = [
        "| system | P | R | F1 | masc F1 | fem F1 | fem/masc |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, s in results.items():
        p, r, f = s["all"]
        m, fe = s["masculine"][2], s["feminine"][2]
        ratio = fe / m if m else 0.0
        lines.append(f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {m:.3f} | {fe:.3f} | {ratio:.2f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="validation", choices=["validation", "development"])
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if not (args.data / GAP).exists():
        print(f"coref bench: no GAP at {args.data / GAP}; skipped")
        return 0
    rows = load_gap(args.data, args.split, args.limit)
    ours, t_ours = run(rows, coref=True)
    rules, t_rules = run(rows, coref=False)
    print(f"GAP {args.split} ({len(rows)} pronouns, snippet context), through records")
    print(table({"Dateline (coref)": ours, "speaker rules only": rules}))
    print(f"\ntime: {t_ours:.1f} s with coref, {t_rules:.1f} s without")
    return 0


if __name__ == "__main__":
    sys.exit(main())
