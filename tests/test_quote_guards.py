"""Precision guards: what the rules read that a fact-checker must not publish."""

from __future__ import annotations

import pytest

from dateline.nlp import guards


def quotes(nlp, text: str) -> list[tuple[str, str | None, str | None]]:
    """(content, source, speaker name) of each quote."""
    doc = nlp(text)
    names = {e.id: e.name for e in doc._.entities}
    return [
        (q.text, q.source.text if q.source else None, names.get(q.speaker)) for q in doc._.quotes
    ]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Asked whether he would resign, Baker said he had no plans to do so.", "resign"),
        ("Asked about the dollar, Baker said it had fallen far enough.", "the dollar"),
    ],
)
def test_what_was_asked_is_not_the_answerers(nlp, text, question):
    found = quotes(nlp, text)
    asked = [q for q in found if question in q[0]]
    assert asked and all(source is None and speaker is None for _, source, speaker in asked)
    # The answer is still his.
    assert any(speaker == "Baker" for content, _, speaker in found if question not in content)


def test_answering_questions_is_no_statement(nlp):
    text = (
        "Answering questions from the National Newspaper Association, Baker said the "
        "dollar had fallen far enough."
    )
    found = quotes(nlp, text)
    assert not [q for q in found if "Newspaper Association" in q[0] and q[1]]
    assert [q for q in found if q[0].startswith("the dollar had fallen") and q[2] == "Baker"]


def test_a_subject_who_asks_is_the_source(nlp):
    found = quotes(nlp, "Baker asked whether the dollar had fallen far enough.")
    assert [q for q in found if "dollar" in q[0] and q[1] == "Baker"]


def test_a_verbless_fragment_is_no_quote(nlp):
    found = quotes(nlp, "Of course, the minister said, the talks will go on.")
    assert not [q for q in found if q[0].startswith("Of course")]
    assert [q for q in found if q[0].startswith("the talks will go on")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("“Of course,” the minister said.", "Of course"),  # in marks: what was said
        ("The talks will fail, the minister said.", "The talks will fail"),
        ("It will, the minister said.", "It will"),  # short, but a verb
    ],
)
def test_short_contents_that_are_quoted_or_have_a_verb_stay(nlp, text, content):
    assert [q for q in quotes(nlp, text) if q[0].startswith(content)]


INTERVIEW = (
    "“We will not devalue,” Baker told reporters on Monday.\n\n"
    "“Will the Fed act again this week?”\n\n"
    "“We will see,” he said."
)


def test_an_interviewers_question_is_not_the_interviewees(nlp):
    found = quotes(nlp, INTERVIEW)
    assert not [q for q in found if q[0].startswith("Will the Fed")]
    assert [q for q in found if q[0].startswith("We will see") and q[2] == "Baker"]


@pytest.mark.parametrize(
    "text",
    [
        # A question in the speaker's own paragraph goes on with the speaker.
        "“We will win,” she said. “Who can stop us?”",
        # A block quoted over paragraphs may ask questions; it is still the speaker's.
        "He listed his questions:\n\n“Has the candidate a record of leadership?\n\n"
        "“Can the media destroy him?”\n\n“Those questions matter,” Blackwell said.",
    ],
)
def test_a_speakers_own_questions_stay_theirs(nlp, text):
    assert [q for q in quotes(nlp, text) if "?" in q[0]]


@pytest.mark.parametrize(
    "text",
    [
        "Sales rose. That said, we are realistic enough to realize that this will take time.",
        "We grew fast in 2008. That said, we are quite different from Wikipedia.",
    ],
)
def test_that_said_concedes_and_reports_nothing(nlp, text):
    assert not [q for q in quotes(nlp, text) if q[1] == "That"]


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        # "that" the subject of a sentence's own "said": a source, if an odd one.
        ("That said it all, the coach said after the match.", "That said it all", "the coach"),
        # The idiom inside a reported clause: the reporter's source stays.
        ("Smith made a speech. That said, the plan will fail, he warned.", "the plan will fail",
         "he"),
    ],
)  # fmt: skip
def test_other_readings_of_that_said_stay(nlp, text, content, source):
    assert [q for q in quotes(nlp, text) if q[0].startswith(content) and q[1] == source]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        (
            "Peru was current on interest payments, including about 750 mln dlrs in so-called "
            '"working capital" credits.',
            [],
        ),
        ('Leucadia may draw under the RUF by use of a so-called "swing line," which provides '
         "same day funds.", []),
        # "called" with a speaker is a characterisation, or a call
        ('Critics called it "a disaster."', ['it "a disaster."']),
        ("Channon also called for greater cooperation to force Japan to open its markets.",
         ["greater cooperation to force Japan to open its markets"]),
    ],
)  # fmt: skip
def test_so_called_names_a_thing(nlp, text, quoted):
    assert [q[0] for q in quotes(nlp, text)] == quoted


@pytest.mark.parametrize(
    ("text", "unsaid"),
    [
        # The one asked is the object of the asking verb, or the infinitive's own subject.
        ("The senator urged Smith to say that the plan had failed.", "the plan had failed"),
        ("One Republican threatened to call him back, daring him to say that the panel had"
         " no right to the files.", "the panel had no right"),
        ("Democrats challenged the minister to admit that the numbers were wrong.",
         "the numbers were wrong"),
        ("The opposition wants the minister to explain why the deal collapsed.",
         "why the deal collapsed"),
    ],
)  # fmt: skip
def test_a_speech_act_asked_of_someone_is_not_theirs(nlp, text, unsaid):
    """Nobody is given the words as said by the one asked; what was asked may stay the
    asker's ("urged Smith to say …")."""
    found = quotes(nlp, text)
    assert not [q for q in found if q[0].startswith(("that " + unsaid, unsaid))]


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        # the speech act happened: forced, refused, or the subject's own wish to speak
        ("Smith was forced to admit that the plan had failed.", "that the plan had failed",
         "Smith"),
        ("Smith declined to say whether he would run.", "to say whether he would run", "Smith"),
        ("The senator asked to say a few words about the victims.",
         "to say a few words about the victims", "The senator"),
    ],
)  # fmt: skip
def test_a_speech_act_of_the_subject_stays(nlp, text, content, source):
    assert [q for q in quotes(nlp, text) if q[0] == content and q[1] == source]


@pytest.mark.parametrize(
    ("text", "content", "source"),
    [
        # A passive names the one asked or warned, who said nothing (PolNeAR marks the
        # question with no source).
        ("Mike Pence was asked about the comment.", "the comment", None),
        ("The farmers were warned against planting early.", "planting early", None),
        # ... and of any passive speech verb: the one asked, told or urged.
        ("Clinton was asked whether she would run again.", "whether she would run again", None),
        ("Trump was told that the plan had failed.", "that the plan had failed", None),
        ("The senator was urged to resign.", "to resign", None),
        # A passive that states the subject's own mind.
        (
            "Stephen Roach was not convinced that the reports portend gains.",
            "that the reports portend gains",
            "Stephen Roach",
        ),
        # A relay is read through "saying": the one quoted spoke.
        (
            '"We may have to look abroad," Keswick was quoted as saying.',
            "We may have to look abroad,",
            "Keswick",
        ),
        (
            "The official was quoted as saying the talks had failed.",
            "the talks had failed",
            "The official",
        ),
        # "he's" of a perfect, which the parse may read as a passive's "is".
        ("Since then, he’s spoken out against the bathroom law.", "the bathroom law", "he"),
        # The passive is another verb's, whose subject the cue borrows.
        ("Santilli is seen speaking about taking a hard stand.", "taking a hard stand", "Santilli"),
    ],
)
def test_the_subject_of_a_passive_cue_is_no_source(nlp, text, content, source):
    assert [(c, s) for c, s, _ in quotes(nlp, text)] == [(content, source)]


def test_every_guard_is_named_described_and_exampled():
    assert [g.name for g in guards.GUARDS] == [
        "circumstance",
        "fragment",
        "question",
        "asked",
        "self_source",
        "quoted_source",
        "asked_about",
        "directed",
        "so_called",
        "that_said",
    ]
    for g in guards.GUARDS:
        assert g.description and g.example and g.action in {"drop", "unsource"}


WIRE = """TOKYO, March 3 - Finance Minister Kiichi Miyazawa said on
Tuesday that Japan would not intervene to support the dollar.
    "We do not think intervention is needed now," Miyazawa told
reporters. "The markets are calm."
    Asked whether Tokyo would cut its discount rate, Miyazawa said
the matter was under study.
    Yoshio Kondo of Yasuda Trust said Japanese investors are not
convinced that Federal Reserve Chairman Alan Greenspan is
determined to defend the dollar.
    The ministry plans to open an inquiry into the sales. The
government has offered the banks new credit lines.
"""


def test_a_wire_story_holds_each_statement_once_with_its_speaker_and_act(nlp):
    from dateline import Article, extract

    [record] = list(extract([Article(text=WIRE, published="1987-03-03")], nlp))
    found = [
        (q["text"], (q["speaker"] or {}).get("name"), q["act"], q["parent"])
        for q in record["quotes"]
    ]
    spans = [(q["start"], q["end"]) for q in record["quotes"]]
    assert len(spans) == len(set(spans))

    def one(prefix: str) -> tuple[str | None, str]:
        [(speaker, act)] = [(sp, act) for text, sp, act, _ in found if text.startswith(prefix)]
        return speaker, act

    # The question is the reporters', the answer Miyazawa's.
    assert one("whether Tokyo") == (None, "statement")
    assert one("the matter was") == ("Kiichi Miyazawa", "statement")
    # Kondo's view about Greenspan is Kondo's, never Greenspan's.
    assert one("Japanese investors")[0] == "Yoshio Kondo"
    assert not [f for f in found if f[1] == "Alan Greenspan"]
    # The plan and the offer are typed.
    assert one("to open an inquiry")[1] == "intention"
    assert one("the banks new credit")[1] == "intention"
    assert all(parent is None for *_, parent in found)


@pytest.mark.parametrize(
    "text",
    [
        # The parse makes the show's name the subject of "said".
        "“There is a severe disconnect between the White House and our military,” Flynn, "
        "a top adviser, said Thursday morning on Fox News’s “Fox and Friends.”",
    ],
)
def test_words_in_quotation_marks_are_never_the_speaker(nlp, text):
    found = quotes(nlp, text)
    assert found
    for content, source, speaker in found:
        assert not (source and "Friends" in source), (content, source)
        assert speaker != "Fox"


@pytest.mark.parametrize(
    "text",
    [
        "“It is right,” Flynn, a top adviser, said Thursday on Fox News’s “Fox and Friends.”",
        "“We will win,” Smith said in an interview on “Meet the Press.”",
        "“We will win,” Smith told the hosts of CBS's “Face the Nation.”",
    ],
)
def test_a_quoted_title_is_no_quote_of_the_speaker(nlp, text):
    contents = [content for content, _, _ in quotes(nlp, text)]
    assert contents, text
    assert not [c for c in contents if "Friends" in c or "Press" in c or "Nation" in c]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A source inside a quote that holds the nested quote is the nested speaker.
        ("“Smith told me, ‘We will win the vote,’ and I believed him,” Jones said.", "Jones"),
        ("“We will win,” Smith said on the program “Meet the Press.”", "Smith"),
    ],
)
def test_a_speaker_outside_the_quoted_title_still_speaks(nlp, text, speaker):
    found = quotes(nlp, text)
    assert any(s == speaker for _, _, s in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Do you think magic is alive as a form of entertainment today?",
        "Why do you think the movement has so little visibility in the US?",
        "How reliable do you consider your results to be?",
    ],
)
def test_a_question_put_to_you_reports_nothing(nlp, text):
    assert quotes(nlp, text) == []


def test_what_you_said_is_still_reported(nlp):
    found = quotes(nlp, "You said the talks would fail, and they did.")
    assert [q for q in found if q[0].startswith("the talks would fail") and q[1] == "You"]


def test_one_shown_speaking_is_the_source(nlp):
    # The passive of "show" displays the speaker; nobody spoke to them.
    text = "The cleric is shown lecturing: “Muslims of the West, take heed.”"
    found = [(c, s) for c, s, _ in quotes(nlp, text)]
    assert ("Muslims of the West, take heed.", "The cleric") in found
