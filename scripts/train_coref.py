"""Train the pronoun model of ``dateline_coref`` on GAP development; tune its threshold on
GAP validation; write ``src/dateline/data/coref/model.json``.

    python scripts/train_coref.py [--data ../shared/data] [--out src/dateline/data/coref/model.json]

GAP (Webster et al., TACL 2018) is Apache-2.0: weights trained on it may ship. Each GAP
pronoun gives one row per person named within reach (features from
``dateline.nlp.coref.features``), labelled 1 when that person's mentions hold a name the
pronoun refers to. A logistic regression (scikit-learn, a bench dependency only) learns
the weights; the threshold is the one that gives the best F1 on validation, scored as
bench/coref.py does. Also prints 5-fold cross-validation on development.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import coref as gapbench  # noqa: E402  (bench/coref.py)


def rows_of(nlp, gap_rows: list) -> list:
    """(features, label, example index, entity) per candidate, with parsed docs."""
    from dateline.nlp import coref

    texts = [r["Text"] for r in gap_rows]
    out = []
    ours_after = [n for n in nlp.pipe_names if n.startswith("dateline_") and n != "dateline_coref"]
    keep = {"dateline_datelines", "dateline_entities"}
    disable = [n for n in nlp.pipe_names if n.startswith("dateline_") and n not in keep]
    del ours_after
    with nlp.select_pipes(disable=disable):
        docs = list(nlp.pipe(texts, batch_size=64))
    for k, (doc, row) in enumerate(zip(docs, gap_rows, strict=True)):
        people = [e for e in doc._.entities or [] if e.type == "PERSON"]
        if not people:
            continue
        p = int(row["Pronoun-offset"])
        span = doc.char_span(p, p + len(row["Pronoun"]), alignment_mode="expand")
        if span is None:
            continue
        tok = span[0]
        if tok.lower_ not in coref.PRONOUNS:
            continue
        gender = coref.genders(doc, people)
        heads = coref._mention_heads(doc, people)
        cands = coref.candidates(tok, heads)
        want = "m" if tok.lower_ in coref.MALE else "f"
        gold = []
        for name in ("A", "B"):
            if row[f"{name}-coref"].upper() == "TRUE":
                s = int(row[f"{name}-offset"])
                gold.append((s, s + len(row[name])))
        for cand in cands:
            label = any(
                any(m.start < e and s < m.end for m in cand.entity.mentions) for s, e in gold
            )
            feats = coref.features(tok, cand, cands, gender.get(cand.entity.id), want)
            out.append((feats, int(label), k))
    return out


def fit(rows: list, names: list[str]):
    from sklearn.linear_model import LogisticRegression

    x = [[r[0].get(n, 0.0) for n in names] for r in rows]
    y = [r[1] for r in rows]
    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit(x, y)
    return clf


def to_model(clf, names: list[str], threshold: float) -> dict:
    return {
        "weights": {n: round(float(w), 6) for n, w in zip(names, clf.coef_[0], strict=True)},
        "bias": round(float(clf.intercept_[0]), 6),
        "threshold": threshold,
    }


def parse_full(nlp, gap_rows: list) -> list:
    """GAP paragraphs through the pipeline up to the quotes (speakers add the pronouns
    they resolve), without the coreference stage."""
    from dateline import Article
    from dateline.extract import make_doc

    with nlp.select_pipes(disable=["dateline_coref"]):
        return list(nlp.pipe(make_doc(nlp, Article(text=r["Text"], id=r["ID"])) for r in gap_rows))


def gap_f1(docs: list, gap_rows: list, model: dict) -> dict:
    """bench/coref.py's scoring of ``model`` on parsed ``docs`` (entities copied)."""
    import copy

    from dateline.nlp import coref

    preds = []
    for doc, row in zip(docs, gap_rows, strict=True):
        entities = copy.deepcopy(doc._.entities or [])
        coref.link_pronouns(doc, entities, model)
        record = {"entities": [e.to_dict() for e in entities]}
        preds.append(gapbench.decisions(record, row))
    return gapbench.score(gap_rows, preds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=gapbench.DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=ROOT / "src/dateline/data/coref/model.json")
    args = parser.parse_args()
    from dateline import load

    nlp = load()
    dev = gapbench.load_gap(args.data, "development")
    val = gapbench.load_gap(args.data, "validation")
    rows = rows_of(nlp, dev)
    names = sorted({k for r in rows for k in r[0]})
    print(f"GAP development: {len(dev)} pronouns, {len(rows)} candidate rows")
    # 5-fold cross-validation on development (by example), threshold 0.5.
    folds = 5
    tp = npred = ngold = 0
    for f in range(folds):
        train = [r for r in rows if r[2] % folds != f]
        test = [r for r in rows if r[2] % folds == f]
        clf = fit(train, names)
        best: dict[int, tuple[float, int]] = {}
        for r in test:
            p = clf.predict_proba([[r[0].get(n, 0.0) for n in names]])[0][1]
            if r[2] not in best or p > best[r[2]][0]:
                best[r[2]] = (p, r[1])
        npred += sum(1 for p, _ in best.values() if p >= 0.5)
        tp += sum(1 for p, y in best.values() if p >= 0.5 and y)
    ngold = sum(
        1 for k, r in enumerate(dev) if k % 1 == 0 for n in "AB" if r[f"{n}-coref"] == "TRUE"
    )
    p = tp / npred if npred else 0.0
    rec = tp / ngold if ngold else 0.0
    print(f"5-fold CV on development (candidate level, threshold 0.5): P {p:.3f} R {rec:.3f}")
    clf = fit(rows, names)
    val_docs = parse_full(nlp, val)
    best_t, best_f = 0.5, -1.0
    for t in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        s = gap_f1(val_docs, val, to_model(clf, names, t))
        masc, fem = s["masculine"][2], s["feminine"][2]
        print(f"validation threshold {t}: F1 {s['all'][2]:.3f} (masc {masc:.3f}, fem {fem:.3f})")
        if s["all"][2] > best_f:
            best_t, best_f = t, s["all"][2]
    model = to_model(clf, names, best_t)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {args.out} (threshold {best_t}, validation F1 {best_f:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
