"""Shared by the quote tests: what a reader checks of each quote."""

from __future__ import annotations


def quotes_of(nlp, text: str) -> list[tuple]:
    """(kind, content, cue text, speaker name) of each quote the pipeline finds in ``text``."""
    doc = nlp(text)
    names = {e.id: e.name for e in doc._.entities}
    return [
        (q.kind, q.text, q.cue.text if q.cue else None, names.get(q.speaker)) for q in doc._.quotes
    ]
