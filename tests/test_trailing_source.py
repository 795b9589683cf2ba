"""A source written after its claim that the parser hung inside the claim ("…, a source
at the church radio said."): the claim ends before it and the source is read from the
text between the last commas (``dateline.nlp.trailing_source``); and one written before
its cue that the parser hung on a phrase fronted before it."""

from __future__ import annotations

import pytest

from dateline import Article, validate
from dateline.extraction import extract

pytestmark = pytest.mark.model


def quotes(nlp, text: str) -> list[tuple[str, str | None, str | None]]:
    rec = next(extract([Article(text=text, published="1987-03-23")], nlp=nlp))
    validate(rec)
    names = {e["id"]: e["name"] for e in rec["entities"]}
    return [
        (
            q["text"],
            q["source"]["text"] if q["source"] else None,
            names.get((q["speaker"] or {}).get("entity")),
        )
        for q in rec["quotes"]
    ]


@pytest.mark.parametrize(
    ("text", "claim_end", "source", "speaker"),
    [
        # One phrase, hung on the claim's last noun as an apposition or a conjunct.
        ("Soldiers killed one man and seriously wounded several others as they barred a "
         "group of landless peasants from 120 acres of land seized from Canadian "
         "missionaries in northern Haiti, a source at the Cap Haitien church radio said.",
         "in northern Haiti", "a source at the Cap Haitien church radio", None),
        ("Japan is becoming dangerously isolated again as the U.S. And Europe feel they "
         "have been cheated by Japanese promises to switch from export to domestic-led "
         "growth, officials and businessmen from around the world said.",
         "domestic-led growth", "officials and businessmen from around the world", None),
        # A description and a name, in either order: the speaker is the name.
        ("The solution of the world's debt crisis requires open markets but a possible "
         "resurgence of protectionism is the biggest danger, the president of the Federal "
         "Association of German Banks, Wolfgang Roeller, said.", "the biggest danger",
         "the president of the Federal Association of German Banks, Wolfgang Roeller",
         "Wolfgang Roeller"),
        ("Three geographically diverse droughts in Asia are being linked by some "
         "scientists to a reintensification of the complex and little-understood El Nino "
         "weather pattern, <Accu-Weather Inc>, a commercial weather forecasting service, "
         "said.", "El Nino weather pattern",
         "<Accu-Weather Inc>, a commercial weather forecasting service",
         "Accu-Weather Inc"),
        # Whom it was told to after the cue.
        ("The recent rise in prices has placed producers on the alert, Manuel Rico, a "
         "consultant with the Group of Latin American and Caribbean Sugar Exporting "
         "Countries (GEPLACEA), told Reuters.", "placed producers on the alert",
         "Manuel Rico, a consultant with the Group of Latin American and Caribbean Sugar "
         "Exporting Countries (GEPLACEA)", "Manuel Rico"),
    ],
)  # fmt: skip
def test_the_claim_ends_before_the_source_written_after_it(nlp, text, claim_end, source, speaker):
    [(claim, found, name)] = quotes(nlp, text)
    assert claim.endswith(claim_end)
    assert (found, name) == (source, speaker)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # Two descriptions: the first is part of the claim ("gas and coal").
        ("It will buy oil, gas and coal, the company said.", "the company"),
        # A clause between the commas is part of the claim.
        ("Sales rose, profits fell, analysts said.", "analysts"),
        # A place before a name is the claim's, not a description of the speaker.
        (
            "The deal includes coal reserves and inactive Powderhorn operations near "
            "Palisade, Colo, Peabody said.",
            "Peabody",
        ),
        # A possessive opens a description ("its governor").
        (
            "The Bank of England does not favour the introduction of rules to shield "
            "companies from hostile takeover attempts, its governor, Robin Leigh-Pemberton, "
            "said.",
            "its governor, Robin Leigh-Pemberton",
        ),
    ],
)
def test_only_the_phrase_after_the_last_comma_is_the_source(nlp, text, source):
    assert [s for _, s, _ in quotes(nlp, text)] == [source]


def test_a_cue_with_its_own_subject_is_left_as_parsed(nlp):
    text = "Prices will rise, Smith said."
    assert quotes(nlp, text) == [("Prices will rise", "Smith", "Smith")]


@pytest.mark.parametrize(
    "text",
    [
        "Gulf Arab states must coordinate economic policies, the President of the Arab "
        "Bankers Association said.",
        "The Chairman of the Dutch Coffee Trade Association said prices would rise.",
        "Japan's voting power would grow, a U.S. Delegate at the bank's annual meeting said.",
    ],
)
def test_an_office_written_with_a_capital_is_no_ones_name(nlp, text):
    [(_, source, speaker)] = quotes(nlp, text)
    assert source is not None and source.split()[0].lower() in {"the", "a"}
    assert speaker is None  # no entity called "President", "Chairman" or "U.S. Delegate"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("In a discovery that could complicate the search for an AIDS vaccine, a team of "
         "U.S. Army doctors said they have uncovered a potentially fatal interaction.",
         "a team of U.S. Army doctors"),
        ("But despite the encouraging signals cited by Salim, some businessmen and bankers "
         "said they are still sceptical about prospects for the economy.",
         "some businessmen and bankers"),
    ],
)  # fmt: skip
def test_a_source_hung_on_a_fronted_phrase_speaks(nlp, text, source):
    assert [s for _, s, _ in quotes(nlp, text)] == [source]


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # The sentence opens on its subject: nothing was fronted.
        ("The operator of a major U.S. crude oil pipeline, shutdown because of flood "
         "damage, said it may be several days before repairs are made.",
         "shutdown because of flood damage"),
        # A singular description after a fronted phrase naming a person would be read
        # as that person, who only asked the questions.
        ("In an interview with Morning Joe hosts Joe Scarborough and Mika Brzezinski, the "
         "Democratic presidential candidate stated that the comments did not fit.",
         "Mika Brzezinski"),
        # A time is no source.
        ("Beck, who supported Sen. Ted Cruz during the primaries, last week said Trump "
         "was seeking to start a media empire.", "last week"),
    ],
)  # fmt: skip
def test_no_source_is_read_where_no_phrase_was_fronted(nlp, text, wrong):
    found = quotes(nlp, text)
    assert found
    assert all(wrong not in (source, name) for _, source, name in found)


def test_a_person_named_before_a_description_and_a_company_is_not_the_company(nlp):
    # The parse hangs all three on "In Frankfurt"; the speaker is Christians, not the bank.
    text = (
        "In Frankfurt F. Wilhelm Christians, joint chief executive of West Germany's "
        "largest bank, Deutsche Bank, said that the U.S. was still committed to the accord."
    )
    assert all(name != "Deutsche Bank" for _, _, name in quotes(nlp, text))


def test_a_name_after_a_closing_mark_and_its_description_speak_together(nlp):
    text = (
        "76-year-old Morton Blackwell, founder of the Leadership Institute, endorsed Cruz "
        "last week, saying he “has consistently demonstrated his deep commitment to "
        "conservative principles.”  “Yes, I support Ted Cruz,” Brent Bozell III, founder "
        "of the Media Research Center, tells Breitbart News in an exclusive interview."
    )
    found = {claim: (source, name) for claim, source, name in quotes(nlp, text)}
    assert found["Yes, I support Ted Cruz,"] == (
        "Brent Bozell III, founder of the Media Research Center",
        "Brent Bozell III",
    )


def test_a_subject_the_parse_finds_inside_the_quoted_words_gives_way(nlp):
    text = (
        '"There is little turnover, no new ideas or impulses," a dealer at a U.S. Bank '
        'said. "It promises to be a boring day."'
    )
    sources = [source for _, source, _ in quotes(nlp, text)]
    assert sources[0] == "a dealer at a U.S. Bank"
