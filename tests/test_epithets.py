"""An epithet ("the Indiana governor", "the Republican presidential nominee") stands for the
person named just before it only when nothing known of that person clashes with it
(``nlp/epithets.py``, the speaker stage's ``_role`` and ``_epithet``)."""

from __future__ import annotations

import pytest

from dateline import Article, validate
from dateline.extraction import extract
from dateline.nlp import epithets


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Indiana Gov.", {"indiana", "governor"}),
        ("Sen.", {"senator"}),
        ("GOP presidential nominee", {"republican", "presidential", "nominee"}),
        ("Democratic Party leader", {"democratic", "party", "leader"}),
        ("vice-president", {"vice", "president"}),
        # Another word for the same office is read as that office.
        ("California congressman", {"california", "representative"}),
    ],
)
def test_title_words_read_abbreviations_and_parties(title, words):
    assert epithets.title_words(title) == words


@pytest.mark.parametrize(
    ("word", "gender"),
    [("businessman", "m"), ("congresswoman", "f"), ("actress", "f"), ("senator", None),
     ("human", None)],
)  # fmt: skip
def test_gendered_nouns(word, gender):
    assert epithets.gender_of(word) == gender


def speakers(nlp, text: str) -> dict[str, tuple[str | None, str | None]]:
    rec = next(extract([Article(text=text, published="2016-10-01")], nlp=nlp))
    validate(rec)
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return {
        q["source"]["text"]: (names.get(q["speaker"]["entity"]), q["speaker"]["via"])
        for q in rec["quotes"]
        if q["source"]
    }


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "speaker", "via"),
    [
        # An abbreviated title is read out: "Gov." is a governor.
        ("Indiana Gov. Mike Pence campaigned in Ohio on Friday.\n\nThe Indiana governor "
         "said the economy was weak.", "The Indiana governor", "Mike Pence", "title"),
        # A party the article gives the person ("Democrat Hillary Clinton") fits.
        ("Democrat Hillary Clinton spoke in Ohio on Friday.\n\nThe Democratic nominee said "
         "the economy was strong.", "The Democratic nominee", "Hillary Clinton", "description"),
        ("Donald Trump spoke in Ohio on Friday.\n\nThe New York businessman said the economy "
         "was weak.", "The New York businessman", "Donald Trump", "description"),
        # Others named too, but only as the topic's objects: the topic, the main subject.
        ("Marco Rubio still believes the nominee is unfit, despite backing Donald Trump. "
         "\"I stand by everything I said,\" the Florida senator told reporters on Thursday.",
         "the Florida senator", "Marco Rubio", "description"),
        ("Still, Harry Reid would not say whether he would prefer that Democrats face Donald "
         "Trump or Ted Cruz.\n\nThe minority leader said flatly that it did not matter.",
         "The minority leader", "Harry Reid", "description"),
        # One who spoke before and is named again only as an object is no rival: what
        # the epithet says must fit the topic anyway.
        ("\"Steadiness matters,\" Hillary Clinton said.\n\nDonald Trump, appearing after "
         "Clinton at the forum, cited problems that he blamed on Clinton.\n\n\"We need "
         "change,\" the New York businessman said.", "the New York businessman",
         "Donald Trump", "description"),
        # A name inside the quotation is not whom an epithet outside it stands for.
        ("Mary Jones posted a video from the conference.\n\n\"My dear Michael Cohen,\" "
         "the conference speaker says into the camera.",
         "the conference speaker", "Mary Jones", "description"),
        # A race's role fits whatever office the article gives the person.
        ("Ohio Gov. John Kasich is coming off a strong debate on Thursday.\n\nThe "
         "candidate said he would win Michigan.", "The candidate", "John Kasich",
         "description"),
        # A race's role is no office: a candidate may be the senator an epithet names.
        ("Democratic presidential candidate Bernie Sanders spoke in Ohio on Friday.\n\nThe "
         "Vermont senator said the race was far from over.", "The Vermont senator",
         "Bernie Sanders", "description"),
        # One the epithet cannot stand for (a businessman is no woman) is no rival.
        ("Donald Trump said on Friday that Hillary Clinton once praised the deal. Clinton "
         "now says she opposes it.\n\nTrump charges that donors gave to the Clinton "
         "Foundation.\n\nThe New York businessman says of Clinton, \u201cShe will sell the "
         "office.\u201d", "The New York businessman", "Donald Trump", "description"),
        # Named as the owner of what the sentence before is about: that person.
        ("Donald Trump\u2019s refusal to back the plan troubled many in the room. Instead, "
         "the businessman has insisted that his position will be strongest.",
         "the businessman", "Donald Trump", "description"),
        # The office the person holds, narrowed by a place their titles leave open.
        ("Rep. Adam Schiff called on the president to act on Wednesday.\n\nThe California "
         "congressman said the attacks were designed to sow discord.",
         "The California congressman", "Adam Schiff", "description"),
        # Introduced by the noun itself ("is an analyst"): the person so introduced.
        ("John Smith is an analyst at Dean Witter. He follows oil stocks.\n\nThe analyst "
         "said prices would fall.", "The analyst", "John Smith", "description"),
        # A sentence naming no one between: the one person named before it.
        ("Bernie Sanders delivered his standard campaign speech in Ohio.\n\nThe crowd was "
         "smaller than last year.\n\nThe Vermont senator said the race was far from over.",
         "The Vermont senator", "Bernie Sanders", "description"),
    ],
)  # fmt: skip
def test_an_epithet_is_the_one_person_named_just_before(nlp, text, source, speaker, via):
    assert speakers(nlp, text)[source] == (speaker, via)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source"),
    [
        # Two people just before: either could be meant.
        ("Donald Trump attacked Hillary Clinton on Friday.\n\nThe Democratic nominee said "
         "Trump was unfit to serve.", "The Democratic nominee"),
        # A party the article never gives, or gives otherwise.
        ("Republican Donald Trump spoke in Ohio on Friday.\n\nThe Democratic nominee said "
         "the economy was strong.", "The Democratic nominee"),
        ("Donald Trump spoke in Ohio on Friday.\n\nThe Democratic nominee said the economy "
         "was strong.", "The Democratic nominee"),
        # A noun for a man is not a woman, an office not another office.
        ("Hillary Clinton spoke in Ohio on Friday.\n\nThe businessman said the economy was "
         "strong.", "The businessman"),
        ("Indiana Gov. Mike Pence campaigned in Ohio on Friday.\n\nThe senator said the "
         "economy was strong.", "The senator"),
        # A role tied to someone else is theirs, not the person's.
        ("John Smith met the mayor on Friday.\n\nThe spokesman for the ministry said the "
         "talks were useful.", "The spokesman for the ministry"),
        # The owner of a person the sentence is about is not its topic.
        ("Donald Trump's lawyer spoke on Friday.\n\nThe businessman said he was wrong.",
         "The businessman"),
        # Named in the epithet's own clause: someone else ("herself" would say so).
        ("Ivana Trump's brief said that was not her view.\n\nThe judge agreed with Ivana "
         "Trump that there was no reason to intrude.", "The judge"),
        # Joined to others by "and": a group, not the one person named before.
        ("Hillary Clinton's campaign is approaching delegates.\n\nBoth the candidate and "
         "her staff said the race was far from over.", "Both the candidate and her staff"),
        # Named only as an object: no one the epithet could take up.
        ("Police arrested John Smith on Friday.\n\nThe businessman said the arrest was "
         "unlawful.", "The businessman"),
        # Of several people, the topic only for an epithet that heads a main clause.
        ("John Smith said he would meet Peter Brown next week, although the British prime "
         "minister said no date had been set.", "the British prime minister"),
        # One who spoke before and is the subject of a clause there is a rival still.
        ("\"Steadiness matters,\" Bernie Sanders said.\n\nDonald Trump spoke after "
         "Sanders said he would win.\n\n\"We need change,\" the New York businessman "
         "said.", "the New York businessman"),
        # An office the article gives the person clashes with another office; and one
        # who reports what the epithet says is someone else.
        ("Ohio Gov. John Kasich is coming off a strong debate on Thursday.\n\nThe "
         "senator said he would win Michigan.", "The senator"),
        # The same office, narrowed by a word the title rule did not find in theirs, or
        # by a place other than the one their titles name.
        ("Finance Minister Hans Berg spoke in Oslo on Friday.\n\nThe foreign minister said "
         "the talks were useful.", "The foreign minister"),
        ("Indiana Gov. Mike Pence campaigned in Ohio on Friday.\n\nThe Ohio governor said "
         "the economy was weak.", "The Ohio governor"),
        ("But Democrats said there are good reasons to go to the convention.\n\nMcGinty "
         "campaign spokesman Sean Coit said the candidate sees the convention as an "
         "opportunity to talk about the positive vision that Democrats are offering in "
         "contrast to \"the divisive, doom and gloom, fear-mongering\" offered at the "
         "Republican convention.", "the candidate"),
        # A name after the epithet is whom it describes.
        ("Paul Manafort pressed American diplomats to treat Viktor Yanukovych fairly. \"The "
         "party is changing its image,\" wrote the American ambassador at the time, John "
         "E. Herbst.", "the American ambassador"),
        # Someone unnamed the article introduced by that noun is whom "the spokesman" takes
        # up, whoever was named since.
        ("Thomas Burke was named chief executive on Monday. The company has 32 mln shares "
         "outstanding, a spokesman said. In a statement, Burke said he plans to announce a "
         "change. The spokesman declined to elaborate.", "The spokesman"),
        # After a sentence naming no one: one who asked is not the one who answers, and
        # a pair is no one person.
        ("\"Is the race over?\" Gloria Borger asked.\n\n\"No, it is not.\"\n\n\"I "
         "think we will win,\" the senator said.", "the senator"),
        ("Bernie Sanders delivered his standard campaign speech in Ohio.\n\nThe crowd was "
         "smaller than last year.\n\nBoth the candidate and his staff said the race was "
         "far from over.", "Both the candidate and his staff"),
    ],
)  # fmt: skip
def test_an_epithet_that_could_be_someone_else_names_no_one(nlp, text, source):
    assert speakers(nlp, text)[source][0] is None
