"""Wire house style in entities: how many people and organisations are units, tickers,
headline words or dateline parts, before and after (issue 15).

Reads Reuters-21578 stories from ../shared/data (not copied into the project), builds
each as the wire sends it (headline line, dateline, body), parses once, and runs the
entity stage of ``--before`` (a git revision) and of the working tree on the same Docs.

    .venv/bin/python bench/house_style.py --stories 300
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
import types
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REUTERS = ROOT.parent / "shared/data/corpora/reuters21578/reuters21578.jsonl"
TICKER = re.compile(r"[A-Z0-9&]{1,6}(?:\.[A-Z]{1,2})?")


def stories(n: int) -> list[tuple[str, str, str]]:
    """(id, text, published) of the first ``n`` stories with a title, dateline and body."""
    out = []
    with REUTERS.open(encoding="utf-8") as f:
        for line in f:
            obj = json.loads(line)
            if obj.get("title") and obj.get("dateline") and obj.get("text"):
                text = f"{obj['title']}\n{obj['dateline'].strip()} {obj['text']}"
                out.append((obj["id"], text, obj["date"][:10]))
            if len(out) >= n:
                break
    return out


def old_module(rev: str) -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{rev}:src/dateline/nlp/entities.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    source = source.replace('"dateline_entities",', '"dateline_entities_before",', 1)
    module = types.ModuleType("entities_before")
    exec(compile(source, "entities_before.py", "exec"), module.__dict__)  # noqa: S102
    return module


def kinds(entity, text: str, dateline, units: frozenset[str]) -> set[str]:
    """Which house-style class a person or organisation falls in (empty: none)."""
    found = set()
    if any(w.lower().rstrip(".") in units for w in entity.name.split()):
        found.add("unit")
    for m in entity.mentions:
        bracketed = text[m.start - 1 : m.start] == "<" and text[m.end : m.end + 1] == ">"
        if bracketed and TICKER.fullmatch(m.text):
            found.add("ticker")
    headline_end = text.index("\n")
    if all(m.end <= headline_end for m in entity.mentions):
        found.add("headline")
    if dateline is not None and any(
        dateline.start <= m.start < dateline.end for m in entity.mentions
    ):
        found.add("dateline")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--before", default="6371771^", help="git revision to compare with")
    args = parser.parse_args()

    from dateline import lexicons, load
    from dateline.article import Article
    from dateline.extraction import make_doc
    from dateline.nlp import entities as after
    from dateline.nlp.datelines import parse_dateline

    before = old_module(args.before)
    units = lexicons.load("wire_units")
    nlp = load()
    items = stories(args.stories)
    articles = [Article(text=t, id=i, published=p) for i, t, p in items]
    # Before: the model alone; after: with the dateline stage ahead of the parser and NER.
    for name, module, first in (("before", before, ()), ("after", after, ("dateline_datelines",))):
        model = [n for n in nlp.pipe_names if n in first or not n.startswith("dateline")]
        t0 = time.time()
        with nlp.select_pipes(enable=model):
            docs = list(nlp.pipe(make_doc(nlp, a) for a in articles))
        counts: Counter[str] = Counter()
        total = people_orgs = 0
        for doc, article in zip(docs, articles, strict=True):
            found = module.find_entities(doc)
            total += len(found)
            for e in found:
                if e.type not in ("PERSON", "ORG"):
                    continue
                people_orgs += 1
                for kind in kinds(e, article.text, parse_dateline(article.text), units):
                    counts[kind] += 1
        shown = ", ".join(f"{k} {counts[k]}" for k in ("unit", "ticker", "headline", "dateline"))
        print(f"{name}: {total} entities, {people_orgs} PERSON/ORG; house style: {shown} "
              f"({len(docs)} stories, {time.time() - t0:.0f} s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
