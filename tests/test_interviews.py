"""Q&A interviews: "I" in an answer is the person the headline names."""

from __future__ import annotations

import re

import pytest

from dateline.nlp import interviews
from dateline.types import Entity, Mention

HEADLINE = "Wikinews interviews LibriVox founder Hugh McGuire"
QA = (
    f"{HEADLINE}\n\n"
    "Hugh McGuire started LibriVox in 2005.\n\n"
    "Why did you start LibriVox?\n\n"
    "I wanted free audiobooks of public domain texts.\n\n"
    "How many volunteers read for you?\n\n"
    "About a thousand. I think the public domain matters to them.\n\n"
    "What comes next?\n\n"
    'My friend said, "I will record Ulysses." We will see.'
)


def person(name: str, text: str) -> Entity:
    start = text.index(name)
    return Entity("e1", name, "PERSON", mentions=[Mention(start, start + len(name), name)])


def test_the_interviewee_is_the_one_person_in_the_headline() -> None:
    found = interviews.read(QA, [person("Hugh McGuire", QA)])
    assert found is not None
    assert found.interviewee is not None and found.interviewee.name == "Hugh McGuire"


@pytest.mark.parametrize(
    ("needle", "answers"),
    [
        ("I wanted", True),
        ("I think", True),
        ("you start", False),  # a question is the interviewer's
        ("Hugh McGuire started", False),  # the introduction comes before any question
        ("I will record", False),  # someone quoted inside an answer
    ],
)
def test_what_counts_as_an_answer(needle: str, answers: bool) -> None:
    found = interviews.read(QA, [person("Hugh McGuire", QA)])
    assert found is not None
    assert found.answers_at(QA, QA.index(needle)) is answers


@pytest.mark.parametrize(
    "text",
    [
        # A news story with one rhetorical question is no interview.
        "Ban urges restraint\n\nWhat happens next? Nobody knows.\n\nTalks resume on Monday.",
        # An op-ed asking its readers questions: the headline announces no interview.
        "Ban urges restraint\n\nWhy now?\n\nBecause of the vote.\n\nWho goes?\n\nBoth sides.",
    ],
)
def test_no_interview(text: str) -> None:
    assert interviews.read(text, []) is None


def test_two_people_in_the_headline_name_no_interviewee() -> None:
    text = QA.replace(HEADLINE, "Wikinews interviews Mario Lucero and Isabel Ruiz")
    both = [person("Mario Lucero", text), person("Isabel Ruiz", text)]
    both[1].id = "e2"
    found = interviews.read(text, both)
    assert found is not None and found.interviewee is None


def test_a_quoted_nickname_in_the_headline_is_no_second_person() -> None:
    text = QA.replace(HEADLINE, "Hugh McGuire: An interview with the 'Audiobook King'")
    both = [person("Hugh McGuire", text), person("Audiobook King", text)]
    both[1].id = "e2"
    found = interviews.read(text, both)
    assert found is not None
    assert found.interviewee is not None and found.interviewee.name == "Hugh McGuire"


@pytest.mark.model
def test_i_in_an_answer_speaks_for_the_interviewee(nlp) -> None:
    doc = nlp(QA)
    names = {e.id: e.name for e in doc._.entities}
    said = {q.source.text: names.get(q.speaker) for q in doc._.quotes if q.source}
    assert said["I"] == "Hugh McGuire"
    assert said["My friend"] is None  # the quote inside the answer is the friend's


WE = "\n\nWhy public domain?\n\nWe think the public domain matters to listeners."


@pytest.mark.model
@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        (HEADLINE, "LibriVox"),  # his title names the organisation he speaks for
        ("Wikinews interviews Hugh McGuire", None),  # no title: whose "we" is unknown
    ],
)
def test_we_in_an_answer_speaks_for_the_interviewees_organisation(nlp, headline, speaker):
    doc = nlp((QA + WE).replace(HEADLINE, headline))
    names = {e.id: e.name for e in doc._.entities}
    said = {q.source.text: names.get(q.speaker) for q in doc._.quotes if q.source}
    assert said["We"] == speaker


def test_each_run_of_answer_paragraphs_is_one_turn() -> None:
    text = QA + "\n\nWe will record it twice.\n\nSources"
    found = interviews.read(text, [person("Hugh McGuire", text)])
    assert found is not None
    turns = [text[s:e] for s, e in found.turns(text)]
    assert turns[0] == "I wanted free audiobooks of public domain texts."
    # The last answer runs over two paragraphs; the closing heading is no answer.
    assert turns[-1].endswith("We will see.\n\nWe will record it twice.")


@pytest.mark.model
def test_answers_are_the_interviewees_statements(nlp) -> None:
    doc = nlp(QA)
    names = {e.id: e.name for e in doc._.entities}
    answers = [(q.text, names.get(q.speaker)) for q in doc._.quotes if q.cue is None]
    assert ("I wanted free audiobooks of public domain texts.", "Hugh McGuire") in answers
    # A question is the interviewer's, never the interviewee's.
    assert not any(text.endswith("?") for text, _ in answers)


def test_a_name_the_headline_gives_as_topic_is_not_the_interviewee() -> None:
    text = QA.replace(HEADLINE, "Wikinews interviews New York bar owner on Santorum cocktail")
    found = interviews.read(text, [person("Santorum", text)])
    assert found is not None and found.interviewee is None


def test_two_names_joined_by_and_name_no_interviewee_even_if_ner_saw_one() -> None:
    text = QA.replace(HEADLINE, "Wikinews interviews Mario Lucero and Isabel Ruiz")
    found = interviews.read(text, [person("Mario Lucero", text)])
    assert found is not None and found.interviewee is None


def test_q_and_a_labels_mark_questions_and_answers() -> None:
    text = (
        "Q&A with Vice President Joe Biden\n\n"
        "Joe Biden spoke to reporters on Air Force Two.\n\n"
        "Q: Tell us about the primary.\n\n"
        "A: I am surprised by the tone.\n\n"
        "Q: And the court.\n\n"
        "A: We will nominate someone."
    )
    found = interviews.read(text, [person("Joe Biden", text)])
    assert found is not None and found.interviewee is not None
    # The label stays out of the answer; a labelled question needs no question mark.
    assert [text[s:e] for s, e in found.turns(text)] == [
        "I am surprised by the tone.",
        "We will nominate someone.",
    ]


@pytest.mark.parametrize(
    ("headline", "name", "named"),
    [
        # NER saw "Daly" only in the body: the surname in the headline names her.
        ("Wikinews interviews Marymegan Daly on sea anemones", "Marymegan Daly", True),
        # A surname after "on" is the topic, not the interviewee.
        ("Wikinews interviews a bar owner on Santorum cocktails", "Rick Santorum", False),
    ],
)
def test_a_surname_in_the_headline_names_the_person_ner_saw_only_in_the_body(
    headline: str, name: str, named: bool
) -> None:
    text = QA.replace(HEADLINE, headline)
    someone = person("Hugh McGuire", text)  # the one mention is in the body
    someone.name = name
    found = interviews.read(text, [someone])
    assert found is not None
    assert (found.interviewee is someone) is named


def test_a_title_in_the_headline_names_the_person_who_holds_it() -> None:
    text = QA.replace(HEADLINE, "Wikinews interviews President of the Magic Circle")
    evans = person("Hugh McGuire", text)
    evans.titles = ["president of the Magic Circle"]
    found = interviews.read(text, [evans])
    assert found is not None and found.interviewee is evans


@pytest.mark.parametrize(
    ("lead", "interviewee"),
    [
        ("On Saturday, Wikinews interviewed Hugh McGuire, who started LibriVox.", "Hugh McGuire"),
        # The name must follow the announcement; an organisation names no one.
        ("In an interview with the BBC, Hugh McGuire spoke of LibriVox.", None),
    ],
)
def test_a_lead_that_announces_the_interview_names_the_interviewee(
    lead: str, interviewee: str | None
) -> None:
    text = QA.replace(HEADLINE, "Friday, January 3, 2014").replace(
        "Hugh McGuire started LibriVox in 2005.", lead
    )
    found = interviews.read(text, [person("Hugh McGuire", text)])
    assert found is not None
    assert (found.interviewee.name if found.interviewee else None) == interviewee


def test_a_lead_that_only_tells_announces_no_interview() -> None:
    text = QA.replace(HEADLINE, "Friday, January 3, 2014").replace(
        "Hugh McGuire started LibriVox in 2005.", "Hugh McGuire tells us about LibriVox."
    )
    assert interviews.read(text, [person("Hugh McGuire", text)]) is None


@pytest.mark.parametrize(
    ("headline", "body", "name"),
    [
        # The model saw no person at all: the headline's one name, named again below.
        ("Wikinews interviews Israeli mathematician and writer Aner Shalev Wednesday, "
         "September 19, 2007", "Shalev teaches in Jerusalem.", "Aner Shalev"),
        ("Wikinews interviews LibriVox founder Hugh McGuire", "McGuire reads too.",
         "Hugh McGuire"),
        # Not a person: an organisation's name, a topic, two names, a name never seen again.
        ("The Onion: An interview with America's Finest News Source", "The Onion jokes.",
         None),
        ("Wikinews interviews bar owner on Santorum Cocktail Recipe", "Recipe matters.", None),
        ("Wikinews interviews Mario Lucero and Isabel Ruiz", "Ruiz plays.", None),
        ("Wikinews interviews composer Ellen Park", "She writes operas.", None),
    ],
)  # fmt: skip
def test_a_name_the_model_missed_in_the_headline_is_the_interviewee(headline, body, name):
    text = QA.replace(HEADLINE, headline).replace("Hugh McGuire started", body + " It started")
    entities: list[Entity] = []
    found = interviews.read(text, entities)
    assert found is not None
    got = found.interviewee.name if found.interviewee else None
    assert got == name
    if name:  # a new entity of the article, its headline mention included
        assert entities == [found.interviewee] and found.interviewee.type == "PERSON"
        assert found.interviewee.mentions[0].text == name


@pytest.mark.parametrize(
    ("intro", "interviewee"),
    [
        # "him" after the announcement: the one person named before it in that paragraph.
        ("Hugh McGuire started LibriVox in 2005. Wikinews interviewed him in May.",
         "Hugh McGuire"),
        # Two people named before "him": whom the interview was with, it does not say.
        ("Hugh McGuire met Jon Ward in 2005. Wikinews interviewed him in May.", None),
    ],
)  # fmt: skip
def test_a_later_lead_that_announces_the_interview_names_whom_it_takes_up(
    intro: str, interviewee: str | None
) -> None:
    text = QA.replace(HEADLINE, "Free audiobooks for everyone").replace(
        "Hugh McGuire started LibriVox in 2005.", f"LibriVox records books.\n\n{intro}"
    )
    people = [person("Hugh McGuire", text)]
    if "Jon Ward" in text:
        people.append(person("Jon Ward", text))
        people[1].id = "e2"
    found = interviews.read(text, people)
    assert found is not None
    assert (found.interviewee.name if found.interviewee else None) == interviewee


def people(text: str, *names: str) -> list[Entity]:
    """One PERSON entity per name, each with every mention of the name in ``text``."""
    out = []
    for k, name in enumerate(names, start=1):
        starts = [m.start() for m in re.finditer(re.escape(name), text)]
        mentions = [Mention(s, s + len(name), name) for s in starts]
        out.append(Entity(f"e{k}", name, "PERSON", mentions=mentions))
    return out


#: A Q&A no headline or lead announces: questions to "you", answers in the first person.
UNANNOUNCED = (
    "The future of the peace process\n\n"
    '"Peace will come." Shimon Peres. Image: David Shankbone.\n\n'
    "Mr. President, do you still think there is a future to the peace process?\n\n"
    "The future is only peace. Why do I say peace? Land no longer matters.\n\n"
    "How do you talk to people who reject you?\n\n"
    "I mean, what is the problem? We look at the next generation.\n\n"
    "Do you think the region will change?\n\n"
    "I am sure that the reasons for war are over."
)


def test_an_unannounced_qa_is_the_one_person_named_before_the_questions() -> None:
    found = interviews.read(UNANNOUNCED, people(UNANNOUNCED, "Shimon Peres", "David Shankbone"))
    assert found is not None and found.interviewee is not None
    # The photographer the caption credits is no second person.
    assert found.interviewee.name == "Shimon Peres"
    assert found.answers_at(UNANNOUNCED, UNANNOUNCED.index("I say peace"))


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Two people named before the questions: whose answers they are is not known.
        (UNANNOUNCED.replace("Image: David Shankbone", "Yasser Arafat"), ("Shimon Peres",)),
        # Only two questions to "you" answered in the first person: a column's asides.
        (UNANNOUNCED.rsplit("\n\nDo you think", 1)[0], ("Shimon Peres",)),
        # Questions that address no one ("Why now?") are the writer's own.
        (UNANNOUNCED.replace("do you", "does anyone").replace("you", "them"), ("Shimon Peres",)),
    ],
)
def test_an_unannounced_qa_needs_one_person_and_three_addressed_exchanges(
    text: str, names: tuple[str, ...]
) -> None:
    entities = people(text, *names, *(["Yasser Arafat"] if "Arafat" in text else []))
    assert interviews.read(text, entities) is None


def test_the_person_in_the_headline_is_interviewed_over_others_in_the_lead() -> None:
    text = (
        "Laura Bush sees 'Hope,' help for Afghan women\n"
        "Former first lady Laura Bush spoke about Afghanistan and Donald Trump.\n\n"
        "QThe cause of Afghan women is something you adopted. Why?\n\n"
        "A: Because they needed help, I think.\n\n"
        "QLast October, the president kept troops there. You thank him for that.\n\n"
        "A: Yes, I think that's really important.\n\n"
        "QWhat would have happened, do you think?\n\n"
        "A: I think they would have been set back."
    )
    found = interviews.read(text, people(text, "Laura Bush", "Hope", "Donald Trump"))
    assert found is not None and found.interviewee is not None
    # "'Hope,'" in quotation marks is a book's title, not a second person of the headline.
    assert found.interviewee.name == "Laura Bush"
    # "QLast October, …" is a question whose "Q" label the page ran into it.
    assert not found.answers_at(text, text.index("the president kept"))
    assert found.answers_at(text, text.index("Yes, I think"))


@pytest.mark.parametrize(
    ("line", "reply", "asks"),
    [
        ("QLast October, you thanked him.", "A: Yes, I did.", True),
        ("QAnon followers gathered on Monday.", "They left at noon.", False),
        ("Q: Tell us about the primary.", "", True),
        ("The vote is on Monday.", "A: Yes.", False),
    ],
)
def test_a_q_label_run_into_its_question_needs_an_answer_label_after_it(
    line: str, reply: str, asks: bool
) -> None:
    assert interviews._asks(line, reply) is asks
