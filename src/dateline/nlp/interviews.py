"""Question-and-answer interviews: who "I" is in the answers.

An interview printed as questions and answers ("What inspired you …?" / "Santorum the
person has been in the news …", or "Q: …" / "A: …") gives its answers without the
speaker's name: the interviewee speaks, and "I" in an answer is that person. An
article is read as an interview when its headline (the first paragraph) announces one
("Wikinews interviews …", "Q&A with …", "… tells Wikinews"; listed in
``interview_headlines``) and a question (a paragraph ending in a question mark, or
labelled "Q:") is followed by an answer at least ``MIN_EXCHANGES`` times: an op-ed asks
its readers questions too. The interviewee is the one person the headline names, not
as its topic ("… interviews New York bar owner on Santorum cocktail" names no
interviewee); a headline with two people ("… interviews Mario J. Lucero and Isabel
Ruiz") or none names no one, and "I" then stays unresolved.

Each answer is also a statement of the interviewee: ``turns`` gives them as spans, one
per run of answer paragraphs, and the quote stage reports each as an indirect quote
with no cue or source mention and the interviewee as speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from dateline import lexicons
from dateline.types import Entity

#: Fewest question-then-answer pairs of an interview.
MIN_EXCHANGES = 2
#: Longest line (words) without closing punctuation that is a heading, not an answer.
MAX_HEADING = 3
_CLOSERS = frozenset('.!?"”’)…')
#: Marks that open or close a quotation inside an answer.
_MARKS = ('"', "“", "”", "«", "»")


@dataclass
class Interview:
    """The answers of a Q&A interview (character spans) and the person who gives them."""

    answers: list[tuple[int, int]]
    interviewee: Entity | None

    def answers_at(self, text: str, pos: int) -> bool:
        """Whether ``pos`` is in an answer, outside any quotation the answer holds."""
        starts = [s for s, _ in self.answers]
        k = bisect_right(starts, pos) - 1
        if k < 0 or pos >= self.answers[k][1]:
            return False
        before = text[self.answers[k][0] : pos]
        return sum(before.count(m) for m in _MARKS) % 2 == 0

    def turns(self, text: str) -> list[tuple[int, int]]:
        """The interviewee's answers, one span per run of answer paragraphs between two
        questions; a closing heading ("Sources", "External links") is no answer."""
        out: list[tuple[int, int]] = []
        for start, end in self.answers:
            line = text[start:end].strip()
            if len(line.split()) <= MAX_HEADING and line[-1:] not in _CLOSERS:
                continue
            gap = text[out[-1][1] : start] if out else ""
            if out and not gap.strip():
                out[-1] = (out[-1][0], end)
            else:
                out.append((start, end))
        return out


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


#: "Q: …" / "A: …" labels of a printed interview (a question may not end in "?").
_QUESTION = re.compile(r"\s*[\"“]?Q[:.]\s")
_ANSWER = re.compile(r"\s*[\"“]?A[:.]\s+")


def _asks(line: str) -> bool:
    return line.rstrip().endswith("?") or bool(_QUESTION.match(line))


def _past_label(text: str, start: int, end: int) -> tuple[int, int]:
    """An answer paragraph without its "A:" label."""
    label = _ANSWER.match(text, start, end)
    return (label.end(), end) if label else (start, end)


def read(text: str, entities: list[Entity]) -> Interview | None:
    """The interview ``text`` holds, or None when it is no Q&A interview."""
    paras = _paragraphs(text)
    if len(paras) < 3:
        return None
    asks = [_asks(text[s:e]) for s, e in paras]
    answers = [
        _past_label(text, *paras[i])
        for i in range(1, len(paras))
        if not asks[i] and any(asks[j] for j in range(1, i))  # after the first question
    ]
    exchanges = sum(1 for i in range(1, len(paras) - 1) if asks[i] and not asks[i + 1])
    headline = text[paras[0][0] : paras[0][1]].lower()
    words = set(re.findall(r"[\w&]+", headline))
    # An op-ed asks its readers questions too: only a headline that announces an
    # interview makes one.
    if exchanges < MIN_EXCHANGES or not words & lexicons.load("interview_headlines"):
        return None
    return Interview(answers, _interviewee(text, paras[0][1], entities))


#: Words before a name in a headline that make it the topic, not the person interviewed:
#: "… interviews New York bar owner on Santorum cocktail".
_TOPIC_WORDS = frozenset({"on", "about", "over", "regarding", "of", "for", "against"})


def _interviewee(text: str, end: int, entities: list[Entity]) -> Entity | None:
    """The one person the headline (text up to ``end``) names as interviewed, or None:
    a name after "on"/"about" is the topic, and two names ("Mario J. Lucero and Isabel
    Ruiz") name no single interviewee."""
    named: dict[str, Entity] = {}
    for e in entities:
        for m in e.mentions:
            if m.end > end or e.type != "PERSON":
                continue
            before = text[: m.start].split()[-1:]
            if before and before[0].lower() in _TOPIC_WORDS:
                continue
            after = text[m.end : end].split()[:2]
            if after[:1] == ["and"] and after[1:2] and after[1][:1].isupper():
                return None
            named[e.id] = e
    return next(iter(named.values())) if len(named) == 1 else None
