"""One contract record (docs/record.md) -> rows, inside the caller's transaction."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.kb.derived import count_article, count_entity_article
from dateline.kb.resolve import Resolver

if TYPE_CHECKING:
    from dateline.store.db import Store

# Keep the earliest/latest non-null date in an upsert (portable: no MIN/LEAST of two values).
_EARLIER = (
    "CASE WHEN excluded.first IS NOT NULL AND (entity_titles.first IS NULL "
    "OR excluded.first < entity_titles.first) THEN excluded.first ELSE entity_titles.first END"
)
_LATER = (
    "CASE WHEN excluded.last IS NOT NULL AND (entity_titles.last IS NULL "
    "OR excluded.last > entity_titles.last) THEN excluded.last ELSE entity_titles.last END"
)

#: A time value that dates a speech act to a day (TIMEX3 DATE values like 2008-04-01).
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def speech_date(
    quote: dict, times: dict[str, dict], published: str | None
) -> tuple[str | None, str | None]:
    """(date, where it came from): the quote's own time expression if it names a day,
    else the article's date, else unknown."""
    time = times.get(quote.get("time") or "")
    if time and _DAY.match(time.get("value") or ""):
        return time["value"], "speech"
    if published:
        return published, "article"
    return None, None


#: What no store can hold as text: a lone surrogate (what ``surrogateescape`` decoding
#: leaves for a bad byte: no driver can encode it) and NUL (PostgreSQL text refuses it).
#: Either would cost the whole article; both backends replace them alike.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(value):
    """``value`` (a record or any part of it) with each lone surrogate and NUL replaced by
    U+FFFD: one code point for one, so every offset still holds."""
    if isinstance(value, str):
        return _UNSTORABLE.sub("\ufffd", value) if _UNSTORABLE.search(value) else value
    if isinstance(value, dict):
        return {k: storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [storable(v) for v in value]
    return value


def checked(record: dict) -> tuple[dict, str]:
    """The record as the store can hold it, and its article id; ValueError when it has no
    id or no text."""
    record = storable(record)
    aid = record["id"]
    if not isinstance(aid, str) or not aid:
        raise ValueError("record has no id")
    if not isinstance(record["text"], str):
        raise ValueError("record text is not a string")
    return record, aid


def insert_record(store: Store, resolver: Resolver, record: dict, ingested_at: str) -> None:
    """Insert one new article with its entities, mentions, titles, times and quotes."""
    record, aid = checked(record)
    store.execute(
        "INSERT INTO articles (id, url, title, source, published, text, ingested_at, pipeline) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            aid,
            record.get("url"),
            record.get("title"),
            record.get("source"),
            record.get("published"),
            record["text"],
            ingested_at,
            record.get("pipeline"),
        ),
    )
    count_article(store, record.get("published"), 1)
    insert_annotations(store, resolver, record)


def insert_annotations(store: Store, resolver: Resolver, record: dict) -> None:
    """Everything of one record but its ``articles`` row, which the caller has written
    (:mod:`dateline.store.replace` updates that row in place)."""
    record = storable(record)
    aid = record["id"]
    _insert_dateline(store, aid, record.get("dateline"))
    local_to_kb: dict[str, int] = {}
    mention_rows, title_rows = [], []
    for entity in record["entities"]:
        eid = resolver.resolve(entity)
        local_to_kb[entity["id"]] = eid
        store.execute(
            "INSERT INTO article_entities (article_id, local_id, entity_id, name, type, n_mentions)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (aid, entity["id"], eid, entity["name"], entity["type"], len(entity["mentions"])),
        )
        store.execute(
            "UPDATE entities SET n_articles = n_articles + 1, n_mentions = n_mentions + ? "
            "WHERE id = ?",
            (len(entity["mentions"]), eid),
        )
        # The article counts once per entity on its day and outlet: at the entity's first
        # row here (a join made while resolving recounts what it moves).
        if (
            store.scalar(
                "SELECT COUNT(*) FROM article_entities WHERE article_id = ? AND entity_id = ?",
                (aid, eid),
            )
            == 1
        ):
            count_entity_article(store, eid, record.get("published"), record.get("source"))
        store.execute(
            "INSERT INTO entity_names (entity_id, name, n) VALUES (?, ?, 1) "
            "ON CONFLICT (entity_id, name) DO UPDATE SET n = entity_names.n + 1",
            (eid, entity["name"]),
        )
        mention_rows += [
            (aid, entity["id"], m["start"], m["end"], m["text"]) for m in entity["mentions"]
        ]
        title_rows += [(aid, entity["id"], t) for t in dict.fromkeys(entity.get("titles") or ())]
    store.executemany(
        "INSERT INTO mentions (article_id, local_id, start_char, end_char, text) "
        "VALUES (?, ?, ?, ?, ?)",
        mention_rows,
    )
    store.executemany(
        "INSERT INTO titles (article_id, local_id, title) VALUES (?, ?, ?)", title_rows
    )
    published = record.get("published")
    store.executemany(
        "INSERT INTO entity_titles (entity_id, title, first, last, n) VALUES (?, ?, ?, ?, 1) "
        "ON CONFLICT (entity_id, title) DO UPDATE SET n = entity_titles.n + 1, "
        f"first = {_EARLIER}, last = {_LATER}",
        [(local_to_kb[local], title, published, published) for _, local, title in title_rows],
    )
    kb_ids = sorted(set(local_to_kb.values()))
    store.executemany(
        "INSERT INTO entity_pairs (a, b, n) VALUES (?, ?, 1) "
        "ON CONFLICT (a, b) DO UPDATE SET n = entity_pairs.n + 1",
        [(a, b) for a in kb_ids for b in kb_ids if a != b],
    )
    times = {t["id"]: t for t in record["times"]}
    store.executemany(
        "INSERT INTO times (article_id, local_id, start_char, end_char, text, type, value) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (aid, t["id"], t["start"], t["end"], t["text"], t["type"], t["value"])
            for t in record["times"]
        ],
    )
    for quote in record["quotes"]:
        _insert_quote(store, record, quote, times, local_to_kb)


def _insert_dateline(store: Store, aid: str, dateline: dict | None) -> None:
    if dateline is None:
        return
    store.execute(
        "INSERT INTO datelines (article_id, text, start_char, end_char, place, place_start, "
        "place_end, date, agency, entity_local, time_local) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (aid, dateline["text"], dateline["start"], dateline["end"], dateline["place"],
         dateline["place_start"], dateline["place_end"], dateline["date"], dateline["agency"],
         dateline["entity"], dateline["time"]),
    )  # fmt: skip


def _insert_quote(
    store: Store, record: dict, quote: dict, times: dict[str, dict], local_to_kb: dict[str, int]
) -> None:
    cue, source, speaker = quote.get("cue"), quote.get("source"), quote.get("speaker")
    date, date_from = speech_date(quote, times, record.get("published"))
    speaker_local = speaker["entity"] if speaker else None
    qid = store.scalar(
        "INSERT INTO quotes (article_id, local_id, kind, start_char, end_char, text, "
        "cue_start, cue_end, cue_text, source_start, source_end, source_text, "
        "speaker_local, speaker_name, speaker_id, time_local, date, date_from, outlet, "
        "rule, act, parent_local, speaker_kind, speaker_via, speaker_confidence, "
        "speaker_description, affiliation_local) "
        f"VALUES ({', '.join('?' * 27)}) RETURNING id",
        (
            record["id"],
            quote["id"],
            quote["kind"],
            quote["start"],
            quote["end"],
            quote["text"],
            cue["start"] if cue else None,
            cue["end"] if cue else None,
            cue["text"] if cue else None,
            source["start"] if source else None,
            source["end"] if source else None,
            source["text"] if source else None,
            speaker_local,
            speaker.get("name") if speaker else None,
            local_to_kb.get(speaker_local) if speaker_local else None,
            quote.get("time"),
            date,
            date_from,
            record.get("source"),
            quote.get("rule"),
            quote.get("act"),
            quote.get("parent"),
            # How the speaker is known (record speaker.kind …, m010); older records: none.
            *(
                (speaker or {}).get(key)
                for key in ("kind", "via", "confidence", "description", "affiliation")
            ),
        ),
    )
    if speaker_local in local_to_kb:
        store.execute(
            "UPDATE entities SET n_quotes = n_quotes + 1 WHERE id = ?",
            (local_to_kb[speaker_local],),
        )
    about = {
        local_to_kb[e["id"]]
        for e in record["entities"]
        if any(quote["start"] <= m["start"] and m["end"] <= quote["end"] for m in e["mentions"])
    }
    store.executemany(
        "INSERT INTO quote_entities (entity_id, quote_id, date) VALUES (?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        [(eid, qid, date) for eid in sorted(about)],
    )
