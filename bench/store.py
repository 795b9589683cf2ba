"""Knowledge-base benchmarks: ingest overhead and memory, query latency, entity resolution.

    python bench/store.py [--data ../shared/data] [--limit N] [--quotes 1000000]
                          [--stream N] [--query-db PATH] [--skip resolution,ingest,stream,queries]

1. Ingest: the first ``--limit`` Reuters-21578 articles, annotated and written to a fresh
   SQLite store, against the same annotation without a store (extract only): articles/s
   and the store's share of the time (target: the store adds <= 10%); resident memory
   printed as the corpus grows (streaming: it should stay flat).
2. Queries: p50/p95 latency of each query kind on a store of ``--quotes`` generated
   quotes (target: p95 < 100 ms at 1,000,000). ``--query-db`` keeps the generated store
   for reuse.
3. Entity resolution: precision and recall of cross-article merges on the bundled
   Wikinews sample, gold identities from GUM's Wikipedia links, against a baseline that
   merges identical names. PolNeAR has no entity identities, so it cannot score merges.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from itertools import accumulate, combinations, islice
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
SAMPLE = ROOT / "data" / "sample" / "wikinews" / "articles.jsonl"
REUTERS = Path("corpora/reuters21578/reuters21578.jsonl")
#: GUM entity types that are knowledge-base entities, as Dateline types.
GUM_TYPES = {"person": "PERSON", "organization": "ORG", "place": "GPE"}
REPEATS = 40


# -- 3. entity resolution ------------------------------------------------------------------------


def resolution_set(sample: Path = SAMPLE) -> tuple[list[dict], dict[tuple[str, str], str]]:
    """Records whose entities are GUM's (person, organisation, place), and the gold
    Wikipedia identity of each entity that has one: {(article id, entity id): identity}."""
    from dateline import validate

    records, gold = [], {}
    for line in sample.open(encoding="utf-8"):
        art = json.loads(line)
        groups: dict[int, list[dict]] = defaultdict(list)
        for m in art["entities"]:
            if m["type"] in GUM_TYPES and art["text"][m["start"] : m["end"]] == m["text"]:
                groups[m["id"]].append(m)
        entities = []
        for _, mentions in sorted(groups.items()):
            named = [m["text"] for m in mentions if m["text"][:1].isupper()]
            if not named:
                continue  # only pronouns and common nouns: not a named entity
            local = f"e{len(entities) + 1}"
            entities.append(
                {
                    "id": local,
                    "name": max(named, key=len),
                    "type": GUM_TYPES[mentions[0]["type"]],
                    "titles": [],
                    "mentions": [
                        {"start": m["start"], "end": m["end"], "text": m["text"]}
                        for m in sorted(mentions, key=lambda m: m["start"])
                    ],
                }
            )
            wiki = next((m["wikipedia"] for m in mentions if m.get("wikipedia")), None)
            if wiki:
                gold[(art["id"], local)] = wiki
        record = {
            "id": art["id"], "url": art.get("url"), "title": art.get("title"),
            "source": "Wikinews", "published": art.get("date"), "text": art["text"],
            "entities": entities, "quotes": [], "times": [],
        }  # fmt: skip
        validate(record)
        records.append(record)
    return records, gold


def pairwise(pred: dict, gold: dict) -> dict[str, float]:
    """Precision and recall of "same entity" over pairs of gold entities in different articles."""
    tp = n_pred = n_gold = 0
    for a, b in combinations(sorted(gold), 2):
        if a[0] == b[0]:
            continue
        same_gold = gold[a] == gold[b]
        same_pred = pred[a] == pred[b]
        tp += same_gold and same_pred
        n_pred += same_pred
        n_gold += same_gold
    return {
        "precision": tp / n_pred if n_pred else 1.0,
        "recall": tp / n_gold if n_gold else 1.0,
        "pairs_gold": n_gold,
        "pairs_pred": n_pred,
    }


def _score_against(records: list[dict], gold: dict) -> dict[str, dict[str, float]]:
    """Merge precision/recall of the store's resolution, and of joining on the same name."""
    from dateline.names import fold
    from dateline.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "kb.db") as store:
        store.add_records(records)
        rows = store.rows("SELECT article_id, local_id, entity_id FROM article_entities")
    dateline = {(r["article_id"], r["local_id"]): r["entity_id"] for r in rows}
    names = {
        (r["id"], e["id"]): (e["type"], fold(e["name"])) for r in records for e in r["entities"]
    }
    return {"dateline": pairwise(dateline, gold), "same name": pairwise(names, gold)}


def resolution_scores(sample: Path = SAMPLE) -> dict[str, dict[str, float]]:

    records, gold = resolution_set(sample)
    return _score_against(records, gold)


def end_to_end_scores(sample: Path = SAMPLE) -> dict[str, dict[str, float]]:
    """The same measure on the pipeline's own entities (NER and in-article errors
    included): each entity takes the Wikipedia identity most of its mentions overlap."""
    from collections import Counter

    from dateline import ReadOptions, Report, extract, load, read_sources

    records = list(extract(read_sources([str(sample)], ReadOptions(), Report()), load()))
    links = {}
    for line in sample.open(encoding="utf-8"):
        art = json.loads(line)
        links[art["id"]] = [m for m in art["entities"] if m.get("wikipedia")]

    def best(m: dict, spans: list[dict]) -> str | None:
        # GUM nests spans ("the Ross Sea" holds "Ross"): take the closest one, if close.
        def jaccard(g: dict) -> float:
            inter = min(m["end"], g["end"]) - max(m["start"], g["start"])
            return inter / (max(m["end"], g["end"]) - min(m["start"], g["start"]))

        top = max(spans, key=jaccard, default=None)
        return top["wikipedia"] if top is not None and jaccard(top) >= 0.5 else None

    gold = {}
    for r in records:
        for e in r["entities"]:
            votes = Counter(
                w for m in e["mentions"] if (w := best(m, links.get(r["id"], []))) is not None
            )
            if votes:
                gold[(r["id"], e["id"])] = votes.most_common(1)[0][0]
    return _score_against(records, gold)


def gate_scores(data_dir: Path) -> dict[str, float]:
    """Resolution precision/recall on the bundled sample (the gate needs no shared data)."""
    scores = resolution_scores()["dateline"]
    return {"resolution_precision": scores["precision"], "resolution_recall": scores["recall"]}


# -- 1. ingest -----------------------------------------------------------------------------------


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_ingest(data: Path, limit: int) -> None:
    from dateline import ReadOptions, Report, extract, load, read_sources

    corpus = data / REUTERS
    if not corpus.exists():
        print(f"ingest: no Reuters-21578 at {corpus}; skipped")
        return
    nlp = load()
    tmp = tempfile.TemporaryDirectory()
    path = Path(tmp.name) / "reuters.jsonl"
    with corpus.open(encoding="utf-8") as lines:
        path.write_text("".join(islice(lines, limit)), encoding="utf-8")

    def articles():
        return read_sources([str(path)], ReadOptions(), Report())

    list(extract(islice(articles(), 32), nlp))  # warm up: the first batch pays one-off costs
    # Best of two for each: the machine is shared, so single runs are noisy.
    extract_s = total_s = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        n = sum(1 for _ in extract(articles(), nlp))
        extract_s = min(extract_s, time.perf_counter() - start)
        run_s, store_s, added, samples, size_mb = _ingest_run(articles, nlp, limit)
        if run_s < total_s:
            total_s, best = run_s, (store_s, added, samples, size_mb)
    store_s, added, samples, size_mb = best
    print(f"== ingest: {n} Reuters-21578 articles (--limit {limit}), SQLite, default model")
    print(f"  extract only       {n / extract_s:7.1f} articles/s  ({extract_s:.1f} s, best of 2)")
    print(f"  extract + store    {added / total_s:7.1f} articles/s  ({total_s:.1f} s, best of 2)")
    print(
        f"  store time         {store_s:.2f} s = {100 * store_s / (total_s - store_s):.1f}% of "
        f"the extraction in the same run (target <= 10%); end to end vs extract only: "
        f"{100 * (total_s / extract_s - 1):+.1f}%"
    )
    print(f"  store file         {size_mb:.1f} MB")
    print("  resident memory as the store grows (articles: MB):")
    print("   ", ", ".join(f"{a}: {m:.0f}" for a, m in samples))
    tmp.cleanup()


def _ingest_run(articles, nlp, limit: int):
    from dateline import extract
    from dateline.store import ingest, open_store

    in_extract = 0.0
    samples: list[tuple[int, float]] = []

    def timed(records):
        nonlocal in_extract
        it = iter(records)
        while True:
            t = time.perf_counter()
            try:
                record = next(it)
            except StopIteration:
                return
            finally:
                in_extract += time.perf_counter() - t
            yield record

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "kb.db") as store:
        start = time.perf_counter()
        result = ingest(
            timed(extract(articles(), nlp)),
            store,
            batch_size=50,
            on_batch=lambda r: samples.append((r.added, rss_mb())),
        )
        total_s = time.perf_counter() - start
        size_mb = sum(p.stat().st_size for p in Path(tmp).glob("kb.db*")) / 1e6
    return total_s, total_s - in_extract, result.added, samples, size_mb


def bench_stream(n: int) -> None:
    """The store alone, fed ``n`` small generated records: memory must not grow with n."""
    from dateline.store import ingest, open_store

    def records():
        rng = random.Random(3)
        for i in range(n):
            person = f"{_word(rng, 2)} {_word(rng, 3)}"
            place = _word(rng, 2)
            text = f'{person} said in {place}: "Record {i} is here." Later {person} left.'
            start = text.index('"') + 1
            yield {
                "id": f"s{i}", "url": None, "title": None, "source": "Stream",
                "published": f"20{i % 20:02d}-01-01", "text": text,
                "entities": [
                    {"id": "e1", "name": person, "type": "PERSON", "titles": [],
                     "mentions": [{"start": 0, "end": len(person), "text": person}]},
                    {"id": "e2", "name": place, "type": "GPE", "titles": [],
                     "mentions": [{"start": text.index(place), "end": text.index(place)
                                   + len(place), "text": place}]},
                ],
                "quotes": [{"id": "q1", "kind": "direct", "start": start,
                            "end": text.index('"', start), "text": f"Record {i} is here.",
                            "cue": None, "source": None,
                            "speaker": {"entity": "e1", "name": person}, "time": None}],
                "times": [],
            }  # fmt: skip

    every = max(n // 10, 1)
    samples = []
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "kb.db") as store:
        start = time.perf_counter()
        ingest(
            records(),
            store,
            on_batch=lambda r: (
                samples.append((r.added, rss_mb())) if r.added % every == 0 else None
            ),
        )
        elapsed = time.perf_counter() - start
        entities = store.counts()["entities"]
    print(f"== store alone: {n:,} generated records streamed in {elapsed:.1f} s "
          f"({n / elapsed:,.0f} records/s), {entities:,} entities")  # fmt: skip
    print("  resident memory (records: MB):", ", ".join(f"{a}: {m:.0f}" for a, m in samples))


# -- 2. queries ----------------------------------------------------------------------------------

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ran",
    "te",
    "vo",
    "su",
    "na",
    "del",
    "bor",
    "qui",
    "zen",
    "pa",
    "ri",
    "mo",
    "lu",
    "sha",
    "ter",
    "gan",
    "vi",
]


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(parts)).capitalize()


def generate(store, n_quotes: int, seed: int = 7) -> dict:
    """A store of ``n_quotes`` quotes (10 an article) with Zipf-popular entities."""
    from dateline.kb.keys import entity_keys

    # Generating is set-up, not measurement: skip fsyncs, use a big page cache.
    store.execute("PRAGMA synchronous = OFF")
    store.execute("PRAGMA cache_size = -400000")
    rng = random.Random(seed)
    n_articles = max(n_quotes // 10, 1)
    n_entities = max(n_articles // 5, 50)
    vocab = sorted({_word(rng, rng.randint(1, 3)).lower() for _ in range(6000)})
    vocab_cw = list(accumulate(1 / (i + 1) for i in range(len(vocab))))
    people, orgs = [], []
    with store.transaction():
        for i in range(n_entities):
            if i % 4:
                name, type_ = f"{_word(rng, 2)} {_word(rng, 3)}", "PERSON"
                people.append(i + 1)
            else:
                name, type_ = f"{_word(rng, 2)} {rng.choice(['Party', 'Bank', 'Council'])}", "ORG"
                orgs.append(i + 1)
            keys = entity_keys(name, type_, [name]).all
            store.execute(
                "INSERT INTO entities (id, name, type) VALUES (?, ?, ?)", (i + 1, name, type_)
            )
            store.executemany(
                "INSERT INTO entity_keys (key, entity_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(k, i + 1) for k in keys],
            )
    person_w = list(accumulate(1 / (r + 1) for r in range(len(people))))
    org_w = list(accumulate(1 / (r + 1) for r in range(len(orgs))))
    outlets = [f"Outlet {i}" for i in range(20)]
    kinds = ["direct", "indirect", "mixed"]
    qid = 0
    for start in range(0, n_articles, 5000):
        arts, links, titles, quotes, about = [], [], [], [], []
        for a in range(start, min(start + 5000, n_articles)):
            aid = f"g{a}"
            day = f"{2000 + a % 21}-{1 + a % 12:02d}-{1 + (a * 7) % 28:02d}"
            arts.append((aid, None, f"Article {a}", rng.choice(outlets), day, f"Text {a}", day))
            ents = list(
                dict.fromkeys(rng.choices(people, person_w, k=3) + rng.choices(orgs, org_w, k=2))
            )
            for j, e in enumerate(ents, start=1):
                links.append((aid, f"e{j}", e, f"name {e}", "PERSON" if e in people else "ORG", 2))
                if e % 7 == 0:
                    titles.append((aid, f"e{j}", rng.choice(["Minister", "President", "Chair"])))
            speakers = [j for j, e in enumerate(ents, start=1) if e in people]
            for k in range(10):
                qid += 1
                sj = rng.choice(speakers)
                text = " ".join(rng.choices(vocab, cum_weights=vocab_cw, k=12))
                quotes.append((qid, aid, f"q{k + 1}", rng.choice(kinds), 0, len(text), text,
                               f"e{sj}", ents[sj - 1], day, "article", arts[-1][3]))  # fmt: skip
                about.append((rng.choice(ents), qid, day))
        with store.transaction():
            store.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?)", arts)
            store.executemany("INSERT INTO article_entities VALUES (?, ?, ?, ?, ?, ?)", links)
            store.executemany("INSERT INTO titles VALUES (?, ?, ?)", titles)
            store.executemany(
                "INSERT INTO quotes (id, article_id, local_id, kind, start_char, end_char, text, "
                "speaker_local, speaker_id, date, date_from, outlet) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                quotes,
            )
            store.executemany(
                "INSERT INTO quote_entities (entity_id, quote_id, date) VALUES (?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                about,
            )
    with store.transaction():
        store.execute(
            "UPDATE entities SET n_articles = (SELECT COUNT(*) FROM article_entities ae "
            "WHERE ae.entity_id = entities.id), n_mentions = 2 * (SELECT COUNT(*) FROM "
            "article_entities ae WHERE ae.entity_id = entities.id), n_quotes = (SELECT COUNT(*) "
            "FROM quotes q WHERE q.speaker_id = entities.id)"
        )
        store.execute(
            "INSERT INTO entity_names SELECT entity_id, name, COUNT(*) FROM article_entities "
            "GROUP BY entity_id, name"
        )
        store.execute(
            "INSERT INTO entity_titles SELECT ae.entity_id, t.title, MIN(a.published), "
            "MAX(a.published), COUNT(*) FROM titles t JOIN article_entities ae "
            "ON ae.article_id = t.article_id AND ae.local_id = t.local_id "
            "JOIN articles a ON a.id = t.article_id GROUP BY ae.entity_id, t.title"
        )
        store.execute(
            "INSERT INTO entity_pairs SELECT x.entity_id, y.entity_id, COUNT(*) "
            "FROM article_entities x JOIN article_entities y ON y.article_id = x.article_id "
            "AND y.entity_id <> x.entity_id GROUP BY x.entity_id, y.entity_id"
        )
    if store.dialect == "sqlite":
        store.execute("ANALYZE")
    names = {r["id"]: r["name"] for r in store.rows("SELECT id, name FROM entities")}
    return {"people": people, "person_w": person_w, "orgs": orgs, "org_w": org_w, "names": names,
            "vocab": vocab, "outlets": outlets, "n_articles": n_articles}  # fmt: skip


def bench_queries(n_quotes: int, keep: Path | None) -> None:
    from dateline import query
    from dateline.store import open_store

    tmp = tempfile.TemporaryDirectory()
    path = keep or Path(tmp.name) / "kb.db"
    fresh = not path.exists()
    with open_store(path) as store:
        if fresh:
            start = time.perf_counter()
            meta = generate(store, n_quotes)
            print(
                f"== queries: generated {n_quotes:,} quotes in {time.perf_counter() - start:.0f} s"
            )
        else:
            meta = generate_meta(store)
            print(f"== queries: reusing {path}")
        n = store.scalar("SELECT COUNT(*) FROM quotes")
        print(f"  store: {n:,} quotes, {meta['n_articles']:,} articles, "
              f"{len(meta['names']):,} entities ({path.stat().st_size / 1e6:.0f} MB)")  # fmt: skip
    rng = random.Random(11)
    names = meta["names"]

    def person():  # popular people are asked about more often, as in real use
        return names[rng.choices(meta["people"], cum_weights=meta["person_w"])[0]]

    def any_entity():
        pool = rng.choice([("people", "person_w"), ("orgs", "org_w")])
        return names[rng.choices(meta[pool[0]], cum_weights=meta[pool[1]])[0]]

    def window():
        y = rng.randint(2000, 2020)
        return {"since": f"{y}-03-01", "until": f"{y}-03-31"}

    kinds = {
        "quotes by speaker": lambda s: query.quotes(s, speaker=person()),
        "quotes by surname": lambda s: query.quotes(s, speaker=person().split()[-1]),
        "quotes about": lambda s: query.quotes(s, about=any_entity()),
        "quotes full text": lambda s: query.quotes(s, text=rng.choice(meta["vocab"][:2000])),
        "quotes date range": lambda s: query.quotes(s, **window()),
        "quotes by outlet": lambda s: query.quotes(s, source=rng.choice(meta["outlets"])),
        "quotes by kind": lambda s: query.quotes(s, kind=rng.choice(query.KINDS)),
        "quotes combined": lambda s: query.quotes(s, speaker=person(), kind="direct", **window()),
        "timeline": lambda s: query.timeline(s, person(), limit=200),
        "entities": lambda s: query.entities(s, limit=50),
        "entities by quotes": lambda s: query.entities(s, type="PERSON", order="quotes"),
        "co-mentions article": lambda s: query.co_mentions(s, any_entity()),
        "co-mentions about": lambda s: query.co_mentions(s, person(), by="about"),
        "co-mentions quoted": lambda s: query.co_mentions(s, person(), by="quoted"),
        "article": lambda s: query.article(s, f"g{rng.randrange(meta['n_articles'])}"),
    }
    print(f"  {'query':22} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   (target p95 < 100 ms)")
    worst = 0.0
    with open_store(path, readonly=True) as store:
        for label, run in kinds.items():
            times = []
            for _ in range(REPEATS):
                t = time.perf_counter()
                run(store)
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            worst = max(worst, p95)
            print(f"  {label:22} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
    print(f"  worst p95: {worst:.1f} ms")
    tmp.cleanup()


def generate_meta(store) -> dict:
    rows = store.rows("SELECT id, name, type FROM entities ORDER BY id")
    people = [r["id"] for r in rows if r["type"] == "PERSON"]
    orgs = [r["id"] for r in rows if r["type"] != "PERSON"]
    rng = random.Random(7)
    vocab = sorted({_word(rng, rng.randint(1, 3)).lower() for _ in range(6000)})
    return {"people": people, "person_w": list(accumulate(1 / (r + 1) for r in range(len(people)))),
            "orgs": orgs, "org_w": list(accumulate(1 / (r + 1) for r in range(len(orgs)))),
            "names": {r["id"]: r["name"] for r in rows}, "vocab": vocab,
            "outlets": [f"Outlet {i}" for i in range(20)],
            "n_articles": store.scalar("SELECT COUNT(*) FROM articles")}  # fmt: skip


def print_resolution(end_to_end: bool) -> None:
    runs = [("GUM's own entities", resolution_scores)]
    if end_to_end:
        runs.append(("the pipeline's entities", end_to_end_scores))
    for label, score in runs:
        print(f"== entity resolution: cross-article merges, Wikinews sample, {label}")
        print("   (gold: GUM's Wikipedia links; PolNeAR has no entity identities to score)")
        for system, s in score().items():
            print(f"  {system:10} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
                  f"(gold pairs {s['pairs_gold']}, predicted pairs {s['pairs_pred']})")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=300, help="Reuters articles to ingest")
    parser.add_argument("--quotes", type=int, default=200_000, help="generated quotes to query")
    parser.add_argument("--stream", type=int, default=20_000, help="records for the store alone")
    parser.add_argument("--query-db", type=Path, help="keep/reuse the generated store here")
    parser.add_argument(
        "--skip", default="", help="comma-separated: resolution,ingest,stream,queries"
    )
    parser.add_argument(
        "--end-to-end", action="store_true", help="also score resolution on the pipeline's entities"
    )
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if "resolution" not in skip:
        print_resolution(args.end_to_end)
    if "ingest" not in skip:
        bench_ingest(args.data, args.limit)
    if "stream" not in skip:
        bench_stream(args.stream)
    if "queries" not in skip:
        bench_queries(args.quotes, args.query_db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
