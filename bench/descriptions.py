"""Descriptions as speakers: does "the company said" land on the company that spoke?

    python bench/descriptions.py [--data ../shared/data] [--show-wrong]

Case set (``bench/data/description_cases.jsonl``): 180 definite descriptions that are
the source of a statement in Reuters-21578 ("The company said", "…, the department
said", "the group added"), drawn by a pattern over the raw text, independent of
Dateline: every story holding "the (ADJ) NOUN <cue>" or ", the (ADJ) NOUN <cue>" for a
head noun of ``data/lexicons/descriptions.tsv``, one match per story at random, 180
stories at random (seed 13). Each was judged by hand, blind (by someone who neither ran
nor read Dateline), from the story up to just after the description: the organisation
meant, in the story's words (``org``), several (``several``: "the companies"), one the
story never names (``unnamed``) or ``unclear``. The file holds ids, offsets, a hash of
the description and the judged names; the text is read from Reuters-21578 under
``--data`` (research use: it may not ship), and the bench skips cleanly without it.

For each case, the record's quote whose source span holds the description gives
Dateline's speaker. Figures, on the cases judged ``org``:

* ``precision``: speakers named that are the judged organisation (its name or one of
  its mentions has the judged name's core: "American Motors" of "American Motors
  Corp"), over speakers named;
* ``resolved``: speakers named over cases;
* ``right``: the judged organisation over cases (what a timeline shows);

and on the cases judged ``unnamed``, ``unclear`` or ``several``, how many got an
organisation anyway (``named_anyway``: a guess where a reader sees none).

Baselines, in the same run and over the same records' entities (so only the choice of
organisation differs): the nearest organisation mentioned before the description, and
the nearest one whose name fits the noun (Dateline's rule before issue 18's
main-subject preference).
"""

# No ``from __future__ import annotations``: bench/gate.py loads bench files without
# registering them in sys.modules.
import argparse
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data"
CORPUS = Path("corpora") / "reuters21578" / "reuters21578.jsonl"
CASES = HERE / "data" / "description_cases.jsonl"
#: How far back (characters) the baselines look, as Dateline's rule does.
REACH = 1500
#: First words of mentions the pronoun and description rules add, not names.
_NOT_NAMES = frozenset({"the", "it", "its", "they", "their", "them", "we", "our", "us"})


def load_cases(path: Path = CASES) -> list:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def span_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def read_stories(data: Path, ids: set) -> dict:
    out = {}
    with (data / CORPUS).open(encoding="utf-8") as f:
        for line in f:
            story = json.loads(line)
            if story["id"] in ids:
                out[story["id"]] = story
    return out


def check(cases: list, stories: dict) -> list:
    """Messages for every case whose story is missing or whose description hashes
    differently (another edition of the corpus)."""
    problems = []
    for case in cases:
        story = stories.get(case["id"])
        if story is None:
            problems.append(f"{case['id']} not in the corpus")
            continue
        start = case["offset"]
        text = story["text"][start : start + len(case["description"])]
        if span_hash(text) != case["hash"]:
            problems.append(f"{case['id']} description at {start} differs")
    return problems


def records(stories: dict, nlp) -> dict:
    """Dateline's record of each story, by id."""
    from dateline import Article, extract

    articles = [
        Article(
            text=s["text"],
            id=s["id"],
            published=(s.get("date") or "")[:10] or None,
            dateline=s.get("dateline"),
        )
        for s in stories.values()
    ]
    return {r["id"]: r for r in extract(articles, nlp)}


def cores(names: list) -> set:
    """Each name's core: folded, without its company suffix."""
    from dateline.nlp.entities import company_key

    return {company_key(n) for n in names if n} - {""}


def judged_names(case: dict) -> list:
    gold = case.get("gold")
    return ([gold] if isinstance(gold, str) else []) + list(case.get("also") or [])


def is_right(entity: dict | None, case: dict) -> bool:
    if entity is None:
        return False
    said = cores([entity["name"]] + [m["text"] for m in entity.get("mentions") or []])
    return bool(said & cores(judged_names(case)))


def dateline_pick(record: dict, case: dict) -> dict | None:
    """The entity Dateline files the statement under, or None."""
    entities = {e["id"]: e for e in record.get("entities") or []}
    for q in record.get("quotes") or []:
        src, speaker = q.get("source"), q.get("speaker") or {}
        if src and src["start"] <= case["offset"] < src["end"] and speaker.get("entity"):
            return entities.get(speaker["entity"])
    return None


def baseline_pick(record: dict, case: dict, fitting: bool) -> dict | None:
    """The organisation whose mention is nearest before the description (and, with
    ``fitting``, whose name fits its noun), within reach."""
    from dateline.nlp.description_rules import description_names, name_fits

    noun = case["description"].split()[-1].lower()
    fits = description_names().get(noun.rstrip("s")) or description_names().get(noun)
    best, best_start = None, -1
    for entity in record.get("entities") or []:
        if entity["type"] != "ORG":
            continue
        if fitting and (fits is None or not name_fits(entity["name"], fits)):
            continue
        for m in entity.get("mentions") or []:
            # A mention of a name, not one the pronoun or description rules added.
            named = m["text"][:1].isupper() and m["text"].split()[0].lower() not in _NOT_NAMES
            near = best_start < m["start"] < case["offset"] <= m["start"] + REACH
            if named and near:
                best, best_start = entity, m["start"]
    return best


def score(cases: list, recs: dict, pick) -> dict:
    org = [c for c in cases if c["kind"] == "org"]
    other = [c for c in cases if c["kind"] != "org"]
    named = right = 0
    wrong = []
    for case in org:
        entity = pick(recs[case["id"]], case)
        named += entity is not None
        if is_right(entity, case):
            right += 1
        elif entity is not None:
            said = f"{case['id']} {case['description']!r}: {entity['name']!r}"
            wrong.append(f"{said} (judged {case['gold']!r})")
    anyway = sum(pick(recs[c["id"]], c) is not None for c in other)
    return {
        "cases": len(org),
        "precision": right / named if named else 0.0,
        "resolved": named / len(org) if org else 0.0,
        "right": right / len(org) if org else 0.0,
        "others": len(other),
        "named_anyway": anyway,
        "wrong": wrong,
    }


def run(data: Path, nlp) -> dict:
    cases = load_cases()
    stories = read_stories(data, {c["id"] for c in cases})
    problems = check(cases, stories)
    if problems:
        raise ValueError("; ".join(problems[:5]) + f" ({len(problems)} in all)")
    recs = records(stories, nlp)
    return {
        "Dateline": score(cases, recs, dateline_pick),
        "nearest fitting org": score(cases, recs, lambda r, c: baseline_pick(r, c, True)),
        "nearest org": score(cases, recs, lambda r, c: baseline_pick(r, c, False)),
    }


def gate_scores(data_dir: Path) -> dict:
    """Dateline's precision and resolved share (for bench/gate.py)."""
    from dateline import load

    s = run(data_dir, load())["Dateline"]
    return {"precision": s["precision"], "resolved": s["resolved"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show-wrong", action="store_true", help="list Dateline's wrong speakers")
    args = parser.parse_args()
    if not (args.data / CORPUS).exists():
        print(f"descriptions bench: no Reuters-21578 at {args.data / CORPUS}; skipped")
        return 0
    from dateline import load

    results = run(args.data, load())
    first = next(iter(results.values()))
    print(
        f"{first['cases']} descriptions judged to name one organisation; "
        f"{first['others']} judged several, unnamed or unclear"
    )
    print(f"{'':22} {'precision':>9} {'resolved':>9} {'right':>7} {'named anyway':>13}")
    for name, s in results.items():
        print(
            f"{name:22} {s['precision']:9.3f} {s['resolved']:9.3f} {s['right']:7.3f} "
            f"{s['named_anyway']:>6} of {s['others']}"
        )
    if args.show_wrong:
        for line in results["Dateline"]["wrong"]:
            print("  wrong:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
