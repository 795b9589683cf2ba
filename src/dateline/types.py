"""Typed records that flow between the pipeline stages.

They mirror the record contract in ``docs/record.md``: every span is a pair of
Python string offsets into the article text, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article text."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Entity:
    """A person, organisation or place with all its mentions in one article."""

    id: str
    name: str
    type: str
    titles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "titles": list(self.titles),
            "mentions": [m.to_dict() for m in sorted(self.mentions, key=lambda m: m.start)],
        }


@dataclass(slots=True)
class Quote:
    """A reported statement: its content, cue, source mention and resolved speaker."""

    id: str
    kind: str  # "direct" | "mixed" | "indirect"
    start: int
    end: int
    text: str
    cue: Mention | None = None
    source: Mention | None = None
    speaker: str | None = None  # entity id
    time: str | None = None  # time id
    rule: str = ""  # the quote rule that made it (dateline.nlp.rules)
    act: str = "statement"  # "statement" | "belief" | "intention"
    parent: str | None = None  # the id of the quote this one is nested in
    # How the speaker is known (docs/record.md, "speaker"): set with a source.
    speaker_kind: str | None = None  # "named" | "unnamed" | "unknown"
    via: str | None = None  # name, surname, title, pronoun, description, first_person …
    confidence: float | None = None
    description: str | None = None  # "a Treasury spokesman" for an unnamed speaker
    affiliation: str | None = None  # entity id of whom an unnamed speaker speaks for

    def to_dict(self, names: dict[str, str]) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "cue": self.cue.to_dict() if self.cue else None,
            "source": self.source.to_dict() if self.source else None,
            "speaker": self._speaker(names),
            "time": self.time,
            "rule": self.rule,
            "act": self.act,
            "parent": self.parent,
        }

    def _speaker(self, names: dict[str, str]) -> dict | None:
        """The record's ``speaker``: null when nothing is known of who spoke."""
        if self.speaker is None and self.speaker_kind is None:
            return None
        return {
            "entity": self.speaker,
            "name": names.get(self.speaker) if self.speaker else None,
            "kind": self.speaker_kind or "named",
            "via": self.via,
            "confidence": self.confidence,
            "description": self.description,
            "affiliation": self.affiliation,
        }


@dataclass(slots=True)
class Timex:
    """A TIMEX3 time expression with its value resolved against the article date."""

    id: str
    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
        }
