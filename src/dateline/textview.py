"""The parse view: what spaCy reads, a same-length copy of the article text.

The record's ``text`` stays exactly as read and every offset indexes it. What the
pipeline parses is a view of it, character for character the same length, so an
offset in the view is the same offset in the text:

* **Hard-wrapped text** (wire archives, e-mail newsletters, text dumps of PDFs:
  most lines end near one width) has the line breaks inside a paragraph turned
  into spaces, so "James Baker\\nsaid" is one clause and a quote over two lines is
  one quote. A paragraph break stays a break: a blank line, a line that starts
  with an indent (Reuters' paragraphs), a speaker label ("PENCE:", "Q:"), a list
  bullet, a table or column of figures, and the end of a line that stops well
  short of the width (a headline, a sign-off). A hyphen at a line end is left as
  it is. Text whose lines are paragraphs is not wrapped: there the view is the
  identity (PolNeAR, TimeBank, the Wikinews sample).
* **Line ends of every kind** read as one: a lone carriage return, a form feed, a
  vertical tab and the Unicode line and paragraph separators become a line break;
  other control characters a space.
* **Long runs of marks** with no letter, digit or space between them ("\"\"\"\"…",
  ")))))…", "=====…") keep a few marks at each end, spaces between: spaCy's
  tokenizer strips such a run one mark at a time, in time that grows with the square
  of its length (20,000 quotation marks took 44 s), each mark would be a token for
  the parser, and no sentence needs the run whole. Any other run of more than 200
  characters with no space ("1:2:3:…") gets a space every 200 characters, for the
  same reason (no word or URL of the development sets is over 90).

The function is one pass over the characters plus a pass over the lines.
"""

from __future__ import annotations

import re

#: Longest run of marks (no letter, digit or space) left whole; of a longer run the
#: view keeps ``MARK_KEEP`` marks at each end and spaces between them.
MARK_RUN = 16
MARK_KEEP = 4

#: Widths a hard-wrapped text may have. Below, short lines are lists or verse; above,
#: lines are paragraphs that happen to be of similar length.
MIN_WIDTH, MAX_WIDTH = 30, 160

#: Share of continued lines that must end where the next word would not have fitted
#: (within ``WRAP_SLACK`` characters of the width), and how many lines it takes at least.
WRAPPED_SHARE = 0.6
WRAP_SLACK = 3
MIN_WRAPPED_LINES = 2
#: In wrapped text most lines go on into the next one; where few do, the few that
#: do (a list of headlines among paragraphs) say nothing about the rest.
CONTINUED_SHARE = 0.3
#: Share of lines that may run past the width by more than ``LONG_LINE`` characters
#: (a URL, a table heading).
LONG_LINES_SHARE = 0.2
LONG_LINE = 10

#: A line that ends before this share of the width ends its paragraph on purpose.
SHORT_LINE = 0.5

#: Characters that end a line wherever they stand.
_LINE_ENDS = {"\r": "\n", "\f": "\n", "\v": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_MARKS = re.compile(rf"(?:[^\w\s]|_){{{MARK_RUN + 1},}}")
#: Longest run of characters with no space left whole; a longer one ("1:2:3:…", a
#: pasted blob) gets a space every this many characters. spaCy's tokenizer splits such
#: a run in time that grows with the square of its length; URLs stay well under it.
LONG_TOKEN = 200
_LONG = re.compile(rf"\S{{{LONG_TOKEN + 1},}}")

#: A line that starts a turn or an item: "PENCE:", "Q:", "MR. BAKER:", "- ", "* ", "1. ", "a) ".
_LABEL = re.compile(r"[A-Z][A-Z0-9 .'\-]{0,30}:(?:\s|$)")
_BULLET = re.compile(r"(?:[-*•·–—>]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")
#: Columns: a run of two or more spaces (or a tab) between two fields.
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S")
_DIGIT = re.compile(r"\d")


def parse_view(text: str) -> str:
    """The same-length view of ``text`` that the pipeline parses (see the module doc)."""
    if not text:
        return text
    view = _CONTROL.sub(_control, text) if _CONTROL.search(text) else text
    if "\r\n" in text:
        # A Windows line end is one break: the CR reads as a space before the LF.
        view = _crlf(text, view)
    view = _MARKS.sub(_spaced_marks, view)
    view = _LONG.sub(_spaced_run, view)
    if "\n" in view:
        view = _unwrap(view)
    assert len(view) == len(text)  # noqa: S101 - the one promise this module makes
    return view


def _control(m: re.Match) -> str:
    return _LINE_ENDS.get(m.group(), " ")


def _crlf(text: str, view: str) -> str:
    chars = list(view)
    for m in re.finditer("\r\n", text):
        chars[m.start()] = " "
    return "".join(chars)


def _spaced_marks(m: re.Match) -> str:
    run = m.group()
    return run[:MARK_KEEP] + " " * (len(run) - 2 * MARK_KEEP) + run[-MARK_KEEP:]


def _spaced_run(m: re.Match) -> str:
    run = m.group()
    return "".join(" " if i % LONG_TOKEN == LONG_TOKEN - 1 else c for i, c in enumerate(run))


def _unwrap(view: str) -> str:
    lines = view.split("\n")
    indent_breaks = _indent_marks_paragraphs(lines)
    width = wrap_width(lines, indent_breaks)
    if width is None:
        return view
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i + 1 == len(lines):
            break
        nxt = lines[i + 1]
        joins = (
            _same_paragraph(line, nxt, indent_breaks) and len(line.rstrip()) >= SHORT_LINE * width
        )
        out.append(" " if joins else "\n")
    return "".join(out)


def wrap_width(lines: list[str], indent_breaks: bool = True) -> int | None:
    """The width a text is hard-wrapped at, or ``None`` if its lines are paragraphs.

    A line broken by a wrapping program ends where the next word would not have
    fitted: its length, a space and the next line's first word pass the width.
    That holds for nearly every line that goes on into the next one in wrapped
    text, and for few of them where each line is a paragraph.
    """
    pairs = [
        (len(line.rstrip()), len(nxt.split(None, 1)[0]))
        for line, nxt in zip(lines, lines[1:], strict=False)
        if _same_paragraph(line, nxt, indent_breaks)
    ]
    filled = [len(line.rstrip()) for line in lines if line.strip()]
    if len(pairs) < max(MIN_WRAPPED_LINES, CONTINUED_SHARE * len(filled)):
        return None
    width = sorted(n for n, _ in pairs)[round(0.9 * (len(pairs) - 1))]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    full = sum(1 for n, word in pairs if n + 1 + word > width - WRAP_SLACK)
    if full < WRAPPED_SHARE * len(pairs):
        return None
    # Paragraphs on lines of their own run far past any width: such text is not wrapped.
    if sum(1 for n in filled if n > width + LONG_LINE) > LONG_LINES_SHARE * len(filled):
        return None
    return width


def _indent_marks_paragraphs(lines: list[str]) -> bool:
    """An indent starts a paragraph unless (nearly) every line is indented."""
    filled = [line for line in lines if line.strip()]
    indented = sum(1 for line in filled if line[:1] in (" ", "\t"))
    return indented <= 0.5 * len(filled)


def _same_paragraph(line: str, nxt: str, indent_breaks: bool) -> bool:
    """Whether ``nxt`` may go on with ``line``'s paragraph, whatever the widths say."""
    if not line.strip() or not nxt.strip():
        return False  # a blank line: a paragraph break
    if indent_breaks and nxt[:1] in (" ", "\t"):
        return False
    head = nxt.lstrip()
    if _LABEL.match(head) or _BULLET.match(head):
        return False
    return not (_is_table(line) or _is_table(nxt))


def _is_table(line: str) -> bool:
    """A row of a table or a column of figures: fields apart, or mostly digits."""
    body = line.strip()
    if not body:
        return False
    if _COLUMNS.search(body):
        return True
    letters = sum(1 for c in body if c.isalpha())
    return len(_DIGIT.findall(body)) > letters
