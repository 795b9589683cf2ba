"""A source written after its claim that the parser hung inside the claim ("…, a source
at the church radio said."): the claim ends before it and the source is read from the
text between the last commas (``dateline.nlp.trailing_source``)."""

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
