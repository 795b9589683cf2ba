"""Stored articles back as contract records (docs/record.md), streamed: the store's
own reading of what it wrote (export reads through it; ``dateline.query`` adds the
lookups by id)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateline.store.db import Store

ARTICLE = "SELECT id, url, title, source, published, text, pipeline FROM articles"


def records(store: Store) -> Iterator[dict]:
    """Every stored article as a record, in the order they were added."""
    order = "rowid" if store.dialect == "sqlite" else "ingested_at, id"
    # Collect the ids first: the per-article reads below would otherwise interleave
    # with the open cursor (not allowed for a PostgreSQL named cursor).
    ids = [r["id"] for r in store.iterate(f"SELECT id FROM articles ORDER BY {order}")]
    for aid in ids:
        yield to_record(store, store.one(f"{ARTICLE} WHERE id = ?", (aid,)))


def to_record(store: Store, row: dict) -> dict:
    aid = row["id"]
    mentions: dict[str, list[dict]] = {}
    for m in store.rows(
        "SELECT local_id, start_char, end_char, text FROM mentions WHERE article_id = ? "
        "ORDER BY start_char",
        (aid,),
    ):
        mentions.setdefault(m["local_id"], []).append(
            {"start": m["start_char"], "end": m["end_char"], "text": m["text"]}
        )
    titles: dict[str, list[str]] = {}
    for t in store.rows("SELECT local_id, title FROM titles WHERE article_id = ?", (aid,)):
        titles.setdefault(t["local_id"], []).append(t["title"])
    entities = [
        {
            "id": e["local_id"],
            "name": e["name"],
            "type": e["type"],
            "titles": titles.get(e["local_id"], []),
            "mentions": mentions.get(e["local_id"], []),
            "kb_id": e["entity_id"],
        }
        for e in store.rows(
            "SELECT local_id, name, type, entity_id FROM article_entities WHERE article_id = ?",
            (aid,),
        )
    ]
    entities.sort(key=lambda e: int(e["id"][1:]) if e["id"][1:].isdigit() else 0)
    quotes = [_quote(q) for q in store.rows(
        "SELECT * FROM quotes WHERE article_id = ? ORDER BY id", (aid,))]  # fmt: skip
    times = [
        {
            "id": t["local_id"],
            "start": t["start_char"],
            "end": t["end_char"],
            "text": t["text"],
            "type": t["type"],
            "value": t["value"],
        }  # fmt: skip
        for t in store.rows("SELECT * FROM times WHERE article_id = ?", (aid,))
    ]
    times.sort(key=lambda t: t["start"])
    dateline = _dateline(store.one("SELECT * FROM datelines WHERE article_id = ?", (aid,)))
    pipeline = row.pop("pipeline", None)
    record = {**row, "dateline": dateline, "entities": entities, "quotes": quotes, "times": times}
    if pipeline is not None:  # articles stored before m007 have none: no key
        record["pipeline"] = pipeline
    return record


def _dateline(d: dict | None) -> dict | None:
    if d is None:
        return None
    return {
        "text": d["text"], "start": d["start_char"], "end": d["end_char"], "place": d["place"],
        "place_start": d["place_start"], "place_end": d["place_end"], "date": d["date"],
        "agency": d["agency"], "entity": d["entity_local"], "time": d["time_local"],
    }  # fmt: skip


def _quote(q: dict) -> dict:
    def span(prefix: str) -> dict | None:
        if q[f"{prefix}_start"] is None:
            return None
        return {
            "start": q[f"{prefix}_start"],
            "end": q[f"{prefix}_end"],
            "text": q[f"{prefix}_text"],
        }

    return {
        "id": q["local_id"],
        "kind": q["kind"],
        "start": q["start_char"],
        "end": q["end_char"],
        "text": q["text"],
        "cue": span("cue"),
        "source": span("source"),
        "speaker": _speaker(q),
        "time": q["time_local"],
        # Provenance the record had (quotes stored before m006 have none: no key).
        **(
            {"rule": q["rule"], "act": q["act"], "parent": q["parent_local"]}
            if q["rule"] is not None
            else {}
        ),
        "date": q["date"],
        "kb_speaker": q["speaker_id"],
    }


def _speaker(q: dict) -> dict | None:
    """A stored quote's ``speaker`` as the record had it (quotes stored before m010 have
    only entity and name)."""
    kind = q.get("speaker_kind")
    if not q["speaker_local"] and kind is None:
        return None
    speaker = {"entity": q["speaker_local"] or None, "name": q["speaker_name"]}
    if kind is not None:
        speaker |= {
            "kind": kind,
            "via": q["speaker_via"],
            "confidence": q["speaker_confidence"],
            "description": q["speaker_description"],
            "affiliation": q["affiliation_local"],
        }
    return speaker
