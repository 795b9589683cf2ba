"""Quotes as the pages show them: a row of the query API as a claim card (its sentence,
citation and the outlets that carried its story), and the links every list page shares.

A card's HTML is built here (:func:`card_html`), not by a Jinja macro: a page shows up to
30 cards, and the macro's attribute lookups, escapes and filters cost more than the rest of
the page's template. Every value is escaped as :func:`markupsafe.escape` escapes it (as the
templates' autoescape would; :func:`escape_text`); each card's control characters are
shown once, as the page's ``finalize`` would show them.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring

from markupsafe import Markup, escape

from dateline.query import claims
from dateline.web.render import (
    Shown,
    article_path,
    entity_path,
    safe_url,
    visible_controls,
)


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
            citation_json=flat_json(cite["json"]),
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


def flat_json(data: dict) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=1)``, the same text, for a flat dict of
    strings, integers, booleans and None (a citation's fields) made by the C string encoder:
    with ``indent`` json falls back to its pure-Python encoder, 70 µs a card. Any other
    value goes to json itself."""
    parts = []
    for key, value in data.items():
        if value is None:
            text = "null"
        elif value is True or value is False:
            text = "true" if value else "false"
        elif type(value) is str:
            text = encode_basestring(value)
        elif type(value) is int:
            text = int.__repr__(value)
        else:
            return json.dumps(data, ensure_ascii=False, indent=1)
        if type(key) is not str:
            return json.dumps(data, ensure_ascii=False, indent=1)
        parts.append(f" {encode_basestring(key)}: {text}")
    return "{\n" + ",\n".join(parts) + "\n}" if parts else "{}"


_DATE_FROM = {"speech": "date said", "article": "article's date"}


try:  # the function markupsafe.escape wraps for a str (C, or its pure-Python fallback)
    from markupsafe import _escape_inner
except ImportError:  # pragma: no cover - another MarkupSafe than the pinned 3.0

    def _escape_inner(text: str) -> str:
        return str(escape(text))


def escape_text(value: object) -> str:
    """:func:`markupsafe.escape` as a plain string: for a ``str``, the escaping function
    markupsafe itself calls, without the ``Markup`` object it makes of the result (a card
    escapes about 30 values); other values go to markupsafe."""
    if type(value) is str:
        return _escape_inner(value)
    return str(escape(value))


def card_html(q: dict) -> Markup:
    """A claim card (a :func:`quote_view`) as the ``<li>`` of a quote list: the quote in its
    sentence (searched words in bold), who said it, how and when, where it was published,
    the outlets that carried it and its citation."""
    e = escape_text
    get = q.get
    context = get("context")
    out = [f'<li class="quote-item claim kind-{e(q["kind"])}" id="claim-{e(q["id"])}">\n  ']
    out.append("<blockquote>")
    if context:
        out.append(f'<span class="kwic before">{e(context["before"])}</span>')
    out.append(f'<a class="claim-quote" href="{e(q["href"])}">')
    segments = get("segments")
    if segments:
        for part in segments:
            out.append(f"<b>{e(part['text'])}</b>" if part["hit"] else e(part["text"]))
    else:
        out.append(e(q["text"]))
    out.append("</a>")
    if context:
        out.append(f'<span class="kwic after">{e(context["after"])}</span>')
    out.append('</blockquote>\n  <div class="meta">\n    ')
    speaker = get("speaker")
    if speaker:
        out.append(f'<a class="speaker" href="{e(speaker["href"])}">{e(speaker["name"])}</a>')
        if get("speaker_title"):
            out.append(f' <span class="speaker-title">({e(q["speaker_title"])})</span>')
        out.append("\n    ")
    elif get("source_text"):
        out.append(f'<span class="speaker unknown">{e(q["source_text"])}</span>')
        kind = get("speaker_kind")
        if kind == "unnamed":
            out.append(' <span class="speaker-kind">(unnamed')
            affiliation = get("affiliation")
            if affiliation:
                out.append(f', for <a href="{e(affiliation["href"])}">{e(affiliation["name"])}</a>')
            out.append(")</span>")
        elif kind == "unknown":
            out.append(' <span class="speaker-kind">(speaker not known)</span>')
        out.append("\n    ")
    else:
        out.append('<span class="speaker unknown">unknown speaker</span>')
    out.append("\n    ")
    if get("cue"):
        out.append(f'<span class="cue">{e(q["cue"])}</span>')
    out.append(f'\n    <span class="kind">{e(q["kind"])}</span>\n    ')
    act = get("act")
    if act and act != "statement":
        out.append(f'<span class="act">{e(act)}</span>')
    out.append("\n    ")
    date = get("date")
    if date:
        out.append(f'<time datetime="{e(date)}">{e(date)}</time>')
        date_from = get("date_from")
        if date_from:
            origin = _DATE_FROM.get(date_from, date_from)
            out.append(
                f' <span class="date-from" title="where the date comes from">({e(origin)})</span>'
            )
    out.append("\n    ")
    if get("outlet"):
        out.append(f'<span class="outlet">{e(q["outlet"])}</span>')
    out.append("\n    ")
    if get("article_title"):
        out.append(
            f'<span class="article-title">in <a href="{e(q["href"])}">'
            f"{e(q['article_title'])}</a></span>"
        )
    out.append("\n    ")
    if get("url"):
        out.append(
            f'<a class="original" href="{e(q["url"])}" '
            'rel="noopener noreferrer nofollow">original</a>'
        )
    out.append("\n  </div>\n  ")
    carried = get("carried_by")
    if carried:
        n = len(carried)
        links = []
        for c in carried:
            link = f'<a href="{e(c["href"])}">{e(c.get("outlet") or c["id"])}</a>'
            if c.get("published"):
                link += f' <span class="count">{e(c["published"])}</span>'
            links.append(link)
        out.append(
            f'<p class="carried">Also carried by {n} outlet{"" if n == 1 else "s"}, earliest '
            f"first: {', '.join(links)}</p>"
        )
    out.append("\n  ")
    if get("citation"):
        qid = e(q["id"])
        out.append(
            '<details class="cite"><summary>Cite</summary>\n'
            f'    <label>Plain text <textarea readonly rows="3" id="cite-text-{qid}">'
            f"{e(q['citation'])}</textarea></label>\n"
            f'    <button type="button" class="copy" data-copy="cite-text-{qid}">'
            "Copy text</button>\n"
            f'    <label>JSON <textarea readonly rows="6" id="cite-json-{qid}">'
            f"{e(q['citation_json'])}</textarea></label>\n"
            f'    <button type="button" class="copy" data-copy="cite-json-{qid}">'
            "Copy JSON</button>\n"
            "  </details>"
        )
    out.append("\n</li>")
    return Shown(visible_controls("".join(out)))


def cards_html(quotes: list[dict]) -> Markup:
    """A quote list's cards (:func:`card_html`), one after another."""
    return Shown("".join([card_html(q) for q in quotes]))


def quote_list_html(quotes: list[dict]) -> Markup:
    """A page's list of claim cards (the templates' ``quote_list``), or its "No quotes."
    A function rather than a macro: a macro's markup is new text to the page's
    ``finalize``, which searched the whole list again for control characters (45 kB on an
    entity page) after each card had been searched; this is :class:`Shown` as it is."""
    if quotes:
        return Shown(f'<ol class="quotes">{cards_html(quotes)}</ol>\n')
    return Shown('<p class="empty">No quotes.</p>')


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
