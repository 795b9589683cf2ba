"""Pronouns on GAP: which entity's mentions hold each pronoun, through Dateline's records.

    python bench/coref.py [--data ../shared/data] [--split validation|development] [--limit N]
                          [--gap-only] [--speed-stories N]

GAP (Webster et al., TACL 2018; Apache-2.0) gives a Wikipedia paragraph, a pronoun and
two names, A and B, with whether the pronoun refers to each. Scored as GAP's own scorer
does: precision, recall and F1 over the A and B decisions (a decision is positive when
the pronoun refers to the name), overall and by the pronoun's gender, snippet context
(the paragraph only). A decision is read from the record: the entity whose
``mentions`` hold the pronoun refers to A when its mentions also hold A's offset.

Dateline (with ``dateline_coref``) is scored beside the same pipeline without it (the
speaker rules alone, which resolve only a quote's own source pronoun) in one run.

Then speakers: PolNeAR dev attributions with a capitalised source filed under the right
name (``polnear_filed``), the GUM speaker figures of bench/quotes.py, and the speed of the
speaker and coreference stages beside bare spaCy's on Reuters stories.
"""

# No ``from __future__ import annotations`` here: bench/gate.py loads bench files without
# registering them in sys.modules.
import argparse
import csv
import statistics
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


def _capitalised(text: str) -> set:
    """The capitalised words of a source ("Foreign Minister Sergei Lavrov"), folded, without
    a possessive ending ("Trump's" is Trump); a pronoun or a sentence-initial determiner is
    no name."""
    skip = {"He", "She", "It", "They", "We", "I", "The", "A", "An", "His", "Her", "Their", "Its"}
    words = [w.strip(".,'’\"()").removesuffix("'s").removesuffix("’s") for w in text.split()]
    return {w.lower() for w in words if w[:1].isupper() and w not in skip and len(w) > 1}


def polnear_filed(data_dir: Path, limit=None, coref: bool = True) -> dict:
    """PolNeAR dev attributions whose source is capitalised (a name, or a description
    holding one): the share whose content Dateline finds (Jaccard >= 0.5, as
    bench/quotes.py matches) with a speaker entity whose name or mentions share a
    capitalised word with the gold source ("filed right"), and how many of those it files
    are right. Also: pronoun and description sources given a speaker."""
    import importlib.util

    from dateline import load

    spec = importlib.util.spec_from_file_location("quotes_bench", HERE / "quotes.py")
    qb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(qb)
    docs = qb.load_gold(data_dir / qb.DEV, limit)
    nlp = load()
    if not coref and "dateline_coref" in nlp.pipe_names:
        nlp.remove_pipe("dateline_coref")
    c = dict.fromkeys(("cap", "filed", "right", "pron", "pron_filed", "desc", "desc_filed"), 0)
    pronouns = {"he", "she", "it", "they", "i", "we", "him", "her", "them", "who"}
    for doc, parsed in zip(docs, nlp.pipe(d["text"] for d in docs), strict=True):
        text = doc["text"]
        entities = {e.id: e for e in parsed._.entities or []}
        preds = [q for q in parsed._.quotes or []]
        pchars = [frozenset(range(*qb.trim(text, q.start, q.end))) for q in preds]
        for g in doc["gold"]:
            if not g.source:
                continue
            source = " ".join(text[s:e] for s, e in g.source)
            gc = g.chars(text)
            pairs = zip(pchars, preds, strict=True)
            best = max(
                ((len(pc & gc) / len(pc | gc), q) for pc, q in pairs if pc & gc),
                key=lambda x: x[0],
                default=(0.0, None),
            )
            quote = best[1] if best[0] >= qb.SOFT else None
            speaker = entities.get(quote.speaker) if quote and quote.speaker else None
            names = _capitalised(source)
            low = source.strip().lower()
            if low in pronouns:
                c["pron"] += 1
                c["pron_filed"] += speaker is not None
            elif not names:
                c["desc"] += 1
                c["desc_filed"] += speaker is not None
            else:
                c["cap"] += 1
                if speaker is not None:
                    c["filed"] += 1
                    # The resolver adds the source span itself to the speaker's mentions;
                    # counting that span would file "Serbia's minister Jeremic" right under
                    # whomever it was given to. The speaker's name and other mentions count.
                    src = quote.source
                    held = _capitalised(speaker.name)
                    for m in speaker.mentions:
                        if src is None or (m.start, m.end) != (src.start, src.end):
                            held |= _capitalised(m.text)
                    c["right"] += bool(names & held)
    return {
        "capitalised": c["cap"],
        "filed_right": c["right"] / c["cap"] if c["cap"] else 0.0,
        "precision": c["right"] / c["filed"] if c["filed"] else 0.0,
        "pronouns": c["pron"],
        "pronouns_resolved": c["pron_filed"] / c["pron"] if c["pron"] else 0.0,
        "descriptions": c["desc"],
        "descriptions_resolved": c["desc_filed"] / c["desc"] if c["desc"] else 0.0,
    }


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


SPACY_STAGES = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"}
RESOLUTION = ("dateline_speakers", "dateline_coref")
GROWTH_PASSES = 3


def stage_times(nlp, texts: list) -> dict:
    """Seconds per pipeline component over ``texts`` (the tokenizer as "tokenizer")."""
    from dateline import Article
    from dateline.extraction import make_doc

    times = {"tokenizer": 0.0}
    for text in texts:
        start = time.perf_counter()
        doc = make_doc(nlp, Article(text=text))
        times["tokenizer"] += time.perf_counter() - start
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            doc = proc(doc)
            times[name] = times.get(name, 0.0) + time.perf_counter() - start
    return times


def speed(data_dir: Path, stories: int) -> dict:
    """The speaker and coreference stages' time as a share of bare spaCy's (tokenizer and
    the model's own components) on Reuters stories, and their time on 200k characters
    over 100k (linear growth: <= 2.5)."""
    import json

    from dateline import load

    path = data_dir / "corpora" / "reuters21578" / "reuters21578.jsonl"
    texts = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            text = json.loads(line).get("text") or ""
            if len(text) > 500:
                texts.append(text)
            if len(texts) >= stories:
                break
    nlp = load()
    stage_times(nlp, texts[:5])  # warm up
    t = stage_times(nlp, texts)
    spacy = t["tokenizer"] + sum(v for k, v in t.items() if k in SPACY_STAGES)
    out = {name: t.get(name, 0.0) / spacy for name in RESOLUTION}
    joined = "\n\n".join(texts)
    while len(joined) < 200_000:
        joined += "\n\n" + joined
    # The two stages take tenths of a second here, so a few milliseconds of noise move one
    # ratio a lot: the median of GROWTH_PASSES pairs, each pair timed back to back.
    ratios = []
    for _ in range(GROWTH_PASSES):
        small = stage_times(nlp, [joined[:100_000]])
        large = stage_times(nlp, [joined[:200_000]])
        resolution = sum(small[n] for n in RESOLUTION)
        ratios.append(sum(large[n] for n in RESOLUTION) / max(1e-9, resolution))
    out["growth"] = statistics.median(ratios)
    out["growth_passes"] = sorted(ratios)
    out["stories"], out["spacy_s"] = len(texts), spacy
    return out


def _speaker_scores() -> dict:
    import importlib.util

    spec = importlib.util.spec_from_file_location("quotes_bench", HERE / "quotes.py")
    qb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(qb)
    return qb.speaker_scores(qb.SAMPLE)


def gate_scores(data_dir: Path) -> dict[str, float]:
    """GAP validation F1 through the records, and its feminine / masculine ratio (for
    bench/gate.py)."""
    s, _ = run(load_gap(data_dir, "validation"), coref=True)
    m, f = s["masculine"][2], s["feminine"][2]
    return {"gap_f1": s["all"][2], "gap_fem_masc_ratio": f / m if m else 0.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="validation", choices=["validation", "development"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--gap-only", action="store_true", help="GAP figures only")
    parser.add_argument(
        "--speed-stories", type=int, default=200, help="Reuters stories timed; 0 skips"
    )
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
    if args.gap_only:
        return 0
    f = polnear_filed(args.data, args.limit)
    print(
        f"\nPolNeAR dev: {f['capitalised']} attributions with a capitalised source, "
        f"{f['filed_right']:.3f} filed under the right name (filed right: "
        f"{f['precision']:.3f}); pronoun sources {f['pronouns']}, "
        f"{f['pronouns_resolved']:.3f} given a speaker; descriptions {f['descriptions']}, "
        f"{f['descriptions_resolved']:.3f}  (targets: >= 0.65 with >= 0.95)"
    )
    sp = _speaker_scores()
    print(
        f"GUM speakers (bundled sample): {sp['scored']} sources, {sp['resolved']:.3f} "
        f"resolved, {sp['precision']:.3f} correct  (targets: >= 0.80, >= 0.95)"
    )
    if args.speed_stories:
        sd = speed(args.data, args.speed_stories)
        print(
            f"speed on {sd['stories']} Reuters stories: speakers {sd['dateline_speakers']:.1%}"
            f", coref {sd['dateline_coref']:.1%} of bare spaCy's {sd['spacy_s']:.1f} s "
            f"(target <= 15% together); 200k characters take {sd['growth']:.2f}x the time "
            f"of 100k, median of {', '.join(f'{r:.2f}' for r in sd['growth_passes'])} "
            "(target <= 2.5)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
