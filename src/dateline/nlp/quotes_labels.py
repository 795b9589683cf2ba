"""Speaker labels: a line that opens with a name and a colon.

Transcripts ("PENCE: Well, look, …") and quote headlines ("Lavrov: Russia will
not recognise Kosovo") name the speaker before a colon. The cue is the colon.
A label is one to four proper nouns (or an all-capitals name) at the very start
of a paragraph, after at most an opening quotation mark; words that open
non-speech lines ("UPDATE:", "Read more:") are listed in ``label_stopwords``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline import lexicons
from dateline.nlp.indirect import Candidate

#: Longest speaker label, in tokens ("Sen. Claire McCaskill").
MAX_LABEL = 4
#: Common nouns that may label a headline as its source ("Poll: …", "Report: …"), which
#: PolNeAR counts as attributions though they are in ``label_stopwords`` for names.
REPORTERS = frozenset({"poll", "survey", "study", "report", "sources", "officials", "analysis"})
#: Fewest words after the colon for the line to be a statement.
MIN_WORDS = 3
_TRIM = " \t\u00a0\"'“”«»"


def label_lines(doc: Doc) -> list[Candidate]:
    """A candidate quote for every paragraph that opens with ``NAME:``."""
    stop = lexicons.load("label_stopwords")
    text = doc.text  # rebuilt on every access: read it once
    out: list[Candidate] = []
    starts = [0] + [t.i + 1 for t in doc if "\n" in t.text and t.i + 1 < len(doc)]
    for start in starts:
        i = start
        while i < len(doc) and (doc[i].is_quote or doc[i].is_space):
            i += 1
        colon = next(
            (k for k in range(i, min(len(doc), i + MAX_LABEL + 1)) if doc[k].text == ":"), None
        )
        if colon is None or colon == i:
            continue
        label = doc[i:colon]
        # "Poll: Trump leads …": a study or report may head a line as a name does.
        reporter = len(label) == 1 and label[0].lower_ in REPORTERS
        if not reporter and (
            not all(_name_word(t) for t in label) or any(t.lower_ in stop for t in label)
        ):
            continue
        end = colon + 1
        while end < len(doc) and "\n" not in doc[end].text:
            end += 1
        if end - colon - 1 < MIN_WORDS:
            continue
        c_start, c_end = doc[colon].idx + 1, doc[end - 1].idx + len(doc[end - 1])
        while c_start < c_end and text[c_start] in _TRIM:
            c_start += 1
        while c_end > c_start and text[c_end - 1] in _TRIM:
            c_end -= 1
        colon_tok = doc[colon]
        out.append(
            Candidate(
                c_start,
                c_end,
                "indirect",
                (colon_tok.idx, colon_tok.idx + 1),
                (label.start_char, label.end_char),
                label.root,
            )
        )
    return out


def _name_word(tok) -> bool:
    if tok.is_punct:
        return tok.text in {".", "-"}
    return tok.pos_ == "PROPN" or (tok.is_alpha and tok.is_upper and len(tok) > 1)
