"""Quotes and speakers on PolNeAR dev: Dateline beside textacy and a bare spaCy rule.

    python bench/quotes.py [--data ../shared/data] [--limit N]

Scoring (one attribution = one cue with its content spans; predictions that share
a cue are grouped the same way):

* content: the characters of the content spans, quote marks, spaces and edge
  punctuation trimmed from each span on both sides. Exact = same character set;
  soft = one-to-one matching at character Jaccard >= 0.5 (greedy, best first).
* source / cue accuracy: on soft-matched pairs, the predicted span overlaps a
  gold span (an absent gold source is matched by an absent prediction); the
  ``exact`` variants need identical trimmed spans.
* attribution F1: soft content match and correct source (as above).
* words/s: whitespace words over the wall time of the model plus the system's
  own stages; ``ratio`` is the time of Dateline's quote and speaker stages over
  the time of the bare spaCy pipeline on the same texts.

PolNeAR is for evaluation only (no licence): it is read from ``--data`` and this
script skips cleanly when it is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
DEV = Path("polnear") / "dev.jsonl"
#: Soft content match threshold (character Jaccard).
SOFT = 0.5
_TRIM = " \t\r\n\u00a0\"'“”‘’«»‹›„‟,.;:!?—–-―()[]"

Span = tuple[int, int]


class Attribution:
    """One attribution: its content spans, cue spans and source spans."""

    # A plain class, not a dataclass: bench/gate.py loads this file without registering it
    # in sys.modules, which dataclasses need to read postponed annotations.
    def __init__(self, contents: list[Span], cue: list[Span], source: list[Span]) -> None:
        self.contents, self.cue, self.source = contents, cue, source

    def chars(self, text: str) -> frozenset[int]:
        out: set[int] = set()
        for start, end in self.contents:
            s, e = trim(text, start, end)
            out.update(range(s, e))
        return frozenset(out)


def trim(text: str, start: int, end: int) -> Span:
    """Drop quote marks, spaces and edge punctuation from both ends of a span."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


def load_gold(path: Path, limit: int | None = None) -> list[dict]:
    docs = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            doc["gold"] = [
                Attribution(
                    [(c["start"], c["end"]) for c in q.get("contents") or []],
                    [(c["start"], c["end"]) for c in q.get("cue") or []],
                    [(c["start"], c["end"]) for c in q.get("sources") or []],
                )
                for q in doc["quotes"]
                if q.get("contents")
            ]
            docs.append(doc)
            if limit and len(docs) >= limit:
                break
    return docs


# --- scoring -------------------------------------------------------------------------------


def _overlaps(a: list[Span], b: list[Span]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _same(text: str, a: list[Span], b: list[Span]) -> bool:
    return {trim(text, *x) for x in a} == {trim(text, *x) for x in b}


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(docs: list[dict], predictions: list[list[Attribution]]) -> dict[str, float]:
    """All figures of one system over the documents."""
    n_gold = n_pred = exact = soft = attr = 0
    src_ok = src_exact = cue_ok = cue_exact = 0
    for doc, preds in zip(docs, predictions, strict=True):
        text, gold = doc["text"], doc["gold"]
        n_gold += len(gold)
        preds = [p for p in preds if p.chars(text)]
        n_pred += len(preds)
        gchars = [g.chars(text) for g in gold]
        pchars = [p.chars(text) for p in preds]
        exact += len(set(gchars) & set(pchars))
        pairs = []
        for i, pc in enumerate(pchars):
            for j, gc in enumerate(gchars):
                if pc & gc:
                    jac = len(pc & gc) / len(pc | gc)
                    if jac >= SOFT:
                        pairs.append((jac, i, j))
        used_p: set[int] = set()
        used_g: set[int] = set()
        for _, i, j in sorted(pairs, reverse=True):
            if i in used_p or j in used_g:
                continue
            used_p.add(i)
            used_g.add(j)
            soft += 1
            p, g = preds[i], gold[j]
            source_right = _overlaps(p.source, g.source) or (not p.source and not g.source)
            src_ok += source_right
            src_exact += _same(text, p.source, g.source)
            cue_ok += _overlaps(p.cue, g.cue)
            cue_exact += _same(text, p.cue, g.cue)
            attr += source_right
    ep, er, ef = _f1(exact, n_pred, n_gold)
    sp, sr, sf = _f1(soft, n_pred, n_gold)
    ap, ar, af = _f1(attr, n_pred, n_gold)
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "content_exact_p": ep,
        "content_exact_r": er,
        "content_exact_f1": ef,
        "content_soft_p": sp,
        "content_soft_r": sr,
        "content_soft_f1": sf,
        "source_acc": src_ok / soft if soft else 0.0,
        "source_exact_acc": src_exact / soft if soft else 0.0,
        "cue_acc": cue_ok / soft if soft else 0.0,
        "cue_exact_acc": cue_exact / soft if soft else 0.0,
        "attribution_p": ap,
        "attribution_r": ar,
        "attribution_f1": af,
    }


# --- systems ---------------------------------------------------------------------------------


def group_by_cue(items: Iterable[tuple[Span, Span | None, Span | None]]) -> list[Attribution]:
    """(content, cue, source) triples -> attributions, one per cue (as PolNeAR groups them)."""
    out: list[Attribution] = []
    by_cue: dict[Span, Attribution] = {}
    for content, cue, source in items:
        if cue is not None and cue in by_cue:
            by_cue[cue].contents.append(content)
            continue
        a = Attribution([content], [cue] if cue else [], [source] if source else [])
        out.append(a)
        if cue is not None:
            by_cue[cue] = a
    return out


def dateline_predict(doc, without: str | None = None) -> list[Attribution]:
    """Dateline's quotes grouped by cue; ``without`` leaves out one rule's quotes."""

    def span(m):
        return (m.start, m.end) if m is not None else None

    return group_by_cue(
        ((q.start, q.end), span(q.cue), span(q.source))
        for q in doc._.quotes or []
        if q.rule != without
    )


def per_rule(docs: list[dict], parsed: list) -> list[dict]:
    """Each quote rule's quotes that match a gold content (soft) and those that do not, and
    the soft and attribution F1 of the same run with that rule's quotes left out."""
    from dateline.nlp.rules import rules

    full = score(docs, [dateline_predict(d) for d in parsed])
    rows = []
    for rule in rules():
        tp = fp = 0
        for doc, gold_doc in zip(parsed, docs, strict=True):
            text = gold_doc["text"]
            gchars = [g.chars(text) for g in gold_doc["gold"]]
            for q in doc._.quotes or []:
                if q.rule != rule.name:
                    continue
                qc = Attribution([(q.start, q.end)], [], []).chars(text)
                hit = any(qc & gc and len(qc & gc) / len(qc | gc) >= SOFT for gc in gchars)
                tp += hit
                fp += not hit
        without = score(docs, [dateline_predict(d, rule.name) for d in parsed])
        rows.append(
            {
                "rule": rule.name,
                "tp": tp,
                "fp": fp,
                "soft_delta": full["content_soft_f1"] - without["content_soft_f1"],
                "attr_delta": full["attribution_f1"] - without["attribution_f1"],
            }
        )
    return rows


def _ablation(nlp, docs: list[dict], parsed: list, without: list[str]) -> dict:
    """The scores of the quote stage rerun on the same parses with ``without`` off."""
    from dateline.nlp.rules import ORDER

    unknown = [r for r in without if r not in ORDER]
    if unknown:
        raise SystemExit(f"unknown quote rule(s): {', '.join(unknown)} (see docs/quotes.md)")
    stage = nlp.get_pipe("dateline_quotes")
    ours = [n for n in nlp.pipe_names if n.startswith("dateline_")]

    def annotate(doc) -> None:
        # Every stage of ours again: the quote stage adds mentions to the entities.
        for name in ours:
            nlp.get_pipe(name)(doc)

    kept, stage.disabled = stage.disabled, frozenset(without)
    try:
        preds = []
        for doc in parsed:
            annotate(doc)
            preds.append(dateline_predict(doc))
    finally:
        stage.disabled = kept
        for doc in parsed:
            annotate(doc)  # the full run's annotations back, for anything read after
    figures = score(docs, preds)
    figures["words_per_s"] = 0.0
    return figures


def rule_table(rows: list[dict]) -> str:
    """The per-rule table (as in docs/quotes.md, "Rules")."""
    lines = [
        "| rule | right | wrong | precision | soft F1 it adds | attribution F1 it adds |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        n = r["tp"] + r["fp"]
        prec = f"{r['tp'] / n:.2f}" if n else "-"
        lines.append(
            f"| `{r['rule']}` | {r['tp']} | {r['fp']} | {prec} | "
            f"{r['soft_delta']:+.4f} | {r['attr_delta']:+.4f} |"
        )
    return "\n".join(lines)


def textacy_predict(doc) -> list[Attribution]:
    from textacy.extract.triples import direct_quotations

    def chars(tokens):
        return (tokens[0].idx, tokens[-1].idx + len(tokens[-1])) if tokens else None

    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy gives up on a document with an odd number of marks
        return []
    return group_by_cue(
        ((t.content.start_char, t.content.end_char), chars(t.cue), chars(t.speaker))
        for t in triples
    )


#: The bare rule's speech verbs: the common reporting verbs of news.
BARE_VERBS = frozenset(
    {"say", "tell", "add", "state", "claim", "argue", "report", "announce", "explain", "warn"}
    | {"insist", "deny", "note", "write", "suggest", "believe", "think", "acknowledge", "admit"}
    | {"declare", "confirm", "promise", "predict"}
)


def bare_predict(doc) -> list[Attribution]:
    """The ~40-line rule over spaCy's parse: speech verb -> nsubj source, ccomp content."""

    def chars(tok):
        return (tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge))

    items = []
    for tok in doc:
        if tok.lemma_ in BARE_VERBS and tok.pos_ in {"VERB", "AUX"}:
            subj = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}]
            comp = [c for c in tok.children if c.dep_ == "ccomp"]
            if comp:
                source = chars(subj[0]) if subj else None
                cue = (tok.idx, tok.idx + len(tok))
                items.append((chars(comp[0]), cue, source))
        elif tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = [c for c in doc[tok.i + 1].children if c.dep_ == "pobj"]
            sent = tok.sent
            phrase = (tok.idx, chars(pobj[0])[1] if pobj else tok.idx + len(tok))
            if phrase[0] - sent.start_char > sent.end_char - phrase[1]:
                content = (sent.start_char, phrase[0])
            else:
                content = (phrase[1], sent.end_char)
            cue = (tok.idx, doc[tok.i + 1].idx + 2)
            items.append((content, cue, chars(pobj[0]) if pobj else None))
    return group_by_cue(items)


# --- running ---------------------------------------------------------------------------------


def words(docs: list[dict]) -> int:
    return sum(len(d["text"].split()) for d in docs)


def run(
    data_dir: Path,
    limit: int | None = None,
    baselines: bool = True,
    by_rule: bool = False,
    without: list[str] | None = None,
) -> dict[str, dict]:
    """Scores and speeds of Dateline (and the baselines) on PolNeAR dev."""
    from dateline import load

    docs = load_gold(data_dir / DEV, limit)
    nlp = load()
    ours = [n for n in nlp.pipe_names if n.startswith("dateline_")]
    quote_stages = [n for n in ours if n not in {"dateline_entities"} and "time" not in n]
    texts = [d["text"] for d in docs]
    start = time.perf_counter()
    with nlp.select_pipes(disable=ours):
        parsed = list(nlp.pipe(texts))
    t_bare = time.perf_counter() - start
    stage_time = dict.fromkeys(ours, 0.0)
    for doc in parsed:
        for name in ours:
            t0 = time.perf_counter()
            nlp.get_pipe(name)(doc)
            stage_time[name] += time.perf_counter() - t0
    t_quotes = sum(stage_time[n] for n in quote_stages)
    n_words = words(docs)
    results = {}
    systems: list[tuple[str, Callable, float]] = [("dateline", dateline_predict, 0.0)]
    if baselines:
        systems += [("textacy", textacy_predict, 0.0), ("bare spaCy", bare_predict, 0.0)]
    for name, predict, _ in systems:
        t0 = time.perf_counter()
        preds = [predict(doc) for doc in parsed]
        own = time.perf_counter() - t0
        if name == "dateline":
            own = sum(stage_time.values())
        figures = score(docs, preds)
        figures["words_per_s"] = n_words / (t_bare + own)
        results[name] = figures
    if by_rule:
        results["rules"] = per_rule(docs, parsed)
    if without:
        results[f"without {', '.join(without)}"] = _ablation(nlp, docs, parsed, without)
    results["dateline"]["stage_ratio"] = t_quotes / t_bare if t_bare else 0.0
    results["dateline"]["stage_s"] = t_quotes
    results["dateline"]["bare_s"] = t_bare
    return results


ROWS = [
    ("content exact P", "content_exact_p"),
    ("content exact R", "content_exact_r"),
    ("content exact F1", "content_exact_f1"),
    ("content soft P", "content_soft_p"),
    ("content soft R", "content_soft_r"),
    ("content soft F1", "content_soft_f1"),
    ("source acc (overlap)", "source_acc"),
    ("source acc (exact)", "source_exact_acc"),
    ("cue acc (overlap)", "cue_acc"),
    ("cue acc (exact)", "cue_exact_acc"),
    ("attribution P", "attribution_p"),
    ("attribution R", "attribution_r"),
    ("attribution F1", "attribution_f1"),
    ("words/s", "words_per_s"),
]


def table(results: dict[str, dict]) -> str:
    names = list(results)
    lines = [f"| figure | {' | '.join(names)} |", "|---|" + "---:|" * len(names)]
    for label, key in ROWS:
        cells = []
        for n in names:
            v = results[n].get(key, 0.0)
            cells.append(f"{v:,.0f}" if key == "words_per_s" else f"{v:.3f}")
        lines.append(f"| {label} | {' | '.join(cells)} |")
    d = results["dateline"]
    lines.append(
        f"\nquote+speaker stages: {d['stage_s']:.2f} s vs bare spaCy pipeline {d['bare_s']:.2f} s"
        f" -> ratio {d['stage_ratio']:.3f} (target <= 0.15); "
        f"gold {d['gold']} attributions, Dateline predicted {d['predicted']}"
    )
    return "\n".join(lines)


def gate_scores(data_dir: Path) -> dict[str, float]:
    """Dateline's own gated figures on PolNeAR dev, and the speakers' precision and
    resolved share against GUM's coreference on the bundled sample (for bench/gate.py)."""
    figures = run(data_dir, baselines=False)["dateline"]
    scores = {k: figures[k] for k in ("content_soft_f1", "attribution_f1")}
    speakers = speaker_scores(SAMPLE)
    scores["speaker_precision"] = speakers["precision"]
    scores["speaker_resolved"] = speakers["resolved"]
    return scores


# --- speakers against GUM coreference ------------------------------------------------------

#: The bundled Wikinews articles (CC BY 2.5) with GUM's coreference chains (CC BY 4.0).
SAMPLE = HERE.parent / "data" / "sample" / "wikinews" / "articles.jsonl"
PRONOUNS = frozenset({"he", "she", "it", "they", "who", "i", "we"})


def _chain(mentions: list[dict], start: int, end: int) -> int | None:
    """GUM chain id of a span: the same span, else the shortest GUM mention ending with it."""
    best = None
    for m in mentions:
        if (m["start"], m["end"]) == (start, end):
            return m["id"]
        if m["end"] == end and m["start"] <= start and (best is None or m["start"] > best[0]):
            best = (m["start"], m["id"])
    return best[1] if best else None


def speaker_scores(path: Path = SAMPLE, nlp=None) -> dict[str, float]:
    """How often a quote's speaker is in the same GUM coreference chain as its source.

    Scored: quotes whose source span is a GUM mention. ``resolved`` is the share
    given a speaker; ``precision`` the share of those whose entity has another
    mention in the source's chain; the ``pronoun_`` figures restrict to pronoun sources.
    """
    from dateline import load

    nlp = nlp or load()
    articles = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    counts = dict.fromkeys(("scored", "resolved", "right", "p_scored", "p_resolved", "p_right"), 0)
    for article, doc in zip(articles, nlp.pipe(a["text"] for a in articles), strict=True):
        mentions = article["entities"]
        entities = {e.id: e for e in doc._.entities}
        for q in doc._.quotes:
            if q.source is None:
                continue
            chain = _chain(mentions, q.source.start, q.source.end)
            if chain is None:
                continue
            pronoun = q.source.text.lower() in PRONOUNS
            counts["scored"] += 1
            counts["p_scored"] += pronoun
            if q.speaker is None:
                continue
            counts["resolved"] += 1
            counts["p_resolved"] += pronoun
            # A pronoun's own span was added to the entity by Dateline, and so were the
            # quote's own "I" and "my": judge by the others.
            others = [
                m
                for m in entities[q.speaker].mentions
                if not (pronoun and (m.start, m.end) == (q.source.start, q.source.end))
                and not q.start <= m.start < q.end
            ]
            right = any(_chain(mentions, m.start, m.end) == chain for m in others)
            counts["right"] += right
            counts["p_right"] += right and pronoun
    c = counts
    return {
        "scored": c["scored"],
        "resolved": c["resolved"] / c["scored"] if c["scored"] else 0.0,
        "precision": c["right"] / c["resolved"] if c["resolved"] else 0.0,
        "pronoun_scored": c["p_scored"],
        "pronoun_resolved": c["p_resolved"] / c["p_scored"] if c["p_scored"] else 0.0,
        "pronoun_precision": c["p_right"] / c["p_resolved"] if c["p_resolved"] else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument(
        "--per-rule",
        action="store_true",
        help="also print each quote rule's right and wrong quotes and what the scores lose "
        "without it (one run: a rule's quotes are left out of the scoring in turn)",
    )
    parser.add_argument("--no-baselines", action="store_true", help="Dateline only")
    parser.add_argument(
        "--without",
        metavar="RULE",
        action="append",
        default=[],
        help="also run the quote stage on the same parses with this rule switched off "
        "(repeatable) and print its figures beside the full run's",
    )
    args = parser.parse_args()
    if not (args.data / DEV).exists():
        print(f"quotes bench: no PolNeAR dev at {args.data / DEV}; skipped")
        return 0
    print(f"PolNeAR dev ({args.data / DEV}), first {args.limit or 'all'} articles")
    results = run(args.data, args.limit, not args.no_baselines, args.per_rule, args.without)
    rows = results.pop("rules", None)
    print(table(results))
    if rows is not None:
        print("\nper rule (soft match; F1 it adds = F1 with all rules - F1 without its quotes)")
        print(rule_table(rows))
    if SAMPLE.exists():
        sp = speaker_scores(SAMPLE)
        print(
            f"\nspeakers vs GUM coreference ({SAMPLE.name}, 43 Wikinews articles): "
            f"{sp['scored']} scored sources, {sp['resolved']:.3f} resolved, "
            f"precision {sp['precision']:.3f}; pronouns: {sp['pronoun_scored']} scored, "
            f"{sp['pronoun_resolved']:.3f} resolved, precision {sp['pronoun_precision']:.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
