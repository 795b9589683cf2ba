"""Speaker labels and headline cues: lines that name their speaker first.

Transcripts ("PENCE: Well, look, …") and quote headlines ("Lavrov: Russia will
not recognise Kosovo") name the speaker before a colon. The cue is the colon.
A label is one to four proper nouns (or an all-capitals name) at the very start
of a paragraph, after at most an opening quotation mark; words that open
non-speech lines ("UPDATE:", "Read more:") are listed in ``label_stopwords``.

Headlines in title case ("Obama Says Museum Will Tell of 'Suffering and Delight'",
"Chris Christie Calls Hillary Clinton 'A Disgrace'") defeat the small model's parser,
which reads every capitalised word as a name. A short title-case line that opens with
one to five capitalised words and a listed speech verb is read without the parse: the
words are the source, the verb the cue, the rest of the line the content.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from dateline import lexicons
from dateline.nlp import cues
from dateline.nlp.candidate import Candidate
from dateline.nlp.doctext import doc_text
from dateline.nlp.rules import register

register(
    "speaker_label",
    "layout",
    "a line that opens with a speaker's name and a colon: the rest of the line is theirs",
    "PENCE: Well, we will see what happens.",
)
register(
    "headline",
    "layout",
    "a title-case headline with a speech verb, read without the parse",
    "Trump Could Address Clean Energy, Lindsey Graham Says",
)

#: Longest speaker label, in tokens ("Sen. Claire McCaskill").
MAX_LABEL = 4
#: Fewest words after the colon for the line to be a statement.
MIN_WORDS = 3
_TRIM = " \t\u00a0\"'“”‘’«»"


def label_lines(doc: Doc) -> list[Candidate]:
    """A candidate quote for every paragraph that opens with ``NAME:``.

    In a transcript ("WALLACE: …", "PENCE: …") a speaker's turn may run over several
    paragraphs: the paragraphs between two capitalised labels belong to the first.
    """
    stop = lexicons.load("label_stopwords")
    text = doc_text(doc)
    names = {w for e in doc._.entities or [] for w in e.name.split()}
    lines = list(_lines(doc))
    labelled = [_label(doc, start, end, stop, names) for start, end in lines]
    out: list[Candidate] = []
    for n, found in enumerate(labelled):
        if found is None:
            continue
        label, colon = found
        end = lines[n][1]
        if end - colon - 1 < MIN_WORDS:
            continue
        # Unlabelled paragraphs up to the next label go on with this speaker's turn.
        k = n + 1
        while k < len(lines) and labelled[k] is None:
            k += 1
        if k < len(lines) and k > n + 1 and _transcript(label) and _transcript(labelled[k][0]):
            end = lines[k - 1][1]
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
    for cand in out:
        cand.rule = "speaker_label"
    return out


def _transcript(label: Span) -> bool:
    """A transcript's label: the speaker's name in capitals ("PENCE", "MR. TRUMP")."""
    return all(t.is_upper or t.is_punct for t in label)


def _label(
    doc: Doc, start: int, end: int, stop: frozenset[str], names: set[str]
) -> tuple[Span, int] | None:
    """(label span, colon index) of a paragraph that opens with ``NAME:``, or None."""
    i = start
    while i < end and (doc[i].is_quote or doc[i].is_space):
        i += 1
    if i + 2 < end and doc[i].lower_ in stop and doc[i + 1].text in _DASHES:
        i += 2  # "EXCLUSIVE – Roger Stone: …": an editor's tag before the label
    colon = next(
        (k for k in range(i, min(end, i + 2 * MAX_LABEL + 2)) if doc[k].text == ":"),
        None,
    )
    if colon is None or colon == i:
        return None
    label = _addressed(doc, i, colon) or doc[i:colon]
    if len(label) > 1 and cues.inverted_cue(label[0]):
        label = label[1:]  # "Said Ellis: “…”": the cue set before its speaker
    if len(label) > MAX_LABEL:
        return None
    # "Poll: Trump leads …": a study or report may head a line as a name does.
    reporter = len(label) == 1 and label[0].lower_ in lexicons.load("reporters")
    # "Clinton camp: …", "Trump aide: …": a name and the group or role that speaks for it.
    named = label[:-1] if len(label) > 1 and _group(label[-1]) else label
    if not reporter and (
        not all(_name_word(t) or _known_name(t, names) for t in named)
        or any(t.lower_ in stop for t in label)
        or label.text.lower() in stop  # "Ed.:" an editor's note, tokenised "Ed" "."
    ):
        return None
    return label, colon


#: Dashes that set an editor's tag off a headline ("EXCLUSIVE – …").
_DASHES = frozenset({"-", "–", "—", "―", "--"})


def _group(tok) -> bool:
    """A noun for those who speak for a person or an organisation: "camp", "aides"."""
    return tok.pos_ == "NOUN" and (
        tok.lemma_.lower() in lexicons.load("label_groups")
        or tok.lemma_.lower() in lexicons.load("speaker_roles")
    )


#: Longest headline, in tokens.
MAX_HEADLINE = 30
#: Longest source before a headline's verb ("Retired Gen. Michael Flynn").
MAX_HEADLINE_SOURCE = 5


def headline_cues(doc: Doc) -> list[Candidate]:
    """A candidate quote for every short title-case line of the form NAME VERB CONTENT."""
    out: list[Candidate] = []
    text = doc_text(doc)
    for start, end in _lines(doc):
        line = doc[start:end]
        if not 3 <= len(line) <= MAX_HEADLINE or not _title_case(line):
            continue
        trailing = _trailing_source(doc, start, end)
        if trailing is not None:
            out.append(trailing)
            continue
        for k in range(start + 1, min(end, start + MAX_HEADLINE_SOURCE + 1)):
            if not all(_name_word(t) or t.is_title for t in doc[start:k]):
                break
            if not _headline_verb(doc[k]):
                continue
            content = _trimmed(text, doc[k + 1].idx if k + 1 < end else doc[k].idx, line.end_char)
            if content is None or len(text[content[0] : content[1]].split()) < 2:
                break
            source = doc[start:k]
            out.append(
                Candidate(
                    *content,
                    "indirect",
                    (doc[k].idx, doc[k].idx + len(doc[k])),
                    (source.start_char, source.end_char),
                    source[-1],
                )
            )
            break
    for cand in out:
        cand.rule = "headline"
    return out


def _trailing_source(doc: Doc, start: int, end: int) -> Candidate | None:
    """ "Trump Could Address Clean Energy, Lindsey Graham Says.": the content before the
    last comma, the capitalised words after it the source, the closing verb the cue."""
    last = end - 1
    while last > start and doc[last].is_punct:
        last -= 1
    if last <= start or not _headline_verb(doc[last]):
        return None
    comma = next((k for k in range(last - 1, start, -1) if doc[k].text == ","), None)
    if comma is None or not 1 <= last - comma - 1 <= MAX_HEADLINE_SOURCE:
        return None
    source = doc[comma + 1 : last]
    if not all(_name_word(t) or t.is_title for t in source):
        return None
    content = _trimmed(doc_text(doc), doc[start].idx, doc[comma].idx)
    if content is None or len(doc_text(doc)[content[0] : content[1]].split()) < 2:
        return None
    verb = doc[last]
    return Candidate(
        *content,
        "indirect",
        (verb.idx, verb.idx + len(verb)),
        (source.start_char, source.end_char),
        source[-1],
    )


def _title_case(line) -> bool:
    """Most words of four letters or more are capitalised, as in a headline."""
    words = [t for t in line if t.is_alpha and len(t) >= 4]
    return len(words) >= 2 and sum(t.is_title or t.is_upper for t in words) >= 0.8 * len(words)


def _headline_verb(tok) -> bool:
    """A title-case speech verb in the present ("Says", "Calls", "Denies") or past ("Urged")."""
    if not tok.is_title:
        return False
    word = tok.lower_
    # "says" -> "say", "blasted" -> "blast", "denies" -> "deny", "urged" -> "urge"
    forms = {word, word[:-1], word[:-2], word[:-3] + "y"}
    listed = cues.speech_verbs() | cues.object_verbs() | cues.xcomp_verbs() | cues.attitude_verbs()
    not_verbs = lexicons.load("headline_not_verbs")
    return word.endswith(("s", "ed")) and bool(forms & listed) and word not in not_verbs


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and (text[start] in _TRIM or text[start] in ",:"):
        start += 1
    while end > start and (text[end - 1] in _TRIM or text[end - 1] in ".,:;"):
        end -= 1
    return (start, end) if start < end else None


def _lines(doc: Doc) -> Iterator[tuple[int, int]]:
    """Token ranges [start, end) of the paragraphs of ``doc``, the line breaks left out."""
    start = 0
    for tok in doc:
        if "\n" in tok.text:
            if tok.i > start:
                yield start, tok.i
            start = tok.i + 1
    if start < len(doc):
        yield start, len(doc)


def _name_word(tok) -> bool:
    if tok.is_punct:
        return tok.text in {".", "-"}
    return tok.pos_ == "PROPN" or (tok.is_alpha and tok.is_upper and len(tok) > 1)


#: Prepositions of a headline label that names whom or what the speaker addressed:
#: "Clinton to Planned Parenthood: …", "CNN President On Trump: …", "Mukasey at RNC: …".
_ADDRESS_PREPS = frozenset({"to", "on", "at"})


def _addressed(doc: Doc, start: int, colon: int):
    """The speaker part of a label "NAME to/on/at WHOM:", or None."""
    for k in range(start + 1, colon - 1):
        if doc[k].lower_ in _ADDRESS_PREPS:
            rest = doc[k + 1 : colon]
            if all(t.is_title or t.is_upper or t.is_punct for t in rest):
                return doc[start:k]
            return None
    return None


def _known_name(tok, names: set[str]) -> bool:
    """A capitalised word the tagger read as a noun ("Sanders: …" opening a headline) that
    is part of a name found elsewhere in the article ("Bernie Sanders")."""
    return tok.is_title and tok.text in names
