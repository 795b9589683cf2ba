"""Ingest benchmark: body, title and date of real news pages, beside trafilatura alone.

    python bench/ingest.py [--data ../shared/data] [--every N]
    python bench/ingest.py --reingest 1000 [--workers N] [--db URL] [--reannotate]
    python bench/ingest.py --syndication 10000

Pages: ../shared/data/html/fundus (84 pages, expected title/date/body paragraphs)
and html/trafilatura (81 pages of evaldata_en_news.json, expected title/date and
"with"/"without" snippets), read from their files and again from the constructed
news WARC (warc/constructed_news) through ``read_sources``. Scores per page:

* body: fundus: token F1 between the extracted and the expected body (bag of
  lower-cased words); trafilatura: the share of its snippet checks that hold
  (each "with" snippet found, each "without" snippet absent). ``body_similarity``
  is the mean over all pages; a page with nothing extracted scores 0.
* title: equal after Unicode/whitespace/quote normalisation.
* date: same day as expected, on pages that have an expected date.

The baseline is ``trafilatura.bare_extraction(html, url, with_metadata=True)`` with
its defaults, in the same run. Then a crash sweep reads every file under
feeds/ and warc/ one by one and counts read / skipped / exceptions.

``gate_scores`` (the CI gate) scores every third page of the HTML folders and
sweeps warc/ (without the 13 MB constructed WARC) and the ill-formed, encoding
and real-capture feeds, so it stays under a minute on two cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
CONSTRUCTED_WARC = Path("warc/constructed_news/news-fixtures-constructed.warc.gz")
#: Folders of feeds the gate sweeps (the rest of feeds/ is wellformed feedparser cases).
GATE_FEEDS = (
    "feeds/feedparser_tests/tests/illformed",
    "feeds/feedparser_tests/tests/encoding",
    "feeds/rss_parser_real/test/input",
    "feeds/mediacloud_real",
    "feeds/trafilatura",
)
GATE_EVERY = 3
_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


# NamedTuples, not dataclasses: bench/gate.py loads this file without registering a module.
class Page(NamedTuple):
    key: str  # path under html/, e.g. fundus/uk/TheMirror_2024_08_05.html.gz
    html: bytes
    url: str | None
    title: str | None
    date: str | None
    body: str | None = None  # fundus: the expected text
    with_: tuple[str, ...] = ()  # trafilatura: snippets that must be in the text
    without: tuple[str, ...] = ()  # ... and must not


class Got(NamedTuple):
    text: str | None
    title: str | None
    date: str | None


# ---------------------------------------------------------------- data


def load_pages(data: Path) -> list[Page]:
    """Every page with expectations, fundus first, in a stable order."""
    html = data / "html"
    pages: list[Page] = []
    for spec in sorted((html / "fundus").glob("*/*.json")):
        publisher = spec.stem
        expected = json.loads(spec.read_text(encoding="utf-8"))
        files = sorted(spec.parent.glob(f"{publisher}_*.html.gz"))
        # fundus keys its parser versions (V1, V1_1, ...) in the order of the pages' dates.
        for (_, exp), path in zip(expected.items(), files, strict=False):
            body = exp.get("body") or {}
            parts = list(body.get("summary") or [])
            for section in body.get("sections") or []:
                parts += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
            pages.append(
                Page(
                    key=str(path.relative_to(html)),
                    html=gzip.decompress(path.read_bytes()),
                    url=None,
                    title=exp.get("title"),
                    date=(exp.get("publishing_date") or "")[:10] or None,
                    body="\n".join(parts),
                )
            )
    evaldata = html / "trafilatura" / "evaldata_en_news.json"
    if evaldata.exists():
        for url, exp in json.loads(evaldata.read_text(encoding="utf-8")).items():
            path = html / "trafilatura" / exp["dir"] / exp["file"]
            pages.append(
                Page(
                    key=str(path.relative_to(html)),
                    html=path.read_bytes(),
                    url=url,
                    title=exp.get("title") or None,
                    date=exp.get("date") or None,
                    with_=tuple(exp.get("with") or ()),
                    without=tuple(exp.get("without") or ()),
                )
            )
    return pages


# ---------------------------------------------------------------- scoring


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").translate(_QUOTES)
    return " ".join(text.split()).casefold()


def token_f1(got: str, expected: str) -> float:
    g, e = Counter(_WORD.findall(got.casefold())), Counter(_WORD.findall(expected.casefold()))
    overlap = sum((g & e).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(g.values()), overlap / sum(e.values())
    return 2 * precision * recall / (precision + recall)


def body_score(page: Page, text: str | None) -> float:
    if not text:
        return 0.0
    if page.body is not None:
        return token_f1(text, page.body)
    flat = _norm(text)
    checks = [_norm(s) in flat for s in page.with_] + [_norm(s) not in flat for s in page.without]
    return sum(checks) / len(checks) if checks else 0.0


def score(pages: list[Page], got: list[Got], seconds: float) -> dict[str, float]:
    bodies = [body_score(p, g.text) for p, g in zip(pages, got, strict=True)]
    fundus = [b for p, b in zip(pages, bodies, strict=True) if p.body is not None]
    snippets = [b for p, b in zip(pages, bodies, strict=True) if p.body is None]
    titled = [(p, g) for p, g in zip(pages, got, strict=True) if p.title]
    dated = [(p, g) for p, g in zip(pages, got, strict=True) if p.date]
    return {
        "pages": len(pages),
        "body_similarity": _mean(bodies),
        "body_f1_fundus": _mean(fundus),
        "body_snippets_trafilatura": _mean(snippets),
        "title_accuracy": _mean([_norm(p.title) == _norm(g.title) for p, g in titled]),
        "date_accuracy": _mean([p.date == g.date for p, g in dated]),
        "dated_pages": len(dated),
        "pages_per_s": len(pages) / seconds if seconds else 0.0,
    }


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


# ---------------------------------------------------------------- systems


def dateline_page(page: Page) -> Got:
    from dateline.ingest.html import NoArticle, extract_page

    try:
        found = extract_page(page.html, page.url)
    except NoArticle:
        return Got(None, None, None)
    return Got(found.text, found.title, found.published)


def trafilatura_page(page: Page) -> Got:
    from trafilatura import bare_extraction

    from dateline.article import parse_date

    doc = bare_extraction(page.html, url=page.url, with_metadata=True)
    if doc is None:
        return Got(None, None, None)
    return Got(doc.text, doc.title, parse_date(doc.date))


def run_pages(pages: list[Page], system: Callable[[Page], Got]) -> dict[str, float]:
    if pages:
        system(pages[0])  # imports and first-call set-up are not per-page time
    start = time.perf_counter()
    got = [system(p) for p in pages]
    return score(pages, got, time.perf_counter() - start)


def warc_pages(data: Path, pages: list[Page]) -> tuple[list[Page], list[int]]:
    """The WARC's records that have expectations, and their offsets (article origins)."""
    from warcio.archiveiterator import ArchiveIterator

    by_key = {p.key: p for p in pages}
    found, offsets = [], []
    with (data / CONSTRUCTED_WARC).open("rb") as f:
        records = ArchiveIterator(f)
        for record in records:
            source = record.rec_headers.get_header("X-Fixture-Source") or ""
            corpus, _, rest = source.partition(":")
            key = f"{corpus}/{rest.partition('/')[2]}"
            if key in by_key:
                found.append(by_key[key])
                offsets.append(records.offset)
    return found, offsets


def run_warc_dateline(data: Path, expected: list[Page], offsets: list[int]) -> dict[str, float]:
    from dateline.ingest import ReadOptions, Report, read_sources

    path = data / CONSTRUCTED_WARC
    start = time.perf_counter()
    report = Report()
    articles = {
        a.origin: a for a in read_sources([str(path)], ReadOptions(keep_non_english=True), report)
    }
    seconds = time.perf_counter() - start
    got = []
    for offset in offsets:
        article = articles.get(f"{path}#{offset}")
        got.append(
            Got(article.text, article.title, article.published)
            if article
            else Got(None, None, None)
        )
    scores = score(expected, got, seconds)
    scores["pages_per_s"] = (report.read + report.n_skipped) / seconds  # every record read
    return scores


def run_warc_trafilatura(data: Path, expected: list[Page], offsets: list[int]) -> dict[str, float]:
    from trafilatura import bare_extraction
    from warcio.archiveiterator import ArchiveIterator

    from dateline.article import parse_date

    wanted = set(offsets)
    got_by_offset: dict[int, Got] = {}
    start, n = time.perf_counter(), 0
    with (data / CONSTRUCTED_WARC).open("rb") as f:
        records = ArchiveIterator(f)
        for record in records:
            n += 1
            offset = records.offset
            if record.rec_type != "response":
                continue
            doc = bare_extraction(
                record.content_stream().read(),
                url=record.rec_headers.get_header("WARC-Target-URI"),
                with_metadata=True,
            )
            if offset in wanted:
                got_by_offset[offset] = (
                    Got(doc.text, doc.title, parse_date(doc.date)) if doc else Got(None, None, None)
                )
    seconds = time.perf_counter() - start
    scores = score(
        expected, [got_by_offset.get(o, Got(None, None, None)) for o in offsets], seconds
    )
    scores["pages_per_s"] = n / seconds
    return scores


# ---------------------------------------------------------------- crash sweep


def crash_sweep(roots: list[Path], skip: tuple[Path, ...] = ()) -> dict[str, object]:
    """Read every file under ``roots`` on its own; count articles, skips and exceptions."""
    from dateline.ingest import ReadOptions, Report, read_sources

    files = sorted(p for root in roots for p in root.rglob("*") if p.is_file() and p not in skip)
    total, crashes = Report(), []
    start = time.perf_counter()
    for path in files:
        report = Report()
        try:
            for _ in read_sources([str(path)], ReadOptions(keep_non_english=True), report):
                pass
        except Exception as err:  # noqa: BLE001 - counting them is the point
            crashes.append(f"{path}: {type(err).__name__}: {err}")
        if report.skipped.get("reader failed"):
            # read_stream's last guard kept the run going, but a reader broke all the same.
            crashes.append(f"{path}: reader failed")
        total.read += report.read
        total.duplicates += report.duplicates
        total.skipped.update(report.skipped)
        total.warnings.update(report.warnings)
    return {
        "files": len(files),
        "seconds": time.perf_counter() - start,
        "summary": total.summary(),
        "crashes": crashes,
    }


# ---------------------------------------------------------------- gate and report


def gate_scores(data_dir: Path) -> dict[str, float]:
    """Dateline's own scores on a third of the pages, and a crash sweep of warc/ and feeds."""
    logger = logging.getLogger("dateline")
    level = logger.level
    logger.setLevel(logging.ERROR)  # the skips are counted, not printed
    try:
        pages = load_pages(data_dir)[::GATE_EVERY]
        ours = run_pages(pages, dateline_page)
        roots = [data_dir / "warc"] + [data_dir / f for f in GATE_FEEDS]
        sweep = crash_sweep([r for r in roots if r.exists()], skip=(data_dir / CONSTRUCTED_WARC,))
    finally:
        logger.setLevel(level)  # the gate runs inside the test suite: leave logging as it was
    return {
        "date_accuracy": ours["date_accuracy"],
        "body_similarity": ours["body_similarity"],
        "no_crash": 0.0 if sweep["crashes"] else 1.0,
    }


def _table(rows: dict[str, dict[str, float]]) -> str:
    metrics = [
        "pages",
        "body_similarity",
        "body_f1_fundus",
        "body_snippets_trafilatura",
        "title_accuracy",
        "date_accuracy",
        "dated_pages",
        "pages_per_s",
    ]
    lines = [f"{'':34}" + "".join(f"{m[:16]:>17}" for m in metrics)]
    for name, scores in rows.items():
        cells = "".join(
            f"{scores[m]:>17d}" if isinstance(scores[m], int) else f"{scores[m]:>17.3f}"
            for m in metrics
        )
        lines.append(f"{name:34}{cells}")
    return "\n".join(lines)


# ---------------------------------------------------------------- re-ingest

REUTERS = Path("corpora/reuters21578/reuters21578.jsonl")


def reingest(
    data: Path, n: int, workers: int, db: str | None = None, reannotate: bool = False
) -> dict[str, float]:
    """Seconds to ingest the first ``n`` Reuters stories with a body into a new store
    (``dateline ingest``, a process of its own, model loading included), then the same
    file again: every article already there, left out before annotation; with
    ``reannotate``, every article marked as another pipeline's and annotated again."""
    import os
    import subprocess
    import tempfile

    exe = Path(sys.executable).with_name("dateline")
    with tempfile.TemporaryDirectory(prefix="dateline-reingest-") as tmp:
        source = Path(tmp) / "reuters.jsonl"
        with (data / REUTERS).open(encoding="utf-8") as f, source.open("w") as out:
            kept = 0
            for line in f:
                if kept == n:
                    break
                if (json.loads(line).get("text") or "").strip():
                    out.write(line)
                    kept += 1
        store = db or str(Path(tmp) / "kb.db")
        cmd = [str(exe), "-q", "ingest", str(source), "--db", store, "--source", "Reuters",
               "--workers", str(workers)]  # fmt: skip
        times: dict[str, float] = {}
        for run in ("first", "again"):
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
            times[run] = time.perf_counter() - start
            if done.returncode not in (0, 1):
                raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
        extra: dict[str, float] = {}
        if reannotate:
            extra = _reannotate(exe, store)
    return {"stories": kept, **times, "ratio": times["again"] / times["first"], **extra}


def _reannotate(exe: Path, store_url: str) -> dict[str, float]:
    """Mark every article as another pipeline's, time ``dateline reannotate``, and say
    whether the store's rows and derived counts came back the same."""
    import os
    import subprocess

    from dateline.store import open_store

    tables = ("articles", "quotes", "mentions", "titles", "times", "quote_entities",
              "article_entities", "entity_pairs", "entity_names", "entity_titles",
              "datelines", "article_signatures", "signature_bands", "syndication")  # fmt: skip

    def snapshot(mark: bool) -> dict:
        with open_store(store_url) as store:
            counts = {t: store.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}
            counts["entity counters"] = store.rows(
                "SELECT name, type, n_articles, n_mentions, n_quotes FROM entities "
                "WHERE n_articles > 0 ORDER BY name, type, n_articles, n_mentions, n_quotes"
            )
            if mark:
                store.execute("UPDATE articles SET pipeline = NULL")
        return counts

    before = snapshot(mark=True)
    start = time.perf_counter()
    done = subprocess.run([str(exe), "-q", "reannotate", "--db", store_url],
                          capture_output=True, text=True, env=os.environ)  # fmt: skip
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"reannotate failed ({done.returncode}): {done.stderr[-2000:]}")
    return {"reannotate": seconds, "same after reannotate": float(snapshot(mark=False) == before)}


def _reuters(data: Path, n: int) -> list[dict]:
    stories = []
    with (data / REUTERS).open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            if (story.get("text") or "").strip():
                stories.append(story)
                if len(stories) == n:
                    break
    return stories


def syndication(data: Path, n: int, reingest_cli: bool = True) -> dict[str, float]:
    """Near-duplicate links among ``n`` Reuters stories (text-only records, no annotation):
    the in-memory de-duplicator of one run; the store, all in one run; the store, in two
    runs of half each (the second linking to the first through the band table); then, with
    ``reingest_cli``, ``dateline -q ingest`` of the same stories against that store (all
    already stored) and its time."""
    import os
    import subprocess
    import tempfile
    import tracemalloc

    from dateline.article import Article
    from dateline.ingest.dedup import Deduplicator
    from dateline.store import open_store

    stories = _reuters(data, n)
    tracemalloc.start()
    dedup = Deduplicator()
    memory: dict[str, str] = {}
    exact = 0
    for story in stories:
        verdict = dedup.check(Article(text=story["text"], id=story["id"]))
        if verdict.kind == "near":
            memory[story["id"]] = verdict.of
        exact += verdict.kind == "duplicate"
    held_by_dedup = tracemalloc.get_traced_memory()[0]
    del dedup
    tracemalloc.stop()

    def rec(story: dict) -> dict:
        return {"id": story["id"], "url": None, "title": story.get("title"),
                "source": "Reuters", "published": (story.get("date") or "")[:10] or None,
                "text": story["text"], "entities": [], "quotes": [], "times": []}  # fmt: skip

    out: dict[str, float] = {"stories": len(stories), "exact": exact, "memory": len(memory),
                             "in-memory de-duplicator MB held": held_by_dedup / 2**20}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="dateline-synd-") as tmp:
        links = {}
        for name, parts in (("one run", [stories]),
                            ("two runs", [stories[: n // 2], stories[n // 2 :]])):  # fmt: skip
            db = Path(tmp) / f"{name}.db"
            start = time.perf_counter()
            tracemalloc.start()
            for part in parts:
                with open_store(db) as store:
                    store.add_records(rec(s) for s in part)
            # The stories are in memory already: the peak above them is what the store holds.
            out[f"{name} MB peak"] = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            out[f"{name} s"] = time.perf_counter() - start
            with open_store(db) as store:
                rows = store.rows("SELECT article_id, root_id FROM syndication")
                links[name] = {r["article_id"]: r["root_id"] for r in rows}
                out[f"{name} bytes/article"] = db.stat().st_size / len(stories)
            out[name] = len(links[name])
        out["runs agree"] = links["one run"] == links["two runs"]
        # Exact duplicates are links of similarity 1 in the store; the de-duplicator drops them.
        near = {a: r for a, r in links["one run"].items() if a in memory or r in memory.values()}
        out["agree with memory"] = sum(memory.get(a) == r for a, r in near.items())
        if reingest_cli:
            source = Path(tmp) / "stories.jsonl"
            with source.open("w", encoding="utf-8") as f:
                for story in stories:
                    f.write(json.dumps(story) + "\n")
            exe = Path(sys.executable).with_name("dateline")
            cmd = [str(exe), "-q", "ingest", str(source), "--db", str(Path(tmp) / "one run.db"),
                   "--source", "Reuters", "--keep-duplicates"]  # fmt: skip
            start = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
            out["reingest s"] = time.perf_counter() - start
            if done.returncode not in (0, 1):
                raise SystemExit(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--every", type=int, default=1, help="score every Nth page only")
    parser.add_argument("--no-sweep", action="store_true", help="skip the crash sweep")
    parser.add_argument(
        "--reingest", type=int, metavar="N", help="time ingesting N Reuters stories, then again"
    )
    parser.add_argument("--workers", type=int, default=1, help="--reingest: ingest workers")
    parser.add_argument(
        "--syndication", type=int, metavar="N", help="near-duplicate links among N stories"
    )
    parser.add_argument("--db", help="--reingest: a store URL (default: a new SQLite file)")
    parser.add_argument(
        "--reannotate", action="store_true", help="--reingest: then time reannotate of all"
    )
    args = parser.parse_args()
    if args.syndication:
        got = syndication(args.data, args.syndication)
        print(json.dumps(got, indent=1))
        return 0
    if args.reingest:
        if not (args.data / REUTERS).exists():
            print(f"ingest bench: no Reuters-21578 at {args.data / REUTERS}; skipped")
            return 0
        got = reingest(args.data, args.reingest, args.workers, args.db, args.reannotate)
        print(
            f"{got['stories']:.0f} Reuters stories, {args.workers} worker(s): first ingest "
            f"{got['first']:.1f} s, again (all already stored) {got['again']:.2f} s = "
            f"{100 * got['ratio']:.1f}% (target < 5%)"
        )
        if args.reannotate:
            same = "the same" if got["same after reannotate"] else "NOT the same"
            print(f"reannotate of them all: {got['reannotate']:.1f} s; rows and counts {same}")
        return 0 if got["ratio"] < 0.05 else 1
    if not (args.data / "html").exists():
        print(f"ingest bench: no pages at {args.data / 'html'}; skipped")
        return 0
    logging.getLogger("dateline").setLevel(logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    pages = load_pages(args.data)[:: args.every]
    rows = {
        "html files: dateline": run_pages(pages, dateline_page),
        "html files: trafilatura bare": run_pages(pages, trafilatura_page),
    }
    if (args.data / CONSTRUCTED_WARC).exists():
        expected, offsets = warc_pages(args.data, pages)
        rows["constructed WARC: dateline"] = run_warc_dateline(args.data, expected, offsets)
        rows["constructed WARC: trafilatura"] = run_warc_trafilatura(args.data, expected, offsets)
    print(_table(rows))
    print("targets: body_similarity >= trafilatura's; date_accuracy >= 0.90; no crash")
    if args.no_sweep:
        return 0
    sweep = crash_sweep([args.data / "feeds", args.data / "warc"])
    print(
        f"crash sweep of feeds/ and warc/: {sweep['files']} files in {sweep['seconds']:.1f} s, "
        f"{len(sweep['crashes'])} exceptions; {sweep['summary']}"
    )
    for crash in sweep["crashes"]:
        print(f"  CRASH {crash}")
    return 1 if sweep["crashes"] else 0


if __name__ == "__main__":
    sys.exit(main())
