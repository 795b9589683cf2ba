"""Question-and-answer interviews: who "I" is in the answers.

An interview printed as questions and answers ("What inspired you …?" / "Santorum the
person has been in the news …", or "Q: …" / "A: …") gives its answers without the
speaker's name: the interviewee speaks, and "I" in an answer is that person. An
article is read as an interview when its headline (the first paragraph) announces one
("Wikinews interviews …", "Q&A with …", "… tells Wikinews"; listed in
``interview_headlines``), or a lead before the first question does ("On Saturday,
Wikinews interviewed Tina McKenzie, …" under a bare date line; "Andrew Westphal is the
director of Stardust@home. Wikinews interviewed him for …" after an introduction: the
one person that paragraph names before "him"), and a question (a paragraph ending in a
question mark, or labelled "Q:") is followed by an answer at least ``MIN_EXCHANGES``
times: an op-ed asks its readers questions too. The interviewee is the one person the
headline names, not as its topic ("… interviews New York bar owner on Santorum cocktail" names no
interviewee); a headline with two people ("… interviews Mario J. Lucero and Isabel
Ruiz") or none names no one, and "I" then stays unresolved. Where the model saw no name
in the headline, a person of the article is named by a surname the headline holds
("… interviews Marymegan Daly on …" -> Daly) or by a title ("… interviews President of
the International Brotherhood of Magicians" -> William Evans); where the model saw the
person nowhere, the headline's one run of two to four capitalised words outside a topic
phrase, named again below by its last word, becomes a new person ("… interviews Israeli
mathematician and writer Aner Shalev"). A Q&A nobody announces is an interview when
three of its questions or more ask "you" and are answered in the first person, and one
person is named in the headline, or else before the first question (a caption naming
Shimon Peres over "Mr. President, … do you still think …?").

Each answer is also a statement of the interviewee: ``turns`` gives them as spans, one
per run of answer paragraphs, and the quote stage reports each as an indirect quote
with no cue or source mention and the interviewee as speaker.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from dateline import lexicons
from dateline.types import Entity, Mention

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


#: A "Q" label run into its question where the page set it in bold ("QLast October, …"):
#: a question only when an "A:" answer follows, since "QAnon …" opens a sentence too.
_GLUED_QUESTION = re.compile(r"\s*Q(?=[A-Z][a-z])")


def _asks(line: str, reply: str = "") -> bool:
    """Whether a paragraph is a question; ``reply`` is the paragraph after it."""
    if line.rstrip().endswith("?") or _QUESTION.match(line):
        return True
    return bool(_GLUED_QUESTION.match(line) and _ANSWER.match(reply))


def _past_label(text: str, start: int, end: int) -> tuple[int, int]:
    """An answer paragraph without its "A:" label."""
    label = _ANSWER.match(text, start, end)
    return (label.end(), end) if label else (start, end)


def read(text: str, entities: list[Entity]) -> Interview | None:
    """The interview ``text`` holds, or None when it is no Q&A interview."""
    paras = _paragraphs(text)
    if len(paras) < 3:
        return None
    texts = [text[s:e] for s, e in paras]
    asks = [_asks(line, reply) for line, reply in zip(texts, [*texts[1:], ""], strict=True)]
    first = next((j for j in range(1, len(paras)) if asks[j]), len(paras))
    answers = [
        _past_label(text, *paras[i])
        for i in range(first + 1, len(paras))  # after the first question
        if not asks[i]
    ]
    exchanges = sum(1 for i in range(1, len(paras) - 1) if asks[i] and not asks[i + 1])
    if exchanges < MIN_EXCHANGES:
        return None
    headline = paras[0]
    # An op-ed asks its readers questions too: only a headline that announces an
    # interview makes one, or a lead that says who was interviewed ("Friday, January 3 /
    # On Saturday, Wikinews interviewed Tina McKenzie, …").
    if _words(text, headline) & lexicons.load("interview_headlines"):
        who = _interviewee(text, headline, entities)
    else:
        # A lead before the first question that announces the interview: the
        # paragraph under the date line, or one after an introduction ("Andrew
        # Westphal is the director of … Wikinews interviewed him for …").
        leads = [p for p in paras[1:first] if _words(text, p) & _LEAD_WORDS]
        if not leads:
            return _unannounced(text, paras, asks, first, answers, entities)
        who = next(
            (w for lead in leads if (w := _named_after(text, lead, entities)) is not None),
            None,
        )
        if who is None:
            who = next(
                (w for lead in leads if (w := _taken_up(text, lead, entities)) is not None),
                None,
            )
    return Interview(answers, who)


#: Question-and-answer pairs an interview nobody announces needs, each a question to
#: "you" answered in the first person.
UNANNOUNCED_EXCHANGES = 3
_SECOND_PERSON = frozenset({"you", "your", "yours", "yourself"})
_FIRST_PERSON = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our"})
#: A photo credit before a name ("Image: David Shankbone."): the photographer.
_CREDIT = re.compile(r"(?:image|photo|photograph|picture|credit)s?(?:\s+by)?\s*:?\s*$", re.I)


def _unannounced(
    text: str,
    paras: list[tuple[int, int]],
    asks: list[bool],
    first: int,
    answers: list[tuple[int, int]],
    entities: list[Entity],
) -> Interview | None:
    """An interview neither headline nor lead announces ("The future of the peace process
    in Israel" / a caption naming Shimon Peres / "Mr. President, …, do you still think
    …?" / "The future is only peace. … Why do I say peace?"): at least
    ``UNANNOUNCED_EXCHANGES`` questions to "you" each answered in the first person, and
    one person, not a photographer, named before the first question. An op-ed that asks
    its readers questions and answers them itself names no one there, or several. The
    one person the headline names comes first ("Laura Bush sees 'Hope,' help for Afghan
    women" over a lead that names Donald Trump too)."""
    addressed = 0
    for i in range(first, len(paras) - 1):
        if asks[i] and not asks[i + 1]:
            asked, told = _words(text, paras[i]), _words(text, paras[i + 1])
            addressed += bool(asked & _SECOND_PERSON and told & _FIRST_PERSON)
    if addressed < UNANNOUNCED_EXCHANGES:
        return None
    for before in (paras[0][1], paras[first][0]):
        named = {
            e.id: e
            for e in entities
            if e.type == "PERSON"
            for m in e.mentions
            if m.end <= before
            and not _CREDIT.search(text[max(0, m.start - 20) : m.start])
            and not _in_marks(text, m)  # "Laura Bush sees 'Hope,' help for …"
        }
        if len(named) == 1:
            return Interview(answers, next(iter(named.values())))
    return None


def _words(text: str, span: tuple[int, int]) -> set[str]:
    return set(re.findall(r"[\w&]+", text[span[0] : span[1]].lower()))


#: Words of a lead paragraph that announce the interview below it; "tells" or "talks"
#: in a lead are too common in news to count.
_LEAD_WORDS = frozenset({"interview", "interviews", "interviewed"})

#: Marks around a name in a headline that make it a nickname or a title, not a person.
_NICKNAME_MARKS = frozenset({"'", "‘", "’", '"', "“", "”"})

#: Words before a name in a headline that make it the topic, not the person interviewed:
#: "… interviews New York bar owner on Santorum cocktail".
_TOPIC_WORDS = frozenset({"on", "about", "over", "regarding", "of", "for", "against"})


def _in_marks(text: str, m: Mention) -> bool:
    """Whether a mention stands in quotation marks ("the 'Mets Poet'", "'Hope,'"): a
    nickname or a title, not a person."""
    after = text[m.end : m.end + 2].lstrip(",.")
    return text[m.start - 1 : m.start] in _NICKNAME_MARKS and after[:1] in _NICKNAME_MARKS


def _interviewee(text: str, headline: tuple[int, int], entities: list[Entity]) -> Entity | None:
    """The one person the headline names as interviewed, or None: a name after
    "on"/"about" is the topic, and two names ("Mario J. Lucero and Isabel Ruiz") name no
    single interviewee. Where the model saw no name in the headline, a surname the
    article gives a person ("… interviews Marymegan Daly on …") or a title it gives one
    ("… interviews President of the International Brotherhood of Magicians") names them."""
    end = headline[1]
    named: dict[str, Entity] = {}
    for e in entities:
        for m in e.mentions:
            if m.end > end or e.type != "PERSON":
                continue
            before = text[: m.start].split()[-1:]
            if before and before[0].lower() in _TOPIC_WORDS:
                continue
            if _in_marks(text, m):
                continue  # "Frank Messina: An Interview with the 'Mets Poet'": a nickname
            after = text[m.end : end].split()[:2]
            if after[:1] == ["and"] and after[1:2] and after[1][:1].isupper():
                return None
            named[e.id] = e
    if not named:
        named = {e.id: e for e in _by_surname_or_title(text[headline[0] : end], entities)}
    if not named:
        found = _unseen_name(text, headline, entities)
        if found is not None:
            entities.append(found)
            return found
    return next(iter(named.values())) if len(named) == 1 else None


#: A run of capitalised words in a headline: a name the model may have missed.
_NAME_RUN = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")
_DATE_WORDS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _unseen_name(text: str, headline: tuple[int, int], entities: list[Entity]) -> Entity | None:
    """A person for the one name of two to four capitalised words the headline gives
    outside a topic phrase, where the model saw none ("Wikinews interviews Israeli
    mathematician and writer Aner Shalev"): only when no entity holds those words and
    the article names them again by surname. Added to ``entities`` by the caller."""
    start, end = headline
    taken = [(m.start, m.end) for e in entities for m in e.mentions if m.start < end]
    runs = []
    for match in _NAME_RUN.finditer(text, start, end):
        words = match.group().split()
        while words and words[-1].lower().strip(",") in _DATE_WORDS:
            words.pop()  # "Aner Shalev Wednesday, September 19"
        before = text[start : match.start()].split()[-1:]
        if not 2 <= len(words) <= 4 or (before and before[0].lower() in _TOPIC_WORDS):
            continue
        if before and before[0][:1].isupper():
            continue  # inside a longer run the regex split at a symbol
        if words and words[0].lower() in {"the", "a", "an"}:
            continue  # "The Onion: An interview with …" names an organisation
        a = match.start()
        b = a + len(" ".join(words))
        if any(s < b and a < e for s, e in taken) or text[a:b] != " ".join(words):
            continue
        runs.append((a, b, words))
    if len(runs) != 1:
        return None
    a, b, words = runs[0]
    surname = words[-1].strip(",:;'’\"")
    if not re.search(rf"\b{re.escape(surname)}\b", text[end:]):
        return None
    return Entity(
        id=f"e{len(entities) + 1}",
        name=text[a:b],
        type="PERSON",
        mentions=[Mention(a, b, text[a:b])],
    )


def _by_surname_or_title(headline: str, entities: list[Entity]) -> list[Entity]:
    """People of the article whose surname, as a capitalised word outside a topic phrase,
    or whose title of two words or more the headline holds."""
    words = headline.split()
    own = set()
    topic = False
    for word in words:
        if word.lower() in _TOPIC_WORDS:
            topic = True
        elif not word[:1].isupper():
            topic = False
        elif not topic:
            own.add(word.strip(",:;'’\""))
    low = headline.lower()
    found = []
    for e in entities:
        if e.type != "PERSON":
            continue
        surname = e.name.split()[-1]
        titled = any(len(t.split()) > 1 and t.lower() in low for t in e.titles)
        if surname in own or titled:
            found.append(e)
    return found


def _taken_up(text: str, span: tuple[int, int], entities: list[Entity]) -> Entity | None:
    """The one person named in the lead ``span`` before "interviewed him/her" ("Andrew
    Westphal is the director of Stardust. Wikinews interviewed him for …")."""
    for match in re.finditer(r"[\w&]+", text[span[0] : span[1]]):
        if match.group().lower() not in _LEAD_WORDS:
            continue
        at = span[0] + match.end()
        if text[at : at + 5].split()[:1] not in (["him"], ["her"]):
            continue
        named = {
            e.id: e
            for e in entities
            if e.type == "PERSON" and any(span[0] <= m.start < at for m in e.mentions)
        }
        if len(named) == 1:
            return next(iter(named.values()))
    return None


#: How far (characters) after "interviewed" the person's name may start.
_LEAD_REACH = 60


def _named_after(text: str, span: tuple[int, int], entities: list[Entity]) -> Entity | None:
    """The person named right after an interview word of the lead ``span`` ("interviewed
    Tina McKenzie, a former …"), within a few words (titles may stand between)."""
    for match in re.finditer(r"[\w&]+", text[span[0] : span[1]]):
        if match.group().lower() not in _LEAD_WORDS:
            continue
        at = span[0] + match.end()
        near = [
            (m.start, e)
            for e in entities
            if e.type == "PERSON"
            for m in e.mentions
            if at <= m.start < at + _LEAD_REACH and "," not in text[at : m.start]
        ]
        if near:
            return min(near, key=lambda pair: pair[0])[1]
    return None
