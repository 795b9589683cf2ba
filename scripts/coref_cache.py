"""Parse GAP once (the pipeline up to the speakers, without ``dateline_coref``) and keep
the parses under build/coref, so the pronoun model's features can be tried cheaply.

    python scripts/coref_cache.py [--data ../shared/data] [--split development validation]
                                  [--reuters 1000]

Writes build/coref/<split>.spacy (a DocBin) and build/coref/<split>.entities.pkl (each
doc's ``doc._.entities`` and ``doc._.quotes`` after the speaker stage). ``load(split)``
reads them back.
``--reuters N`` also caches the first N Reuters-21578 stories with a body (split
``reuters``), read by ``scripts/coref_errors.py --guard``: the check that news records do
not turn companies and places into people on a pronoun's word.
"""

from __future__ import annotations

import argparse
import functools
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "coref"
REUTERS = Path("corpora") / "reuters21578" / "reuters21578.jsonl"
sys.path.insert(0, str(ROOT / "bench"))

import coref as gapbench  # noqa: E402  (bench/coref.py)


def parse(nlp, rows: list) -> list:
    from dateline import Article
    from dateline.extraction import make_doc

    with nlp.select_pipes(disable=["dateline_coref"]):
        return list(
            nlp.pipe(
                (make_doc(nlp, Article(text=r["Text"], id=r["ID"])) for r in rows), batch_size=64
            )
        )


def reuters_rows(data_dir: Path, limit: int) -> list:
    """The first ``limit`` Reuters-21578 stories with a body, as GAP-like rows (ID, Text)."""
    import json

    rows = []
    with (data_dir / REUTERS).open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            if (story.get("text") or "").strip():
                rows.append({"ID": story["id"], "Text": story["text"]})
                if len(rows) >= limit:
                    break
    return rows


def save(split: str, docs: list) -> None:
    from spacy.tokens import DocBin

    CACHE.mkdir(parents=True, exist_ok=True)
    db = DocBin(
        attrs=[
            "ORTH",
            "TAG",
            "HEAD",
            "DEP",
            "POS",
            "LEMMA",
            "ENT_IOB",
            "ENT_TYPE",
            "SENT_START",
            "MORPH",
            "SPACY",
        ]
    )
    for d in docs:
        db.add(d)
    db.to_disk(CACHE / f"{split}.spacy")
    with (CACHE / f"{split}.entities.pkl").open("wb") as f:
        pickle.dump([(d._.entities or [], d._.quotes or []) for d in docs], f)


@functools.cache
def common_words() -> frozenset[str]:
    """The configured model's English words, as the ``dateline_coref`` component reads
    them (``coref.common_words``), for the scripts that link pronouns in cached docs."""
    from dateline.nlp import coref
    from dateline.pipeline import load_model

    return coref.common_words(load_model())


def load(split: str, nlp=None) -> list:
    """The cached docs of ``split``, each with its ``doc._.entities`` and ``doc._.quotes``
    set again."""
    import spacy
    from spacy.tokens import DocBin

    from dateline.nlp import extensions

    extensions.register()
    vocab = nlp.vocab if nlp is not None else spacy.blank("en").vocab
    docs = list(DocBin().from_disk(CACHE / f"{split}.spacy").get_docs(vocab))
    with (CACHE / f"{split}.entities.pkl").open("rb") as f:
        ents = pickle.load(f)
    for d, kept in zip(docs, ents, strict=True):
        # (A cache written before the quotes were kept holds the entities alone.)
        d._.entities, d._.quotes = kept if isinstance(kept, tuple) else (kept, [])
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=gapbench.DEFAULT_DATA)
    parser.add_argument("--split", nargs="*", default=["development", "validation"])
    parser.add_argument("--reuters", type=int, metavar="N", help="also the first N stories")
    args = parser.parse_args()
    from dateline import load as load_nlp

    nlp = load_nlp()
    for split in args.split:
        rows = gapbench.load_gap(args.data, split)
        save(split, parse(nlp, rows))
        print(f"{split}: {len(rows)} paragraphs cached under {CACHE}")
    if args.reuters:
        rows = reuters_rows(args.data, args.reuters)
        save("reuters", parse(nlp, rows))
        print(f"reuters: {len(rows)} stories cached under {CACHE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
