"""Indirect speech read from the parse, and end to end on real Wikinews articles."""

from __future__ import annotations

import json

import pytest

from dateline import Article, extract, validate
from quote_helpers import quotes_of

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Serbia said on Monday it would ask the International Court of Justice for an opinion.",
            (
                "indirect",
                "it would ask the International Court of Justice for an opinion",
                "said",
                "Serbia",
            ),
        ),
        (
            "Boris Tadic told reporters that the vote was illegal.",
            ("indirect", "that the vote was illegal", "told", "Boris Tadic"),
        ),
        (
            "According to the European Commission, the talks will resume in May.",
            ("indirect", "the talks will resume in May", "According to", "European Commission"),
        ),
        (
            "The talks will resume in May, according to the European Commission.",
            ("indirect", "The talks will resume in May", "according to", "European Commission"),
        ),
        # "…, according to X, …" in mid-sentence sources both sides, as two parts
        (
            "The top 1 percent paid 25 percent of all taxes, according to the European "
            "Commission, and the top 10 percent paid 69 percent.",
            (
                "indirect",
                "the top 10 percent paid 69 percent",
                "according to",
                "European Commission",
            ),
        ),
        (
            "The top 1 percent paid 25 percent of all taxes, according to the European "
            "Commission, and the top 10 percent paid 69 percent.",
            (
                "indirect",
                "The top 1 percent paid 25 percent of all taxes",
                "according to",
                "European Commission",
            ),
        ),
        # "according to X" after the subject sources the subject's clause, both sides
        (
            "One of the options the board has studied, according to two people close to "
            "the talks, is to sell the steel unit.",
            ("indirect", "is to sell the steel unit", "according to", None),
        ),
        # a relative clause the reporter adds, closed by "according to X": X vouches for it
        (
            "The company cut 400 jobs last year, which was the deepest cut in its history, "
            "according to union officials.",
            ("indirect", "which was the deepest cut in its history", "according to", None),
        ),
        # a time adjunct is neither content nor cue: the cue is "said", not "said on"
        (
            "Boris Tadic said on Monday the talks would go on.",
            ("indirect", "the talks would go on", "said", "Boris Tadic"),
        ),
        # "…, according to X." at the end sources the whole sentence, every conjunct
        (
            "Trump received 37 percent, Clinton had 36 percent and Bloomberg snagged 13 "
            "percent, according to the European Commission.",
            (
                "indirect",
                "Trump received 37 percent, Clinton had 36 percent and Bloomberg snagged 13 "
                "percent",
                "according to",
                "European Commission",
            ),
        ),
        # "calling for X to Y": the parser reads "for" as the mark of the clause asked for
        (
            "Ted Cruz is calling for some of his rivals to drop out.",
            ("indirect", "some of his rivals to drop out", "calling for", "Ted Cruz"),
        ),
        # "as X put it": the clause the cue hangs on, on either side
        (
            "As Sergei Lavrov put it, the West has lost its way.",
            ("indirect", "the West has lost its way", "put it", "Sergei Lavrov"),
        ),
        (
            "The economy is growing, as Barack Obama noted.",
            ("indirect", "The economy is growing", "noted", "Barack Obama"),
        ),
        (
            "Boris Tadic left the meeting early, saying the offer was an insult.",
            ("indirect", "the offer was an insult", "saying", "Boris Tadic"),
        ),
        (
            "Boris Tadic said the vote was illegal, adding that Serbia would appeal.",
            ("indirect", "that Serbia would appeal", "adding", "Boris Tadic"),
        ),
        (
            "Ban Ki-moon urged Serbia and Kosovo to avoid violence.",
            ("indirect", "Serbia and Kosovo to avoid violence", "urged", "Ban Ki-moon"),
        ),
        (
            "Sergei Lavrov denied that Russia had sent troops.",
            ("indirect", "that Russia had sent troops", "denied", "Sergei Lavrov"),
        ),
        (
            "Angela Merkel warned that the euro could fail.",
            ("indirect", "that the euro could fail", "warned", "Angela Merkel"),
        ),
        (
            "Boris Tadic insisted the border would stay open.",
            ("indirect", "the border would stay open", "insisted", "Boris Tadic"),
        ),
        (
            "Vladimir Putin pledged to defend the treaty.",
            ("indirect", "to defend the treaty", "pledged", "Vladimir Putin"),
        ),
        # phrasal cues: what is called for, or whom the speaker calls on to act
        (
            "The opposition called for an independent inquiry into the vote.",
            ("indirect", "an independent inquiry into the vote", "called for", None),
        ),
        (
            "Ban Ki-moon called on Serbia and Kosovo on Tuesday to avoid violence.",
            (
                "indirect",
                "Serbia and Kosovo on Tuesday to avoid violence",
                "called on",
                "Ban Ki-moon",
            ),
        ),
        # a parenthetical cue splits the clause it reports
        (
            "The border, Boris Tadic said, would stay open all winter.",
            ("indirect", "would stay open all winter", "said", "Boris Tadic"),
        ),
        # a free relative: "what she calls …" names what she said, and she speaks
        (
            "The campaign has turned into what Angela Merkel calls a “war of unpleasant words.”",
            ("mixed", "a “war of unpleasant words.”", "calls", "Angela Merkel"),
        ),
        # a gerund is what a phrasal cue asks for, as a noun is
        (
            "The senator has called for raising the minimum wage to 15 dollars.",
            ("indirect", "raising the minimum wage to 15 dollars", "called for", None),
        ),
        # a "that" clause the parser hangs on the addressee as a relative clause
        (
            "The minister told a gathering of farmers that the subsidies would stay.",
            ("indirect", "that the subsidies would stay", "told", None),
        ),
        # a reported clause the parser hangs on the cue as an adverbial clause behind
        # a scene phrase
        (
            "Smith said after the debate he would not accept Jones's support if it were offered.",
            (
                "indirect",
                "he would not accept Jones's support if it were offered",
                "said",
                "Smith",
            ),
        ),
        (
            "The governor said after the convention he would not accept the party's endorsement.",
            ("indirect", "he would not accept the party's endorsement", "said", None),
        ),
        # whom a campaign presses is part of what it asks; the one pressed said nothing
        (
            "The mayor is pushing fellow council members to reject the budget deal.",
            ("indirect", "fellow council members to reject the budget deal", "pushing", None),
        ),
        (
            "The governor has been lobbying lawmakers to approve the new budget.",
            ("indirect", "lawmakers to approve the new budget", "lobbying", None),
        ),
        # a gerund after a speech verb reports what was done or proposed
        (
            "The senator admitted using the account for party business.",
            ("indirect", "using the account for party business", "admitted", None),
        ),
        # whom a directive is addressed to is part of it: "told X to …", "urged X to …"
        (
            "The coach told his players to stay calm.",
            ("indirect", "his players to stay calm", "told", None),
        ),
        # a relative clause that reports: the speaker and cue are no part of what was said
        (
            "Angela Merkel backed the deal, which Boris Tadic says will raise prices.",
            ("indirect", "will raise prices", "says", "Boris Tadic"),
        ),
    ],
)
def test_indirect(nlp, text, expected):
    assert expected in quotes_of(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "The border stayed open all winter.",  # no cue at all
        "The said agreement was signed in 2008.",  # "said" as an adjective
        "He kept saying nothing.",  # a cue with nothing reported
        "The council continued raising taxes.",  # "continue" before a gerund: aspect, no cue
        "The crowd cheered loudly as the senator spoke from the stage.",  # "as" of time
        "The report was published on Monday.",
        "As Boris Tadic left, the border was closed.",  # "as" of time, no cue
        # a relative clause the parser took for an adverbial clause of the cue
        "Maria Lopez, 24, will be charged with murder with a deadly weapon and other charges"
        " related to the incident Sunday evening that left one person dead and dozens injured.",
        # a borrowed speech verb that reports nothing in news
        "Kevin Cramer worked to ensure that loyalists ended up on the delegate list.",
    ],
)
def test_no_quote(nlp, text):
    assert quotes_of(nlp, text) == []


def test_news_after_the_cue_is_not_what_the_speaker_said(nlp):
    # "following reports that …" brings in what others reported, not the governor's words
    found = quotes_of(
        nlp, "The governor called for an inquiry following reports that the dam had cracked."
    )
    assert ("indirect", "that the dam had cracked", "called for", None) not in found
    assert ("indirect", "an inquiry", "called for", None) in found


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # the subject of the copula an adjective hangs on: "are more likely to say"
        (
            "Democratic voters are more likely to say that Clinton represents their views.",
            "Democratic voters",
        ),
        # the doer of a gerund after "to" is the subject of the clause it hangs on
        ("John Kasich has taken to urging voters to slow down.", "John Kasich"),
        # a statement noun held by the object of "from" or "by"
        (
            "The vote went ahead despite warnings from his attorney that it was fruitless.",
            "his attorney",
        ),
        # an active participle on a noun: the noun speaks
        ("Police received emails showing that officials knew of the attack.", "emails"),
        # a name the parser hangs on the noun before as an apposition
        (
            "In a statement to the Observer, her senior policy adviser, Jake Sullivan, said: "
            "“Hillary Clinton believes that cooperation is essential.”",
            "Jake Sullivan",
        ),
        # a poll's share the parser reads as a number on the verb
        ("About 4 in 10 say they want the next president to be a liberal.", "About 4 in 10"),
    ],
)
def test_sources_the_parser_hangs_elsewhere(nlp, text, source):
    doc = nlp(text)
    assert [q.source.text for q in doc._.quotes if q.source] == [source]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the tagger reads "charges" as a plural noun and the name as its modifier
        (
            "Donald Trump spoke on Monday. Clinton now says she opposes the deal. Trump "
            "charges that countries that stand to benefit from the deal donated millions "
            "of dollars to the Clinton Foundation.",
            "Donald Trump",
        ),
    ],
)
def test_a_name_before_a_verb_the_tagger_took_for_a_noun_is_its_subject(nlp, text, speaker):
    doc = nlp(text)
    names = {e.id: e.name for e in doc._.entities}
    found = {q.cue.text: names.get(q.speaker) for q in doc._.quotes}
    assert found["charges"] == speaker


@pytest.mark.parametrize(
    "text",
    [
        # a name nobody in the article bears, or a noun phrase with its determiner
        "Drug charges that he faced were dropped.",
        "Donald Trump spoke. The Trump charges that the firm hid losses went nowhere.",
    ],
)
def test_a_noun_phrase_of_charges_has_no_named_source(nlp, text):
    doc = nlp(text)
    assert [q.source.text for q in doc._.quotes if q.cue.text == "charges" and q.source] == []


@pytest.mark.parametrize(
    ("text", "source", "content"),
    [
        (
            "Tehran radio, monitored by the BBC, quoted a Foreign Ministry spokesman as saying "
            "any attempt at interference would be met by force.",
            "a Foreign Ministry spokesman",
            "any attempt at interference would be met by force",
        ),
        (
            'Iran vowed retaliation. It quoted President Ali Khamenei as saying, "We will '
            'definitely retaliate."',
            "President Ali Khamenei",
            "We will definitely retaliate.",
        ),
        (
            "The agency cited the minister as saying that prices would rise.",
            "the minister",
            "that prices would rise",
        ),
        # the passive: its subject spoke
        (
            "The official was quoted as saying that lower output was the result of quotas.",
            "The official",
            "that lower output was the result of quotas",
        ),
        (
            '"It is a very feasible idea," the Sankei Shimbun quoted Sumita as saying.',
            "Sumita",
            "It is a very feasible idea,",
        ),
    ],
)
def test_whom_a_relay_quotes_as_saying_is_the_source(nlp, text, source, content):
    doc = nlp(text)
    found = [(q.source.text if q.source else None, q.text) for q in doc._.quotes]
    assert (source, content) in found
    # the relay is no source of the words, nor the speaker part of the content
    assert not any(c.startswith(source) for _, c in found)
    assert not any(
        s in {"Tehran radio", "It", "The agency", "the Sankei Shimbun"} for s, _ in found
    )


def test_a_relay_reports_nothing_itself(nlp):
    doc = nlp(
        "Baker was quoted on British Television over the weekend as saying he has no "
        "target for the U.S. currency."
    )
    assert [(q.source.text, q.text) for q in doc._.quotes] == [
        ("Baker", "he has no target for the U.S. currency")
    ]


def test_the_passive_relay_speaker_comes_before_it(nlp):
    doc = nlp('"We may have to look abroad," Keswick was quoted as saying.\n REUTER')
    assert [q.source.text for q in doc._.quotes] == ["Keswick"]


def test_a_quoted_object_without_as_saying_is_what_was_quoted(nlp):
    doc = nlp("The newspaper quoted the report in full.")
    assert [(q.source.text, q.text) for q in doc._.quotes] == [
        ("The newspaper", "the report in full")
    ]


def test_a_subject_the_parser_took_for_the_cues_object_opens_the_clause(nlp):
    doc = nlp(
        "The Daily Telegraph quoted Jardine chairman Simon Keswick as saying Hongkong Land "
        "was at a crossroads now that its assets are being sold off."
    )
    assert [q.text for q in doc._.quotes] == [
        "Hongkong Land was at a crossroads now that its assets are being sold off"
    ]


@pytest.mark.parametrize(
    ("text", "not_said"),
    [
        # whom it was said to
        (
            "Narjes told ministers capacity was 30 mln tonnes in excess of requirements.",
            "ministers",
        ),
    ],
)
def test_an_object_that_is_no_subject_stays_out_of_the_clause(nlp, text, not_said):
    doc = nlp(text)
    assert not any(q.text.startswith(not_said) for q in doc._.quotes)


def test_a_verb_of_intention_reports_no_clause_before_it(nlp):
    # "planes" read as the verb "plan", which reports only with an infinitive
    doc = nlp(
        "Purchases included three Boeing passenger planes for 400 mln dlrs, four McDonnell "
        "Douglas planes for 300 mln dlrs; and machinery."
    )
    assert not [q for q in doc._.quotes if q.text.startswith("Purchases")]


def test_a_reporting_verb_reports_the_clause_before_it(nlp):
    doc = nlp(
        "The first banks to issue the variable CDs were Sanwa Bank Ltd and Fuji Bank Ltd, "
        "Shearson detailed."
    )
    assert [(q.source.text, q.cue.text) for q in doc._.quotes] == [("Shearson", "detailed")]


def test_a_source_never_runs_over_its_cue(nlp):
    # The parser hangs "expect" inside its own subject here; the source stops before it.
    doc = nlp(
        "A majority of voters expect Clinton to win Monday's debate, the first of the "
        "presidential general election, at Hofstra University on Long Island -- 44 percent "
        "to Trump's 34 percent."
    )
    expect = next(q for q in doc._.quotes if q.cue and q.cue.text == "expect")
    assert expect.source is not None and expect.source.text == "A majority of voters"


def test_quote_fields_follow_the_contract(nlp):
    text = "Ban Ki-moon said: “We will continue.” He said the talks would resume."
    doc = nlp(text)
    for n, q in enumerate(doc._.quotes, start=1):
        assert q.id == f"q{n}"
        assert text[q.start : q.end] == q.text
        assert text[q.cue.start : q.cue.end] == q.cue.text
        assert text[q.source.start : q.source.end] == q.source.text
        assert q.time is None  # the time stage links it
    direct = doc._.quotes[0]
    assert text[direct.start - 1] == "“" and text[direct.end] == "”"


def _article(sample_articles, title_start):
    (found,) = [a for a in sample_articles if a["title"].startswith(title_start)]
    return Article(text=found["text"], id=found["id"], published=found["date"])


def test_real_article_with_several_speakers(nlp, sample_articles):
    """Wikinews (CC BY 2.5): two people quoted, one with a title before the name."""
    article = _article(sample_articles, "At least 107 killed in Mecca")
    (record,) = list(extract([article], nlp))
    validate(record)
    got = [(q["kind"], q["speaker"]["name"] if q["speaker"] else None) for q in record["quotes"]]
    assert ("direct", "Suleiman al-Amr") in got
    assert got.count(("direct", "Khaled Al-Maeena")) == 2
    text = record["text"]
    for q in record["quotes"]:
        if q["kind"] == "direct":
            assert text[q["start"] - 1] in '"“' and text[q["end"]] in '"”'


def test_real_article_with_pronoun_and_organisation_speakers(nlp, sample_articles):
    """Wikinews (CC BY 2.5): a news agency quoted, then referred to as "it"."""
    article = _article(sample_articles, "North Korea puts military")
    (record,) = list(extract([article], nlp))
    validate(record)
    by_source = {
        q["source"]["text"]: q["speaker"]["name"] if q["speaker"] else None
        for q in record["quotes"]
        if q["source"]
    }
    assert by_source["KCNA"] == "Korean Central News Agency"
    assert by_source["it"] == "Korean Central News Agency"
    assert by_source["South Korea"] == "South Korea"
    assert by_source["North Korea"] == "North Korea"
    assert json.dumps(record)  # JSON-ready


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In an NBC News poll released Monday, 50 percent of respondents chose Clinton.",
            ("50 percent of respondents chose Clinton", "an NBC News poll"),
        ),
        (
            "Trump leads Cruz by nine points in the RealClearPolitics average.",
            ("Trump leads Cruz by nine points", "the RealClearPolitics average"),
        ),
    ],
)
def test_a_poll_sources_the_clause_its_in_phrase_opens_or_closes(nlp, text, expected) -> None:
    doc = nlp(text)
    found = [(q.text, q.source.text) for q in doc._.quotes if q.cue and q.cue.text == "In"]
    found += [(q.text, q.source.text) for q in doc._.quotes if q.cue and q.cue.text == "in"]
    assert found == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # In the middle of its clause the phrase qualifies a detail, not the whole clause.
        "Trump rose in the polls by a wide margin for months after the debate.",
        # Not a poll.
        "In a speech on Monday, the governor thanked his staff.",
    ],
)
def test_no_poll_source(nlp, text) -> None:
    doc = nlp(text)
    assert [q for q in doc._.quotes if q.cue and q.cue.text.lower() == "in"] == []


def _parsed(nlp, rows: list[tuple[str, str, str, str, str, int]]):
    """A Doc with the parse given row by row (word, lemma, pos, tag, dep, head): a parse
    the model gives only in longer sentences, pinned here."""
    from spacy.tokens import Doc

    words, lemmas, pos, tags, deps, heads = (list(col) for col in zip(*rows, strict=True))
    return Doc(nlp.vocab, words=words, lemmas=lemmas, pos=pos, tags=tags, deps=deps, heads=heads)


def test_a_reason_the_parser_hangs_on_the_cue_is_part_of_what_was_said(nlp) -> None:
    from dateline.nlp import indirect

    doc = _parsed(
        nlp,
        [
            ("The", "the", "DET", "DT", "det", 1),
            ("bank", "bank", "NOUN", "NN", "nsubj", 2),
            ("said", "say", "VERB", "VBD", "ROOT", 2),
            ("rates", "rate", "NOUN", "NNS", "nsubj", 5),
            ("would", "would", "AUX", "MD", "aux", 5),
            ("rise", "rise", "VERB", "VB", "ccomp", 2),
            ("because", "because", "SCONJ", "IN", "mark", 8),
            ("prices", "price", "NOUN", "NNS", "nsubj", 8),
            ("rose", "rise", "VERB", "VBD", "advcl", 2),
            (".", ".", "PUNCT", ".", "punct", 2),
        ],
    )
    found = [(doc.text[c.start : c.end], c.rule) for c in indirect.speech_clauses(doc)]
    assert found == [("rates would rise because prices rose", "reported_clause")]


def test_an_expletive_it_is_no_source(nlp) -> None:
    doc = nlp("It was announced on Monday that the talks would resume.")
    assert [(q.text, q.source) for q in doc._.quotes] == [("that the talks would resume", None)]


def test_a_clause_closed_by_a_colon_before_the_cue_is_not_what_it_reports(nlp) -> None:
    from dateline.nlp import indirect

    doc = _parsed(
        nlp,
        [
            ("We", "we", "PRON", "PRP", "nsubj", 2),
            ("have", "have", "AUX", "VBP", "aux", 2),
            ("been", "be", "AUX", "VBN", "ccomp", 7),
            ("here", "here", "ADV", "RB", "advmod", 2),
            ("before", "before", "ADV", "RB", "advmod", 2),
            (":", ":", "PUNCT", ":", "punct", 2),
            ("Tadic", "Tadic", "PROPN", "NNP", "nsubj", 7),
            ("said", "say", "VERB", "VBD", "ROOT", 7),
            ("so", "so", "ADV", "RB", "advmod", 7),
            (".", ".", "PUNCT", ".", "punct", 7),
        ],
    )
    found = [doc.text[c.start : c.end] for c in indirect.speech_clauses(doc)]
    assert "We have been here before" not in found


def test_as_with_a_phrasal_cue_reports_what_it_calls_for(nlp) -> None:
    found = quotes_of(
        nlp, "The actress was emotional as she called for the ratification of the amendment."
    )
    assert [q[1] for q in found] == ["the ratification of the amendment"]
