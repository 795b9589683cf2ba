"""The quote rules: each named, described, with an example, in one stated order.

Every quote in a record carries the name of the rule that made it
(``quote.rule``), so a wrong quote can be traced to its rule in one look, and
``bench/quotes.py --per-rule`` counts what each rule gets right and wrong.

Rules come in three passes, in this order:

* **parse** rules read one token of the dependency parse each. For every token
  the rules are tried in ``ORDER``; the first that *claims* the token (returns a
  list, even an empty one) ends its readings, so an earlier rule wins over a
  later one on the same cue word.
* **marks** rules tie a quoted span to a cue, to a reported clause, or to the
  quote it continues (``direct.attach``).
* **layout** rules read lines and turns: speaker labels, headlines, interview
  answers.

How the passes' candidates are merged is stated in ``dateline.nlp.merge``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from dateline.nlp.candidate import Candidate

#: A parse rule: the candidates it reads at a token, or ``None`` when the token is not
#: its to read (the next rule tries it).
TokenRule = Callable[["Token"], "list[Candidate] | None"]

#: Every quote rule, in the order it is tried (parse rules first, one token at a time).
ORDER: tuple[str, ...] = (
    # parse
    "according_to",
    "in_evidence",
    "stance_adjective",
    "statement_noun",
    "raised",
    "as_clause",
    "belief",
    "quoted_as",
    "parenthetical",
    "reported_clause",
    "passive",
    "charge",
    "naming",
    "object",
    "phrasal_object",
    "prepositional",
    # marks
    "quote_in_clause",
    "mixed",
    "dash_byline",
    "quote_with_cue",
    "colon_intro",
    "continuation",
    # layout
    "speaker_label",
    "headline",
    "interview_answer",
)

PASSES = ("parse", "marks", "layout")


@dataclass(frozen=True, slots=True)
class QuoteRule:
    """A named quote rule."""

    name: str
    kind: str  # the pass: "parse", "marks" or "layout"
    description: str
    example: str
    find: TokenRule | None = None  # parse rules only

    @property
    def order(self) -> int:
        return ORDER.index(self.name)


_RULES: dict[str, QuoteRule] = {}


def register(name: str, kind: str, description: str, example: str, find: TokenRule | None = None):
    """Register a rule by name; its place in the order is its place in ``ORDER``."""
    if name not in ORDER:
        raise ValueError(f"quote rule {name!r} is not in rules.ORDER")
    if kind not in PASSES:
        raise ValueError(f"quote rule {name!r}: unknown pass {kind!r}")
    _RULES[name] = QuoteRule(name, kind, description, example, find)


def parse_rule(name: str, description: str, example: str) -> Callable[[TokenRule], TokenRule]:
    """Register the decorated function as the parse rule ``name``."""

    def wrap(fn: TokenRule) -> TokenRule:
        register(name, "parse", description, example, fn)
        return fn

    return wrap


def rules() -> list[QuoteRule]:
    """Every registered rule, in order. (Importing any ``dateline.nlp`` module runs the
    package's ``__init__``, which imports the modules that register them.)"""
    return sorted(_RULES.values(), key=lambda r: r.order)


def parse_rules(disabled: frozenset[str] = frozenset()) -> list[QuoteRule]:
    """The parse rules in order, less ``disabled`` (for ablation)."""
    return [r for r in rules() if r.kind == "parse" and r.name not in disabled]


def get(name: str) -> QuoteRule:
    rules()
    return _RULES[name]


DOC_START, DOC_END = "<!-- rules:start -->", "<!-- rules:end -->"


def markdown() -> str:
    """The rule table of docs/quotes.md, made from the registry."""
    lines = [
        DOC_START,
        "| # | rule | pass | what it reads | example |",
        "|---:|---|---|---|---|",
    ]
    for n, rule in enumerate(rules(), start=1):
        example = rule.example.replace("|", "\\|")
        lines.append(f"| {n} | `{rule.name}` | {rule.kind} | {rule.description} | {example} |")
    lines.append(DOC_END)
    return "\n".join(lines)


def write_doc(path: str) -> bool:
    """Replace the rule table in ``path``; whether anything changed."""
    from pathlib import Path

    doc = Path(path)
    text = doc.read_text("utf-8")
    start, end = text.index(DOC_START), text.index(DOC_END) + len(DOC_END)
    new = text[:start] + markdown() + text[end:]
    doc.write_text(new, "utf-8")
    return new != text
