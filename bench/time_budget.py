"""The figures behind the time budget (docs/ingest.md, "Time budget and failed articles").

    python bench/time_budget.py stages [N ...]    # default: 100000 200000
    python bench/time_budget.py startup [--repeat R]

``stages``: seconds per pipeline stage for one article of N characters of real prose (the
bundled Wikinews articles, repeated to the length), annotated alone in this process: how
long the slowest article ``max_chars`` allows takes, which the default budget must exceed.

``startup``: wall time of ingesting the bundled sample (43 articles) and its first article
alone, each in a fresh process, through ``dateline ingest`` (annotation in one watched
worker process) and through the library's in-process ``extract()`` feeding the same store
writer; the ratio is of one run, on whatever load the machine has (printed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "wikinews" / "articles.jsonl"

IN_PROCESS = """
import sys
from dateline import ReadOptions, Report, read_sources
from dateline.extraction import extract
from dateline.pipeline import load
from dateline.store import ingest, open_store
report = Report()
with open_store(sys.argv[1]) as store:
    records = extract(read_sources([sys.argv[2]], ReadOptions(), report), load(), report=report)
    ingest(records, store, report=report)
"""


def stages(lengths: list[int]) -> None:
    from dateline import Article, load
    from dateline.extraction import make_doc
    from dateline.record import to_record

    with SAMPLE.open(encoding="utf-8") as f:
        prose = "\n\n".join(json.loads(line)["text"] for line in f)
    nlp = load()
    nlp.max_length = max(nlp.max_length, max(lengths) + 1)
    for n in lengths:
        article = Article(text=(prose * (n // len(prose) + 1))[:n], published="2020-01-01")
        started = time.perf_counter()
        doc = make_doc(nlp, article)
        took = {"make_doc": time.perf_counter() - started}
        for name, stage in nlp.pipeline:
            t = time.perf_counter()
            doc = stage(doc)
            took[name] = time.perf_counter() - t
        t = time.perf_counter()
        to_record(doc, article)
        took["record"] = time.perf_counter() - t
        total = time.perf_counter() - started
        print(f"{n} chars: {total:.1f} s  " + " ".join(f"{k}={v:.1f}" for k, v in took.items()))


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return time.perf_counter() - started


def startup(repeat: int) -> None:
    py = sys.executable
    cli = [py, "-c", "from dateline.cli import main; main()", "--quiet", "ingest"]
    with tempfile.TemporaryDirectory() as tmp:
        one = Path(tmp, "one.jsonl")
        one.write_text(SAMPLE.read_text(encoding="utf-8").splitlines(True)[0], encoding="utf-8")
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        for i in range(repeat):
            for name, source in (("43 articles", SAMPLE), ("1 article", one)):
                inside = _timed([py, "-c", IN_PROCESS, f"{tmp}/in{i}{name[0]}.db", str(source)])
                watched = _timed([*cli, str(source), "--db", f"{tmp}/w{i}{name[0]}.db"])
                print(
                    f"{name}: in-process {inside:.1f} s, one watched worker {watched:.1f} s, "
                    f"ratio {watched / inside:.2f} ({watched - inside:+.1f} s)"
                )
        print(f"load average after: {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("stages")
    p.add_argument("lengths", nargs="*", type=int, default=[100_000, 200_000])
    p = sub.add_parser("startup")
    p.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if args.what == "stages":
        stages(args.lengths)
    else:
        startup(args.repeat)


if __name__ == "__main__":
    main()
