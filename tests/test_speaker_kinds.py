"""Speakers say how they were found, and who they are when no entity names them (issue 18):
record ``speaker.kind``/``via``/``confidence``/``description``/``affiliation``, kept by the
store (m010) and filtered by ``quotes --speaker-kind`` / ``--affiliation``."""

from __future__ import annotations

import pytest

from dateline import Article, validate
from dateline.extraction import extract
from dateline.store import open_store
from dateline.store.records import records
from store_records import record


def quotes_of(nlp, text: str) -> list[tuple[dict, dict[str, str]]]:
    rec = next(extract([Article(text=text, published="1987-04-01")], nlp=nlp))
    validate(rec)
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return [(q, names) for q in rec["quotes"]]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "description", "affiliation"),
    [
        ("Analysts said the dollar would fall further next week.", "Analysts", None),
        ("A Treasury spokesman said the talks would resume in May.", "A Treasury spokesman",
         "Treasury"),
        ("Japanese officials said the pact on microchip trade was working.",
         "Japanese officials", "Japan"),
        ("Ghanaian officials said cocoa output would rise this year.",
         "Ghanaian officials", "Ghana"),
        # a description noun stands for the firm "the company" would be
        ("Dome Petroleum Ltd's plan will be detailed to its creditors next week, a company "
         "spokesman said.", "a company spokesman", "Dome Petroleum Ltd"),
        ("The plan will be detailed to creditors next week, a company spokesman said.",
         "a company spokesman", None),
        # another of the kind
        ("The Bank of England held its rates. Rates will stay low, an official at one U.K. "
         "merchant bank said.", "an official at one U.K. merchant bank", None),
    ],
)  # fmt: skip
def test_an_unnamed_speaker_is_described_with_whom_it_speaks_for(
    nlp, text, description, affiliation
):
    [(q, names)] = quotes_of(nlp, text)
    speaker = q["speaker"]
    assert speaker["entity"] is None and speaker["name"] is None
    assert (speaker["kind"], speaker["via"], speaker["description"]) == (
        "unnamed",
        "description",
        description,
    )
    assert names.get(speaker["affiliation"]) == affiliation


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "speaker", "via"),
    [
        ("General Motors Corp cut its forecast on Tuesday. The company said sales would "
         "fall 10 pct.", "The company", "General Motors Corp", "description"),
        ("The UK Government published the form on Monday. It must be completed in "
         "English, the government said.", "the government", "UK Government",
         "description"),
        # A newspaper NER typed a law or a work of art is still a newspaper.
        ("According to the Sydney Morning Herald, the parents refused treatment.",
         "the Sydney Morning Herald", "Sydney Morning Herald", "name"),
        # An industry's noun fits a name that holds the industry's word.
        ("Central Maine Power Co issued a request for proposals. The utility said it "
         "expects 150 bids.", "The utility", "Central Maine Power Co", "description"),
        ("The U.S. Agriculture Department issued its crop report on Friday. Farm prices "
         "fell, the department said.", "the department", "U.S. Agriculture Department",
         "description"),
        ("Russian Foreign Minister Sergei Lavrov arrived on Monday. Lavrov said the talks "
         "would go on.", "Lavrov", "Sergei Lavrov", "surname"),
        ("Sergei Lavrov said the talks would go on.", "Sergei Lavrov", "Sergei Lavrov",
         "name"),
        # NER missed the company; its suffix tells it is one.
        ("FRANKFURT, March 3 - Volkswagen AG <VOWG.F> said its 1986 profit fell.",
         "Volkswagen AG", "Volkswagen AG", "name"),
        # The parse may make the ticker's closing bracket the subject: the name before it.
        ("CSR Ltd <CSRA.S> said it expected to make an announcement next week which "
         "would have a significant and beneficial impact on the future of the company.",
         "CSR Ltd", "CSR Ltd", "name"),
        # ... or the ticker itself: the source is the name, never the ticker.
        ("Matsushita Electric Industrial Co Ltd\n<MC.T> said it will issue a 200 billion "
         "yen unsecured convertible bond in the domestic capital market.",
         "Matsushita Electric Industrial Co Ltd", "Matsushita Electric Industrial Co Ltd",
         "name"),
        ("Dixons Group Plc <DXNS.L> said that all litigation between the companies has "
         "been dismissed.", "Dixons Group Plc", "Dixons Group Plc", "name"),
        # A company's suffix makes a company of what NER took for a product.
        ("Pearson Plc <PSON.L> said <Camco Inc>, its 65.4 pct owned U.S. Oil and oil "
         "services subsidiary, signed a letter of intent covering Camco's purchase.",
         "Pearson Plc", "Pearson Plc", "name"),
        ("TORONTO, March 3 - <Canamax Resources Inc> said it conditionally agreed to "
         "sell its stake in the mine.", "Canamax Resources Inc", "Canamax Resources Inc",
         "name"),
        # ... and where the parse keeps only the suffixes, the name before its "and".
        ("Merry Land and Investment Co Inc said it would pay a dividend.",
         "Merry Land and Investment Co Inc", "Merry Land and Investment Co Inc", "name"),
        # A role for a person in apposition makes a person of a name NER typed a work.
        ("“Exports are picking up some of the slack,” Martin Mauro, senior economist for "
         "Merrill Lynch Economics, told Reuters.", "Martin Mauro", "Martin Mauro", "name"),
        # A blend of the company's first words, in brackets or not, is its name.
        ("The Adelaide Steamship Co Ltd said profit rose. Adsteam said it would invest "
         "in Britain.", "Adsteam", "Adelaide Steamship Co Ltd", "name"),
        # ... never where a company is called so by its own name.
        ("Comalco Ltd said profit rose. Commonwealth Aluminium Corp cut output. Later "
         "Comalco said prices were low.", "Comalco", "Comalco Ltd", "name"),
        # A description noun after its own name is that organisation.
        ("The United Auto Workers said talks ended. The United Auto Workers union said it "
         "would strike on Monday.", "The United Auto Workers union", "United Auto Workers",
         "name"),
        ("The People's Daily criticised the plan. The People's Daily newspaper said the "
         "plan was unfair.", "The People's Daily newspaper", "People's Daily", "name"),
        # A text in the person's name is theirs.
        ("Senator John Cornyn criticized the decision. Cornyn's statement added that "
         "Houston should have been selected.", "Cornyn's statement", "John Cornyn",
         "spokesperson"),
        # ... and a company's report is the company's.
        ("Shares of Unilever rose. Unilever's annual report said sales grew 10 pct.",
         "Unilever's annual report", "Unilever", "spokesperson"),
        # A text whose name or description modifies it: "a Treasury statement", "a
        # company statement" (the company named before, as "the company" reads).
        ("Volkswagen AG shares fell. A company statement said the fraud was limited.",
         "A company statement", "Volkswagen AG", "spokesperson"),
        ("The Treasury raised rates. A Treasury statement said inflation was rising.",
         "A Treasury statement", "Treasury", "spokesperson"),
        # "its" report is the firm's "its" stands for; a text "from" or "by" someone is theirs.
        ("Acme Corp cut its dividend. Its debt rose to 20 mln dlrs, according to its "
         "annual report.", "its annual report", "Acme Corp", "spokesperson"),
        ("Chancellor Helmut Kohl wrote to the commission on Monday. A letter from Kohl "
         "said the plan was unfair.", "A letter from Kohl", "Helmut Kohl", "spokesperson"),
        # "The report" is the report named before, and its author speaks.
        ("Shares of Unilever rose on Monday. Sales grew 10 pct last year, according to "
         "Unilever's annual report. Margins would improve, the report said.", "the report",
         "Unilever", "spokesperson"),
        ("Chancellor Helmut Kohl wrote to the commission on Monday. A letter from Kohl "
         "said the plan was unfair. The letter said farmers would suffer.", "The letter",
         "Helmut Kohl", "spokesperson"),
        # ... and so is the statement its author issued, or said something in.
        ("The Holocaust Museum issued a statement of concern about refugees. The "
         "statement urged Americans to welcome refugees.", "The statement",
         "Holocaust Museum", "spokesperson"),
        ("Colin Powell said in a statement that the system was fine. The statement added "
         "that Powell used a separate computer.", "The statement", "Colin Powell",
         "spokesperson"),
        # A poll, a survey or a study is its pollster's or author's, and so is "the poll".
        ("Clinton leads in Ohio. A Quinnipiac University poll found that she is ahead. The "
         "poll also found that voters distrust both.", "The poll", "Quinnipiac University",
         "spokesperson"),
        ("Veterans face risks. A 46-page suicide analysis released by the Department of "
         "Veterans Affairs reveals that veterans are at risk.", "A 46-page suicide analysis",
         "Department of Veterans Affairs", "spokesperson"),
        # "OPEC" only modifies "countries": it is no subject for "it" to stand for.
        ("Oil output fell in February, the International Energy Agency said. A few OPEC "
         "countries exceeded their quotas last month, it said in its monthly report.",
         "it", "International Energy Agency", "pronoun"),
    ],
)  # fmt: skip
def test_a_named_speaker_says_how_it_was_found(nlp, text, source, speaker, via):
    found = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]}
    assert found[source]["name"] == speaker
    assert (found[source]["kind"], found[source]["via"]) == ("named", via)
    assert 0 < found[source]["confidence"] <= 1


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The firm that spoke, not the one its statement names after it.
        ("Acme Corp said its directors reviewed a Beta Corp merger proposal. The company "
         "said the board would meet again next week.", "Acme Corp"),
        ("Delta Mining Ltd said it will sell two mln shares through underwriters led by "
         "Smith Barney Inc. Proceeds will be used to repay debt, the company said.",
         "Delta Mining Ltd"),
        # The subject that does not fit the noun is passed over.
        ("The Treasury said it would buy the bonds from Acme Corp. The company said the "
         "sale was completed on Friday.", "Acme Corp"),
        # No firm is the subject of a main clause: the nearest that fits.
        ("Investors bought shares of Gamma Inc on Monday. The company said sales rose "
         "ten pct.", "Gamma Inc"),
        # No name says "company": the one organisation just named, a main subject.
        ("United Technologies is not hurting like the American automakers. But the "
         "company says it fears it could end up in a similar situation.",
         "United Technologies"),
        # A legal form written into the name's last word, a bank holding company's.
        ("Keycorp said it agreed to acquire Commercial Security Bancorp. The company said "
         "the merger would close in June.", "Keycorp"),
        ("Rainier Bancorp said it will add 58 mln dlrs to its loan loss reserve. The "
         "company said earnings would recover.", "Rainier Bancorp"),
        # A firm that spoke before wins over a nearer main subject that did not.
        ("Raytheon Co said its Missile Systems Division is prime contractor for the "
         "system. Martin Marietta Corp is a major subcontractor. The company also said "
         "more than 4500 vendors are taking part.", "Raytheon Co"),
        # ... and a ticker after the name changes nothing: "Newmont Mining Corp <NEM>" is
        # the subject the parse hangs on "NEM".
        ("Newmont Mining Corp <NEM> said Magma Copper Co's by-laws have been restated. "
         "The company said there are two exceptions.", "Newmont Mining Corp"),
        # ... and so for "the group", "the network" and their like.
        ("The Tax Policy Center, reviewing a previous draft of his plan, came to a similar "
         "conclusion. The top 1 percent would see an average tax cut of $275,000, the "
         "group said.", "Tax Policy Center"),
        # A name with a possessive ending that owns nothing keeps it: "Moody's" is the
        # agency named in full before.
        ("Moody's Investors Service Inc said it may downgrade the debt of Acme Corp.\n\n"
         "Moody's cited the cost of the takeover. The agency said the review would take a "
         "month.", "Moody's Investors Service Inc"),
    ],
)  # fmt: skip
def test_the_company_is_the_firm_the_story_is_about(nlp, text, speaker):
    found = {q["source"]["text"].lower(): q["speaker"] for q, _ in quotes_of(nlp, text)}
    [described] = [v for k, v in found.items() if k in {"the company", "the group", "the agency"}]
    assert described["name"].rstrip(".") == speaker
    assert described["via"] == "description"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # Two organisations just named: the object may be the company.
        "The NAACP sued Ameriquest on Monday. The company said the suit had no merit.",
        "The Justice Department fined Verizon Communications on Monday. The company "
        "said it would appeal.",
        # A name that says it is of another kind is no company.
        "The Democratic Party met on Monday. The company said it would appeal.",
        # A description that names its own.
        "Verizon Communications cut 500 jobs on Monday. According to the activist group "
        "Mosul Eye, at least 38 babies have been killed.",
    ],
)
def test_the_company_is_no_one_when_the_name_or_a_rival_leaves_doubt(nlp, text):
    found = {q["source"]["text"].lower(): q["speaker"] for q, _ in quotes_of(nlp, text)}
    [speaker] = [v for k, v in found.items() if "company" in k or "group" in k]
    assert speaker["entity"] is None or speaker["name"] != "Verizon Communications"


@pytest.mark.model
@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "noun", "not_it"),
    [
        # One word NER may type an organisation is no firm's own name: it may be a person's.
        ("Senator Smith spoke on Monday. The Smith committee said it would meet.",
         "committee", "Smith"),
        # A campaign named after its leader is the campaign's own, never the leader's.
        ("Trump met the press. The Trump campaign said it would appeal.", "campaign",
         "Trump"),
        # A name that says its kind names the body the noun is part of.
        ("Demand fell, the Energy Information Administration (EIA) said.\n\nIn its weekly "
         "report, the Energy Department agency said distillate demand was down 2.2 pct.",
         "agency", "Energy Department"),
    ],
)  # fmt: skip
def test_a_name_before_a_description_noun_is_not_always_its_own(nlp, text, noun, not_it):
    found = {q["source"]["text"]: (q["speaker"], n) for q, n in quotes_of(nlp, text)}
    [(speaker, names)] = [v for k, v in found.items() if k.endswith(noun)]
    assert speaker["entity"] is None or names[speaker["entity"]] != not_it


def test_a_description_is_no_one_when_the_company_that_spoke_may_be_it(nlp):
    # The bank that fits the noun is only named in the statement of a company whose name
    # does not: "the bank" may be that company, so it is no one's, in the quote or in
    # the entities' mentions.
    text = (
        "Security Pacific Corp said its earnings were slowed by the purchase of Rainier "
        "Bancorp. The bank said it earned 128 mln dlrs in the quarter."
    )
    rec = next(extract([Article(text=text, published="1987-04-01")], nlp=nlp))
    [speaker] = [q["speaker"] for q in rec["quotes"] if q["source"]["text"] == "The bank"]
    assert speaker["entity"] is None
    held = {m["text"] for e in rec["entities"] for m in e["mentions"]}
    assert "The bank" not in held


@pytest.mark.model
def test_a_company_that_spoke_is_no_rival_for_a_noun_that_names_no_business(nlp):
    text = (
        "Santa Fe Southern Pacific Corp said it filed a petition asking the Interstate "
        "Commerce Commission to reconsider the merger. If the commission agrees that "
        "public benefits will result, it can vote to reopen the case."
    )
    rec = next(extract([Article(text=text, published="1987-04-01")], nlp=nlp))
    names = {e["id"]: e["name"] for e in rec["entities"]}
    [speaker] = [q["speaker"] for q in rec["quotes"] if q["source"]["text"] == "the commission"]
    assert names[speaker["entity"]] == "Interstate Commerce Commission"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source"),
    [
        # Two who sent it, a text with an author of its own, a poll one leads "in".
        ("Bob Goodlatte and Trey Gowdy sent a letter to Comey on Monday. The letter "
         "said the law was clear.", "The letter"),
        ("Donald Trump issued a statement on Monday. The statement by the two said they "
         "would unite.", "The statement by the two"),
        ("Donald Trump is leading in the polls. The polls found that voters are angry.",
         "The polls"),
    ],
)  # fmt: skip
def test_a_text_named_before_is_no_ones_without_one_author(nlp, text, source):
    found = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]}
    assert found[source]["entity"] is None


@pytest.mark.model
def test_a_later_he_is_the_unnamed_spokesman_not_the_person_named_before(nlp):
    text = (
        "Sergei Lavrov met reporters in Moscow on Monday. A Foreign Ministry spokesman "
        "said the talks would resume. He added that no date had been set."
    )
    by_source = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text)}
    assert by_source["He"]["entity"] is None
    assert by_source["He"]["kind"] == "unnamed"
    assert by_source["He"]["description"] == "A Foreign Ministry spokesman"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # The name hangs on a word for a person as a conjunct or apposition.
        ('American academic and professor Marc Lamont Hill commented, "Hoping that the '
         'movement grows."', "American academic and professor Marc Lamont Hill",
         "Marc Lamont Hill"),
        ("Also the president of the Lombardy region, Roberto Maroni, has said the schools "
         "should pay.", "the president of the Lombardy region", "Roberto Maroni"),
        ("According to the Afghan team's coach, Alireza Mehraban, the team played well.",
         "the Afghan team's coach", "Alireza Mehraban"),
        ("Chairman of the Federal Reserve Board Paul Volcker said rates would rise.",
         "Chairman of the Federal Reserve Board Paul Volcker", "Paul Volcker"),
        ("According to Afghan Ambassador to the United States Hamdullah Mohib, the team "
         "was denied visas twice.", "Afghan Ambassador to the United States Hamdullah Mohib",
         "Hamdullah Mohib"),
        # A noun for a person that no title list holds ("host", "partner").
        ("Another RT America host, Abby Martin, said the network had given her freedom.",
         "Another RT America host", "Abby Martin"),
        # The parser hangs the name on the organisation of the role's "at" phrase.
        ('"He showed again and again an ability to put together deals," said his former '
         "business partner at Lenox, Lawrence B. Cummings.",
         "his former business partner at Lenox, Lawrence B. Cummings", "Lawrence B. Cummings"),
        ("Trump's running mate, Indiana Gov. Mike Pence, said he would release his "
         "returns.", "Trump's running mate", "Mike Pence"),
        # One of a plural role is one person.
        ("One of his advisers, Tad Devine, told reporters the campaign would go on.",
         "One of his advisers", "Tad Devine"),
        ("In a statement, one of the family's attorneys, Justin Bamberg, said the videos "
         "show him leaving his car.", "one of the family's attorneys", "Justin Bamberg"),
    ],
)  # fmt: skip
def test_a_role_names_the_person_in_apposition(nlp, text, source, speaker):
    found = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]}
    assert (found[source]["name"], found[source]["via"]) == (speaker, "name")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source"),
    [
        # A role the name comes before and modifies speaks for the person; it is not
        # the person.
        ('Ted Cruz won Iowa. "I think politicians are practical people," said the senior '
         "Cruz adviser.", "the senior Cruz adviser"),
        ("Hillary Clinton spoke on Monday. Clinton aides said the speech went well.",
         "Clinton aides"),
        ("Donald Trump spoke on Monday. A top Donald Trump adviser said the rally would go "
         "ahead.", "A top Donald Trump adviser"),
        # A name that modifies what the source belongs to: the campaign's source, the
        # family's spokesman, the radio's source.
        ("Hillary Clinton spoke on Monday. A source at the Clinton campaign said the rally "
         "would go ahead.", "A source at the Clinton campaign"),
        ("John Smith died on Monday. A spokesman for the Smith family said the funeral "
         "would be private.", "A spokesman for the Smith family"),
        ("Soldiers killed one man. A source at the Cap Haitien church radio said the "
         "soldiers left.", "A source at the Cap Haitien church radio"),
        # A plural role, and a name the parse hung on a subject past its verb.
        ("Cruz's lawyers filed a brief.\n\nThe lawyers also pointed to the valid "
         "candidacies of two former Republican hopefuls, Sen. John McCain of Arizona and "
         "former Gov. George Romney of Michigan.", "The lawyers"),
    ],
)  # fmt: skip
def test_a_role_the_name_modifies_is_not_the_person(nlp, text, source):
    found = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]}
    assert found[source]["entity"] is None
    assert found[source]["kind"] == "unnamed"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # A plural describes more than the one person named beside it.
        "Two objectors, Lawrence Joyce and Mary Smith, said the plan was flawed.",
        "The three constitutional scholars, Laurence Tribe among them, said the rule was unlawful.",
    ],
)
def test_a_plural_beside_a_name_is_not_that_person(nlp, text):
    [(q, _)] = quotes_of(nlp, text)
    assert q["speaker"]["entity"] is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source"),
    [
        # NER types the ship's name a person; one of the ships is no speaker.
        ("One of the ships, the Abraham Lincoln, reported the storm was moving east.",
         "One of the ships"),
        # "One or more of" is not one person.
        ("One or more of his rivals, Bernie Sanders, said the plan was flawed.",
         "One or more of his rivals"),
    ],
)  # fmt: skip
def test_one_of_a_plural_is_no_person_named_beside_it_unless_one_person(nlp, text, source):
    [(q, _)] = quotes_of(nlp, text)
    assert q["source"]["text"] == source
    assert q["speaker"] is None


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "A spokesman for John Smith said the talks would resume.",
        "John Smith's lawyer said the case was weak.",
        "The Smith campaign's spokesman said John Smith would win.",
        "An adviser to Senate Majority Leader Mitch McConnell said the vote would wait.",
    ],
)
def test_someone_who_speaks_for_a_person_is_not_that_person(nlp, text):
    [(q, _)] = quotes_of(nlp, text)
    assert q["speaker"]["entity"] is None
    assert q["speaker"]["kind"] == "unnamed"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "description"),
    [
        # A group that spoke: "they" is its speaker, named or unnamed.
        ("Republicans said the bill would fail. They said the vote would come on Friday.",
         "Republicans", None),
        ("The report's authors say iodine deficiency is a problem. They say adding iodine "
         "to salt is the simplest fix.", None, "The report's authors"),
        # People a noun describes, the subject before "they".
        ("Union leaders met the minister on Monday. They said talks would resume.", None,
         "Union leaders"),
        ("Scientology officials went to the station, where they claimed he took files. "
         "They said the files were secret.", None, "Scientology officials"),
        # A subject inside the words "they" reports is none of them, in either piece.
        ("Prices rose on Monday, grain traders said. Most exports went to Egypt, they "
         "said.", None, "grain traders"),
        ("Prices rose on Monday, grain traders said. The new rules, they said, are "
         "designed to curb exports.", None, "grain traders"),
    ],
)  # fmt: skip
def test_they_is_the_group_that_is_the_nearest_plural_subject(nlp, text, name, description):
    they = [q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]["text"].lower() == "they"]
    assert they
    for speaker in they:
        assert (speaker["name"], speaker["description"], speaker["via"]) == (
            name,
            description,
            "pronoun",
        )


@pytest.mark.model
def test_they_never_jumps_over_another_group(nlp):
    text = (
        "Analysts said the dollar would fall. The rebels are protesting in the north. "
        "They said the vote was rigged."
    )
    they = next(q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]["text"] == "They")
    assert they["entity"] is None and they["description"] is None
    assert they["kind"] == "unknown"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Chairman Karl Otto met analysts on Monday. A spokesman for Preussag AG said it "
         "was not certain the company would pay a dividend. He said results were lower.",
         "Preussag AG"),
        ("Max Kampelman suffered a mild heart attack, the State Department's spokesman "
         "said. He said Kampelman was doing well.", "State Department"),
    ],
)  # fmt: skip
def test_he_after_a_spokesperson_is_the_spokesperson_not_a_person_named_before(nlp, text, speaker):
    *_, (q, names) = quotes_of(nlp, text)
    assert q["source"]["text"] == "He"
    assert names.get(q["speaker"]["entity"]) == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("President Reagan said he was summoning Ambassador Max Kampelman home for "
         "consultations. He said they will then return to Geneva.", "Reagan"),
        ("Funaro paid a call in Washington to IMF Managing Director Michel Camdessus. "
         "He said Brazil would achieve a trade surplus.", "Funaro"),
        ("Thomas Lau, Evergo's executive director, declined comment. He told Reuters the "
         "group will keep the stake bought from David Liang. He said the group was "
         "attracted by the hotels.", "Thomas Lau"),
        # A name the pronoun's own clause holds is not whom the pronoun stands for.
        ("Marc Montalvo said he left the group in 2009. Mark Rathbun asked for donations "
         "on his blog to help Montalvo with his legal costs. He described Montalvo as an "
         "individual facing prison.", "Mark Rathbun"),
        # One who spoke before, named just before only as an owner, is no rival.
        ("Laurence Tribe said the rules were like burning the Constitution. Barack Obama "
         "dismissed the criticism as the voice of Mr. Tribe's client, a coal company. He "
         "said the rules would stand.", "Barack Obama"),
        # A name in apposition to the main subject is that subject.
        ("Trump’s Indiana chairman, Rex Early, a former state party chairman who just "
         "signed on to Trump’s team last weekend, said he has not explored the delegate "
         "process enough to see how it will unfold. He said he intends to pursue a slot "
         "as an at-large delegate next week.", "Rex Early"),
        # ... but a name in apposition to an object is no main subject and no rival.
        ("Retired neurosurgeon Ben Carson defended his staff shake-up on Sunday.\n\nCarson "
         "brought in a new campaign manager, retired Army general Bob Dees, late last "
         "month, leading to the exodus of former campaign manager Barry Bennett. He "
         "praised those who left but said, \"We're in a different ballgame.\"",
         "Ben Carson"),
        # A title heading the main clause before, no source itself, is its person's
        # mention: "He" goes on with that one.
        ("Judge Richard Berman heard the case on Monday. He was largely swayed by Ben "
         "Brafman.\n\nEither way, the judge did not go along with the prosecutors. He said "
         "the sentence was fair.", "Richard Berman"),
    ],
)  # fmt: skip
def test_he_after_two_people_is_the_one_main_clause_subject(nlp, text, speaker):
    *_, (q, names) = quotes_of(nlp, text)
    assert q["source"]["text"].lower() in {"he", "she"}
    assert names.get(q["speaker"]["entity"]) == speaker
    assert q["speaker"]["via"] == "pronoun"


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "she" opens the clause that the nearest person who fits reports: that person,
        # though another who spoke is named in the sentence before.
        ("Mary Smith said the plan would fail. Linda Davis answered Mary Smith on Tuesday. "
         "Davis said she expects the council “to approve the plan next week.”",
         "Linda Davis"),
        ('Tom Bryson said the offer was fair. Wilf Gobert of Peters and Co disagreed with '
         'Bryson. Gobert said he believes the offer is "at the upper end of what anyone '
         'would pay."', "Wilf Gobert"),
        # ... or the clause conjoined to one whose subject that person is.
        ('Tom Bryson said the offer was fair. Wilf Gobert of Peters and Co disagreed with '
         'Bryson. Gobert sold his shares on Monday, but he said the price "was far too '
         'low."', "Wilf Gobert"),
        ("Mary Smith said the plan would fail. Linda Davis answered Mary Smith on Tuesday. "
         "Davis rejected the charge, and she said the council “would approve the plan next "
         "week.”", "Linda Davis"),
        # The nearest is the one told, not the one reporting: still a guess, so no one.
        ("Mary Smith said the plan would fail. Linda Davis answered Mary Smith on Tuesday. "
         "Davis told Smith she expects the council “to approve the plan next week.”", None),
    ],
)  # fmt: skip
def test_a_pronoun_carries_on_the_subject_that_reports_or_precedes_its_clause(nlp, text, speaker):
    *_, (q, names) = quotes_of(nlp, text)
    assert q["source"]["text"].lower() in {"he", "she"}
    assert names.get((q["speaker"] or {}).get("entity")) == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A name inside quotation marks is someone's words: "he" outside them is not the
        # person the quote talks about.
        ("Jens Kamp, a NATO official, spoke in Brussels on Monday. The alliance has moved "
         'troops east. "More is being decided than Putin could ever have imagined," he '
         "said.", "Jens Kamp"),
        ('Vladimir Putin met the leaders in Moscow. Jens Kamp, a NATO official, spoke in '
         'Brussels on Monday. "More is being decided than Putin could ever have imagined," '
         "he said. The major danger he sees for these plans, he said, is the election.",
         "Jens Kamp"),
    ],
)  # fmt: skip
def test_a_name_inside_quotation_marks_is_no_antecedent_outside(nlp, text, speaker):
    found = [(q, n) for q, n in quotes_of(nlp, text) if q["source"]]
    assert found
    for q, names in found:
        assert names.get(q["speaker"]["entity"]) == speaker, q["text"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The one person named before is named again as an argument of the pronoun's
        # own clause: the pronoun is someone else, whom the rules cannot name.
        ("Donald Trump won Nevada. The Wisconsin Republican was cautious. He said on "
         "Thursday that Trump needs to do more work.", None),
        ("Donald Trump won Nevada. He has asked party leaders to disavow Mr. Trump.", None),
        # An owner, a clause conjoined to the pronoun's own, and a name after a quotation
        # are no argument of it: the pronoun may be that person, as news writes it.
        ("Donald Trump is raising questions about the debate. He notes that there was an "
         "issue with Trump's microphone.", "Donald Trump"),
        ("Dennis Prager wrote a column on Monday. He admits that the critics have a point, "
         "but Prager thinks their logic is flawed.", "Dennis Prager"),
        ('Donald Trump may be harder to ignore. After Hillary Clinton accused him of sexism, '
         'he warned, "Certainly if they play that card, it will be fair game," Trump told '
         "NBC on Monday.", "Donald Trump"),
    ],
)  # fmt: skip
def test_a_pronoun_is_no_name_its_own_clause_holds(nlp, text, speaker):
    found = [(q, n) for q, n in quotes_of(nlp, text) if q["source"]]
    [(q, names)] = [(q, n) for q, n in found if q["source"]["text"].lower() == "he"]
    assert names.get(q["speaker"]["entity"]) == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        # Two subjects: either may be "he".
        "Michael Howard met Toyoo Gyohten on Monday. Gyohten told the conference the "
        "talks went well. He said a pact was near.",
        "Chancellor Kohl's spokesman, Friedhelm Ost, met Helmut Schmidt. He said the "
        "talks were useful.",
        # The subject is a name NER did not make a person: he may be that one.
        "Miyazawa told a press conference Prime Minister Yasuhiro Nakasone would not "
        "travel. Nakasone hopes to meet President Reagan in May. Asked if he planned to "
        "visit, he said he had no plans.",
        # "He" of the sentence before is not the name in its own clause: the next "He"
        # goes on with that one, whom the rules could not name.
        "Bruce Levell believes people do not know the man. Levell is on a mission to "
        "change the perception that Michael Howard is racist. He dismisses accusations "
        "that Michael Howard has exploited tensions. He said the campaign had grown.",
        # The one person named is far; the main subject since is a name no entity holds.
        "Donald Trump sat down with a television doctor on Thursday. The two talked about "
        "health.\n\nFor years, Oz has been dogged by charges that he gives questionable "
        "advice. He said the charges were unfair.",
        # ... or owns the main subject.
        "Donald Trump sat down with a television doctor on Thursday. The two talked about "
        "health.\n\nOz’s dubious advice earned him the attention of Congress, where he "
        "said the charges were unfair.",
    ],
)
def test_he_after_two_possible_subjects_is_not_guessed(nlp, text):
    for q, names in quotes_of(nlp, text):
        if q["source"] and q["source"]["text"].lower() == "he":
            assert q["speaker"]["entity"] is None or names[q["speaker"]["entity"]] not in {
                "Michael Howard",
                "Helmut Schmidt",
                "Friedhelm Ost",
                "Yasuhiro Nakasone",
                "Donald Trump",
            }, q


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # A full name NER missed is matched whole, never by its surname alone ...
        ("Donald Trump spoke on Monday. The Trump campaign said it was fine. In an essay, "
         "Ivanka Trump acknowledged the battle.", "Ivanka Trump", None),
        # ... but a title before the surname is no given name.
        ("Donald Trump spoke on Monday. The Trump campaign said it was fine. President "
         "Trump said it was great.", "President Trump", "Donald Trump"),
    ],
)  # fmt: skip
def test_a_name_ner_missed_is_matched_whole(nlp, text, source, speaker):
    found = [(q, n) for q, n in quotes_of(nlp, text) if q["source"]]
    [(q, names)] = [(q, n) for q, n in found if q["source"]["text"] == source]
    assert names.get(q["speaker"]["entity"]) == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "He said the situation would be discussed in Moscow.",  # no one before "He"
        # The one person named before is named again in the pronoun's own clause.
        "Sam Jones arrived late. He told Sam Jones the plan had failed.",
        "The ministry said it would act.",  # no organisation named before "the ministry"
    ],
)
def test_a_source_with_no_antecedent_is_not_guessed(nlp, text):
    [(q, _)] = quotes_of(nlp, text)
    assert q["speaker"]["entity"] is None
    assert q["speaker"]["kind"] in {"unknown", "unnamed"}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Some analysts doubt it. A report said the economy was weak.",  # no author
        # A company statement with no company named whose name fits "company" before it.
        "Scandinavian Airline Systems postponed the order. A company statement said "
        "the decision would come later.",
        # A place is where a report was filed, not who wrote it.
        "The yen fell. A report from Tokyo said the bank would act.",
        # A filing is named after the regulator it was filed with, not its author.
        "Beta Inc shares rose. A Securities and Exchange Commission filing said Acme "
        "Corp holds five pct of Beta Inc.",
        # Two authors: neither alone.
        "Prices fell. A 2014 study by Harvard and the University of California at Berkeley "
        "found that poor children rarely move up.",
    ],
)
def test_a_text_with_no_author_named_has_no_speaker_entity(nlp, text):
    [(q, _)] = [(q, r) for q, r in quotes_of(nlp, text) if q["source"]["text"].startswith("A ")]
    assert q["speaker"]["entity"] is None


@pytest.mark.model
def test_who_quotes_a_statement_did_not_write_it(nlp):
    text = 'Iran said it had won. "The operation was a success," said the statement quoted by IRNA.'
    found = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text)}
    assert found["the statement"]["entity"] is None


@pytest.mark.model
def test_the_report_after_a_report_with_no_author_has_none(nlp):
    """ "The report" is the report just named: when that one has no author, an earlier
    report's author does not speak for it."""
    text = (
        "Shares of Unilever rose, according to Unilever's annual report. A report said "
        "demand was weak. The report added that prices would fall."
    )
    found = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text)}
    assert found["Unilever's annual report"]["name"] == "Unilever"
    assert found["A report"]["entity"] is None
    assert found["The report"]["entity"] is None


@pytest.mark.model
def test_a_quote_without_source_has_no_speaker(nlp):
    text = 'The statement ended: "We will not give up."'
    assert all(q["speaker"] is None for q, _ in quotes_of(nlp, text) if q["source"] is None)


TEXT = "A Treasury spokesman said the dollar would fall. Treasury officials declined to comment."


def unnamed_record(aid: str) -> dict:
    rec = record(
        aid,
        TEXT,
        entities=[("Treasury", "ORG", ["Treasury", "Treasury"], [])],
        quotes=[{"content": "the dollar would fall", "cue": "said", "kind": "indirect",
                 "source": "A Treasury spokesman"}],
    )  # fmt: skip
    rec["quotes"][0]["speaker"] = {
        "entity": None, "name": None, "kind": "unnamed", "via": "description",
        "confidence": 0.95, "description": "A Treasury spokesman", "affiliation": "e1",
    }  # fmt: skip
    validate(rec)
    return rec


def test_the_store_keeps_an_unnamed_speaker_and_filters_by_kind_and_affiliation(store_url):
    from dateline import query

    with open_store(store_url) as store:
        store.add_records([unnamed_record("a1")])
        [back] = records(store)
        assert back["quotes"][0]["speaker"] == unnamed_record("a1")["quotes"][0]["speaker"]
        assert len(query.quotes(store, speaker_kind="unnamed")) == 1
        assert query.quotes(store, speaker_kind="named") == []
        [row] = query.quotes(store, affiliation="Treasury")
        assert (row["speaker_kind"], row["speaker_description"]) == (
            "unnamed",
            "A Treasury spokesman",
        )
        with pytest.raises(query.InvalidQuery):
            query.quotes(store, speaker_kind="anonymous")


def test_quotes_cli_filters_by_speaker_kind(tmp_path, capsys):
    from test_cli_store import run

    db = str(tmp_path / "kb.db")
    with open_store(db) as store:
        store.add_records([unnamed_record("a1")])
    code, out, _ = run(
        capsys, "quotes", "--db", db, "--speaker-kind", "unnamed", "--format", "jsonl"
    )
    assert code == 0 and "the dollar would fall" in out
    code, out, _ = run(capsys, "quotes", "--db", db, "--speaker-kind", "named")
    assert code == 0 and "the dollar would fall" not in out
    code, out, _ = run(capsys, "quotes", "--db", db, "--affiliation", "Treasury")
    assert code == 0 and "the dollar would fall" in out
    code, _, err = run(capsys, "quotes", "--db", db, "--speaker-kind", "anonymous")
    assert code == 2 and "anonymous" in err


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "organisation", "mentions"),
    [
        # "its": the subject of its clause (nlp/org_pronouns.py).
        ("General Motors Corp cut its forecast. Analysts said the company had little choice.",
         "General Motors Corp", ["General Motors Corp", "its", "the company"]),
        ("The Agriculture Department met on Friday. Farmers criticised the department's plan.",
         "Agriculture Department", ["Agriculture Department", "the department"]),
        # No organisation whose name fits: "the bank" is not General Motors.
        ("General Motors Corp cut its forecast. Analysts said the bank had little choice.",
         "General Motors Corp", ["General Motors Corp", "its"]),
    ],
)  # fmt: skip
def test_a_description_anywhere_is_a_mention_of_its_organisation(nlp, text, organisation, mentions):
    rec = next(extract([Article(text=text, published="1987-04-01")], nlp=nlp))
    [entity] = [e for e in rec["entities"] if e["name"] == organisation]
    assert [m["text"] for m in entity["mentions"]] == mentions


def test_the_search_page_says_a_speaker_is_unnamed_and_whom_they_speak_for(tmp_path):
    from fastapi.testclient import TestClient

    from dateline.web import create_app

    db = tmp_path / "kb.db"
    with open_store(db) as store:
        store.add_records([unnamed_record("a1")])
    with TestClient(create_app(str(db), cache=False)) as client:
        page = client.get("/search", params={"q": "dollar"}).text
    assert "A Treasury spokesman" in page
    assert "(unnamed, for <a" in page and ">Treasury</a>)" in page


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        ("Republican presidential nominee John Carter spoke in Ohio on Friday. The "
         "Republican nominee said taxes would fall.", "The Republican nominee", "John Carter"),
        ("Finance Minister Hans Berg met bankers on Monday. The former minister said rates "
         "would rise.", "The former minister", "Hans Berg"),
        # A narrowing word the person's title lacks: nobody, rather than the wrong one.
        ("Republican presidential nominee John Carter spoke in Ohio. Mary Stone spoke in "
         "Toledo. The Democratic presidential nominee said wages would rise.",
         "The Democratic presidential nominee", None),
        ("Finance Minister Hans Berg met bankers on Monday. The foreign minister said "
         "talks would go on.", "The foreign minister", None),
    ],
)  # fmt: skip
def test_the_role_names_the_person_holding_that_very_title(nlp, text, source, speaker):
    found = {q["source"]["text"]: q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]}
    assert found[source]["name"] == speaker
    if speaker:
        assert found[source]["via"] == "title"


def mentions_of(nlp, text: str, name: str) -> list[str]:
    rec = next(extract([Article(text=text, published="1987-04-01")], nlp=nlp))
    validate(rec)
    [entity] = [e for e in rec["entities"] if e["name"] == name]
    return [m["text"] for m in entity["mentions"]]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        # A person's "I", "me", "my" inside the marks are theirs; "we" is not.
        ("“I will keep my seat and we will win,” John Smith said on Monday.", "John Smith",
         ["John Smith", "I", "my"]),
        # An organisation's "we" and "our" are its own.
        ("Apple Inc reported results on Monday. “We expect growth for our shareholders,” "
         "the company said.", "Apple Inc", ["Apple Inc", "the company", "We", "our"]),
        # Someone else's words inside the quote, and the writer's "I" outside any marks.
        ("“My friend told me, ‘I will vote for you,’ and I believed him,” Mary Jones said.",
         "Mary Jones", ["Mary Jones", "My", "me", "I"]),
        ("John Smith said I was wrong about the vote.", "John Smith", ["John Smith"]),
    ],
)  # fmt: skip
def test_first_person_inside_the_marks_is_a_mention_of_the_speaker(nlp, text, name, expected):
    got = mentions_of(nlp, text, name)
    assert sorted(m for m in got if m.lower() not in {"him", "his", "he"}) == sorted(expected)


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("Central Maine Power Co", "utility", True),
        ("Philadelphia Electric Co", "utility", True),
        ("Ford Motor Co", "automaker", True),
        ("Presidential Airways Inc", "carrier", True),
        ("Valero Natural Gas Partners LP", "partnership", True),
        # A plant is no body that speaks; a name without the industry's word fits not.
        ("Peach Bottom Atomic Power Station", "utility", False),
        ("Perry Nuclear Power Plant", "utility", False),
        ("Transco Energy Inc", "utility", False),
        ("Volkswagen AG", "carrier", False),
    ],
)
def test_which_names_fit_a_description(name, head, expected):
    from dateline.nlp.description_rules import description_names, name_fits

    assert name_fits(name, description_names()[head]) is expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "According to Afghan Ambassador to the United States Hamdullah Mohib, the team's "
        "visit is a signal of hope.",
        "The team was refused visas. Russian Ambassador to Kabul Petrov Ivanov said the "
        "decision was wrong.",
    ],
)
def test_a_title_is_no_one_s_name(nlp, text):
    """A run of capitalised words that ends in a title names an office: never a new
    person called "Afghan Ambassador"."""
    rec = next(extract([Article(text=text, published="2017-07-01")], nlp=nlp))
    assert not [e for e in rec["entities"] if e["name"].split()[-1] == "Ambassador"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A story filed from a national capital: "the government" is the host country's.
        ("PARIS, March 18 - The government said it would cut taxes next year.", "France"),
        ("ANKARA, March 29 - Exports rose 10 pct in February. The government said the "
         "deficit would narrow this year.", "Turkey"),
        # Not a capital: no country to take.
        ("NEW YORK, March 2 - The government said the bank should have reported it.", None),
        # Another country named near it, or another country's government before it.
        ("WASHINGTON, March 2 - Brazil asked its creditors for more time. The government "
         "said it would pay in May.", None),
        ("TOKYO, March 2 - The U.S. government wants lower tariffs. Officials met on "
         "Monday. Trade rose. The government said it would study the plan.", None),
        # Nor the government and someone else.
        ("MADRID, March 2 - The government and the unions said wages would rise.", None),
        # A government named otherwise is not the host's.
        ("TOKYO, March 2 - The government of Iran said it would study the plan.", None),
    ],
)  # fmt: skip
def test_the_government_of_a_story_filed_from_a_capital_is_the_host_country(nlp, text, speaker):
    last, _ = quotes_of(nlp, text)[-1]  # the quote of "The government said"
    assert last["source"]["text"].startswith("The government")
    assert (last["speaker"] or {}).get("name") == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        # A commission or an administration is an agency; a federation a union.
        ("The Securities and Exchange Commission reminded raiders of the rules. The agency "
         "said offers must be extended.", "The agency", "Securities and Exchange Commission"),
        ("The Independent Federation of Flight Attendants sued Trans World Airlines Inc. "
         "The union said the order was binding.", "The union",
         "Independent Federation of Flight Attendants"),
    ],
)  # fmt: skip
def test_a_description_fits_an_organisation_of_its_kind(nlp, text, source, speaker):
    assert any(
        q["source"]["text"] == source and (q["speaker"] or {}).get("name") == speaker
        for q, _ in quotes_of(nlp, text)
    )


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "source", "wrong"),
    [
        # "the agency" is the organisation named last, not a department named before it.
        ("The Department of Justice found that the police fined residents. Ferguson had 115 "
         "violent crimes, according to data from the FBI. The agency said the population "
         "was 21,090.", "The agency", "Department of Justice"),
        # A name in the description's own phrase is not what it stands for.
        ("Demand for oil fell 2 pct last week, the Energy Department agency said.",
         "the Energy Department agency", "Energy Department"),
    ],
)  # fmt: skip
def test_a_description_is_not_an_organisation_named_further_back_or_in_its_phrase(
    nlp, text, source, wrong
):
    [speaker] = [q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]["text"] == source]
    assert (speaker or {}).get("name") != wrong


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "kind", "description"),
    [
        # "It" goes on with an unnamed text or body that spoke just before.
        ("Retail sales fell in February, today's survey said. It reported that clothing "
         "stores were the most optimistic.", "unnamed", "today's survey"),
        # Not over another source, nor with a person.
        ("Retail sales fell in February, today's survey said. Costs rose, the chairman "
         "said. It reported that clothing stores were the most optimistic.", "unknown",
         None),
        ("Retail sales fell in February, the spokesman said. It reported that clothing "
         "stores were the most optimistic.", "unknown", None),
    ],
)  # fmt: skip
def test_it_goes_on_with_an_unnamed_text_or_body(nlp, text, kind, description):
    [speaker] = [q["speaker"] for q, _ in quotes_of(nlp, text) if q["source"]["text"] == "It"]
    assert (speaker["kind"], speaker["description"]) == (kind, description)


@pytest.mark.parametrize(
    ("name", "kind", "country", "expected"),
    [
        ("United States", "GPE", "United States", True),
        ("U.S.", "GPE", "United States", True),
        ("U.K.", "GPE", "Britain", True),  # by demonyms.tsv, as "U.K. officials" read
        ("France", "GPE", "Britain", False),
        ("U.K.", "ORG", "Britain", False),  # an organisation is no country
    ],
)
def test_a_country_is_known_by_its_short_names(name, kind, country, expected):
    from dateline.nlp.home_country import is_country
    from dateline.types import Entity

    assert is_country(Entity("e1", name, kind), country) is expected
