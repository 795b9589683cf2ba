"""The article renderer: a record's text with its quotes, cues, sources, entities and times marked.

Article text is untrusted. Every character of it goes through :func:`markupsafe.escape`, so
``<script>``, ``onerror=`` and ``javascript:`` in an article are shown as inert text. Tags and
attributes come only from this module; links point to Dateline's own pages, built from ids and
URL-quoted. Spans may nest or cross (an entity inside a quote, a source that overlaps a cue):
the text is cut at every span boundary and the open elements are closed and reopened as needed,
so the HTML is always well nested. A span with bad offsets is dropped, never fatal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape

#: Nesting order when two spans start at the same offset and have the same end: outer first.
_LAYER_RANK = {"quote": 0, "source": 1, "cue": 2, "entity": 3, "time": 4}
#: URL schemes an article's own link may use; anything else (javascript:, data:) is not linked.
SAFE_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Span:
    """One highlighted stretch of the text: its layer, offsets and the element that marks it."""

    layer: str
    start: int
    end: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def key(self) -> tuple:
        return (self.start, -self.end, _LAYER_RANK[self.layer], self.attrs.get("data-id", ""))


#: What HTML must not carry raw: C0 controls but tab, newline and carriage return (a NUL
#: byte is a parse error), DEL, C1 controls and lone surrogates (no UTF-8 for them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


#: The C0 controls but tab, newline and carriage return, and DEL, as UTF-8 bytes.
_C0_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


def _has_control(text: str) -> bool:
    """Whether :data:`_CONTROL` matches in ``text``: in its UTF-8 bytes a C0 control or DEL
    is one byte and a C1 control follows a 0xC2 byte, tests at C speed that spare most
    text the (slower) search; a lone surrogate cannot be encoded."""
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return True
    if len(data.translate(None, _C0_BYTES)) != len(data):
        return True
    return b"\xc2" in data and _CONTROL.search(text) is not None


def _picture(m: re.Match) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the control's own symbol: NUL -> U+2400
    return "\u2421" if code == 0x7F else "\ufffd"


class Shown(Markup):
    """Markup whose control characters are already shown (by :func:`visible_controls`):
    the pages' ``finalize`` passes it as it is instead of searching it again."""

    __slots__ = ()


def visible_controls(value: object) -> object:
    """Text with each control character shown as its symbol (one character for one, so
    offsets hold); other values unchanged. The pages' Jinja ``finalize``: every value a
    template prints passes through it, markup built here included."""
    if (
        not isinstance(value, str)
        or type(value) is Shown
        # printable text has no control (Cc) or surrogate (Cs) character: a C-speed test
        # for most values, another for the rest (line breaks are not "printable")
        or value.isprintable()
        or not _has_control(value)
    ):
        return value
    if isinstance(value, Markup):
        return Markup(_CONTROL.sub(_picture, str(value)))
    return _CONTROL.sub(_picture, value)


def _valid(span: dict | None, size: int) -> bool:
    if not isinstance(span, dict):
        return False
    start, end = span.get("start"), span.get("end")
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size


def quote_label(q: dict, times: dict[str, dict], published: str | None) -> str:
    """'Ban Ki-moon (said) - 2008-04-01': who, how and when, for a tooltip and the quote card."""
    speaker = (q.get("speaker") or {}).get("name") or (q.get("source") or {}).get("text")
    who = speaker or "unknown speaker"
    cue = (q.get("cue") or {}).get("text")
    when = (times.get(q.get("time") or "") or {}).get("value") or published or "undated"
    return f"{who}{f' ({cue})' if cue else ''} - {when}"


def record_spans(
    record: dict, entity_href: Callable[[str], str | None] | None = None
) -> list[Span]:
    """Every highlightable span of a record, with bad offsets dropped.

    ``entity_href(local_id)`` gives the page of an article entity (or None for no link).
    """
    size = len(record.get("text") or "")
    times = {t.get("id"): t for t in record.get("times") or [] if isinstance(t, dict)}
    entities = {e.get("id"): e for e in record.get("entities") or [] if isinstance(e, dict)}
    published = record.get("published")
    spans: list[Span] = []
    for q in record.get("quotes") or []:
        if not _valid(q, size):
            continue
        qid = str(q.get("id", ""))
        kind = str(q.get("kind", ""))
        spans.append(
            Span(
                "quote",
                q["start"],
                q["end"],
                "mark",
                {
                    "class": f"quote quote-{kind}",
                    "data-id": qid,
                    "data-quote": qid,
                    "tabindex": "0",
                    "title": quote_label(q, times, published),
                },
            )
        )
        for part in ("cue", "source"):
            if _valid(q.get(part), size):
                sub = q[part]
                spans.append(
                    Span(part, sub["start"], sub["end"], "span", {"class": part, "data-quote": qid})
                )
    for eid, e in entities.items():
        href = entity_href(str(eid)) if entity_href else None
        etype = str(e.get("type", ""))
        for m in e.get("mentions") or []:
            if _valid(m, size):
                attrs = {
                    "class": f"entity entity-{etype.lower()}",
                    "data-entity": str(eid),
                    "title": f"{e.get('name', '')} ({etype})",
                }
                if href:
                    attrs["href"] = href
                spans.append(Span("entity", m["start"], m["end"], "a" if href else "span", attrs))
    for tid, t in times.items():
        if _valid(t, size):
            spans.append(
                Span(
                    "time",
                    t["start"],
                    t["end"],
                    "span",
                    {
                        "class": "timex",
                        "data-time": str(tid),
                        "title": f"{t.get('type', '')} {t.get('value', '')}".strip(),
                    },
                )
            )
    return spans


def _open(span: Span, first: bool, in_link: bool) -> str:
    tag = span.tag
    attrs = dict(span.attrs)
    if tag == "a" and in_link:  # a link inside a link is invalid HTML: mark it without linking
        tag = "span"
        attrs.pop("href", None)
    if span.layer == "quote" and first:
        attrs["id"] = span.attrs["data-id"]  # the sentence's anchor: /article/ID#q3
    parts = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
    return f"<{tag}{parts}>"


def _close(span: Span, in_link: bool) -> str:
    return f"</{'span' if span.tag == 'a' and in_link else span.tag}>"


def render_text(text: str, spans: list[Span]) -> Markup:
    """``text`` escaped, with each span wrapped in its element, always well nested."""
    size = len(text)
    spans = sorted((s for s in spans if 0 <= s.start < s.end <= size), key=Span.key)
    cuts = sorted({0, size, *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[Span] = []
    linked: list[bool] = []  # per stack entry: was an <a> already open below it?
    opened: set[int] = set()  # ids of spans already opened once (their anchor is placed)
    active: list[Span] = []  # spans covering the current piece, in nesting order
    upcoming = iter(spans)
    nxt = next(upcoming, None)
    for left, right in zip(cuts, cuts[1:], strict=False):
        # Every start is a cut, so spans join exactly here; they start last, so appending
        # them in key order keeps ``active`` in nesting order.
        active = [s for s in active if s.end > left]
        while nxt is not None and nxt.start == left:
            active.append(nxt)
            nxt = next(upcoming, None)
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(_close(stack.pop(), linked.pop()))
        for span in active[keep:]:
            in_link = any(s.tag == "a" for s in stack)
            out.append(_open(span, id(span) not in opened, in_link))
            opened.add(id(span))
            stack.append(span)
            linked.append(in_link)
        out.append(str(escape(text[left:right])))
    while stack:
        out.append(_close(stack.pop(), linked.pop()))
    return Markup("".join(out))


def render_article(record: dict, entity_href: Callable[[str], str | None] | None = None) -> Markup:
    """The record's text as safe HTML with every annotation highlighted."""
    text = record.get("text") or ""
    if not isinstance(text, str):
        return Markup("")
    return render_text(text, record_spans(record, entity_href))


def safe_url(url: object) -> str | None:
    """``url`` when it is an http(s) link, else None: an article's own URL is untrusted."""
    if isinstance(url, str) and url.strip().lower().startswith(SAFE_SCHEMES):
        return url.strip()
    return None


#: What ``urlquote(value, safe="")`` leaves as it is: letters, digits and ``_.-~``.
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~-]*")


def _path_part(value: object) -> str:
    """``urlquote(str(value), safe="")``: the value as one path segment; an id of letters,
    digits and ``_.-~`` (most) is already one and is not run through the quoting."""
    text = str(value)
    return text if _UNRESERVED.fullmatch(text) else urlquote(text, safe="")


def entity_path(entity_id: object) -> str:
    """The page of a knowledge-base entity."""
    return f"/entity/{_path_part(entity_id)}"


def article_path(article_id: object, quote_id: object | None = None) -> str:
    """The page of an article, optionally at one quote's sentence."""
    path = f"/article/{_path_part(article_id)}"
    return f"{path}#{_path_part(quote_id)}" if quote_id else path


def article_html(record: dict) -> Markup:
    """A stored article (``dateline.query.article``) as HTML, entities linked to their pages."""
    kb = {e.get("id"): e.get("kb_id") for e in record.get("entities") or [] if isinstance(e, dict)}

    def href(local_id: str) -> str | None:
        return entity_path(kb[local_id]) if kb.get(local_id) is not None else None

    return render_article(record, href)
