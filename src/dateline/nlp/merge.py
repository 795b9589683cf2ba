"""How the candidates of the quote rules are merged: which rule wins over which.

In order of precedence, for candidates over the same words:

1. A **speaker label** ("PENCE: Well, …") names its speaker outright: it wins over
   every other reading of its line (a quoted line with a label is direct).
2. **Guards** (``nlp/guards.py``) drop what no rule may report (the circumstance
   of a statement, …) before anything is built on it.
3. **Marks** rules (``direct.attach``) take the reported clauses that hold quoted
   spans: a clause whose content is one quoted span becomes a direct quote
   (``quote_in_clause``), one with quoted fragments a mixed quote (``mixed``); a
   reported clause inside a direct quote, or mostly one already found, is dropped.
4. **Parse** rules' reported clauses stand where no quote covers them; among parse
   rules the first in ``rules.ORDER`` to claim a cue word wins (``indirect``).
5. A title-case **headline** is read without the parse, only where nothing else was
   found on its line.
6. In text order, a reported clause that starts inside a quote already kept is
   dropped, and of two candidates over the same span the first is kept.
7. **Interview answers** are added after speakers are resolved, unless one quote
   already found covers half the answer or more (``quotes._answers``).
"""

from __future__ import annotations

from spacy.tokens import Doc

from dateline.nlp import direct, guards, indirect, quotemarks, quotes_labels
from dateline.nlp.candidate import Candidate


def candidates(doc: Doc, disabled: frozenset[str] = frozenset()) -> list[Candidate]:
    """Every quote of ``doc`` before speaker resolution, in text order, without duplicates.

    ``disabled`` rules are switched off (for ablation): a parse rule claims no token,
    and what a marks or layout rule makes is left out before the merge.
    """
    quoted = quotemarks.quoted_in(doc)
    clauses = guards.keep(doc, indirect.speech_clauses(doc, disabled))
    found, rest = direct.attach(doc, quoted, clauses)
    found = guards.keep(doc, [c for c in found if c.rule not in disabled])
    labels = [c for c in quotes_labels.label_lines(doc) if c.rule not in disabled]
    for label in labels:
        if any((q.start, q.end) == (label.start, label.end) for q in quoted):
            label.kind = "direct"
    kept = [c for c in found + rest if not any(overlap(c, label) for label in labels)]
    kept += [
        h
        for h in quotes_labels.headline_cues(doc)
        if h.rule not in disabled and not any(overlap(h, c) for c in kept + labels)
    ]
    out: list[Candidate] = []
    for cand in sorted(kept + labels, key=lambda c: (c.start, -c.end)):
        if out and cand.start < out[-1].end and cand.kind == "indirect":
            continue  # a clause inside a quote already kept
        if out and (cand.start, cand.end) == (out[-1].start, out[-1].end):
            continue
        out.append(cand)
    return out


def overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end
