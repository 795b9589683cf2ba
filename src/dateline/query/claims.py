"""Claim cards: a quote as a researcher cites it. The sentence around it (keyword in
context), a citation in plain text and JSON, and the outlets that carried the same story
(as :mod:`dateline.query.syndication` links them), earliest first; and quote lists with syndicated
copies of one statement grouped into one row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.query import syndication
from dateline.query.formats import quote_key

if TYPE_CHECKING:
    from dateline.store.db import Store

#: Most characters of context shown on each side of a quote.
CONTEXT_CHARS = 300
#: Where a sentence ends: terminal punctuation (and closing quotes or brackets) then space,
#: or a blank line.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")


def sentence_context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> dict:
    """The sentence(s) holding ``text[start:end]``: ``before``, ``quote`` and ``after``,
    each side cut at a sentence boundary within ``width`` characters (else at a word,
    with "…")."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    lo = max(0, start - width)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    if ends:
        first, cut_before = ends[-1], False
    else:
        first, cut_before = lo, lo > 0
        if cut_before and " " in text[lo:start]:
            first = lo + text[lo:start].index(" ") + 1
    hi = min(len(text), end + width)
    m = _SENTENCE_END.search(text, end, hi)
    if m:
        last, cut_after = m.start() + 1, False
    else:
        last, cut_after = hi, hi < len(text)
        if cut_after and " " in text[end:hi]:
            last = end + text[end:hi].rindex(" ")
    before, after = _flat(text[first:start]), _flat(text[end:last])
    return {
        "before": ("… " if cut_before else "") + before,
        "quote": text[start:end],
        "after": after + (" …" if cut_after else ""),
    }


_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def _flat(text: str) -> str:
    """Runs of white space (line breaks included) as one space, the ends kept as spaces."""
    return _SPACES.sub(" ", text)


def with_context(store: Store, rows: list[dict]) -> list[dict]:
    """``rows`` (quote rows) each with its ``context`` (:func:`sentence_context`)."""
    ids = sorted({r["article"] for r in rows})
    texts: dict[str, str] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        for a in store.rows(f"SELECT id, text FROM articles WHERE id IN ({marks})", chunk):
            texts[a["id"]] = a["text"]
    for r in rows:
        text = texts.get(r["article"], "")
        r["context"] = sentence_context(text, r["start_char"], r["end_char"])
    return rows


def citation(row: dict) -> dict:
    """A quote row's citation: ``text`` (one line to paste) and ``json`` (its fields)."""
    who = row.get("speaker") or row.get("source") or "Unknown speaker"
    if row.get("speaker_title"):
        who += f" ({row['speaker_title']})"
    words = " ".join((row.get("text") or "").split())
    where = ", ".join(
        v for v in (f"“{row['title']}”" if row.get("title") else None, row.get("outlet")) if v
    )
    date = row.get("date") or row.get("published") or "undated"
    text = f"{who}, {row.get('cue') or 'quoted'}: “{words}”. {where + ', ' if where else ''}{date}."
    if row.get("url"):
        text += f" {row['url']}"
    text += f" [Dateline quote {quote_key(row)}]"
    data = {
        "key": quote_key(row),
        "quote": words,
        "speaker": row.get("speaker"),
        "speaker_id": row.get("speaker_id"),
        "speaker_title": row.get("speaker_title"),
        "cue": row.get("cue"),
        "act": row.get("act"),
        "date": row.get("date"),
        "date_from": row.get("date_from"),
        "outlet": row.get("outlet"),
        "title": row.get("title"),
        "url": row.get("url"),
        "article": row.get("article"),
        "start_char": row.get("start_char"),
        "end_char": row.get("end_char"),
    }
    return {"text": text, "json": data}


def with_carriers(store: Store, rows: list[dict]) -> list[dict]:
    """``rows`` each with ``carried_by``: the other stored copies of its article's story
    (id, outlet, published, url, title), earliest first; [] when carried once.

    Two reads for the whole list (the clusters' roots, then their members) rather than
    :func:`~dateline.query.syndication.carried_by`'s three per article: a page of cards
    would otherwise cost 60 reads."""
    root_of = syndication.roots(store, sorted({r["article"] for r in rows}))
    clusters = syndication.members(store, sorted(set(root_of.values())))
    for r in rows:
        cluster = clusters.get(root_of.get(r["article"], r["article"]), [])
        r["carried_by"] = [{**m, "outlet": m["source"]} for m in cluster if m["id"] != r["article"]]
    return rows


def _words(text: str) -> str:
    return " ".join(_WORD.findall((text or "").lower()))


def group_syndicated(store: Store, rows: list[dict]) -> list[dict]:
    """One row per statement: quotes with the same words in syndicated copies of one story
    become the row of its earliest copy, with ``copies`` (how many stored quotes it
    stands for) and ``outlets`` (each copy's outlet, earliest first). Order kept."""
    keys = syndication.group_keys(store, [r["article"] for r in rows])
    groups: dict[tuple, list[dict]] = {}  # in the order of each group's first row
    for r in rows:
        groups.setdefault((keys.get(r["article"], r["article"]), _words(r["text"])), []).append(r)
    out = []
    for members in groups.values():
        copies = sorted(members, key=_earliest)
        first = {**copies[0], "copies": len(copies)}
        first["outlets"] = [m.get("outlet") for m in copies]
        out.append(first)
    return out


def _earliest(row: dict) -> tuple:
    return (row.get("published") is None, row.get("published") or "", row["article"])


__all__ = [
    "citation",
    "group_syndicated",
    "sentence_context",
    "with_carriers",
    "with_context",
]
