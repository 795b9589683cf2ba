"""Hard-wrapped wire copy through the whole pipeline: quotes, speakers and names whole."""

from __future__ import annotations

import time

import pytest

from dateline import Article, extract, validate


def records(nlp, text: str, **kw) -> dict:
    [record] = list(extract([Article(text=text, published="1987-03-03")], nlp, **kw))
    validate(record)
    return record


def quote_by(record: dict, speaker: str) -> list[dict]:
    return [q for q in record["quotes"] if q["speaker"] and speaker in q["speaker"]["name"]]


STORY = (
    "WASHINGTON, March 2 - Treasury Secretary James Baker\n"
    "said the United States and its allies remained committed to\n"
    "stable exchange rates and that a further fall of the dollar\n"
    "would harm growth in the industrial world.\n"
    '    "We have made it very clear to our partners that we are not\n'
    "seeking a lower dollar and that we will work with them to\n"
    'keep it where it is," Baker told reporters.\n'
    "    Fed Chairman Paul Volcker told the Senate Banking Committee\n"
    'on Tuesday: "The dollar has fallen far enough. Any further\n'
    'decline would risk a revival of inflation."\n'
    "    The Securities and Exchange Commission said it was studying\n"
    "the matter.\n"
)


@pytest.fixture(scope="module")
def story(nlp) -> dict:
    return records(nlp, STORY)


def test_a_speaker_before_a_line_break_keeps_the_quote(story):
    [said] = [q for q in quote_by(story, "Baker") if q["kind"] == "indirect"]
    assert said["source"]["text"] == "Treasury Secretary James Baker"
    assert said["text"].startswith("the United States and its allies")
    assert said["text"].rstrip(".").endswith("industrial world")


def test_a_direct_quote_over_three_lines_is_one_quote_with_its_speaker(story):
    direct = [q for q in quote_by(story, "Baker") if q["kind"] == "direct"]
    assert len(direct) == 1
    assert direct[0]["text"].startswith("We have made it very clear")
    assert direct[0]["text"].endswith("keep it where it is,")
    assert direct[0]["cue"]["text"] == "told"


def test_a_cue_on_the_line_before_the_quote(story):
    [quote] = quote_by(story, "Volcker")
    assert quote["kind"] == "direct"
    assert quote["text"].startswith("The dollar has fallen far enough.")
    assert quote["text"].endswith("revival of inflation.")


def test_span_texts_keep_the_line_breaks_as_read(story):
    direct = [q for q in quote_by(story, "Baker") if q["kind"] == "direct"][0]
    assert "\n" in direct["text"]
    assert story["text"] == STORY


def test_names_hold_no_line_break(story):
    names = {e["name"] for e in story["entities"]}
    assert "Securities and Exchange Commission" in names
    assert not [n for n in names if "\n" in n]


def test_a_quote_over_two_paragraphs_with_the_cue_in_the_second(nlp):
    text = (
        'NEW YORK, March 12 - "We expect the merger to close by the end\n'
        "of the second quarter, subject to the approval of shareholders\n"
        "and the regulators in both countries.\n"
        '    "After that, the combined company will be the largest maker\n'
        'of its kind in the world," chairman John Smith said in a statement.\n'
    )
    record = records(nlp, text)
    quotes = [q for q in record["quotes"] if q["kind"] == "direct"]
    assert len(quotes) == 1
    assert quotes[0]["text"].startswith("We expect the merger")
    assert quotes[0]["text"].endswith("in the world,")
    assert quotes[0]["speaker"] and quotes[0]["speaker"]["name"] == "John Smith"


@pytest.mark.parametrize("mark", ['"', ")"])
def test_runs_of_marks_take_linear_time(nlp, mark):
    """20,000 quotation marks took 44 s (10,000: 17.8 s): spaCy's tokenizer is quadratic
    on an unspaced run; the view spaces the run out."""

    def seconds(n: int) -> float:
        text = "The minister said it. " + mark * n + " The end."
        best = []
        for _ in range(2):
            # CPU time of the process (the parser's threads too), not wall time.
            start = time.process_time()
            records(nlp, text)
            best.append(time.process_time() - start)
        return min(best)

    small, large = seconds(10_000), seconds(20_000)
    assert large <= 2.5 * small + 0.05
    assert large < 10


@pytest.mark.parametrize(
    "text",
    [
        "The minister said the talks would go on. " * 1_200,  # one 50,000-character line
        "\n" * 5_000,  # only line breaks
        STORY.replace("\n", "\r\n"),  # CRLF
        STORY.replace("\n", "\r"),  # lone CR
        STORY.replace("\n    ", "\f    "),  # form feeds between paragraphs
    ],
    ids=["one-long-line", "only-breaks", "crlf", "cr", "form-feed"],
)
def test_odd_layouts_read_without_a_traceback(nlp, text):
    record = records(nlp, text)
    assert record["text"] == text


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_windows_and_old_mac_line_ends_read_as_unix_ones(nlp, line_end):
    record = records(nlp, STORY.replace("\n", line_end))
    direct = [q for q in quote_by(record, "Baker") if q["kind"] == "direct"]
    assert len(direct) == 1
    assert direct[0]["text"].startswith("We have made it very clear")
