"""Surnames across articles: does a bare surname in a story reach the right person?

    python bench/surnames.py [--data ../shared/data] [--keep DB] [--workers N]

Case set (``bench/data/surname_cases.jsonl``): 276 mentions of one-word names (140 of
them) in Reuters-21578 stories, from two draws: 90 by a pattern over the raw text (20
surnames such as Baker, Smith, Thatcher, de Clercq, Subroto in stories that seemed never
to give the given name; up to 8 per surname, seed 7), and 186 more from the one-word
PERSON entities Dateline made of the 1,057 stories naming 27 well-known surnames (Yeutter,
Baker, Volcker …; up to 6 per name, seed 11; the store also looked at while the join rule
was written). Each was judged by hand, blind (by someone who neither ran nor read
Dateline), as a person (with the full name, from the story and the corpus around it),
not a person (a firm such as "Phillips and Drew", a plan, an oil field, a ship) or
unclear.

Store: every Reuters-21578 story naming one of the cases' names (4,725), ingested by
``dateline ingest`` into a fresh SQLite store. For each case, the entity whose mentions
hold the mention is read through the knowledge base (``query.find_entities`` and
``kb.surnames``) as a user's query would be.

Also listed: the full names the store reads as a rare misspelling of another
(``kb.spellings``: "George Schultz" in 4 stories for George Shultz in 50), through which
a bare surname's candidates are read.

Figures, with and without the read-time surname join in the same store:
* joins: surname-only people joined to a full-name person, and their precision (the
  person joined is the judged one; a join of a case judged not a person is wrong);
* reach: of the cases judged a person, the share whose mention ends on that person's
  entity (joined, or named in full in the story already).
"""

# No ``from __future__ import annotations``: bench/gate.py loads bench files without
# registering them in sys.modules.
import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
CORPUS = Path("corpora") / "reuters21578" / "reuters21578.jsonl"
CASES = HERE / "data" / "surname_cases.jsonl"


def load_cases(path: Path = CASES) -> list:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def build_store(data: Path, cases: list, db: Path, workers: int) -> None:
    """Every story naming one of the cases' surnames, ingested into ``db``."""
    names = sorted({c["surname"] for c in cases})
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")
    corpus = (data / CORPUS).open(encoding="utf-8")
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as out, corpus as f:
        for line in f:
            if pattern.search(json.loads(line).get("text") or ""):
                out.write(line)
    # The CLI of the interpreter running this bench, whether or not its venv is on PATH.
    cli = Path(sys.executable).with_name("dateline")
    cmd = [
        str(cli) if cli.exists() else "dateline",
        "-q",
        "ingest",
        out.name,
        "--db",
        str(db),
        "--workers",
        str(workers),
    ]
    subprocess.run(cmd, check=False)
    Path(out.name).unlink()


def same_person(a, b) -> bool:
    from dateline.kb.keys import person_keys
    from dateline.names import fold

    if a is None or b is None:
        return False
    ka, kb = person_keys(a).strong, person_keys(b).strong
    return bool(set(ka) & set(kb)) if ka and kb else fold(a) == fold(b)


def answers(store, case: dict, join: bool) -> tuple:
    """(entity name the mention reaches or None, whether a surname join made it)."""
    from dateline.kb import surnames

    row = store.one(
        "SELECT ae.entity_id FROM mentions m JOIN article_entities ae "
        "ON ae.article_id = m.article_id AND ae.local_id = m.local_id "
        "WHERE m.article_id = ? AND m.start_char <= ? AND m.end_char >= ? "
        "ORDER BY m.end_char - m.start_char LIMIT 1",
        (case["article"], case["start"], case["end"]),
    )
    if row is None:
        return None, False
    eid = row["entity_id"]
    live = store.one("SELECT COALESCE(merged_into, id) AS id FROM entities WHERE id = ?", (eid,))
    entity = store.one("SELECT id, name, type FROM entities WHERE id = ?", (live["id"],))
    if entity["type"] != "PERSON":
        return None, False
    if join:
        reading = surnames.read(store, entity["id"])
        if reading is not None and reading.target is not None:
            name = store.scalar("SELECT name FROM entities WHERE id = ?", (reading.target,))
            return name, True
    return entity["name"], False


def score(store, cases: list, join: bool) -> dict:
    joins = right_joins = persons = reached = 0
    wrong = []
    for case in cases:
        name, joined = answers(store, case, join)
        gold = case["person"]
        if joined:
            joins += 1
            right_joins += same_person(name, gold)
            if not same_person(name, gold):
                wrong.append(f"{case['article']} {case['surname']!r} -> {name} (judged {gold})")
        if case["kind"] == "person":
            persons += 1
            reached += same_person(name, gold)
    return {
        "joins": joins,
        "precision": right_joins / joins if joins else None,
        "persons": persons,
        "reach": reached / persons if persons else 0.0,
        "wrong": wrong,
    }


def spelling_joins(store) -> list:
    """(rare spelling (articles), common spelling (articles)) for every full-name person
    the store reads as a misspelling of another."""
    from dateline.kb import spellings

    out = []
    for r in store.rows("SELECT id FROM entities WHERE type = 'PERSON' AND merged_into IS NULL"):
        common = spellings.common_spelling(store, r["id"])
        if common is not None:
            a, b = (store.one("SELECT name, n_articles FROM entities WHERE id = ?", (i,))
                    for i in (r["id"], common))  # fmt: skip
            out.append((f"{a['name']} ({a['n_articles']})", f"{b['name']} ({b['n_articles']})"))
    return sorted(out)


def gate_scores(data_dir: Path) -> dict:
    """Join precision and reach (for bench/gate.py), on a store built afresh."""
    from dateline.store import open_store

    cases = load_cases()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "surnames.db"
        build_store(data_dir, cases, db, workers=2)
        with open_store(db, readonly=True) as store:
            s = score(store, cases, True)
    return {"join_precision": s["precision"] or 0.0, "reach": s["reach"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--keep", type=Path, default=None, help="build (or reuse) this store")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not (args.data / CORPUS).exists():
        print(f"surnames bench: no Reuters-21578 at {args.data / CORPUS}; skipped")
        return 0
    from dateline.store import open_store

    cases = load_cases()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "surnames.db"
        if not db.exists():
            build_store(args.data, cases, db, args.workers)
        with open_store(db):  # a kept store from an older Dateline: migrate it once
            pass
        with open_store(db, readonly=True) as store:
            n_articles = store.scalar("SELECT COUNT(*) FROM articles")
            results = {"Dateline": score(store, cases, True),
                       "no surname join": score(store, cases, False)}  # fmt: skip
            misspelt = spelling_joins(store)
    kinds = {k: sum(c["kind"] == k for c in cases) for k in ("person", "not_person", "unclear")}
    print(f"surname cases: {len(cases)} ({kinds}), store of {n_articles} Reuters stories")
    print("| system | joins | join precision | persons reached |")
    print("|---|---:|---:|---:|")
    for name, s in results.items():
        p = "-" if s["precision"] is None else f"{s['precision']:.3f}"
        print(f"| {name} | {s['joins']} | {p} | {s['reach']:.3f} ({s['persons']}) |")
    for line in results["Dateline"]["wrong"]:
        print(f"wrong join: {line}")
    print(f"\nspelling joins in this store (kb.spellings, unjudged): {len(misspelt)}")
    for rare, common in misspelt:
        print(f"  {rare} -> {common}")
    print("\ntarget: join precision >= 0.95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
