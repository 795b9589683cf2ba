"""Quotes as the pages show them: a row of the query API as a claim card (its sentence,
citation and the outlets that carried its story), and the links every list page shares."""

from __future__ import annotations

import json

from dateline.query import claims
from dateline.web.render import article_path, entity_path, safe_url


def quote_view(row: dict) -> dict:
    """A quote row of the query API, with links to its speaker and its sentence."""
    speaker = None
    if row.get("speaker_id") is not None:
        speaker = {
            "id": row["speaker_id"],
            "name": row.get("speaker"),
            "href": entity_path(row["speaker_id"]),
        }
    view = {
        "id": row["id"],
        "article_id": row["article"],
        "quote_id": row["quote"],
        "kind": row["kind"],
        "act": row.get("act") or "statement",
        "rule": row.get("rule"),
        "text": row["text"],
        "date": row.get("date"),
        "date_from": row.get("date_from"),
        "cue": row.get("cue"),
        "speaker": speaker,
        "source_text": row.get("source") or (None if speaker else row.get("speaker")),
        # Who an unquoted-by-name speaker is: "unnamed" (a description) or "unknown".
        "speaker_kind": row.get("speaker_kind"),
        "affiliation": (
            {"name": row["affiliation"], "href": entity_path(row["affiliation_id"])}
            if row.get("affiliation_id") is not None
            else None
        ),
        "outlet": row.get("outlet"),
        "article_title": row.get("title"),
        "href": article_path(row["article"], row["quote"]),
    }
    if "context" in row:  # a claim card (see cards())
        cite = claims.citation(row)
        view.update(
            key=cite["json"]["key"],
            speaker_title=row.get("speaker_title"),
            context=row["context"],
            url=safe_url(row.get("url")),
            published=row.get("published"),
            citation=cite["text"],
            citation_json=json.dumps(cite["json"], ensure_ascii=False, indent=1),
            carried_by=[
                {
                    "id": c["id"],
                    "outlet": c.get("outlet"),
                    "published": c.get("published"),
                    "href": article_path(c["id"]),
                }
                for c in row.get("carried_by", [])
            ],  # fmt: skip
        )
    return view


def cards(store, rows: list[dict]) -> list[dict]:
    """Quote rows made claim cards: each with its sentence, citation and the other outlets
    that carried its story (read for these rows only: one page)."""
    return claims.with_carriers(store, claims.with_context(store, rows))


def entity_link(row: dict, count_key: str = "n") -> dict:
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row.get("type"),
        "count": row.get(count_key),
        "href": entity_path(row["id"]),
    }


def downloads(href: str, formats: tuple[str, ...]) -> dict[str, str]:
    """Links to a page's twins in ``formats`` and JSON: the same query, another form."""
    sep = "&" if "?" in href else "?"
    return {fmt: f"{href}{sep}format={fmt}" for fmt in ("json", *formats)}
