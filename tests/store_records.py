"""Hand-built contract records for the store, query and KB tests (offsets found, not typed)."""

from __future__ import annotations

from dateline import validate


def span(text: str, surface: str, occurrence: int = 0) -> dict:
    """The span of the ``occurrence``-th ``surface`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return {"start": start, "end": start + len(surface), "text": surface}


def record(
    aid: str,
    text: str,
    entities: list[tuple] = (),
    quotes: list[dict] = (),
    times: list[tuple] = (),
    published: str | None = "2008-04-01",
    source: str | None = "RIA Novosti",
    title: str | None = None,
) -> dict:
    """A valid record. ``entities``: (name, type, [surfaces], [titles]);
    ``quotes``: dicts with content, kind, cue, source, speaker (entity index), time;
    ``times``: (surface, type, value)."""
    ents = []
    for i, (name, type_, surfaces, titles) in enumerate(entities, start=1):
        mentions, seen = [], {}
        for s in surfaces:
            mentions.append(span(text, s, seen.get(s, 0)))
            seen[s] = seen.get(s, 0) + 1
        ents.append({"id": f"e{i}", "name": name, "type": type_, "titles": list(titles),
                     "mentions": mentions})  # fmt: skip
    tms = [
        {"id": f"t{i}", **span(text, s), "type": ty, "value": v}
        for i, (s, ty, v) in enumerate(times, start=1)
    ]
    qs = []
    for i, q in enumerate(quotes, start=1):
        content = span(text, q["content"])
        speaker = q.get("speaker")
        qs.append(
            {
                "id": f"q{i}",
                "kind": q.get("kind", "direct"),
                **content,
                "cue": span(text, q["cue"]) if q.get("cue") else None,
                "source": span(text, q["source"]) if q.get("source") else None,
                "speaker": (
                    {"entity": ents[speaker]["id"], "name": ents[speaker]["name"]}
                    if speaker is not None
                    else None
                ),
                "time": q.get("time"),
            }
        )
    rec = {"id": aid, "url": None, "title": title, "source": source, "published": published,
           "text": text, "entities": ents, "quotes": qs, "times": tms}  # fmt: skip
    validate(rec)
    return rec


LAVROV_TEXT = (
    'Russian Foreign Minister Sergei Lavrov said on Tuesday: "We will continue to oppose '
    'the independence of Kosovo." Lavrov spoke in Moscow after meeting EU officials.'
)


def lavrov(aid: str = "a1", published: str = "2008-04-01") -> dict:
    return record(
        aid,
        LAVROV_TEXT,
        entities=[
            ("Sergei Lavrov", "PERSON", ["Sergei Lavrov", "Lavrov"], ["Russian Foreign Minister"]),
            ("Kosovo", "GPE", ["Kosovo"], []),
            ("Moscow", "GPE", ["Moscow"], []),
            ("EU", "ORG", ["EU"], []),
        ],
        quotes=[
            {
                "content": "We will continue to oppose the independence of Kosovo.",
                "cue": "said",
                "source": "Sergei Lavrov",
                "speaker": 0,
                "time": "t1",
            }
        ],
        times=[("Tuesday", "DATE", published)],
        published=published,
    )


def said(aid: str, name: str, content: str, published: str, title: str = "") -> dict:
    """One article in which the person ``name`` (titled ``title``, if given) said
    ``content``."""
    text = f"{title} {name} said {content}.".strip()
    return record(
        aid,
        text,
        entities=[(name, "PERSON", [name], [title] if title else [])],
        quotes=[{"content": content, "cue": "said", "kind": "indirect", "source": name,
                 "speaker": 0}],
        published=published,
    )  # fmt: skip


def speaker_texts(store, name) -> set[str]:
    """What the speaker ``name`` said, as ``query.quotes`` finds it."""
    from dateline import query

    return {r["text"] for r in query.quotes(store, speaker=name, limit=100)}


def split_apart(store, a: str, b: str) -> None:
    """Record a user's split of the entities named ``a`` and ``b`` (``entity_distinct``)."""
    ids = {r["name"]: r["id"] for r in store.rows("SELECT id, name FROM entities")}
    with store.transaction():
        store.execute("INSERT INTO entity_distinct (a, b) VALUES (?, ?)", (ids[a], ids[b]))
