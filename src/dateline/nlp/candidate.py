"""The ``Candidate``: a quote before speaker resolution, as every quote rule makes it."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token


@dataclass(slots=True)
class Candidate:
    """A quote before speaker resolution: content span, cue span and source token."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    source_tok: Token | None = None
    #: Whether a following cue-less quote may continue this one (speech, not belief).
    continuable: bool = True
    #: The name of the quote rule that made it (``dateline.nlp.rules``).
    rule: str = ""
