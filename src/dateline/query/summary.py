"""What is in a knowledge base, in a few lines: what `dateline summary` and `make demo` print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.query.api import entities, timeline

if TYPE_CHECKING:
    from dateline.store.db import Store

#: Rows per section of the summary.
TOP = 10
#: Characters of a quote shown in the summary's timeline.
QUOTE_CHARS = 100


def summary(store: Store, top: int = TOP) -> dict:
    """Counts, the most mentioned entities, the most quoted speakers, the top speaker's
    timeline. JSON-ready."""
    counts = store.counts()
    kinds = {
        r["kind"]: r["n"]
        for r in store.rows("SELECT kind, COUNT(*) AS n FROM quotes GROUP BY kind ORDER BY kind")
    }
    span = store.one("SELECT MIN(published) AS first, MAX(published) AS last FROM articles")
    speakers = entities(store, order="quotes", limit=top)
    return {
        **counts,
        "quote_kinds": kinds,
        "published": {"first": span["first"], "last": span["last"]},
        "top_entities": entities(store, limit=top),
        "top_speakers": speakers,
        "timeline": (
            {
                "speaker": speakers[0]["name"],
                "quotes": timeline(store, speakers[0]["id"], limit=top),
            }
            if speakers
            else None
        ),
    }


def format_summary(data: dict) -> str:
    """The summary as readable text."""
    kinds = ", ".join(f"{k} {v}" for k, v in data["quote_kinds"].items()) or "none"
    span = data["published"]
    lines = [
        f"{data['articles']} articles ({span['first'] or '?'} to {span['last'] or '?'}), "
        f"{data['entities']} entities, {data['mentions']} mentions, "
        f"{data['quotes']} quotes ({kinds}), {data['times']} time expressions",
        "",
        "Most mentioned:",
        *(_entity_line(e, e["mentions"]) for e in data["top_entities"]),
    ]
    if data["top_speakers"]:
        lines += ["", "Most quoted:", *(_entity_line(e, e["quotes"]) for e in data["top_speakers"])]
    if data["timeline"]:
        lines += ["", f"Timeline of {data['timeline']['speaker']}:"]
        for q in data["timeline"]["quotes"]:
            text = " ".join(q["text"].split())
            if len(text) > QUOTE_CHARS:
                text = text[: QUOTE_CHARS - 3] + "..."
            lines.append(f"  {q['date'] or 'undated'}  [{q['kind']}] “{text}”")
    if not data["articles"]:
        lines.append("(the knowledge base is empty: add articles with `dateline ingest`)")
    return "\n".join(lines)


def _entity_line(e: dict, n: int) -> str:
    extra = [t["title"] for t in e["titles"][:2]]
    other = [a for a in e["aliases"] if a != e["name"]][:2]
    if other:
        extra.append("also " + ", ".join(other))
    suffix = f"  ({'; '.join(extra)})" if extra else ""
    return f"  {n:5d}  {e['name']} [{e['type']}]{suffix}"
