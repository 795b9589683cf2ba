"""Wire copy as it comes: Dateline on a hand-judged Reuters-21578 set, with and without
the parse view, in one run (issue 15).

    python bench/wire.py [--data ../shared/data] [--speed-stories N] [--no-textacy]
                         [--misses N]

The judged set (``bench/data/wire_judged.json``: 23 stories, 215 attributions, 194
time expressions) holds ids, offsets and hashes only; the text is rebuilt at run
time as the wire sends it, the dateline put back in front of the body
(:func:`wire_text`), from Reuters-21578 under ``--data`` (research use: it may not
ship), and this script skips cleanly when that is absent.

Figures:

* (a) ``attribution_recall``: judged attributions whose content is found (one-to-one,
  character Jaccard >= 0.5 after trimming quote marks, spaces and edge punctuation,
  as in ``bench/quotes.py``) with a source span that overlaps the judged one. A judged
  attribution is one contiguous content span, and so is a predicted quote: a quote
  resumed after '"…," X said. "…"' counts twice, with the same source. Target >= 0.80.
* (b) ``speaker_recall``: the same, and the speaker's name shares a capitalised name
  word with the judged one (generic words such as "Inc" or "the" do not count), or
  both are null ("analysts said").
* (c) ``time_value_accuracy``: judged time expressions with an overlapping predicted
  one of the same value. Target >= 0.93.
* (d) the parse view's own time (``dateline.textview.parse_view`` over the texts, the
  median of three passes) as a share of the whole extraction of the same texts, on
  the first ``--speed-stories`` Reuters stories with a dateline. Target <= 2%.

textacy's ``direct_quotations`` on the same texts is the baseline for (a) and (b).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import inspect
import json
import re
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
CORPUS = Path("corpora") / "reuters21578" / "reuters21578.jsonl"
JUDGED = HERE / "data" / "wire_judged.json"
#: Soft content match threshold (character Jaccard), as in bench/quotes.py.
SOFT = 0.5
#: Targets from the issue.
ATTRIBUTION_TARGET, TIME_TARGET, VIEW_SHARE_TARGET = 0.80, 0.93, 0.02
#: Capitalised words that name no one in particular: they never make two names match.
GENERIC_NAME_WORDS = frozenset(
    {"The", "A", "An", "Of", "And", "Inc", "Corp", "Corporation", "Co", "Ltd", "Plc", "AG"}
    | {"SpA", "SA", "NV", "Group", "Mr", "Mrs", "Ms", "Dr"}
)
_NAME_WORD = re.compile(r"[A-Z][\w'.-]*")

Span = tuple[int, int]


def _sibling(name: str):
    """Another bench script as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


_quotes = _sibling("quotes")
trim = _quotes.trim


# --- the judged set -------------------------------------------------------------------------


def wire_text(story: dict) -> str:
    """The story as the wire sends it: the dateline, a space, the body."""
    dateline = (story.get("dateline") or "").strip()
    return f"{dateline} {story['text']}" if dateline else story["text"]


def span_hash(text: str) -> str:
    """The short hash kept beside each judged span to detect a different corpus."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


class CorpusMismatch(ValueError):
    """A judged span's hash does not match the rebuilt text."""


def load_judged(path: Path = JUDGED) -> list[dict]:
    return json.loads(path.read_text("utf-8"))["stories"]


def read_corpus(path: Path, ids: Iterable[str] | None = None, limit: int | None = None):
    """Reuters stories by id (all when ``ids`` is None), in file order; with ``limit``,
    the first ``limit`` stories that have a dateline and a body."""
    wanted = set(ids) if ids is not None else None
    out: dict[str, dict] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            if wanted is not None and story["id"] not in wanted:
                continue
            if limit is not None and not (story.get("dateline") and story.get("text")):
                continue
            out[story["id"]] = story
            if limit is not None and len(out) >= limit:
                break
    return out


def check_spans(text: str, judged: dict) -> list[str]:
    """Messages for every judged span that is out of range or hashes differently."""
    problems = []
    spans = [("content", a["content"]) for a in judged["attributions"]]
    spans += [("source", a["source"]) for a in judged["attributions"]]
    spans += [("time", t["span"]) for t in judged["times"]]
    for kind, (start, end, digest) in spans:
        if not 0 <= start < end <= len(text):
            problems.append(f"{judged['id']} {kind} [{start}, {end}) out of range")
        elif span_hash(text[start:end]) != digest:
            problems.append(f"{judged['id']} {kind} [{start}, {end}) hash differs")
    return problems


def build(data_dir: Path, judged: list[dict] | None = None) -> list[tuple[dict, dict]]:
    """(Reuters story, judged story) pairs with ``story['wire']`` rebuilt; raises
    :class:`CorpusMismatch` when a judged span does not fit the text."""
    judged = judged if judged is not None else load_judged()
    stories = read_corpus(data_dir / CORPUS, (j["id"] for j in judged))
    pairs, problems = [], []
    for j in judged:
        story = stories.get(j["id"])
        if story is None:
            problems.append(f"{j['id']} not in the corpus")
            continue
        story["wire"] = wire_text(story)
        problems += check_spans(story["wire"], j)
        pairs.append((story, j))
    if problems:
        raise CorpusMismatch("; ".join(problems[:5]) + f" ({len(problems)} in all)")
    return pairs


def to_article(story: dict):
    from dateline import Article

    return Article(text=wire_text(story), id=story["id"], published=story["date"][:10])


# --- scoring --------------------------------------------------------------------------------


def name_words(name: str | None) -> frozenset[str]:
    return frozenset(_NAME_WORD.findall(name or "")) - GENERIC_NAME_WORDS


def same_speaker(predicted: str | None, judged: str | None) -> bool:
    """Both null, or the names share a capitalised name word ("Baker" ~ "James Baker")."""
    if judged is None or predicted is None:
        return judged is None and predicted is None
    return bool(name_words(predicted) & name_words(judged))


def _chars(text: str, spans: Iterable[Span]) -> frozenset[int]:
    out: set[int] = set()
    for start, end in spans:
        s, e = trim(text, start, end)
        out.update(range(s, e))
    return frozenset(out)


def _overlaps(a: Iterable[Span], b: Iterable[Span]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def match_attributions(text: str, judged: list[dict], predicted: list) -> list[int | None]:
    """For each judged attribution, the index of its one-to-one predicted match (content
    Jaccard >= SOFT, best first) or None. ``predicted`` items have ``.contents``."""
    gold = [_chars(text, [a["content"][:2]]) for a in judged]
    pred = [_chars(text, p.contents) for p in predicted]
    pairs = []
    for i, pc in enumerate(pred):
        for j, gc in enumerate(gold):
            if pc & gc:
                jac = len(pc & gc) / len(pc | gc)
                if jac >= SOFT:
                    pairs.append((jac, i, j))
    out: list[int | None] = [None] * len(gold)
    used: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used and out[j] is None:
            used.add(i)
            out[j] = i
    return out


def score_attributions(items: list[tuple[str, list[dict], list]]) -> dict[str, float]:
    """(a) and (b) over (text, judged attributions, predicted attributions) per story.

    A predicted attribution has ``.contents`` and ``.source`` (lists of spans) and
    ``.speaker`` (a name or None)."""
    n = found = sourced = spoken = predicted = 0
    for text, judged, preds in items:
        preds = [p for p in preds if _chars(text, p.contents)]
        predicted += len(preds)
        n += len(judged)
        for j, i in zip(judged, match_attributions(text, judged, preds), strict=True):
            if i is None:
                continue
            found += 1
            if _overlaps(preds[i].source, [j["source"][:2]]):
                sourced += 1
                spoken += same_speaker(preds[i].speaker, j["speaker"])
    return {
        "judged": n,
        "predicted": predicted,
        "content_recall": found / n if n else 0.0,
        "attribution_recall": sourced / n if n else 0.0,
        "speaker_recall": spoken / n if n else 0.0,
    }


def score_times(items: list[tuple[list[dict], list[dict]]]) -> dict[str, float]:
    """(c) over (judged times, predicted times) per story; a predicted time is a record
    time (``start``, ``end``, ``value``). Each prediction matches at most one judged
    expression; among overlapping ones the one with the judged value is taken."""
    n = overlap = right = 0
    for judged, predicted in items:
        used: set[int] = set()
        for j in judged:
            start, end = j["span"][:2]
            n += 1
            near = [
                k
                for k, p in enumerate(predicted)
                if k not in used and p["start"] < end and start < p["end"]
            ]
            if not near:
                continue
            overlap += 1
            same = [k for k in near if predicted[k]["value"] == j["value"]]
            used.add((same or near)[0])
            right += bool(same)
    return {
        "judged_times": n,
        "time_extent_recall": overlap / n if n else 0.0,
        "time_value_accuracy": right / n if n else 0.0,
    }


# --- systems --------------------------------------------------------------------------------


class Predicted:
    """One predicted attribution: content spans, cue, source spans and speaker name."""

    def __init__(self, contents: list[Span], source: list[Span], speaker: str | None) -> None:
        self.contents, self.source, self.speaker = contents, source, speaker


def from_record(record: dict) -> list[Predicted]:
    """A record's quotes as attributions, one each: a judged attribution is one
    contiguous content span, so a quote resumed after "X said." is one of its own."""
    out = []
    for q in record.get("quotes") or []:
        src = q.get("source")
        speaker = (q.get("speaker") or {}).get("name")
        source = [(src["start"], src["end"])] if src else []
        out.append(Predicted([(q["start"], q["end"])], source, speaker))
    return out


def supports_switch() -> bool:
    """Whether ``dateline.extract`` takes ``parse_view`` (the switch of issue 15)."""
    from dateline import extract

    return "parse_view" in inspect.signature(extract).parameters


def run_dateline(pairs: list[tuple[dict, dict]], nlp, parse_view: bool | None) -> list[dict]:
    """Records for the stories, with the parse view on, off, or as the pipeline does
    it when ``parse_view`` is None (a pipeline without the switch)."""
    from dateline import extract

    articles = [to_article(story) for story, _ in pairs]
    kwargs = {} if parse_view is None else {"parse_view": parse_view}
    return list(extract(articles, nlp, **kwargs))


def run_textacy(pairs: list[tuple[dict, dict]], nlp) -> list[list[Predicted]]:
    """textacy's direct quotations on the bare model's parse of the same texts."""
    from textacy.extract.triples import direct_quotations

    ours = [n for n in nlp.pipe_names if n.startswith("dateline_")]
    out = []
    with nlp.select_pipes(disable=ours):
        for doc in nlp.pipe(story["wire"] for story, _ in pairs):
            try:
                triples = list(direct_quotations(doc))
            except ValueError:  # textacy gives up on an odd number of quotation marks
                triples = []
            preds = []
            for t in triples:
                src = (
                    [(t.speaker[0].idx, t.speaker[-1].idx + len(t.speaker[-1]))]
                    if t.speaker
                    else []
                )
                name = " ".join(doc.text[a:b] for a, b in src) or None
                preds.append(Predicted([(t.content.start_char, t.content.end_char)], src, name))
            out.append(preds)
    return out


def figures(pairs: list[tuple[dict, dict]], records: list[dict]) -> dict[str, float]:
    by_id = {r["id"]: r for r in records}
    attr, times = [], []
    for story, judged in pairs:
        record = by_id.get(story["id"], {})
        attr.append((story["wire"], judged["attributions"], from_record(record)))
        times.append((judged["times"], record.get("times") or []))
    return score_attributions(attr) | score_times(times)


def view_share(data_dir: Path, nlp, n_stories: int) -> dict[str, float]:
    """(d): parse_view's own time over the whole extraction's, same texts."""
    from dateline import extract
    from dateline.textview import parse_view

    stories = list(read_corpus(data_dir / CORPUS, limit=n_stories).values())
    articles = [to_article(s) for s in stories]
    texts = [a.text for a in articles]
    t0 = time.perf_counter()
    for _ in extract(articles, nlp):
        pass
    extraction = time.perf_counter() - t0
    passes = []
    for _ in range(3):
        t0 = time.perf_counter()
        for text in texts:
            parse_view(text)
        passes.append(time.perf_counter() - t0)
    view = statistics.median(passes)
    return {
        "stories": len(texts),
        "chars": sum(map(len, texts)),
        "view_s": view,
        "extract_s": extraction,
        "view_share": view / extraction if extraction else 0.0,
    }


# --- entry points ---------------------------------------------------------------------------


def gate_scores(data_dir: Path) -> dict[str, float]:
    """(a), (b) and (c) of the pipeline as it runs by default (for bench/gate.py)."""
    from dateline import load

    pairs = build(data_dir)
    s = figures(pairs, run_dateline(pairs, load(), None))
    return {k: s[k] for k in ("attribution_recall", "speaker_recall", "time_value_accuracy")}


ROWS = [
    ("(a) content (J>=0.5) + source", "attribution_recall"),
    ("(b) ... + speaker", "speaker_recall"),
    ("content found (J>=0.5)", "content_recall"),
    ("(c) time value accuracy", "time_value_accuracy"),
    ("time extent found (overlap)", "time_extent_recall"),
]


def table(results: dict[str, dict]) -> str:
    names = list(results)
    lines = [f"| figure | {' | '.join(names)} |", "|---|" + "---:|" * len(names)]
    for label, key in ROWS:
        cells = [f"{results[n][key]:.3f}" if key in results[n] else "-" for n in names]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    cells = [str(results[n].get("predicted", "-")) for n in names]
    lines.append(f"| predicted attributions | {' | '.join(cells)} |")
    return "\n".join(lines)


def misses(pairs: list[tuple[dict, dict]], records: list[dict], limit: int) -> None:
    """Print judged attributions that (a) or (b) misses, with what was predicted."""
    by_id = {r["id"]: r for r in records}
    shown = 0
    for story, judged in pairs:
        text = story["wire"]
        preds = [p for p in from_record(by_id.get(story["id"], {})) if _chars(text, p.contents)]
        matches = match_attributions(text, judged["attributions"], preds)
        for j, i in zip(judged["attributions"], matches, strict=True):
            s, e = j["content"][:2]
            src = text[j["source"][0] : j["source"][1]]
            p = preds[i] if i is not None else None
            if p is not None and _overlaps(p.source, [j["source"][:2]]):
                if same_speaker(p.speaker, j["speaker"]):
                    continue
                why = f"SPEAKER {p.speaker!r} (judged {j['speaker']!r})"
            elif p is not None:
                got = " ".join(repr(text[a:b]) for a, b in p.source) or "none"
                why = f"SOURCE {got} (judged {src!r})"
            else:
                near = [q for q in preds if _overlaps(q.contents, [(s, e)])]
                got = (
                    repr(text[near[0].contents[0][0] : near[0].contents[0][1]][:60])
                    if near
                    else "-"
                )
                why = f"CONTENT got {got}"
            snippet = text[s:e].replace("\n", " ")
            print(f"{story['id']} [{s}] {snippet[:70]!r} <- {src!r}: {why}")
            shown += 1
            if shown >= limit:
                return


def time_misses(pairs: list[tuple[dict, dict]], records: list[dict], limit: int) -> None:
    """Print judged time expressions that (c) misses, with what was predicted there."""
    by_id = {r["id"]: r for r in records}
    shown = 0
    for story, judged in pairs:
        text, predicted = story["wire"], by_id.get(story["id"], {}).get("times") or []
        for j in judged["times"]:
            start, end = j["span"][:2]
            near = [p for p in predicted if p["start"] < end and start < p["end"]]
            if any(p["value"] == j["value"] for p in near):
                continue
            got = ", ".join(f"{text[p['start'] : p['end']]!r} {p['value']}" for p in near) or "-"
            print(f"{story['id']} {text[start:end]!r} {j['value']} | got {got}")
            shown += 1
            if shown >= limit:
                return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--speed-stories", type=int, default=300, help="stories for (d); 0 skips it"
    )
    parser.add_argument("--no-textacy", action="store_true")
    parser.add_argument(
        "--misses",
        type=int,
        default=0,
        help="print up to N attribution and N time misses (view on)",
    )
    args = parser.parse_args()
    if not (args.data / CORPUS).exists():
        print(f"wire bench: no Reuters-21578 at {args.data / CORPUS}; skipped")
        return 0
    from dateline import load

    pairs = build(args.data)
    n_attr = sum(len(j["attributions"]) for _, j in pairs)
    n_time = sum(len(j["times"]) for _, j in pairs)
    print(f"judged wire set: {len(pairs)} stories, {n_attr} attributions, {n_time} times\n")
    nlp = load()
    results: dict[str, dict] = {}
    records_on = None
    if supports_switch():
        records_on = run_dateline(pairs, nlp, True)
        results["Dateline (parse view)"] = figures(pairs, records_on)
        results["Dateline (no view)"] = figures(pairs, run_dateline(pairs, nlp, False))
    else:
        records_on = run_dateline(pairs, nlp, None)
        results["Dateline (no parse_view switch)"] = figures(pairs, records_on)
    if not args.no_textacy:
        preds = run_textacy(pairs, nlp)
        attr = [(s["wire"], j["attributions"], p) for (s, j), p in zip(pairs, preds, strict=True)]
        results["textacy direct quotes"] = score_attributions(attr)
    print(table(results))
    print(
        f"\ntargets: (a) >= {ATTRIBUTION_TARGET:.2f}, (c) >= {TIME_TARGET:.2f}, "
        f"(d) <= {VIEW_SHARE_TARGET:.0%}"
    )
    if args.speed_stories:
        try:
            d = view_share(args.data, nlp, args.speed_stories)
        except ImportError:
            print("(d) parse view: dateline.textview not present; skipped")
        else:
            print(
                f"(d) parse view {d['view_s'] * 1000:.1f} ms over extraction {d['extract_s']:.2f} s"
                f" on {d['stories']} stories ({d['chars']:,} characters) = {d['view_share']:.2%}"
            )
    if args.misses:
        print()
        misses(pairs, records_on, args.misses)
        print()
        time_misses(pairs, records_on, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
