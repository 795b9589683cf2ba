"""bench/wire.py: the wire rebuild, the span check and the scoring, with no model; and
every judged offset against Reuters-21578 when the corpus is present."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "bench"))

import wire  # noqa: E402


@pytest.mark.parametrize(
    ("story", "expected"),
    [
        (
            {"dateline": "SALVADOR, Feb 26 -", "text": "Showers\ncontinued"},
            "SALVADOR, Feb 26 - Showers\ncontinued",
        ),
        ({"dateline": "  TOKYO, June 29 - ", "text": "The bank"}, "TOKYO, June 29 - The bank"),
        ({"dateline": "", "text": "No dateline."}, "No dateline."),
        ({"dateline": None, "text": "No dateline."}, "No dateline."),
    ],
)
def test_wire_text_puts_the_dateline_in_front(story, expected):
    assert wire.wire_text(story) == expected


def _judged(text: str, content: tuple[int, int], source: tuple[int, int], time=None) -> dict:
    def span(s, e):
        return [s, e, wire.span_hash(text[s:e])]

    return {
        "id": "x",
        "attributions": [{"content": span(*content), "source": span(*source), "speaker": None}],
        "times": [{"span": span(*time), "type": "DATE", "value": "1987"}] if time else [],
    }


TEXT = 'BONN, March 15 - "We will sell," he said on\nFriday.'


def test_check_spans_accepts_the_spans_it_hashed():
    assert wire.check_spans(TEXT, _judged(TEXT, (18, 30), (33, 35), (44, 50))) == []


@pytest.mark.parametrize(
    "other",
    [
        TEXT.replace("sell", "SELL"),  # the same length, another text: the hash differs
        TEXT[:31],  # shorter: the source falls outside
    ],
)
def test_check_spans_flags_another_text(other):
    problems = wire.check_spans(other, _judged(TEXT, (18, 30), (33, 35)))
    assert problems and all(p.startswith("x ") for p in problems)


@pytest.mark.parametrize(
    ("predicted", "judged", "expected"),
    [
        ("Baker", "James Baker", True),
        ("James A. Baker", "James Baker", True),
        ("Chrysler Corporation", "Chrysler Corp", True),
        (None, None, True),
        ("Ford Motor Co", "Chrysler Corp", False),  # "Co"/"Corp" name no one
        ("The Company", "The Treasury", False),
        ("analysts", "Chrysler Corp", False),
        ("James Baker", None, False),
        (None, "James Baker", False),
    ],
)
def test_same_speaker(predicted, judged, expected):
    assert wire.same_speaker(predicted, judged) is expected


# "Prices will rise," the minister said. Traders said they would sell.
T2 = '"Prices will rise," the minister said. Traders said they would sell.'
GOLD = [
    {"content": [1, 18, ""], "source": [20, 32, ""], "speaker": "Jan Smit"},
    {"content": [51, 67, ""], "source": [39, 46, ""], "speaker": None},
]


def _p(contents, source, speaker):
    return wire.Predicted(list(contents), list(source), speaker)


@pytest.mark.parametrize(
    ("preds", "content", "attribution", "speaker"),
    [
        # both right, the first speaker resolved
        ([_p([(0, 19)], [(24, 32)], "Smit"), _p([(51, 68)], [(39, 46)], None)], 1.0, 1.0, 1.0),
        # content right, source wrong on the second
        ([_p([(0, 19)], [(24, 32)], "Smit"), _p([(51, 68)], [(20, 32)], None)], 1.0, 0.5, 0.5),
        # a quarter of the first content only: Jaccard < 0.5
        ([_p([(1, 7)], [(20, 32)], "Smit")], 0.0, 0.0, 0.0),
        # right source, unresolved speaker where a name was judged
        ([_p([(1, 18)], [(20, 32)], None)], 0.5, 0.5, 0.0),
        # one prediction covering both contents matches neither well enough
        ([_p([(0, 67)], [(20, 32)], "Smit")], 0.0, 0.0, 0.0),
        ([], 0.0, 0.0, 0.0),
    ],
)
def test_score_attributions(preds, content, attribution, speaker):
    s = wire.score_attributions([(T2, GOLD, preds)])
    assert (s["content_recall"], s["attribution_recall"], s["speaker_recall"]) == (
        content,
        attribution,
        speaker,
    )


def test_one_prediction_matches_one_judged_attribution():
    text = "a b said x. a b said x."
    gold = [
        {"content": [9, 10, ""], "source": [0, 3, ""], "speaker": None},
        {"content": [21, 22, ""], "source": [12, 15, ""], "speaker": None},
    ]
    s = wire.score_attributions([(text, gold, [_p([(9, 10)], [(0, 3)], None)])])
    assert s["content_recall"] == 0.5


def test_from_record_keeps_each_quote_apart():
    cue = {"start": 30, "end": 34}
    record = {
        "quotes": [
            {
                "start": 0,
                "end": 10,
                "cue": cue,
                "source": {"start": 20, "end": 28},
                "speaker": {"name": "Baker"},
            },
            {
                "start": 40,
                "end": 50,
                "cue": cue,
                "source": {"start": 20, "end": 28},
                "speaker": None,
            },
            {"start": 60, "end": 70, "cue": None, "source": None, "speaker": None},
        ]
    }
    preds = wire.from_record(record)
    assert [(p.contents, p.source, p.speaker) for p in preds] == [
        ([(0, 10)], [(20, 28)], "Baker"),
        ([(40, 50)], [(20, 28)], None),
        ([(60, 70)], [], None),
    ]


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ([{"start": 10, "end": 16, "value": "1987-03-13"}], 1.0),
        ([{"start": 7, "end": 16, "value": "1987-03-13"}], 1.0),  # "on Friday": overlap suffices
        ([{"start": 10, "end": 16, "value": "1987-03-20"}], 0.0),  # the wrong Friday
        ([{"start": 20, "end": 26, "value": "1987-03-13"}], 0.0),  # elsewhere
        ([], 0.0),
    ],
)
def test_score_times(predicted, expected):
    judged = [{"span": [10, 16, ""], "type": "DATE", "value": "1987-03-13"}]
    assert wire.score_times([(judged, predicted)])["time_value_accuracy"] == expected


def test_a_predicted_time_serves_one_judged_expression():
    judged = [
        {"span": [0, 6, ""], "type": "DATE", "value": "1987-03-09"},
        {"span": [10, 27, ""], "type": "DATE", "value": "1987-03-10"},
    ]
    # "Monday or Tuesday next week" read as one expression: it can be right once at most
    predicted = [{"start": 0, "end": 27, "value": "1987-03-09"}]
    assert wire.score_times([(judged, predicted)])["time_value_accuracy"] == 0.5


def test_the_judged_set_keeps_no_text():
    doc = json.loads(wire.JUDGED.read_text("utf-8"))
    stories = doc["stories"]
    assert len(stories) >= 20
    assert sum(len(s["attributions"]) for s in stories) >= 100
    for s in stories:
        for a in s["attributions"]:
            assert set(a) == {"content", "source", "speaker"}
            for start, end, digest in (a["content"], a["source"]):
                assert isinstance(start, int) and start < end and len(digest) == 8
        for t in s["times"]:
            assert set(t) == {"span", "type", "value"}


@pytest.mark.skipif(not (DATA / wire.CORPUS).exists(), reason="Reuters-21578 not present")
def test_every_judged_offset_fits_the_rebuilt_text():
    pairs = wire.build(DATA)  # raises CorpusMismatch on any out-of-range or changed span
    assert len(pairs) == len(wire.load_judged())
