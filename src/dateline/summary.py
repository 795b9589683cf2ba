"""A readable summary of a set of records: what ``make demo`` prints."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

#: How many rows each section of the summary shows.
TOP = 10


def summarize(records: Iterable[dict], top: int = TOP) -> str:
    """Articles, people and organisations found, and quotes with speakers and dates."""
    n_articles = 0
    people: Counter = Counter()
    orgs: Counter = Counter()
    titles: dict[str, set[str]] = {}
    speakers: Counter = Counter()
    kinds: Counter = Counter()
    n_times = 0
    examples: list[str] = []
    for record in records:
        n_articles += 1
        n_times += len(record["times"])
        times = {t["id"]: t for t in record["times"]}
        for entity in record["entities"]:
            counter = people if entity["type"] == "PERSON" else orgs
            counter[entity["name"]] += len(entity["mentions"])
            titles.setdefault(entity["name"], set()).update(entity["titles"])
        for quote in record["quotes"]:
            kinds[quote["kind"]] += 1
            name = quote["speaker"]["name"] if quote["speaker"] else None
            if name:
                speakers[name] += 1
            if name and len(examples) < top:
                when = (
                    times[quote["time"]]["value"]
                    if quote["time"] in times
                    else (record["published"] or "undated")
                )
                text = quote["text"] if len(quote["text"]) <= 100 else quote["text"][:97] + "..."
                examples.append(f"  [{when}] {name}: “{text}”")
    lines = [
        f"{n_articles} articles, {sum(kinds.values())} quotes "
        f"({', '.join(f'{k} {v}' for k, v in kinds.most_common()) or 'none'}), "
        f"{n_times} time expressions",
        "",
        f"People ({len(people)}), most mentioned:",
        *_rows(people, titles, top),
        "",
        f"Organisations and places ({len(orgs)}), most mentioned:",
        *_rows(orgs, titles, top),
    ]
    if speakers:
        lines += [
            "",
            "Most quoted:",
            *(f"  {n:4d}  {name}" for name, n in speakers.most_common(top)),
        ]
    if examples:
        lines += ["", "Quotes:", *examples]
    return "\n".join(lines)


def _rows(counter: Counter, titles: dict[str, set[str]], top: int) -> list[str]:
    rows = []
    for name, n in counter.most_common(top):
        extra = sorted(titles.get(name) or ())
        rows.append(f"  {n:4d}  {name}" + (f"  ({'; '.join(extra[:2])})" if extra else ""))
    return rows
