"""Where quote recall is lost: PolNeAR attributions Dateline misses, grouped by family.

    python bench/quotes_misses.py [--data ../shared/data] [--split dev|train]
                                  [--limit N] [--skip N] [--cache DIR] [--show K]

Parses once (the model's parse is cached as a DocBin under ``--cache``), then runs
Dateline's entity and quote stages, scores as ``bench/quotes.py`` does and lists the
missed gold attributions grouped by family (see ``family``) and by cue lemma, with
``--show`` examples of each. Development data only: PolNeAR dev and train; the test
split is held out and never read here.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import quotes as qb  # noqa: E402  (the bench next to this file)


def parsed_docs(nlp, texts: list[str], cache: Path | None, key: str) -> list:
    """The model's parse of ``texts``, from the DocBin cache when it is there."""
    from spacy.tokens import DocBin

    ours = [n for n in nlp.pipe_names if n.startswith("dateline_")]
    path = cache / f"{key}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if [d.text for d in docs] == texts:
            return docs
    with nlp.select_pipes(disable=ours):
        docs = list(nlp.pipe(texts))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs


def _tokens(doc, spans: list[qb.Span]) -> list:
    return [t for t in doc if any(s <= t.idx < e for s, e in spans)]


def family(doc, gold: qb.Attribution, preds: list[qb.Attribution]) -> tuple[str, str]:
    """(family, cue lemma) of a missed gold attribution."""
    from dateline.nlp import cues

    text = doc.text
    cue_toks = _tokens(doc, gold.cue)
    heads = [t for t in cue_toks if t.pos_ in {"VERB", "NOUN", "ADP"}] or cue_toks
    head = heads[0] if heads else None
    lemma = " ".join(t.lemma_.lower() for t in cue_toks)[:30] if cue_toks else "(no cue)"
    gc = gold.chars(text)
    # A prediction with the same cue, or overlapping content: the boundary failed.
    for p in preds:
        pc = p.chars(text)
        if qb._overlaps(p.cue, gold.cue) and pc & gc:
            jac = len(pc & gc) / len(pc | gc)
            side = "too long" if len(pc) > len(gc) else "too short"
            return f"boundary ({side}, J={jac:.1f})", lemma
        if qb._overlaps(p.cue, gold.cue):
            return "same cue, other content", lemma
    if any(p.chars(text) & gc for p in preds):
        return "content overlaps another prediction", lemma
    if head is None:
        return "no cue", lemma
    sents = {t.sent.start for t in _tokens(doc, gold.contents)}
    multi = len(sents) > 1
    if head.pos_ == "NOUN":
        fam = "noun cue"
    elif head.pos_ == "ADP":
        fam = "preposition cue (according to…)"
    elif not (cues.is_speech_verb(head) or cues.is_attitude_verb(head)):
        fam = f"verb not in lexicon (content = {_content_dep(head, gc)})"
    elif head.dep_ in {"relcl", "acl"}:
        fam = f"speech verb in {head.dep_}"
    elif head.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in head.children):
        fam = "passive cue"
    else:
        comps = [c.dep_ for c in head.children]
        fam = "speech verb, no clause (" + ",".join(sorted(set(comps)) or ["-"])[:40] + ")"
    if multi:
        fam += " [multi-sentence]"
    return fam, lemma


def _content_dep(verb, gold_chars: frozenset[int]) -> str:
    """The dependency of the child of ``verb`` whose subtree is the gold content (J >= 0.5)."""
    for child in verb.children:
        chars = set(range(child.left_edge.idx, child.right_edge.idx + len(child.right_edge)))
        if chars & gold_chars and len(chars & gold_chars) / len(chars | gold_chars) >= qb.SOFT:
            return child.dep_
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=qb.DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--skip", type=int, default=0, help="skip the first N articles")
    parser.add_argument(
        "--cache", type=Path, default=Path(tempfile.gettempdir()) / "dateline-qcache"
    )
    parser.add_argument("--show", type=int, default=0, help="examples per family")
    parser.add_argument("--families", type=int, default=25)
    args = parser.parse_args()
    path = args.data / "polnear" / f"{args.split}.jsonl"
    if not path.exists():
        print(f"quotes misses: no PolNeAR {args.split} at {path}; skipped")
        return 0
    from dateline import load

    docs = qb.load_gold(path, (args.limit + args.skip) if args.limit else None)[args.skip :]
    nlp = load()
    key = f"{args.split}-{args.skip}-{args.limit or 'all'}"
    parsed = parsed_docs(nlp, [d["text"] for d in docs], args.cache, key)
    for name in ("dateline_entities", "dateline_quotes"):
        for doc in parsed:
            nlp.get_pipe(name)(doc)
    preds = [qb.dateline_predict(doc) for doc in parsed]
    figures = qb.score(docs, preds)
    print(
        f"{args.split} {len(docs)} articles, gold {figures['gold']}, "
        f"predicted {figures['predicted']}: soft P/R/F1 {figures['content_soft_p']:.3f} / "
        f"{figures['content_soft_r']:.3f} / {figures['content_soft_f1']:.3f}, "
        f"attribution F1 {figures['attribution_f1']:.3f}"
    )
    fams: Counter[str] = Counter()
    lemmas: dict[str, Counter[str]] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    for d, doc, ps in zip(docs, parsed, preds, strict=True):
        text = d["text"]
        ps = [p for p in ps if p.chars(text)]
        matched = _matched_gold(text, d["gold"], ps)
        for j, g in enumerate(d["gold"]):
            if j in matched:
                continue
            fam, lemma = family(doc, g, ps)
            fams[fam] += 1
            lemmas[fam][lemma] += 1
            if len(examples[fam]) < args.show:
                cue = " | ".join(text[s:e] for s, e in g.cue)
                content = " | ".join(text[s:e] for s, e in g.contents)[:200]
                examples[fam].append(f"    [{cue}] {content!r}")
    total = sum(fams.values())
    print(f"\n{total} missed gold attributions by family:")
    for fam, n in fams.most_common(args.families):
        top = ", ".join(f"{lem} {c}" for lem, c in lemmas[fam].most_common(8))
        print(f"{n:5d}  {fam}: {top}")
        for ex in examples[fam]:
            print(ex)
    return 0


def _matched_gold(text: str, gold: list[qb.Attribution], preds: list[qb.Attribution]) -> set[int]:
    """Indices of the gold attributions soft-matched one-to-one (as ``quotes.score``)."""
    gchars = [g.chars(text) for g in gold]
    pairs = []
    for i, p in enumerate(preds):
        pc = p.chars(text)
        for j, gc in enumerate(gchars):
            if pc & gc:
                jac = len(pc & gc) / len(pc | gc)
                if jac >= qb.SOFT:
                    pairs.append((jac, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return used_g


if __name__ == "__main__":
    sys.exit(main())
